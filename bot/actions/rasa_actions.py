"""The assistant's business actions as rasa_sdk Actions, so a shop that runs Rasa can call them.

The same classes run in-process for the orchestrator (`bot.actions.runner`) and in the rasa-sdk
action server (`python -m rasa_sdk --actions bot.channels.action_server`). Each reads its inputs
from slots, works through the store layer, and answers with one message: a `response` name (for a Rasa domain's
responses) and a `json_message` holding the reply kind and its facts (which the orchestrator's
writer turns into words). Nothing here trusts a slot the customer could set to reach another
customer's data: every read and write is scoped to the verified `customer_id`.

Changes take two calls: the first proposes (policy checked, exactly what will change listed, the
proposal kept in the `pending_change` slot, Yes/No buttons); the second, once `confirmed` is set
from the customer's explicit yes, applies it once. Anything but a yes cancels. A shop that wants more
than identity details before a change (`ShopPolicy.level_for_changes`) gets it here too: after the
yes, a one-time code is mailed and the change waits for it in the `one_time_code` slot, or a
customer who is not signed in is asked to sign in.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import domain as d
from bot.actions.codes import CodeNotSent, CodeSent
from bot.actions.orders import Proposal, as_json
from bot.actions.services import Services
from bot.domain import meets
from bot.store.changes import (
    Actor,
    Applied,
    Cancel,
    ChangeAddress,
    ChangeDefaultAddress,
    ChangePayment,
    ExchangeItems,
    ModifyItems,
    NotFound,
    OrderChange,
    ReturnItems,
)


def confirm_buttons(proposal_id: str) -> list[dict[str, str]]:
    """Yes/No buttons that carry the proposal they answer (Rasa sets the `proposal_id` slot)."""
    entity = json.dumps({"proposal_id": proposal_id})
    return [
        {"title": "Yes", "payload": f"/affirm{entity}"},
        {"title": "No", "payload": f"/deny{entity}"},
    ]


def say(dispatcher: CollectingDispatcher, kind: str, **facts: Any) -> None:
    """One reply: its kind names the Rasa response and our template; facts fill either."""
    proposal = facts.get("proposal") if kind == "confirm_change" else None
    buttons = confirm_buttons(str(proposal["id"])) if proposal else None
    dispatcher.utter_message(
        response=f"utter_{kind}", json_message={"kind": kind, **as_json(facts)}, buttons=buttons
    )


_served: Callable[[], Services] | None = None
"""Where Actions created with no arguments get their services (`serve_with`)."""


def serve_with(services: Callable[[], Services]) -> None:
    """Give the Actions that rasa-sdk's action server creates, with no arguments, their services.
    Pass a module-level function: the server pickles its Actions into its worker processes."""
    global _served
    _served = services


class UsesServices:
    """The repositories an Action works with: given (in-process, one set per assistant), or the
    action server's (`serve_with`, called before the server creates its Actions)."""

    def __init__(self, given: Services | None = None) -> None:
        self._given = given
        self._served = _served

    def services(self) -> Services:
        if self._given is not None:
            return self._given
        if self._served is None:
            raise RuntimeError("Actions created without services: serve bot.channels.action_server")
        return self._served()


