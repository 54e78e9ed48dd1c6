"""Entities a customer names in a message: order ids, emails, zip codes, phone numbers, their name,
catalog products, brands, categories and options, quantities, money amounts and dates."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot import fact_patterns as fp
from bot.turn import Entities
from bot.understanding.catalog_matcher import CatalogMatcher

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ZIP = re.compile(r"(?<![\d-])(\d{5})(?:-\d{4})?(?![\d-])")
_PHONE = re.compile(r"(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)")
_NAME = re.compile(
    r"(?:my name is|my name's|this is|i am|i'm|name:|name is)\s+"
    r"([A-Z][a-zA-Z'-]+)\s+([A-Z][a-zA-Z'-]+)",
    re.IGNORECASE,
)
_BARE_NAME = re.compile(r"^\s*([A-Z][a-z'-]+)\s+([A-Z][a-z'-]+)\s*[,.]?")
_NAME_AND_ZIP = re.compile(
    r"^\s*([A-Za-z][a-z'-]+)\s+([A-Za-z][a-z'-]+)\s*[,;]?\s*\d{5}(?:-\d{4})?\s*[.!]?\s*$"
)
"""Two words and a zip code, however they are cased ("sofia ramirez 70115"): a name."""
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


def extract_entities(
    text: str, catalog: CatalogMatcher | None = None, today: date | None = None
) -> Entities:
    """Everything the message names; `catalog` adds products and options, `today` resolves
    "yesterday"."""
    order_ids: list[str] = []
    for pattern in fp.ORDER_ID_WRITTEN:
        order_ids += [f"ORD-{digits}" for digits in pattern.findall(text)]
    order_ids += [f"#{code.upper()}" for code in fp.TAU_ORDER_ID.findall(text)]
    emails = _EMAIL.findall(text)
    without_ids = _EMAIL.sub(" ", text)
    for pattern in fp.ORDER_ID_WRITTEN:
        without_ids = pattern.sub(" ", without_ids)
    phones = _PHONE.findall(without_ids)
    for phone in phones:
        without_ids = without_ids.replace(phone, " ")
    dates = _dates(without_ids, today)
    for pattern in fp.ABSOLUTE_DATES:
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
    return tuple(dict.fromkeys(fp.amounts_cents(text)))


def _dates(text: str, today: date | None) -> tuple[date, ...]:
    """Absolute dates (the year defaults to this year) and, with `today`, relative ones."""
    year = (today or date.today()).year
    found: list[date] = []
    for mention in fp.date_mentions(text):
        try:
            found.append(date(mention.year or year, mention.month, mention.day))
        except ValueError:
            pass
    if today is not None:
        lowered = text.lower()
        for word, offset in fp.RELATIVE_DAYS.items():
            if re.search(rf"\b{word}\b" if word.isascii() else word, lowered):
                found.append(today + timedelta(days=offset))
    return tuple(dict.fromkeys(found))


def _person_name(text: str) -> tuple[str, str] | None:
    match = _NAME.search(text) or _BARE_NAME.match(text) or _NAME_AND_ZIP.match(text)
    if not match:
        return None
    first, last = match.group(1), match.group(2)
    if first.lower() in _NOT_NAMES or last.lower() in _NOT_NAMES:
        return None
    return first.capitalize(), last.capitalize()
