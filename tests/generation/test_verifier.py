from __future__ import annotations

import pytest

from bot.generation.verifier import verify_reply

FACTS = [
    "Order ORD-10042 (Aurora Halo ANC Headphones) is shipped. It shipped on 2026-11-20 with UPS, "
    "tracking number 1Z999AA10123456784, and is expected by 2026-11-25. A refund of $20.00 is "
    "pending."
]
PRODUCTS = ["Aurora Halo ANC Headphones", "Keyforge K75 Mechanical Keyboard"]


@pytest.mark.parametrize(
    "reply",
    [
        "Good news: ORD-10042 left with UPS on November 20 and should arrive by Nov 25th [1].",
        "Your Aurora Halo ANC Headphones are on their way (UPS 1Z999AA10123456784).",
        "订单 ORD-10042 已于 11月20日 发货，预计 2026-11-25 送达。",
        "A $20.00 refund is pending for ORD-10042.",
    ],
)
def test_replies_that_restate_the_facts_pass(reply: str) -> None:
    assert verify_reply(reply, FACTS, PRODUCTS).ok


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("Your order ORD-10042 was delivered on November 20th, 2023.", "date 2023-11-20"),
        ("Order ORD-10043 has shipped.", "order id ORD-10043"),
        ("Tracking number 1Z999AA10123456785.", "tracking number 1Z999AA10123456785"),
        ("You will get a refund of $25.00.", "amount $25.00"),
        ("It will arrive in 3 days.", "number 3"),
        ("Your Keyforge K75 Mechanical Keyboard has shipped.", "product 'Keyforge K75"),
        ("It arrives on 2026-11-26.", "date 2026-11-26"),
    ],
)
def test_invented_facts_are_caught(reply: str, problem: str) -> None:
    verdict = verify_reply(reply, FACTS, PRODUCTS)
    assert not verdict.ok
    assert any(p.startswith(problem) for p in verdict.problems), verdict.problems


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("Honestly that was your fault, idiot.", "the reply is insulting"),
        ("Don't worry, we'll give you a discount on your next order.", "promise 'discount'"),
        ("订单 ORD-10042 我们会给您赔偿。", "promise '赔偿'"),
    ],
)
def test_insults_and_unbacked_promises_are_caught(reply: str, problem: str) -> None:
    verdict = verify_reply(reply, FACTS, PRODUCTS)
    assert any(p.startswith(problem) for p in verdict.problems), verdict.problems


def test_a_promise_the_facts_make_is_allowed() -> None:
    assert verify_reply("Your refund of $20.00 is pending.", FACTS, PRODUCTS).ok
