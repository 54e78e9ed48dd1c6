"""A proposal changes an order only on a plain yes to that exact proposal.

Each test checks the database, not only the reply: nothing changed that the customer did not
confirm for the proposal that is pending. The sequences are the ones measured in the browser and
over the API: a declined proposal's Yes clicked later, two clients on one conversation, a
double-clicked Yes, a yes with an old proposal id, and hedged answers such as "yes?".
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.channels.api import make_router
from bot.store import models as m
from bot.testing.runner import shop_digest
from bot.turn import Reply
from bot.wiring import Assistant
from tests.actions.conftest import action_shop
from tests.shopdata import write_shop

NEW_ADDRESS = "12 Oak St, Boston, MA 02139"


@pytest.fixture
def shop_dir(tmp_path: Path) -> Path:
    return write_shop(tmp_path / "export", action_shop())


def say(
    assistant: Assistant, text: str, *, answer_to: str | None = None, conversation: str = "c1"
) -> Reply:
    turn = assistant.orchestrator.handle(text, conversation_id=conversation, answer_to=answer_to)
    assert turn.reply is not None
    return turn.reply


def order(assistant: Assistant, order_id: str) -> tuple[str, str | None]:
    with assistant.sessions() as session:
        row = session.get(m.Order, order_id)
        assert row is not None
        return row.status, row.ship_line1


def audit(assistant: Assistant) -> list[str]:
    with assistant.sessions() as session:
        return [e.action for e in session.scalars(select(m.AuditEntry))]


def propose_address_change(assistant: Assistant, conversation: str = "c1") -> Reply:
    reply = say(
        assistant,
        f"please change the delivery address of ORD-20004 to {NEW_ADDRESS}",
        conversation=conversation,
    )
    assert reply.kind == "confirm_change" and reply.proposal_id, reply.text
    return reply


def propose_cancel(assistant: Assistant, conversation: str = "c1") -> Reply:
    reply = say(
        assistant, "cancel ORD-20004 please, I ordered it by mistake", conversation=conversation
    )
    assert reply.kind == "confirm_change" and reply.proposal_id, reply.text
    return reply


def test_a_declined_proposals_yes_clicked_later_changes_nothing(assistant: Assistant) -> None:
    say(assistant, "ann.lee@example.com")
    address = propose_address_change(assistant)
    assert say(assistant, "no", answer_to=address.proposal_id).kind == "change_cancelled"
    cancel = propose_cancel(assistant)
    assert cancel.proposal_id != address.proposal_id
    before = shop_digest(assistant.sessions)

    stale = say(assistant, "yes", answer_to=address.proposal_id)

    assert stale.kind == "confirm_change" and "expired" in stale.text
    assert stale.proposal_id == cancel.proposal_id  # what is pending now, asked again
    assert "will be cancelled" in stale.text
    assert shop_digest(assistant.sessions) == before and audit(assistant) == []
    assert order(assistant, "ORD-20004")[0] == "pending"
    # The pending proposal is untouched by the stale click: its own Yes still applies it.
    assert say(assistant, "yes", answer_to=cancel.proposal_id).kind == "change_applied"
    assert order(assistant, "ORD-20004")[0] == "cancelled"
    assert audit(assistant) == ["Cancel"]


def test_a_stale_no_changes_nothing_and_keeps_the_pending_proposal(assistant: Assistant) -> None:
    say(assistant, "ann.lee@example.com")
    address = propose_address_change(assistant)
    say(assistant, "no", answer_to=address.proposal_id)
    cancel = propose_cancel(assistant)
    before = shop_digest(assistant.sessions)
    stale = say(assistant, "no", answer_to=address.proposal_id)
    assert stale.kind == "confirm_change" and stale.backend == "template"
    assert stale.proposal_id == cancel.proposal_id and shop_digest(assistant.sessions) == before
    assert say(assistant, "yes").kind == "change_applied"  # a typed yes: the pending one
    assert audit(assistant) == ["Cancel"]


def test_a_double_clicked_yes_applies_once(assistant: Assistant) -> None:
    say(assistant, "ann.lee@example.com")
    proposal = propose_address_change(assistant)
    first = say(assistant, "yes", answer_to=proposal.proposal_id)
    second = say(assistant, "yes", answer_to=proposal.proposal_id)
    assert first.kind == "change_applied"
    assert second.kind == "proposal_expired" and "expired" in second.text
    assert order(assistant, "ORD-20004")[1] == "12 Oak St"
    assert audit(assistant) == ["ChangeAddress"]


def test_two_simultaneous_yes_clicks_apply_once(assistant: Assistant) -> None:
    say(assistant, "ann.lee@example.com")
    proposal = propose_cancel(assistant)
    kinds: list[str] = []
    clicks = [
        threading.Thread(
            target=lambda: kinds.append(say(assistant, "yes", answer_to=proposal.proposal_id).kind)
        )
        for _ in range(2)
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    assert "change_applied" in kinds
    assert order(assistant, "ORD-20004")[0] == "cancelled"
    assert audit(assistant) == ["Cancel"]
    with assistant.sessions() as session:
        assert len(list(session.scalars(select(m.RefundRow)))) == 1


def test_two_clients_on_one_conversation(assistant: Assistant) -> None:
    """Tab A is shown an address change; tab B, on the same conversation, replaces it with a
    cancellation; tab A's Yes then answers an offer that no longer exists."""
    api = TestClient(_app(assistant))
    first = api.post("/api/v1/chat", json={"message": "ann.lee@example.com"}).json()
    conversation = {k: first[k] for k in ("conversation_id", "conversation_token")}

    def post(message: str, proposal_id: str | None = None) -> dict:
        body = {**conversation, "message": message, "proposal_id": proposal_id}
        response = api.post("/api/v1/chat", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    tab_a = post(f"change the shipping address of ORD-20004 to {NEW_ADDRESS}")
    tab_b = post("cancel ORD-20004, I ordered it by mistake")
    ids_a = {c["proposal_id"] for c in tab_a["choices"]}
    ids_b = {c["proposal_id"] for c in tab_b["choices"]}
    assert len(ids_a) == len(ids_b) == 1 and ids_a != ids_b
    assert [c["value"] for c in tab_b["choices"]] == ["yes", "no"]
    before = shop_digest(assistant.sessions)

    late = post("yes", ids_a.pop())

    assert "expired" in late["reply"] and late["actions"] == []
    assert {c["proposal_id"] for c in late["choices"]} == ids_b
    assert shop_digest(assistant.sessions) == before and audit(assistant) == []
    assert order(assistant, "ORD-20004") == ("pending", order(assistant, "ORD-20004")[1])
    assert order(assistant, "ORD-20004")[1] != "12 Oak St"


def test_an_api_yes_with_an_old_proposal_id_after_the_change_applied(
    assistant: Assistant,
) -> None:
    api = TestClient(_app(assistant))
    first = api.post("/api/v1/chat", json={"message": "ann.lee@example.com"}).json()
    body = {k: first[k] for k in ("conversation_id", "conversation_token")}
    proposed = api.post(
        "/api/v1/chat", json={**body, "message": "cancel ORD-20004, I ordered it by mistake"}
    ).json()
    old_id = proposed["choices"][0]["proposal_id"]
    assert api.post("/api/v1/chat", json={**body, "message": "no"}).json()["choices"] == []
    before = shop_digest(assistant.sessions)
    late = api.post("/api/v1/chat", json={**body, "message": "yes", "proposal_id": old_id}).json()
    assert "expired" in late["reply"] and late["choices"] == []
    assert shop_digest(assistant.sessions) == before and audit(assistant) == []


@pytest.mark.parametrize(
    "hedged", ["yes?", "yes but...", "yes, wait", "ok I guess", "是吗？", "好吧", "hmm"]
)
def test_a_hedged_answer_asks_again_and_changes_nothing(assistant: Assistant, hedged: str) -> None:
    say(assistant, "ann.lee@example.com")
    proposal = propose_address_change(assistant)
    before = shop_digest(assistant.sessions)
    again = say(assistant, hedged)
    assert again.kind == "confirm_change" and again.proposal_id == proposal.proposal_id
    assert shop_digest(assistant.sessions) == before and audit(assistant) == []
    assert say(assistant, "yes").kind == "change_applied"
    assert audit(assistant) == ["ChangeAddress"]


def test_a_click_is_stored_as_an_answer_to_its_proposal(assistant: Assistant) -> None:
    say(assistant, "ann.lee@example.com")
    proposal = propose_cancel(assistant)
    say(assistant, "yes", answer_to=proposal.proposal_id)
    with assistant.sessions() as session:
        row = session.scalars(select(m.TurnRow).order_by(m.TurnRow.id.desc())).first()
        assert row is not None
        assert row.answer_to == proposal.proposal_id
        assert row.intent == "affirm" and row.confidence is None
        understand = next(r for r in row.trace if r["stage"] == "understand")
        assert understand["outcome"] == "button"
        assert understand["detail"]["proposal_id"] == proposal.proposal_id


def _app(assistant: Assistant) -> FastAPI:
    app = FastAPI()
    app.include_router(make_router(assistant.orchestrator, assistant.conversations))
    return app
