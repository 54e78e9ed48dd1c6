"""Multi-turn context: resolve "it" to the order named earlier, and resume what waited for identity."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.intents import OUT_OF_SCOPE, PERSONAL_INTENTS
from bot.language import is_plain_yes
from bot.turn import DialogueState, Understanding

_REFERS_BACK = re.compile(
    r"\b(it|that( one| order)?|this( one| order)?|the order|my order|same order)\b|它|那个|这个|该订单",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"^\W*(?:and|what about|how about|and what about|also)\b|^\W*(?:那|还有)", re.I
)
"""A short follow-up ("and what about the air purifier one?") asks the same as before."""
_CONTINUES = {"provide_info", "affirm"}
"""Intents that answer the assistant's last question rather than start something new."""


def apply_context(understanding: Understanding, text: str, state: DialogueState) -> Understanding:
    """Fill in what the message leaves implicit from the conversation so far."""
    result = understanding
    entities = result.entities
    gives_details = bool(
        entities.emails or entities.zips or entities.person_name or entities.order_ids
    )
    if state.offered_handoff and is_plain_yes(text):
        return replace(result, intent="contact_human_agent", is_uncertain=False)
    if state.pending_intent and (
        result.intent in _CONTINUES
        # "Jason Liu" after "what is your name?": details, and nothing else the model recognises.
        or (gives_details and (result.is_uncertain or result.intent == OUT_OF_SCOPE))
    ):
        result = replace(result, intent=state.pending_intent, is_uncertain=False)
    elif entities.order_ids and (
        result.intent == "provide_info" or (result.is_uncertain and len(text.split()) <= 5)
    ):
        # "and ORD-10043?": the same request as before, about another order.
        follow_up = state.last_intent if state.last_intent in PERSONAL_INTENTS else "track_order"
        result = replace(result, intent=follow_up, is_uncertain=False)
    elif (
        state.last_intent in PERSONAL_INTENTS
        and state.customer_id is not None
        and _FOLLOW_UP.search(text)
        and len(text.split()) <= 10
        and (result.intent not in PERSONAL_INTENTS or result.is_uncertain)
    ):
        # "what about the air purifier one?" after an order's status: that order's status.
        result = replace(result, intent=state.last_intent, is_uncertain=False)
    elif (
        entities.order_ids
        and result.is_uncertain
        and "track_order" in (result.intent, *(name for name, _ in result.alternatives))
    ):
        # "I have a question about ORD-10092", torn between tracking and something else: the
        # order's status answers most such questions, changes nothing, and leads to the rest.
        result = replace(result, intent="track_order", is_uncertain=False)
    if not entities.order_ids:
        remembered = state.pending_order_id or (
            state.last_order_id if _REFERS_BACK.search(text) else None
        )
        if remembered:
            result = replace(result, entities=replace(entities, order_ids=(remembered,)))
            if result.intent == OUT_OF_SCOPE:
                # "so where is it at the moment?" about the order named before is about that
                # order, as "where is ORD-10108 at the moment?" would be.
                result = replace(result, intent="track_order", is_uncertain=False)
    return result
