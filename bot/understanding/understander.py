"""The understanding stage: intent, entities and language of one message, in the conversation's context."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from bot.domain import CatalogTerms
from bot.intents import (
    HANDOFF_INTENTS,
    OUT_OF_SCOPE,
    PERSONAL_INTENTS,
    POLICY_INTENTS,
    PRODUCT_INTENTS,
)
from bot.language import detect_language, read_answer
from bot.turn import DialogueState, Entities, Understanding
from bot.understanding.catalog_matcher import CatalogMatcher
from bot.understanding.classifier import IntentClassifier, IntentGuess
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


def _about_the_shop(guess: IntentGuess, entities: Entities) -> IntentGuess:
    """A message that names one of the shop's orders, products or brands is about shopping,
    whatever else it holds ("where is ORD-10001'; DROP TABLE orders", "my Vireo monitor says No
    Signal"): out of scope becomes the likeliest intent about orders or products, or else the
    read-only one. Torn between a product intent and something that changes nothing ("Pulsefit
    Run water resistance rating": a review or a product question?), it is the product intent."""
    names_a_product = bool(entities.products or entities.brands)
    if entities.order_ids and guess.intent in POLICY_INTENTS | {"payment_issue"}:
        # "pay for #W12 with my gift card instead": about that order, not the shop's policy.
        intent, confidence = next(
            ((n, p) for n, p in guess.alternatives if n in PERSONAL_INTENTS),
            ("change_order", guess.confidence),
        )
        return IntentGuess(intent, confidence, alternatives=guess.alternatives)
    if guess.intent == OUT_OF_SCOPE and (entities.order_ids or names_a_product):
        group, default = (
            (PERSONAL_INTENTS, "track_order")
            if entities.order_ids
            else (PRODUCT_INTENTS, "product_question")
        )
        intent, confidence = next(
            ((name, p) for name, p in guess.alternatives if name in group), (default, 0.0)
        )
        return IntentGuess(intent, confidence, alternatives=guess.alternatives)
    if guess.is_uncertain and names_a_product and guess.intent not in PERSONAL_INTENTS:
        ranked = [(guess.intent, guess.confidence), *guess.alternatives]
        product = next(((n, p) for n, p in ranked if n in PRODUCT_INTENTS), None)
        if product is not None:
            return IntentGuess(*product, alternatives=guess.alternatives)
    return guess


_QUESTION = re.compile(r"\s*(how|what|why|when|can i|could i|do you|is it|is there)\b", re.I)
_PLAIN_REQUESTS = (
    (
        "return_item",
        re.compile(
            r"\b(?:want|need|like|wish|have) to (?:return|send back)\b"
            r"|\b(?:return|send back) (?:the|my|these|this|both|it|them)\b|我要退|想退",
            re.IGNORECASE,
        ),
    ),
    (
        "exchange_item",
        re.compile(
            r"\b(?:want|need|like|wish) to (?:exchange|swap)\b|\b(?:exchange|swap) (?:the|my)\b"
            r"|\b(?:for|to|into) the (?:one|version|model) (?:with|in)\b"
            r"|\bthe (?:[\w-]+ ){1,4}(?:one|version|model) instead\b"
            r"|\b(?:i'?d|would) (?:prefer|rather have)\b|我要换|想换|换成",
            re.IGNORECASE,
        ),
    ),
)
"""Requests that say plainly what to do ("return the lamp and refund it to my mastercard",
"exchange the kettle for the one with ..."), whatever the classifier makes of the rest. An
exchange of an order that has not shipped is an item change (the action stage decides)."""


def _plain_request(text: str, guess: IntentGuess) -> IntentGuess:
    if guess.intent in HANDOFF_INTENTS or _QUESTION.match(text):
        return guess
    for intent, pattern in _PLAIN_REQUESTS:
        if pattern.search(text):
            if guess.intent == intent:
                return IntentGuess(intent, guess.confidence, alternatives=guess.alternatives)
            return IntentGuess(intent, max(guess.confidence, 0.5), alternatives=guess.alternatives)
    return guess


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
        answer = read_answer(text)
        guess = (
            # A plain yes or no is what `read_answer` says it is, wherever it is typed: the
            # same reading that decides a confirmation, not a classifier's guess.
            IntentGuess("affirm" if answer == "yes" else "deny", 1.0)
            if answer in ("yes", "no")
            else _plain_request(
                text, _about_the_shop(self._classifier.classify(text, entities), entities)
            )
        )
        understanding = Understanding(
            intent=guess.intent,
            confidence=guess.confidence,
            is_uncertain=guess.is_uncertain,
            alternatives=guess.alternatives,
            entities=entities,
            language=detect_language(_without_entities(text, entities), default=state.language),
        )
        return apply_context(understanding, text, state)
