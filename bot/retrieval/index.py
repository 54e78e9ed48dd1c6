"""The passage index in Chroma: embedded (`PersistentClient` under var/) or a Chroma server."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.errors import RetrievalError
from bot.retrieval.documents import Passage
from bot.retrieval.embedder import Embedder

logger = logging.getLogger(__name__)

COLLECTION = "passages"
BATCH = 128


def embedding_text(text: str, metadata: dict[str, Any]) -> str:
    """What is embedded and BM25-indexed: the passage with its title and section, so "reset" in a
    heading counts for the text under it."""
    heading = " > ".join(str(metadata[k]) for k in ("title", "section") if metadata.get(k))
    return f"{heading}\n{text}" if heading else text


class PassageIndex:
    def __init__(
        self,
        embedder: Embedder,
        *,
        path: Path | None = None,
        url: str | None = None,
        collection: str = COLLECTION,
    ) -> None:
        self.embedder = embedder
        self._path, self._url, self._name = path, url, collection
        self._collection: Any = None

    def _open(self) -> Any:
        if self._collection is not None:
            return self._collection
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if self._url:
                parsed = urlparse(self._url)
                client = chromadb.HttpClient(
                    host=parsed.hostname or "127.0.0.1",
                    port=parsed.port or 8000,
                    ssl=parsed.scheme == "https",
                    settings=chroma_settings,
                )
            else:
                assert self._path is not None
                self._path.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(self._path), settings=chroma_settings)
            self._collection = client.get_or_create_collection(
                self._name,
                embedding_function=self.embedder,  # type: ignore[arg-type]
                metadata={"hnsw:space": "cosine"},
            )
        except Exception as exc:  # chromadb and httpx raise many types; all mean "unreachable"
            raise RetrievalError(
                f"cannot open the passage index ({self._url or self._path}): {exc}"
            ) from exc
        return self._collection

    def upsert(self, passages: Sequence[Passage]) -> None:
        collection = self._open()
        for start in range(0, len(passages), BATCH):
            batch = passages[start : start + BATCH]
            texts = [embedding_text(p.text, p.metadata) for p in batch]
            collection.upsert(
                ids=[p.id for p in batch],
                documents=[p.text for p in batch],
                metadatas=[dict(p.metadata) for p in batch],
                embeddings=self.embedder(texts),
            )

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self._open().delete(ids=list(ids))

    def count(self) -> int:
        return int(self._open().count())

    def all(self) -> list[Passage]:
        """Every passage (for the keyword index), without vectors."""
        collection = self._open()
        passages: list[Passage] = []
        total = collection.count()
        for offset in range(0, total, 5000):
            got = collection.get(include=["documents", "metadatas"], limit=5000, offset=offset)
            for pid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                passages.append(
                    Passage(
                        id=pid,
                        doc_id=pid.split("#", 1)[0],
                        text=text or "",
                        metadata=dict(meta or {}),
                    )
                )
        return passages

    def query(
        self, text: str, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """(passage id, cosine similarity), best first."""
        collection = self._open()
        total = collection.count()
        if total == 0:
            return []
        result = collection.query(
            query_embeddings=self.embedder([text]),
            n_results=min(k, total),
            where=where or None,
            include=["distances"],
        )
        return [
            (pid, 1.0 - float(distance))
            for pid, distance in zip(result["ids"][0], result["distances"][0], strict=True)
        ]
