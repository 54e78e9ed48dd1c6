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
