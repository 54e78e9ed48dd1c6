"""The fine-tuned transformer intent classifier, with calibrated out-of-scope rejection.

Probabilities become an intent in two calibrated decisions (`decision.py`): about shopping or not,
then which shopping intent, asking a clarifying question when the best one is unsure.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.intents import OUT_OF_SCOPE
from bot.language import detect_language
from bot.turn import Entities
from bot.understanding import intent_words, intent_zh
from bot.understanding.classifier import IntentGuess
from bot.understanding.decision import Thresholds, guesses
from bot.understanding.masking import mask_entities

logger = logging.getLogger(__name__)

META_FILE = "nlu.json"


@dataclass(frozen=True)
class ModelCard:
    """What training wrote next to the weights."""

    labels: tuple[str, ...]
    temperature: float
    thresholds: Thresholds
    zh_thresholds: Thresholds
    max_length: int
    fingerprint: str

    @classmethod
    def read(cls, model_dir: Path) -> ModelCard:
        path = model_dir / META_FILE
        if not path.is_file():
            raise ConfigError(f"{model_dir} is not a trained intent model (no {META_FILE})")
        data = json.loads(path.read_text())
        return cls(
            labels=tuple(data["labels"]),
            temperature=float(data["temperature"]),
            thresholds=Thresholds(**data["thresholds"]),
            zh_thresholds=Thresholds(**data["zh_thresholds"]),
            max_length=int(data["max_length"]),
            fingerprint=str(data["fingerprint"]),
        )


class IntentModel:
    """The trained classifier: the fine-tuned transformer averaged with a word model
    (`intent_words.py`), and a Chinese model for Chinese text."""

    def __init__(self, model_dir: Path, *, threads: int = 1) -> None:
        self._dir = model_dir
        self._threads = threads
        self.card = ModelCard.read(model_dir)
        self._model: Any = None
        self._tokenizer: Any = None
        self._chinese: Any = None
        self._words: Any = None

    def warm_up(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        torch.set_num_threads(self._threads)
        self._tokenizer = AutoTokenizer.from_pretrained(self._dir)
        self._model = AutoModelForSequenceClassification.from_pretrained(self._dir).eval()
        self._chinese = intent_zh.load(self._dir)
        self._words = intent_words.load(self._dir)
        logger.info(
            "intent model %s loaded (%d labels)", self.card.fingerprint, len(self.card.labels)
        )

    def classify(self, text: str, entities: Entities) -> IntentGuess:
        return self.classify_many([text])[0]

    def classify_many(self, texts: list[str]) -> list[IntentGuess]:
        """Chinese messages go to the Chinese model, the rest to the transformer, in order."""
        self.warm_up()
        texts = [mask_entities(text) for text in texts]
        is_chinese = [detect_language(text) == "zh" for text in texts]
        chinese = [i for i, flag in enumerate(is_chinese) if flag]
        other = [i for i, flag in enumerate(is_chinese) if not flag]
        result: dict[int, IntentGuess] = {}
        if chinese:
            zh_texts = [texts[i] for i in chinese]
            result.update(
                zip(
                    chinese,
                    intent_zh.guesses(self._chinese, zh_texts, self.card.zh_thresholds),
                    strict=True,
                )
            )
        if other:
            result.update(zip(other, self._transformer([texts[i] for i in other]), strict=True))
        return [result[i] for i in range(len(texts))]

    def _transformer(self, texts: list[str]) -> list[IntentGuess]:
        import torch

        batch = self._tokenizer(
            texts,
            padding=True,
            truncation=True,
            max_length=self.card.max_length,
            return_tensors="pt",
        )
        with torch.inference_mode():
            logits = self._model(**batch).logits
        labels = self.card.labels
        probabilities = intent_words.blend(
            torch.softmax(logits / self.card.temperature, dim=-1).numpy(),
            intent_words.probabilities(self._words, texts, labels),
        )
        return guesses(probabilities, labels, labels.index(OUT_OF_SCOPE), self.card.thresholds)
