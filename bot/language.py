"""Which language to answer in (English or Chinese). Shared by understanding and retrieval."""

from __future__ import annotations

import re
from typing import Literal

from bot.turn import Language

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """The message as valid text: lone surrogates (broken UTF-16) become U+FFFD, and control
    characters other than tabs and line breaks are dropped, so nothing broken is classified,
    stored or logged."""
    repaired = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _CONTROL.sub("", repaired)


def detect_language(text: str, default: Language = "en") -> Language:
    """Chinese when CJK characters make up a real share of the letters, else the default."""
    cjk = len(_CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    if cjk and cjk * 3 >= latin:
        return "zh"
    return default if not latin and not cjk else "en"


Answer = Literal["yes", "no", "unclear", "other"]
"""How a message answers a yes/no question: a plain yes, a plain no, a hedged or questioning
answer ("yes?", "ok I guess", "好吧"), or something else altogether (a new request)."""

_YES_WORDS = (
    r"yes|yeah|yep|yup|ya|yea|sure thing|sure|ok|okay|k|alright|all right|confirm|confirmed|i confirm|"
    r"correct|(?:that'?s|that is|it'?s) (?:right|correct|fine)|right|absolutely|definitely|of course|go ahead|do it|"
    r"please do|please proceed|proceed|go for it|sounds good|perfect|great|no problem|no worries|"
    r"是|是的|对|对的|好|好的|可以|确认|确定|没问题|行|嗯好的|同意"
)
_YES_TAILS = (
    r"yes|please|thanks|thank you|thx|go ahead|do it|please do|proceed|confirm|confirmed|"
    r"i(?:'m| am) sure|that'?s fine|(?:please )?(?:cancel|change|return|exchange|update|switch) it|"
    r"确认|谢谢|请|请继续|继续|麻烦了|就这样|取消吧|改吧|办吧"
)
_NO_WORDS = (
    r"no|nope|nah|no way|don'?t|do not|cancel that|stop|never mind|nevermind|not now|"
    r"不用了|不要了|不了|不|不是|不要|不用|不行|别|算了|不对|不需要"
)
_NO_TAILS = r"no|thanks|thank you|thx|please|don'?t|do not|leave it|keep it|谢谢|不用了|算了|先不"
_END = r"[\s.!。！~👍✅]*"
_PLAIN_YES = re.compile(
    rf"^\s*(?:{_YES_WORDS})(?:[\s,，.!。！]+(?:{_YES_TAILS})){{0,3}}{_END}$", re.IGNORECASE
)
_PLAIN_NO = re.compile(
    rf"^\s*(?:{_NO_WORDS})(?:[\s,，.!。！]+(?:{_NO_TAILS})){{0,3}}{_END}$", re.IGNORECASE
)
_NO_START = re.compile(r"^\W*(?:no|nope|nah|不要|不用|不)(?:[\s,，.!。！]|$)", re.IGNORECASE)
_ANSWER_START = re.compile(rf"^\W*(?:{_YES_WORDS}|{_NO_WORDS})(?![a-z])", re.IGNORECASE)
_QUESTION = re.compile(r"\?|？|吗")
_HEDGE = re.compile(
    r"\b(?:maybe|perhaps|i guess|i think|i suppose|not sure|unsure|wait|hold on|hmm+|um+|uh+|"
    r"dunno|don'?t know|probably|kind of|kinda|sort of|but|if)\b|也许|可能|(?:好|是|对|行)吧|等等|等一下|稍等|"
    r"不确定|但是|不过|^嗯+$",
    re.IGNORECASE,
)
_SHORT = 8
"""Words up to which a hedged message is still an (unclear) answer rather than a new request."""


def read_answer(text: str) -> Answer:
    """How `text` answers a yes/no question. Only a plain yes may confirm an order change.

    "yes", "yes please", "好的，确认" are yes; "no thanks", "不用了" are no. "yes?", "yes but...",
    "yes, wait", "ok I guess", "是吗", "好吧" are unclear: ask again, change nothing. Longer
    messages that are not plain answers are a new request ("other").
    """
    cleaned = " ".join(text.split())
    doubtful = bool(_HEDGE.search(cleaned) or _QUESTION.search(cleaned))
    if not doubtful and _PLAIN_YES.match(cleaned):
        return "yes"
    if not doubtful and (_PLAIN_NO.match(cleaned) or _NO_START.match(cleaned)):
        return "no"  # "no thanks", "no, keep the old one"
    words = len(cleaned.split())
    if words > _SHORT or len(cleaned) > 60:
        return "other"
    if _ANSWER_START.match(cleaned):
        return "unclear"  # "yes?", "yes but...", "ok I guess", "no wait"
    asks_something = words > 3 and _QUESTION.search(cleaned)  # "hmm, how long does it take?"
    if _HEDGE.search(cleaned) and not asks_something:
        return "unclear"  # "hmm", "maybe", "I think so", "好吧"
    if words <= 2 and _QUESTION.search(cleaned):
        return "unclear"  # "what?", "really?"
    return "other"


def is_plain_yes(text: str) -> bool:
    """A plain yes, in English or Chinese (see `read_answer`)."""
    return read_answer(text) == "yes"
