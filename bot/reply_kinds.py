"""The closed set of reply kinds, and what each one may say: one frozen dataclass per kind.

A reply plan carries one of these; the template `bot/generation/replies/<kind>.j2` (and the model's
prompt, where one exists) reads exactly its fields, and `tests/generation/test_reply_kinds.py`
fails when a template asks for a field its kind lacks. Business Actions answer with a kind and its
facts as JSON (so Rasa can use them too); `reply_from_json` turns that back into the dataclass.

Fields hold domain records (`Order`, `Evidence`) where the reply is planned in-process, and plain
JSON (a proposal, a summary) where an Action's message carries them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, ClassVar, Literal, get_args

from bot.domain import Order, OrderSummary
from bot.turn import Citation, Evidence

ReplyKind = Literal[
    "order_status",
    "order_change_unavailable",
    "order_choice",
    "order_not_found",
    "no_orders",
    "ask_identity",
    "verified",
    "wrong_customer",
    "handoff",
    "clarify",
    "out_of_scope",
    "knowledge_answer",
    "no_answer",
    "search_down",
    "small_talk",
    "unsupported",
    "input_error",
    "store_down",
    "failure",
    "ask_order_id",
    "ask_change_detail",
    "confirm_change",
    "change_applied",
    "change_refused",
    "change_cancelled",
    "proposal_expired",
    "ask_code",
    "code_wrong",
    "code_locked",
    "code_not_sent",
    "sign_in_needed",
]

# --- orders ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderStatusReply:
    kind: ClassVar[ReplyKind] = "order_status"
    order: Order
    intent: str
    today: date
    """Decides whether a delivery is late."""


@dataclass(frozen=True)
class OrderChangeUnavailableReply:
    """The customer asked to change an order in a way no Action covers: its status, and a person."""

    kind: ClassVar[ReplyKind] = "order_change_unavailable"
    order: Order
    intent: str
    today: date


@dataclass(frozen=True)
class OrderChoiceReply:
    kind: ClassVar[ReplyKind] = "order_choice"
    orders: tuple[OrderSummary, ...] | list[Any]
    """Summaries in-process; JSON rows when an Action lists them."""


@dataclass(frozen=True)
class OrderNotFoundReply:
    kind: ClassVar[ReplyKind] = "order_not_found"
    order_id: str


@dataclass(frozen=True)
class NoOrdersReply:
    kind: ClassVar[ReplyKind] = "no_orders"


# --- identity ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AskIdentityReply:
    kind: ClassVar[ReplyKind] = "ask_identity"
    attempted: bool = False
    """The customer gave details that matched no account."""
    partial: Literal["none", "name", "zip"] = "none"


@dataclass(frozen=True)
class VerifiedReply:
    kind: ClassVar[ReplyKind] = "verified"
    first_name: str


@dataclass(frozen=True)
class WrongCustomerReply:
    kind: ClassVar[ReplyKind] = "wrong_customer"


@dataclass(frozen=True)
class HandoffReply:
    kind: ClassVar[ReplyKind] = "handoff"
    reason: Literal["asked", "identity", "locked"]


# --- understanding and knowledge ---------------------------------------------------------------


@dataclass(frozen=True)
class ClarifyReply:
    kind: ClassVar[ReplyKind] = "clarify"
    options: tuple[str, ...]
    """The likeliest requests, in words; empty asks an open question."""


@dataclass(frozen=True)
class OutOfScopeReply:
    kind: ClassVar[ReplyKind] = "out_of_scope"


@dataclass(frozen=True)
class KnowledgeAnswerReply:
    kind: ClassVar[ReplyKind] = "knowledge_answer"
    quote: str
    best: Evidence
    is_review: bool
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class NoAnswerReply:
    kind: ClassVar[ReplyKind] = "no_answer"
    request: str
    """What the customer asked for, in words."""


@dataclass(frozen=True)
class SearchDownReply:
    kind: ClassVar[ReplyKind] = "search_down"
    request: str


@dataclass(frozen=True)
class SmallTalkReply:
    kind: ClassVar[ReplyKind] = "small_talk"
    intent: str
    first_name: str | None


@dataclass(frozen=True)
class UnsupportedReply:
    kind: ClassVar[ReplyKind] = "unsupported"
    request: str


# --- the turn itself ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InputErrorReply:
    kind: ClassVar[ReplyKind] = "input_error"
    problem: Literal["empty", "too_long"]
    limit: int


@dataclass(frozen=True)
class StoreDownReply:
    kind: ClassVar[ReplyKind] = "store_down"
    applied: bool
    """A change was applied before the database failed: the customer is told it was."""
    said: str
    """The reply the customer would have had."""


@dataclass(frozen=True)
class FailureReply:
    kind: ClassVar[ReplyKind] = "failure"


# --- order changes (an Action's reply, from JSON) ----------------------------------------------


@dataclass(frozen=True)
class AskOrderIdReply:
    kind: ClassVar[ReplyKind] = "ask_order_id"


@dataclass(frozen=True)
class AskChangeDetailReply:
    kind: ClassVar[ReplyKind] = "ask_change_detail"
    change: str
    missing: str
    """reason, items, which_item, variant, address or payment_method."""
    order_id: str
    reasons: list[str]
    choices: list[str] = field(default_factory=list)
    """For `variant`: the variants in stock that fit what the customer said; for `which_item`:
    the order's lines of one product that the customer's words do not tell apart."""


@dataclass(frozen=True)
class ConfirmChangeReply:
    kind: ClassVar[ReplyKind] = "confirm_change"
    proposal: dict[str, Any]
    """The proposal as JSON (`bot.actions.orders.Proposal.to_json`)."""
    again: Literal["expired", "unclear", "waiting"] | None = None
    """Why the same proposal is shown again, if it is (`waiting`: after something else the
    customer asked for meanwhile, such as their list of orders)."""


@dataclass(frozen=True)
class ChangeAppliedReply:
    kind: ClassVar[ReplyKind] = "change_applied"
    change: str
    order_id: str
    summary: dict[str, Any]
    after: Any = None
    already: bool = False
    """The same proposal was applied before (a second yes): nothing changed twice."""


@dataclass(frozen=True)
class ChangeRefusedReply:
    kind: ClassVar[ReplyKind] = "change_refused"
    change: str
    code: str
    """The policy's reason (`bot.actions.policy`)."""
    detail: dict[str, Any]
    order_id: str


