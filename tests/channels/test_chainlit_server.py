"""Start the real Chainlit server (`bot serve`) and hold a conversation through /api/v1/chat."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from bot.settings import Settings
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.importer import import_shop
from tests.pg import free_port, wait_for_http


@contextmanager
def running_server(
    settings: Settings,
    shop_dir: Path,
    tmp_path: Path,
    *,
    backend: str = "template",
    extra_env: dict[str, str] | None = None,
) -> Iterator[str]:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    import_shop(make_sessionmaker(engine), shop_dir)
    engine.dispose()
    port = free_port()
    env = {
        **os.environ,
        "BOT_DATABASE_URL": settings.database_url,
        "BOT_VAR_DIR": str(settings.var_dir),
        "BOT_MODELS_DIR": str(settings.models_dir),
        "BOT_LLM_BACKEND": backend,
        "BOT_IDENTITY_FOR_CHANGES": settings.identity_for_changes,
        "BOT_LOG_LEVEL": "WARNING",
        **(extra_env or {}),
    }
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # The embedded model's first start converts its weights once (seconds alone, a minute or
        # more when the machine is busy).
        wait_for_http(f"{base}/health", process, tmp_path / "server.log", timeout_s=180)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture
def server(settings: Settings, shop_dir: Path, tmp_path: Path) -> Iterator[str]:
    with running_server(settings, shop_dir, tmp_path) as base:
        yield base


@pytest.mark.slow
def test_conversation_through_the_running_chainlit_server(server: str, tmp_path: Path) -> None:
    with httpx.Client(base_url=server, timeout=30) as http:
        first = http.post("/api/v1/chat", json={"message": "Where is my order ORD-20001?"})
        assert first.status_code == 200
        body = first.json()
        assert "verify" in body["reply"] and "1Z999" not in body["reply"]
        second = http.post(
            "/api/v1/chat",
            json={
                "conversation_id": body["conversation_id"],
                "conversation_token": body["conversation_token"],
                "message": "ann.lee@example.com",
            },
        ).json()
        assert "1Z999AA10123456784" in second["reply"] and "UPS" in second["reply"]
        assert http.get("/").status_code == 200  # the chat UI itself
        # Our GET routes are not shadowed by Chainlit's catch-all chat page.
        health = http.get("/healthz")  # this test shop has no documents ingested: degraded
        assert health.status_code == 503 and health.json()["database"] == "ok"
        assert health.json()["search_index"] == "empty or unreachable"
        assert http.get("/api/v1/chat").status_code == 405
        intruder = {"conversation_id": body["conversation_id"], "message": "list my orders"}
        assert http.post("/api/v1/chat", json=intruder).status_code == 403
        project = http.get("/project/settings", params={"language": "en-US"}).json()
        assert project["ui"]["name"] == "Northwind Home & Tech"
        assert project["features"]["spontaneous_file_upload"]["enabled"] is False
    assert not (tmp_path / ".chainlit").exists(), "Chainlit files belong under var/"


async def _chat_over_websocket(
    base: str, messages: list[str], streamed: list[str] | None = None
) -> list[str]:
    """Talk to the Chainlit UI's own socket.io channel, as the browser does. Streamed tokens are
    appended to `streamed`."""
    import asyncio
    import uuid

    import socketio

    replies: asyncio.Queue[str] = asyncio.Queue()
    client = socketio.AsyncClient()

    @client.on("new_message")
    async def on_new_message(step: dict) -> None:
        if step.get("type") == "assistant_message":
            await replies.put(step["output"])

    @client.on("stream_start")
    async def on_stream_start(step: dict) -> None:
        if streamed is not None:
            streamed.append(step["output"])

    @client.on("stream_token")
    async def on_stream_token(data: dict) -> None:
        if streamed is not None:
            streamed.append(data["token"])

    await client.connect(
        base,
        socketio_path="/ws/socket.io",
        transports=["websocket"],
        auth={
            "clientType": "webapp",
            "sessionId": str(uuid.uuid4()),
            "threadId": None,
            "userEnv": "{}",
        },
    )
    try:
        await client.emit("connection_successful")
        received = [await asyncio.wait_for(replies.get(), timeout=30)]  # the greeting
        for text in messages:
            step = {
                "id": str(uuid.uuid4()),
                "type": "user_message",
                "output": text,
                "createdAt": "2026-11-22T15:00:00Z",
                "name": "User",
            }
            await client.emit("client_message", {"message": step, "fileReferences": []})
            received.append(await asyncio.wait_for(replies.get(), timeout=90))
        return received
    finally:
        await client.disconnect()


@pytest.mark.slow
async def test_conversation_through_the_chat_ui_websocket(server: str) -> None:
    greeting, ask, status = await _chat_over_websocket(
        server, ["where is ORD-20002?", "Ann Lee, 94110"]
    )
    assert greeting.startswith("Hello!")
    assert "verify" in ask and "FedEx" not in ask
    assert "delivered on 2026-10-05" in status and "612345678901" in status


@pytest.mark.slow
async def test_the_embedded_model_streams_verified_text_into_the_chat_ui(
    settings: Settings, shop_dir: Path, tmp_path: Path
) -> None:
    streamed: list[str] = []
    with running_server(settings, shop_dir, tmp_path, backend="embedded") as base:
        _, ask, status = await _chat_over_websocket(
            base, ["where is ORD-20001?", "ann.lee@example.com"], streamed
        )
    assert "1Z999AA10123456784" in status
    # The identity request is a template, streamed whole; the model's reply came in sentences,
    # each checked before it was sent, and the final message is exactly what was streamed.
    assert streamed[0] == ask and len(streamed) >= 3
    assert "".join(streamed[1:]) == status


@pytest.mark.slow
def test_a_customer_signed_in_on_the_shop_site_is_let_in_by_a_signed_header(
    settings: Settings, shop_dir: Path, tmp_path: Path
) -> None:
    from bot.channels import login

    secret = "shop-secret"
    env = {"BOT_AUTH_SECRET": secret}
    with running_server(settings, shop_dir, tmp_path, extra_env=env) as base:
        with httpx.Client(base_url=base, timeout=30) as http:
            good = http.post("/auth/header", headers={login.HEADER: login.sign(secret, "C-0001")})
            assert good.status_code == 200
            forged = login.sign("guessed", "C-0002")
            assert http.post("/auth/header", headers={login.HEADER: forged}).status_code == 401
            assert http.post("/auth/header").status_code == 401
