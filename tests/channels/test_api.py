from __future__ import annotations

import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.channels.api import make_router
from bot.store import models as m
from bot.wiring import Assistant


def client(assistant: Assistant) -> TestClient:
    app = FastAPI()
    app.include_router(make_router(assistant.orchestrator, assistant.conversations))
    return TestClient(app)


def test_chat_keeps_the_conversation_and_returns_the_documented_shape(
    assistant: Assistant,
) -> None:
    api = client(assistant)
    first = api.post("/api/v1/chat", json={"message": "where is ORD-20001?"}).json()
    assert set(first) == {
        "conversation_id",
        "conversation_token",
        "reply",
        "intent",
        "confidence",
        "citations",
        "actions",
        "choices",
        "handoff",
    }
    assert first["intent"] == "track_order" and "1Z999" not in first["reply"]
    second = api.post(
        "/api/v1/chat",
        json={
            "conversation_id": first["conversation_id"],
            "conversation_token": first["conversation_token"],
            "message": "ann.lee@example.com",
        },
    ).json()
    assert second["conversation_id"] == first["conversation_id"]
    assert "1Z999AA10123456784" in second["reply"]


def test_bad_requests_are_rejected_with_a_reason(assistant: Assistant) -> None:
    api = client(assistant)
    response = api.post("/api/v1/chat", json={"conversation_id": "../etc", "message": "hi"})
    assert response.status_code == 422
    assert "conversation_id" in response.text
    assert api.post("/api/v1/chat", json={}).status_code == 422
    empty = api.post("/api/v1/chat", json={"message": ""}).json()
    assert empty["reply"].startswith("Your message was empty")


def test_a_conversation_id_alone_lets_nobody_in(assistant: Assistant) -> None:
    """Measured: a second client that knew only the id got the customer's orders."""
    api = client(assistant)
    first = api.post("/api/v1/chat", json={"message": "ann.lee@example.com"}).json()
    owner = {k: first[k] for k in ("conversation_id", "conversation_token")}
    assert api.post("/api/v1/chat", json={**owner, "message": "list my orders"}).status_code == 200
    with assistant.sessions() as session:
        stored = session.query(m.TurnRow).count()
    for intruder in (
        {"conversation_id": first["conversation_id"]},
        {"conversation_id": first["conversation_id"], "conversation_token": "guessed"},
        {"conversation_id": first["conversation_id"], "conversation_token": ""},
        {"conversation_id": "order-help-1"},  # an id the client chose
        {"conversation_id": "order-help-1", "conversation_token": first["conversation_token"]},
    ):
        response = api.post("/api/v1/chat", json={**intruder, "message": "list my orders"})
        assert response.status_code == 403, intruder
        assert "ORD-" not in response.text and "Ann" not in response.text
    with assistant.sessions() as session:
        assert session.query(m.TurnRow).count() == stored  # nothing stored for the intruders
        assert session.get(m.Conversation, "order-help-1") is None
        row = session.get(m.Conversation, first["conversation_id"])
        assert row is not None and first["conversation_token"] not in str(row.token_hash)


def test_get_is_not_allowed(assistant: Assistant) -> None:
    response = client(assistant).get("/api/v1/chat")
    assert response.status_code == 405 and response.headers["allow"] == "POST"


@pytest.mark.parametrize(
    "message",
    ["\ud800 hi", "hi \udfff", "\x00\x01 where is my order", "😀" * 3000, "a\u0301" * 500],
)
def test_broken_or_odd_text_gets_a_reply_and_stores_valid_text(
    assistant: Assistant, message: str
) -> None:
    api = client(assistant)
    body = json.dumps({"message": message})  # as JSON escapes, the way a client sends them
    response = api.post("/api/v1/chat", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200 and response.json()["reply"]
    with assistant.sessions() as session:
        for row in session.query(m.TurnRow):
            row.user_text.encode("utf-8")  # valid text: no lone surrogate was stored
            assert "\x00" not in row.user_text


def test_the_shops_signed_header_signs_the_customer_in_and_a_forged_one_is_refused(
    assistant: Assistant,
) -> None:
    from bot.channels import login

    app = FastAPI()
    app.include_router(
        make_router(assistant.orchestrator, assistant.conversations, auth_secret="shop-secret")
    )
    http = TestClient(app)
    signed = {login.HEADER: login.sign("shop-secret", "C-0001")}
    reply = http.post("/api/v1/chat", json={"message": "where is ORD-20001?"}, headers=signed)
    assert reply.status_code == 200 and "1Z999AA10123456784" in reply.json()["reply"]
    forged = {login.HEADER: login.sign("guessed", "C-0002")}
    refused = http.post("/api/v1/chat", json={"message": "where is ORD-20003?"}, headers=forged)
    assert refused.status_code == 401
    with assistant.sessions() as session:
        assert session.query(m.TurnRow).count() == 1  # the forged request stored nothing
