"""The turn: one customer message travelling through the stages, with each stage's typed result.

Stages return frozen dataclasses; the orchestrator stores them on the `Turn`. Outcomes that decide
where a turn goes next are small unions (`IdentityResult`, `FactsResult`) handled with `match`.
Each result says what the turn's trace records about it (`trace_fields`).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal

from bot.domain import (
    ConversationId,
    Customer,
    CustomerId,
    IdentityLevel,
    Order,
    OrderId,
    OrderSummary,
)

if TYPE_CHECKING:  # bot.reply_kinds builds on this module's records
    from bot.reply_kinds import ReplyContext

Language = Literal["en", "zh"]


@dataclass(frozen=True)
class TraceFields:
    """What the trace records about a stage's result: its outcome, and details to inspect."""

    outcome: str
    detail: dict[str, Any] = field(default_factory=dict)


# --- understanding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductMention:
    id: str
    name: str
    score: float
    """Share of the product name's (weighted) words found in the message, 0..1."""


@dataclass(frozen=True)
class Entities:
    """What the message names explicitly."""

    order_ids: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    zips: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    person_name: tuple[str, str] | None = None
    """(first, last) when the customer introduced themselves."""
    products: tuple[ProductMention, ...] = ()
    """Best match first; several when the message fits several equally well."""
    brands: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    options: tuple[tuple[str, str], ...] = ()
    """Variant options such as ("color", "blue"), ("size", "4-pack")."""
    quantities: tuple[int, ...] = ()
    amounts_cents: tuple[int, ...] = ()
    dates: tuple[date, ...] = ()


@dataclass(frozen=True)
class Understanding:
    intent: str
    confidence: float
    entities: Entities
    language: Language
    is_uncertain: bool = False
    """The classifier's confidence is under its calibrated threshold: ask, do not guess."""
    alternatives: tuple[tuple[str, float], ...] = ()
    """The next most likely intents, for a clarifying question."""
    answers_proposal: str | None = None
    """Set when this is a Yes/No button's answer to that proposal, not a classified message."""

    def trace_fields(self) -> TraceFields:
        if self.answers_proposal is not None:
            return TraceFields(
                "button", {"answer": self.intent, "proposal_id": self.answers_proposal}
            )
        return TraceFields(
            self.intent,
            {
                "confidence": self.confidence,
                "language": self.language,
                "order_ids": list(self.entities.order_ids),
            },
        )


# --- identity ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    customer: Customer
    via: Literal["login", "email", "name_zip", "earlier_turn"]

    def trace_fields(self) -> TraceFields:
        return TraceFields("Verified", {"via": self.via})


@dataclass(frozen=True)
class NeedsVerification:
    """Order data was asked for but the customer is not known yet."""

    attempted: bool
    """True when the customer gave details that matched no account."""
    partial: Literal["none", "name", "zip"] = "none"
    """Which half of name plus zip is already known."""

    def trace_fields(self) -> TraceFields:
        return TraceFields("NeedsVerification", {"via": None})


@dataclass(frozen=True)
class WrongCustomer:
    """Details for a second account arrived in a conversation that already serves one customer."""

    customer: Customer

    def trace_fields(self) -> TraceFields:
        return TraceFields("WrongCustomer", {"via": None})


@dataclass(frozen=True)
class Locked:
    """No more identity checks here: too many failed attempts for these details or from this
    client (across conversations), or the conversation was already handed over after failed
    attempts. A person takes over."""

    def trace_fields(self) -> TraceFields:
        return TraceFields("Locked", {"via": None})


@dataclass(frozen=True)
class NotRequired:
    """The intent needs no personal data."""

    def trace_fields(self) -> TraceFields:
        return TraceFields("NotRequired", {"via": None})


IdentityResult = Verified | NeedsVerification | WrongCustomer | Locked | NotRequired


# --- facts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderFacts:
    order: Order

    def trace_fields(self) -> TraceFields:
        return TraceFields("OrderFacts", {"order_id": self.order.id})


