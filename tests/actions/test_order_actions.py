"""Propose, confirm, apply once, audit: order changes on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.actions.orders import CancelSummary, Proposal
from bot.actions.services import Services
from bot.domain import Refusal, ShippingAddress
from bot.store import models as m
from bot.store.changes import (
    Actor,
    Applied,
    Cancel,
    ChangeAddress,
    ChangePayment,
    ExchangeItems,
    NotFound,
    ReturnItems,
)

ANN = Actor(customer_id="C-0001", conversation_id="conv-1", turn_index=3, via="test")


def order_row(sessions: sessionmaker[Session], order_id: str) -> m.Order:
    with sessions() as session:
        row = session.get(m.Order, order_id)
        assert row is not None
        return row


def audit(sessions: sessionmaker[Session]) -> list[m.AuditEntry]:
    with sessions() as session:
        return list(session.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id)))


def test_cancel_lists_the_change_then_applies_it_once_with_an_audit_row(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    proposal = services.actions.propose(Cancel("ORD-20004", "ordered by mistake"), "C-0001")
    assert isinstance(proposal, Proposal)
    shown = {
        "items": ["Hearthly Glass Electric Kettle 1.7 L"],
        "reason": "ordered by mistake",
        "refund_cents": 6449,
        "refund_to": "visa ending 4242",
        "refund_timing": "5-7 business days",
    }
    assert proposal.summary == CancelSummary(**shown)
    assert proposal.to_json()["summary"] == shown  # as the template and a Rasa slot see it
    assert order_row(sessions, "ORD-20004").status == "pending"  # proposing writes nothing
    assert audit(sessions) == []

    outcome = services.actions.confirm(Proposal.from_json(proposal.to_json()), ANN)
    assert isinstance(outcome, Applied) and not outcome.already
    again = services.actions.confirm(proposal, ANN)  # a double click, a retry
    assert isinstance(again, Applied) and again.already

    assert order_row(sessions, "ORD-20004").status == "cancelled"
    with sessions() as session:
        refunds = session.scalars(select(m.RefundRow).where(m.RefundRow.order_id == "ORD-20004"))
        assert [(r.amount_cents, r.status) for r in refunds] == [(6449, "pending")]
    [entry] = audit(sessions)
    assert entry.action == "Cancel" and entry.entity_id == "ORD-20004"
    assert entry.before is not None and entry.before["status"] == "pending"
    assert entry.after is not None and entry.after["status"] == "cancelled"
    assert (entry.conversation_id, entry.turn_id) == ("conv-1", 3)
    assert entry.actor == "customer:C-0001 via test"


def test_refusals_say_why_and_write_nothing(services: Services, sessions) -> None:
    shipped = services.actions.propose(Cancel("ORD-20001", "ordered by mistake"), "C-0001")
    assert shipped == Refusal(
        "not_cancellable",
        {"status": "shipped", "allowed": "pending or processed", "return_days": 30},
    )
    late = services.actions.propose(
        ReturnItems("ORD-20002", ("P-1031-STD",), "PM-0001-1"), "C-0001"
    )
    assert isinstance(late, Refusal) and late.code == "window_closed"
    assert audit(sessions) == []


def test_another_customers_order_does_not_exist(services: Services) -> None:
    # ORD-20003 is Bob's: for Ann it is not there, whatever she asks.
    assert isinstance(services.actions.propose(Cancel("ORD-20003", "other"), "C-0001"), NotFound)
    bob_proposal = services.actions.propose(Cancel("ORD-20003", "other"), "C-0002")
    assert isinstance(bob_proposal, Proposal)
    assert isinstance(services.actions.confirm(bob_proposal, ANN), NotFound)


def test_a_stale_proposal_is_refused(services: Services, sessions) -> None:
    proposal = services.actions.propose(Cancel("ORD-20004", "other"), "C-0001")
    assert isinstance(proposal, Proposal)
    with sessions.begin() as session:
        row = session.get(m.Order, "ORD-20004")
        assert row is not None
        row.status = "shipped"  # it shipped while the customer was deciding
    outcome = services.actions.confirm(proposal, ANN)
    assert isinstance(outcome, Refusal) and outcome.code == "not_cancellable"
    assert outcome.detail["status"] == "shipped"


def test_two_sessions_confirming_the_same_cancellation(services: Services, sessions) -> None:
    first = services.actions.propose(Cancel("ORD-20004", "no longer needed"), "C-0001")
    second = services.actions.propose(Cancel("ORD-20004", "no longer needed"), "C-0001")
    assert isinstance(first, Proposal) and isinstance(second, Proposal)
    outcomes: list[object] = []
    start = threading.Barrier(2)

    def confirm(proposal: Proposal) -> None:
        start.wait()
        outcomes.append(services.actions.confirm(proposal, ANN))

    threads = [threading.Thread(target=confirm, args=(p,)) for p in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    applied = [o for o in outcomes if isinstance(o, Applied)]
    refused = [o for o in outcomes if isinstance(o, Refusal)]
    assert len(applied) == 1 and len(refused) == 1
    assert refused[0].code in ("not_cancellable", "changed_meanwhile")
    assert len(audit(sessions)) == 1
    with sessions() as session:
        assert (
            len(
                list(
                    session.scalars(select(m.RefundRow).where(m.RefundRow.order_id == "ORD-20004"))
                )
            )
            == 1
        )


def test_address_payment_return_and_exchange(services: Services, sessions) -> None:
    new_home = ShippingAddress("5 Oak Ave", None, "Oakland", "CA", "94601", "US")
    for change in (
        ChangeAddress("ORD-20004", new_home),
        ChangePayment("ORD-20004", "PM-0001-2"),
        ReturnItems("ORD-20005", ("P-1031-STD",), "PM-0001-2"),
    ):
        proposal = services.actions.propose(change, "C-0001")
        assert isinstance(proposal, Proposal), change
        assert isinstance(services.actions.confirm(proposal, ANN), Applied), change
    row = order_row(sessions, "ORD-20004")
    assert (row.ship_line1, row.ship_zip, row.payment_method_id) == (
        "5 Oak Ave",
        "94601",
        "PM-0001-2",
    )
    with sessions() as session:
        gift = session.get(m.PaymentMethod, "PM-0001-2")
        assert gift is not None and gift.balance_cents == 50_000 - 6449  # paid the order
    assert order_row(sessions, "ORD-20005").status == "return requested"

    # Exchanges need a delivered order: ORD-20005 now has a return under way.
    refused = services.actions.propose(
        ExchangeItems("ORD-20005", (("P-1001-BLK", "P-1001-BLU"),), "PM-0001-1"), "C-0001"
    )
    assert isinstance(refused, Refusal) and refused.code == "not_delivered"
    assert [e.action for e in audit(sessions)] == ["ChangeAddress", "ChangePayment", "ReturnItems"]


def test_exchange_within_the_same_product_only(services: Services, sessions) -> None:
    def propose(new_sku: str) -> object:
        return services.actions.propose(
            ExchangeItems("ORD-20005", (("P-1001-BLK", new_sku),), "PM-0001-1"), "C-0001"
        )

    assert propose("P-1031-STD") == Refusal("different_product", {"new_sku": "P-1031-STD"})
    assert isinstance(propose("P-1001-SLV"), Refusal)  # out of stock
    proposal = propose("P-1001-BLU")
    assert isinstance(proposal, Proposal)
    assert proposal.to_json()["summary"]["items"] == [
        {
            "name": "Aurora Halo ANC Headphones",
            "from": "P-1001-BLK",
            "to": "P-1001-BLU",
            "was": "color black",
            "becomes": "color blue",
        }
    ]
    assert Proposal.from_json(proposal.to_json()) == proposal
    assert isinstance(services.actions.confirm(proposal, ANN), Applied)
    assert order_row(sessions, "ORD-20005").status == "exchange requested"
    with sessions() as session:
        [request] = session.scalars(select(m.ServiceRequest))
        assert (request.kind, request.skus, request.new_skus) == (
            "exchange",
            ["P-1001-BLK"],
            ["P-1001-BLU"],
        )
