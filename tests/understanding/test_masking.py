"""What the classifier sees of a message: particulars masked, pasted markup dropped."""

from __future__ import annotations

from bot.understanding.masking import mask_entities


def test_emails_and_order_ids_become_one_canonical_form() -> None:
    assert mask_entities("is #W7728728 for jo.wu81@example.com shipped?") == (
        "is ORD-10000 for name@example.com shipped?"
    )


def test_pasted_markup_is_dropped_and_its_text_kept() -> None:
    assert mask_entities("<img src=x onerror=alert(1)> where is my order") == "where is my order"
    assert mask_entities("<b>cancel</b> ORD-10042") == "cancel ORD-10000"


def test_a_message_that_is_only_markup_is_left_as_it_is() -> None:
    assert mask_entities("<br/>") == "<br/>"
    assert mask_entities("is 3 < 5 and 7 > 2?") == "is 3 < 5 and 7 > 2?"
