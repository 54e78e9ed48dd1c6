"""Writes to a customer's order: transactional, applied once, audited.

Each change runs in one transaction that
1. returns the earlier outcome if a change with the same idempotency key was applied (a double
   click, a repeated message, a retry after a timeout);
2. reads the order as it is now, scoped to the customer, and asks the caller's policy check again;
3. updates the order only if its status is still the one the check saw (a conditional UPDATE, so
   two sessions racing to cancel the same order cannot both win, on SQLite or PostgreSQL);
4. writes the refund or service-request rows and one audit row: who, what, before, after, and the
   conversation turn.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot import domain as d
from bot.errors import StoreError
from bot.store import models as m
from bot.store.repositories import order_record


@dataclass(frozen=True)
class Cancel:
    order_id: str
    reason: str


@dataclass(frozen=True)
class ChangeAddress:
    order_id: str
    address: d.ShippingAddress


@dataclass(frozen=True)
class ChangePayment:
    order_id: str
    method_id: str


@dataclass(frozen=True)
class ReturnItems:
    order_id: str
    skus: tuple[str, ...]
    refund_method_id: str


@dataclass(frozen=True)
class ExchangeItems:
    order_id: str
    swaps: tuple[tuple[str, str], ...]
    """(ordered SKU, new SKU) pairs."""
    payment_method_id: str


@dataclass(frozen=True)
class ModifyItems:
    """Swap items of an order not yet shipped for other variants of the same products."""

    order_id: str
    swaps: tuple[tuple[str, str], ...]
    """(ordered SKU, new SKU) pairs."""
    payment_method_id: str
    """Pays the price difference, or receives it back."""
    then_status: str | None = None
    """The order's status afterwards (the tau shop's "pending (items modified)"); None: as is."""


@dataclass(frozen=True)
class ChangeDefaultAddress:
    """The customer's own default address, for orders to come (not an order's)."""

    customer_id: str
    address: d.ShippingAddress

    @property
    def order_id(self) -> str:
        """No order: the change is to the customer's profile."""
        return ""


OrderChange = (
    Cancel
    | ChangeAddress
    | ChangePayment
    | ReturnItems
    | ExchangeItems
    | ModifyItems
    | ChangeDefaultAddress
)


@dataclass(frozen=True)
class Applied:
    change: OrderChange
    after: dict[str, Any]
    already: bool = False
    """True when this idempotency key had been applied before: nothing new was written."""


class NotFound:
    """No such order for this customer (another customer's order is not found, too)."""


Outcome = Applied | d.Refusal | NotFound
Check = Callable[[d.Order], d.Refusal | None]
"""The policy check, run on the order as it is inside the transaction."""
ATTEMPTS = 5
"""SQLite refuses a write whose transaction read before another's commit: retry it afresh."""


@dataclass(frozen=True)
class Actor:
    """Who asks for a change, for the audit log."""

    customer_id: str
    conversation_id: str | None = None
    turn_index: int | None = None
    via: str = "assistant"


class OrderChanges:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def payment_methods(self, customer_id: str) -> tuple[d.PaymentMethod, ...]:
        with self._sessions() as session:
            rows = session.scalars(
                select(m.PaymentMethod)
                .where(m.PaymentMethod.customer_id == customer_id)
                .order_by(m.PaymentMethod.id)
            )
            return tuple(payment_record(r) for r in rows)

    def variants(self, product_id: str) -> tuple[d.Variant, ...]:
        with self._sessions() as session:
            rows = session.scalars(
                select(m.Variant).where(m.Variant.product_id == product_id).order_by(m.Variant.sku)
            )
            return tuple(
                d.Variant(
                    sku=r.sku,
                    product_id=r.product_id,
                    options={k: str(v) for k, v in (r.options or {}).items()},
                    price_cents=r.price_cents,
                    is_available=r.is_available and (r.stock is None or r.stock > 0),
                )
                for r in rows
            )

    def apply(
        self, change: OrderChange, *, actor: Actor, key: str, check: Check, today: date
    ) -> Outcome:
        for attempt in range(ATTEMPTS):
            try:
                return self._apply(change, actor=actor, key=key, check=check, today=today)
            except IntegrityError:
                # A concurrent request applied the same key between our read and our write.
                earlier = self._earlier(key)
                if earlier is None:
                    raise StoreError("the change could not be saved") from None
                return Applied(change, earlier, already=True)
            except OperationalError as exc:
                if attempt == ATTEMPTS - 1:
                    raise StoreError("the database is busy; the change was not saved") from exc
                time.sleep(0.05 * (attempt + 1))
            except SQLAlchemyError as exc:
                raise StoreError(f"the change could not be saved: {type(exc).__name__}") from exc
        raise AssertionError("unreachable")

    def _earlier(self, key: str) -> dict[str, Any] | None:
        with self._sessions() as session:
            entry = session.scalars(
                select(m.AuditEntry).where(m.AuditEntry.idempotency_key == key)
            ).first()
            return None if entry is None else (entry.after or {})

    def _apply(
        self, change: OrderChange, *, actor: Actor, key: str, check: Check, today: date
    ) -> Outcome:
        with self._sessions() as session, session.begin():
            earlier = session.scalars(
                select(m.AuditEntry).where(m.AuditEntry.idempotency_key == key)
            ).first()
            if earlier is not None:
                return Applied(change, earlier.after or {}, already=True)
            if isinstance(change, ChangeDefaultAddress):
                return _change_default_address(session, change, actor, key)
            row = session.scalars(
                select(m.Order)
                .where(m.Order.id == change.order_id, m.Order.customer_id == actor.customer_id)
                .options(
                    selectinload(m.Order.items),
                    selectinload(m.Order.shipments),
                    selectinload(m.Order.refunds),
                )
            ).first()
            if row is None:
                return NotFound()
            refusal = check(order_record(row))
            if refusal is not None:
                return refusal
            before = _snapshot(row)
            if not _claim(session, row, change):
                return d.Refusal("changed_meanwhile", {"order_id": row.id})
            after = _write(session, row, change, today)
            session.add(_audit(change, actor, key, ("order", row.id), before, after))
        return Applied(change, after)


