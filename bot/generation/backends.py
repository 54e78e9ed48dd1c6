"""Language-model backends behind one interface, with streaming.

`OpenAICompatBackend` speaks the OpenAI chat-completions protocol over httpx (server-sent events
for streaming), which is how a shop uses vLLM, TGI, Ollama, a llama.cpp server or a hosted API.
Library errors are translated into `BackendError`s here, at the edge.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Protocol, TypedDict

import httpx

from bot.errors import BackendTimeout, BackendUnavailable

logger = logging.getLogger(__name__)


class Message(TypedDict):
    role: str
    content: str


class LLMBackend(Protocol):
    name: str

    def warm_up(self) -> None: ...

    def stream(self, messages: list[Message], *, max_tokens: int) -> Iterator[str]:
        """Yield the reply's text as it is generated (greedy decoding)."""
        ...


def complete(backend: LLMBackend, messages: list[Message], *, max_tokens: int) -> str:
    return "".join(backend.stream(messages, max_tokens=max_tokens))


class OpenAICompatBackend:
    name = "openai_compat"

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        retries: int = 2,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._url = base_url.rstrip("/") + (
            "/chat/completions" if base_url.rstrip("/").endswith("/v1") else "/v1/chat/completions"
        )
        self._model = model
        self._retries = retries
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout = httpx.Timeout(timeout_s)
        self._transport = transport

    def warm_up(self) -> None:
        """Nothing to load; the server holds the model."""

    def stream(self, messages: list[Message], *, max_tokens: int) -> Iterator[str]:
        body = {
            "model": self._model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": 0,
            "stream": True,
        }
        for attempt in range(self._retries + 1):
            produced = False
            try:
                with (
                    httpx.Client(
                        timeout=self._timeout, headers=self._headers, transport=self._transport
                    ) as client,
                    client.stream("POST", self._url, json=body) as response,
                ):
                    if response.status_code >= 500 and attempt < self._retries:
                        response.read()
                        time.sleep(0.2 * 2**attempt)
                        continue
                    if response.status_code != 200:
                        response.read()
                        raise BackendUnavailable(
                            f"{self._url} answered {response.status_code}: {response.text[:200]}"
                        )
                    for piece in _sse_content(response.iter_lines()):
                        produced = True
                        yield piece
                    return
            except httpx.TimeoutException as exc:
                if produced or attempt == self._retries:
                    raise BackendTimeout(f"{self._url} did not answer in time") from exc
            except httpx.TransportError as exc:
                if produced or attempt == self._retries:
                    raise BackendUnavailable(f"cannot reach {self._url}: {exc}") from exc
            time.sleep(0.2 * 2**attempt)


def _sse_content(lines: Iterator[str]) -> Iterator[str]:
    """The text deltas of an OpenAI chat-completions event stream."""
    for line in lines:
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        try:
            event = json.loads(data)
        except json.JSONDecodeError as exc:
            raise BackendUnavailable(f"malformed event from the backend: {data[:100]}") from exc
        for choice in event.get("choices") or []:
            piece = (choice.get("delta") or {}).get("content")
            if piece:
                yield piece