class ShopAction(UsesServices, Action, ABC):
    """Base: the verified customer (or a request to verify first). Abstract, so the action server
    does not register it."""

    def customer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> str | None:
        customer_id = tracker.get_slot("customer_id")
        if not customer_id:
            say(dispatcher, "ask_identity")
            return None
        return str(customer_id)

    def order_id(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> str | None:
        order_id = tracker.get_slot("order_id")
        if not order_id:
            candidates = tracker.get_slot("order_candidates")
            customer_id = tracker.get_slot("customer_id")
            if candidates and customer_id:  # several orders hold what was named: which one?
                orders = [
                    o
                    for o in self.services().orders.list_for_customer(str(customer_id), limit=50)
                    if o.id in candidates
                ]
                say(dispatcher, "order_choice", orders=orders)
            else:
                say(dispatcher, "ask_order_id")
            return None
        return str(order_id).upper() if str(order_id).upper().startswith("ORD-") else str(order_id)

    @abstractmethod
    def name(self) -> str: ...


class ActionVerifyIdentity(ShopAction):
    """By the signed-in account, by email, or by name plus zip. One customer per conversation."""

    def name(self) -> str:
        return "action_verify_identity"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        found = _identify(self.services(), tracker)
        known = tracker.get_slot("customer_id")
        if found is None:
            say(dispatcher, "ask_identity", attempted=any(_identity_details(tracker)))
            return []
        if known and known != found.id:
            say(dispatcher, "wrong_customer")
            return []
        say(dispatcher, "verified", first_name=found.first_name)
        return [SlotSet("customer_id", found.id)]


class ValidateVerifyIdentityForm(UsesServices, FormValidationAction):
    """Fills `customer_id` as soon as the details given so far match one account."""

    def name(self) -> str:
        return "validate_verify_identity_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot("customer_id"):
            return []
        if tracker.get_slot("email"):
            return ["email"]
        return ["first_name", "last_name", "zip"]

    def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        customer = self.services().customers.by_email(str(value or ""))
        if customer is None:
            say(dispatcher, "ask_identity", attempted=True)
            return {"email": None}
        return {"email": customer.email, "customer_id": customer.id}

    def validate_zip(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        first, last = tracker.get_slot("first_name"), tracker.get_slot("last_name")
        if not (first and last and value):
            return {"zip": value}
        customer = self.services().customers.by_name_and_zip(str(first), str(last), str(value))
        if customer is None:
            say(dispatcher, "ask_identity", attempted=True)
            return {"zip": None}
        return {"zip": str(value), "customer_id": customer.id}


class OrderLookupAction(ShopAction):
    """Base: answer about one of the verified customer's orders."""

    @abstractmethod
    def answer(self, dispatcher: CollectingDispatcher, order: d.Order) -> None: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        customer_id = self.customer(dispatcher, tracker)
        order_id = customer_id and self.order_id(dispatcher, tracker)
        if not (customer_id and order_id):
            return []
        order = self.services().orders.get_for_customer(order_id, customer_id)
        if order is None:
            say(dispatcher, "order_not_found", order_id=order_id)
            return []
        self.answer(dispatcher, order)
        return [SlotSet("order_id", order.id)]


class ActionOrderStatus(OrderLookupAction):
    def name(self) -> str:
        return "action_order_status"

    def answer(self, dispatcher: CollectingDispatcher, order: d.Order) -> None:
        say(dispatcher, "order_status", order=order)


class ActionRefundStatus(OrderLookupAction):
    def name(self) -> str:
        return "action_refund_status"

    def answer(self, dispatcher: CollectingDispatcher, order: d.Order) -> None:
        say(dispatcher, "refund_status", order_id=order.id, refunds=order.refunds)


class ActionListOrders(ShopAction):
    def name(self) -> str:
        return "action_list_orders"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        customer_id = self.customer(dispatcher, tracker)
        if customer_id is None:
            return []
        orders = self.services().orders.list_for_customer(customer_id)
        say(dispatcher, "order_choice" if orders else "no_orders", orders=orders)
        return []


class ChangeAction(ShopAction):
    """Propose a change, then apply it once the customer has said yes."""

    kind: str = ""
    needs_order = True
    """False for a change to the customer's profile rather than to one of their orders."""

    @abstractmethod
    def change(self, tracker: Tracker, order_id: str, customer_id: str) -> OrderChange | str:
        """The change the slots ask for, or the name of the detail still missing."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        customer_id = self.customer(dispatcher, tracker)
        if customer_id is None:
            return []
        pending = tracker.get_slot("pending_change")
        confirmed = tracker.get_slot("confirmed")
        answered = tracker.get_slot("proposal_id")
        if answered and (not pending or answered != pending.get("id")):
            # A button of an older proposal: nothing is written; what is pending is asked again.
            if pending:
                say(dispatcher, "confirm_change", proposal=pending, again="expired")
            else:
                say(dispatcher, "proposal_expired")
            return [SlotSet("proposal_id", None), SlotSet("confirmed", None)]
        if pending and pending.get("kind") == self.kind and confirmed is not None:
            return self._answer(dispatcher, tracker, Proposal.from_json(pending), confirmed)
        order_id = self.order_id(dispatcher, tracker) if self.needs_order else ""
        if order_id is None:
            return []
        if order_id and self.services().orders.get_for_customer(order_id, customer_id) is None:
            # Before asking for any detail: someone else's order is simply not there.
            say(dispatcher, "order_not_found", order_id=order_id)
            return [SlotSet("pending_change", None), SlotSet("confirmed", None)]
        change = self.change(tracker, order_id, customer_id)
        if isinstance(change, str):
            missing, choices = change, []
            if change == "items" and tracker.get_slot("item_choices"):
                missing, choices = "which_item", list(tracker.get_slot("item_choices"))
            elif change == "items" and tracker.get_slot("variant_choices"):
                missing, choices = "variant", list(tracker.get_slot("variant_choices"))
            say(
                dispatcher,
                "ask_change_detail",
                change=self.kind,
                missing=missing,
                order_id=order_id,
                reasons=list(self.services().policy.cancel.reasons),
                choices=choices,
            )
            return [SlotSet("order_id", order_id or None)]
        proposed = self.services().actions.propose(change, customer_id)
        match proposed:
            case Proposal():
                say(dispatcher, "confirm_change", proposal=proposed.to_json())
                return [
                    SlotSet("order_id", order_id or None),
                    SlotSet("pending_change", proposed.to_json()),
                    SlotSet("confirmed", None),
                ]
            case d.Refusal(code=code, detail=detail):
                say(
                    dispatcher,
                    "change_refused",
                    change=self.kind,
                    code=code,
                    detail=detail,
                    order_id=order_id,
                )
            case NotFound():
                say(dispatcher, "order_not_found", order_id=order_id)
        return [SlotSet("pending_change", None), SlotSet("confirmed", None)]

    def _answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        proposal: Proposal,
        confirmed: bool,
    ) -> list[EventType]:
        clear: list[EventType] = [
            SlotSet("pending_change", None),
            SlotSet("confirmed", None),
            SlotSet("one_time_code", None),
        ]
        if not confirmed:
            say(dispatcher, "change_cancelled", change=self.kind, order_id=proposal.order_id)
            return clear
        required = self.services().policy.level_for_changes
        # The customer_id slot is set only for a verified customer: by details at least.
        if not meets(tracker.get_slot("identity_level") or "knowledge", required):
            if required == "login":
                say(dispatcher, "sign_in_needed", change=self.kind, order_id=proposal.order_id)
                return clear
            proven = self._prove_with_code(dispatcher, tracker, proposal)
            if proven is not None:
                return proven
            clear.append(SlotSet("identity_level", "code"))
        actor = Actor(
            customer_id=str(tracker.get_slot("customer_id")),
            conversation_id=tracker.sender_id,
            turn_index=_turn_index(tracker),
            via=str((tracker.latest_message or {}).get("metadata", {}).get("channel", "rasa")),
        )
        outcome = self.services().actions.confirm(proposal, actor)
        match outcome:
            case Applied(after=after, already=already):
                say(
                    dispatcher,
                    "change_applied",
                    change=self.kind,
                    order_id=proposal.order_id,
                    summary=as_json(proposal.summary),
                    after=after,
                    already=already,
                )
            case d.Refusal(code=code, detail=detail):
                say(
                    dispatcher,
                    "change_refused",
                    change=self.kind,
                    code=code,
                    detail=detail,
                    order_id=proposal.order_id,
                )
            case NotFound():
                say(dispatcher, "order_not_found", order_id=proposal.order_id)
        return clear

    def _prove_with_code(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, proposal: Proposal
    ) -> list[EventType] | None:
        """None once the customer typed the code mailed for this conversation; otherwise what to
        say and keep: a code sent (or sent again), a wrong code, or a person after too many."""
        services = self.services()
        customer_id = str(tracker.get_slot("customer_id"))
        waiting: list[EventType] = [
            SlotSet("pending_change", proposal.to_json()),
            SlotSet("confirmed", None),
            SlotSet("one_time_code", None),
        ]
        facts = {"change": self.kind, "order_id": proposal.order_id}
        code = tracker.get_slot("one_time_code")
        again = None
        if code:
            match services.codes.check(customer_id, tracker.sender_id, str(code)):
                case "right":
                    return None
                case "wrong":
                    say(dispatcher, "code_wrong", **facts)
                    return waiting
                case "locked":
                    say(dispatcher, "code_locked", **facts)
                    return [SlotSet("pending_change", None), SlotSet("confirmed", None)]
                case "expired":
                    again = "expired"
        customer = services.customers.get(customer_id)
        sent = services.codes.send(customer, tracker.sender_id) if customer else None
        match sent:
            case CodeSent(masked_email=email):
                say(dispatcher, "ask_code", email=email, again=again, **facts)
                return waiting
            case CodeNotSent(reason=reason):
                say(dispatcher, "code_not_sent", reason=reason, **facts)
            case None:
                say(dispatcher, "ask_identity")
        return [SlotSet("pending_change", None), SlotSet("confirmed", None)]


class ActionCancelOrder(ChangeAction):
    kind = "cancel"

    def name(self) -> str:
        return "action_cancel_order"

    def change(self, tracker: Tracker, order_id: str, customer_id: str) -> OrderChange | str:
        reason = tracker.get_slot("cancel_reason")
        if not reason:
            return "reason"
        return Cancel(order_id, str(reason).strip().lower())


class ActionChangeShippingAddress(ChangeAction):
    kind = "change_address"

    def name(self) -> str:
        return "action_change_shipping_address"

    def change(self, tracker: Tracker, order_id: str, customer_id: str) -> OrderChange | str:
        address = _address(tracker)
        return "address" if address is None else ChangeAddress(order_id, address)


class ActionChangePaymentMethod(ChangeAction):
    kind = "change_payment"

    def name(self) -> str:
        return "action_change_payment_method"

    def change(self, tracker: Tracker, order_id: str, customer_id: str) -> OrderChange | str:
        method = tracker.get_slot("payment_method_id")
        return ChangePayment(order_id, str(method)) if method else "payment_method"


class ActionReturnItems(ChangeAction):
    kind = "return"

    def name(self) -> str:
        return "action_return_items"

    def change(self, tracker: Tracker, order_id: str, customer_id: str) -> OrderChange | str:
        skus = tracker.get_slot("item_skus")
        if not skus:
            return "items"
        refund_to = tracker.get_slot("payment_method_id") or _paid_with(
            self.services(), order_id, customer_id
        )
        if not refund_to:
            return "payment_method"
        return ReturnItems(order_id, tuple(str(s) for s in skus), str(refund_to))


class ItemSwapAction(ChangeAction, ABC):
    """Base: swap ordered items for other variants of the same products, the price difference
    settled with the named method (or the one the order was paid with)."""

    swap: type[ExchangeItems] | type[ModifyItems]

    def change(self, tracker: Tracker, order_id: str, customer_id: str) -> OrderChange | str:
        swaps = _swaps(tracker)
        if swaps is None:
            return "items"
        method = tracker.get_slot("payment_method_id") or _paid_with(
            self.services(), order_id, customer_id
        )
        if not method:
            return "payment_method"
        return self.swap(order_id, swaps, str(method))


class ActionExchangeItems(ItemSwapAction):
    kind = "exchange"
    swap = ExchangeItems

    def name(self) -> str:
        return "action_exchange_items"


class ActionModifyItems(ItemSwapAction):
    """Swap items of an order that has not shipped for other variants of the same products."""

    kind = "modify_items"
    swap = ModifyItems

    def name(self) -> str:
        return "action_modify_items"


class ActionChangeDefaultAddress(ChangeAction):
    """The customer's own default address (their profile), not an order's."""

    kind = "change_default_address"
    needs_order = False

    def name(self) -> str:
        return "action_change_default_address"

    def change(self, tracker: Tracker, order_id: str, customer_id: str) -> OrderChange | str:
        address = _address(tracker)
        return "address" if address is None else ChangeDefaultAddress(customer_id, address)


class ActionHandoffToHuman(ShopAction):
    """Put the conversation in the operators' queue with a summary they can read at a glance."""

    def name(self) -> str:
        return "action_handoff_to_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        said = [
            str(e.get("text")) for e in tracker.events if e.get("event") == "user" and e.get("text")
        ]
        summary = {
            "customer_id": tracker.get_slot("customer_id"),
            "order_id": tracker.get_slot("order_id"),
            "intent": (tracker.latest_message or {}).get("intent", {}).get("name"),
            "last_messages": said[-3:],
        }
        channel = str(((tracker.latest_message or {}).get("metadata") or {}).get("channel", "rasa"))
        self.services().conversations.request_handoff(tracker.sender_id, summary, channel=channel)
        say(dispatcher, "handoff", reason="asked")
        return []


def _identify(services: Services, tracker: Tracker) -> d.Customer | None:
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    signed_in = metadata.get("signed_in_customer")
    if signed_in:  # set by our channel after Chainlit's login, never by the message text
        return services.customers.get(str(signed_in))
    email, first, last, zip_code = _identity_details(tracker)
    if email:
        return services.customers.by_email(email)
    if first and last and zip_code:
        return services.customers.by_name_and_zip(first, last, zip_code)
    return None


def _identity_details(tracker: Tracker) -> tuple[str, str, str, str]:
    """email, first name, last name, zip: "" where not given."""
    email, first, last, zip_code = (
        str(tracker.get_slot(s) or "") for s in ("email", "first_name", "last_name", "zip")
    )
    return email, first, last, zip_code


def _swaps(tracker: Tracker) -> tuple[tuple[str, str], ...] | None:
    """(ordered SKU, new SKU) pairs from the `item_skus` and `new_skus` slots; None if either
    is missing or they do not pair up."""
    skus, new = tracker.get_slot("item_skus"), tracker.get_slot("new_skus")
    if not skus or not new or len(skus) != len(new):
        return None
    return tuple((str(a), str(b)) for a, b in zip(skus, new, strict=True))


def _address(tracker: Tracker) -> d.ShippingAddress | None:
    raw = tracker.get_slot("address")
    if not isinstance(raw, dict) or not all(raw.get(k) for k in ("line1", "city", "zip")):
        return None
    return d.ShippingAddress(
        line1=str(raw["line1"]),
        line2=raw.get("line2"),
        city=str(raw["city"]),
        state=raw.get("state"),
        zip=str(raw["zip"]),
        country=str(raw.get("country") or "USA"),
    )


def _paid_with(services: Services, order_id: str, customer_id: str) -> str | None:
    order = services.orders.get_for_customer(order_id, customer_id)
    return order.payment_method_id if order else None


def _turn_index(tracker: Tracker) -> int:
    return sum(1 for e in tracker.events if e.get("event") == "user")
