"""A small shop export written as our JSON format, for tests that need known facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ADDRESS_ANN = {
    "label": "home",
    "line1": "12 Valencia St",
    "line2": None,
    "city": "San Francisco",
    "state": "CA",
    "zip": "94110",
    "country": "US",
    "is_default": True,
}
ADDRESS_BOB = {
    "label": "home",
    "line1": "8 Elm Rd",
    "line2": "Apt 2",
    "city": "Austin",
    "state": "TX",
    "zip": "73301",
    "country": "US",
    "is_default": True,
}


def shop_records() -> dict[str, list[dict[str, Any]]]:
    return {
        "brands": [
            {"id": "aurora-audio", "name": "Aurora Audio", "country": "DE"},
            {"id": "hearthly", "name": "Hearthly"},
        ],
        "categories": [
            {"id": "audio", "name": "Audio", "parent": None},
            {"id": "headphones", "name": "Headphones", "parent": "audio"},
            {"id": "kitchen", "name": "Kitchen", "parent": None},
            {"id": "kettles", "name": "Kettles", "parent": "kitchen"},
        ],
        "products": [
            {
                "id": "P-1001",
                "name": "Aurora Halo ANC Headphones",
                "brand": "aurora-audio",
                "category": "headphones",
                "warranty_months": 24,
                "attributes": {"battery_life_hours": 30, "noise_cancelling": True},
                "variants": [
                    {
                        "sku": "P-1001-BLK",
                        "options": {"color": "black"},
                        "price": 199.99,
                        "stock": 12,
                    },
                    {
                        "sku": "P-1001-SLV",
                        "options": {"color": "silver"},
                        "price": 199.99,
                        "stock": 0,
                    },
                ],
            },
            {
                "id": "P-1031",
                "name": "Hearthly Glass Electric Kettle 1.7 L",
                "brand": "hearthly",
                "category": "kettles",
                "attributes": {"capacity_l": 1.7},
                "variants": [{"sku": "P-1031-STD", "options": {}, "price": 49.5, "stock": 30}],
            },
        ],
        "customers": [
            {
                "id": "C-0001",
                "first_name": "Ann",
                "last_name": "Lee",
                "email": "ann.lee@example.com",
                "addresses": [dict(ADDRESS_ANN)],
                "payment_methods": [
                    {"id": "PM-0001-1", "kind": "credit_card", "brand": "visa", "last_four": "4242"}
                ],
            },
            {
                "id": "C-0002",
                "first_name": "Bob",
                "last_name": "Stone",
                "email": "bob.stone@example.com",
                "addresses": [dict(ADDRESS_BOB)],
                "payment_methods": [
                    {"id": "PM-0002-1", "kind": "paypal", "email": "bob.stone@example.com"}
                ],
            },
        ],
        "orders": [
            {
                "id": "ORD-20001",
                "customer": "C-0001",
                "status": "shipped",
                "placed_at": "2026-11-18T10:00:00",
                "payment_method": "PM-0001-1",
                "shipping_method": "standard",
                "items": [{"sku": "P-1001-BLK", "quantity": 1, "unit_price": 199.99}],
                "shipments": [
                    {
                        "carrier": "UPS",
                        "tracking_number": "1Z999AA10123456784",
                        "shipped_at": "2026-11-20",
                        "estimated_delivery": "2026-11-25",
                        "skus": ["P-1001-BLK"],
                    }
                ],
            },
            {
                "id": "ORD-20002",
                "customer": "C-0001",
                "status": "delivered",
                "placed_at": "2026-10-01T09:30:00",
                "payment_method": "PM-0001-1",
                "items": [{"sku": "P-1031-STD", "quantity": 2, "unit_price": 49.5}],
                "shipments": [
                    {
                        "carrier": "FedEx",
                        "tracking_number": "612345678901",
                        "shipped_at": "2026-10-02",
                        "estimated_delivery": "2026-10-06",
                        "delivered_at": "2026-10-05",
                        "skus": ["P-1031-STD"],
                    }
                ],
            },
            {
                "id": "ORD-20003",
                "customer": "C-0002",
                "status": "pending",
                "placed_at": "2026-11-24T16:00:00",
                "payment_method": "PM-0002-1",
                "items": [{"sku": "P-1031-STD", "quantity": 1, "unit_price": 49.5}],
                "shipping_fee": 5.99,
            },
        ],
    }


def write_shop(folder: Path, records: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, rows in (records or shop_records()).items():
        (folder / f"{kind}.json").write_text(json.dumps(rows, indent=1))
    return folder
