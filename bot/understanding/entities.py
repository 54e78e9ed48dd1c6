"""Entities a customer names in a message: order ids, emails, zip codes, phone numbers, their name."""

from __future__ import annotations

import re

from bot.turn import Entities

_ORDER_PATTERNS = (
    re.compile(r"\bORD-?\s?(\d{5})\b", re.IGNORECASE),
    re.compile(
        r"(?:order|订单|單號|单号)\s*(?:number|no\.?|id|#|号|編號|编号)?\s*[:#]?\s*(\d{5})\b",
        re.IGNORECASE,
    ),
)
_TAU_ORDER = re.compile(r"#?\b(W\d{7})\b", re.IGNORECASE)
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


def extract_entities(text: str) -> Entities:
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
    zips = _ZIP.findall(without_ids)
    return Entities(
        order_ids=tuple(dict.fromkeys(order_ids)),
        emails=tuple(dict.fromkeys(e.lower() for e in emails)),
        zips=tuple(dict.fromkeys(zips)),
        phones=tuple(dict.fromkeys(phones)),
        person_name=_person_name(text),
    )


def _person_name(text: str) -> tuple[str, str] | None:
    match = _NAME.search(text) or _BARE_NAME.match(text)
    if not match:
        return None
    first, last = match.group(1), match.group(2)
    if first.lower() in _NOT_NAMES or last.lower() in _NOT_NAMES:
        return None
    return first.capitalize(), last.capitalize()
