"""Run conversation test cases against the real assistant, each on a fresh copy of its shop.

A shop (the demo shop, the tau-bench shop, or a folder) is prepared once per run: its database
imported into a template file and its documents indexed. Every case then gets its own copy of the
database file and its own assistant, sharing the read-only parts (the intent model, the passage
index, the reply model), so cases run side by side and cannot see each other's writes.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as day_time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.actions.policy import ShopPolicy
from bot.errors import ConfigError
from bot.reply_kinds import ChangeRefusedReply
from bot.retrieval.ingest import ingest
from bot.settings import Settings
from bot.store import models as m
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.importer import import_shop
from bot.store.repositories import CatalogRepository, DocumentRepository, Outbox
from bot.testing.cases import (
    BotExpectation,
    Button,
    DbExpectation,
    Fixtures,
    TestCase,
    TypedCode,
)
from bot.turn import Turn
from bot.wiring import (
    Assistant,
    SharedParts,
    build_assistant,
    passage_index,
    shared_parts,
    shop_policy,
)


@dataclass(frozen=True)
class Failure:
    step: str
    """`step 4 (bot)` or `db`."""
    check: str
    expected: Any
    actual: Any
    trace: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CaseResult:
    case: TestCase
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    intents: set[str] = field(default_factory=set)
    actions: set[str] = field(default_factory=set)
    reply_kinds: set[str] = field(default_factory=set)
    refusals: set[str] = field(default_factory=set)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return not self.failures and self.error is None

    @property
    def as_expected(self) -> bool:
        """Passed, or failed while it names a known issue (one that passes again must say so)."""
        return self.passed != bool(self.case.known_issue)


@dataclass
class _Shop:
    database: Path
    parts: SharedParts
    settings: Settings


class ConversationRunner:
    def __init__(self, settings: Settings, *, workers: int = 2) -> None:
        self._settings = settings
        self._workers = workers
        self._scratch = Path(tempfile.mkdtemp(prefix="bot-test-"))
        self._shops: dict[str, _Shop] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        shutil.rmtree(self._scratch, ignore_errors=True)

    def run(
        self, cases: Iterable[TestCase], *, on_result: Callable[[CaseResult], None] | None = None
    ) -> list[CaseResult]:
        cases = list(cases)
        for name in dict.fromkeys(c.fixtures.shop for c in cases):
            self._shop(name)  # prepared once, before the cases share it
        with ThreadPoolExecutor(max_workers=self._workers) as pool:
            results = []
            for result in pool.map(self.run_case, cases):
                results.append(result)
                if on_result:
                    on_result(result)
        return results

    def run_case(self, case: TestCase) -> CaseResult:
        started = time.perf_counter()
        result = CaseResult(case)
        now = datetime.combine(case.fixtures.today, day_time(15, 0), tzinfo=UTC)
        try:
            policy = case_policy(self.policy(case.fixtures.shop), case.fixtures)
            with self.fresh_assistant(case.fixtures.shop, now=now, policy=policy) as assistant:
                before = shop_digest(assistant.sessions)
                self._converse(assistant, case, result)
                _check_db(assistant, case, result, before)
        except Exception as exc:  # a crash is a failed case with its reason, not a dead run
            result.error = f"{type(exc).__name__}: {exc}"
        result.seconds = time.perf_counter() - started
        return result

    def policy(self, shop_name: str) -> ShopPolicy:
        """The shop's own policy, from its policy file."""
        return shop_policy(self._shop(shop_name).settings)

    @contextmanager
    def fresh_assistant(
        self, shop_name: str, *, now: datetime, policy: ShopPolicy | None = None
    ) -> Iterator[Assistant]:
        """An assistant on its own copy of the shop's database, its clock stopped at `now`;
        `policy` replaces the shop's. The copy is removed afterwards."""
        shop = self._shop(shop_name)
        folder = Path(tempfile.mkdtemp(dir=self._scratch))
        database = folder / "shop.db"
        shutil.copyfile(shop.database, database)
        settings = shop.settings.model_copy(update={"database_url": f"sqlite:///{database}"})
        assistant = build_assistant(
            settings, migrate=False, clock=lambda: now, shared=shop.parts, policy=policy
        )
        try:
            yield assistant
        finally:
            assistant.engine.dispose()
            shutil.rmtree(folder, ignore_errors=True)

    def _converse(self, assistant: Assistant, case: TestCase, result: CaseResult) -> None:
        conversation = f"test-{case.test_case}"
        turn: Turn | None = None
        questions: list[str] = []
        """Proposal ids whose buttons were shown, oldest first."""
        for n, step in enumerate(case.steps, 1):
            if step.user is not None:
                clicked = step.user if isinstance(step.user, Button) else None
                if clicked is not None and clicked.of > len(questions):
                    result.failures.append(
                        Failure(f"step {n} (user)", "button", f"question {clicked.of}", None)
                    )
                    continue
                text = (
                    _typed_code(assistant, step.user.type_code)
                    if isinstance(step.user, TypedCode)
                    else step.text
                )
                turn = assistant.orchestrator.handle(
                    text,
                    conversation_id=conversation,
                    channel="test",
                    signed_in=case.fixtures.signed_in,  # type: ignore[arg-type]
                    answer_to=questions[-clicked.of] if clicked else None,
                )
                shown = turn.reply.proposal_id if turn.reply else None
                if shown is not None:
                    questions = [q for q in questions if q != shown] + [shown]
                _note_coverage(turn, result)
                continue
            assert step.bot is not None
            if turn is None:
                result.failures.append(
                    Failure(f"step {n} (bot)", "order", "a user step first", None)
                )
                continue
            for check, expected, actual in _compare(step.bot, turn, assistant):
                result.failures.append(
                    Failure(f"step {n} (bot)", check, expected, actual, turn.trace.to_json())
                )

    def _shop(self, name: str) -> _Shop:
        with self._lock:
            if name not in self._shops:
                self._shops[name] = self._prepare(name)
            return self._shops[name]

    def _prepare(self, name: str) -> _Shop:
        folder = self._scratch / ("shop-" + re.sub(r"[^\w-]", "_", name))
        folder.mkdir()
        policy_file = self._settings.policy_file
        if name == "demo":
            source = self._settings.knowledge_dir / "shop"
            documents = [self._settings.knowledge_dir / d for d in self._settings.document_dirs]
        elif name == "tau":
            source = (self._settings.public_data_dir or Path("data")) / "tau_retail"
            if not (source / "users.json").is_file():
                raise ConfigError(f"the tau shop is not in {source} (BOT_PUBLIC_DATA_DIR)")
            documents, policy_file = [], source / "policy.yml"
        else:
            source, documents = Path(name), []
            if (source / "policy.yml").is_file():
                policy_file = source / "policy.yml"
        settings = self._settings.model_copy(
            update={
                "database_url": f"sqlite:///{folder / 'template.db'}",
                "chroma_path": folder / "chroma",
                "chroma_url": None,
                "policy_file": policy_file,
            }
        )
        engine = make_engine(settings.database_url)
        try:
            upgrade(engine)
            sessions = make_sessionmaker(engine)
            import_shop(sessions, source)
            present = [d for d in documents if d.exists()]
            if present:
                ingest(
                    present,
                    index=passage_index(settings),
                    documents=DocumentRepository(sessions),
                    products=list(CatalogRepository(sessions).terms().products),
                )
        finally:
            engine.dispose()
        parts = shared_parts(settings)
        # Loaded here, once, before cases share them from several threads.
        parts.classifier.warm_up()
        parts.searcher.warm_up()
        if parts.backend is not None:
            parts.backend.warm_up()
        return _Shop(folder / "template.db", parts, settings)


