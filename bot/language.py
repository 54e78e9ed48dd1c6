"""Which language to answer in (English or Chinese). Shared by understanding and retrieval."""

from __future__ import annotations

import re

from bot.turn import Language

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def detect_language(text: str, default: Language = "en") -> Language:
    """Chinese when CJK characters make up a real share of the letters, else the default."""
    cjk = len(_CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    if cjk and cjk * 3 >= latin:
        return "zh"
    return default if not latin and not cjk else "en"


_PLAIN_YES = re.compile(
    r"^\W*(yes|yeah|yep|yup|sure|ok|okay|confirm(ed)?|correct|go ahead|do it|please do|"
    r"是|是的|好|好的|可以|确认|对|没问题)(\W+(yes|please|thanks|thank you|go ahead|do it|"
    r"confirm(ed)?|确认|谢谢|请)){0,3}\W*$",
    re.IGNORECASE,
)


def is_plain_yes(text: str) -> bool:
    """A plain yes, in English or Chinese: "yes", "yes please", "好的". Not "maybe", "yes but...",
    "hmm" or a new question. Confirmations and accepted offers need exactly this."""
    return bool(_PLAIN_YES.match(text.strip()))
