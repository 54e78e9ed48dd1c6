"""The orchestrator's action stage: a verified customer's request becomes an Action call.

It decides which Action a turn needs (a change intent, an answer to a pending confirmation, a
detail the last Action asked for, a handoff), fills the Action's slots from the message, the dialogue
state and the order facts, and runs it in-process. Only the verified customer's id goes into the
`customer_id` slot: nothing in a message can point an Action at another account.

The slots come from the customer's words read against their own data (`bot.matching`): the order
that holds the items named, the items, the variant by its options, the payment method. A request
over items in several orders is proposed one order at a time (`DialogueState.queued_request`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.actions.codes import typed_code
from bot.actions.orders import variant_label
from bot.actions.runner import ActionRunner
from bot.actions.services import Services
from bot.domain import Order
from bot.intents import HANDOFF_INTENTS
from bot.language import read_answer
from bot.matching import (
    chosen_variant,
    item_mentions,
    named_items,
    named_method,
    one_per_order,
    orders_with_items,
    same_name_lines,
)
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
    "change_order": "action_modify_items",
}
KIND_ACTIONS: dict[str, str] = {
    "cancel": "action_cancel_order",
    "change_address": "action_change_shipping_address",
    "change_payment": "action_change_payment_method",
    "return": "action_return_items",
    "exchange": "action_exchange_items",
    "modify_items": "action_modify_items",
    "change_default_address": "action_change_default_address",
}
ITEM_SWAPS = frozenset({"action_exchange_items", "action_modify_items"})
"""Swapping items for other variants: which of the two depends on the order's status."""
ACTION_KINDS = {action: kind for kind, action in KIND_ACTIONS.items()}
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
_STREET = (
    r"St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Way|Ct|Court|Pl|Place|Ter|Terrace"
    r"|Pkwy|Parkway|Hwy|Highway|Broadway|Cir|Circle|Sq|Square|Trl|Trail|Loop|Row|Plaza|Pike|Alley"
)
_ADDRESS = re.compile(
    rf"(?<![\w-])(?P<line1>\d+\s+(?:[A-Za-z][\w.'-]*\s+){{0,4}}?(?:{_STREET})\b\.?"
    r"|P\.?\s*O\.?\s*Box\s+\d+)"
    r"(?:,?\s*(?P<line2>(?:Apt|Apartment|Suite|Unit|#)\s*[\w-]+))?"
    r",\s*(?P<city>[A-Za-z .'-]+?),?\s+(?P<state>[A-Z]{2}),?\s+(?P<zip>\d{5}(?:-\d{4})?)"
    r"(?:,\s*(?P<country>[A-Za-z][A-Za-z .]*[A-Za-z])(?=\s*[.!?]?\s*$))?",
    re.IGNORECASE,
)
_ADDRESS_INTENTS = frozenset(
    {"change_shipping_address", "set_up_shipping_address", "edit_account", "change_order"}
)
_DEFAULT_ADDRESS = re.compile(
    r"\bdefault (?:shipping )?address|\baddress (?:on|in|of|for) my (?:account|profile)"
    r"|\bmy (?:account|profile)(?:'s)? address|\b(?:account|profile|user) address|默认地址",
    re.IGNORECASE,
)
_LISTS_ORDERS = re.compile(
    r"^\W*(?:(?:show|list|see|check)(?: me)?(?: all)?(?: of)? )?(?:all )?(?:my|the) orders\W*$"
    r"|\b(?:show|list|see)(?: me)? (?:all )?(?:of )?my orders\b|我的订单|所有订单|订单列表",
    re.IGNORECASE,
)
_PAYING = re.compile(
    r"\b(?:pay|paid|payment|charge)\b[^.?!]{0,40}\b(?:with|using|by|to)\b|改用.{0,10}(?:付款|支付)"
    r"|(?:付款|支付)方式.{0,6}(?:改|换)",
    re.IGNORECASE,
)
_SWAPS_ITEMS = re.compile(
    r"\bthe one with\b|\b(?:one|version|model) instead\b|\bdifference\b"
    r"|\b(?:exchange|swap|return|refund|prefer|rather)\b|退货|换货|退款|差价",
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
        if pending and answer == "other" and _LISTS_ORDERS.search(text):
            # "my orders" while a change waits for a yes: the list, and the change still waits.
            listed = self._call(
                "action_list_orders", state, intent, text, conversation_id, metadata, turn_index, {}
            )
            return ActResult(
                action="",
                reply=ConfirmChangeReply(pending, again="waiting"),
                slots={"pending_change": pending},
                done_first=listed.reply,
            )
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
            answered = self._call(
                action, state, intent, text, conversation_id, metadata, turn_index, answer_slots
            )
            queued = state.queued_request
            if queued and answered.kind in ("change_applied", "change_refused"):
                # One request over several orders: on to the next order's proposal.
                after = self._next_order(
                    queued,
                    state,
                    customer_id,
                    (intent, text, conversation_id, metadata, turn_index),
                )
                return replace(after, done_first=answered.reply)
            if queued and answered.kind == "change_cancelled":
                return replace(answered, slots={**answered.slots, "queued_request": None})
            return answered
        said = text
        if (
            state.request_text
            and read_answer(text) != "no"  # "never mind": the request is dropped
            and (state.pending_action is None or name in (None, state.pending_action))
        ):
            # The request said before identity, or before a detail was asked, still counts: it
            # decides the Action ("pay for #W1 with my gift card", then the email) and its slots.
            said = f"{state.request_text}\n{text}"
            name = self._action_for(understanding, said, state) or name
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
        slots: dict[str, Any] = {"customer_id": customer_id}
        queued = None
        if order_id is not None and not _says_order(said, order_id):
            # An order from earlier in the conversation; if the items named are in other orders
            # ("now return the desk lamp" after cancelling another order), it is not that one.
            holding = self._orders_holding(said, customer_id, name)
            if holding and order_id not in holding:
                order, order_id = None, None
        if name == "action_change_default_address":
            order_id = None
        elif order_id is None:  # "return the water bottle": the order that holds it
            found = self._orders_holding(said, customer_id, name)
            orders = [self._services.orders.get_for_customer(o, customer_id) for o in found]
            if len(found) == 1:
                order_id = found[0]
            elif one_per_order(said, [o for o in orders if o is not None]):
                # "the water bottle and the desk lamp", each in its own order: one proposal each
                order_id = found[0]
                queued = {"action": name, "text": said, "order_ids": found[1:]}
            elif found:
                slots["order_candidates"] = found
        if order is None and order_id:  # a follow-up that names no order: the one asked about
            order = self._services.orders.get_for_customer(order_id, customer_id)
        slots["order_id"] = order_id
        slots.update(self._details(said, customer_id, order))
        result = self._call(
            self._for_order(name, order),
            state,
            intent,
            text,
            conversation_id,
            metadata,
            turn_index,
            slots,
        )
        if queued is not None:
            result = replace(result, slots={**result.slots, "queued_request": queued})
        return result

    def _for_order(self, name: str, order: Order | None) -> str:
        """Swapping items is an exchange once delivered, a change to the order before."""
        if order is None or name not in ITEM_SWAPS:
            return name
        rules = self._services.policy.modify
        modifiable = rules.items and order.status in rules.statuses
        return "action_modify_items" if modifiable else "action_exchange_items"

    def _next_order(
        self,
        queued: dict[str, Any],
        state: DialogueState,
        customer_id: str,
        turn: tuple[str, str, str, dict[str, Any], int],
    ) -> ActResult:
        """The proposal for the next order of a request over several. `turn`: the intent, text,
        conversation, metadata and turn index of this turn."""
        intent, text, conversation_id, metadata, turn_index = turn
        order_id, *later = queued["order_ids"]
        order = self._services.orders.get_for_customer(order_id, customer_id)
        slots = {"customer_id": customer_id, "order_id": order_id}
        slots.update(self._details(queued["text"], customer_id, order))
        next_up = self._call(
            self._for_order(queued["action"], order),
            replace(state, pending_change=None),
            intent,
            text,
            conversation_id,
            metadata,
            turn_index,
            slots,
        )
        waits = next_up.kind in PROPOSAL_KINDS | ASKING_KINDS
        rest = {**queued, "order_ids": later} if later and waits else None
        return replace(next_up, slots={**next_up.slots, "queued_request": rest})

    def _orders_holding(self, said: str, customer_id: str, action: str) -> list[str]:
        """Ids of the customer's orders that hold an item the words name, in a status the
        action can change."""
        orders = self._services.orders.list_for_customer(customer_id, limit=50)
        kinds = ("exchange", "modify_items") if action in ITEM_SWAPS else (ACTION_KINDS[action],)
        statuses = frozenset().union(
            *(self._services.policy.statuses_for(kind) or () for kind in kinds)
        )
        return [o.id for o in orders_with_items(said, orders, statuses)]

    def _action_for(
        self, understanding: Understanding, text: str, state: DialogueState
    ) -> str | None:
        intent = understanding.intent
        if intent not in HANDOFF_INTENTS and _pays_differently(intent, text):
            return "action_change_payment_method"
        if intent in _ADDRESS_INTENTS and _DEFAULT_ADDRESS.search(text):
            return "action_change_default_address"
        if intent in INTENT_ACTIONS and not understanding.is_uncertain:
            if intent == "change_order" and not self._services.policy.modify.items:
                return None  # a shop that changes no items: said so, and a person offered
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

    def _details(self, said: str, customer_id: str, order: Order | None) -> dict[str, Any]:
        slots: dict[str, Any] = {}
        lowered = said.lower()
        for reason, pattern in _REASONS:
            if re.search(pattern, lowered):
                slots["cancel_reason"] = reason
                break
        if (match := _ADDRESS.search(said)) is not None:
            slots["address"] = {k: (v.strip() if v else None) for k, v in match.groupdict().items()}
            slots["address"]["country"] = slots["address"]["country"] or "USA"
        method = named_method(
            said,
            self._services.actions.payment_methods(customer_id),
            paid_with=order.payment_method_id if order else None,
        )
        if method is not None:
            slots["payment_method_id"] = method.id
        if order is not None:
            items = named_items(said, order.items) or (
                list(order.items) if len(order.items) == 1 else []
            )
            unclear = same_name_lines(said, items)
            if unclear:  # "the earbuds", and the order holds two different pairs: which?
                slots["item_choices"] = [f"{i.name}: {variant_label(i.options)}" for i in unclear]
                return slots
            if items:
                slots["item_skus"] = [i.sku for i in items]
            about = item_mentions(said, items)
            choices = [
                chosen_variant(about[i.sku], i, self._services.actions.variants(i.product_id or ""))
                for i in items
            ]
            new = [c.variant.sku for c in choices if c.variant is not None]
            if new and len(new) == len(items):
                slots["new_skus"] = new
            open_choices = [c for c in choices if c.variant is None and c.wanted]
            if open_choices:  # "in silver": which of the silver ones?
                slots["variant_choices"] = [
                    f"{item.name}: {variant_label(v.options)}"
                    for item, c in zip(items, choices, strict=True)
                    if c in open_choices
                    for v in c.in_stock
                ]
        return slots

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


def _says_order(said: str, order_id: str) -> bool:
    """Whether the customer's words give this order's id ("#W2611340", "ORD-10042", "10042")."""
    return order_id.rsplit("-", 1)[-1].lstrip("#").lower() in said.lower()


def _pays_differently(intent: str, text: str) -> bool:
    """ "Pay for #W12 with my gift card instead": a payment change, whatever the classifier says,
    but not "exchange the lamp, and use my gift card for the difference"."""
    if not re.search(_PAYMENT_WORDS, text, re.IGNORECASE) or _SWAPS_ITEMS.search(text):
        return False
    if _PAYING.search(text):
        return True
    return intent in PAYMENT_INTENTS and bool(re.search(_CHANGE_WORDS, text, re.IGNORECASE))


def _expired(pending: dict[str, Any] | None) -> ActResult:
    """The reply to a stale button: nothing is written; what is pending now is shown again."""
    if pending is None:
        return ActResult(action="", reply=ProposalExpiredReply())
    return ActResult(
        action="",
        reply=ConfirmChangeReply(pending, again="expired"),
        slots={"pending_change": pending},
    )
