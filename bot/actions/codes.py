"""One-time codes: before an order changes, a shop can ask the customer to prove they hold the
email on file, by typing a 6-digit code mailed to it.

A code belongs to one conversation and one customer, lives `VALID_FOR`, and works once; a new code
makes the old one void. At most `MAX_SENT` codes are mailed per customer per hour, and wrong codes
count towards the same lockout as wrong identity details (`bot.actions.identity`).
"""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from bot.actions.mail import Mailer
from bot.domain import Customer
from bot.store.repositories import IdentityAttempts, OneTimeCodes

VALID_FOR = timedelta(minutes=10)
MAX_SENT = 3
MAX_WRONG = 5
WINDOW = timedelta(hours=1)
CODE = re.compile(r"^\D{0,40}?(?<![\w-])(\d{3})[\s-]?(\d{3})(?![\w-])\D{0,40}$")
"""A message that is a code: six digits, perhaps split 3+3, with a few words around them."""

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CodeSent:
    masked_email: str
    """Where it went, masked as on a receipt: `m***@example.com`."""


@dataclass(frozen=True)
class CodeNotSent:
    reason: Literal["too_many", "mail_failed"]


CodeCheck = Literal["right", "wrong", "expired", "locked"]


def typed_code(text: str) -> str | None:
    """The code in a message such as "123456", "my code is 123 456", "验证码 123456"."""
    match = CODE.match(text.strip())
    return match.group(1) + match.group(2) if match else None


def mask(email: str) -> str:
    local, _, host = email.partition("@")
    return f"{local[:1]}***@{host}"


class CodeVerifier:
    def __init__(
        self,
        codes: OneTimeCodes,
        attempts: IdentityAttempts,
        mailer: Mailer,
        *,
        shop_name: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._now = clock
        self._codes = codes
        self._attempts = attempts
        self._mailer = mailer
        self._shop_name = shop_name

    def send(self, customer: Customer, conversation_id: str) -> CodeSent | CodeNotSent:
        now = self._now()
        if self._codes.sent_since(customer.id, now - WINDOW) >= MAX_SENT:
            return CodeNotSent("too_many")
        code = self._codes.issue(customer.id, conversation_id, at=now, valid_for=VALID_FOR)
        minutes = int(VALID_FOR.total_seconds() // 60)
        body = (
            f"Hello {customer.first_name},\n\n"
            f"Your {self._shop_name} code is {code}. Type it in the chat to confirm the change to "
            f"your order. It works for {minutes} minutes.\n\n"
            "If you did not ask for it, ignore this email: nothing changes without it.\n"
        )
        try:
            self._mailer.send(customer.email, f"Your {self._shop_name} code: {code}", body)
        except (OSError, smtplib.SMTPException) as exc:
            logger.error("could not mail a one-time code: %s", type(exc).__name__)
            return CodeNotSent("mail_failed")
        return CodeSent(mask(customer.email))

    def check(self, customer_id: str, conversation_id: str, code: str) -> CodeCheck:
        now = self._now()
        claim = f"code:{customer_id}"
        if self._attempts.failures(claim=claim, since=now - WINDOW) >= MAX_WRONG:
            return "locked"
        result = self._codes.redeem(customer_id, conversation_id, code, at=now)
        if result != "expired":
            self._attempts.record(
                claim, client=None, conversation_id=conversation_id,
                succeeded=result == "right", at=now,
            )  # fmt: skip
        if (
            result == "wrong"
            and self._attempts.failures(claim=claim, since=now - WINDOW) >= MAX_WRONG
        ):
            return "locked"
        return result
