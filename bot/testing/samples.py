"""Sample records shared by tests and benches, so both measure the same turn."""

from __future__ import annotations

from datetime import date, datetime

from bot.domain import CustomerId, Order, OrderId, OrderItem, Shipment
from bot.generation.plan import ReplyPlan
from bot.reply_kinds import OrderStatusReply

SHIPPED_ORDER = Order(
    id=OrderId("ORD-10042"),
    customer_id=CustomerId("C-1"),
    status="shipped",
    placed_at=datetime(2026, 11, 18, 10),
    shipping_method="standard",
    total_cents=19999,
    ship_city="Austin",
    ship_state="TX",
    ship_zip="73301",
    items=(OrderItem("P-1001-BLK", "P-1001", "Aurora Halo ANC Headphones", {}, 1, 19999),),
    shipments=(
        Shipment(
            "UPS",
            "1Z999AA10123456784",
            date(2026, 11, 20),
            date(2026, 11, 25),
            None,
            ("P-1001-BLK",),
        ),
    ),
    refunds=(),
)
"""One pair of headphones, shipped by UPS on 2026-11-20, due 2026-11-25."""

ORDER_STATUS_PLAN = ReplyPlan(
    OrderStatusReply(SHIPPED_ORDER, "track_order", date(2026, 11, 22)), "en"
)
"""A typical order-status turn about `SHIPPED_ORDER`, asked on 2026-11-22."""
