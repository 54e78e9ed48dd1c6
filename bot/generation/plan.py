"""Decide what kind of reply a turn needs and which facts it may use. No wording happens here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, assert_never

from bot.generation.excerpt import excerpt
from bot.generation.intent_phrases import phrase
from bot.intents import (
    HANDOFF_INTENTS,
    KNOWLEDGE_INTENTS,
    ORDER_CHANGE_INTENTS,
    OUT_OF_SCOPE,
    SMALL_TALK_INTENTS,
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

ACTION_REPLY_KINDS = frozenset(
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
    kind: str
    language: Language
    context: dict[str, Any] = field(default_factory=dict)
    """Template variables: domain records and plain values."""
    handoff: bool = False
    citations: tuple[Citation, ...] = ()
    choices: tuple[str, ...] = ()
    """Answers a channel can offer as buttons (a confirmation's yes and no)."""
    proposal_id: str | None = None
    """The proposal the choices answer."""
    actions: tuple[str, ...] = ()
    """The business Actions that ran this turn."""


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
    """Choose the reply kind and its facts; `today` decides whether a delivery is late."""
    lang = understanding.language
    intent = understanding.intent
    if intent in HANDOFF_INTENTS:
        ran = (act.action,) if act else ()
        return ReplyPlan("handoff", lang, {"reason": "asked"}, handoff=True, actions=ran)
    if isinstance(identity, WrongCustomer):
        return ReplyPlan("wrong_customer", lang)
    if act is not None and act.kind in ACTION_REPLY_KINDS:
        context = {k: v for k, v in act.reply.items() if k != "kind"}
        proposal = context.get("proposal") if act.kind == "confirm_change" else None
        return ReplyPlan(
            act.kind,
            lang,
            context,
            choices=("yes", "no") if proposal else (),
            proposal_id=str(proposal["id"]) if proposal else None,
            actions=(act.action,) if act.action else (),
            handoff=act.kind == "code_locked",
        )

    if understanding.is_uncertain:
        return _clarify(understanding)
    if intent == OUT_OF_SCOPE:
        return ReplyPlan("out_of_scope", lang)

    match identity:
        case WrongCustomer():
            return ReplyPlan("wrong_customer", lang)
        case NeedsVerification(attempted=attempted, partial=partial):
            attempts = state.failed_identity_attempts + (1 if attempted else 0)
            if attempts >= MAX_IDENTITY_ATTEMPTS:
                return ReplyPlan("handoff", lang, {"reason": "identity"}, handoff=True)
            return ReplyPlan("ask_identity", lang, {"attempted": attempted, "partial": partial})
        case Locked():
            return ReplyPlan("handoff", lang, {"reason": "locked"}, handoff=True)
        case Verified() | NotRequired():
            pass
        case _:
            assert_never(identity)

    customer = identity.customer if isinstance(identity, Verified) else None
    match facts:
        case OrderFacts(order=order):
            kind = "order_change_unavailable" if intent in ORDER_CHANGE_INTENTS else "order_status"
            return ReplyPlan(kind, lang, {"order": order, "intent": intent, "today": today})
        case OrderChoice(orders=orders):
            return ReplyPlan("order_choice", lang, {"orders": orders})
        case OrderNotFound(order_id=order_id):
            return ReplyPlan("order_not_found", lang, {"order_id": order_id})
        case NoOrders():
            return ReplyPlan("no_orders", lang)
        case NoFacts():
            pass
        case _:
            assert_never(facts)

    match passages:
        case SearchDown():
            return ReplyPlan("search_down", lang, {"request": phrase(intent, lang)})
        case Passages(evidence=evidence, is_confident=True):
            return answer_from(evidence, question, lang)
        case Passages() | NoPassages() if intent in KNOWLEDGE_INTENTS:
            return ReplyPlan("no_answer", lang, {"request": phrase(intent, lang)})

    if intent in SMALL_TALK_INTENTS:
        first_name = customer.first_name if customer else None
        return ReplyPlan("small_talk", lang, {"intent": intent, "first_name": first_name})
    if isinstance(identity, Verified) and identity.via in ("email", "name_zip"):
        return ReplyPlan("verified", lang, {"first_name": identity.customer.first_name})
    if intent == "provide_info":
        return ReplyPlan("clarify", lang, {"options": []})
    # Understood, but this assistant cannot serve it yet: say so and offer a person.
    return ReplyPlan("unsupported", lang, {"request": phrase(intent, lang)})


def answer_from(evidence: tuple[Evidence, ...], question: str, lang: Language) -> ReplyPlan:
    """Quote the best passage and cite it, with the runners-up as further reading."""
    best = evidence[0]
    quote = excerpt(best.text, question, skip_first_line=best.doc_type == "faq")
    citations = tuple(
        Citation(id=e.passage_id, title=e.title, source=e.doc_id, text=e.text) for e in evidence
    )
    return ReplyPlan(
        "knowledge_answer",
        lang,
        {
            "quote": quote,
            "best": best,
            "is_review": best.doc_type == "review",
            "citations": citations,
        },
        citations=citations,
    )


def _clarify(understanding: Understanding) -> ReplyPlan:
    """Ask which of the likeliest intents the customer meant, instead of guessing."""
    lang = understanding.language
    ranked = [(understanding.intent, understanding.confidence), *understanding.alternatives]
    options = [phrase(intent, lang) for intent, _ in ranked[:2] if intent != OUT_OF_SCOPE]
    return ReplyPlan("clarify", lang, {"options": options})
