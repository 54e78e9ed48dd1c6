"""Identity details cannot be guessed: failures are counted per claimed email or name across
conversations and per client address, and a conversation handed over after failed attempts
verifies nobody (measured: 15 wrong zips in new conversations met no lockout, and the 4th try in
one conversation, after the handoff, still verified)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.channels.api import make_router
from bot.store import models as m
from bot.turn import Reply
from bot.wiring import Assistant


def say(assistant: Assistant, text: str, conversation: str, client: str | None = None) -> Reply:
    turn = assistant.orchestrator.handle(text, conversation_id=conversation, client=client)
    assert turn.reply is not None
    return turn.reply


def test_wrong_zips_across_conversations_lock_the_name(assistant: Assistant) -> None:
    for n, zip_code in enumerate(["10001", "10002", "10003", "10004", "10005"]):
        reply = say(assistant, f"where is my order? I'm Ann Lee, {zip_code}", f"guess-{n}")
        assert "ORD-" not in reply.text
    locked = say(assistant, "where is my order? I'm Ann Lee, 94110", "guess-right")
    assert locked.kind == "handoff" and "ORD-" not in locked.text
    assert "can't check identity details" in locked.text
    # Someone else's details are still checked normally.
    assert say(assistant, "where is ORD-20003? bob.stone@example.com", "bob").kind == "order_status"


def test_a_client_that_tries_many_accounts_is_locked(assistant: Assistant) -> None:
    for n in range(5):
        say(assistant, f"my email is nobody{n}@example.com, where is my order", f"c{n}", "10.0.0.9")
    reply = say(assistant, "ann.lee@example.com where is my order", "c-last", "10.0.0.9")
    assert reply.kind == "handoff" and "ORD-" not in reply.text
    other_client = say(assistant, "ann.lee@example.com where is my order", "c-other", "10.0.0.7")
    assert other_client.kind != "handoff"


def test_no_verification_after_a_handoff_for_failed_attempts(assistant: Assistant) -> None:
    for zip_code in ("11111", "22222", "33333"):
        reply = say(assistant, f"Ann Lee {zip_code}, where is my order", "one")
    assert reply.kind == "handoff"
    fourth = say(assistant, "Ann Lee 94110, where is my order", "one")
    assert fourth.kind == "handoff" and "ORD-" not in fourth.text
    assert say(assistant, "ann.lee@example.com", "one").kind == "handoff"
    with assistant.sessions() as session:
        row = session.get(m.Conversation, "one")
        assert row is not None and row.customer_id is None


def test_attempts_are_recorded_with_the_client_over_the_api(assistant: Assistant) -> None:
    app = FastAPI()
    app.include_router(make_router(assistant.orchestrator, assistant.conversations))
    TestClient(app).post("/api/v1/chat", json={"message": "nobody@example.com where's my order"})
    with assistant.sessions() as session:
        attempts = list(session.scalars(select(m.IdentityAttempt)))
    assert [(a.claim, a.succeeded) for a in attempts] == [("email:nobody@example.com", False)]
    assert attempts[0].client == "testclient"
