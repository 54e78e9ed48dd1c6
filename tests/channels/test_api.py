from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.channels.api import make_router
from bot.wiring import Assistant


def client(assistant: Assistant) -> TestClient:
    app = FastAPI()
    app.include_router(make_router(assistant.orchestrator))
    return TestClient(app)


def test_chat_keeps_the_conversation_and_returns_the_documented_shape(
    assistant: Assistant,
) -> None:
    api = client(assistant)
    first = api.post("/api/v1/chat", json={"message": "where is ORD-20001?"}).json()
    assert set(first) == {
        "conversation_id",
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
        json={"conversation_id": first["conversation_id"], "message": "ann.lee@example.com"},
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
