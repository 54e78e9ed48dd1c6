"""The tau-bench retail shop, imported with `bot import`, is served by the same actions: its order
ids (#W...), gift cards, PayPal and credit cards, and the checklist of its policy_wiki.md."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.actions.orders import Proposal, ReturnSummary
from bot.actions.policy import ShopPolicy
from bot.actions.services import Services, build_services
from bot.domain import Refusal
from bot.store import models as m
from bot.store.changes import Actor, Applied, Cancel, ExchangeItems, ReturnItems
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.importer import import_shop
from tests.conftest import REPO

TAU = REPO / "data" / "tau_retail"


def load(name: str) -> dict[str, Any]:
    return json.loads((TAU / f"{name}.json").read_text())


@pytest.fixture(scope="module")
def tau(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('tau') / 'tau.db'}")
    upgrade(engine)
    import_shop(make_sessionmaker(engine), TAU)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def services(tau: sessionmaker[Session]) -> Services:
    # tau's data has no delivery dates: that shop sets BOT_RETURN_WINDOW_DAYS to nothing.
    return build_services(
        tau, ShopPolicy(return_window_days=None), clock=lambda: datetime(2024, 5, 1, 12, tzinfo=UTC)
    )


def find(status: str, *, gift_card: bool) -> tuple[str, str, dict[str, Any]]:
    """(user id, order id, order) of the first order in `status` whose customer has (or has not)
    a gift card; read from the data set itself, so the test follows it."""
    users = load("users")
    for order_id, order in sorted(load("orders").items()):
        user = users[order["user_id"]]
        has_gift = any(p["source"] == "gift_card" for p in user["payment_methods"].values())
        if order["status"] == status and has_gift == gift_card:
            return order["user_id"], order_id, order
    raise AssertionError(f"no {status} order")


def test_identity_by_email_and_by_name_and_zip(services: Services) -> None:
    user = load("users")["james_li_5688"]
    assert services.customers.by_email(user["email"]).id == "james_li_5688"  # type: ignore[union-attr]
    found = services.customers.by_name_and_zip("James", "Li", user["address"]["zip"])
    assert found is not None and found.id == "james_li_5688"


def test_cancel_a_pending_order_refunds_a_gift_card_at_once(services: Services, tau) -> None:
    user_id, order_id, order = find("pending", gift_card=True)
    paid_with = order["payment_history"][0]["payment_method_id"]
    with tau() as session:
        before = session.get(m.PaymentMethod, paid_with).balance_cents  # type: ignore[union-attr]
    refused = services.actions.propose(Cancel(order_id, "because"), user_id)
    assert isinstance(refused, Refusal) and refused.code == "bad_reason"
    proposal = services.actions.propose(Cancel(order_id, "no longer needed"), user_id)
    assert isinstance(proposal, Proposal), proposal
    outcome = services.actions.confirm(proposal, Actor(user_id))
    assert isinstance(outcome, Applied)
    with tau() as session:
        assert session.get(m.Order, order_id).status == "cancelled"  # type: ignore[union-attr]
        refund = session.scalars(select(m.RefundRow).where(m.RefundRow.order_id == order_id)).one()
        method = session.get(m.PaymentMethod, paid_with)
        assert method is not None
        if method.kind == "gift_card":
            assert refund.status == "completed"
            assert method.balance_cents == (before or 0) + refund.amount_cents
        else:
            assert refund.status == "pending"


def test_a_cancelled_order_cannot_be_cancelled_again(services: Services) -> None:
    user_id, order_id, _ = find("cancelled", gift_card=True)
    refusal = services.actions.propose(Cancel(order_id, "ordered by mistake"), user_id)
    assert refusal == Refusal("not_cancellable", {"status": "cancelled"})


def test_return_a_delivered_item_to_a_gift_card_on_file(services: Services, tau) -> None:
    user_id, order_id, order = find("delivered", gift_card=True)
    gift = next(
        p["id"]
        for p in load("users")[user_id]["payment_methods"].values()
        if p["source"] == "gift_card"
    )
    item = order["items"][0]["item_id"]
    proposal = services.actions.propose(ReturnItems(order_id, (item,), gift), user_id)
    assert isinstance(proposal, Proposal), proposal
    assert isinstance(proposal.summary, ReturnSummary)
    assert proposal.summary.refund_to == "gift card"
    assert isinstance(services.actions.confirm(proposal, Actor(user_id)), Applied)
    with tau() as session:
        assert session.get(m.Order, order_id).status == "return requested"  # type: ignore[union-attr]


def test_exchange_for_another_available_option_of_the_same_product(services: Services) -> None:
    products = load("products")
    # from the end of the list: the return test above takes the first delivered order
    for order_id, order in sorted(load("orders").items(), reverse=True):
        if order["status"] != "delivered":
            continue
        for item in order["items"]:
            variants = products[item["product_id"]]["variants"]
            other = next(
                (
                    v
                    for v in variants.values()
                    if v["item_id"] != item["item_id"] and v["available"]
                ),
                None,
            )
            if other is None:
                continue
            user_id = order["user_id"]
            paid = order["payment_history"][0]["payment_method_id"]
            swap = ExchangeItems(order_id, ((item["item_id"], other["item_id"]),), paid)
            proposal = services.actions.propose(swap, user_id)
            assert isinstance(proposal, Proposal), proposal
            assert isinstance(services.actions.confirm(proposal, Actor(user_id)), Applied)
            # and never across products (a shirt for a shoe)
            foreign = next(p for p in products.values() if p["product_id"] != item["product_id"])
            foreign_item = next(iter(foreign["variants"].values()))["item_id"]
            wrong = ExchangeItems(order_id, ((item["item_id"], foreign_item),), paid)
            assert isinstance(services.actions.propose(wrong, user_id), Refusal)
            return
    raise AssertionError("no exchangeable delivered item in the data set")


def test_another_users_order_is_not_found(services: Services) -> None:
    _, order_id, _ = find("pending", gift_card=True)
    assert not isinstance(
        services.actions.propose(Cancel(order_id, "other"), "james_li_5688"), Proposal
    )


def test_the_checklist_in_policy_wiki_is_covered() -> None:
    wiki = Path(TAU / "policy_wiki.md").read_text()
    for rule in (
        "authenticate the user identity by locating their user id via email, or via name + zip",
        "You can only help one user per conversation",
        "obtain explicit user confirmation (yes)",
        "refunded via the original payment method immediately if it is gift card",
        "The refund must either go to the original payment method, or an existing gift card",
        "There cannot be any change of product types",
    ):
        assert rule in wiki, rule
