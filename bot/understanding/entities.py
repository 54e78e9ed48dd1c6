"""Entities a customer names in a message: order ids, emails, zip codes, phone numbers, their name,
catalog products, brands, categories and options, quantities, money amounts and dates."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.turn import Entities
from bot.understanding.catalog_matcher import CatalogMatcher

_ORDER_PATTERNS = (
    # Not \b: Chinese characters count as word characters, so "帮我把ORD-10121取消" has no boundary.
    re.compile(r"(?<![A-Za-z0-9])ORD-?\s?(\d{5})(?!\d)", re.IGNORECASE),
    re.compile(
        r"(?:order|订单|單號|单号)\s*(?:number|no\.?|id|#|号|編號|编号)?\s*[:#]?\s*(\d{5})\b",
        re.IGNORECASE,
    ),
)
_TAU_ORDER = re.compile(r"#?(?<![A-Za-z0-9])(W\d{7})(?!\d)", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ZIP = re.compile(r"(?<![\d-])(\d{5})(?:-\d{4})?(?![\d-])")
_PHONE = re.compile(r"(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)")
_NAME = re.compile(
    r"(?:my name is|my name's|this is|i am|i'm|name:|name is)\s+"
    r"([A-Z][a-zA-Z'-]+)\s+([A-Z][a-zA-Z'-]+)",
    re.IGNORECASE,
)
_BARE_NAME = re.compile(r"^\s*([A-Z][a-z'-]+)\s+([A-Z][a-z'-]+)\s*[,.]?")
_NOT_NAMES = {
    "hello",
    "hi",
    "hey",
    "where",
    "what",
    "my",
    "order",
    "thanks",
    "thank",
    "please",
    "the",
    "i",
    "can",
    "how",
    "when",
    "good",
    "yes",
    "no",
    "ok",
    "okay",
}


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a couple of": 2,
    "a pair of": 2,
}
_NUMBER_ZH = {
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_NOT_COUNTED = (
    r"days?|weeks?|months?|years?|hours?|minutes?|mins?|seconds?|am|pm|percent|inch"
    r"|inches|mm|cm|m|l|ml|w|v|gb|tb|k|mah|hz|stars?|times?|dollars?|bucks|usd"
)
_QUANTITY = re.compile(
    rf"\b(\d{{1,3}}|{'|'.join(_NUMBER_WORDS)})\s*(?:x\b|pcs\b|pieces?\b|units?\b|"
    rf"of (?:them|these|those|it)\b|more\b|(?!(?:{_NOT_COUNTED})\b)[a-z]+s\b)",
    re.IGNORECASE,
)
_QUANTITY_X = re.compile(r"(?<![\w.])x\s?(\d{1,2})\b|\b(\d{1,2})\s?x(?![\w])", re.IGNORECASE)
_QUANTITY_ZH = re.compile(r"(\d{1,3}|[一两二三四五六七八九十])\s*(?:个|台|件|只|盒|套|把|条)")
_MONEY = re.compile(
    r"\$\s?(\d{1,6}(?:,\d{3})*(?:\.\d{1,2})?)"
    r"|(\d{1,6}(?:\.\d{1,2})?)\s?(?:dollars?|bucks|usd|美元|元|块)",
    re.IGNORECASE,
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ISO_DATE = re.compile(r"\b(20\d\d)-(\d{1,2})-(\d{1,2})\b")
_US_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?(?![\d/])")
_MONTH_DAY = re.compile(
    rf"\b({'|'.join(_MONTHS)})[a-z]*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(20\d\d))?\b"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({'|'.join(_MONTHS)})[a-z]*\b",
    re.IGNORECASE,
)
_ZH_DATE = re.compile(r"(?:(20\d\d)年)?(\d{1,2})月(\d{1,2})[日号]")
_RELATIVE = {
    "today": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "今天": 0,
    "昨天": -1,
    "明天": 1,
    "前天": -2,
    "后天": 2,
}


def extract_entities(
    text: str, catalog: CatalogMatcher | None = None, today: date | None = None
) -> Entities:
    """Everything the message names; `catalog` adds products and options, `today` resolves
    "yesterday"."""
    order_ids: list[str] = []
    for pattern in _ORDER_PATTERNS:
        order_ids += [f"ORD-{digits}" for digits in pattern.findall(text)]
    order_ids += [f"#{code.upper()}" for code in _TAU_ORDER.findall(text)]
    emails = _EMAIL.findall(text)
    without_ids = _EMAIL.sub(" ", text)
    for pattern in _ORDER_PATTERNS:
        without_ids = pattern.sub(" ", without_ids)
    phones = _PHONE.findall(without_ids)
    for phone in phones:
        without_ids = without_ids.replace(phone, " ")
    dates = _dates(without_ids, today)
    for pattern in (_ISO_DATE, _US_DATE, _MONTH_DAY, _ZH_DATE):
        without_ids = pattern.sub(" ", without_ids)
    zips = _ZIP.findall(without_ids)
    return Entities(
        order_ids=tuple(dict.fromkeys(order_ids)),
        emails=tuple(dict.fromkeys(e.lower() for e in emails)),
        zips=tuple(dict.fromkeys(zips)),
        phones=tuple(dict.fromkeys(phones)),
        person_name=_person_name(text),
        products=catalog.products(text) if catalog else (),
        brands=catalog.brands(text) if catalog else (),
        categories=catalog.categories(text) if catalog else (),
        options=catalog.options(text) if catalog else (),
        quantities=_quantities(_ZIP.sub(" ", without_ids)),
        amounts_cents=_amounts(without_ids),
        dates=dates,
    )


def _quantities(text: str) -> tuple[int, ...]:
    found = [
        _NUMBER_WORDS.get(m.group(1).lower()) or int(m.group(1))
        for m in _QUANTITY.finditer(text)
        if m.group(1).lower() in _NUMBER_WORDS or m.group(1).isdigit()
    ]
    found += [int(m.group(1) or m.group(2)) for m in _QUANTITY_X.finditer(text)]
    found += [_NUMBER_ZH.get(m.group(1)) or int(m.group(1)) for m in _QUANTITY_ZH.finditer(text)]
    return tuple(dict.fromkeys(q for q in found if 0 < q <= 999))


def _amounts(text: str) -> tuple[int, ...]:
    amounts = []
    for match in _MONEY.finditer(text):
        value = (match.group(1) or match.group(2)).replace(",", "")
        amounts.append(round(float(value) * 100))
    return tuple(dict.fromkeys(amounts))


def _dates(text: str, today: date | None) -> tuple[date, ...]:
    year = (today or date.today()).year
    found: list[date] = []

    def add(y: int, m: int, d: int) -> None:
        try:
            found.append(date(y, m, d))
        except ValueError:
            pass

    for y, m, d in _ISO_DATE.findall(text):
        add(int(y), int(m), int(d))
    for m, d, y in _US_DATE.findall(text):
        add(int(y) + (2000 if len(y) == 2 else 0) if y else year, int(m), int(d))
    for match in _MONTH_DAY.finditer(text):
        month_name, day, y, day2, month_name2 = match.groups()
        month = _MONTHS.index((month_name or month_name2).lower()[:3]) + 1
        add(int(y) if y else year, month, int(day or day2))
    for y, m, d in _ZH_DATE.findall(text):
        add(int(y) if y else year, int(m), int(d))
    if today is not None:
        lowered = text.lower()
        for word, offset in _RELATIVE.items():
            if re.search(rf"\b{word}\b" if word.isascii() else word, lowered):
                found.append(today + timedelta(days=offset))
    return tuple(dict.fromkeys(found))


def _person_name(text: str) -> tuple[str, str] | None:
    match = _NAME.search(text) or _BARE_NAME.match(text)
    if not match:
        return None
    first, last = match.group(1), match.group(2)
    if first.lower() in _NOT_NAMES or last.lower() in _NOT_NAMES:
        return None
    return first.capitalize(), last.capitalize()
