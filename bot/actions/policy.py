"""The shop's rules for changing an order, in one place, checked before any write.

Customers read the same rules in `knowledge/policies/` (and `knowledge/POLICY_FACTS.md`); the tests
tie the two together. Every check returns None when the change is allowed, or a `Refusal` whose code
names the rule, so a reply can say exactly why, and the check is repeated inside the write's
transaction, against the row as it is then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.domain import IdentityLevel, Order, PaymentMethod, Refusal, ShippingAddress, Variant

CANCEL_REASONS = (
    "no longer needed",
    "ordered by mistake",
    "found a better price",
    "delivery too slow",
    "other",
)
NOT_SHIPPED = frozenset({"pending", "processed"})
"""Orders that can still be cancelled, re-addressed or paid differently."""
DELIVERED = "delivered"
SHIP_COUNTRIES = frozenset({"US", "USA", "United States"})
_PO_BOX = re.compile(r"\bP\.?\s*O\.?\s*Box\b", re.IGNORECASE)


@dataclass(frozen=True)
class ShopPolicy:
    return_window_days: int | None = 30
    """Days after delivery that returns and exchanges are accepted; None: no limit (a shop whose
    data has no delivery dates, such as the tau-bench retail shop)."""
    level_for_changes: IdentityLevel = "code"
    """How surely the customer must be known before an order changes: `knowledge` (email, or name
    plus zip: tau-bench's rule), `code` (a one-time code mailed to them) or `login` (signed in)."""


def check_cancel(order: Order, reason: str) -> Refusal | None:
    if order.status not in NOT_SHIPPED:
        return Refusal("not_cancellable", {"status": order.status})
    if reason not in CANCEL_REASONS:
        return Refusal("bad_reason", {"reason": reason})
    return None


def check_address_change(order: Order, address: ShippingAddress) -> Refusal | None:
    if order.status not in NOT_SHIPPED:
        return Refusal("already_shipped", {"status": order.status})
    if address.country not in SHIP_COUNTRIES:
        return Refusal("outside_usa", {"country": address.country})
    if order.shipping_method == "express" and _PO_BOX.search(address.line1):
        return Refusal("po_box_express")
    return None


def check_payment_change(
    order: Order, method: PaymentMethod, on_file: tuple[PaymentMethod, ...]
) -> Refusal | None:
    if order.status not in NOT_SHIPPED:
        return Refusal("already_shipped", {"status": order.status})
    if method.id not in {m.id for m in on_file}:
        return Refusal("not_on_file")
    if method.id == order.payment_method_id:
        return Refusal("same_method")
    if method.kind == "gift_card" and (method.balance_cents or 0) < order.total_cents:
        return Refusal("gift_card_balance", {"balance_cents": method.balance_cents or 0})
    return None


def check_return(
    order: Order,
    skus: tuple[str, ...],
    refund_to: PaymentMethod,
    on_file: tuple[PaymentMethod, ...],
    *,
    today: date,
    policy: ShopPolicy,
) -> Refusal | None:
    refusal = _check_delivered(order, skus, today=today, policy=policy)
    if refusal is not None:
        return refusal
    if refund_to.id != order.payment_method_id and not (
        refund_to.kind == "gift_card" and refund_to.id in {m.id for m in on_file}
    ):
        return Refusal("refund_method")
    return None


def check_exchange(
    order: Order,
    swaps: dict[str, Variant],
    *,
    today: date,
    policy: ShopPolicy,
) -> Refusal | None:
    """`swaps` maps an ordered item's SKU to the variant the customer wants instead."""
    refusal = _check_delivered(order, tuple(swaps), today=today, policy=policy)
    if refusal is not None:
        return refusal
    items = {i.sku: i for i in order.items}
    for sku, new in swaps.items():
        if new.product_id != items[sku].product_id:
            return Refusal("different_product", {"sku": sku, "new_sku": new.sku})
        if new.sku == sku:
            return Refusal("same_variant", {"sku": sku})
        if not new.is_available:
            return Refusal("unavailable", {"new_sku": new.sku})
    return None


def refund_timing(method: PaymentMethod) -> str:
    """When a refund arrives: gift cards at once, cards and PayPal in 5 to 7 business days."""
    return "immediately" if method.kind == "gift_card" else "5-7 business days"


def _check_delivered(
    order: Order, skus: tuple[str, ...], *, today: date, policy: ShopPolicy
) -> Refusal | None:
    if order.status != DELIVERED:
        return Refusal("not_delivered", {"status": order.status})
    if not skus:
        return Refusal("no_items")
    ordered = {i.sku for i in order.items}
    for sku in skus:
        if sku not in ordered:
            return Refusal("no_such_item", {"sku": sku})
    if policy.return_window_days is not None:
        delivered = max((s.delivered_at for s in order.shipments if s.delivered_at), default=None)
        if delivered is None:
            return Refusal("delivery_date_unknown")
        if (today - delivered).days > policy.return_window_days:
            return Refusal(
                "window_closed",
                {"delivered": delivered.isoformat(), "days": policy.return_window_days},
            )
    return None
