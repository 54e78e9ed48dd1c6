"""The tau-bench retail shop (`users.json`, `orders.json`, `products.json`, each keyed by id).

Tau has no brands, categories or dates; its product types become categories so the catalog graph
stays connected, and its fulfilments become shipments with tracking numbers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.errors import ImportDataError
from bot.store.formats._parse import load_json, parse
from bot.store.formats.records import (
    CategoryRecord,
    CustomerRecord,
    OrderRecord,
    ProductRecord,
    ShopData,
)

FILES = ("users.json", "orders.json", "products.json")


def looks_tau(path: Path) -> bool:
    if not path.is_dir() or not all((path / name).is_file() for name in FILES):
        return False
    orders = load_json(path / "orders.json")
    return isinstance(orders, dict) and all(
        isinstance(o, dict) and "order_id" in o and "user_id" in o
        for o in list(orders.values())[:5]
    )


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "product"


def _as_dict(data: Any, file: Path) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ImportDataError(str(file), None, None, "expected an object keyed by id")
    return data


def read_tau(path: Path) -> ShopData:
    users_file, orders_file, products_file = (path / name for name in FILES)
    shop = ShopData(
        sources={
            "customers": str(users_file),
            "orders": str(orders_file),
            "products": str(products_file),
            "categories": str(products_file),
        }
    )
    categories: dict[str, CategoryRecord] = {}
    for key, raw in _as_dict(load_json(products_file), products_file).items():
        label = f"{key}"
        if not isinstance(raw, dict):
            raise ImportDataError(str(products_file), label, None, "expected an object")
        name = raw.get("name", "")
        category = _slug(str(name))
        categories.setdefault(category, CategoryRecord(id=category, name=str(name) or category))
        variants = [
            {
                "sku": v.get("item_id", sku),
                "options": v.get("options", {}),
                "price": v.get("price"),
                "available": v.get("available", True),
            }
            for sku, v in (raw.get("variants") or {}).items()
            if isinstance(v, dict)
        ]
        product = {
            "id": raw.get("product_id", key),
            "name": name,
            "category": category,
            "variants": variants,
        }
        shop.products.append(parse(ProductRecord, product, products_file, label))
    shop.categories = list(categories.values())

    for key, raw in _as_dict(load_json(users_file), users_file).items():
        if not isinstance(raw, dict):
            raise ImportDataError(str(users_file), key, None, "expected an object")
        name = raw.get("name") or {}
        address = _address(raw.get("address") or {})
        methods = []
        for method in (raw.get("payment_methods") or {}).values():
            methods.append(
                {
                    "id": method.get("id"),
                    "kind": method.get("source"),
                    "brand": method.get("brand"),
                    "last_four": method.get("last_four"),
                    "balance": method.get("balance"),
                }
            )
        customer = {
            "id": key,
            "first_name": name.get("first_name"),
            "last_name": name.get("last_name", ""),
            "email": raw.get("email"),
            "addresses": [dict(address, label="default", is_default=True)]
            if raw.get("address")
            else [],
            "payment_methods": methods,
        }
        shop.customers.append(parse(CustomerRecord, customer, users_file, key))

    for key, raw in _as_dict(load_json(orders_file), orders_file).items():
        if not isinstance(raw, dict):
            raise ImportDataError(str(orders_file), key, None, "expected an object")
        shop.orders.append(parse(OrderRecord, _tau_order(key, raw), orders_file, key))
    return shop


def _address(raw: dict[str, Any]) -> dict[str, Any]:
    """Tau writes address1/address2; we write line1/line2."""
    return {
        "line1": raw.get("address1"),
        "line2": raw.get("address2") or None,
        "city": raw.get("city"),
        "state": raw.get("state"),
        "zip": raw.get("zip"),
        "country": raw.get("country"),
    }


def _tau_order(key: str, raw: dict[str, Any]) -> dict[str, Any]:
    history = raw.get("payment_history") or []
    payments = [p for p in history if p.get("transaction_type") == "payment"]
    refunds = [
        {
            "amount": p.get("amount"),
            "payment_method": p.get("payment_method_id"),
            "status": "completed",
            "reason": "refund",
        }
        for p in history
        if p.get("transaction_type") == "refund"
    ]
    items = [
        {
            "sku": i.get("item_id"),
            "unit_price": i.get("price"),
            "name": i.get("name"),
            "product_id": i.get("product_id"),
            "options": i.get("options"),
            "quantity": 1,
        }
        for i in raw.get("items") or []
    ]
    shipments = [
        {"tracking_number": (f.get("tracking_id") or [None])[0], "skus": f.get("item_ids") or []}
        for f in raw.get("fulfillments") or []
    ]
    total = sum(float(p.get("amount") or 0) for p in payments) if payments else None
    return {
        "id": raw.get("order_id", key),
        "customer": raw.get("user_id"),
        "status": raw.get("status"),
        "shipping_address": _address(raw.get("address") or {}),
        "items": items,
        "total": total,
        "payment_method": payments[0].get("payment_method_id") if payments else None,
        "shipments": shipments,
        "refunds": refunds,
    }
