"""Every rule in bot/actions/policy.py: allowed, and refused with its reason; and the rules match
the policy text customers read in knowledge/."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.actions import policy
from bot.domain import (
    CustomerId,
    Order,
    OrderId,
    OrderItem,
    PaymentMethod,
    Shipment,
    ShippingAddress,
    Variant,
)
from bot.errors import ConfigError
from bot.settings import Settings
from bot.wiring import shop_policy
from tests.conftest import REPO

TODAY = date(2026, 11, 22)
VISA = PaymentMethod("PM-1", "credit_card", "visa ending 4242")
GIFT = PaymentMethod("PM-2", "gift_card", "gift card", balance_cents=10_000)
POOR_GIFT = PaymentMethod("PM-3", "gift_card", "gift card", balance_cents=100)
ON_FILE = (VISA, GIFT, POOR_GIFT)
HOME = ShippingAddress("1 Main St", None, "Austin", "TX", "73301", "US")
DEMO = policy.load_policy(REPO / "knowledge" / "policy.yml")
"""The demo shop's rules, as its policy file states them."""
WINDOW = DEMO


def order(status: str, *, delivered: date | None = None, method: str = "standard") -> Order:
    return Order(
        id=OrderId("ORD-1"),
        customer_id=CustomerId("C-1"),
        status=status,
        placed_at=datetime(2026, 11, 1),
        shipping_method=method,
        total_cents=5_000,
        ship_city="Austin",
        ship_state="TX",
        ship_zip="73301",
        items=(OrderItem("P-1-BLK", "P-1", "Kettle", {"color": "black"}, 1, 5_000),),
        shipments=(Shipment("UPS", "1Z", date(2026, 11, 2), None, delivered, ("P-1-BLK",)),)
        if status != "pending"
        else (),
        refunds=(),
        payment_method_id="PM-1",
    )


def variant(sku: str, product: str = "P-1", available: bool = True) -> Variant:
    return Variant(sku, product, {"color": sku.rsplit("-", 1)[1].lower()}, 5_000, available)


@pytest.mark.parametrize("status", ["pending", "processed"])
def test_cancel_allowed_before_shipping(status: str) -> None:
    assert policy.check_cancel(order(status), "ordered by mistake", DEMO) is None


@pytest.mark.parametrize("status", ["shipped", "delivered", "cancelled"])
def test_cancel_refused_after_shipping(status: str) -> None:
    refusal = policy.check_cancel(order(status), "ordered by mistake", DEMO)
    assert refusal is not None and refusal.code == "not_cancellable"
    assert refusal.detail == {
        "status": status,
        "allowed": "pending or processed",
        "return_days": 30,
    }


def test_cancel_needs_a_reason_from_the_fixed_set() -> None:
    refusal = policy.check_cancel(order("pending"), "because I say so", DEMO)
    assert refusal is not None and refusal.code == "bad_reason"


def test_address_change_rules() -> None:
    assert policy.check_address_change(order("processed"), HOME, DEMO) is None
    assert policy.check_address_change(order("shipped"), HOME, DEMO).code == "already_shipped"  # type: ignore[union-attr]
    abroad = ShippingAddress("1 Rue", None, "Paris", None, "75001", "France")
    assert policy.check_address_change(order("pending"), abroad, DEMO).code == "outside_usa"  # type: ignore[union-attr]
    po_box = ShippingAddress("PO Box 12", None, "Austin", "TX", "73301", "US")
    assert policy.check_address_change(order("pending"), po_box, DEMO) is None
    express = order("pending", method="express")
    assert policy.check_address_change(express, po_box, DEMO).code == "po_box_express"  # type: ignore[union-attr]


def test_payment_change_rules() -> None:
    pending = order("pending")
    assert policy.check_payment_change(pending, GIFT, ON_FILE, DEMO) is None
    assert policy.check_payment_change(pending, VISA, ON_FILE, DEMO).code == "same_method"  # type: ignore[union-attr]
    stranger = PaymentMethod("PM-9", "credit_card", "someone else's card")
    assert policy.check_payment_change(pending, stranger, ON_FILE, DEMO).code == "not_on_file"  # type: ignore[union-attr]
    assert (
        policy.check_payment_change(pending, POOR_GIFT, ON_FILE, DEMO).code == "gift_card_balance"
    )  # type: ignore[union-attr]
    assert (
        policy.check_payment_change(order("shipped"), GIFT, ON_FILE, DEMO).code == "already_shipped"
    )  # type: ignore[union-attr]


