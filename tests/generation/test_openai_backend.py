"""The OpenAI-compatible backend against a small local server that speaks the real protocol."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from bot.errors import BackendTimeout, BackendUnavailable
from bot.generation.backends import OpenAICompatBackend, complete
from tests.pg import free_port


class FakeServer:
    """Streams scripted chat completions as server-sent events; can fail or stall on request."""

    def __init__(self) -> None:
        self.replies: list[str] = []
        self.failures = 0
        self.stall_s = 0.0
        self.requests: list[dict] = []
        self.headers: list[dict] = []

    async def chat(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        if self.failures:
            self.failures -= 1
            return JSONResponse({"error": {"message": "overloaded"}}, status_code=503)
        if self.stall_s:
            import asyncio

            await asyncio.sleep(self.stall_s)
        words = self.replies.pop(0).split(" ")

        async def events() -> Iterator[str]:  # type: ignore[misc]
            for n, word in enumerate(words):
                delta = {"content": word if n == 0 else " " + word}
                yield "data: " + json.dumps({"choices": [{"index": 0, "delta": delta}]}) + "\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")


@pytest.fixture
def server() -> Iterator[tuple[str, FakeServer]]:
    fake = FakeServer()
    app = Starlette(routes=[Route("/v1/chat/completions", fake.chat, methods=["POST"])])
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not runner.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", fake
    runner.should_exit = True
    thread.join(timeout=10)


def test_streams_the_reply_greedily(server) -> None:
    url, fake = server
    fake.replies = ["Your order has shipped."]
    backend = OpenAICompatBackend(url, "smol", api_key="sk-test")
    pieces = list(backend.stream([{"role": "user", "content": "hi"}], max_tokens=20))
    assert pieces == ["Your", " order", " has", " shipped."]
    request = fake.requests[0]
    assert request["stream"] is True and request["temperature"] == 0 and request["model"] == "smol"
    assert fake.headers[0]["authorization"] == "Bearer sk-test"


def test_retries_a_server_error_then_succeeds(server) -> None:
    url, fake = server
    fake.failures, fake.replies = 1, ["ok then"]
    backend = OpenAICompatBackend(url, "smol", retries=2)
    assert complete(backend, [{"role": "user", "content": "hi"}], max_tokens=5) == "ok then"
    assert len(fake.requests) == 2


def test_errors_become_backend_errors(server) -> None:
    url, fake = server
    fake.failures = 5
    with pytest.raises(BackendUnavailable, match="503"):
        complete(OpenAICompatBackend(url, "smol", retries=1), [], max_tokens=5)
    fake.failures, fake.stall_s, fake.replies = 0, 2.0, ["late", "late"]
    with pytest.raises(BackendTimeout):
        complete(OpenAICompatBackend(url, "smol", timeout_s=0.3, retries=1), [], max_tokens=5)
    with pytest.raises(BackendUnavailable, match="cannot reach"):
        complete(OpenAICompatBackend("http://127.0.0.1:9", "smol", retries=0), [], max_tokens=5)


def test_the_assistant_uses_the_server_and_keeps_only_verified_replies(
    server, settings, shop_dir
) -> None:
    from bot.store.db import make_engine, make_sessionmaker, upgrade
    from bot.store.importer import import_shop
    from bot.wiring import build_assistant

    url, fake = server
    engine = make_engine(settings.database_url)
    upgrade(engine)
    import_shop(make_sessionmaker(engine), shop_dir)
    engine.dispose()
    assistant = build_assistant(
        settings.model_copy(update={"llm_backend": "openai_compat", "llm_base_url": url})
    )
    fake.replies = [
        "Order ORD-20001 shipped with UPS on November 20 and should arrive by November 25.",
        "Order ORD-20002 was delivered on October 5th, 2023 by FedEx.",
    ]
    handle = assistant.orchestrator.handle
    good = handle("ann.lee@example.com where is ORD-20001?", conversation_id="llm")
    bad = handle("and where is ORD-20002?", conversation_id="llm")
    assistant.engine.dispose()
    assert good.reply is not None and good.reply.backend == "openai_compat"
    assert good.reply.text.startswith("Order ORD-20001 shipped with UPS")
    assert bad.reply is not None and bad.reply.backend == "template"
    assert "delivered on 2026-10-05" in bad.reply.text
    write = [r for r in bad.trace.records if r.stage == "write"][0]
    assert write.detail["problems"] == ["date 2023-10-05 is not in the facts"]
    assert httpx  # the backend's transport
