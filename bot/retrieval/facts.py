"""The facts stage: pull the verified customer's order data that the intent needs, and nothing else."""

from __future__ import annotations

from bot.domain import CustomerId, OrderId
from bot.intents import PERSONAL_INTENTS
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


class OrderFactGatherer:
    def __init__(self, orders: OrderRepository) -> None:
        self._orders = orders

    def warm_up(self) -> None:
        """Nothing to load."""

    def run(self, understanding: Understanding, identity: IdentityResult) -> FactsResult:
        if not isinstance(identity, Verified) or understanding.intent not in PERSONAL_INTENTS:
            return NoFacts()
        customer_id = identity.customer.id
        if understanding.entities.order_ids:
            return self._one(OrderId(understanding.entities.order_ids[0]), customer_id)
        orders = self._orders.list_for_customer(customer_id)
        if not orders:
            return NoOrders()
        active = [o for o in orders if o.status in ACTIVE_STATUSES]
        if len(orders) == 1 or len(active) == 1:
            return self._one((active or orders)[0].id, customer_id)
        return OrderChoice(orders=tuple(orders))

    def _one(self, order_id: OrderId, customer_id: CustomerId) -> FactsResult:
        order = self._orders.get_for_customer(order_id, customer_id)
        return OrderFacts(order) if order is not None else OrderNotFound(order_id)
