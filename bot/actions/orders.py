"""Order changes as two steps: propose (check the policy, list exactly what will change) and confirm
(apply once, after an explicit yes). The rasa_sdk Actions and the orchestrator both use this.

A proposal is plain JSON, so it can wait in the dialogue state or in a Rasa slot between the two
turns. Confirming re-checks the policy inside the write's transaction, against the order as it is
then: a proposal that went stale (the order shipped meanwhile) is refused, not applied.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from bot import domain as d
from bot.actions import policy
from bot.store.changes import (
    Actor,
    Cancel,
    ChangeAddress,
    ChangePayment,
    ExchangeItems,
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

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "from": self.old_sku, "to": self.new_sku}


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


ChangeSummary = CancelSummary | AddressSummary | PaymentSummary | ReturnSummary | ExchangeSummary
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
        """cancel, change_address, change_payment, return or exchange."""
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
    if kind == "change_address":
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
            swaps = [Swap(i["name"], i["from"], i["to"]) for i in data["items"]]
            return ExchangeSummary(swaps, data["payment_method"])
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
        order = self._orders.get_for_customer(change.order_id, customer_id)
        if order is None:
            return NotFound()
        on_file = self._changes.payment_methods(customer_id)
        refusal = self._check(change, on_file)(order)
        if refusal is not None:
            return refusal
        return Proposal(
            change=change, summary=self._summary(change, order, on_file), id=secrets.token_hex(12)
        )

    def confirm(self, proposal: Proposal, actor: Actor) -> Outcome:
        change = proposal.change
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
        match change:
            case Cancel(reason=reason):
                return lambda order: policy.check_cancel(order, reason)
            case ChangeAddress(address=address):
                return lambda order: policy.check_address_change(order, address)
            case ChangePayment(method_id=method_id):
                new_method = _method(on_file, method_id)
                if new_method is None:
                    return lambda order: d.Refusal("not_on_file")
                chosen: d.PaymentMethod = new_method
                return lambda order: policy.check_payment_change(order, chosen, on_file)
            case ReturnItems(skus=skus, refund_method_id=method_id):
                refund_method = _method(on_file, method_id)
                if refund_method is None:
                    return lambda order: d.Refusal("refund_method")
                refund_to: d.PaymentMethod = refund_method
                return lambda order: policy.check_return(
                    order, skus, refund_to, on_file, today=today, policy=self._policy
                )
            case ExchangeItems(swaps=swaps, payment_method_id=method_id):
                wanted = dict(swaps)

                def check(order: d.Order) -> d.Refusal | None:
                    if _method(on_file, method_id) is None:
                        return d.Refusal("not_on_file")
                    variants = {
                        v.sku: v
                        for item in order.items
                        if item.sku in wanted and item.product_id
                        for v in self._changes.variants(item.product_id)
                    }
                    missing = [new for new in wanted.values() if new not in variants]
                    if missing:
                        return d.Refusal("different_product", {"new_sku": missing[0]})
                    return policy.check_exchange(
                        order,
                        {old: variants[new] for old, new in wanted.items()},
                        today=today,
                        policy=self._policy,
                    )

                return check

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
            case ChangeAddress(address=a):
                return AddressSummary(
                    ", ".join(x for x in (a.line1, a.line2, a.city, a.state, a.zip) if x)
                )
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
                    items=[Swap(items[old].name, old, new) for old, new in swaps],
                    payment_method=on_file[method_id].label,
                )


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
