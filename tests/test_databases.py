"""The same conversation on SQLite and on PostgreSQL: the pipeline runs on both unchanged."""

from __future__ import annotations

from pathlib import Path

from bot.settings import Settings
from bot.store.importer import import_shop
from bot.wiring import build_assistant


def test_conversation_runs_unchanged_on_each_database(
    db_url: str, shop_dir: Path, settings: Settings
) -> None:
    assistant = build_assistant(settings.model_copy(update={"database_url": db_url}))
    try:
        import_shop(assistant.sessions, shop_dir)
        handle = assistant.orchestrator.handle
        handle("where is ORD-20002?", conversation_id="db")
        turn = handle("Ann Lee 94110", conversation_id="db")
        assert turn.reply is not None
        assert "delivered on 2026-10-05" in turn.reply.text and "612345678901" in turn.reply.text
        refused = handle("and ORD-20003?", conversation_id="db")
        assert refused.reply is not None and "couldn't find" in refused.reply.text
        stored = assistant.conversations.turns("db")
        assert [t["reply_kind"] for t in stored] == [
            "ask_identity",
            "order_status",
            "order_not_found",
        ]
    finally:
        assistant.engine.dispose()