@dataclass(frozen=True)
class OrderChoice:
    """The customer has several orders and did not say which one."""

    orders: tuple[OrderSummary, ...]

    def trace_fields(self) -> TraceFields:
        return TraceFields("OrderChoice", {"order_id": None})


@dataclass(frozen=True)
class OrderNotFound:
    """No order with this id on the verified customer's account (it may not exist at all)."""

    order_id: OrderId

    def trace_fields(self) -> TraceFields:
        return TraceFields("OrderNotFound", {"order_id": self.order_id})


@dataclass(frozen=True)
class NoOrders:
    """The verified customer has no orders."""

    def trace_fields(self) -> TraceFields:
        return TraceFields("NoOrders", {"order_id": None})


@dataclass(frozen=True)
class NoFacts:
    """The intent needs no facts, or none could be gathered without identity."""

    def trace_fields(self) -> TraceFields:
        return TraceFields("NoFacts", {"order_id": None})


FactsResult = OrderFacts | OrderChoice | OrderNotFound | NoOrders | NoFacts


@dataclass(frozen=True)
class Evidence:
    """A passage from the shop's documents that a reply may quote and must cite."""

    passage_id: str
    doc_id: str
    text: str
    title: str
    """How the citation names it: "Returns Policy — Return window", "Review by Lena K., 2026-09-14"."""
    doc_type: str
    score: float


@dataclass(frozen=True)
class Passages:
    evidence: tuple[Evidence, ...]
    is_confident: bool
    """False when even the best passage matches the question only weakly: the assistant says it
    does not know rather than quote it."""

    def trace_fields(self) -> TraceFields:
        return TraceFields(
            "Passages",
            {"ids": [e.passage_id for e in self.evidence], "is_confident": self.is_confident},
        )


@dataclass(frozen=True)
class NoPassages:
    """The intent needs no documents, or none matched."""

    def trace_fields(self) -> TraceFields:
        return TraceFields("NoPassages", {"ids": [], "is_confident": None})


@dataclass(frozen=True)
class SearchDown:
    """The search index is empty or unreachable: the reply says so plainly and offers a person,
    instead of claiming the documents do not answer."""

    reason: str

    def trace_fields(self) -> TraceFields:
        return TraceFields("SearchDown", {"ids": [], "is_confident": None})


PassagesResult = Passages | NoPassages | SearchDown


# --- reply -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    id: str
    """The passage id, e.g. `policies/returns.md#3` or `faq/faq.jsonl#FAQ-012`."""
    title: str
    source: str
    """The document id."""
    text: str = ""
    """The passage itself, for channels that show sources."""


@dataclass(frozen=True)
class Reply:
    text: str
    kind: str
    """The reply template family: order_status, ask_identity, handoff, small_talk, ..."""
    language: Language = "en"
    citations: tuple[Citation, ...] = ()
    actions: tuple[str, ...] = ()
    handoff: bool = False
    backend: str = "template"
    """Who wrote the text: `template`, or the model backend whose reply passed the verifier."""
    problems: tuple[str, ...] = ()
    """Why a model's reply was replaced by the template reply (for the trace)."""
    choices: tuple[str, ...] = ()
    """Answers the channel offers as buttons, e.g. ("yes", "no") to confirm a change."""
    proposal_id: str | None = None
    """The proposal the choices answer; the buttons carry it back."""
    draft: str = ""
    """The model's text that was replaced, as far as it was generated (for the trace)."""

    def trace_fields(self) -> TraceFields:
        return TraceFields(
            self.kind,
            {"backend": self.backend, "handoff": self.handoff, "problems": list(self.problems)},
        )


@dataclass(frozen=True)
class ActResult:
    """What a business Action did this turn: its reply and the slots it set."""

    action: str
    """The Action's name; empty when the stage answered without one (a stale button)."""
    reply: ReplyContext | None
    """The reply the Action chose, with its facts; None if it said nothing."""
    slots: dict[str, Any] = field(default_factory=dict)
    done_first: ReplyContext | None = None
    """A change finished just before this reply's proposal (one request over several orders:
    the first order's change applied, the next one's proposed), said first."""

    @property
    def kind(self) -> str:
        return self.reply.kind if self.reply is not None else ""

    def trace_fields(self) -> TraceFields:
        detail: dict[str, Any] = {"action": self.action, "slots": sorted(self.slots)}
        for name in ("code", "missing"):  # why a change was refused, or which detail is asked
            if (value := getattr(self.reply, name, None)) is not None:
                detail[name] = value
        return TraceFields(self.kind, detail)


