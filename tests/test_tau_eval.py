"""`bot eval tau`: a scripted customer plays tau-bench retail tasks over the chat API, each on a
fresh copy of the tau shop, and the shop's data afterwards is the grade."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from bot.settings import Settings
from bot.store.changes import Actor, Cancel, OrderChanges
from bot.testing.runner import ConversationRunner
from bot.testing.tau import (
    TAU_NOW,
    TauAction,
    TauTask,
    apply_expected,
    evaluate,
    evaluate_task,
    meant_actions,
    read_tasks,
    shop_state,
)
from tests.conftest import REPO
from tests.test_cli import run_bot

TASKS = REPO / "data" / "tau_retail" / "tasks_train.jsonl"


def first_task(name: str) -> TauTask:
    """The first training task that has exactly one expected action, of this name."""
    return next(t for t in read_tasks(TASKS) if [a.name for a in t.actions] == [name])


def test_a_return_named_only_by_its_items_finds_the_order(
    conversation_runner: ConversationRunner,
) -> None:
    task = first_task("return_delivered_order_items")
    order_id = task.actions[0].kwargs["order_id"]
    # The customer is not told the order id: they name the items, as most customers do.
    unnamed = replace(task, instruction=task.instruction.replace(order_id, "an order"))
    result = evaluate_task(unnamed, conversation_runner)
    customer_lines = [said for said, _, _ in result.transcript]
    assert not any("#W" in line for line in customer_lines), customer_lines
    assert result.passed, (result.failure, result.transcript)
    assert any(order_id in reply for _, reply, _ in result.transcript)


def test_a_cancel_and_an_item_change_in_one_conversation(
    conversation_runner: ConversationRunner,
) -> None:
    task = next(
        t
        for t in read_tasks(TASKS)
        if [a.name for a in meant_actions(t)]
        == ["cancel_pending_order", "modify_pending_order_items"]
    )
    result = evaluate_task(task, conversation_runner)
    assert result.passed, (result.failure, result.transcript)
    kinds = [kind for _, _, kind in result.transcript]
    assert kinds.count("change_applied") == 2


def test_grading_sees_a_change_nobody_asked_for(conversation_runner: ConversationRunner) -> None:
    task = first_task("cancel_pending_order")
    with conversation_runner.fresh_assistant("tau", now=TAU_NOW) as reference:
        apply_expected(task, reference.sessions, conversation_runner.policy("tau"))
        expected = shop_state(reference.sessions)
    with conversation_runner.fresh_assistant("tau", now=TAU_NOW) as other:
        # the same order cancelled for another reason: the grade says where it differs
        kwargs = task.actions[0].kwargs
        reason = "ordered by mistake" if kwargs["reason"] != "ordered by mistake" else "other"
        OrderChanges(other.sessions).apply(
            Cancel(kwargs["order_id"], reason),
            actor=Actor(task.user_id),
            key="k",
            check=lambda order: None,
            today=TAU_NOW.date(),
        )
        actual = shop_state(other.sessions)
    assert [t for t in expected if expected[t] != actual[t]] == ["orders", "refunds"]


def test_an_expected_action_the_policy_refuses_is_named(
    conversation_runner: ConversationRunner,
) -> None:
    users = json.loads((REPO / "data" / "tau_retail" / "users.json").read_text())
    orders = json.loads((REPO / "data" / "tau_retail" / "orders.json").read_text())
    order_id, order = next((i, o) for i, o in sorted(orders.items()) if o["status"] == "delivered")
    task = TauTask(
        index=-1,
        user_id=order["user_id"],
        instruction="",
        actions=(TauAction("cancel_pending_order", {"order_id": order_id, "reason": "other"}),),
    )
    assert users[order["user_id"]]
    with conversation_runner.fresh_assistant("tau", now=TAU_NOW) as reference:
        objections = apply_expected(task, reference.sessions, conversation_runner.policy("tau"))
    assert objections == ["cancel_pending_order: not_cancellable"]


def test_the_command_prints_the_rate_and_the_taxonomy(settings: Settings, tmp_path: Path) -> None:
    two = tmp_path / "two.jsonl"
    two.write_text("\n".join(TASKS.read_text().splitlines()[:2]) + "\n")
    out = tmp_path / "results.json"
    done = run_bot(settings, "eval", "tau", str(two), "--workers", "1", "--json", str(out))
    assert done.returncode == 0, done.stderr
    assert "tau tasks: two.jsonl" in done.stdout and "success" in done.stdout
    results = json.loads(out.read_text())
    assert [r["task"] for r in results] == [0, 1]
    assert all(r["transcript"] for r in results)


def test_a_file_that_is_not_tau_tasks_is_refused_in_one_line(
    settings: Settings, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"user_id": "x"}\n')
    done = run_bot(settings, "eval", "tau", str(bad))
    assert done.returncode == 1
    assert "bad.jsonl:1: not a tau task" in done.stderr and "Traceback" not in done.stderr


def test_the_first_training_tasks_stay_done(conversation_runner: ConversationRunner) -> None:
    """A guard against regressions on the tasks the matching was developed on (0-19 of the
    training set; the figures in the issue are measured on the others)."""
    tasks = [t for t in read_tasks(TASKS)[:20] if t.supported]
    report = evaluate(tasks, conversation_runner, workers=2)
    failed = {r.task.index: r.failure for r in report.results if not r.passed}
    assert len(failed) <= 1, failed
