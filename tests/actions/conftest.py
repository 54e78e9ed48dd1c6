"""A shop with an order in every state an action cares about, on a real database."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.actions.policy import ShopPolicy
from bot.actions.services import Services, build_services
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.importer import import_shop
from tests.shopdata import shop_records, write_shop

TODAY = date(2026, 11, 22)


def action_shop() -> dict:
    records = copy.deepcopy(shop_records())
    headphones = records["products"][0]
    headphones["variants"].append(
        {"sku": "P-1001-BLU", "options": {"color": "blue"}, "price": 199.99, "stock": 5}
    )
    ann = records["customers"][0]
    ann["payment_methods"].append({"id": "PM-0001-2", "kind": "gift_card", "balance": 500.0})
    records["orders"] += [
        {
            "id": "ORD-20004",
            "customer": "C-0001",
            "status": "pending",
            "placed_at": "2026-11-21T10:00:00",
            "payment_method": "PM-0001-1",
            "shipping_method": "express",
            "items": [{"sku": "P-1031-STD", "quantity": 1, "unit_price": 49.5}],
            "shipping_fee": 14.99,
        },
        {
            "id": "ORD-20005",
            "customer": "C-0001",
            "status": "delivered",
            "placed_at": "2026-11-10T10:00:00",
            "payment_method": "PM-0001-1",
            "items": [
                {"sku": "P-1001-BLK", "quantity": 1, "unit_price": 199.99},
                {"sku": "P-1031-STD", "quantity": 1, "unit_price": 49.5},
            ],
            "shipments": [
                {
                    "carrier": "UPS",
                    "tracking_number": "1Z999AA10123456785",
                    "shipped_at": "2026-11-11",
                    "estimated_delivery": "2026-11-14",
                    "delivered_at": "2026-11-14",
                    "skus": ["P-1001-BLK", "P-1031-STD"],
                }
            ],
        },
    ]
    return records


@pytest.fixture
def sessions(db_url: str, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(db_url)
    upgrade(engine)
    import_shop(make_sessionmaker(engine), write_shop(tmp_path / "shop", action_shop()))
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def services(sessions: sessionmaker[Session]) -> Services:
    return build_services(
        sessions,
        ShopPolicy(),
        clock=lambda: datetime.combine(TODAY, time(12), UTC),
    )
