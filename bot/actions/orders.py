"""Order changes as two steps: propose (check the policy, list exactly what will change) and confirm
(apply once, after an explicit yes). The rasa_sdk Actions and the orchestrator both use this.

A proposal is plain JSON, so it can wait in the dialogue state or in a Rasa slot between the two
turns. Confirming re-checks the policy inside the write's transaction, against the order as it is
then: a proposal that went stale (the order shipped meanwhile) is refused, not applied.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any

from bot import domain as d
from bot.actions import policy
from bot.store.changes import (
    Actor,
    Cancel,
    ChangeAddress,
    ChangeDefaultAddress,
    ChangePayment,
    ExchangeItems,
    ModifyItems,
    NotFound,
    OrderChange,
    OrderChanges,
    Outcome,
    ReturnItems,
)
from bot.store.repositories import OrderRepository

CHANGE_TYPES: dict[str, type[OrderChange]] = {
    "cancel": Cancel,
    "change_address": ChangeAddress,
    "change_payment": ChangePayment,
    "return": ReturnItems,
    "exchange": ExchangeItems,
    "modify_items": ModifyItems,
    "change_default_address": ChangeDefaultAddress,
}
_KIND_OF = {cls: kind for kind, cls in CHANGE_TYPES.items()}


@dataclass(frozen=True)
class CancelSummary:
    items: list[str]
    reason: str
    refund_cents: int
    refund_to: str
    refund_timing: str
    """`immediately` (a gift card) or `5-7 business days`; "" when the method is unknown."""


@dataclass(frozen=True)
class AddressSummary:
    address: str
    """The new address on one line."""


@dataclass(frozen=True)
class PaymentSummary:
    paid_with: str
    """The method on the order now (JSON: `from`)."""
    pay_with: str
    """The method that will pay instead (JSON: `to`)."""
    amount_cents: int

    def to_json(self) -> dict[str, Any]:
        return {"from": self.paid_with, "to": self.pay_with, "amount_cents": self.amount_cents}


@dataclass(frozen=True)
class ReturnSummary:
    items: list[str]
    refund_cents: int
    refund_to: str
    refund_timing: str


@dataclass(frozen=True)
class Swap:
    name: str
    old_sku: str
    """JSON: `from`."""
    new_sku: str
    """JSON: `to`."""
    was: str = ""
    """The ordered variant's options as a customer reads them ("color black, size 8")."""
    becomes: str = ""
    """The new variant's options."""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "from": self.old_sku,
            "to": self.new_sku,
            "was": self.was,
            "becomes": self.becomes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Swap:
        return cls(
            data["name"], data["from"], data["to"], data.get("was", ""), data.get("becomes", "")
        )


@dataclass(frozen=True)
class ExchangeSummary:
    items: list[Swap]
    payment_method: str
    """Settles any price difference."""

    def to_json(self) -> dict[str, Any]:
        return {
            "items": [swap.to_json() for swap in self.items],
            "payment_method": self.payment_method,
        }


@dataclass(frozen=True)
class ModifyItemsSummary:
    items: list[Swap]
    payment_method: str
    difference_cents: int
    """To pay (positive) or to be refunded (negative)."""
    final: bool
    """After this change the order's items cannot be changed again, nor the order cancelled."""

    def to_json(self) -> dict[str, Any]:
        return {
            "items": [swap.to_json() for swap in self.items],
            "payment_method": self.payment_method,
            "difference_cents": self.difference_cents,
            "final": self.final,
        }


ChangeSummary = (
    CancelSummary
    | AddressSummary
    | PaymentSummary
    | ReturnSummary
    | ExchangeSummary
    | ModifyItemsSummary
)
"""What the customer is shown before saying yes: items, amounts, refund method, address."""


