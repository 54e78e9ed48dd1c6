"""Flat CSV exports, as spreadsheet tools and shop platforms write them. See docs/IMPORT.md.

`products.csv` has one row per variant, `orders.csv` one row per order line; rows sharing an id are
grouped. Attributes and options are written `key=value; key=value`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.errors import ImportDataError
from bot.store.formats._parse import load_csv, parse
from bot.store.formats.records import (
    BrandRecord,
    CategoryRecord,
    CustomerRecord,
    OrderRecord,
    ProductRecord,
    ShopData,
)

HEADERS: dict[str, set[str]] = {
    "brands": {"id", "name"},
    "categories": {"id", "name", "parent"},
    "products": {"product_id", "name", "sku", "price"},
    "customers": {"id", "first_name", "email"},
    "orders": {"order_id", "customer_id", "status", "sku", "unit_price"},
}


def kind_of(path: Path) -> str | None:
    """Which kind of records a CSV holds, by its file name or else by its header."""
    if path.stem in HEADERS:
        return path.stem
    rows = load_csv(path)
    header = set(rows[0]) if rows else set()
    matches = [kind for kind, needed in HEADERS.items() if needed <= header]
    return matches[-1] if matches else None


def looks_csv(path: Path) -> bool:
    if path.is_dir():
        return any(path.glob("*.csv"))
    return path.suffix == ".csv"


def read_csv(path: Path) -> ShopData:
    shop = ShopData()
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    for file in files:
        kind = kind_of(file)
        if kind is None:
            raise ImportDataError(str(file), None, None, "header matches no known CSV export")
        readers: dict[str, Callable[[Path, list[dict[str, str]]], list[Any]]] = {
            "brands": lambda f, rows: [
                parse(BrandRecord, _clean(r), f, _row(i, r, "id")) for i, r in enumerate(rows)
            ],
            "categories": lambda f, rows: [
                parse(CategoryRecord, _clean(r), f, _row(i, r, "id")) for i, r in enumerate(rows)
            ],
            "products": _products,
            "customers": _customers,
            "orders": _orders,
        }
        getattr(shop, kind).extend(readers[kind](file, load_csv(file)))
        shop.sources[kind] = str(file)
    return shop


def _row(index: int, row: dict[str, str], key: str) -> str:
    """Line number as a spreadsheet shows it (the header is line 1)."""
    value = row.get(key)
    return f"line {index + 2}" + (f" ({key} {value})" if value else "")


def _clean(row: dict[str, str]) -> dict[str, Any]:
    return {
        k.strip(): (v.strip() if isinstance(v, str) and v.strip() else None)
        for k, v in row.items()
        if k
    }


def _pairs(text: str | None, file: Path, label: str, field: str) -> dict[str, str]:
    """Parse 'color=black; size=M'."""
    result: dict[str, str] = {}
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise ImportDataError(
                str(file), label, field, f"expected key=value, got {part.strip()!r}"
            )
        result[key.strip()] = value.strip()
    return result


def _grouped(rows: list[dict[str, str]], key: str) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for index, row in enumerate(rows):
        clean = _clean(row)
        groups.setdefault(clean.get(key) or f"(missing {key}, line {index + 2})", []).append(
            (index, clean)
        )
    return groups


def _products(file: Path, rows: list[dict[str, str]]) -> list[ProductRecord]:
    products = []
    for pid, group in _grouped(rows, "product_id").items():
        index, first = group[0]
        label = _row(index, first, "product_id")
        variants = [
            {
                "sku": r.get("sku"),
                "price": r.get("price"),
                "stock": r.get("stock"),
                "options": _pairs(r.get("options"), file, _row(i, r, "sku"), "options"),
            }
            for i, r in group
        ]
        raw = {
            **first,
            "id": pid,
            "variants": variants,
            "attributes": _pairs(first.get("attributes"), file, label, "attributes"),
        }
        products.append(parse(ProductRecord, raw, file, label))
    return products


def _customers(file: Path, rows: list[dict[str, str]]) -> list[CustomerRecord]:
    customers = []
    for cid, group in _grouped(rows, "id").items():
        index, first = group[0]
        addresses = [
            {
                "line1": r.get("line1"),
                "line2": r.get("line2"),
                "city": r.get("city"),
                "state": r.get("state"),
                "zip": r.get("zip"),
                "country": r.get("country") or "US",
                "is_default": n == 0,
            }
            for n, (_, r) in enumerate(group)
            if r.get("line1")
        ]
        raw = {**first, "id": cid, "addresses": addresses}
        customers.append(parse(CustomerRecord, raw, file, _row(index, first, "id")))
    return customers


def _orders(file: Path, rows: list[dict[str, str]]) -> list[OrderRecord]:
    orders = []
    for oid, group in _grouped(rows, "order_id").items():
        index, first = group[0]
        items = [
            {
                "sku": r.get("sku"),
                "quantity": r.get("quantity") or 1,
                "unit_price": r.get("unit_price"),
            }
            for _, r in group
        ]
        shipments = []
        if first.get("tracking_number") or first.get("shipped_at"):
            shipments.append(
                {
                    k: first.get(k)
                    for k in (
                        "carrier",
                        "tracking_number",
                        "shipped_at",
                        "estimated_delivery",
                        "delivered_at",
                    )
                }
            )
        address = {
            k: first.get(f"ship_{k}") for k in ("line1", "line2", "city", "state", "zip", "country")
        }
        raw = {
            "id": oid,
            "customer": first.get("customer_id"),
            "status": first.get("status"),
            "placed_at": first.get("placed_at"),
            "items": items,
            "shipments": shipments,
            "shipping_fee": first.get("shipping_fee") or 0,
            "shipping_method": first.get("shipping_method"),
            "payment_method": first.get("payment_method"),
            "shipping_address": address if any(address.values()) else None,
        }
        orders.append(parse(OrderRecord, raw, file, _row(index, first, "order_id")))
    return orders
