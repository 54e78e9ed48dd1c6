"""The turn pipeline: understand → verify identity → gather facts → find passages → write reply →
record.

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

from sqlalchemy.exc import SQLAlchemyError

from bot.actions.identity import IdentityCheck
from bot.actions.stage import ASKING_KINDS, CODE_KINDS, PROPOSAL_KINDS, ActionStage
from bot.domain import ConversationId, CustomerId, OrderId
from bot.errors import StoreError
from bot.generation.llm_writer import LLMWriter, TextSink
from bot.generation.plan import MAX_IDENTITY_ATTEMPTS, ReplyPlan, plan_reply
from bot.generation.template import TemplateWriter
from bot.language import clean_text, detect_language, read_answer
from bot.redaction import redact
from bot.retrieval.facts import OrderFactGatherer
from bot.retrieval.passages import PassageGatherer
from bot.store.repositories import ConversationRepository
from bot.turn import (
    ActResult,
    DialogueState,
    Entities,
    Language,
    Locked,
    NeedsVerification,
    NoPassages,
    OrderFacts,
    OrderNotFound,
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
        return templates.write(
            ReplyPlan("small_talk", language, {"intent": "greet", "first_name": None})
        ).text

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
            turn.reply = self._writer.write(
                ReplyPlan(
                    "input_error",
                    detect_language(text[: self._max_chars]),
                    {"problem": problem, "limit": self._max_chars},
                )
            )
            return turn
        if (broken := self._store_problem()) is not None:
            logger.error("not answering a turn of %s: %s", turn.conversation_id, broken)
            turn.reply = self._writer.write(
                ReplyPlan("store_down", detect_language(text), {"applied": False, "said": ""})
            )
            return turn
        try:
            self._run_stages(turn, on_text)
            is_complete = True
        except Exception as exc:
            logger.error("turn in %s failed", turn.conversation_id, exc_info=True)
            # A database that cannot be read is said as such: nothing can be changed right now.
            down = isinstance(exc, (StoreError, SQLAlchemyError))
            plan = ReplyPlan("store_down", detect_language(text), {"applied": False, "said": ""})
            turn.reply = self._writer.write(
                plan if down else ReplyPlan("failure", detect_language(text))
            )
            turn.trace.add("failure", time.perf_counter(), "error", error=type(exc).__name__)
            is_complete = False
        self._record(turn, save_state=is_complete)
        return turn

    def _input_problem(self, text: str) -> str | None:
        if not text or not text.strip():
            return "empty"
        if len(text) > self._max_chars:
            return "too_long"
        return None

    def _run_stages(self, turn: Turn, on_text: TextSink | None = None) -> None:
        started = time.perf_counter()
        turn.state = DialogueState.from_json(self._conversations.load_state(turn.conversation_id))
        turn.trace.add("load_state", started, "ok", has_customer=turn.state.customer_id is not None)

        started = time.perf_counter()
        button = _button_answer(turn)
        if button is not None:  # a click is what it is: an answer to one proposal
            understanding = button
            turn.trace.add(
                "understand", started, "button", answer=button.intent, proposal_id=turn.answer_to
            )
        else:
            understanding = self._understander.run(
                turn.text.strip(), turn.state, turn.received_at.date()
            )
            turn.trace.add(
                "understand",
                started,
                understanding.intent,
                confidence=understanding.confidence,
                language=understanding.language,
                order_ids=list(understanding.entities.order_ids),
            )
        turn.understanding = understanding

        started = time.perf_counter()
        identity = self._identity.run(
            understanding,
            turn.state,
            turn.signed_in_customer,
            conversation_id=turn.conversation_id,
            client=turn.client,
            now=turn.received_at,
        )
        turn.identity = identity
        turn.trace.add(
            "identity", started, type(identity).__name__, via=getattr(identity, "via", None)
        )

        started = time.perf_counter()
        facts = self._facts.run(understanding, identity)
        turn.facts = facts
        turn.trace.add(
            "facts",
            started,
            type(facts).__name__,
            order_id=getattr(getattr(facts, "order", None), "id", None)
            or getattr(facts, "order_id", None),
        )

        started = time.perf_counter()
        act = self._actions.run(
            understanding,
            identity,
            facts,
            turn.state,
            text=turn.text,
            conversation_id=turn.conversation_id,
            channel=turn.channel,
            turn_index=self._conversations.next_turn_index(turn.conversation_id),
            answer_to=turn.answer_to,
        )
        turn.act = act
        turn.trace.add(
            "act",
            started,
            act.kind if act else "none",
            action=act.action if act else None,
            slots=sorted(act.slots) if act else [],
        )

        started = time.perf_counter()
        passages = NoPassages() if act else self._passages.run(understanding, turn.text)
        turn.passages = passages
        turn.trace.add(
            "passages",
            started,
            type(passages).__name__,
            ids=[e.passage_id for e in getattr(passages, "evidence", ())],
            is_confident=getattr(passages, "is_confident", None),
        )

        started = time.perf_counter()
        plan = plan_reply(
            understanding,
            identity,
            facts,
            turn.state,
            today=turn.received_at.date(),
            passages=passages,
            question=turn.text,
            act=act,
        )
        turn.reply = self._writer.write(plan, turn.text, on_text=on_text)
        turn.trace.add(
            "write",
            started,
            plan.kind,
            backend=turn.reply.backend,
            handoff=plan.handoff,
            problems=list(turn.reply.problems),
        )

        turn.state = self._next_state(turn)

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
            turn.reply = self._writer.write(
                ReplyPlan("store_down", reply.language, {"applied": applied, "said": reply.text})
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
            pending_change=None,
            pending_action=None,
            pending_action_order_id=None,
            code_for=None,
        )
    if not act.action:  # a confirmation asked again, or a stale button: nothing moves on
        return state
    waiting = act.kind in ASKING_KINDS
    order_id = act.slots.get("order_id") or act.reply.get("order_id")
    pending = act.slots.get("pending_change") if act.kind in PROPOSAL_KINDS else None
    return replace(
        state,
        pending_change=pending,
        code_for=str(pending["id"]) if pending and act.kind in CODE_KINDS else None,
        identity_level=act.slots.get("identity_level") or state.identity_level,
        pending_action=act.action if waiting else None,
        pending_action_order_id=OrderId(order_id) if waiting and order_id else None,
        last_order_id=OrderId(order_id) if order_id else state.last_order_id,
    )


def _offers_a_person(turn: Turn) -> bool:
    reply, act = turn.reply, turn.act
    if reply is None or reply.handoff:
        return False
    if reply.kind == "change_refused" and act is not None:
        return act.reply.get("code") in ("window_closed", "delivery_date_unknown")
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
    )