@dataclass(frozen=True)
class Proposal:
    change: OrderChange
    summary: ChangeSummary
    id: str
    """A random token naming this proposal. Its Yes/No buttons carry it, so an answer applies only
    to the proposal it was given for; confirming it twice applies it once (the idempotency key)."""

    @property
    def kind(self) -> str:
        """cancel, change_address, change_payment, return, exchange, modify_items or
        change_default_address."""
        return _KIND_OF[type(self.change)]

    @property
    def order_id(self) -> str:
        return self.change.order_id

    def to_json(self) -> dict[str, Any]:
        """The proposal as it waits in the dialogue state or a Rasa slot, and as templates read it."""
        return {
            "kind": self.kind,
            "order_id": self.order_id,
            "change": as_json(self.change),
            "summary": as_json(self.summary),
            "id": self.id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Proposal:
        kind = str(data["kind"])
        return cls(
            change=_change_from_json(kind, data["change"]),
            summary=_summary_from_json(kind, data["summary"]),
            id=str(data["id"] if "id" in data else data["key"]),  # "key": before proposals had ids
        )


def _change_from_json(kind: str, fields: dict[str, Any]) -> OrderChange:
    fields = dict(fields)
    if kind in ("change_address", "change_default_address"):
        fields["address"] = d.ShippingAddress(**fields["address"])
    for name in ("skus", "swaps"):
        if name in fields:
            fields[name] = tuple(tuple(x) if isinstance(x, list) else x for x in fields[name])
    return CHANGE_TYPES[kind](**fields)


def _summary_from_json(kind: str, data: dict[str, Any]) -> ChangeSummary:
    match kind:
        case "cancel":
            return CancelSummary(**data)
        case "change_address":
            return AddressSummary(**data)
        case "change_payment":
            return PaymentSummary(data["from"], data["to"], data["amount_cents"])
        case "return":
            return ReturnSummary(**data)
        case "exchange":
            swaps = [Swap.from_json(i) for i in data["items"]]
            return ExchangeSummary(swaps, data["payment_method"])
        case "modify_items":
            swaps = [Swap.from_json(i) for i in data["items"]]
            return ModifyItemsSummary(
                swaps, data["payment_method"], data["difference_cents"], data["final"]
            )
        case "change_default_address":
            return AddressSummary(**data)
    raise ValueError(f"unknown change kind {kind!r}")


Proposed = Proposal | d.Refusal | NotFound


class OrderActions:
    def __init__(
        self,
        orders: OrderRepository,
        changes: OrderChanges,
        *,
        shop_policy: policy.ShopPolicy,
        today: Callable[[], date],
    ) -> None:
        self._orders = orders
        self._changes = changes
        self._policy = shop_policy
        self._today = today

    def propose(self, change: OrderChange, customer_id: str) -> Proposed:
        if isinstance(change, ChangeDefaultAddress):
            if change.customer_id != customer_id:
                return NotFound()
            refusal = policy.check_address(change.address, self._policy)
            if refusal is not None:
                return refusal
            summary: ChangeSummary = AddressSummary(one_line(change.address))
            return Proposal(change=change, summary=summary, id=secrets.token_hex(12))
        order = self._orders.get_for_customer(change.order_id, customer_id)
        if order is None:
            return NotFound()
        on_file = self._changes.payment_methods(customer_id)
        if isinstance(change, ModifyItems):
            change = replace(change, then_status=self._policy.modify.status_after_items)
        refusal = self._check(change, on_file)(order)
        if refusal is not None:
            return refusal
        return Proposal(
            change=change, summary=self._summary(change, order, on_file), id=secrets.token_hex(12)
        )

    def confirm(self, proposal: Proposal, actor: Actor) -> Outcome:
        change = proposal.change
        if isinstance(change, ChangeDefaultAddress):
            refusal = policy.check_address(change.address, self._policy)
            if refusal is not None:
                return refusal
        return self._changes.apply(
            change,
            actor=actor,
            key=proposal.id,
            check=self._check(change, self._changes.payment_methods(actor.customer_id)),
            today=self._today(),
        )

    def payment_methods(self, customer_id: str) -> tuple[d.PaymentMethod, ...]:
        return self._changes.payment_methods(customer_id)

    def variants(self, product_id: str) -> tuple[d.Variant, ...]:
        return self._changes.variants(product_id)

    def _check(
        self, change: OrderChange, on_file: tuple[d.PaymentMethod, ...]
    ) -> Callable[[d.Order], d.Refusal | None]:
        today = self._today()
        rules = self._policy
        match change:
            case Cancel(reason=reason):
                return lambda order: policy.check_cancel(order, reason, rules)
            case ChangeAddress(address=address):
                return lambda order: policy.check_address_change(order, address, rules)
            case ChangeDefaultAddress(address=address):
                return lambda order: policy.check_address(address, rules)
            case ChangePayment(method_id=method_id):
                new_method = _method(on_file, method_id)
                if new_method is None:
                    return lambda order: d.Refusal("not_on_file")
                chosen: d.PaymentMethod = new_method
                return lambda order: policy.check_payment_change(order, chosen, on_file, rules)
            case ModifyItems(swaps=swaps, payment_method_id=method_id):
                pays = _method(on_file, method_id)

                def check_items(order: d.Order) -> d.Refusal | None:
                    variants = self._new_variants(order, dict(swaps))
                    if isinstance(variants, d.Refusal):
                        return variants
                    return self._in_stock_instead(
                        policy.check_item_change(order, variants, pays, rules), variants
                    )

                return check_items
            case ReturnItems(skus=skus, refund_method_id=method_id):
                refund_method = _method(on_file, method_id)
                if refund_method is None:
                    return lambda order: d.Refusal("refund_method")
                refund_to: d.PaymentMethod = refund_method
                return lambda order: policy.check_return(
                    order, skus, refund_to, on_file, today=today, policy=self._policy
                )
            case ExchangeItems(swaps=swaps, payment_method_id=method_id):

                def check(order: d.Order) -> d.Refusal | None:
                    if _method(on_file, method_id) is None:
                        return d.Refusal("not_on_file")
                    variants = self._new_variants(order, dict(swaps))
                    if isinstance(variants, d.Refusal):
                        return variants
                    return self._in_stock_instead(
                        policy.check_exchange(order, variants, today=today, policy=rules), variants
                    )

                return check
        raise AssertionError(f"no check for {type(change).__name__}")

    def _in_stock_instead(
        self, refusal: d.Refusal | None, variants: dict[str, d.Variant]
    ) -> d.Refusal | None:
        """An out-of-stock variant's refusal names it, and the variants of it in stock."""
        if refusal is None or refusal.code != "unavailable":
            return refusal
        wanted = next(v for v in variants.values() if v.sku == refusal.detail.get("new_sku"))
        available = [
            v
            for v in self._changes.variants(wanted.product_id)
            if v.is_available and v.sku not in variants
        ]
        # the closest to the wanted one first: the most options in common
        available.sort(key=lambda v: -sum(v.options.get(k) == x for k, x in wanted.options.items()))
        in_stock = [variant_label(v.options) for v in available]
        detail = {**refusal.detail, "wanted": variant_label(wanted.options)}
        if in_stock:
            detail["in_stock"] = "; ".join(in_stock[:6])
        return d.Refusal(refusal.code, detail)

    def _swaps(self, order: d.Order, swaps: tuple[tuple[str, str], ...]) -> list[Swap]:
        items = {i.sku: i for i in order.items}
        variants = self._new_variants(order, dict(swaps))
        assert not isinstance(variants, d.Refusal)  # checked before
        return [
            Swap(
                items[old].name,
                old,
                new,
                variant_label(items[old].options),
                variant_label(variants[old].options),
            )
            for old, new in swaps
        ]

    def _new_variants(
        self, order: d.Order, wanted: dict[str, str]
    ) -> dict[str, d.Variant] | d.Refusal:
        """The variants the ordered SKUs are to become, each of the same product."""
        variants = {
            v.sku: v
            for item in order.items
            if item.sku in wanted and item.product_id
            for v in self._changes.variants(item.product_id)
        }
        missing = [new for new in wanted.values() if new not in variants]
        if missing:
            return d.Refusal("different_product", {"new_sku": missing[0]})
        return {old: variants[new] for old, new in wanted.items()}

    def _summary(
        self, change: OrderChange, order: d.Order, methods: tuple[d.PaymentMethod, ...]
    ) -> ChangeSummary:
        on_file = {m.id: m for m in methods}
        paid_with = on_file.get(order.payment_method_id or "")
        items = {i.sku: i for i in order.items}
        match change:
            case Cancel(reason=reason):
                return CancelSummary(
                    items=[i.name for i in order.items],
                    reason=reason,
                    refund_cents=order.total_cents,
                    refund_to=paid_with.label if paid_with else "the original payment method",
                    refund_timing=policy.refund_timing(paid_with) if paid_with else "",
                )
            case ChangeAddress(address=a) | ChangeDefaultAddress(address=a):
                return AddressSummary(one_line(a))
            case ChangePayment(method_id=method_id):
                return PaymentSummary(
                    paid_with=paid_with.label if paid_with else "",
                    pay_with=on_file[method_id].label,
                    amount_cents=order.total_cents,
                )
            case ReturnItems(skus=skus, refund_method_id=method_id):
                returned = [items[s] for s in skus]
                return ReturnSummary(
                    items=[i.name for i in returned],
                    refund_cents=sum(i.unit_price_cents * i.quantity for i in returned),
                    refund_to=on_file[method_id].label,
                    refund_timing=policy.refund_timing(on_file[method_id]),
                )
            case ExchangeItems(swaps=swaps, payment_method_id=method_id):
                return ExchangeSummary(
                    items=self._swaps(order, swaps), payment_method=on_file[method_id].label
                )
            case ModifyItems(swaps=swaps, payment_method_id=method_id, then_status=then):
                variants = self._new_variants(order, dict(swaps))
                assert not isinstance(variants, d.Refusal)  # checked before
                return ModifyItemsSummary(
                    items=self._swaps(order, swaps),
                    payment_method=on_file[method_id].label,
                    difference_cents=policy.price_difference(order, variants),
                    final=then is not None,
                )
        raise AssertionError(f"no summary for {type(change).__name__}")


def one_line(a: d.ShippingAddress) -> str:
    return ", ".join(x for x in (a.line1, a.line2, a.city, a.state, a.zip) if x)


def variant_label(options: dict[str, str]) -> str:
    """A variant as a customer reads it: "color black, capacity 1.5L"."""
    return ", ".join(f"{k} {v}" for k, v in options.items())


def _method(on_file: tuple[d.PaymentMethod, ...], method_id: str) -> d.PaymentMethod | None:
    return next((m for m in on_file if m.id == method_id), None)


def as_json(value: Any) -> Any:
    """Records (dataclasses, dates, tuples) as JSON, for proposals, slots and messages."""
    if hasattr(value, "to_json"):  # a record that names its JSON fields itself
        return as_json(value.to_json())
    if hasattr(value, "__dataclass_fields__"):
        return as_json(asdict(value))
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
