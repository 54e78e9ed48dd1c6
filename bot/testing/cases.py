"""The conversation test format: YAML files of test cases, close to Rasa's end-to-end tests.

```yaml
fixtures: {shop: demo}            # defaults for the file's cases
test_cases:
  - test_case: cancel_a_pending_order
    fixtures: {signed_in: C-0007}
    steps:
      - user: cancel ORD-10012, I ordered it by mistake
      - bot: {action_executed: action_cancel_order, text_contains: "will be cancelled"}
      - user: "yes"
      - bot: {kind: change_applied}
    db:
      orders: {ORD-10012: {status: cancelled}}
```

See docs/CONVERSATION_TESTS.md for every assertion.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.domain import IdentityLevel
from bot.errors import ConfigError

TextChoice = str | list[str]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fixtures(Strict):
    shop: str = "demo"
    """`demo` (knowledge/), `tau` (data/tau_retail, tau-bench's retail shop), or a folder with a shop export."""
    signed_in: str | None = None
    """A customer signed in through the shop's login: the conversation starts verified."""
    today: date = date(2026, 11, 25)
    """The day the conversation happens on (decides late deliveries and return windows)."""
    return_window_days: int | None = None
    """Days returns and exchanges are accepted; the shop's policy file's when unset."""
    identity_for_changes: IdentityLevel | None = None
    """How surely the customer must be known before a change; the shop's policy's when unset."""


class Repeated(Strict):
    """A long message without writing it out: `{repeat: "a", times: 100000}`."""

    repeat: str
    times: int = Field(ge=1, le=1_000_000)


class Button(Strict):
    """A click on a Yes/No button: `{button: "yes"}` under the latest question shown,
    `{button: "yes", of: 2}` under the one shown before it (a stale button)."""

    button: Literal["yes", "no"]
    of: int = Field(default=1, ge=1)


class TypedCode(Strict):
    """Typing a one-time code: `{type_code: mailed}` is the one in the latest email of the outbox,
    `{type_code: wrong}` a code that differs from it."""

    type_code: Literal["mailed", "wrong"]


class BotExpectation(Strict):
    intent: str | None = None
    kind: str | None = None
    """The reply kind: order_status, confirm_change, change_applied, handoff, no_answer, ..."""
    slot_was_set: dict[str, Any] | None = None
    """Dialogue-state fields after the turn; `true` means "set to anything"."""
    action_executed: str | None = None
    handoff: bool | None = None
    text_contains: TextChoice | None = None
    text_not_contains: TextChoice | None = None
    text_matches: str | None = None
    cites: str | None = None
    """A document id (e.g. `policies/returns.md`) or passage id among the reply's citations."""
    verified: bool | None = None
    """True: the reply passed the verifier (a model's reply was kept, or no model was asked)."""
    language: Literal["en", "zh"] | None = None


class Step(Strict):
    user: str | Repeated | Button | TypedCode | None = None
    bot: BotExpectation | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Step:
        if (self.user is None) == (self.bot is None):
            raise ValueError("a step is either `user:` or `bot:`")
        return self

    @property
    def text(self) -> str:
        if isinstance(self.user, Repeated):
            return self.user.repeat * self.user.times
        if isinstance(self.user, Button):
            return self.user.button
        if isinstance(self.user, TypedCode):
            raise ValueError("a typed code is read from the outbox when the step runs")
        return self.user or ""


class DbExpectation(Strict):
    orders: dict[str, dict[str, Any]] = {}
    """Order id → fields: status, ship_line1, ship_zip, payment_method_id, cancel_reason."""
    refunds: dict[str, dict[str, Any]] = {}
    """Order id → count, status, amount (dollars)."""
    requests: dict[str, dict[str, Any]] = {}
    """Order id → kind (return/exchange), count."""
    audit_entries: int | None = None
    handoff: bool | None = None
    """The conversation is in the operators' queue."""
    unchanged: bool | None = None
    """Nothing in orders, refunds, requests, payment methods or the audit log changed."""


class TestCase(Strict):
    __test__ = False  # not a pytest class

    test_case: str = Field(pattern=r"^[\w.-]+$")
    fixtures: Fixtures = Fixtures()
    steps: list[Step] = Field(min_length=1)
    db: DbExpectation | None = None
    known_issue: str | None = None
    """An open issue the case still fails on ("issue 16: quotes the wrong sentence"): its failure
    is reported but does not fail the run, and once it passes the run fails until this is removed."""
    source: str = ""
    """The file it came from (filled in by the loader)."""

    @property
    def writes(self) -> bool:
        """Whether the case expects a change; a case that does not must change nothing."""
        return (
            self.db is not None
            and self.db.unchanged is not True
            and (
                bool(self.db.orders or self.db.refunds or self.db.requests)
                or bool(self.db.audit_entries)
            )
        )


class CaseFile(Strict):
    fixtures: dict[str, Any] = {}
    test_cases: list[dict[str, Any]] = Field(min_length=1)


def load_cases(paths: list[Path]) -> list[TestCase]:
    """Every case in the YAML files under `paths`; a broken file is an error naming it."""
    files = sorted({f for p in paths for f in ([p] if p.is_file() else p.rglob("*.yml"))}, key=str)
    if not files:
        raise ConfigError(f"no conversation test files (*.yml) in {', '.join(map(str, paths))}")
    cases: list[TestCase] = []
    seen: dict[str, str] = {}
    for file in files:
        for case in _load_file(file):
            if case.test_case in seen:
                raise ConfigError(
                    f"{file}: test case {case.test_case!r} is also in {seen[case.test_case]}"
                )
            seen[case.test_case] = str(file)
            cases.append(case)
    return cases


def _load_file(file: Path) -> list[TestCase]:
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: not valid YAML: {exc}") from exc
    try:
        parsed = CaseFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{file}: {_first_error(exc)}") from exc
    cases = []
    for n, case in enumerate(parsed.test_cases):
        try:
            fixtures = {**parsed.fixtures, **(case.get("fixtures") or {})}
            cases.append(
                TestCase.model_validate({**case, "fixtures": fixtures, "source": str(file)})
            )
        except ValidationError as exc:
            name = case.get("test_case", f"#{n + 1}")
            raise ConfigError(f"{file}: test case {name}: {_first_error(exc)}") from exc
    return cases


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])
