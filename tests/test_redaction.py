from __future__ import annotations

import logging

import pytest

from bot.redaction import RedactingFilter, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my card is 4242 4242 4242 4242, exp 12/28", "my card is [card ****4242], exp 12/28"),
        ("card 4111-1111-1111-1111", "card [card ****1111]"),
        ("password: hunter2 please", "password: [redacted] please"),
        ("key sk-abcdefghijklmnop", "key [redacted key]"),
        (
            "tracking 1Z999AA10123456784 and order ORD-10042",
            "tracking 1Z999AA10123456784 and order ORD-10042",
        ),
        ("USPS 9400100000000000000000", "USPS 9400100000000000000000"),
    ],
)
def test_card_numbers_and_secrets_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_log_records_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redaction")
    caplog.handler.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="test.redaction"):
        logger.info("customer wrote %s", "pay with 4242424242424242")
    assert "4242424242424242" not in caplog.text and "****4242" in caplog.text


def test_stored_turns_do_not_keep_card_numbers(assistant) -> None:
    assistant.orchestrator.handle(
        "my card 4242 4242 4242 4242 was charged twice", conversation_id="card"
    )
    stored = assistant.conversations.turns("card")[0]["user_text"]
    assert "4242 4242 4242 4242" not in stored and "****4242" in stored
