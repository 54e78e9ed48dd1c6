"""The orchestrator's action stage: a verified customer's request becomes an Action call.

It decides which Action a turn needs (a change intent, an answer to a pending confirmation, a
detail the last Action asked for, a handoff), fills the Action's slots from the message, the dialogue
state and the order facts, and runs it in-process. Only the verified customer's id goes into the
`customer_id` slot: nothing in a message can point an Action at another account.
"""

from __future__ import annotations

import re
from typing import Any

from bot.actions.codes import typed_code
from bot.actions.runner import ActionRunner
from bot.actions.services import Services
from bot.domain import Order
from bot.intents import HANDOFF_INTENTS
from bot.language import read_answer
from bot.reply_kinds import ConfirmChangeReply, ProposalExpiredReply, reply_from_json
from bot.turn import (
    ActResult,
    DialogueState,
    FactsResult,
    IdentityResult,
    OrderFacts,
    Understanding,
    Verified,
)

INTENT_ACTIONS = {
    "cancel_order": "action_cancel_order",
    "change_shipping_address": "action_change_shipping_address",
    "return_item": "action_return_items",
    "exchange_item": "action_exchange_items",
}
KIND_ACTIONS = {
    "cancel": "action_cancel_order",
    "change_address": "action_change_shipping_address",
    "change_payment": "action_change_payment_method",
    "return": "action_return_items",
    "exchange": "action_exchange_items",
}
ASKING_KINDS = frozenset({"ask_change_detail", "ask_order_id"})
"""Replies that wait for a detail: the next message resumes the same Action."""
CODE_KINDS = frozenset({"ask_code", "code_wrong"})
"""Replies after a yes that wait for the one-time code mailed to the customer."""
PROPOSAL_KINDS = frozenset({"confirm_change"}) | CODE_KINDS
"""Replies that leave a proposal pending."""

_REASONS = (
    ("no longer needed", r"no longer need|don'?t need|do not need|不需要|不想要"),
    ("ordered by mistake", r"mistake|by accident|accidental|wrong (item|one)|买错|下错|误购"),
    ("found a better price", r"better price|cheaper|lower price|更便宜|价格更低"),
    ("delivery too slow", r"too slow|too long|takes forever|太慢|太久"),
    ("other", r"\bother\b|其他"),
)
_PAYMENT_WORDS = r"gift ?card|paypal|visa|mastercard|amex|american express|discover|credit card|card ending|礼品卡|信用卡"
_STREET = r"St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Way|Ct|Court|Pl|Place|Ter|Terrace|Pkwy|Parkway|Hwy|Highway"
_ADDRESS = re.compile(
    rf"(?<![\w-])(?P<line1>\d+\s+(?:[A-Za-z][\w.'-]*\s+){{0,4}}?(?:{_STREET})\b\.?"
    r"|P\.?\s*O\.?\s*Box\s+\d+)"
    r"(?:,?\s*(?P<line2>(?:Apt|Apartment|Suite|Unit|#)\s*[\w-]+))?"
    r",\s*(?P<city>[A-Za-z .'-]+?),\s*(?P<state>[A-Z]{2})\s+(?P<zip>\d{5}(?:-\d{4})?)"
    r"(?:,\s*(?P<country>[A-Za-z][A-Za-z .]*[A-Za-z])(?=\s*[.!?]?\s*$))?",
    re.IGNORECASE,
)
_CHANGE_WORDS = r"change|switch|use|pay (?:it )?with|instead|改用|换成|更换"
_RESEND = re.compile(
    r"\b(re-?send|send (?:it |me )?(?:again|another|a new)|new code|another code|"
    r"(?:didn'?t|did not|haven'?t|have not|never) (?:get|got|receive[d]?)|no code)\b"
    r"|重新发送|再发|没收到|没有收到",
    re.IGNORECASE,
)
"""Asking for another one-time code."""
PAYMENT_INTENTS = frozenset({"change_order", "payment_issue", "check_payment_methods"})


