"""The shop's rules for changing an order: one typed policy, read from the shop's own policy file
(YAML) and checked before any write.

The demo shop's file is `knowledge/policy.yml`; customers read the same rules in
`knowledge/policies/` (and `knowledge/POLICY_FACTS.md`), and the tests tie the two together. The tau
shop's is `data/tau_retail/policy.yml`, written from its policy_wiki.md. Every check returns None
when the change is allowed, or a `Refusal` whose code names the rule, so a reply can say exactly
why; the check is repeated inside the write's transaction, against the row as it is then.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.domain import (
    IdentityLevel,
    Order,
    PaymentMethod,
    Refusal,
    ShippingAddress,
    Variant,
)
from bot.errors import ConfigError

ITEMS_MODIFIED = "pending (items modified)"
_PO_BOX = re.compile(r"\bP\.?\s*O\.?\s*Box\b", re.IGNORECASE)


class _Rules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CancelRules(_Rules):
    statuses: frozenset[str] = frozenset({"pending", "processed"})
    """Order statuses that may be cancelled."""
    reasons: tuple[str, ...] = (
        "no longer needed",
        "ordered by mistake",
        "found a better price",
        "delivery too slow",
        "other",
    )
    """The reasons a customer may give; a cancellation needs one of them."""


class ModifyRules(_Rules):
    statuses: frozenset[str] = frozenset({"pending", "processed"})
    """Statuses in which the address, the payment method and the items may change."""
    items: bool = True
    """Whether an order's items may be swapped for other variants of the same products."""
    items_once: bool = False
    """After its items were changed once, an order may not be changed or cancelled again: it
    becomes "pending (items modified)", a status no rule allows changes in."""

    @property
    def status_after_items(self) -> str | None:
        """The order's status after an item change; None: it stays as it was."""
        return ITEMS_MODIFIED if self.items_once else None


class ReturnRules(_Rules):
    statuses: frozenset[str] = frozenset({"delivered"})
    window_days: int | None = Field(default=30, ge=0)
    """Days after delivery; null: no limit (a shop whose data has no delivery dates)."""
    refund_to: tuple[Literal["original", "gift_card"], ...] = ("original", "gift_card")
    """Where a refund may go: the method the order was paid with, a gift card on file."""


class ExchangeRules(_Rules):
    statuses: frozenset[str] = frozenset({"delivered"})
    window_days: int | None = Field(default=30, ge=0)


class ShopPolicy(_Rules):
    """A shop's rules for changing orders. The defaults are the demo shop's."""

    cancel: CancelRules = CancelRules()
    modify: ModifyRules = ModifyRules()
    returns: ReturnRules = ReturnRules()
    exchanges: ExchangeRules = ExchangeRules()
    ship_to_countries: frozenset[str] = frozenset({"US", "USA", "United States"})
    po_box_for_express: bool = False
    """Whether express orders may be delivered to a P.O. box."""
    identity_for_changes: IdentityLevel = "code"
    """How surely the customer must be known before an order changes: `knowledge` (email, or name
    plus zip: tau-bench's rule), `code` (a one-time code mailed to them) or `login` (signed in).
    `BOT_IDENTITY_FOR_CHANGES` overrides it."""

    @property
    def level_for_changes(self) -> IdentityLevel:
        return self.identity_for_changes

    def statuses_for(self, kind: str) -> frozenset[str] | None:
        """The order statuses a change of this kind applies to; None for an unknown kind."""
        return {
            "cancel": self.cancel.statuses,
            "change_address": self.modify.statuses,
            "change_payment": self.modify.statuses,
            "modify_items": self.modify.statuses,
            "return": self.returns.statuses,
            "exchange": self.exchanges.statuses,
        }.get(kind)


