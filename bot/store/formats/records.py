"""The canonical shop records every reader produces, validated with pydantic.

Money arrives as decimal amounts (`129.99`) and is stored as integer cents.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
OrderStatus = Literal["pending", "processed", "shipped", "delivered", "cancelled", "returned"]
OptionValue = str | int | float | bool


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


def cents(amount: Decimal | float | int) -> int:
    """Round a decimal amount of money to integer cents."""
    return int((Decimal(str(amount)) * 100).quantize(Decimal("1")))


class BrandRecord(Record):
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1)
    country: str | None = None
    description: str | None = None


class CategoryRecord(Record):
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1)
    parent: str | None = None


class VariantRecord(Record):
    sku: str = Field(min_length=1, max_length=64)
    options: dict[str, OptionValue] = Field(default_factory=dict)
    price: Decimal = Field(ge=0)
    stock: int | None = Field(default=None, ge=0)
    available: bool | None = None


class ProductRecord(Record):
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1)
    brand: str | None = None
    category: str | None = None
    description: str | None = None
    warranty_months: int | None = Field(default=None, ge=0)
    attributes: dict[str, OptionValue] = Field(default_factory=dict)
    variants: list[VariantRecord] = Field(min_length=1)


class AddressRecord(Record):
    label: str | None = None
    line1: str = Field(min_length=1)
    line2: str | None = None
    city: str = Field(min_length=1)
    state: str | None = None
    zip: str = Field(min_length=3, max_length=20)
    country: str = "US"
    is_default: bool = False


class PaymentMethodRecord(Record):
    id: str = Field(min_length=1, max_length=64)
    kind: Literal["credit_card", "paypal", "gift_card"]
    brand: str | None = None
    last_four: str | None = Field(default=None, pattern=r"^\d{4}$")
    email: str | None = None
    balance: Decimal | None = None


class CustomerRecord(Record):
    id: str = Field(min_length=1, max_length=64)
    first_name: str = Field(min_length=1)
    last_name: str = ""
    email: str = Field(max_length=254)
    phone: str | None = None
    addresses: list[AddressRecord] = Field(default_factory=list)
    payment_methods: list[PaymentMethodRecord] = Field(default_factory=list)

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str) -> str:
        if not _EMAIL.fullmatch(value):
            raise ValueError("not a valid email address")
        return value.lower()


class ItemRecord(Record):
    sku: str = Field(min_length=1)
    quantity: int = Field(default=1, ge=1)
    unit_price: Decimal = Field(ge=0)
    name: str | None = None
    """Only for readers whose items carry their own name (tau); otherwise taken from the catalog."""
    product_id: str | None = None
    options: dict[str, OptionValue] | None = None


class ShipmentRecord(Record):
    carrier: str | None = None
    tracking_number: str | None = None
    shipped_at: date | None = None
    estimated_delivery: date | None = None
    delivered_at: date | None = None
    skus: list[str] = Field(default_factory=list)


class RefundRecord(Record):
    amount: Decimal = Field(ge=0)
    payment_method: str | None = None
    status: Literal["pending", "completed", "failed"] = "completed"
    created_at: date | None = None
    reason: str | None = None


class RequestRecord(Record):
    kind: Literal["return", "exchange"]
    status: Literal["requested", "approved", "completed", "rejected"]
    skus: list[str] = Field(default_factory=list)
    new_skus: list[str] = Field(default_factory=list)
    reason: str | None = None
    created_at: date | None = None


class ShipAddressRecord(Record):
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None


class OrderRecord(Record):
    id: str = Field(min_length=1, max_length=64)
    customer: str = Field(min_length=1)
    status: OrderStatus
    placed_at: datetime | None = None
    shipping_address: ShipAddressRecord | None = None
    items: list[ItemRecord] = Field(min_length=1)
    shipping_fee: Decimal = Field(default=Decimal(0), ge=0)
    shipping_method: str | None = None
    total: Decimal | None = None
    """Computed from items and fee when absent."""
    payment_method: str | None = None
    shipments: list[ShipmentRecord] = Field(default_factory=list)
    refunds: list[RefundRecord] = Field(default_factory=list)
    requests: list[RequestRecord] = Field(default_factory=list)
    cancel_reason: str | None = None


class ShopData(BaseModel):
    """Everything one import brings. Readers fill what their format has."""

    brands: list[BrandRecord] = Field(default_factory=list)
    categories: list[CategoryRecord] = Field(default_factory=list)
    products: list[ProductRecord] = Field(default_factory=list)
    customers: list[CustomerRecord] = Field(default_factory=list)
    orders: list[OrderRecord] = Field(default_factory=list)
    sources: dict[str, str] = Field(default_factory=dict)
    """Which file each kind of record came from, for error messages."""

    def counts(self) -> dict[str, int]:
        return {
            "brands": len(self.brands),
            "categories": len(self.categories),
            "products": len(self.products),
            "customers": len(self.customers),
            "orders": len(self.orders),
        }
