"""The SQL schema (SQLAlchemy 2.0 typed ORM). Runs unchanged on SQLite and PostgreSQL.

Money is stored in integer cents. The catalog is a small knowledge graph: brand, category tree,
product, variant, and attribute values linking products to named attributes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


# --- catalog -----------------------------------------------------------------------------------


class Brand(Base):
    __tablename__ = "brands"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("categories.id"))


class Product(Base):
    __tablename__ = "products"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    brand_id: Mapped[str | None] = mapped_column(ForeignKey("brands.id"), index=True)
    category_id: Mapped[str | None] = mapped_column(ForeignKey("categories.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    warranty_months: Mapped[int | None] = mapped_column(Integer)
    variants: Mapped[list[Variant]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="Variant.sku"
    )
    attributes: Mapped[list[ProductAttribute]] = relationship(
        back_populates="product", cascade="all, delete-orphan"
    )


class Variant(Base):
    __tablename__ = "variants"
    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    price_cents: Mapped[int] = mapped_column(Integer)
    stock: Mapped[int | None] = mapped_column(Integer)
    is_available: Mapped[bool] = mapped_column(Boolean, default=True)
    product: Mapped[Product] = relationship(back_populates="variants")


class Attribute(Base):
    """A named property products can have (battery_life_hours, color_temperature_k...)."""

    __tablename__ = "attributes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class ProductAttribute(Base):
    __tablename__ = "product_attributes"
    __table_args__ = (UniqueConstraint("product_id", "attribute_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    attribute_id: Mapped[int] = mapped_column(ForeignKey("attributes.id"), index=True)
    value: Mapped[str] = mapped_column(Text)
    value_type: Mapped[str] = mapped_column(String(8))
    """str, int, float or bool: how to read `value` back."""
    product: Mapped[Product] = relationship(back_populates="attributes")
    attribute: Mapped[Attribute] = relationship()


# --- customers ---------------------------------------------------------------------------------


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    addresses: Mapped[list[Address]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Address.id"
    )
    payment_methods: Mapped[list[PaymentMethod]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="PaymentMethod.id"
    )


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    label: Mapped[str | None] = mapped_column(String(40))
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(40))
    zip: Mapped[str] = mapped_column(String(20), index=True)
    country: Mapped[str] = mapped_column(String(60))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    customer: Mapped[Customer] = relationship(back_populates="addresses")


class PaymentMethod(Base):
    __tablename__ = "payment_methods"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    """credit_card, paypal or gift_card."""
    brand: Mapped[str | None] = mapped_column(String(40))
    last_four: Mapped[str | None] = mapped_column(String(4))
    email: Mapped[str | None] = mapped_column(String(254))
    balance_cents: Mapped[int | None] = mapped_column(Integer)
    customer: Mapped[Customer] = relationship(back_populates="payment_methods")


# --- orders ------------------------------------------------------------------------------------


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[str] = mapped_column(String(40), index=True)
    placed_at: Mapped[datetime | None] = mapped_column(DateTime)
    ship_line1: Mapped[str | None] = mapped_column(String(200))
    ship_line2: Mapped[str | None] = mapped_column(String(200))
    ship_city: Mapped[str | None] = mapped_column(String(100))
    ship_state: Mapped[str | None] = mapped_column(String(40))
    ship_zip: Mapped[str | None] = mapped_column(String(20))
    ship_country: Mapped[str | None] = mapped_column(String(60))
    shipping_method: Mapped[str | None] = mapped_column(String(20))
    shipping_fee_cents: Mapped[int] = mapped_column(Integer, default=0)
    total_cents: Mapped[int] = mapped_column(Integer)
    payment_method_id: Mapped[str | None] = mapped_column(ForeignKey("payment_methods.id"))
    cancel_reason: Mapped[str | None] = mapped_column(String(100))
    items: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    shipments: Mapped[list[ShipmentRow]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="ShipmentRow.id"
    )
    payments: Mapped[list[PaymentRow]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="PaymentRow.id"
    )
    refunds: Mapped[list[RefundRow]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="RefundRow.id"
    )
    requests: Mapped[list[ServiceRequest]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="ServiceRequest.id"
    )


class OrderLine(Base):
    """One line of an order; name and options are kept as they were when the order was placed."""

    __tablename__ = "order_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    product_id: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    order: Mapped[Order] = relationship(back_populates="items")


class ShipmentRow(Base):
    __tablename__ = "shipments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    carrier: Mapped[str | None] = mapped_column(String(40))
    tracking_number: Mapped[str | None] = mapped_column(String(64), index=True)
    shipped_at: Mapped[date | None] = mapped_column(Date)
    estimated_delivery: Mapped[date | None] = mapped_column(Date)
    delivered_at: Mapped[date | None] = mapped_column(Date)
    skus: Mapped[list[Any]] = mapped_column(default=list)
    order: Mapped[Order] = relationship(back_populates="shipments")


class PaymentRow(Base):
    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    payment_method_id: Mapped[str | None] = mapped_column(String(64))
    amount_cents: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime | None] = mapped_column(DateTime)
    order: Mapped[Order] = relationship(back_populates="payments")


class RefundRow(Base):
    __tablename__ = "refunds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    payment_method_id: Mapped[str | None] = mapped_column(String(64))
    amount_cents: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[date | None] = mapped_column(Date)
    order: Mapped[Order] = relationship(back_populates="refunds")


class ServiceRequest(Base):
    """A return or exchange request on an order."""

    __tablename__ = "service_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    skus: Mapped[list[Any]] = mapped_column(default=list)
    new_skus: Mapped[list[Any]] = mapped_column(default=list)
    reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[date | None] = mapped_column(Date)
    order: Mapped[Order] = relationship(back_populates="requests")


# --- conversations and audit -------------------------------------------------------------------


class Conversation(Base):
    __tablename__ = "conversations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    """open, handoff or closed."""
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    handoff_summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """What an operator reads first when the conversation reaches the queue."""
    token_hash: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of the secret that continues an API conversation: knowing the id is not enough."""
    started_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    turns: Mapped[list[TurnRow]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="TurnRow.index"
    )


