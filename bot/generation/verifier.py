"""The verifier: a generated reply may only state facts that the turn's facts and passages hold.

It also refuses insults, and promises (refunds, discounts, compensation...) that the grounding does
not make (design §8.2, §9).

Every order id, tracking number, amount of money, date, number and product name in the reply must
appear in the grounding: the facts the plan carries (rendered as the template reply states them)
and the passages it may quote. Anything else is an invented fact, and the reply is replaced by the
template reply for the same plan. The small model measured here wrote "delivered on November 20th,
2023" for an order that shipped 2026-11-20; this is what catches it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ORDER_ID = re.compile(r"\bORD-\d{5}\b|#W\d{7}\b", re.IGNORECASE)
_TRACKING = re.compile(r"\b1Z[0-9A-Z]{16}\b|\b\d{12,22}\b")
_MONEY = re.compile(r"\$\s?(\d[\d,]*(?:\.\d{1,2})?)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_LONG_DATE = re.compile(
    rf"\b({'|'.join(m[:3] for m in _MONTHS)})[a-z]*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,?\s+(\d{{4}}))?",
    re.IGNORECASE,
)
_ZH_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]")
_NUMBER = re.compile(r"(?<![\w.\[])(\d+(?:[.,]\d+)?)(?![\w\]])")
_CITATION = re.compile(r"\[\d+\]")
_INSULT = re.compile(
    r"\b(stupid|idiot|dumb|moron|shut up|fool|useless customer|your fault)\b|笨蛋|白痴|傻|闭嘴",
    re.IGNORECASE,
)
_PROMISE = re.compile(
    r"\b(refund|discount|coupon|voucher|compensat\w*|free of charge|for free|guarantee\w*|"
    r"waive\w*|credit)\b|退款|折扣|优惠券|赔偿|免费|保证",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claims:
    order_ids: frozenset[str]
    tracking: frozenset[str]
    money_cents: frozenset[int]
    dates: frozenset[tuple[int | None, int, int]]
    """(year or None, month, day)"""
    numbers: frozenset[str]
    products: frozenset[str]


def claims(text: str, product_names: Iterable[str] = ()) -> Claims:
    """The checkable statements in a text."""
    plain = _CITATION.sub(" ", text)
    dates: set[tuple[int | None, int, int]] = set()
    for y, m, d in _ISO_DATE.findall(plain):
        dates.add((int(y), int(m), int(d)))
    for month, day, year in _LONG_DATE.findall(plain):
        dates.add(
            (
                int(year) if year else None,
                _MONTHS.index(next(m for m in _MONTHS if m.startswith(month.lower()[:3]))) + 1,
                int(day),
            )
        )
    for y, m, d in _ZH_DATE.findall(plain):
        dates.add((int(y) if y else None, int(m), int(d)))
    without_dates = _ZH_DATE.sub(" ", _LONG_DATE.sub(" ", _ISO_DATE.sub(" ", plain)))
    lowered = plain.lower()
    return Claims(
        order_ids=frozenset(o.upper() for o in _ORDER_ID.findall(plain)),
        tracking=frozenset(_TRACKING.findall(plain)),
        money_cents=frozenset(
            round(float(v.replace(",", "")) * 100) for v in _MONEY.findall(plain)
        ),
        dates=frozenset(dates),
        numbers=frozenset(
            n.replace(",", "")
            for n in _NUMBER.findall(
                _MONEY.sub(" ", _TRACKING.sub(" ", _ORDER_ID.sub(" ", without_dates)))
            )
        ),
        products=frozenset(name for name in product_names if name.lower() in lowered),
    )


def verify_reply(
    reply: str, grounding: Iterable[str], product_names: Iterable[str] = ()
) -> Verdict:
    """Check `reply` against the texts it may draw on (facts as stated, passages)."""
    names = list(product_names)
    grounding_text = "\n".join(grounding)
    said = claims(reply, names)
    known = claims(grounding_text, names)
    problems: list[str] = []
    problems += [
        f"order id {o} is not in the facts" for o in sorted(said.order_ids - known.order_ids)
    ]
    problems += [
        f"tracking number {t} is not in the facts" for t in sorted(said.tracking - known.tracking)
    ]
    problems += [
        f"amount ${c / 100:.2f} is not in the facts"
        for c in sorted(said.money_cents - known.money_cents)
    ]
    for year, month, day in sorted(said.dates, key=str):
        if not any(
            m == month and d == day and (year is None or y is None or y == year)
            for y, m, d in known.dates
        ):
            problems.append(f"date {year or '?'}-{month:02d}-{day:02d} is not in the facts")
    problems += [f"number {n} is not in the facts" for n in sorted(said.numbers - known.numbers)]
    problems += [
        f"product {p!r} is not in the facts" for p in sorted(said.products - known.products)
    ]
    if _INSULT.search(reply):
        problems.append("the reply is insulting")
    for promise in sorted({m.group(0).lower() for m in _PROMISE.finditer(reply)}):
        if promise not in grounding_text.lower():
            problems.append(f"promise {promise!r} is not backed by the facts")
    return Verdict(ok=not problems, problems=tuple(problems))