def payment_record(row: m.PaymentMethod) -> d.PaymentMethod:
    match row.kind:
        case "gift_card":
            label = "gift card"
        case "paypal":
            label = "PayPal" + (f" ({row.email})" if row.email else "")
        case _:
            label = f"{row.brand or 'card'} ending {row.last_four}" if row.last_four else "card"
    return d.PaymentMethod(row.id, row.kind, label, row.balance_cents)


def _snapshot(row: m.Order) -> dict[str, Any]:
    return {
        "status": row.status,
        "payment_method_id": row.payment_method_id,
        "address": [row.ship_line1, row.ship_line2, row.ship_city, row.ship_state, row.ship_zip],
        "items": sorted(i.sku for i in row.items),
    }


NEW_STATUS = {
    Cancel: "cancelled",
    ReturnItems: "return requested",
    ExchangeItems: "exchange requested",
}


def _claim(session: Session, row: m.Order, change: OrderChange) -> bool:
    """Move the order on only if nobody else did since we read it."""
    status = NEW_STATUS.get(type(change), row.status)
    if isinstance(change, ModifyItems) and change.then_status:
        status = change.then_status
    values: dict[str, Any] = {"status": status}
    result = session.execute(
        update(m.Order)
        .where(m.Order.id == row.id, m.Order.status == row.status)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    session.refresh(row)
    return True


def _write(session: Session, row: m.Order, change: OrderChange, today: date) -> dict[str, Any]:
    match change:
        case Cancel(reason=reason):
            row.cancel_reason = reason
            method = session.get(m.PaymentMethod, row.payment_method_id or "")
            _refund(session, row, method, row.total_cents, today, f"cancelled: {reason}")
            return {"status": row.status, "reason": reason, "refund_cents": row.total_cents}
        case ChangeAddress(address=a):
            row.ship_line1, row.ship_line2, row.ship_city = a.line1, a.line2, a.city
            row.ship_state, row.ship_zip, row.ship_country = a.state, a.zip, a.country
            return {"address": [a.line1, a.line2, a.city, a.state, a.zip, a.country]}
        case ChangePayment(method_id=method_id):
            old = session.get(m.PaymentMethod, row.payment_method_id or "")
            new = session.get(m.PaymentMethod, method_id)
            assert new is not None  # the policy check saw it on file
            if new.kind == "gift_card":
                new.balance_cents = (new.balance_cents or 0) - row.total_cents
            _refund(session, row, old, row.total_cents, today, "payment method changed")
            session.add(
                m.PaymentRow(
                    order_id=row.id, payment_method_id=method_id, amount_cents=row.total_cents
                )
            )
            row.payment_method_id = method_id
            return {"payment_method_id": method_id}
        case ReturnItems(skus=skus, refund_method_id=method_id):
            amount = sum(i.unit_price_cents * i.quantity for i in _lines(row, skus))
            session.add(
                m.ServiceRequest(
                    order_id=row.id,
                    kind="return",
                    status="requested",
                    skus=list(skus),
                    new_skus=[],
                    reason=f"refund {amount} cents to {method_id}",
                    created_at=today,
                )
            )
            return {
                "status": row.status,
                "skus": list(skus),
                "refund_cents": amount,
                "refund_method_id": method_id,
            }
        case ExchangeItems(swaps=swaps, payment_method_id=method_id):
            session.add(
                m.ServiceRequest(
                    order_id=row.id,
                    kind="exchange",
                    status="requested",
                    skus=[old for old, _ in swaps],
                    new_skus=[new for _, new in swaps],
                    reason=f"price difference via {method_id}",
                    created_at=today,
                )
            )
            return {"status": row.status, "swaps": [list(s) for s in swaps]}
        case ModifyItems(swaps=swaps, payment_method_id=method_id):
            return _modify_items(session, row, swaps, method_id, today)
        case ChangeDefaultAddress():
            raise AssertionError("a profile change, applied by _change_default_address")


def _refund(
    session: Session,
    row: m.Order,
    method: m.PaymentMethod | None,
    amount: int,
    today: date,
    reason: str,
) -> None:
    """Gift cards are refunded at once (their balance goes up); cards and PayPal take 5-7 days."""
    immediate = method is not None and method.kind == "gift_card"
    if immediate and method is not None:
        method.balance_cents = (method.balance_cents or 0) + amount
    session.add(
        m.RefundRow(
            order_id=row.id,
            payment_method_id=method.id if method else None,
            amount_cents=amount,
            status="completed" if immediate else "pending",
            reason=reason,
            created_at=today,
        )
    )


def _modify_items(
    session: Session,
    row: m.Order,
    swaps: tuple[tuple[str, str], ...],
    method_id: str,
    today: date,
) -> dict[str, Any]:
    """Each swapped line takes the new variant and its price; the difference is charged to the
    method (a gift card's balance goes down) or refunded to it."""
    difference = 0
    lines = _lines(row, tuple(old for old, _ in swaps))
    for line, (_, new_sku) in zip(lines, swaps, strict=True):
        variant = session.get(m.Variant, new_sku)
        assert variant is not None  # the policy check saw it
        difference += (variant.price_cents - line.unit_price_cents) * line.quantity
        line.sku, line.options, line.unit_price_cents = (
            new_sku,
            dict(variant.options),
            variant.price_cents,
        )
    row.total_cents += difference
    method = session.get(m.PaymentMethod, method_id)
    if difference > 0:
        if method is not None and method.kind == "gift_card":
            method.balance_cents = (method.balance_cents or 0) - difference
        session.add(
            m.PaymentRow(order_id=row.id, payment_method_id=method_id, amount_cents=difference)
        )
    elif difference < 0:
        _refund(session, row, method, -difference, today, "items changed")
    return {
        "status": row.status,
        "swaps": [list(s) for s in swaps],
        "difference_cents": difference,
        "payment_method_id": method_id,
    }


def _lines(row: m.Order, skus: tuple[str, ...]) -> list[m.OrderLine]:
    """The order's lines the SKUs name, one line per mention: an order with two lines of the same
    SKU gives one for a SKU named once."""
    left = list(row.items)
    chosen = []
    for sku in skus:
        line = next(i for i in left if i.sku == sku)
        left.remove(line)
        chosen.append(line)
    return chosen


def _change_default_address(
    session: Session, change: ChangeDefaultAddress, actor: Actor, key: str
) -> Outcome:
    if change.customer_id != actor.customer_id:
        return NotFound()  # only one's own profile
    customer = session.get(m.Customer, change.customer_id)
    if customer is None:
        return NotFound()
    a = change.address
    default = next((x for x in customer.addresses if x.is_default), None)
    before = None if default is None else _address_fields(default)
    if default is None:
        default = m.Address(customer_id=customer.id, label="default", is_default=True)
        session.add(default)
    default.line1, default.line2, default.city = a.line1, a.line2, a.city
    default.state, default.zip, default.country = a.state, a.zip, a.country
    after = {"address": [a.line1, a.line2, a.city, a.state, a.zip, a.country]}
    session.add(_audit(change, actor, key, ("customer", customer.id), {"address": before}, after))
    return Applied(change, after)


def _audit(
    change: OrderChange,
    actor: Actor,
    key: str,
    entity: tuple[str, str],
    before: dict[str, Any],
    after: dict[str, Any],
) -> m.AuditEntry:
    """The audit row of a change: who, what, on which order or customer, before and after."""
    return m.AuditEntry(
        actor=f"customer:{actor.customer_id} via {actor.via}",
        action=type(change).__name__,
        entity=entity[0],
        entity_id=entity[1],
        before=before,
        after=after,
        conversation_id=actor.conversation_id,
        turn_id=actor.turn_index,
        idempotency_key=key,
    )


def _address_fields(row: m.Address) -> list[str | None]:
    return [row.line1, row.line2, row.city, row.state, row.zip, row.country]
