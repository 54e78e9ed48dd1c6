"""A scripted customer for a tau-bench retail task: it says what the task's customer knows, in
words, answers the assistant's questions, and says yes only to the proposal it came for.

It knows its identity (from the task's instruction), and for each expected action the items,
variants, reasons, addresses and payment methods in the words a person uses ("the water bottle",
"the one in black", "my mastercard ending in 2478"). It names an order id only where the
instruction gives one; otherwise it names the order by its items. It reads the assistant's replies
as a person does: by their words, and by the Yes/No choices a proposal comes with.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from bot.store import models as m

IDENTITY_ASKED = re.compile(r"\bemail\b|zip code|verify who you are|first and last name", re.I)
ONE_OF_SEVERAL = re.compile(r"has more than one|which of (?:them|these)", re.I)
ORDER_ASKED = re.compile(r"which order|order number|several orders|which one do you mean", re.I)
REASON_ASKED = re.compile(r"\bwhy\b|reason", re.I)
ITEMS_ASKED = re.compile(r"which item|which product|name the product|which variant", re.I)
METHOD_ASKED = re.compile(r"payment method|refund(ed)? to|which card|pay (for it )?with", re.I)
ADDRESS_ASKED = re.compile(r"\baddress\b", re.I)
LISTED_ORDER = re.compile(r"^\s*-\s*(#?[\w-]+):\s*(.+)$", re.M)
MAX_RESTATEMENTS = 3
"""Times a request is said again before the customer gives it up."""


@dataclass(frozen=True)
class Item:
    name: str
    options: dict[str, str]


@dataclass
class Request:
    """One thing the customer wants done: one expected tau action, in words."""

    action: str
    order_id: str | None
    """The order the action is on (None for the customer's default address)."""
    order_named: bool
    """Whether the instruction gives the order id, so the customer may say it."""
    items: list[Item] = field(default_factory=list)
    """The items the action is about (a return's, an exchange's)."""
    order_items: list[Item] = field(default_factory=list)
    """All the order's items: how the customer names the order when they have no id."""
    new_options: list[dict[str, str]] = field(default_factory=list)
    """For an exchange or item change: the options each item changes to (the others stay)."""
    reason: str = ""
    method: str = ""
    """The payment method in words."""
    method_key: str = ""
    """How a proposal names that method: its last four digits, "gift card" or "paypal"."""
    address: str = ""
    restated: int = 0


@dataclass
class ChatReply:
    """What a web client gets back for one turn (the fields the customer reads)."""

    text: str
    choices: list[dict[str, Any]]


class ScriptedCustomer:
    def __init__(self, identity: str, requests: list[Request], *, seed: int) -> None:
        self.identity = identity
        self.requests = requests
        self.current = 0
        """Index of the request being worked on; len(requests) when all are said."""
        self.identified = False
        self.said_yes_to: list[int] = []
        """Requests the customer confirmed a proposal for."""
        self._rng = random.Random(seed)
        self._awaiting_outcome = False
        self._last_reply = ""

    @property
    def done(self) -> bool:
        return self.current >= len(self.requests)

    def opening(self) -> str:
        return self._say_request(full=self._rng.random() < 0.6)

    def answer(self, reply: ChatReply) -> str | None:
        """The customer's next message, or None when nothing is left to say."""
        text = reply.text
        if self._awaiting_outcome and not reply.choices:
            # The yes was taken (applied or refused, the state will tell): on to the next request.
            self._awaiting_outcome = False
            self.current += 1
            return None if self.done else self._say_request(full=True)
        if IDENTITY_ASKED.search(text) and not reply.choices:
            self.identified = True
            return self.identity
        if self.done:
            return None
        request = self.requests[self.current]
        repeated, self._last_reply = text == self._last_reply, text
        if repeated:  # asked the same again: the answer did not help, so say it all again
            return self._restate(request)
        if reply.choices:
            if self._proposal_matches(text, request):
                self._awaiting_outcome = True
                self.said_yes_to.append(self.current)
                return self._rng.choice(("yes", "Yes, please.", "yes, go ahead"))
            return "No, that's not what I asked. " + self._restate(request)
        if ONE_OF_SEVERAL.search(text) and request.items:
            return join_words([item_words(i, with_options=True) for i in request.items]) + "."
        if ORDER_ASKED.search(text):
            listed = self._pick_listed_order(text, request)
            if listed is not None:
                return f"It's {listed}."
            return "It's " + order_words(request) + "."
        if REASON_ASKED.search(text) and request.reason:
            return reason_words(request.reason, self._rng)
        if ITEMS_ASKED.search(text) and request.items:
            return items_words(request) + "."
        if METHOD_ASKED.search(text) and request.method:
            return f"Please use my {request.method}."
        if ADDRESS_ASKED.search(text) and request.address:
            return f"The new address is {request.address}."
        return self._restate(request)

    def _restate(self, request: Request) -> str:
        request.restated += 1
        if request.restated > MAX_RESTATEMENTS:  # give this one up, as a person would
            self.current += 1
            if self.done:
                return "Never mind, thanks."
            return "Never mind that. " + self._say_request(full=True)
        return self._say_request(full=True)

    def _say_request(self, *, full: bool) -> str:
        request = self.requests[self.current]
        return request_words(request, full=full, rng=self._rng)

    def _proposal_matches(self, text: str, request: Request) -> bool:
        lowered = text.lower()
        if request.order_id and request.order_id.lower() not in lowered:
            return False
        if request.method_key and request.method_key not in lowered:
            return False
        return all(item.name.lower() in lowered for item in request.items)

    def _pick_listed_order(self, text: str, request: Request) -> str | None:
        """From a list of orders the assistant shows, the one holding all the request's items,
        if exactly one does (as a person reading the list would pick it)."""
        if request.order_named and request.order_id:
            return request.order_id
        names = {i.name.lower() for i in request.items or request.order_items}
        fits = [
            order_id
            for order_id, line in LISTED_ORDER.findall(text)
            if names and all(n in line.lower() for n in names)
        ]
        return fits[0] if len(fits) == 1 else None


# --- words ---------------------------------------------------------------------------------------


def item_words(item: Item, *, with_options: bool = False) -> str:
    if with_options and item.options:
        return f"the {item.name.lower()} ({', '.join(item.options.values())})"
    return f"the {item.name.lower()}"


def items_words(request: Request) -> str:
    in_order = [i.name for i in request.order_items or request.items]
    # Two of the same product in the order: say which by its options.
    words = [item_words(i, with_options=in_order.count(i.name) > 1) for i in request.items]
    if request.new_options:
        words = [
            f"{w} for the one with {options_words(new)}"
            for w, new in zip(words, request.new_options, strict=True)
        ]
    return join_words(words)


def options_words(options: dict[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in options.items()) or "the same options"


def join_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def order_words(request: Request) -> str:
    if request.order_named and request.order_id:
        return f"order {request.order_id}"
    named = request.items or request.order_items
    if not named:
        return "my order"
    return "my order with " + join_words([item_words(i) for i in named[:2]])


def reason_words(reason: str, rng: random.Random) -> str:
    return rng.choice(
        {
            "no longer needed": ("I no longer need it.", "I don't need it anymore."),
            "ordered by mistake": ("I ordered it by mistake.", "It was ordered by mistake."),
        }.get(reason, (f"The reason is: {reason}.",))
    )


def request_words(request: Request, *, full: bool, rng: random.Random) -> str:
    """The request in a sentence; `full` adds the details (reason, method) a terse one leaves for
    the assistant to ask about."""
    order = order_words(request)
    method = f" Please use my {request.method}." if full and request.method else ""
    match request.action:
        case "cancel_pending_order":
            said = rng.choice((f"I'd like to cancel {order}.", f"Please cancel {order}."))
            return said + (" " + reason_words(request.reason, rng) if full else "")
        case "return_delivered_order_items":
            return rng.choice(
                (
                    f"I want to return {items_words(request)} from {order}.",
                    f"Hi, I need to return {items_words(request)} ({order}).",
                )
            ) + method.replace("use my", "refund it to my")
        case "exchange_delivered_order_items":
            return f"I'd like to exchange {items_words(request)} from {order}." + method
        case "modify_pending_order_items":
            return (
                f"I'd like to change {items_words(request)} in {order}, which hasn't shipped yet."
                + method
            )
        case "modify_pending_order_address":
            return f"Please change the shipping address of {order} to {request.address}."
        case "modify_pending_order_payment":
            return f"I want to pay for {order} with my {request.method} instead."
        case "modify_user_address":
            return f"Please update my default address to {request.address}."
    raise ValueError(f"no words for {request.action}")


def method_words(row: m.PaymentMethod) -> str:
    match row.kind:
        case "gift_card":
            return "gift card"
        case "paypal":
            return "PayPal account"
        case _:
            brand = (row.brand or "credit").title()
            return f"{brand} card ending in {row.last_four}" if row.last_four else f"{brand} card"


def method_key(row: m.PaymentMethod) -> str:
    match row.kind:
        case "gift_card":
            return "gift card"
        case "paypal":
            return "paypal"
        case _:
            return row.last_four or ""


def address_words(kwargs: dict[str, Any]) -> str:
    line = ", ".join(str(kwargs[k]) for k in ("address1", "address2") if kwargs.get(k))
    return f"{line}, {kwargs.get('city')}, {kwargs.get('state')} {kwargs.get('zip')}"
