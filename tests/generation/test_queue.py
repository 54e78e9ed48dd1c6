"""The queue in front of the embedded model: one generation at a time, a bounded wait, and an
immediate `BackendBusy` (the writer then sends the template reply) when the queue is full."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from bot.errors import BackendBusy
from bot.generation.backends import Message, QueuedBackend


class Gate:
    """A backend whose generation runs until the test opens the gate."""

    name = "gate"

    def __init__(self) -> None:
        self.started = threading.Semaphore(0)
        self.open = threading.Event()
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        pass

    def health(self) -> str:
        return "ok"

    def stream(self, messages: list[Message], *, max_tokens: int) -> Iterator[str]:
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        self.started.release()
        self.open.wait(timeout=30)
        with self._lock:
            self.running -= 1
        yield "done"


def generate(backend: QueuedBackend, out: list[str]) -> None:
    try:
        out.append("".join(backend.stream([], max_tokens=4)))
    except BackendBusy as exc:
        out.append(f"busy: {exc}")


def test_one_generation_at_a_time_and_a_full_queue_answers_busy_at_once() -> None:
    gate = Gate()
    queued = QueuedBackend(gate, max_waiting=1, max_wait_s=30)
    results: list[str] = []
    first = threading.Thread(target=generate, args=(queued, results))
    first.start()
    assert gate.started.acquire(timeout=10)  # the first is generating
    second = threading.Thread(target=generate, args=(queued, results))
    second.start()  # waits its turn
    while queued.admitted < 2:  # both admitted
        threading.Event().wait(0.01)
    with pytest.raises(BackendBusy, match="queue is full"):
        next(queued.stream([], max_tokens=4))
    gate.open.set()
    first.join(10)
    second.join(10)
    assert results == ["done", "done"] and gate.most_at_once == 1
    assert queued.admitted == 0 and queued.health() == "ok; 0 of 2 in the queue"


def test_a_request_that_waits_too_long_gets_busy() -> None:
    gate = Gate()
    queued = QueuedBackend(gate, max_waiting=2, max_wait_s=0.05)
    results: list[str] = []
    first = threading.Thread(target=generate, args=(queued, results))
    first.start()
    assert gate.started.acquire(timeout=10)
    generate(queued, results)
    assert results == ["busy: waited 0.05 s for the model"]
    gate.open.set()
    first.join(10)
    assert results[-1] == "done"
