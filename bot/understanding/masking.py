"""Replace the particulars of a message (emails, order ids) with one canonical form before intent
classification, so the model learns from the words around them and not from the values. Markup
pasted into the chat ("<img src=x onerror=...> where is my order") says nothing about the request
and is dropped."""

from __future__ import annotations

import re

from bot.fact_patterns import ORDER_ID_MASKED

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_MARKUP = re.compile(r"</?[A-Za-z][^<>]{0,300}>")

EMAIL_TOKEN = "name@example.com"
ORDER_TOKEN = "ORD-10000"


def mask_entities(text: str) -> str:
    without_markup = " ".join(_MARKUP.sub(" ", text).split()) or text
    return ORDER_ID_MASKED.sub(ORDER_TOKEN, _EMAIL.sub(EMAIL_TOKEN, without_markup))
