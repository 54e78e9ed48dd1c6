"""A fixed sample of the verifier's mutation benchmark (bench/verifier_mutations.py runs it over
the whole demo shop): every reply kind's template output over the test shop, and one wrong copy
per fact type. The verifier must reject ≥ 99% of the wrong copies and accept the correct ones."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.actions.services import build_services
from bot.generation.template import TemplateWriter
from bot.store import models as m
from bot.store.repositories import OrderRepository
from bot.testing.mutations import Sample, score, shop_samples, with_names
from bot.turn import Evidence
from bot.wiring import Assistant, catalog_product_names, shop_policy, shop_profile
from tests.actions.conftest import TODAY, action_shop
from tests.shopdata import write_shop

PASSAGES = (
    Evidence(
        passage_id="policies/returns.md#1",
        doc_id="policies/returns.md",
        text="## Return window\nYou can return items within 30 days of delivery. Refunds go back "
        "to the original payment method within 5-7 business days.",
        title="Returns Policy — Return window",
        doc_type="policy",
        score=1.0,
    ),
    Evidence(
        passage_id="manuals/halo.md#4",
        doc_id="manuals/halo.md",
        text="## Battery\nThe Aurora Halo ANC Headphones play for up to 30 hours with noise "
        "cancelling on, and 40 hours with it off. A 10-minute charge gives 5 hours.",
        title="Aurora Halo ANC Headphones manual — Battery",
        doc_type="manual",
        score=1.0,
    ),
)


@pytest.fixture
def shop_dir(tmp_path: Path) -> Path:
    return write_shop(tmp_path / "export", action_shop())


@pytest.fixture
def samples(assistant: Assistant) -> tuple[list[Sample], list[str]]:
    with assistant.sessions() as session:
        ids = list(session.execute(select(m.Order.id, m.Order.customer_id).order_by(m.Order.id)))
    repository = OrderRepository(assistant.sessions)
    orders = [o for i, c in ids if (o := repository.get_for_customer(i, c)) is not None]
    services = build_services(
        assistant.sessions,
        shop_policy(assistant.settings),
        clock=lambda: datetime.combine(TODAY, time(12), UTC),
    )
    templates = TemplateWriter(shop_profile(assistant.settings))
    names = catalog_product_names(assistant.settings)
    built = shop_samples(orders, services.actions, templates, PASSAGES, today=TODAY)
    return with_names(built, names), names


def test_every_reply_kind_is_sampled(samples: tuple[list[Sample], list[str]]) -> None:
    kinds = {s.kind for s in samples[0]}
    assert {
        "order_status",
        "confirm_change",
        "change_applied",
        "change_refused",
        "change_cancelled",
        "knowledge_answer",
        "handoff",
        "small_talk",
        "clarify",
        "out_of_scope",
        "wrong_customer",
        "order_not_found",
    } <= kinds


def test_the_verifier_rejects_wrong_copies_and_accepts_correct_replies(
    samples: tuple[list[Sample], list[str]],
) -> None:
    result = score(*samples)
    confusion = {
        fact: f"{result.rejected_by_fact[fact]}/{n}" for fact, n in result.total_by_fact.items()
    }
    assert len(result.total_by_fact) >= 18, confusion  # every fact type was exercised
    assert result.rejection >= 0.99, (confusion, result.missed[:3])
    assert result.acceptance >= 0.98, result.false_rejections[:3]
