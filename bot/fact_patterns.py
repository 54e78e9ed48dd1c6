"""How facts are written, in English and Chinese: order ids, tracking numbers, money, dates
(absolute, ordinal-first and relative), carriers and order states.

One module, so that what the understanding stage reads in a customer's message and what the
verifier checks in a generated reply are the same patterns. Like `turn.py`, it imports nothing else
from `bot`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- order ids and tracking numbers -------------------------------------------------------------

ORDER_ID = re.compile(r"(?<![A-Za-z0-9])(?:ORD-\d{5}|#W\d{7})(?!\d)", re.IGNORECASE)
"""An order id as replies write it: ORD-10042, or #W1234567 in a tau-bench shop."""
ORDER_ID_WRITTEN = (
    # Not \b: Chinese characters count as word characters, so "帮我把ORD-10121取消" has no boundary.
    re.compile(r"(?<![A-Za-z0-9])ORD-?\s?(\d{5})(?!\d)", re.IGNORECASE),
    re.compile(
        r"(?:order|订单|單號|单号)\s*(?:number|no\.?|id|#|号|編號|编号)?\s*[:#]?\s*(\d{5})\b",
        re.IGNORECASE,
    ),
)
"""The ways customers write our order ids ("ord 10042", "order number 10042"); group 1: digits."""
TAU_ORDER_ID = re.compile(r"#?(?<![A-Za-z0-9])(W\d{7})(?!\d)", re.IGNORECASE)
ORDER_ID_MASKED = re.compile(r"(?:\bORD-?\s?\d{5}\b|#?\bW\d{7}\b)", re.IGNORECASE)
"""The order ids the intent model sees as one token (`bot.understanding.masking`). Word-bounded,
unlike `ORDER_ID_WRITTEN`: an id written against Chinese characters ("帮我把ORD-10121取消") stays
as written there, as the shipped intent model was trained (masking those too moved the Chinese
held-out accuracy from 0.906 to 0.897)."""
TRACKING_NUMBER = re.compile(r"\b1Z[0-9A-Z]{16}\b|(?<![\d-])\d{12,22}(?![\d-])")

# --- money ---------------------------------------------------------------------------------------

MONEY = re.compile(
    r"\$\s?(\d{1,7}(?:,\d{3})*(?:\.\d{1,2})?)"
    r"|(?<![\d.])(\d{1,7}(?:\.\d{1,2})?)\s?(?:dollars?|bucks|usd|美元|元|块)",
    re.IGNORECASE,
)


def amounts_cents(text: str) -> list[int]:
    """Every amount of money, in cents: "$1,299.00", "$5", "20 dollars", "15元"."""
    return [
        round(float((m.group(1) or m.group(2)).replace(",", "")) * 100)
        for m in MONEY.finditer(text)
    ]


# --- dates ---------------------------------------------------------------------------------------

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = rf"(?:{'|'.join(MONTHS)})[a-z]*\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
US_DATE = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
MONTH_FIRST_DATE = re.compile(
    rf"\b({_MONTH})\s+(\d{{1,2}}){_ORDINAL}\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE
)
DAY_FIRST_DATE = re.compile(
    rf"\b(?:the\s+)?(\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?({_MONTH})(?![a-z])(?:,?\s+(\d{{4}}))?",
    re.IGNORECASE,
)
ZH_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
ABSOLUTE_DATES = (ISO_DATE, US_DATE, MONTH_FIRST_DATE, DAY_FIRST_DATE, ZH_DATE)

_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of)"
_UNIT = r"(?:business |working )?(?:days?|weeks?|months?|hours?)"
RELATIVE_DATE = re.compile(
    r"\b(?:today|tonight|tomorrow|yesterday|this (?:morning|afternoon|evening|week|weekend)|"
    rf"next (?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    rf"last (?:week|month)|(?:with)?in {_COUNT}(?:[-–]\d+)? {_UNIT}|{_COUNT} {_UNIT} (?:ago|from now)|"
    r"(?:on |by |this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
    r"|今天|今晚|明天|后天|大后天|昨天|前天|本周|这周|下周|下个?星期|下个?礼拜|下个月|上周|"
    r"\d+\s*(?:个)?(?:工作日|天|周|星期|小时)(?:后|内|之内|以内)",
    re.IGNORECASE,
)
"""Dates relative to today: "tomorrow", "in 3 days", "next week", "明天", "下周", "3天后"."""
RELATIVE_DAYS = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "今天": 0,
    "今晚": 0,
    "昨天": -1,
    "明天": 1,
    "前天": -2,
    "后天": 2,
}


