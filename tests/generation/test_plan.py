from __future__ import annotations

from datetime import date

from bot.domain import Customer, CustomerId
from bot.generation.plan import plan_reply
from bot.generation.template import ShopProfile, TemplateWriter
from bot.turn import (
    DialogueState,
    Entities,
    IdentityResult,
    NoFacts,
    NotRequired,
    Understanding,
    WrongCustomer,
)

WRITER = TemplateWriter(ShopProfile("Northwind", "help@example.com", "9-5", "9-5"))
TODAY = date(2026, 11, 28)


def understood(
    intent: str,
    *,
    uncertain: bool = False,
    language: str = "en",
    alternatives: tuple[tuple[str, float], ...] = (),
) -> Understanding:
    return Understanding(
        intent=intent,
        confidence=0.3 if uncertain else 0.95,
        entities=Entities(),
        language=language,  # type: ignore[arg-type]
        is_uncertain=uncertain,
        alternatives=alternatives,
    )


def reply(u: Understanding, identity: IdentityResult | None = None) -> str:
    plan = plan_reply(u, identity or NotRequired(), NoFacts(), DialogueState(), today=TODAY)
    return WRITER.run(plan).text


def test_an_uncertain_turn_asks_between_the_likeliest_intents() -> None:
    text = reply(
        understood(
            "track_order", uncertain=True, alternatives=(("track_refund", 0.2), ("greet", 0.1))
        )
    )
    assert "track an order" in text and "check on a refund" in text and "?" in text
    zh = reply(
        understood(
            "return_item", uncertain=True, language="zh", alternatives=(("exchange_item", 0.2),)
        )
    )
    assert "退货" in zh and "换货" in zh


def test_out_of_scope_says_what_the_assistant_does() -> None:
    assert "outside what I can help with" in reply(understood("out_of_scope"))


def test_understood_but_unserved_intents_offer_a_person() -> None:
    text = reply(understood("newsletter_subscription"))
    assert "manage the newsletter" in text and "person" in text


def test_a_second_account_is_refused_even_when_the_intent_is_unclear() -> None:
    someone = Customer(CustomerId("C-1"), "Ann", "Lee", "ann@example.com")
    text = reply(understood("track_order", uncertain=True), WrongCustomer(someone))
    assert "already linked" in text
