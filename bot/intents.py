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

POLICY_INTENTS = frozenset(
    {
        "check_refund_policy",
        "delivery_options",
        "delivery_period",
        "check_payment_methods",
        "check_cancellation_fee",
        "contact_customer_service",
    }
)
"""Knowledge intents about the shop as a whole: answered from policies and the FAQ."""

KNOWLEDGE_INTENTS = POLICY_INTENTS | {"product_question", "compare_products", "recommend_product"}
"""Intents answered from the shop's documents (manuals, policies, FAQ, reviews)."""

PRODUCT_INTENTS = frozenset(
    {
        "product_question",
        "product_search",
        "recommend_product",
        "compare_products",
        "product_availability",
    }
)
"""Intents about the catalog's products."""

SMALL_TALK_INTENTS = frozenset({"greet", "goodbye", "thank", "affirm", "deny"})
HANDOFF_INTENTS = frozenset({"contact_human_agent", "contact_customer_service"})

BITEXT_INTENTS = (
    "cancel_order", "change_order", "change_shipping_address", "check_cancellation_fee",
    "check_invoices", "check_payment_methods", "check_refund_policy", "complaint",
    "contact_customer_service", "contact_human_agent", "create_account", "delete_account",
    "delivery_options", "delivery_period", "edit_account", "get_invoice", "get_refund",
    "newsletter_subscription", "payment_issue", "place_order", "recover_password",
    "registration_problems", "review", "set_up_shipping_address", "switch_account", "track_order",
    "track_refund",
)  # fmt: skip
"""Bitext's 27 customer-support intents, spelled as Bitext spells them."""

SHOP_INTENTS = (
    "return_item", "exchange_item", "product_question", "product_search", "recommend_product",
    "compare_products", "product_availability", "greet", "goodbye", "thank", "affirm", "deny",
    "provide_info",
)  # fmt: skip
"""Product and dialogue intents of our own."""

OUT_OF_SCOPE = "out_of_scope"
ALL_INTENTS = (*BITEXT_INTENTS, *SHOP_INTENTS, OUT_OF_SCOPE)
"""The classifier's label set. Shops and tests rely on these names."""
