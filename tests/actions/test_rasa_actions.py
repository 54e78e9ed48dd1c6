"""The rasa_sdk Actions, run through the executor in-process and by the real action server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.actions.runner import DOMAIN, ActionRunner
from bot.actions.services import Services
from bot.store import models as m
from bot.store.repositories import Outbox
from tests.pg import free_port, wait_for_http


@pytest.fixture
def runner(services: Services) -> ActionRunner:
    return ActionRunner(services)


def run(runner: ActionRunner, name: str, slots: dict, text: str = "", intent: str = "x") -> tuple:
    result = runner.run(name, conversation_id="conv-9", slots=slots, intent=intent, text=text)
    return result.reply, result.slots, result.messages


def test_identity_by_email_by_name_and_zip_and_one_customer_only(runner: ActionRunner) -> None:
    reply, slots, _ = run(runner, "action_verify_identity", {"email": "ANN.LEE@example.com"})
    assert reply == {"kind": "verified", "first_name": "Ann"} and slots == {"customer_id": "C-0001"}
    reply, slots, _ = run(
        runner,
        "action_verify_identity",
        {"first_name": "bob", "last_name": "stone", "zip": "73301"},
    )
    assert slots == {"customer_id": "C-0002"}
    # Ann's conversation cannot become Bob's.
    reply, slots, _ = run(
        runner,
        "action_verify_identity",
        {"customer_id": "C-0001", "email": "bob.stone@example.com"},
    )
    assert reply["kind"] == "wrong_customer" and slots == {}
    reply, slots, _ = run(runner, "action_verify_identity", {"email": "nobody@example.com"})
    assert reply == {"kind": "ask_identity", "attempted": True} and slots == {}


def test_order_status_and_lists_only_for_the_verified_customer(runner: ActionRunner) -> None:
    reply, _, _ = run(runner, "action_order_status", {"order_id": "ORD-20001"})
    assert reply["kind"] == "ask_identity"
    reply, _, _ = run(
        runner, "action_order_status", {"customer_id": "C-0001", "order_id": "ord-20001"}
    )
    assert reply["kind"] == "order_status"
    assert reply["order"]["shipments"][0]["tracking_number"] == "1Z999AA10123456784"
    reply, _, _ = run(
        runner, "action_order_status", {"customer_id": "C-0001", "order_id": "ORD-20003"}
    )
    assert reply == {"kind": "order_not_found", "order_id": "ORD-20003"}  # Bob's
    reply, _, _ = run(runner, "action_list_orders", {"customer_id": "C-0001"})
    assert sorted(o["id"] for o in reply["orders"]) == [
        "ORD-20001",
        "ORD-20002",
        "ORD-20004",
        "ORD-20005",
    ]


def test_cancel_asks_for_a_reason_then_confirmation_then_applies_once(
    runner: ActionRunner, sessions
) -> None:
    ann = {"customer_id": "C-0001", "order_id": "ORD-20004"}
    reply, _, _ = run(runner, "action_cancel_order", ann)
    assert reply["kind"] == "ask_change_detail" and reply["missing"] == "reason"
    assert "ordered by mistake" in reply["reasons"]

    reply, slots, messages = run(
        runner, "action_cancel_order", {**ann, "cancel_reason": "Ordered by mistake"}
    )
    assert reply["kind"] == "confirm_change"
    assert reply["proposal"]["summary"]["refund_cents"] == 6449
    pending = slots["pending_change"]
    entity = json.dumps({"proposal_id": pending["id"]})
    assert [b["payload"] for b in messages[0]["buttons"]] == [f"/affirm{entity}", f"/deny{entity}"]

    # The yes of a customer known by details only: a code is mailed, and nothing changes yet.
    yes = {**ann, "pending_change": pending, "confirmed": True}
    reply, slots, _ = run(runner, "action_cancel_order", yes)
    assert reply["kind"] == "ask_code" and reply["email"] == "a***@example.com"
    assert slots["pending_change"] == pending
    [mail] = Outbox(sessions).latest()
    code = re.search(r"\d{6}", mail.subject)
    assert code is not None
    with sessions() as session:
        assert session.get(m.Order, "ORD-20004").status == "pending"

    reply, slots, _ = run(runner, "action_cancel_order", {**yes, "one_time_code": code.group(0)})
    assert reply["kind"] == "change_applied" and not reply["already"]
    assert slots == {
        "pending_change": None,
        "confirmed": None,
        "one_time_code": None,
        "identity_level": "code",
    }
    reply, _, _ = run(runner, "action_cancel_order", {**yes, "identity_level": "code"})
    assert reply["kind"] == "change_applied" and reply["already"]  # the same confirmation again
    with sessions() as session:
        assert session.get(m.Order, "ORD-20004").status == "cancelled"
        assert len(list(session.scalars(select(m.AuditEntry)))) == 1


def test_anything_but_yes_cancels_the_change(runner: ActionRunner, sessions) -> None:
    ann = {"customer_id": "C-0001", "order_id": "ORD-20004", "cancel_reason": "other"}
    _, slots, _ = run(runner, "action_cancel_order", ann)
    reply, slots, _ = run(
        runner,
        "action_cancel_order",
        {**ann, "pending_change": slots["pending_change"], "confirmed": False},
    )
    assert reply["kind"] == "change_cancelled" and slots["pending_change"] is None
    with sessions() as session:
        assert session.get(m.Order, "ORD-20004").status == "pending"


def test_a_button_of_another_proposal_changes_nothing(runner: ActionRunner, sessions) -> None:
    ann = {"customer_id": "C-0001", "order_id": "ORD-20004", "cancel_reason": "other"}
    _, slots, _ = run(runner, "action_cancel_order", ann)
    pending = slots["pending_change"]
    reply, slots, _ = run(
        runner,
        "action_cancel_order",
        {**ann, "pending_change": pending, "confirmed": True, "proposal_id": "an-older-one"},
    )
    assert reply["kind"] == "confirm_change" and reply["again"] == "expired"
    assert reply["proposal"]["id"] == pending["id"] and "pending_change" not in slots
    reply, _, _ = run(
        runner, "action_cancel_order", {**ann, "confirmed": True, "proposal_id": pending["id"]}
    )
    assert reply["kind"] == "proposal_expired"  # nothing pending at all
    with sessions() as session:
        assert session.get(m.Order, "ORD-20004").status == "pending"
        assert list(session.scalars(select(m.AuditEntry))) == []


def test_a_refused_change_says_why(runner: ActionRunner) -> None:
    reply, _, _ = run(
        runner,
        "action_cancel_order",
        {"customer_id": "C-0001", "order_id": "ORD-20001", "cancel_reason": "other"},
    )
    assert reply["kind"] == "change_refused" and reply["code"] == "not_cancellable"
    assert reply["detail"]["status"] == "shipped"


def test_handoff_puts_the_conversation_in_the_queue(
    runner: ActionRunner, services: Services
) -> None:
    reply, _, _ = run(
        runner,
        "action_handoff_to_human",
        {"customer_id": "C-0001", "order_id": "ORD-20001"},
        intent="contact_human_agent",
    )
    assert reply["kind"] == "handoff"
    status, summary = services.conversations.handoff_summary("conv-9")
    assert status == "handoff" and summary is not None
    assert summary["customer_id"] == "C-0001" and summary["intent"] == "contact_human_agent"


@pytest.mark.slow
def test_the_rasa_sdk_action_server_serves_the_same_actions(
    sessions, tmp_path: Path, db_url: str
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "BOT_DATABASE_URL": db_url,
        "SANIC_HOST": "127.0.0.1",
        "BOT_LOG_LEVEL": "WARNING",
    }
    log = (tmp_path / "actions.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rasa_sdk",
            "--actions",
            "bot.channels.action_server",
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/health", server, tmp_path / "actions.log")
        with httpx.Client(base_url=base, timeout=30) as http:
            names = {a["name"] for a in http.get("/actions").json()}
            assert {
                "action_cancel_order",
                "action_verify_identity",
                "action_handoff_to_human",
            } <= names
            payload = {
                "next_action": "action_order_status",
                "sender_id": "rasa-conv",
                "version": "3.21.1",
                "domain": DOMAIN,
                "tracker": {
                    "sender_id": "rasa-conv",
                    "slots": {"customer_id": "C-0001", "order_id": "ORD-20002"},
                    "latest_message": {
                        "text": "where is ORD-20002?",
                        "intent": {"name": "track_order"},
                    },
                    "events": [],
                    "paused": False,
                    "followup_action": None,
                    "active_loop": {},
                    "latest_action_name": None,
                },
            }
            body = http.post("/webhook", json=payload).json()
            [message] = body["responses"]
            assert message["response"] == "utter_order_status"
            assert message["custom"]["order"]["shipments"][0]["carrier"] == "FedEx"
            assert body["events"] == [
                {"event": "slot", "timestamp": None, "name": "order_id", "value": "ORD-20002"}
            ]
            payload["tracker"]["slots"] = {"customer_id": "C-0001", "order_id": "ORD-20003"}
            body = http.post("/webhook", json=payload).json()
            assert body["responses"][0]["custom"] == {
                "kind": "order_not_found",
                "order_id": "ORD-20003",
            }
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