@dataclass(frozen=True)
class ChangeCancelledReply:
    kind: ClassVar[ReplyKind] = "change_cancelled"
    change: str
    order_id: str


@dataclass(frozen=True)
class ProposalExpiredReply:
    kind: ClassVar[ReplyKind] = "proposal_expired"


@dataclass(frozen=True)
class AskCodeReply:
    kind: ClassVar[ReplyKind] = "ask_code"
    change: str
    order_id: str
    email: str
    """The address the code went to, masked."""
    again: Literal["expired"] | None = None


@dataclass(frozen=True)
class CodeWrongReply:
    kind: ClassVar[ReplyKind] = "code_wrong"
    change: str
    order_id: str


@dataclass(frozen=True)
class CodeLockedReply:
    kind: ClassVar[ReplyKind] = "code_locked"
    change: str
    order_id: str


@dataclass(frozen=True)
class CodeNotSentReply:
    kind: ClassVar[ReplyKind] = "code_not_sent"
    change: str
    order_id: str
    reason: str


@dataclass(frozen=True)
class SignInNeededReply:
    kind: ClassVar[ReplyKind] = "sign_in_needed"
    change: str
    order_id: str


ReplyContext = (
    OrderStatusReply
    | OrderChangeUnavailableReply
    | OrderChoiceReply
    | OrderNotFoundReply
    | NoOrdersReply
    | AskIdentityReply
    | VerifiedReply
    | WrongCustomerReply
    | HandoffReply
    | ClarifyReply
    | OutOfScopeReply
    | KnowledgeAnswerReply
    | NoAnswerReply
    | SearchDownReply
    | SmallTalkReply
    | UnsupportedReply
    | InputErrorReply
    | StoreDownReply
    | FailureReply
    | AskOrderIdReply
    | AskChangeDetailReply
    | ConfirmChangeReply
    | ChangeAppliedReply
    | ChangeRefusedReply
    | ChangeCancelledReply
    | ProposalExpiredReply
    | AskCodeReply
    | CodeWrongReply
    | CodeLockedReply
    | CodeNotSentReply
    | SignInNeededReply
)

BY_KIND: dict[str, type[ReplyContext]] = {cls.kind: cls for cls in get_args(ReplyContext)}
"""Every kind's dataclass; `ReplyKind` lists the same kinds."""


def reply_from_json(message: Mapping[str, Any]) -> ReplyContext:
    """An Action's reply (`{"kind": ..., facts...}`) as its dataclass. Facts the kind does not
    use (an Action may tell Rasa more than our template says) are left out; a missing fact or an
    unknown kind is a `ValueError`."""
    kind = str(message.get("kind", ""))
    cls = BY_KIND.get(kind)
    if cls is None:
        raise ValueError(f"unknown reply kind {kind!r}")
    names = {f.name for f in fields(cls)}
    try:
        return cls(**{k: v for k, v in message.items() if k in names})
    except TypeError as exc:
        raise ValueError(f"{kind} reply: {exc}") from None


def about_order(context: ReplyContext) -> str | None:
    """The order a reply is about, for the kinds that name one (the Actions' replies do)."""
    order_id = getattr(context, "order_id", None)
    return str(order_id) if order_id else None


def template_fields(context: ReplyContext) -> dict[str, Any]:
    """The context's fields by name, as template variables (records stay records)."""
    return {f.name: getattr(context, f.name) for f in fields(context)}
