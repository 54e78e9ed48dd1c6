"""The turn pipeline: load the conversation → understand → verify identity → gather facts → act →
find passages → write the reply → record (docs/ARCHITECTURE.md, "The stage contract").

Each stage returns a typed result that is stored on the `Turn` and traced. A failing stage never
leaves the customer without an answer: the turn gets a safe reply and its trace is still saved.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy.exc import SQLAlchemyError

from bot.actions.identity import IdentityCheck
from bot.actions.stage import ASKING_KINDS, CODE_KINDS, PROPOSAL_KINDS, ActionStage
from bot.domain import ConversationId, CustomerId, OrderId
from bot.errors import StoreError
from bot.generation.llm_writer import LLMWriter, TextSink
from bot.generation.plan import MAX_IDENTITY_ATTEMPTS, ReplyPlan, plan_reply
from bot.generation.template import TemplateWriter
from bot.intents import PERSONAL_INTENTS
from bot.language import clean_text, detect_language, read_answer
from bot.redaction import redact
from bot.reply_kinds import (
    ChangeRefusedReply,
    FailureReply,
    InputErrorReply,
    SmallTalkReply,
    StoreDownReply,
    about_order,
)
from bot.retrieval.facts import OrderFactGatherer
from bot.retrieval.passages import PassageGatherer
from bot.store.repositories import ConversationRepository
from bot.turn import (
    NO_ACTION,
    ActResult,
    DialogueState,
    Entities,
    Language,
    Locked,
    NeedsVerification,
    NoPassages,
    OrderFacts,
    OrderNotFound,
    TraceFields,
    Turn,
    Understanding,
    Verified,
)
from bot.understanding.understander import Understander

logger = logging.getLogger(__name__)

OFFERS_A_PERSON = frozenset(
    {
        "unsupported",
        "no_answer",
        "order_change_unavailable",
        "change_refused",
        "search_down",
        "code_not_sent",
        "sign_in_needed",
    }
)
"""Replies that end with "shall I pass you to a person?": a plain yes next accepts."""


class Orchestrator:
    def __init__(
        self,
        *,
        understander: Understander,
        identity: IdentityCheck,
        facts: OrderFactGatherer,
        passages: PassageGatherer,
        actions: ActionStage,
        writer: TemplateWriter | LLMWriter,
        conversations: ConversationRepository,
        max_message_chars: int,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        store_problem: Callable[[], str | None] = lambda: None,
    ) -> None:
        """`store_problem` says what is wrong with the database before a turn runs (a SQLite file
        removed or made read-only under the server), so no turn is answered only to be lost."""
        self._understander = understander
        self._identity = identity
        self._facts = facts
        self._passages = passages
        self._actions = actions
        self._writer = writer
        self._conversations = conversations
        self._max_chars = max_message_chars
        self._clock = clock
        self._store_problem = store_problem

    def warm_up(self) -> None:
        for stage in (
            self._understander,
            self._identity,
            self._facts,
            self._actions,
            self._passages,
            self._writer,
        ):
            stage.warm_up()

    def greeting(self, language: Language = "en") -> str:
        """The opening message a channel shows before the customer writes anything. Always a
        template: a customer must never wait for a model to say hello."""
        templates = self._writer.templates if isinstance(self._writer, LLMWriter) else self._writer
        return templates.run(ReplyPlan(SmallTalkReply("greet", None), language)).text

    def handle(
        self,
        text: str,
        *,
        conversation_id: str | None = None,
        channel: str = "api",
        signed_in: CustomerId | None = None,
        on_text: TextSink | None = None,
        answer_to: str | None = None,
        client: str | None = None,
    ) -> Turn:
        """Answer one customer message. Never raises for bad input or a failing stage.

        `answer_to` is the proposal a Yes/No button answers (its id). Such an answer applies to
        that proposal only: if another one is pending now, or none, nothing is changed.
        `client` is the customer's network address where the channel knows it (identity lockout).

        `on_text` receives the reply's verified text as it is written, for channels that stream;
        `turn.reply.text` is always the whole, final reply (a template if the model's failed).
        """
        text = clean_text(text)
        turn = Turn(
            conversation_id=ConversationId(conversation_id or uuid.uuid4().hex),
            channel=channel,
            text=text,
            received_at=self._clock(),
            signed_in_customer=signed_in,
            answer_to=answer_to,
            client=client,
        )
        problem = self._input_problem(text)
        if problem is not None:
            # Bad input changes nothing: no state, no stored turn.
            turn.reply = self._writer.run(
                ReplyPlan(
                    InputErrorReply(problem=problem, limit=self._max_chars),
                    detect_language(text[: self._max_chars]),
                )
            )
            return turn
        if (broken := self._store_problem()) is not None:
            logger.error("not answering a turn of %s: %s", turn.conversation_id, broken)
            turn.reply = self._writer.run(
                ReplyPlan(StoreDownReply(applied=False, said=""), detect_language(text))
            )
            return turn
        try:
            self._run_stages(turn, on_text)
            is_complete = True
        except Exception as exc:
            logger.error("turn in %s failed", turn.conversation_id, exc_info=True)
            # A database that cannot be read is said as such: nothing can be changed right now.
            down = isinstance(exc, (StoreError, SQLAlchemyError))
            plan = ReplyPlan(StoreDownReply(applied=False, said=""), detect_language(text))
            turn.reply = self._writer.run(
                plan if down else ReplyPlan(FailureReply(), detect_language(text))
            )
            turn.trace.add("failure", time.perf_counter(), "error", error=type(exc).__name__)
            is_complete = False
        self._record(turn, save_state=is_complete)
        return turn

    def _input_problem(self, text: str) -> Literal["empty", "too_long"] | None:
        if not text or not text.strip():
            return "empty"
        if len(text) > self._max_chars:
            return "too_long"
        return None

    def _run_stages(self, turn: Turn, on_text: TextSink | None = None) -> None:
        """Each step runs one stage, keeps its result on the turn, and says what to trace."""
        steps: tuple[tuple[str, Callable[[Turn], TraceFields]], ...] = (
            ("load_state", self._load_state),
            ("understand", self._understand),
            ("identity", self._verify_identity),
            ("facts", self._gather_facts),
            ("act", self._act),
            ("passages", self._find_passages),
            ("write", lambda t: self._write(t, on_text)),
        )
        for name, step in steps:
            started = time.perf_counter()
            fields = step(turn)
            turn.trace.add(name, started, fields.outcome, **fields.detail)
        turn.state = self._next_state(turn)

    def _load_state(self, turn: Turn) -> TraceFields:
        turn.state = DialogueState.from_json(self._conversations.load_state(turn.conversation_id))
        return turn.state.trace_fields()

    def _understand(self, turn: Turn) -> TraceFields:
        # A button click is what it is: an answer to one proposal, never classified.
        turn.understanding = _button_answer(turn) or self._understander.run(
            turn.text.strip(), turn.state, turn.received_at.date()
        )
        return turn.understanding.trace_fields()

    def _verify_identity(self, turn: Turn) -> TraceFields:
        assert turn.understanding is not None
        turn.identity = self._identity.run(
            turn.understanding,
            turn.state,
            turn.signed_in_customer,
            conversation_id=turn.conversation_id,
            client=turn.client,
            now=turn.received_at,
        )
        return turn.identity.trace_fields()

    def _gather_facts(self, turn: Turn) -> TraceFields:
        assert turn.understanding is not None and turn.identity is not None
        said = f"{turn.state.request_text}\n{turn.text}" if turn.state.request_text else turn.text
        turn.facts = self._facts.run(
            turn.understanding, turn.identity, said, last_order=turn.state.last_order_id
        )
        return turn.facts.trace_fields()

    def _act(self, turn: Turn) -> TraceFields:
        assert turn.understanding is not None and turn.identity is not None
        assert turn.facts is not None
        turn.act = self._actions.run(
            turn.understanding,
            turn.identity,
            turn.facts,
            turn.state,
            text=turn.text,
            conversation_id=turn.conversation_id,
            channel=turn.channel,
            turn_index=self._conversations.next_turn_index(turn.conversation_id),
            answer_to=turn.answer_to,
        )
        return turn.act.trace_fields() if turn.act else NO_ACTION

    def _find_passages(self, turn: Turn) -> TraceFields:
        assert turn.understanding is not None
        # An Action's reply stands on the Action's facts alone.
        turn.passages = (
            NoPassages() if turn.act else self._passages.run(turn.understanding, turn.text)
        )
        return turn.passages.trace_fields()

    def _write(self, turn: Turn, on_text: TextSink | None) -> TraceFields:
        assert turn.understanding is not None and turn.identity is not None
        assert turn.facts is not None and turn.passages is not None
        plan = plan_reply(
            turn.understanding,
            turn.identity,
            turn.facts,
            turn.state,
            today=turn.received_at.date(),
            passages=turn.passages,
            question=turn.text,
            act=turn.act,
        )
        done = turn.act.done_first if turn.act else None
        if done is None:
            turn.reply = self._writer.run(plan, turn.text, on_text=on_text)
            return turn.reply.trace_fields()
        # One request over several orders: what was just done, then the next order's proposal.
        first = self._writer.run(ReplyPlan(done, plan.language)).text.strip() + "\n\n"
        if on_text is not None:
            on_text(first)
        reply = self._writer.run(plan, turn.text, on_text=on_text)
        turn.reply = replace(reply, text=first + reply.text)
        return turn.reply.trace_fields()

    @staticmethod
    def _next_state(turn: Turn) -> DialogueState:
        """What the conversation remembers after this turn."""
        state, u, reply = turn.state, turn.understanding, turn.reply
        assert u is not None and reply is not None
        name = u.entities.person_name
        state = replace(
            state,
            first_name=name[0] if name else state.first_name,
            last_name=name[1] if name else state.last_name,
            zip=u.entities.zips[0] if u.entities.zips else state.zip,
            handoff=state.handoff or reply.handoff,
            offered_handoff=_offers_a_person(turn),
            language=u.language,
            last_intent=u.intent if not u.is_uncertain else state.last_intent,
        )
        match turn.identity:
            case Verified(customer=customer):
                state = replace(
                    state,
                    customer_id=customer.id,
                    failed_identity_attempts=0,
                    pending_intent=None,
                    pending_order_id=None,
                )
            case Locked():
                state = replace(state, identity_locked=True)
            case NeedsVerification(attempted=attempted):
                failed = state.failed_identity_attempts + int(attempted)
                state = replace(
                    state,
                    identity_locked=state.identity_locked or failed >= MAX_IDENTITY_ATTEMPTS,
                    pending_intent=u.intent if u.intent != "provide_info" else state.pending_intent,
                    pending_order_id=OrderId(u.entities.order_ids[0])
                    if u.entities.order_ids
                    else state.pending_order_id,
                    failed_identity_attempts=failed,
                )
        if u.entities.products:
            state = replace(state, last_products=tuple(p.id for p in u.entities.products))
        state = _after_action(state, turn.act)
        state = replace(state, request_text=_request_text(turn))
        match turn.facts:
            case OrderFacts(order=order):
                state = replace(state, last_order_id=order.id)
                shown = tuple(dict.fromkeys(i.product_id for i in order.items if i.product_id))
                if not u.entities.products and shown:
                    state = replace(state, last_products=shown)
            case OrderNotFound():
                state = replace(state, last_order_id=None)
        return state

    def _record(self, turn: Turn, *, save_state: bool) -> None:
        started = time.perf_counter()
        reply, u = turn.reply, turn.understanding
        assert reply is not None
        try:
            turn.turn_id = self._conversations.record_turn(
                conversation_id=turn.conversation_id,
                channel=turn.channel,
                customer_id=turn.state.customer_id,
                state=turn.state.to_json() if save_state else None,
                user_text=redact(turn.text),
                reply_text=reply.text,
                intent=u.intent if u else None,
                confidence=u.confidence if u and turn.answer_to is None else None,
                reply_kind=reply.kind,
                handoff=reply.handoff,
                answer_to=turn.answer_to,
                trace=[
                    *turn.trace.to_json(),
                    {
                        "stage": "record",
                        "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                        "outcome": "ok",
                    },
                ],
            )
        except Exception:
            # The turn is lost, and with it any proposal it made: never answer as if all were well.
            logger.error("could not record turn of %s", turn.conversation_id, exc_info=True)
            applied = turn.act is not None and turn.act.kind == "change_applied"
            turn.reply = self._writer.run(
                ReplyPlan(StoreDownReply(applied=applied, said=reply.text), reply.language)
            )
        logger.info(
            "turn %s/%s channel=%s intent=%s reply=%s ms=%.1f",
            turn.conversation_id,
            turn.turn_id,
            turn.channel,
            u.intent if u else None,
            reply.kind,
            sum(r.duration_ms for r in turn.trace.records),
        )


def _after_action(state: DialogueState, act: ActResult | None) -> DialogueState:
    """Remember a change waiting for a yes, or an Action waiting for a detail; forget both
    otherwise, so a later "yes" can never apply a change the customer has moved on from."""
    if act is None:
        return replace(
            state,
            queued_request=None,
            pending_change=None,
            pending_action=None,
            pending_action_order_id=None,
            code_for=None,
        )
    if not act.action:  # a confirmation asked again, or a stale button: nothing moves on
        return state
    waiting = act.kind in ASKING_KINDS
    order_id = act.slots.get("order_id") or (about_order(act.reply) if act.reply else None)
    pending = act.slots.get("pending_change") if act.kind in PROPOSAL_KINDS else None
    queued = (
        act.slots["queued_request"]
        if "queued_request" in act.slots
        else state.queued_request
        if waiting or pending
        else None
    )
    return replace(
        state,
        queued_request=queued,
        pending_change=pending,
        code_for=str(pending["id"]) if pending and act.kind in CODE_KINDS else None,
        identity_level=act.slots.get("identity_level") or state.identity_level,
        pending_action=act.action if waiting else None,
        pending_action_order_id=OrderId(order_id) if waiting and order_id else None,
        last_order_id=OrderId(order_id) if order_id else state.last_order_id,
    )


def _request_text(turn: Turn) -> str | None:
    """The words of a request about the customer's orders that waits: for their identity, or
    for a detail an Action asked for."""
    u, act, before = turn.understanding, turn.act, turn.state
    assert u is not None
    waits_for_identity = isinstance(turn.identity, NeedsVerification) and (
        u.intent in PERSONAL_INTENTS or before.request_text is not None
    )
    waits_for_detail = act is not None and act.kind in ASKING_KINDS
    if not (waits_for_identity or waits_for_detail):
        return None
    same_request = act is None or not before.pending_action or act.action == before.pending_action
    earlier = before.request_text if same_request else None
    return f"{earlier}\n{turn.text}" if earlier else turn.text


def _offers_a_person(turn: Turn) -> bool:
    reply, act = turn.reply, turn.act
    if reply is None or reply.handoff:
        return False
    if act is not None and isinstance(act.reply, ChangeRefusedReply):
        return act.reply.code in ("window_closed", "delivery_date_unknown")
    return reply.kind in OFFERS_A_PERSON


def _button_answer(turn: Turn) -> Understanding | None:
    """The understanding of a Yes/No button click (or an API answer with a proposal id): not
    classified, because it is not an utterance. A typed message falls through to the classifier."""
    if turn.answer_to is None:
        return None
    answer = read_answer(turn.text)
    if answer not in ("yes", "no"):
        return None
    return Understanding(
        intent="affirm" if answer == "yes" else "deny",
        confidence=1.0,
        entities=Entities(),
        language=turn.state.language,
        answers_proposal=turn.answer_to,
    )
