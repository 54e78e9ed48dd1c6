"""Decide what kind of reply a turn needs and which facts it may use. No wording happens here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import assert_never

from bot.generation.excerpt import excerpt
from bot.generation.intent_phrases import phrase
from bot.intents import (
    HANDOFF_INTENTS,
    KNOWLEDGE_INTENTS,
    ORDER_CHANGE_INTENTS,
    OUT_OF_SCOPE,
    SMALL_TALK_INTENTS,
)
from bot.reply_kinds import (
    AskIdentityReply,
    ClarifyReply,
    CodeLockedReply,
    ConfirmChangeReply,
    HandoffReply,
    KnowledgeAnswerReply,
    NoAnswerReply,
    NoOrdersReply,
    OrderChangeUnavailableReply,
    OrderChoiceReply,
    OrderNotFoundReply,
    OrderStatusReply,
    OutOfScopeReply,
    ReplyContext,
    ReplyKind,
    SearchDownReply,
    SmallTalkReply,
    UnsupportedReply,
    VerifiedReply,
    WrongCustomerReply,
)
from bot.turn import (
    ActResult,
    Citation,
    DialogueState,
    Evidence,
    FactsResult,
    IdentityResult,
    Language,
    Locked,
    NeedsVerification,
    NoFacts,
    NoOrders,
    NoPassages,
    NotRequired,
    OrderChoice,
    OrderFacts,
    OrderNotFound,
    Passages,
    PassagesResult,
    SearchDown,
    Understanding,
    Verified,
    WrongCustomer,
)

ACTION_REPLY_KINDS: frozenset[ReplyKind] = frozenset(
    {
        "ask_order_id",
        "ask_change_detail",
        "confirm_change",
        "change_applied",
        "change_refused",
        "change_cancelled",
        "order_not_found",
        "proposal_expired",
        "ask_code",
        "code_wrong",
        "code_locked",
        "code_not_sent",
        "sign_in_needed",
    }
)
"""Replies an order-change Action decides (a handoff Action's reply is the plain handoff)."""
MAX_IDENTITY_ATTEMPTS = 3
"""After this many details that match no account, the assistant offers a person."""


@dataclass(frozen=True)
class ReplyPlan:
    context: ReplyContext
    """What the reply says: its kind's dataclass (`bot.reply_kinds`), the template's variables."""
    language: Language
    handoff: bool = False
    citations: tuple[Citation, ...] = ()
    choices: tuple[str, ...] = ()
    """Answers a channel can offer as buttons (a confirmation's yes and no)."""
    proposal_id: str | None = None
    """The proposal the choices answer."""
    actions: tuple[str, ...] = ()
    """The business Actions that ran this turn."""

    @property
    def kind(self) -> ReplyKind:
        return self.context.kind


def plan_reply(
    understanding: Understanding,
    identity: IdentityResult,
    facts: FactsResult,
    state: DialogueState,
    *,
    today: date,
    passages: PassagesResult | None = None,
    question: str = "",
    act: ActResult | None = None,
) -> ReplyPlan:
    """Choose the reply kind and its facts; `today` decides whether a delivery is late.

    The first of these that has something to say decides: what needs no facts (a request for a
    person, an Action's reply, a question we must ask back), then identity, the order facts, the
    passages, and last the conversation itself."""
    return (
        _settled_first(understanding, identity, act)
        or _about_identity(understanding, identity, state)
        or _from_facts(understanding, facts, today)
        or _from_passages(understanding, passages, question)
        or _conversational(understanding, identity)
    )


def _settled_first(
    understanding: Understanding, identity: IdentityResult, act: ActResult | None
) -> ReplyPlan | None:
    lang, intent = understanding.language, understanding.intent
    if intent in HANDOFF_INTENTS:
        ran = (act.action,) if act else ()
        return ReplyPlan(HandoffReply("asked"), lang, handoff=True, actions=ran)
    if isinstance(identity, WrongCustomer):
        return ReplyPlan(WrongCustomerReply(), lang)
    if act is not None and act.reply is not None and act.reply.kind in ACTION_REPLY_KINDS:
        proposal = act.reply.proposal if isinstance(act.reply, ConfirmChangeReply) else None
        return ReplyPlan(
            act.reply,
            lang,
            choices=("yes", "no") if proposal else (),
            proposal_id=str(proposal["id"]) if proposal else None,
            actions=(act.action,) if act.action else (),
            handoff=isinstance(act.reply, CodeLockedReply),
        )
    if understanding.is_uncertain:
        return _clarify(understanding)
    if intent == OUT_OF_SCOPE:
        return ReplyPlan(OutOfScopeReply(), lang)
    return None


def _about_identity(
    understanding: Understanding, identity: IdentityResult, state: DialogueState
) -> ReplyPlan | None:
    lang = understanding.language
    match identity:
        case WrongCustomer():
            return ReplyPlan(WrongCustomerReply(), lang)
        case NeedsVerification(attempted=attempted, partial=partial):
            attempts = state.failed_identity_attempts + (1 if attempted else 0)
            if attempts >= MAX_IDENTITY_ATTEMPTS:
                return ReplyPlan(HandoffReply("identity"), lang, handoff=True)
            return ReplyPlan(AskIdentityReply(attempted, partial), lang)
        case Locked():
            return ReplyPlan(HandoffReply("locked"), lang, handoff=True)
        case Verified() | NotRequired():
            return None
        case _:
            assert_never(identity)


def _from_facts(understanding: Understanding, facts: FactsResult, today: date) -> ReplyPlan | None:
    lang, intent = understanding.language, understanding.intent
    match facts:
        case OrderFacts(order=order):
            about = (
                OrderChangeUnavailableReply if intent in ORDER_CHANGE_INTENTS else OrderStatusReply
            )
            return ReplyPlan(about(order, intent, today), lang)
        case OrderChoice(orders=orders):
            return ReplyPlan(OrderChoiceReply(orders), lang)
        case OrderNotFound(order_id=order_id):
            return ReplyPlan(OrderNotFoundReply(order_id), lang)
        case NoOrders():
            return ReplyPlan(NoOrdersReply(), lang)
        case NoFacts():
            return None
        case _:
            assert_never(facts)


def _from_passages(
    understanding: Understanding, passages: PassagesResult | None, question: str
) -> ReplyPlan | None:
    lang, intent = understanding.language, understanding.intent
    match passages:
        case SearchDown():
            return ReplyPlan(SearchDownReply(phrase(intent, lang)), lang)
        case Passages(evidence=evidence, is_confident=True):
            return answer_from(evidence, question, lang)
        case Passages() | NoPassages() if intent in KNOWLEDGE_INTENTS:
            return ReplyPlan(NoAnswerReply(phrase(intent, lang)), lang)
    return None


def _conversational(understanding: Understanding, identity: IdentityResult) -> ReplyPlan:
    lang, intent = understanding.language, understanding.intent
    customer = identity.customer if isinstance(identity, Verified) else None
    if intent in SMALL_TALK_INTENTS:
        first_name = customer.first_name if customer else None
        return ReplyPlan(SmallTalkReply(intent, first_name), lang)
    if isinstance(identity, Verified) and identity.via in ("email", "name_zip"):
        return ReplyPlan(VerifiedReply(identity.customer.first_name), lang)
    if intent == "provide_info":
        return ReplyPlan(ClarifyReply(()), lang)
    # Understood, but this assistant cannot serve it yet: say so and offer a person.
    return ReplyPlan(UnsupportedReply(phrase(intent, lang)), lang)


def answer_from(evidence: tuple[Evidence, ...], question: str, lang: Language) -> ReplyPlan:
    """Quote the best passage and cite it, with the runners-up as further reading."""
    best = evidence[0]
    quote = excerpt(best.text, question, skip_first_line=best.doc_type == "faq")
    citations = tuple(
        Citation(id=e.passage_id, title=e.title, source=e.doc_id, text=e.text) for e in evidence
    )
    return ReplyPlan(
        KnowledgeAnswerReply(
            quote=quote, best=best, is_review=best.doc_type == "review", citations=citations
        ),
        lang,
        citations=citations,
    )


def _clarify(understanding: Understanding) -> ReplyPlan:
    """Ask which of the likeliest intents the customer meant, instead of guessing."""
    lang = understanding.language
    ranked = [(understanding.intent, understanding.confidence), *understanding.alternatives]
    options = [phrase(intent, lang) for intent, _ in ranked[:2] if intent != OUT_OF_SCOPE]
    return ReplyPlan(ClarifyReply(tuple(options)), lang)
