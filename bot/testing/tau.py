"""`bot eval tau`: tau-bench retail tasks played against the assistant over its chat API, each on a
fresh copy of the tau shop, graded by the database state they leave.

A task passes when the shop's data after the conversation equals the data after applying exactly
the task's expected actions (through the same store code) to another fresh copy: the expected
changes made, and nothing else changed. A failed task is put in a taxonomy by its first blocking
error: what the assistant kept answering while the first unfinished request was being asked.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import domain as d
from bot.actions.policy import ShopPolicy
from bot.actions.services import build_services
from bot.channels.api import make_router
from bot.errors import ConfigError
from bot.store import models as m
from bot.store.changes import (
    Actor,
    Cancel,
    ChangeAddress,
    ChangeDefaultAddress,
    ChangePayment,
    ExchangeItems,
    ModifyItems,
    OrderChange,
    OrderChanges,
    ReturnItems,
)
from bot.testing.runner import ConversationRunner
from bot.testing.tau_customer import (
    ChatReply,
    Item,
    Request,
    ScriptedCustomer,
    address_words,
    method_key,
    method_words,
)
from bot.wiring import Assistant

TAU_NOW = datetime(2024, 5, 15, 15, 0, tzinfo=UTC)
"""The tau shop's data has no dates that matter; the clock is fixed so runs repeat."""
MAX_TURNS = 30
_NAME_ZIP = re.compile(r"your name is ([A-Z][\w'-]*) ([A-Z][\w' -]*?) and your zip code is (\d{5})")
_EMAIL = re.compile(r"your email is ([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I)


@dataclass(frozen=True)
class TauAction:
    name: str
    kwargs: dict[str, Any]


@dataclass(frozen=True)
class TauTask:
    index: int
    user_id: str
    instruction: str
    actions: tuple[TauAction, ...]

    @property
    def supported(self) -> bool:
        """Every expected action is one the assistant can take, and one is meant (see
        `meant_actions`)."""
        return all(a.name in CHANGES for a in self.actions) and bool(meant_actions(self))


def read_tasks(path: Path) -> list[TauTask]:
    """Tasks from a tau-bench JSONL file (one task per line), or a clear error."""
    tasks = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            tasks.append(
                TauTask(
                    index=int(raw.get("task_index", number - 1)),
                    user_id=str(raw["user_id"]),
                    instruction=str(raw["instruction"]),
                    actions=tuple(
                        TauAction(str(a["name"]), dict(a.get("kwargs") or {}))
                        for a in raw["actions"]
                    ),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{number}: not a tau task ({exc})") from None
    return tasks


# --- tau actions as our changes ------------------------------------------------------------------


def _address(kwargs: dict[str, Any]) -> d.ShippingAddress:
    return d.ShippingAddress(
        line1=str(kwargs["address1"]),
        line2=str(kwargs.get("address2") or "") or None,
        city=str(kwargs["city"]),
        state=str(kwargs.get("state") or "") or None,
        zip=str(kwargs["zip"]),
        country=str(kwargs.get("country") or "USA"),
    )


CHANGES: dict[str, Callable[[dict[str, Any]], OrderChange]] = {
    "cancel_pending_order": lambda k: Cancel(k["order_id"], k["reason"]),
    "modify_pending_order_address": lambda k: ChangeAddress(k["order_id"], _address(k)),
    "modify_pending_order_payment": lambda k: ChangePayment(k["order_id"], k["payment_method_id"]),
    "return_delivered_order_items": lambda k: ReturnItems(
        k["order_id"], tuple(k["item_ids"]), k["payment_method_id"]
    ),
    "exchange_delivered_order_items": lambda k: ExchangeItems(
        k["order_id"],
        tuple(zip(k["item_ids"], k["new_item_ids"], strict=True)),
        k["payment_method_id"],
    ),
    "modify_pending_order_items": lambda k: ModifyItems(
        k["order_id"],
        tuple(zip(k["item_ids"], k["new_item_ids"], strict=True)),
        k["payment_method_id"],
    ),
    "modify_user_address": lambda k: ChangeDefaultAddress(k["user_id"], _address(k)),
}
"""Each tau action the assistant supports, as the change it makes in our store."""


def apply_expected(task: TauTask, sessions: sessionmaker[Session], policy: ShopPolicy) -> list[str]:
    """Make the task's expected changes directly, as the reference the conversation is graded
    against. The task's actions are the truth, applied even where the shop's policy refuses
    them; the codes of those refusals are returned (a task some training data got wrong: "pay
    with a gift card" whose balance does not cover the order)."""
    changes = OrderChanges(sessions)
    actions = build_services(sessions, policy, clock=lambda: TAU_NOW).actions
    objections = []
    for n, action in enumerate(meant_actions(task)):
        change = CHANGES[action.name](action.kwargs)
        if isinstance(change, ModifyItems):
            change = replace(change, then_status=policy.modify.status_after_items)
        proposed = actions.propose(change, task.user_id)
        if isinstance(proposed, d.Refusal):
            objections.append(f"{action.name}: {proposed.code}")
        outcome = changes.apply(
            change,
            actor=Actor(customer_id=task.user_id, via="expected"),
            key=f"expected-{task.index}-{n}",
            check=lambda order: None,
            today=TAU_NOW.date(),
        )
        if isinstance(outcome, d.Refusal):
            raise ConfigError(f"task {task.index}: expected {action.name} refused ({outcome.code})")
    return objections


def meant_actions(task: TauTask) -> list[TauAction]:
    """The task's actions as a customer means them. Some tasks list an item as exchanged or
    changed for itself (their instruction: "Office Chair {...} to {}"): such a swap changes
    nothing and no customer asks for it, so it is dropped, and an action left with no swap too."""
    meant = []
    for action in task.actions:
        kwargs = action.kwargs
        if "new_item_ids" in kwargs:
            pairs = [
                (old, new)
                for old, new in zip(kwargs["item_ids"], kwargs["new_item_ids"], strict=True)
                if old != new
            ]
            if not pairs:
                continue
            kwargs = {
                **kwargs,
                "item_ids": [old for old, _ in pairs],
                "new_item_ids": [new for _, new in pairs],
            }
        meant.append(TauAction(action.name, kwargs))
    return meant


def shop_state(sessions: sessionmaker[Session]) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a conversation may change, as sorted rows without generated ids or times."""
    with sessions() as session:
        return {
            "orders": sorted(
                tuple(row)
                for row in session.execute(
                    select(
                        m.Order.id,
                        m.Order.status,
                        m.Order.payment_method_id,
                        m.Order.cancel_reason,
                        m.Order.total_cents,
                        m.Order.ship_line1,
                        m.Order.ship_line2,
                        m.Order.ship_city,
                        m.Order.ship_state,
                        m.Order.ship_zip,
                        m.Order.ship_country,
                    )
                )
            ),
            "order_items": sorted(
                (r.order_id, r.sku, r.quantity, r.unit_price_cents)
                for r in session.scalars(select(m.OrderLine))
            ),
            "payments": sorted(
                (r.order_id, r.payment_method_id or "", r.amount_cents)
                for r in session.scalars(select(m.PaymentRow))
            ),
            "refunds": sorted(
                (r.order_id, r.payment_method_id or "", r.amount_cents, r.status, r.reason or "")
                for r in session.scalars(select(m.RefundRow))
            ),
            "service_requests": sorted(
                (
                    r.order_id,
                    r.kind,
                    r.status,
                    tuple(sorted(zip(r.skus, r.new_skus or [""] * len(r.skus), strict=True))),
                    r.reason or "",
                )
                for r in session.scalars(select(m.ServiceRequest))
            ),
            "payment_methods": sorted(
                tuple(row)
                for row in session.execute(
                    select(m.PaymentMethod.id, m.PaymentMethod.balance_cents)
                )
            ),
            "addresses": sorted(
                (r.customer_id, r.line1, r.line2 or "", r.city, r.state or "", r.zip, r.is_default)
                for r in session.scalars(select(m.Address))
            ),
        }


# --- the customer's knowledge --------------------------------------------------------------------


def customer_for(task: TauTask, sessions: sessionmaker[Session], *, seed: int) -> ScriptedCustomer:
    """The scripted customer of a task: its identity from the instruction, its requests from the
    expected actions, in words read from the shop's data."""
    return ScriptedCustomer(
        _identity_words(task, sessions),
        [_request(task, action, sessions) for action in meant_actions(task)],
        seed=seed,
    )


def _identity_words(task: TauTask, sessions: sessionmaker[Session]) -> str:
    if found := _NAME_ZIP.search(task.instruction):
        first, last, zip_code = found.groups()
        return f"My name is {first} {last.strip()}, and my zip code is {zip_code}."
    if found := _EMAIL.search(task.instruction):
        return f"My email is {found.group(1)}."
    with sessions() as session:  # an instruction without identity: the account's email
        customer = session.get(m.Customer, task.user_id)
        return f"My email is {customer.email}." if customer else "I don't remember my details."


def _request(task: TauTask, action: TauAction, sessions: sessionmaker[Session]) -> Request:
    kwargs = action.kwargs
    order_id = kwargs.get("order_id")
    request = Request(
        action=action.name,
        order_id=order_id,
        order_named=bool(order_id) and str(order_id) in task.instruction,
        reason=str(kwargs.get("reason") or ""),
        address=address_words(kwargs) if "address1" in kwargs else "",
    )
    with sessions() as session:
        if method_id := kwargs.get("payment_method_id"):
            method = session.get(m.PaymentMethod, method_id)
            request.method = method_words(method) if method else str(method_id)
            request.method_key = method_key(method) if method else ""
        if order_id is None:
            return request
        lines = list(session.scalars(select(m.OrderLine).where(m.OrderLine.order_id == order_id)))
        by_sku = {line.sku: line for line in lines}
        request.order_items = [_item(line) for line in lines]
        skus = [s for s in kwargs.get("item_ids") or [] if s in by_sku]
        new_skus = kwargs.get("new_item_ids")
        for n, sku in enumerate(skus):
            if new_skus is None:
                request.items.append(_item(by_sku[sku]))
                continue
            variant = session.get(m.Variant, new_skus[n])
            before = by_sku[sku].options or {}
            after = variant.options if variant else {}
            request.items.append(_item(by_sku[sku]))
            request.new_options.append(
                {k: str(v) for k, v in after.items() if str(before.get(k)) != str(v)}
            )
    return request


def _item(line: m.OrderLine) -> Item:
    return Item(line.name, {k: str(v) for k, v in (line.options or {}).items()})


# --- playing and grading -------------------------------------------------------------------------


@dataclass
class TaskResult:
    task: TauTask
    passed: bool
    turns: int
    seconds: float
    failure: str = ""
    """The first blocking error, for the taxonomy; "" when passed."""
    differs: list[str] = field(default_factory=list)
    """The parts of the shop's data that differ from the expected state."""
    transcript: list[tuple[str, str, str]] = field(default_factory=list)
    """(customer, assistant, reply kind) per turn."""
    policy_valid: bool = True
    """False when an expected action is one the shop's policy refuses."""


def play(
    task: TauTask, assistant: Assistant, *, seed: int
) -> tuple[list[tuple[str, str]], ScriptedCustomer]:
    """The conversation over the HTTP chat API a web client uses: (customer, reply) per turn."""
    app = FastAPI()
    app.include_router(make_router(assistant.orchestrator, assistant.conversations))
    customer = customer_for(task, assistant.sessions, seed=seed)
    said: list[tuple[str, str]] = []
    conversation: dict[str, Any] = {}
    with TestClient(app) as client:
        message: str | None = customer.opening()
        while message is not None and len(said) < MAX_TURNS:
            response = client.post("/api/v1/chat", json={**conversation, "message": message})
            response.raise_for_status()
            body = response.json()
            conversation = {
                "conversation_id": body["conversation_id"],
                "conversation_token": body["conversation_token"],
            }
            said.append((message, body["reply"]))
            message = customer.answer(ChatReply(body["reply"], body.get("choices") or []))
    return said, customer


def evaluate_task(task: TauTask, runner: ConversationRunner, *, seed: int = 0) -> TaskResult:
    started = time.perf_counter()
    if not task.supported:
        missing = sorted({a.name for a in task.actions} - set(CHANGES))
        why = (
            "unsupported: " + ", ".join(missing)
            if missing
            else "nothing meant: items for themselves"
        )
        return TaskResult(task, False, 0, 0.0, failure=why)
    with runner.fresh_assistant("tau", now=TAU_NOW) as reference:
        objections = apply_expected(task, reference.sessions, runner.policy("tau"))
        expected = shop_state(reference.sessions)
    with runner.fresh_assistant("tau", now=TAU_NOW) as assistant:
        said, customer = play(task, assistant, seed=seed + task.index)
        actual = shop_state(assistant.sessions)
        kinds = _reply_kinds(assistant)
    differs = [table for table in expected if expected[table] != actual[table]]
    transcript = [(u, r, k) for (u, r), k in zip(said, kinds, strict=False)]
    return TaskResult(
        task=task,
        passed=not differs,
        turns=len(said),
        seconds=time.perf_counter() - started,
        failure=""
        if not differs
        else (
            "expected action breaks the policy: " + objections[0]
            if objections
            else _first_blocking_error(customer, transcript, differs)
        ),
        policy_valid=not objections,
        differs=differs,
        transcript=transcript,
    )


def _reply_kinds(assistant: Assistant) -> list[str]:
    """Each stored turn's reply kind, with the refusal code or the detail asked for."""
    kinds = []
    with assistant.sessions() as session:
        rows = session.scalars(select(m.TurnRow).order_by(m.TurnRow.id))
        for row in rows:
            act: dict[str, Any] = next((s for s in row.trace or [] if s.get("stage") == "act"), {})
            detail = act.get("detail") or {}
            extra = detail.get("code") or detail.get("missing")
            kinds.append(f"{row.reply_kind}:{extra}" if extra else str(row.reply_kind))
    return kinds


def _first_blocking_error(
    customer: ScriptedCustomer, transcript: list[tuple[str, str, str]], differs: list[str]
) -> str:
    """Why the task failed, in a few words: the reply the first unfinished request kept getting,
    or, when every request was confirmed, that the confirmed change was not the expected one."""
    if not customer.identified and not any(k == "verified" for _, _, k in transcript):
        return "identity never verified"
    unconfirmed = [i for i in range(len(customer.requests)) if i not in customer.said_yes_to]
    if not unconfirmed:
        return "confirmed change differs: " + ", ".join(differs)
    request = customer.requests[unconfirmed[0]]
    kinds = Counter(
        k for _, _, k in transcript if k not in ("verified", "ask_identity", "confirm_change")
    )
    common = kinds.most_common(1)[0][0] if kinds else "no reply"
    return f"{request.action}: {common}"


@dataclass
class TauReport:
    results: list[TaskResult]

    @property
    def supported(self) -> list[TaskResult]:
        return [r for r in self.results if r.task.supported]

    @property
    def valid(self) -> list[TaskResult]:
        """Supported tasks whose expected actions the shop's policy allows."""
        return [r for r in self.supported if r.policy_valid]

    def success_rate(self, results: Iterable[TaskResult] | None = None) -> float:
        chosen = list(self.results if results is None else results)
        return sum(r.passed for r in chosen) / len(chosen) if chosen else 0.0

    def taxonomy(self) -> Counter[str]:
        return Counter(r.failure for r in self.results if not r.passed)


def evaluate(
    tasks: list[TauTask],
    runner: ConversationRunner,
    *,
    workers: int = 1,
    seed: int = 0,
    on_result: Callable[[TaskResult], None] | None = None,
) -> TauReport:
    results: list[TaskResult] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(lambda t: evaluate_task(t, runner, seed=seed), tasks):
            results.append(result)
            if on_result is not None:
                on_result(result)
    return TauReport(results)
