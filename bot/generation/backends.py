"""Language-model backends behind one interface, with streaming.

`OpenAICompatBackend` speaks the OpenAI chat-completions protocol over httpx (server-sent events
for streaming), which is how a shop uses vLLM, TGI, Ollama, a llama.cpp server or a hosted API.
Library errors are translated into `BackendError`s here, at the edge.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from typing import Protocol, TypedDict

import httpx

from bot.errors import BackendBusy, BackendTimeout, BackendUnavailable

logger = logging.getLogger(__name__)


class Message(TypedDict):
    role: str
    content: str


class LLMBackend(Protocol):
    name: str

    def warm_up(self) -> None: ...

    def health(self) -> str:
        """ "ok ..." when the backend can write now, else what is wrong (for /healthz)."""
        ...

    def stream(self, messages: list[Message], *, max_tokens: int) -> Iterator[str]:
        """Yield the reply's text as it is generated (greedy decoding)."""
        ...


class QueuedBackend:
    """One generation at a time, with at most `max_waiting` more requests waiting their turn, each
    for at most `max_wait_s`. Any other request gets `BackendBusy` at once, and the writer sends
    the template reply. Generations side by side on 2 cores each run slower than one after another,
    so without a queue every customer waits for the slowest; with it, the time to an answer stays
    bounded (bench/load.py measures both)."""

    def __init__(self, backend: LLMBackend, *, max_waiting: int, max_wait_s: float) -> None:
        self.name = backend.name
        self._backend = backend
        self._capacity = 1 + max_waiting
        self._admitted = 0
        self._count = threading.Lock()
        self._running = threading.Lock()
        self._max_wait_s = max_wait_s

    @property
    def admitted(self) -> int:
        """Requests generating or waiting now."""
        return self._admitted

    def warm_up(self) -> None:
        self._backend.warm_up()

    def health(self) -> str:
        return f"{self._backend.health()}; {self._admitted} of {self._capacity} in the queue"

    def stream(self, messages: list[Message], *, max_tokens: int) -> Iterator[str]:
        with self._count:
            if self._admitted >= self._capacity:
                raise BackendBusy("the model's queue is full")
            self._admitted += 1
        try:
            if not self._running.acquire(timeout=self._max_wait_s):
                raise BackendBusy(f"waited {self._max_wait_s:g} s for the model")
            try:
                yield from self._backend.stream(messages, max_tokens=max_tokens)
            finally:
                self._running.release()
        finally:
            with self._count:
                self._admitted -= 1


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

    def health(self) -> str:
        """Whether the server answers its model list (replies fall back to templates if not)."""
        url = self._url.removesuffix("/chat/completions") + "/models"
        try:
            with httpx.Client(
                timeout=2.0, headers=self._headers, transport=self._transport
            ) as client:
                status = client.get(url).status_code
        except httpx.HTTPError as exc:
            return f"unreachable ({type(exc).__name__}): replies are templates"
        return "ok" if status < 400 else f"answered {status}: replies are templates"

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