class TurnRow(Base):
    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("conversation_id", "index"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    user_text: Mapped[str] = mapped_column(Text)
    reply_text: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(60))
    confidence: Mapped[float | None]
    reply_kind: Mapped[str | None] = mapped_column(String(40))
    handoff: Mapped[bool] = mapped_column(Boolean, default=False)
    answer_to: Mapped[str | None] = mapped_column(String(64))
    """The proposal a button (or an API client) answered; such turns are not classified."""
    trace: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    conversation: Mapped[Conversation] = relationship(back_populates="turns")


class Feedback(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    """1 for thumbs up, 0 for thumbs down."""
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class IdentityAttempt(Base):
    """Details a customer gave to prove who they are, and whether they matched: the lockout counts
    failures per claimed email or name, and per client address, across conversations."""

    __tablename__ = "identity_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim: Mapped[str] = mapped_column(String(200), index=True)
    """`email:<address>` or `name:<first last>`, lower case."""
    client: Mapped[str | None] = mapped_column(String(64), index=True)
    conversation_id: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(DateTime)


class OneTimeCode(Base):
    """A 6-digit code mailed to a customer to prove they hold the email on file, before a change.
    Only a salted hash is kept; a code is for one conversation, expires, and is used once."""

    __tablename__ = "one_time_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), index=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    salt: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class OutboxMessage(Base):
    """An email the development mailer kept instead of sending (no SMTP server configured)."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_address: Mapped[str] = mapped_column(String(200), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """Who changed what, with the values before and after, and the turn that asked for it."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    conversation_id: Mapped[str | None] = mapped_column(String(64), index=True)
    turn_id: Mapped[int | None] = mapped_column(Integer)
    """The index of the turn within its conversation."""
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    """One key per confirmed change: a repeated confirmation finds it and writes nothing."""
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class DocumentRow(Base):
    """A document whose passages are in the search index, with the hash it was ingested at."""

    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    doc_type: Mapped[str] = mapped_column(String(20))
    content_hash: Mapped[str] = mapped_column(String(64))
    passage_ids: Mapped[list[Any]] = mapped_column(default=list)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