NO_ACTION = TraceFields("none", {"action": None, "slots": []})
"""The trace of an act stage where no Action ran."""


# --- dialogue state ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DialogueState:
    """What a conversation remembers between turns. Stored as JSON on the conversation."""

    customer_id: CustomerId | None = None
    pending_intent: str | None = None
    """An intent that waited for identity and resumes once the customer is verified."""
    pending_order_id: OrderId | None = None
    last_intent: str | None = None
    """The last thing the customer asked for, for follow-ups such as "and ORD-10043?"."""
    last_order_id: OrderId | None = None
    last_products: tuple[str, ...] = ()
    """Products named or shown last, in order, for "the blue one" or "the second one"."""
    first_name: str | None = None
    last_name: str | None = None
    zip: str | None = None
    failed_identity_attempts: int = 0
    identity_locked: bool = False
    """Handed over after failed identity attempts: no verification here until an operator
    releases the conversation."""
    handoff: bool = False
    language: Language = "en"
    """The language of the conversation, kept when a message (an email, a number) has none."""
    pending_change: dict[str, Any] | None = None
    """A proposed order change waiting for the customer's explicit yes (a `Proposal` as JSON)."""
    pending_action: str | None = None
    """An Action that asked for a detail (a reason, the items, an address); the next message
    resumes it."""
    pending_action_order_id: OrderId | None = None
    offered_handoff: bool = False
    """The last reply offered a person; a plain yes now means "yes, pass me on"."""
    identity_level: IdentityLevel | None = None
    """Raised to `code` once the customer typed a one-time code here (sign-in is per request)."""
    code_for: str | None = None
    """The pending proposal a one-time code was mailed for: the next code typed completes it."""
    queued_request: dict[str, Any] | None = None
    """One request over items in several orders gives one proposal per order, in turn: the
    Action, the customer's words and the orders still to propose (`{"action", "text",
    "order_ids"}`)."""
    request_text: str | None = None
    """The customer's words for a request about their orders, while it waits for their identity
    or for a detail: what they said then (the items, the reason, the card) still counts."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DialogueState:
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        known["last_products"] = tuple(known.get("last_products") or ())
        return cls(**known)

    def trace_fields(self) -> TraceFields:
        return TraceFields("ok", {"has_customer": self.customer_id is not None})


# --- trace -------------------------------------------------------------------------------------


@dataclass
class StageRecord:
    stage: str
    started_at: str
    duration_ms: float
    outcome: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Trace:
    records: list[StageRecord] = field(default_factory=list)

    def add(self, stage: str, started: float, outcome: str, **detail: Any) -> None:
        """Record a stage that began at `started` (a `time.perf_counter()` value)."""
        self.records.append(
            StageRecord(
                stage=stage,
                started_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
                duration_ms=round((time.perf_counter() - started) * 1000, 3),
                outcome=outcome,
                detail=detail,
            )
        )

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(r) for r in self.records]


# --- the turn ----------------------------------------------------------------------------------


@dataclass
class Turn:
    conversation_id: ConversationId
    channel: str
    text: str
    received_at: datetime
    signed_in_customer: CustomerId | None = None
    """Set by a channel whose login already proved who the customer is."""
    client: str | None = None
    """The client's network address, where the channel knows it (for the identity lockout)."""
    answer_to: str | None = None
    """The proposal this message answers, when it comes from a Yes/No button (or an API client
    that sends the proposal id): it then applies to that proposal only."""
    state: DialogueState = field(default_factory=DialogueState)
    understanding: Understanding | None = None
    identity: IdentityResult | None = None
    facts: FactsResult | None = None
    act: ActResult | None = None
    passages: PassagesResult | None = None
    reply: Reply | None = None
    trace: Trace = field(default_factory=Trace)
    turn_id: int | None = None