def case_policy(policy: ShopPolicy, fixtures: Fixtures) -> ShopPolicy:
    """The shop's policy with a case's own return window and identity rule, where it sets them."""
    if fixtures.return_window_days is not None:
        days = fixtures.return_window_days
        policy = policy.model_copy(
            update={
                "returns": policy.returns.model_copy(update={"window_days": days}),
                "exchanges": policy.exchanges.model_copy(update={"window_days": days}),
            }
        )
    if fixtures.identity_for_changes is not None:
        policy = policy.model_copy(update={"identity_for_changes": fixtures.identity_for_changes})
    return policy


# --- checks -------------------------------------------------------------------------------------


def _choices(value: str | list[str] | None) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def _compare(
    expected: BotExpectation, turn: Turn, assistant: Assistant
) -> Iterable[tuple[str, Any, Any]]:
    """(check, expected, actual) for every expectation the turn does not meet."""
    reply, u = turn.reply, turn.understanding
    assert reply is not None
    text = reply.text.lower()
    if expected.intent is not None and (u is None or u.intent != expected.intent):
        yield "intent", expected.intent, u.intent if u else None
    if expected.kind is not None and reply.kind != expected.kind:
        yield "kind", expected.kind, reply.kind
    if expected.action_executed is not None and expected.action_executed not in reply.actions:
        yield "action_executed", expected.action_executed, list(reply.actions)
    if expected.handoff is not None and reply.handoff != expected.handoff:
        yield "handoff", expected.handoff, reply.handoff
    contains = _choices(expected.text_contains)
    if contains and not any(c.lower() in text for c in contains):
        yield "text_contains", contains, reply.text
    banned = [c for c in _choices(expected.text_not_contains) if c.lower() in text]
    if banned:
        yield "text_not_contains", banned, reply.text
    if expected.text_matches is not None and not re.search(
        expected.text_matches, reply.text, re.IGNORECASE | re.DOTALL
    ):
        yield "text_matches", expected.text_matches, reply.text
    if expected.cites is not None and not any(
        expected.cites in (c.source, c.id) for c in reply.citations
    ):
        yield "cites", expected.cites, [c.id for c in reply.citations]
    if expected.verified is not None and (not reply.problems) != expected.verified:
        yield "verified", expected.verified, list(reply.problems) or True
    if expected.language is not None and reply.language != expected.language:
        yield "language", expected.language, reply.language
    if expected.slot_was_set:
        state = turn.state.to_json()
        for slot, value in expected.slot_was_set.items():
            actual = state.get(slot)
            if (value is True and not actual) or (value is not True and actual != value):
                yield f"slot_was_set.{slot}", value, actual


