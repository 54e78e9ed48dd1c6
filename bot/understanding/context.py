"""Multi-turn context: resolve "it" to the order named earlier, and resume what waited for identity."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.turn import DialogueState, Understanding

_REFERS_BACK = re.compile(
    r"\b(it|that( one| order)?|this( one| order)?|the order|my order|same order)\b|它|那个|这个|该订单",
    re.IGNORECASE,
)
_CONTINUES = {"provide_info", "affirm"}
"""Intents that answer the assistant's last question rather than start something new."""


def apply_context(understanding: Understanding, text: str, state: DialogueState) -> Understanding:
    """Fill in what the message leaves implicit from the conversation so far."""
    result = understanding
    if result.intent in _CONTINUES and state.pending_intent:
        result = replace(result, intent=state.pending_intent)
    entities = result.entities
    if not entities.order_ids:
        remembered = state.pending_order_id or (
            state.last_order_id if _REFERS_BACK.search(text) else None
        )
        if remembered:
            result = replace(result, entities=replace(entities, order_ids=(remembered,)))
    return result
