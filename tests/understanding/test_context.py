"""Multi-turn context: what a message that answers the assistant's question resumes."""

from __future__ import annotations

from bot.turn import DialogueState, Entities, Understanding
from bot.understanding.context import apply_context

WAITING = DialogueState(pending_intent="track_order")
NOTHING = Entities()


def _understood(intent: str, entities: Entities = NOTHING) -> Understanding:
    return Understanding(intent=intent, confidence=0.9, entities=entities, language="en")


def test_a_name_the_model_calls_out_of_scope_resumes_the_waiting_request() -> None:
    name = Entities(person_name=("Jason", "Liu"))
    result = apply_context(_understood("out_of_scope", name), "Jason Liu", WAITING)
    assert result.intent == "track_order"


def test_an_unrelated_message_without_details_stays_out_of_scope() -> None:
    result = apply_context(_understood("out_of_scope"), "what's the weather like", WAITING)
    assert result.intent == "out_of_scope"


def test_a_new_request_with_details_is_not_taken_for_an_answer() -> None:
    order = Entities(order_ids=("ORD-10042",))
    result = apply_context(_understood("cancel_order", order), "cancel ORD-10042", WAITING)
    assert result.intent == "cancel_order"


def _unsure_cancel(*alternatives: tuple[str, float]) -> Understanding:
    return Understanding(
        intent="cancel_order",
        confidence=0.4,
        entities=Entities(order_ids=("ORD-10092",)),
        language="en",
        is_uncertain=True,
        alternatives=alternatives,
    )


def test_an_unsure_question_about_a_named_order_gets_its_status() -> None:
    unsure = _unsure_cancel(("track_order", 0.3), ("complaint", 0.1))
    result = apply_context(unsure, "I have a question about ORD-10092", DialogueState())
    assert (result.intent, result.is_uncertain) == ("track_order", False)


def test_an_unsure_guess_between_two_changes_is_left_to_a_clarifying_question() -> None:
    unsure = _unsure_cancel(("return_item", 0.3), ("complaint", 0.1))
    result = apply_context(
        unsure, "I'd like to do something about ORD-10092 please", DialogueState()
    )
    assert result.is_uncertain


def test_a_question_about_it_after_an_order_was_named_is_about_that_order() -> None:
    state = DialogueState(last_order_id="ORD-10108")  # type: ignore[arg-type]
    result = apply_context(_understood("out_of_scope"), "so where is it at the moment?", state)
    assert (result.intent, result.entities.order_ids) == ("track_order", ("ORD-10108",))