def load_policy(path: Path) -> ShopPolicy:
    """The policy in a YAML file, or a ConfigError naming the file and the first bad rule."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read the policy file {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    try:
        return ShopPolicy.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ConfigError(f"{path}: {where}: {first['msg']}") from None


def check_cancel(order: Order, reason: str, policy: ShopPolicy) -> Refusal | None:
    if order.status not in policy.cancel.statuses:
        detail: dict[str, str | int] = {
            "status": order.status,
            "allowed": _either(policy.cancel.statuses),
        }
        if policy.returns.window_days is not None:
            detail["return_days"] = policy.returns.window_days
        return Refusal("not_cancellable", detail)
    if reason not in policy.cancel.reasons:
        return Refusal(
            "bad_reason", {"reason": reason, "reasons": ", ".join(policy.cancel.reasons)}
        )
    return None


def _either(statuses: frozenset[str]) -> str:
    """ "pending or processed": the statuses a rule allows, for a reply."""
    ordered = sorted(statuses)
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " or " + ordered[-1]


def _not_modifiable(order: Order, policy: ShopPolicy) -> Refusal:
    return Refusal(
        "already_shipped",
        {
            "status": order.status,
            "allowed": _either(policy.modify.statuses),
            "items": int(policy.modify.items),
        },
    )


def check_address_change(
    order: Order, address: ShippingAddress, policy: ShopPolicy
) -> Refusal | None:
    if order.status not in policy.modify.statuses:
        return _not_modifiable(order, policy)
    return check_address(address, policy, express=order.shipping_method == "express")


def check_address(
    address: ShippingAddress, policy: ShopPolicy, *, express: bool = False
) -> Refusal | None:
    """An address the shop delivers to (an order's, or the customer's default)."""
    if address.country not in policy.ship_to_countries:
        return Refusal("outside_usa", {"country": address.country})
    if express and not policy.po_box_for_express and _PO_BOX.search(address.line1):
        return Refusal("po_box_express")
    return None


def check_payment_change(
    order: Order, method: PaymentMethod, on_file: tuple[PaymentMethod, ...], policy: ShopPolicy
) -> Refusal | None:
    if order.status not in policy.modify.statuses:
        return _not_modifiable(order, policy)
    if method.id not in {m.id for m in on_file}:
        return Refusal("not_on_file")
    if method.id == order.payment_method_id:
        return Refusal("same_method")
    if method.kind == "gift_card" and (method.balance_cents or 0) < order.total_cents:
        return Refusal(
            "gift_card_balance", {"balance_cents": method.balance_cents or 0, "covers": "total"}
        )
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
    rules = policy.returns
    refusal = _check_delivered(order, skus, rules.statuses, rules.window_days, today=today)
    if refusal is not None:
        return refusal
    original = "original" in rules.refund_to and refund_to.id == order.payment_method_id
    gift_card = (
        "gift_card" in rules.refund_to
        and refund_to.kind == "gift_card"
        and refund_to.id in {m.id for m in on_file}
    )
    if not (original or gift_card):
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
    rules = policy.exchanges
    refusal = _check_delivered(order, tuple(swaps), rules.statuses, rules.window_days, today=today)
    return refusal or _check_swaps(order, swaps)


def check_item_change(
    order: Order,
    swaps: dict[str, Variant],
    pays: PaymentMethod | None,
    policy: ShopPolicy,
) -> Refusal | None:
    """Swapping items of an order not yet shipped for other variants of the same products; `pays`
    settles the price difference (a gift card must cover what is to pay)."""
    if not policy.modify.items:
        return Refusal("items_not_changeable")
    if order.status not in policy.modify.statuses:
        return _not_modifiable(order, policy)
    if not swaps:
        return Refusal("no_items")
    refusal = _check_swaps(order, swaps)
    if refusal is not None:
        return refusal
    if pays is None:
        return Refusal("not_on_file")
    to_pay = price_difference(order, swaps)
    if pays.kind == "gift_card" and to_pay > (pays.balance_cents or 0):
        return Refusal(
            "gift_card_balance", {"balance_cents": pays.balance_cents or 0, "covers": "difference"}
        )
    return None


def price_difference(order: Order, swaps: dict[str, Variant]) -> int:
    """What the customer pays (positive) or gets back (negative) for the swaps, in cents."""
    prices = {i.sku: i.unit_price_cents for i in order.items}
    return sum(new.price_cents - prices[old] for old, new in swaps.items())


def refund_timing(method: PaymentMethod) -> str:
    """When a refund arrives: gift cards at once, cards and PayPal in 5 to 7 business days."""
    return "immediately" if method.kind == "gift_card" else "5-7 business days"


def _check_swaps(order: Order, swaps: dict[str, Variant]) -> Refusal | None:
    items = {i.sku: i for i in order.items}
    for sku, new in swaps.items():
        if sku not in items:
            return Refusal("no_such_item", {"sku": sku})
        if new.product_id != items[sku].product_id:
            return Refusal("different_product", {"sku": sku, "new_sku": new.sku})
        if new.sku == sku:
            return Refusal("same_variant", {"sku": sku})
        if not new.is_available:
            return Refusal("unavailable", {"new_sku": new.sku})
    return None


def _check_delivered(
    order: Order,
    skus: tuple[str, ...],
    statuses: frozenset[str],
    window_days: int | None,
    *,
    today: date,
) -> Refusal | None:
    if order.status not in statuses:
        return Refusal("not_delivered", {"status": order.status})
    if not skus:
        return Refusal("no_items")
    ordered = {i.sku for i in order.items}
    for sku in skus:
        if sku not in ordered:
            return Refusal("no_such_item", {"sku": sku})
    if window_days is not None:
        delivered = max((s.delivered_at for s in order.shipments if s.delivered_at), default=None)
        if delivered is None:
            return Refusal("delivery_date_unknown")
        if (today - delivered).days > window_days:
            return Refusal(
                "window_closed", {"delivered": delivered.isoformat(), "days": window_days}
            )
    return None
