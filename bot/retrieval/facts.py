"""The facts stage: pull the verified customer's order data that the intent needs, and nothing else."""

from __future__ import annotations

import re

from bot.domain import CustomerId, OrderId
from bot.intents import PERSONAL_INTENTS
from bot.matching import orders_by_amount_or_date, orders_in_said_status, orders_with_items
from bot.store.repositories import OrderRepository
from bot.turn import (
    FactsResult,
    IdentityResult,
    NoFacts,
    NoOrders,
    OrderChoice,
    OrderFacts,
    OrderNotFound,
    Understanding,
    Verified,
)

ACTIVE_STATUSES = ("pending", "processed", "shipped")
REFUND_INTENTS = frozenset({"track_refund", "get_refund"})
REFUND_STATUSES = ("cancelled", "returned", "return requested")
"""Orders a refund is about: "where is my refund?" means one of these."""
_THE_OTHER = re.compile(r"\bthe other (?:one|order)\b|另一个", re.IGNORECASE)
MAX_ORDERS = 50
"""Orders searched for the one the customer describes."""
LISTED = 10
"""Orders listed when the customer must choose."""


class OrderFactGatherer:
    def __init__(self, orders: OrderRepository) -> None:
        self._orders = orders

    def warm_up(self) -> None:
        """Nothing to load."""

    def run(
        self,
        understanding: Understanding,
        identity: IdentityResult,
        text: str = "",
        last_order: str | None = None,
    ) -> FactsResult:
        """`text` is the message (with the request it answers): "my watch order", "the one that
        hasn't shipped" name an order as well as its id does; "the other one" is not
        `last_order`, the order the conversation was about."""
        if not isinstance(identity, Verified) or understanding.intent not in PERSONAL_INTENTS:
            return NoFacts()
        customer_id = identity.customer.id
        if understanding.entities.order_ids:
            return self._one(OrderId(understanding.entities.order_ids[0]), customer_id)
        orders = self._orders.list_for_customer(customer_id, limit=MAX_ORDERS)
        if not orders:
            return NoOrders()
        if last_order is not None and _THE_OTHER.search(text):
            orders = [o for o in orders if o.id != last_order] or orders
        entities = understanding.entities
        described = orders_by_amount_or_date(
            orders_in_said_status(text, orders_with_items(text, orders) or orders),
            entities.amounts_cents,
            entities.dates,
        )
        if described and len(described) < len(orders):
            orders = described  # the ones the customer describes
        elif understanding.intent in REFUND_INTENTS:
            refunded = [o for o in orders if o.status in REFUND_STATUSES]
            orders = refunded or orders
        active = [o for o in orders if o.status in ACTIVE_STATUSES]
        if len(orders) == 1 or len(active) == 1:
            return self._one((active or orders)[0].id, customer_id)
        return OrderChoice(orders=tuple(orders[:LISTED]))

    def _one(self, order_id: OrderId, customer_id: CustomerId) -> FactsResult:
        order = self._orders.get_for_customer(order_id, customer_id)
        return OrderFacts(order) if order is not None else OrderNotFound(order_id)