def _note_coverage(turn: Turn, result: CaseResult) -> None:
    if turn.understanding is not None:
        result.intents.add(turn.understanding.intent)
    if turn.reply is not None:
        result.actions.update(turn.reply.actions)
        result.reply_kinds.add(turn.reply.kind)
    if turn.act is not None and isinstance(turn.act.reply, ChangeRefusedReply):
        result.refusals.add(turn.act.reply.code)


def shop_digest(sessions: sessionmaker[Session]) -> str:
    """A digest of everything a conversation could change."""
    with sessions() as session:
        rows: list[Any] = [
            list(
                session.execute(
                    select(
                        m.Order.id, m.Order.status, m.Order.ship_line1, m.Order.payment_method_id
                    ).order_by(m.Order.id)
                )
            ),
            list(
                session.execute(
                    select(m.PaymentMethod.id, m.PaymentMethod.balance_cents).order_by(
                        m.PaymentMethod.id
                    )
                )
            ),
            session.scalar(select(func.count()).select_from(m.RefundRow)),
            session.scalar(select(func.count()).select_from(m.ServiceRequest)),
            session.scalar(select(func.count()).select_from(m.AuditEntry)),
        ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _check_db(assistant: Assistant, case: TestCase, result: CaseResult, before: str) -> None:
    expected = case.db or DbExpectation(unchanged=True)
    if not case.writes or expected.unchanged:
        after = shop_digest(assistant.sessions)
        if after != before:
            result.failures.append(Failure("db", "unchanged", "no change", "the shop data changed"))
    with assistant.sessions() as session:
        for order_id, fields in expected.orders.items():
            row = session.get(m.Order, order_id)
            for name, value in fields.items():
                actual = getattr(row, name, None) if row else "no such order"
                if actual != value:
                    result.failures.append(
                        Failure("db", f"orders.{order_id}.{name}", value, actual)
                    )
        for order_id, fields in expected.refunds.items():
            refunds = list(
                session.scalars(select(m.RefundRow).where(m.RefundRow.order_id == order_id))
            )
            _check_rows(result, f"refunds.{order_id}", fields, refunds, amount="amount_cents")
        for order_id, fields in expected.requests.items():
            requests = list(
                session.scalars(
                    select(m.ServiceRequest).where(m.ServiceRequest.order_id == order_id)
                )
            )
            _check_rows(result, f"requests.{order_id}", fields, requests)
        if expected.audit_entries is not None:
            count = session.scalar(select(func.count()).select_from(m.AuditEntry))
            if count != expected.audit_entries:
                result.failures.append(
                    Failure("db", "audit_entries", expected.audit_entries, count)
                )
        if expected.handoff is not None:
            conversation = session.get(m.Conversation, f"test-{case.test_case}")
            queued = bool(conversation and conversation.status == "handoff")
            if queued != expected.handoff:
                result.failures.append(Failure("db", "handoff", expected.handoff, queued))


def _check_rows(
    result: CaseResult, where: str, fields: dict[str, Any], rows: list[Any], amount: str = ""
) -> None:
    for name, value in fields.items():
        if name == "count":
            actual: Any = len(rows)
        elif name == "amount" and amount:
            actual = round(getattr(rows[-1], amount) / 100, 2) if rows else None
        else:
            actual = getattr(rows[-1], name, None) if rows else None
        if actual != value:
            result.failures.append(Failure("db", f"{where}.{name}", value, actual))


def _typed_code(assistant: Assistant, which: str) -> str:
    """The code of the latest email in the outbox (or, for `wrong`, one that differs from it)."""
    mails = Outbox(assistant.sessions).latest(limit=1)
    found = re.search(r"\b(\d{6})\b", mails[0].subject) if mails else None
    if found is None:
        raise AssertionError("no one-time code was mailed")
    code = found.group(1)
    return code if which == "mailed" else code[:5] + str((int(code[5]) + 1) % 10)
