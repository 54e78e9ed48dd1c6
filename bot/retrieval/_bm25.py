"""Keyword search (BM25) over the passages, with Chinese segmented by jieba."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from bot.retrieval.documents import Passage
from bot.retrieval.index import embedding_text

_WORD = re.compile(r"[a-z0-9]+(?:['.-][a-z0-9]+)*")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
STOPWORDS = frozenset(
    "a an and are as at be by can do does for from has have how i if in is it its my of on or "
    "our so that the their there this to was what when where which who why will with you your "
    "me we us am been did".split()
)
STOPWORDS_ZH = frozenset(
    "的 了 吗 呢 吧 是 我 你 在 有 和 就 都 也 要 会 怎么 什么 请问 一下 可以".split()
)


def tokenize(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    lowered = text.lower()
    tokens = [_stem(w) for w in _WORD.findall(lowered) if w not in STOPWORDS]
    for run in _CJK_RUN.findall(lowered):
        tokens += [w for w in jieba.lcut_for_search(run) if w.strip() and w not in STOPWORDS_ZH]
    return tokens


def _stem(word: str) -> str:
    """A light English stemmer: plurals and -ing/-ed, enough for "resetting" to find "reset"."""
    for suffix, keep in (("ing", 4), ("ies", 3), ("ed", 4), ("es", 4), ("s", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


class KeywordIndex:
    def __init__(self, passages: Sequence[Passage]) -> None:
        from rank_bm25 import BM25Okapi

        self.passages = list(passages)
        corpus = [tokenize(embedding_text(p.text, p.metadata)) for p in self.passages]
        self._bm25 = BM25Okapi(corpus) if corpus else None

    def search(
        self, query: str, k: int, keep: Callable[[Passage], bool] | None = None
    ) -> list[tuple[str, float]]:
        """(passage id, BM25 score), best first, only passages with a positive score."""
        if self._bm25 is None:
            return []
        tokens = tokenize(query)
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
        hits: list[tuple[str, float]] = []
        for i in ranked:
            if scores[i] <= 0 or len(hits) >= k:
                break
            if keep is None or keep(self.passages[i]):
                hits.append((self.passages[i].id, float(scores[i])))
        return hits
