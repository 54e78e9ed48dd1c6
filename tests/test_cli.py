"""The `bot` command, run as a real process where it matters (stdin/stdout, exit codes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings


def run_bot(settings: Settings, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BOT_DATABASE_URL": settings.database_url,
        "BOT_VAR_DIR": str(settings.var_dir),
        "BOT_MODELS_DIR": str(settings.models_dir),
        "BOT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "BOT_LLM_BACKEND": settings.llm_backend,
        "BOT_LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,  # a guard against a hung command, not a speed check (`eval nlu` scores ~6,000 texts)
    )


def test_import_then_scripted_json_chat(settings: Settings, shop_dir: Path) -> None:
    imported = run_bot(settings, "import", str(shop_dir))
    assert imported.returncode == 0, imported.stderr
    assert "'orders': 3" in imported.stdout
    done = run_bot(
        settings, "chat", "--json", stdin="where is ORD-20001\nann.lee@example.com\nthanks\n"
    )
    assert done.returncode == 0, done.stderr
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(replies) == 3
    assert len({r["conversation_id"] for r in replies}) == 1
    assert [r["intent"] for r in replies] == ["track_order", "track_order", "thank"]
    assert "1Z999AA10123456784" in replies[1]["reply"]


def test_bad_import_fails_with_the_record_named(settings: Settings, shop_dir: Path) -> None:
    (shop_dir / "customers.json").write_text('[{"id": "C-1", "first_name": "A", "email": "x"}]')
    failed = run_bot(settings, "import", str(shop_dir))
    assert failed.returncode == 1
    assert (
        "customers.json, record 1 (id C-1), field 'email': Value error, not a valid email address"
    ) in failed.stderr


def test_eval_nlu_prints_the_metrics_as_json(settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "foreign.csv"
    data.write_text(
        "utterance,tag\nwhere is my parcel,order_status\nhello there,greeting\n"
        "book me a flight to Rome,book_flight\nmaybe later,maybe\n"
    )
    mapping = Path(__file__).resolve().parent.parent / "knowledge/nlu/maps/clinc150.csv"
    done = run_bot(
        settings,
        "eval",
        "nlu",
        str(data),
        "--text-column",
        "utterance",
        "--label-column",
        "tag",
        "--map",
        str(mapping),
        "--no-baseline",
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    scored = report["sets"]["foreign"]
    assert scored["skipped_rows"] == 1  # "maybe" has no counterpart among our intents
    model = scored["model"]
    assert model["examples"] == 3
    assert {"accuracy", "macro_f1", "per_intent", "oos_recall", "in_scope_rejected"} <= set(model)
    assert set(report["latency_ms"]) == {"p50", "p95"}


@pytest.mark.slow
def test_eval_nlu_scores_every_set_training_never_saw(settings: Settings) -> None:
    done = run_bot(settings, "eval", "nlu", "--no-baseline", "--json")
    assert done.returncode == 0, done.stderr
    sets = json.loads(done.stdout)["sets"]
    assert {
        "project_validation",
        "project_validation_zh",
        "bitext_heldout",
        "banking77_heldout",
        "clinc150_validation",
        "en_users_heldout",
        "zh_heldout",
        "zh_heldout[traditional]",
        "zh_heldout[typo]",
    } <= set(sets)
    assert sets["zh_heldout[traditional]"]["model"]["examples"] == 70


def test_eval_nlu_names_a_missing_column(settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "x.csv"
    data.write_text("text,intent\nhi,greet\n")
    done = run_bot(settings, "eval", "nlu", str(data), "--no-baseline")
    assert done.returncode == 1
    assert "no column(s) ['label']" in done.stderr


def test_outbox_shows_the_code_mailed_in_development(settings: Settings, shop_dir: Path) -> None:
    assert run_bot(settings, "import", str(shop_dir)).returncode == 0
    assert "the outbox is empty" in run_bot(settings, "outbox").stdout
    chat = "bob.stone@example.com\nplease cancel order ORD-20003, I ordered it by mistake\nyes\n"
    done = run_bot(settings, "chat", "--json", stdin=chat)  # the default level: a mailed code
    assert done.returncode == 0, done.stderr
    assert "b***@example.com" in json.loads(done.stdout.splitlines()[-1])["reply"]
    shown = run_bot(settings, "outbox", "--to", "bob.stone@example.com")
    assert shown.returncode == 0, shown.stderr
    assert "to bob.stone@example.com: Your Northwind Home & Tech code:" in shown.stdout
