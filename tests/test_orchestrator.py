"""One real conversation end to end through the orchestrator, on a real SQLite shop."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bot.settings import Settings
from bot.store import models as m
from bot.wiring import Assistant, build_assistant


def talk(assistant: Assistant, *messages: str, conversation: str = "conv-1") -> list[str]:
    replies = []
    for message in messages:
        turn = assistant.orchestrator.handle(message, conversation_id=conversation)
        assert turn.reply is not None
        replies.append(turn.reply.text)
    return replies


def test_order_data_needs_identity_first(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "Where is my order ORD-20001?")
    assert "verify" in reply.lower()
    assert "UPS" not in reply and "1Z999" not in reply and "shipped" not in reply


def test_status_comes_from_the_database_after_email_verification(assistant: Assistant) -> None:
    _, reply = talk(assistant, "Where is my order ORD-20001?", "It's ann.lee@example.com")
    assert "ORD-20001" in reply
    assert "shipped" in reply
    assert "UPS" in reply and "1Z999AA10123456784" in reply
    assert "2026-11-20" in reply and "2026-11-25" in reply
    assert "Aurora Halo ANC Headphones" in reply


def test_a_shipment_past_its_estimated_date_is_called_late(
    assistant: Assistant, settings: Settings, shop_dir: Path
) -> None:
    (on_time,) = talk(assistant, "ann.lee@example.com where is ORD-20001")
    assert "expected by 2026-11-25" in on_time and "late" not in on_time
    later = build_assistant(settings, clock=lambda: datetime(2026, 11, 28, tzinfo=UTC))
    (late,) = talk(later, "ann.lee@example.com where is ORD-20001", conversation="late")
    later.engine.dispose()
    assert "expected by 2026-11-25, so it is running late" in late


def test_name_plus_zip_over_two_turns(assistant: Assistant) -> None:
    replies = talk(assistant, "track my order please", "My name is Ann Lee", "94110")
    assert "zip code" in replies[1]
    assert "ORD-20001" in replies[2] and "1Z999AA10123456784" in replies[2]


def test_another_customers_order_is_refused_exactly_like_a_missing_one(
    assistant: Assistant,
) -> None:
    foreign = talk(assistant, "ann.lee@example.com", "where is order ORD-20003?", conversation="a")[
        1
    ]
    missing = talk(assistant, "ann.lee@example.com", "where is order ORD-29999?", conversation="b")[
        1
    ]
    assert foreign == missing.replace("ORD-29999", "ORD-20003")
    assert "pending" not in foreign and "Bob" not in foreign and "Kettle" not in foreign


def test_email_in_the_same_message_as_someone_elses_order(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "I'm ann.lee@example.com, what's the status of ORD-20003?")
    assert "couldn't find an order ORD-20003" in reply
    assert "pending" not in reply


def test_a_conversation_serves_one_customer(assistant: Assistant) -> None:
    replies = talk(assistant, "ann.lee@example.com", "now bob.stone@example.com, my orders?")
    assert "already linked" in replies[1]
    assert "ORD-20003" not in replies[1]


def test_where_is_it_refers_to_the_order_named_before(assistant: Assistant) -> None:
    replies = talk(assistant, "ann.lee@example.com", "what about ORD-20002", "where is it now?")
    assert "delivered on 2026-10-05" in replies[1]
    assert "ORD-20002" in replies[2] and "FedEx" in replies[2]


def test_several_orders_ask_which_one(assistant: Assistant) -> None:
    records = talk(assistant, "bob.stone@example.com", "where is my order?")
    assert "ORD-20003" in records[1] and "pending" in records[1]
    replies = talk(assistant, "ann.lee@example.com", "show me my orders", conversation="c")
    assert "ORD-20001" in replies[1]


def test_unknown_details_three_times_hand_over(assistant: Assistant) -> None:
    replies = talk(
        assistant, "where is my order", "x@example.com", "y@example.com", "z@example.com"
    )
    assert "couldn't find an account" in replies[1]
    turn = assistant.orchestrator.handle("hello", conversation_id="conv-1")
    assert "passing you to a person" in replies[3]
    assert turn.reply is not None


def test_chinese_question_gets_a_chinese_reply(assistant: Assistant) -> None:
    replies = talk(assistant, "我的订单到哪了？", "ann.lee@example.com")
    assert "邮箱" in replies[0]
    assert "ORD-20001" in replies[1] and "运单号 1Z999AA10123456784" in replies[1]


def test_every_turn_is_stored_with_its_trace(assistant: Assistant) -> None:
    talk(assistant, "hi", "where is ORD-20001", "ann.lee@example.com", conversation="t")
    turns = assistant.conversations.turns("t")
    assert [t["index"] for t in turns] == [0, 1, 2]
    assert [t["intent"] for t in turns] == ["greet", "track_order", "track_order"]
    stages = [record["stage"] for record in turns[2]["trace"]]
    assert stages == [
        "load_state",
        "understand",
        "identity",
        "facts",
        "act",
        "passages",
        "write",
        "record",
    ]
    assert turns[2]["trace"][2]["outcome"] == "Verified"


def test_handoff_marks_the_conversation(assistant: Assistant) -> None:
    turn = assistant.orchestrator.handle("I want to talk to a human", conversation_id="h")
    assert turn.reply is not None and turn.reply.handoff
    with assistant.sessions() as session:
        assert session.get(m.Conversation, "h").status == "handoff"  # type: ignore[union-attr]


def test_empty_and_oversized_messages_change_nothing(assistant: Assistant) -> None:
    for text in ("", "   \n", "x" * 100_000):
        turn = assistant.orchestrator.handle(text, conversation_id="bad")
        assert turn.reply is not None and turn.reply.kind == "input_error"
    with assistant.sessions() as session:
        assert session.scalar(select(func.count()).select_from(m.TurnRow)) == 0
        assert session.get(m.Conversation, "bad") is None


def test_sql_and_html_in_a_message_are_just_text(assistant: Assistant) -> None:
    replies = talk(
        assistant,
        "'; DROP TABLE orders; -- <script>alert(1)</script>",
        "ann.lee@example.com' OR '1'='1",
    )
    assert all("ORD-2000" not in r for r in replies)
    with assistant.sessions() as session:
        assert session.scalar(select(func.count()).select_from(m.Order)) == 3


def test_a_failing_stage_gives_a_safe_reply_and_keeps_the_trace(
    assistant: Assistant, monkeypatch
) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(assistant.orchestrator._facts, "run", broken)
    turn = assistant.orchestrator.handle("where is ORD-20001", conversation_id="f")
    assert turn.reply is not None and turn.reply.kind == "failure"
    stored = assistant.conversations.turns("f")
    assert stored[0]["trace"][-2]["stage"] == "failure"
    assert stored[0]["trace"][-2]["detail"] == {"error": "RuntimeError"}