@dataclass(frozen=True)
class DateMention:
    year: int | None
    """None when the text leaves the year out ("Nov 20", "11月20日")."""
    month: int
    day: int
    span: tuple[int, int]


def date_mentions(text: str) -> list[DateMention]:
    """Every absolute date, in any form: 2026-11-20, 11/20/2026, Nov 20th, 2026, the 20th of
    November, 20 Nov, 2026年11月20日. Invalid days (Feb 31) are skipped."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(year: str | None, month: int, day: str, span: tuple[int, int]) -> None:
        if any(a < span[1] and span[0] < b for a, b in taken):
            return  # part of a date already read (the "20 November" inside "November 20")
        y = int(year) + (2000 if year and len(year) == 2 else 0) if year else None
        if 1 <= month <= 12 and 1 <= int(day) <= 31:
            found.append(DateMention(y, month, int(day), span))
            taken.append(span)

    for m in ISO_DATE.finditer(text):
        add(m.group(1), int(m.group(2)), m.group(3), m.span())
    for m in ZH_DATE.finditer(text):
        add(m.group(1), int(m.group(2)), m.group(3), m.span())
    for m in MONTH_FIRST_DATE.finditer(text):
        add(m.group(3), _month(m.group(1)), m.group(2), m.span())
    for m in DAY_FIRST_DATE.finditer(text):
        add(m.group(3), _month(m.group(2)), m.group(1), m.span())
    for m in US_DATE.finditer(text):
        add(m.group(3), int(m.group(1)), m.group(2), m.span())
    return sorted(found, key=lambda d: d.span)


def _month(name: str) -> int:
    return MONTHS.index(name.lower()[:3]) + 1


def without_dates(text: str) -> str:
    """The text with every absolute and relative date blanked out (for reading other numbers)."""
    for pattern in (*ABSOLUTE_DATES, RELATIVE_DATE):
        text = pattern.sub(" ", text)
    return text


# --- carriers and order states -------------------------------------------------------------------

CARRIER = re.compile(
    r"\b(UPS|USPS|FedEx|Fed Ex|DHL|OnTrac|LaserShip|Amazon Logistics|Royal Mail|Canada Post)\b|"
    r"(顺丰|圆通|中通|申通|韵达|京东物流|中国邮政|联邦快递)",
    re.IGNORECASE,
)


def carriers(text: str) -> set[str]:
    return {(m.group(1) or m.group(2)).lower().replace(" ", "") for m in CARRIER.finditer(text)}


ORDER_STATES: dict[str, str] = {
    "pending": r"\bpending\b|waiting to be processed|待处理",
    "processed": r"\bprocessed\b|being prepared|备货中",
    "shipped": r"\bshipped\b|in transit|on (?:its|the) way|out for delivery|已发货|已[^，。,;；]{0,20}发出",
    "delivered": r"\bdelivered\b|已签收|已送达|已于[^，。,;；]{0,30}送达",
    "cancelled": r"\bcancell?ed\b|\bcanceled\b|已取消",
    "returned": r"\breturned\b|已退货",
    "refunded": r"\brefunded\b|refund (?:is|has been) (?:complete|issued|made)|已退款|退款已完成",
}
"""An order's states and the words that state them (regular expressions)."""
_NEGATION = re.compile(
    r"(?:\bnot|n't|\bnever|\bno longer|\byet to be|未|没有|没|尚未|还未|还没)\W*(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)


_FUTURE = re.compile(
    r"\b(?:will|would|to|can|could|cannot|can't|may|might|should|must|once|when|after|if|until|"
    r"unless|before)\b\W*(?:\w+\W+){0,2}$|将|会|可以$|一旦|如果|之后",
    re.IGNORECASE,
)


def state_mentions(text: str) -> list[tuple[str, bool, tuple[int, int]]]:
    """(state, asserted, span) for every state the text names as true or as not true; states
    named as possible, future or conditional ("will be cancelled", "once it is delivered",
    "waiting to be processed") are left out."""
    lowered = text.lower()
    found = []
    for state, pattern in ORDER_STATES.items():
        for m in re.finditer(pattern, lowered):
            before = lowered[max(0, m.start() - 30) : m.start()]
            if not _FUTURE.search(before):
                found.append((state, not _NEGATION.search(before), m.span()))
    return sorted(found, key=lambda mention: mention[2])


def order_states(text: str) -> tuple[set[str], set[str]]:
    """(states the text asserts, states it denies): "is delivered" asserts delivered; "has not
    shipped yet" denies shipped."""
    mentions = state_mentions(text)
    return {s for s, yes, _ in mentions if yes}, {s for s, yes, _ in mentions if not yes}
