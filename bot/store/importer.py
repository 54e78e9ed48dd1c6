"""Import a shop export into the database: detect the format, check it whole, write it in one go.

An import either applies completely or not at all, and importing the same export twice leaves the
database as after the first time (records are upserted by id, child rows replaced).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from bot.errors import ImportDataError, StoreError
from bot.store import models as m
from bot.store.formats.csv_export import looks_csv, read_csv
from bot.store.formats.native import looks_native, read_native
from bot.store.formats.records import (
    CustomerRecord,
    OrderRecord,
    ProductRecord,
    ShopData,
    cents,
)
from bot.store.formats.tau import looks_tau, read_tau

logger = logging.getLogger(__name__)

Progress = Callable[[str, int], None]
"""Called with (kind, records written so far) while writing."""


@dataclass(frozen=True)
class ImportResult:
    format: str
    counts: dict[str, int]


def detect_format(path: Path) -> str:
    """Name the export format of a file or folder: `tau`, `json` or `csv`."""
    if not path.exists():
        raise ImportDataError(str(path), None, None, "no such file or folder")
    if looks_tau(path):
        return "tau"
    if looks_native(path):
        return "json"
    if looks_csv(path):
        return "csv"
    raise ImportDataError(
        str(path),
        None,
        None,
        "not a known shop export (expected our JSON files, CSV files, or the tau retail shop)",
    )


def read_shop(path: Path) -> tuple[str, ShopData]:
    fmt = detect_format(path)
    reader = {"tau": read_tau, "json": read_native, "csv": read_csv}[fmt]
    return fmt, reader(path)


def import_shop(
    sessions: sessionmaker[Session], path: Path, progress: Progress | None = None
) -> ImportResult:
    """Read, check and write a shop export in one transaction."""
    fmt, shop = read_shop(path)
    try:
        with sessions.begin() as session:
            _check_references(session, shop)
            _write(session, shop, progress or (lambda _kind, _n: None))
    except SQLAlchemyError as exc:
        raise StoreError(f"could not write {path}: {exc.__class__.__name__}: {exc}") from exc
    logger.info("imported %s export %s: %s", fmt, path, shop.counts())
    return ImportResult(format=fmt, counts=shop.counts())


# --- checks ------------------------------------------------------------------------------------


def _known(session: Session, column: InstrumentedAttribute[str], new: Iterable[str]) -> set[str]:
    return set(session.scalars(select(column))) | set(new)


def _unique(ids: list[str], file: str, kind: str) -> None:
    seen: set[str] = set()
    for record_id in ids:
        if record_id in seen:
            raise ImportDataError(file, record_id, "id", f"duplicate {kind} id")
        seen.add(record_id)


def _check_references(session: Session, shop: ShopData) -> None:
    src = shop.sources
    for kind in ("brands", "categories", "products", "customers", "orders"):
        _unique([r.id for r in getattr(shop, kind)], src.get(kind, kind), kind)
    _unique([v.sku for p in shop.products for v in p.variants], src.get("products", ""), "sku")

    brands = _known(session, m.Brand.id, (b.id for b in shop.brands))
    categories = _known(session, m.Category.id, (c.id for c in shop.categories))
    for c in shop.categories:
        if c.parent is not None and c.parent not in categories:
            raise ImportDataError(
                src["categories"], c.id, "parent", f"unknown category {c.parent!r}"
            )
    for p in shop.products:
        if p.brand is not None and p.brand not in brands:
            raise ImportDataError(src["products"], p.id, "brand", f"unknown brand {p.brand!r}")
        if p.category is not None and p.category not in categories:
            raise ImportDataError(
                src["products"], p.id, "category", f"unknown category {p.category!r}"
            )

    emails: dict[str, str] = {}
    for customer in shop.customers:
        if customer.email in emails:
            raise ImportDataError(
                src["customers"],
                customer.id,
                "email",
                f"email also used by customer {emails[customer.email]}",
            )
        emails[customer.email] = customer.id
    for customer_id, email in session.execute(select(m.Customer.id, m.Customer.email)):
        if email in emails and emails[email] != customer_id:
            raise ImportDataError(
                src["customers"],
                emails[email],
                "email",
                f"email already belongs to customer {customer_id}",
            )

    customers = _known(session, m.Customer.id, (c.id for c in shop.customers))
    skus = _known(session, m.Variant.sku, (v.sku for p in shop.products for v in p.variants))
    methods = {
        pm_id: owner
        for pm_id, owner in session.execute(select(m.PaymentMethod.id, m.PaymentMethod.customer_id))
    }
    methods.update({pm.id: c.id for c in shop.customers for pm in c.payment_methods})
    for order in shop.orders:
        _check_order(order, src.get("orders", "orders"), customers, skus, methods)


def _check_order(
    order: OrderRecord, file: str, customers: set[str], skus: set[str], methods: dict[str, str]
) -> None:
    if order.customer not in customers:
        raise ImportDataError(file, order.id, "customer", f"unknown customer {order.customer!r}")
    for n, item in enumerate(order.items):
        if item.sku not in skus and item.name is None:
            raise ImportDataError(file, order.id, f"items.{n}.sku", f"unknown sku {item.sku!r}")
    owner = methods.get(order.payment_method or "")
    if order.payment_method is not None and owner != order.customer:
        raise ImportDataError(
            file,
            order.id,
            "payment_method",
            f"payment method {order.payment_method!r} is not the customer's",
        )


# --- writing -----------------------------------------------------------------------------------


def _write(session: Session, shop: ShopData, progress: Progress) -> None:
    """Catalog first, then customers, then the orders that refer to both."""
    for b in shop.brands:
        session.merge(m.Brand(id=b.id, name=b.name, country=b.country, description=b.description))
    progress("brands", len(shop.brands))
    for cat in shop.categories:
        session.merge(m.Category(id=cat.id, name=cat.name, parent_id=cat.parent))
    progress("categories", len(shop.categories))
    session.flush()

    attributes = {a.name: a for a in session.scalars(select(m.Attribute))}
    for n, p in enumerate(shop.products, 1):
        _write_product(session, p, attributes)
        progress("products", n)
    session.flush()

    for n, c in enumerate(shop.customers, 1):
        session.merge(_customer_row(c))
        progress("customers", n)
    session.flush()

    catalog = {
        v.sku: (v.product_id, v.product.name, v.options) for v in session.scalars(select(m.Variant))
    }
    for n, o in enumerate(shop.orders, 1):
        session.merge(_order_row(o, catalog))
        progress("orders", n)


def _write_product(session: Session, p: ProductRecord, attributes: dict[str, m.Attribute]) -> None:
    """A product with its variants and attribute values; a re-import replaces its attributes.
    `attributes` holds the attribute names known so far, and gains the new ones."""
    product = m.Product(
        id=p.id,
        name=p.name,
        brand_id=p.brand,
        category_id=p.category,
        description=p.description,
        warranty_months=p.warranty_months,
        variants=[
            m.Variant(
                sku=v.sku,
                options=dict(v.options),
                price_cents=cents(v.price),
                stock=v.stock,
                is_available=v.available if v.available is not None else v.stock != 0,
            )
            for v in p.variants
        ],
    )
    existing = session.get(m.Product, p.id)
    if existing is not None:
        existing.attributes.clear()
        session.flush()
    for name, value in p.attributes.items():
        if name not in attributes:
            attributes[name] = m.Attribute(name=name)
            session.add(attributes[name])
        product.attributes.append(
            m.ProductAttribute(
                attribute=attributes[name],
                value=str(value).lower() if isinstance(value, bool) else str(value),
                value_type=type(value).__name__,
            )
        )
    session.merge(product)


def _customer_row(c: CustomerRecord) -> m.Customer:
    return m.Customer(
        id=c.id,
        first_name=c.first_name,
        last_name=c.last_name,
        email=c.email,
        phone=c.phone,
        addresses=[
            m.Address(
                label=a.label,
                line1=a.line1,
                line2=a.line2,
                city=a.city,
                state=a.state,
                zip=a.zip,
                country=a.country,
                is_default=a.is_default,
            )
            for a in c.addresses
        ],
        payment_methods=[
            m.PaymentMethod(
                id=pm.id,
                kind=pm.kind,
                brand=pm.brand,
                last_four=pm.last_four,
                email=pm.email,
                balance_cents=cents(pm.balance) if pm.balance is not None else None,
            )
            for pm in c.payment_methods
        ],
    )


def _order_row(o: OrderRecord, catalog: dict[str, tuple[str, str, dict[str, object]]]) -> m.Order:
    lines = []
    for item in o.items:
        product_id, name, options = catalog.get(item.sku, (item.product_id, item.name or "", {}))
        lines.append(
            m.OrderLine(
                sku=item.sku,
                product_id=item.product_id or product_id,
                name=item.name or name,
                options=dict(item.options if item.options is not None else options),
                quantity=item.quantity,
                unit_price_cents=cents(item.unit_price),
            )
        )
    items_cents = sum(line.unit_price_cents * line.quantity for line in lines)
    total = cents(o.total) if o.total is not None else items_cents + cents(o.shipping_fee)
    address = o.shipping_address
    order = m.Order(
        id=o.id,
        customer_id=o.customer,
        status=o.status,
        placed_at=o.placed_at,
        ship_line1=address.line1 if address else None,
        ship_line2=address.line2 if address else None,
        ship_city=address.city if address else None,
        ship_state=address.state if address else None,
        ship_zip=address.zip if address else None,
        ship_country=address.country if address else None,
        shipping_method=o.shipping_method,
        shipping_fee_cents=cents(o.shipping_fee),
        total_cents=total,
        payment_method_id=o.payment_method,
        cancel_reason=o.cancel_reason,
        items=lines,
        shipments=[
            m.ShipmentRow(
                carrier=s.carrier,
                tracking_number=s.tracking_number,
                shipped_at=s.shipped_at,
                estimated_delivery=s.estimated_delivery,
                delivered_at=s.delivered_at,
                skus=list(s.skus),
            )
            for s in o.shipments
        ],
        payments=[
            m.PaymentRow(
                payment_method_id=o.payment_method, amount_cents=total, created_at=o.placed_at
            )
        ]
        if o.payment_method
        else [],
        refunds=[
            m.RefundRow(
                payment_method_id=r.payment_method,
                amount_cents=cents(r.amount),
                status=r.status,
                reason=r.reason,
                created_at=r.created_at,
            )
            for r in o.refunds
        ],
        requests=[
            m.ServiceRequest(
                kind=r.kind,
                status=r.status,
                skus=list(r.skus),
                new_skus=list(r.new_skus),
                reason=r.reason,
                created_at=r.created_at,
            )
            for r in o.requests
        ],
    )
    return order
