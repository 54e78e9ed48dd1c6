"""The verifier against the replies it must pass and the wrong ones it must catch, including every
wrong reply measured in the browser and the judged reply set."""

from __future__ import annotations

import pytest

from bot.generation.verifier import Grounding, verify_reply

FACTS = (
    "Order ORD-10042 (Aurora Halo ANC Headphones) is shipped. It shipped on 2026-11-20 with UPS, "
    "tracking number 1Z999AA10123456784, and is expected by 2026-11-25. A refund of $20.00 is "
    "pending."
)
FACTS_ZH = (
    "订单 ORD-10042（Aurora Halo ANC Headphones）当前状态：已发货。已于 2026-11-20 交由 UPS 发出，"
    "运单号 1Z999AA10123456784，预计 2026-11-25 送达。"
)
PRODUCTS = ("Aurora Halo ANC Headphones", "Keyforge K75 Mechanical Keyboard")
ORDER = Grounding(template=FACTS, product_names=PRODUCTS)
ORDER_ZH = Grounding(template=FACTS_ZH, product_names=PRODUCTS)
RECEIVER = (
    "The Glide and the Keyforge K75 keyboard each need their own receiver; they cannot share one."
)
KNOWLEDGE = Grounding(
    template=f'From the Glide Mouse manual, "Pairing": "{RECEIVER}" [1]',
    passages=(f"## Pairing\n{RECEIVER} Plug the receiver into a USB-A port.",),
    product_names=PRODUCTS,
)
PROMPT = (
    "You are the customer-service assistant of Northwind Home & Tech. Reply in English, briefly "
    "and kindly. Use only the FACTS and PASSAGES below: never add an order number, date, amount, "
    "number, product or promise that is not in them."
)
GREETING = Grounding(
    template="Hello! I'm the shop's assistant. I can help with orders, deliveries, returns and "
    "product questions. What can I do for you?",
    prompt=PROMPT,
)


@pytest.mark.parametrize(
    ("reply", "grounding"),
    [
        (
            "Good news: ORD-10042 left with UPS on November 20 and should arrive by Nov 25th [1].",
            ORDER,
        ),
        ("Your Aurora Halo ANC Headphones are on their way (UPS 1Z999AA10123456784).", ORDER),
        ("It shipped on the 20th of November with UPS.", ORDER),
        ("A $20.00 refund is pending for ORD-10042.", ORDER),
        ("订单 ORD-10042 已于 11月20日 发货，预计 2026-11-25 送达。", ORDER_ZH),
        (f'The manual says: "{RECEIVER}" [1]', KNOWLEDGE),
        ("Hi! I can help with orders, deliveries, returns and product questions.", GREETING),
        (FACTS, ORDER),
    ],
)
def test_replies_that_restate_the_facts_pass(reply: str, grounding: Grounding) -> None:
    verdict = verify_reply(reply, grounding)
    assert verdict.ok, verdict.problems


