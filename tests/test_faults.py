"""Faults the customer must be told about: a database that cannot store the turn, and a search
index that is empty. No turn is answered as if all were well while it is being lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.channels.api import make_router
from bot.settings import Settings
from bot.wiring import Assistant, build_assistant
from tests.actions.conftest import action_shop
from tests.conftest import NOW
from tests.shopdata import write_shop


@pytest.fixture
def shop_dir(tmp_path: Path) -> Path:
    return write_shop(tmp_path / "export", action_shop())


def test_a_failing_store_replaces_the_reply(assistant: Assistant, monkeypatch) -> None:
    def broken(**_: object) -> int:
        raise RuntimeError("disk I/O error")

    assistant.orchestrator.handle("ann.lee@example.com", conversation_id="c1")
    monkeypatch.setattr(assistant.conversations, "record_turn", broken)
    turn = assistant.orchestrator.handle(
        "cancel ORD-20002, ordered by mistake", conversation_id="c1"
    )
    assert turn.reply is not None and turn.reply.kind == "store_down"
    assert "nothing from your last message was done" in turn.reply.text
    assert not turn.reply.choices  # no Yes button for a proposal nobody stored


def test_a_removed_database_file_turns_health_red(assistant: Assistant) -> None:
    if assistant.engine.url.get_backend_name() != "sqlite":
        pytest.skip(
            "removes the SQLite file (any database: test_a_database_that_cannot_be_read_...)"
        )
    database = Path(str(assistant.engine.url.database))
    assert assistant.health()["database"] == "ok"
    database.rename(database.with_suffix(".moved"))
    assert assistant.health()["database"] == "the database file is missing"
    app = FastAPI()
    app.include_router(
        make_router(assistant.orchestrator, assistant.conversations, assistant.health)
    )
    response = TestClient(app).get("/healthz")
    assert response.status_code == 503 and response.json()["ok"] is False
    # Measured: with the file removed, turns were answered normally and silently lost.
    turn = assistant.orchestrator.handle("where is ORD-20001?", conversation_id="c2")
    assert turn.reply is not None and turn.reply.kind == "store_down"


def test_an_empty_search_index_is_said_plainly(settings: Settings, shop_dir: Path) -> None:
    from bot.store.db import make_engine, make_sessionmaker, upgrade
    from bot.store.importer import import_shop

    engine = make_engine(settings.database_url)
    upgrade(engine)
    import_shop(make_sessionmaker(engine), shop_dir)
    engine.dispose()
    built = build_assistant(settings, clock=lambda: NOW)  # nothing ingested: the index is empty
    try:
        assert built.health()["search_index"] == "empty or unreachable"
        turn = built.orchestrator.handle("what is your return policy?", conversation_id="k")
        assert turn.reply is not None and turn.reply.kind == "search_down"
        assert "search is down" in turn.reply.text
        assert "couldn't find" not in turn.reply.text
    finally:
        built.engine.dispose()


def test_a_restart_resumes_the_conversation_with_its_pending_confirmation(
    assistant: Assistant, settings: Settings
) -> None:
    assistant.orchestrator.handle("ann.lee@example.com", conversation_id="c1")
    proposed = assistant.orchestrator.handle(
        "cancel ORD-20004 please, I ordered it by mistake", conversation_id="c1"
    )
    assert proposed.reply is not None and proposed.reply.kind == "confirm_change"
    assistant.engine.dispose()  # the server is killed...
    restarted = build_assistant(settings, clock=lambda: NOW)  # ...and started again
    try:
        turn = restarted.orchestrator.handle(
            "yes", conversation_id="c1", answer_to=proposed.reply.proposal_id
        )
        assert turn.reply is not None and turn.reply.kind == "change_applied"
    finally:
        restarted.engine.dispose()


def test_a_database_that_cannot_be_read_is_said_as_such(assistant: Assistant) -> None:
    """PostgreSQL down, or the SQLite file unreadable: the turn's first read fails."""
    from sqlalchemy.exc import OperationalError

    def down(_: str) -> None:
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    assistant.conversations.load_state = down  # type: ignore[method-assign]
    turn = assistant.orchestrator.handle("cancel ORD-20004 please", conversation_id="c3")
    assert turn.reply is not None and turn.reply.kind == "store_down"


def test_an_unreachable_model_server_turns_health_red_and_templates_answer(
    settings: Settings, shop_dir: Path
) -> None:
    from bot.store.db import make_engine, make_sessionmaker, upgrade
    from bot.store.importer import import_shop

    engine = make_engine(settings.database_url)
    upgrade(engine)
    import_shop(make_sessionmaker(engine), shop_dir)
    engine.dispose()
    dead = settings.model_copy(
        update={"llm_backend": "openai_compat", "llm_base_url": "http://127.0.0.1:9/v1"}
    )
    built = build_assistant(dead, clock=lambda: NOW)
    try:
        assert built.health()["reply_model"].startswith("unreachable")
        turn = built.orchestrator.handle(
            "where is ORD-20001? ann.lee@example.com", conversation_id="m"
        )
        assert turn.reply is not None and turn.reply.backend == "template"
        assert "1Z999AA10123456784" in turn.reply.text
    finally:
        built.engine.dispose()