def test_return_rules() -> None:
    recent = order("delivered", delivered=date(2026, 11, 10))
    assert (
        policy.check_return(recent, ("P-1-BLK",), VISA, ON_FILE, today=TODAY, policy=WINDOW) is None
    )
    # to a gift card on file instead of the original method: allowed; to another card: not
    assert (
        policy.check_return(recent, ("P-1-BLK",), GIFT, ON_FILE, today=TODAY, policy=WINDOW) is None
    )
    other_card = PaymentMethod("PM-4", "credit_card", "amex ending 1000")
    refusal = policy.check_return(
        recent, ("P-1-BLK",), other_card, (*ON_FILE, other_card), today=TODAY, policy=WINDOW
    )
    assert refusal is not None and refusal.code == "refund_method"
    cases = {
        "not_delivered": (order("shipped"), ("P-1-BLK",)),
        "no_such_item": (recent, ("P-2-RED",)),
        "no_items": (recent, ()),
        "window_closed": (order("delivered", delivered=date(2026, 10, 1)), ("P-1-BLK",)),
        "delivery_date_unknown": (order("delivered"), ("P-1-BLK",)),
    }
    for code, (o, skus) in cases.items():
        refusal = policy.check_return(o, skus, VISA, ON_FILE, today=TODAY, policy=WINDOW)
        assert refusal is not None and refusal.code == code, code


def test_a_shop_without_a_window_accepts_old_deliveries() -> None:
    old = order("delivered")
    no_limit = policy.ShopPolicy(returns=policy.ReturnRules(window_days=None))
    assert (
        policy.check_return(old, ("P-1-BLK",), VISA, ON_FILE, today=TODAY, policy=no_limit) is None
    )


def test_exchange_rules() -> None:
    recent = order("delivered", delivered=date(2026, 11, 10))
    ok = policy.check_exchange(recent, {"P-1-BLK": variant("P-1-BLU")}, today=TODAY, policy=WINDOW)
    assert ok is None
    cases = {
        "different_product": {"P-1-BLK": variant("P-2-RED", product="P-2")},
        "same_variant": {"P-1-BLK": variant("P-1-BLK")},
        "unavailable": {"P-1-BLK": variant("P-1-SLV", available=False)},
    }
    for code, swaps in cases.items():
        refusal = policy.check_exchange(recent, swaps, today=TODAY, policy=WINDOW)
        assert refusal is not None and refusal.code == code, code


def test_refund_timing() -> None:
    assert policy.refund_timing(GIFT) == "immediately"
    assert policy.refund_timing(VISA) == "5-7 business days"


def test_the_code_says_what_the_published_policy_says() -> None:
    facts = (REPO / "knowledge" / "POLICY_FACTS.md").read_text()
    policies = " ".join(p.read_text() for p in (REPO / "knowledge" / "policies").glob("*.md"))
    for reason in DEMO.cancel.reasons:
        assert f'"{reason}"' in facts, reason
    assert f"within **{DEMO.returns.window_days} days**" in facts
    assert re.search(rf"\b{DEMO.returns.window_days} days of delivery", policies)
    assert f"within {DEMO.exchanges.window_days} days of delivery" in facts
    assert "only orders that are `pending` or `processed`" in facts
    assert sorted(DEMO.cancel.statuses) == sorted(DEMO.modify.statuses) == ["pending", "processed"]
    assert "Address change: only before the order ships (pending or processed)" in facts
    assert "Returns: delivered orders only" in facts and DEMO.returns.statuses == {"delivered"}
    assert "No shipping outside the USA; no PO boxes for express" in facts
    assert not DEMO.po_box_for_express and "USA" in DEMO.ship_to_countries
    assert not DEMO.modify.items  # the published policy offers no item changes
    assert "Gift card: immediately" in facts and "5 to 7 business days" in facts


@pytest.mark.parametrize(
    ("written", "says"),
    [
        (
            "returns: {window_days: -3}\n",
            "returns.window_days: Input should be greater than or equal to 0",
        ),
        (
            "cancel: {reasons: [other], statuse: [pending]}\n",
            "cancel.statuse: Extra inputs are not permitted",
        ),
        (
            "identity_for_changes: nobody\n",
            "identity_for_changes: Input should be 'knowledge', 'code' or 'login'",
        ),
        ("cancel: [pending\n", "is not valid YAML"),
    ],
)
def test_a_bad_policy_file_is_refused_naming_the_file_and_the_rule(
    written: str, says: str, tmp_path: Path
) -> None:
    path = tmp_path / "policy.yml"
    path.write_text(written)
    with pytest.raises(ConfigError) as raised:
        policy.load_policy(path)
    assert str(raised.value).startswith(str(path)) and says in str(raised.value)


def test_the_shops_policy_file_is_found_and_a_missing_named_one_is_an_error(
    tmp_path: Path,
) -> None:
    settings = Settings(_env_file=None, knowledge_dir=tmp_path)  # type: ignore[call-arg]
    assert shop_policy(settings) == policy.ShopPolicy()  # no file: the built-in rules
    (tmp_path / "policy.yml").write_text("cancel: {statuses: [pending]}\n")
    assert shop_policy(settings).cancel.statuses == {"pending"}
    strict = settings.model_copy(update={"identity_for_changes": "login"})
    assert shop_policy(strict).level_for_changes == "login"  # the setting wins
    missing = settings.model_copy(update={"policy_file": tmp_path / "nope.yml"})
    with pytest.raises(ConfigError, match="cannot read the policy file"):
        shop_policy(missing)