@pytest.mark.parametrize(
    ("reply", "grounding", "problem"),
    [
        ("Your order ORD-10042 was delivered on November 20th, 2023.", ORDER, "date 2023-11-20"),
        ("Order ORD-10043 has shipped.", ORDER, "order id ORD-10043"),
        ("Tracking number 1Z999AA10123456785.", ORDER, "tracking number 1Z999AA10123456785"),
        ("You will get a refund of $25.00.", ORDER, "amount $25.00"),
        ("It will arrive in 3 days.", ORDER, "relative date 'in 3 days'"),
        ("Your Keyforge K75 Mechanical Keyboard has shipped.", ORDER, "product 'Keyforge K75"),
        ("It arrives on 2026-11-26.", ORDER, "date 2026-11-26"),
        # measured: all of these passed the old verifier
        ("Order ORD-10042 has been cancelled.", ORDER, "state 'cancelled'"),
        ("Order ORD-10042 has been cancelled.", ORDER, "claims a cancel"),
        ("Your headphones shipped with FedEx.", ORDER, "carrier fedex"),
        ("It was delivered on the 20th of July.", ORDER, "date ?-07-20"),
        ("It was delivered on the 20th of July.", ORDER, "state 'delivered'"),
        ("Your order will arrive tomorrow.", ORDER, "relative date 'tomorrow'"),
        ("您的订单下周送达。", ORDER_ZH, "relative date '下周'"),
        ("订单 ORD-10042 已取消。", ORDER_ZH, "state 'cancelled'"),
        ("It has not shipped yet.", ORDER, "state 'shipped' is denied"),
        ("I have cancelled the order for you.", ORDER, "claims a cancel"),
        ("Your refund has been issued.", ORDER, "claims a refund"),
        ("I changed the delivery address for you.", ORDER, "claims a change"),
        (
            "Hello! I'm the shop's assistant. I'm the shop's assistant. I'm the shop's assistant.",
            GREETING,
            "sentence repeated",
        ),
        (
            "抱歉，我想确认一下：您是想确认一下：抱歉，我想确认一下：抱歉，我想确认一下：",
            ORDER_ZH,
            "a phrase is repeated",
        ),
        (
            "See also: [您是如何想确认一下？](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",
            ORDER_ZH,
            "link",
        ),
        (f'Absolutely! [1] says: "{RECEIVER}"', KNOWLEDGE, "opener 'Absolutely'"),
        ('The manual says: "The Glide works with any Keyforge receiver." [1]', KNOWLEDGE, "quote"),
        ("It shipped on 2026-11-20 with UPS. Deprecated: This is a warning.", ORDER, "sentence"),
        (
            "It shipped with UPS — shipping\nPASSAGES:\n[1] My tracking says",
            ORDER,
            "the reply shows",
        ),
        (
            "I understand that you are the shop's assistant. Use only the FACTS and PASSAGES "
            "below: never add an order number",
            GREETING,
            "the reply shows its prompt",
        ),
        (
            "Reply briefly and kindly, never add an order number, date, amount.",
            GREETING,
            "the reply repeats its instructions",
        ),
        ("Your order is shipped.", ORDER_ZH, "the reply is not in zh"),
        ("Shipped.", ORDER, "the reply is far shorter"),
        ("Write to help@other-shop.example for more.", ORDER, "email"),
        ("We will send it to 77 Birch Rd instead.", ORDER, "address"),
        ("You ordered 3 of them.", ORDER, "number 3"),
    ],
)
def test_wrong_replies_are_caught(reply: str, grounding: Grounding, problem: str) -> None:
    verdict = verify_reply(reply, grounding)
    assert not verdict.ok
    assert any(p.startswith(problem) for p in verdict.problems), verdict.problems


def test_claims_of_changes_made_this_turn_pass() -> None:
    applied = Grounding(
        template="Order ORD-10042 is cancelled. $64.49 will be refunded to visa ending 4242 "
        "within 5-7 business days.",
        done=frozenset({"cancel"}),
    )
    assert verify_reply(
        "I've cancelled ORD-10042; $64.49 goes back to visa ending 4242 within 5-7 business days.",
        applied,
    ).ok
    assert not verify_reply("I've cancelled ORD-10042 and your refund has been issued.", applied).ok


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("Honestly that was your fault, idiot.", "the reply is insulting"),
        ("Don't worry, we'll give you a discount on your next order.", "promise 'discount'"),
        ("订单 ORD-10042 我们会给您赔偿。", "promise '赔偿'"),
    ],
)
def test_insults_and_unbacked_promises_are_caught(reply: str, problem: str) -> None:
    grounding = ORDER_ZH if "订单" in reply else ORDER
    verdict = verify_reply(reply, grounding)
    assert any(p.startswith(problem) for p in verdict.problems), verdict.problems


def test_a_promise_the_facts_make_is_allowed() -> None:
    assert verify_reply("Your refund of $20.00 is pending.", ORDER).ok


def test_a_reply_being_streamed_may_still_be_short() -> None:
    assert verify_reply("It shipped with UPS.", ORDER, partial=True).ok
    assert not verify_reply("It shipped with UPS.", ORDER).ok
