"""The shared intent vocabulary. Like `turn.py`, it imports nothing else from `bot`."""

from __future__ import annotations

PERSONAL_INTENTS = frozenset(
    {
        "track_order",
        "cancel_order",
        "change_order",
        "change_shipping_address",
        "return_item",
        "exchange_item",
        "get_refund",
        "track_refund",
        "get_invoice",
        "check_invoices",
    }
)
"""Intents whose answer contains a customer's own data, so they need a verified identity."""

ORDER_CHANGE_INTENTS = frozenset(
    {
        "cancel_order",
        "change_order",
        "change_shipping_address",
        "return_item",
        "exchange_item",
        "get_refund",
    }
)
"""Intents that ask to change an order (served by the actions, with confirmation)."""

SMALL_TALK_INTENTS = frozenset({"greet", "goodbye", "thank", "affirm", "deny"})
HANDOFF_INTENTS = frozenset({"contact_human_agent", "contact_customer_service"})
