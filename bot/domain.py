"""Plain records of the shop (customers, orders, shipments) that the store returns to the stages.

ORM rows never leave `store/`; these frozen dataclasses do. This module imports nothing from `bot`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, NewType

CustomerId = NewType("CustomerId", str)
OrderId = NewType("OrderId", str)
ConversationId = NewType("ConversationId", str)

ORDER_STATUSES = (
    "pending",
    "processed",
    "shipped",
    "delivered",
    "cancelled",
    "returned",
    "return requested",
    "exchange requested",
    "pending (items modified)",
)


@dataclass(frozen=True)
class Customer:
    id: CustomerId
    first_name: str
    last_name: str
    email: str


@dataclass(frozen=True)
class OrderItem:
    sku: str
    product_id: str | None
    name: str
    options: dict[str, str]
    quantity: int
    unit_price_cents: int


@dataclass(frozen=True)
class Shipment:
    carrier: str | None
    tracking_number: str | None
    shipped_at: date | None
    estimated_delivery: date | None
    delivered_at: date | None
    skus: tuple[str, ...]


@dataclass(frozen=True)
class Refund:
    amount_cents: int
    status: str
    created_at: date | None
    payment_method: str | None


@dataclass(frozen=True)
class Order:
    """An order as a customer may see it once they are verified as its owner."""

    id: OrderId
    customer_id: CustomerId
    status: str
    placed_at: datetime | None
    shipping_method: str | None
    total_cents: int
    ship_city: str | None
    ship_state: str | None
    ship_zip: str | None
    items: tuple[OrderItem, ...]
    shipments: tuple[Shipment, ...]
    refunds: tuple[Refund, ...]
    payment_method_id: str | None = None
    ship_line1: str | None = None
    ship_country: str | None = None


@dataclass(frozen=True)
class PaymentMethod:
    """A way to pay that a customer has on file."""

    id: str
    kind: str
    """credit_card, paypal or gift_card"""
    label: str
    """How a reply names it: "Visa ending 4242", "PayPal", "gift card"."""
    balance_cents: int | None = None


@dataclass(frozen=True)
class ShippingAddress:
    line1: str
    line2: str | None
    city: str
    state: str | None
    zip: str
    country: str


@dataclass(frozen=True)
class Variant:
    sku: str
    product_id: str
    options: dict[str, str]
    price_cents: int
    is_available: bool


@dataclass(frozen=True)
class OrderSummary:
    id: OrderId
    status: str
    placed_at: datetime | None
    total_cents: int
    item_names: tuple[str, ...]


@dataclass(frozen=True)
class ProductTerm:
    """How a product can be named: for recognising it in a message."""

    id: str
    name: str
    brand: str | None
    category: str | None
    options: tuple[tuple[str, str], ...] = ()
    """Every (option key, value) its variants have."""
    brand_id: str | None = None
    category_id: str | None = None


@dataclass(frozen=True)
class CatalogTerms:
    """The catalog's names (products, brands, categories) and variant option values."""

    products: tuple[ProductTerm, ...]
    brands: tuple[tuple[str, str], ...]
    """(brand id, brand name)"""
    categories: tuple[tuple[str, str], ...]
    """(category id, category name)"""
    option_values: tuple[tuple[str, str], ...]
    """(option key, value), e.g. ("color", "midnight blue")"""


@dataclass(frozen=True)
class Refusal:
    """Why the shop's policy does not allow a change (see `bot/actions/policy.py`)."""

    code: str
    """not_cancellable, bad_reason, not_delivered, window_closed, no_such_item, ..."""
    detail: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Mail:
    """An email the shop sent (or, in development, kept in the outbox)."""

    to: str
    subject: str
    body: str
    sent_at: datetime


IdentityLevel = Literal["knowledge", "code", "login"]
"""How surely the customer is known, weakest first: details anyone might find (email, or name plus
zip), a one-time code mailed to the email on file, or the shop's own sign-in."""
IDENTITY_LEVELS: tuple[IdentityLevel, ...] = ("knowledge", "code", "login")


def meets(level: IdentityLevel | None, required: IdentityLevel) -> bool:
    """Whether a customer known at `level` (None: not at all) may do what needs `required`."""
    return level is not None and IDENTITY_LEVELS.index(level) >= IDENTITY_LEVELS.index(required)
