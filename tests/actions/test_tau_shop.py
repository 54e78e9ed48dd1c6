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

from bot.actions.orders import ModifyItemsSummary, Proposal, ReturnSummary
from bot.actions.policy import load_policy
from bot.actions.services import Services, build_services
from bot.domain import Refusal, ShippingAddress
from bot.store import models as m
from bot.store.changes import (
    Actor,
    Applied,
    Cancel,
    ChangeDefaultAddress,
    ExchangeItems,
    ModifyItems,
    NotFound,
    ReturnItems,
)
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
    # The tau shop's own rules: no return window (its data has no delivery dates), and so on.
    return build_services(
        tau, load_policy(TAU / "policy.yml"), clock=lambda: datetime(2024, 5, 1, 12, tzinfo=UTC)
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
    assert refusal == Refusal("not_cancellable", {"status": "cancelled", "allowed": "pending"})


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


def _pending_swap(*, pricier: bool) -> tuple[str, str, str, str, int]:
    """(user, order, ordered item, an available variant of it that costs more, or less, and the
    difference in cents) from the first pending order that has one."""
    products = load("products")
    # the pricier swap from the end of the list: the tests share one database
    for order_id, order in sorted(load("orders").items(), reverse=pricier):
        if order["status"] != "pending":
            continue
        for item in order["items"]:
            for v in products[item["product_id"]]["variants"].values():
                gap = round(v["price"] * 100) - round(item["price"] * 100)
                if v["available"] and v["item_id"] != item["item_id"] and (gap > 0) == pricier:
                    if gap != 0:
                        return order["user_id"], order_id, item["item_id"], v["item_id"], gap
    raise AssertionError("no such pending order")


def test_changing_a_pending_orders_item_settles_the_difference_and_is_final(
    services: Services, tau
) -> None:
    user_id, order_id, old, new, gap = _pending_swap(pricier=False)
    with tau() as session:
        order = session.get(m.Order, order_id)
        total, paid_with = order.total_cents, order.payment_method_id  # type: ignore[union-attr]
    change = ModifyItems(order_id, ((old, new),), str(paid_with))
    proposal = services.actions.propose(change, user_id)
    assert isinstance(proposal, Proposal), proposal
    assert isinstance(proposal.summary, ModifyItemsSummary)
    assert proposal.summary.difference_cents == gap < 0 and proposal.summary.final
    assert isinstance(services.actions.confirm(proposal, Actor(user_id)), Applied)
    with tau() as session:
        order = session.get(m.Order, order_id)
        assert order is not None and order.status == "pending (items modified)"
        assert order.total_cents == total + gap
        assert new in {line.sku for line in order.items}
        refund = session.scalars(
            select(m.RefundRow).where(
                m.RefundRow.order_id == order_id, m.RefundRow.reason == "items changed"
            )
        ).one()
        assert refund.amount_cents == -gap and refund.payment_method_id == paid_with
    # tau's rule: after an item change, the order can't be changed or cancelled again
    again = services.actions.propose(Cancel(order_id, "no longer needed"), user_id)
    assert isinstance(again, Refusal) and again.code == "not_cancellable"
    twice = services.actions.propose(ModifyItems(order_id, ((new, old),), str(paid_with)), user_id)
    assert isinstance(twice, Refusal) and twice.code == "already_shipped"


def test_a_gift_card_must_cover_what_an_item_change_costs(services: Services) -> None:
    user_id, order_id, old, new, gap = _pending_swap(pricier=True)
    user = load("users")[user_id]
    poor = next(
        (
            p
            for p in user["payment_methods"].values()
            if p["source"] == "gift_card" and round(p["balance"] * 100) < gap
        ),
        None,
    )
    methods = [p["id"] for p in user["payment_methods"].values()]
    if poor is not None:
        refused = services.actions.propose(
            ModifyItems(order_id, ((old, new),), poor["id"]), user_id
        )
        assert isinstance(refused, Refusal) and refused.code == "gift_card_balance"
    # someone else's payment method is never used
    stranger = next(
        p
        for u, data in sorted(load("users").items())
        if u != user_id
        for p in data["payment_methods"]
    )
    assert stranger not in methods
    refused = services.actions.propose(ModifyItems(order_id, ((old, new),), stranger), user_id)
    assert isinstance(refused, Refusal) and refused.code == "not_on_file"


def test_a_customer_changes_their_own_default_address_only(services: Services, tau) -> None:
    home = ShippingAddress("12 Pine Street", "Apt 4", "Austin", "TX", "78701", "USA")
    proposal = services.actions.propose(
        ChangeDefaultAddress("james_li_5688", home), "james_li_5688"
    )
    assert isinstance(proposal, Proposal) and proposal.order_id == ""
    assert isinstance(services.actions.confirm(proposal, Actor("james_li_5688")), Applied)
    with tau() as session:
        addresses = session.scalars(
            select(m.Address).where(m.Address.customer_id == "james_li_5688")
        ).all()
        assert [(a.line1, a.zip, a.is_default) for a in addresses] == [
            ("12 Pine Street", "78701", True)
        ]
        audit = session.scalars(select(m.AuditEntry).where(m.AuditEntry.entity == "customer")).one()
        assert audit.entity_id == "james_li_5688" and audit.before["address"][0] == "215 River Road"
    other = services.actions.propose(
        ChangeDefaultAddress("mei_gonzalez_4785", home), "james_li_5688"
    )
    assert isinstance(other, NotFound)
    abroad = ShippingAddress("1 Rue de Rivoli", None, "Paris", None, "75001", "France")
    refused = services.actions.propose(
        ChangeDefaultAddress("james_li_5688", abroad), "james_li_5688"
    )
    assert isinstance(refused, Refusal) and refused.code == "outside_usa"


def test_the_tau_policy_file_says_what_its_wiki_says() -> None:
    policy = load_policy(TAU / "policy.yml")
    wiki = (TAU / "policy_wiki.md").read_text()
    assert policy.cancel.statuses == policy.modify.statuses == {"pending"}
    assert "An order can only be cancelled if its status is 'pending'" in wiki
    assert set(policy.cancel.reasons) == {"no longer needed", "ordered by mistake"}
    assert "(either 'no longer needed' or 'ordered by mistake')" in wiki
    assert policy.modify.items and policy.modify.items_once
    assert "Exchange or modify order tools can only be called once" in wiki
    assert policy.returns.window_days is None and policy.exchanges.window_days is None
    assert policy.returns.refund_to == ("original", "gift_card")
    assert (
        "The refund must either go to the original payment method, or an existing gift card" in wiki
    )
    assert policy.identity_for_changes == "knowledge"