class ActionStage:
    def __init__(self, runner: ActionRunner, services: Services) -> None:
        self._runner = runner
        self._services = services

    def warm_up(self) -> None:
        """Nothing to load."""

    def run(
        self,
        understanding: Understanding,
        identity: IdentityResult,
        facts: FactsResult,
        state: DialogueState,
        *,
        text: str,
        conversation_id: str,
        channel: str,
        turn_index: int,
        answer_to: str | None = None,
    ) -> ActResult | None:
        """`answer_to` is the proposal a button (or an API client) answers; None for typed text."""
        intent = understanding.intent
        metadata = {"channel": channel}
        if intent in HANDOFF_INTENTS:
            return self._call(
                "action_handoff_to_human",
                state,
                intent,
                text,
                conversation_id,
                metadata,
                turn_index,
                {},
            )
        pending = state.pending_change
        if answer_to is not None and (pending is None or pending.get("id") != answer_to):
            # A button of an older proposal: it answers nothing now, and writes nothing.
            return _expired(pending)
        if not isinstance(identity, Verified):
            return None
        customer_id = identity.customer.id
        answer = read_answer(text) if pending else "other"
        code = None
        if pending and state.code_for == pending.get("id"):  # the yes is given; a code is awaited
            code = typed_code(text)
            if code or _RESEND.search(text):
                answer = "yes"  # the code (or a new one, sent) completes that yes
        name = self._action_for(understanding, text, state)
        replaced = answer == "other" and name is not None
        if pending and not replaced:  # (a new change request replaces it: proposed below)
            action = KIND_ACTIONS[str(pending["kind"])]
            if answer == "unclear":  # "yes?", "ok I guess": ask again, keep it waiting
                return ActResult(
                    action="",
                    reply=ConfirmChangeReply(pending, again="unclear"),
                    slots={"pending_change": pending},
                )
            # Only a plain yes applies the change; a no, or anything else, drops it.
            answer_slots = {
                "customer_id": customer_id,
                "order_id": pending["order_id"],
                "pending_change": pending,
                "confirmed": answer == "yes",
                "identity_level": "login" if identity.via == "login" else state.identity_level,
                "one_time_code": code,
            }
            return self._call(
                action, state, intent, text, conversation_id, metadata, turn_index, answer_slots
            )
        if name is None:
            return None
        order = facts.order if isinstance(facts, OrderFacts) else None
        order_id = (
            order.id
            if order
            else (
                understanding.entities.order_ids[0]
                if understanding.entities.order_ids
                else state.pending_action_order_id or state.last_order_id
            )
        )
        if order is None and order_id:  # a follow-up that names no order: the one asked about
            order = self._services.orders.get_for_customer(order_id, customer_id)
        slots: dict[str, Any] = {"customer_id": customer_id, "order_id": order_id}
        slots.update(self._details(understanding, text, customer_id, order))
        return self._call(name, state, intent, text, conversation_id, metadata, turn_index, slots)

    def _action_for(
        self, understanding: Understanding, text: str, state: DialogueState
    ) -> str | None:
        intent = understanding.intent
        if (
            intent in PAYMENT_INTENTS
            and re.search(_PAYMENT_WORDS, text, re.IGNORECASE)
            and re.search(_CHANGE_WORDS, text, re.IGNORECASE)
        ):
            return "action_change_payment_method"
        if intent in INTENT_ACTIONS and not understanding.is_uncertain:
            return INTENT_ACTIONS[intent]
        if intent == "get_refund" and re.search(r"\breturn|退货|退回", text, re.IGNORECASE):
            return "action_return_items"  # "return it and refund me": a return, not a question
        other_request = intent in HANDOFF_INTENTS or (
            intent in INTENT_ACTIONS and INTENT_ACTIONS[intent] != state.pending_action
        )
        if (
            state.pending_action
            and intent != "goodbye"
            and read_answer(text) != "no"
            and not other_request
        ):
            # The detail the last Action asked for. "I don't need it anymore" after "why
            # cancel?" answers it, though it reads like a no or an unsure guess of the same
            # request; only a plain "no" (or another request) leaves it.
            return state.pending_action
        return None

    def _details(
        self, understanding: Understanding, text: str, customer_id: str, order: Order | None
    ) -> dict[str, Any]:
        slots: dict[str, Any] = {}
        lowered = text.lower()
        for reason, pattern in _REASONS:
            if re.search(pattern, lowered):
                slots["cancel_reason"] = reason
                break
        if (match := _ADDRESS.search(text)) is not None:
            slots["address"] = {k: (v.strip() if v else None) for k, v in match.groupdict().items()}
            slots["address"]["country"] = slots["address"]["country"] or "USA"
        if (method := self._payment_method(lowered, customer_id)) is not None:
            slots["payment_method_id"] = method
        if order is not None:
            skus, new = self._items(understanding, text, order)
            if skus:
                slots["item_skus"] = skus
            if new:
                slots["new_skus"] = new
        return slots

    def _payment_method(self, lowered: str, customer_id: str) -> str | None:
        methods = self._services.actions.payment_methods(customer_id)
        last_four = re.search(r"\b(\d{4})\b", lowered)
        for m in methods:
            if m.kind == "gift_card" and re.search(r"gift ?card|礼品卡", lowered):
                return m.id
            if m.kind == "paypal" and "paypal" in lowered:
                return m.id
            if m.kind == "credit_card" and last_four and m.label.endswith(last_four.group(1)):
                return m.id
        cards = [m for m in methods if m.kind == "credit_card"]
        if len(cards) == 1 and re.search(r"credit card|visa|mastercard|amex|信用卡", lowered):
            return cards[0].id
        return None

    def _items(
        self, understanding: Understanding, text: str, order: Order
    ) -> tuple[list[str], list[str]]:
        """The order's items the message names (all of them if the order has one), and for an
        exchange the variants of the same products with the options it names."""
        named = {p.id for p in understanding.entities.products}
        words = set(re.findall(r"[a-z]{4,}", text.lower()))
        items = (
            [i for i in order.items if i.product_id in named]
            or [i for i in order.items if words & set(re.findall(r"[a-z]{4,}", i.name.lower()))]
            or (list(order.items) if len(order.items) == 1 else [])
        )
        wanted = dict(understanding.entities.options)
        new: list[str] = []
        if wanted:
            for item in items:
                variants = self._services.actions.variants(item.product_id or "")
                match = next(
                    (
                        v.sku
                        for v in variants
                        if v.sku != item.sku
                        and all(v.options.get(k) == val for k, val in wanted.items())
                    ),
                    None,
                )
                if match:
                    new.append(match)
        return [i.sku for i in items], new if len(new) == len(items) else []

    def _call(
        self,
        name: str,
        state: DialogueState,
        intent: str,
        text: str,
        conversation_id: str,
        metadata: dict[str, Any],
        turn_index: int,
        slots: dict[str, Any],
    ) -> ActResult:
        result = self._runner.run(
            name,
            conversation_id=conversation_id,
            slots={"customer_id": state.customer_id, "order_id": state.last_order_id, **slots},
            intent=intent,
            text=text,
            metadata=metadata,
            user_turns=turn_index + 1,
        )
        reply = reply_from_json(result.reply) if result.reply else None
        return ActResult(action=name, reply=reply, slots=result.slots)


def _expired(pending: dict[str, Any] | None) -> ActResult:
    """The reply to a stale button: nothing is written; what is pending now is shown again."""
    if pending is None:
        return ActResult(action="", reply=ProposalExpiredReply())
    return ActResult(
        action="",
        reply=ConfirmChangeReply(pending, again="expired"),
        slots={"pending_change": pending},
    )
