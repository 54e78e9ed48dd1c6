"""The understanding stage: intent, entities and language of one message, in the conversation's context."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from bot.domain import CatalogTerms
from bot.language import detect_language
from bot.turn import DialogueState, Entities, Understanding
from bot.understanding.catalog_matcher import CatalogMatcher
from bot.understanding.classifier import IntentClassifier
from bot.understanding.context import apply_context
from bot.understanding.entities import extract_entities

_ORDINALS = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "last": -1,
    "第一": 0,
    "第二": 1,
    "第三": 2,
    "第四": 3,
    "最后": -1,
}
_ORDINAL = re.compile(
    r"\bthe\s+(first|1st|second|2nd|third|3rd|fourth|4th|last)\b"
    r"|(第一|第二|第三|第四|最后)[个款件]",
    re.IGNORECASE,
)
_BACK_REFERENCE = re.compile(
    r"\b(?:the|that|this)\s+(?:\w+\s+)?(?:one|item|product|model)\b|\bit\b|\bthat\b"
    r"|那个|这个|那款|这款|它",
    re.IGNORECASE,
)


def _without_entities(text: str, entities: Entities) -> str:
    """A message that only gives an email or an order id says nothing about its language."""
    for value in (*entities.emails, *entities.order_ids, *entities.zips, *entities.phones):
        text = re.sub(re.escape(value.lstrip("#")), " ", text, flags=re.IGNORECASE)
    return text


class Understander:
    def __init__(
        self,
        classifier: IntentClassifier,
        catalog_terms: Callable[[], CatalogTerms] | None = None,
    ) -> None:
        self._classifier = classifier
        self._catalog_terms = catalog_terms
        self._catalog: CatalogMatcher | None = None
        self._terms: CatalogTerms | None = None

    def warm_up(self) -> None:
        self._classifier.warm_up()
        self._refresh_catalog()

    def _refresh_catalog(self) -> None:
        """Rebuild the matcher when the catalog source hands out new terms (after an import)."""
        if self._catalog_terms is None:
            return
        terms = self._catalog_terms()
        if terms is not self._terms:
            self._catalog = CatalogMatcher(terms)
            self._terms = terms

    def _resolve_reference(self, entities: Entities, text: str, state: DialogueState) -> Entities:
        """ "the blue one", "the second one", "it": a product from the last ones named or shown."""
        if entities.products or not state.last_products or self._catalog is None:
            return entities
        chosen: str | None = None
        ordinal = _ORDINAL.search(text)
        if ordinal:
            index = _ORDINALS[(ordinal.group(1) or ordinal.group(2)).lower()]
            if -len(state.last_products) <= index < len(state.last_products):
                chosen = state.last_products[index]
        elif _BACK_REFERENCE.search(text):
            candidates = list(state.last_products)
            for key, value in entities.options:
                candidates = self._catalog.having(tuple(candidates), key, value) or candidates
            if len(candidates) == 1:
                chosen = candidates[0]
        mention = self._catalog.mention(chosen) if chosen else None
        return replace(entities, products=(mention,)) if mention else entities

    def run(self, text: str, state: DialogueState, today: date) -> Understanding:
        self._refresh_catalog()
        entities = self._resolve_reference(
            extract_entities(text, self._catalog, today), text, state
        )
        guess = self._classifier.classify(text, entities)
        understanding = Understanding(
            intent=guess.intent,
            confidence=guess.confidence,
            is_uncertain=guess.is_uncertain,
            alternatives=guess.alternatives,
            entities=entities,
            language=detect_language(_without_entities(text, entities), default=state.language),
        )
        return apply_context(understanding, text, state)
