"""The identity stage: who is the customer, and may this conversation show them order data?

A customer is verified by a signed-in session, by the email on their account, or by their name plus
the zip code of one of their addresses. A conversation serves one customer only.

Details cannot be guessed: every attempt is recorded, and after `MAX_FAILURES` failed attempts
within `WINDOW` for the same email or name (in any conversation), or from the same client address,
no more details are checked and a person takes over. A conversation handed over after failed
attempts verifies nobody until an operator releases it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain import Customer
from bot.intents import PERSONAL_INTENTS
from bot.store.repositories import CustomerRepository, IdentityAttempts
from bot.turn import (
    DialogueState,
    IdentityResult,
    Locked,
    NeedsVerification,
    NotRequired,
    Understanding,
    Verified,
    WrongCustomer,
)

MAX_FAILURES = 5
WINDOW = timedelta(hours=1)


class IdentityCheck:
    def __init__(self, customers: CustomerRepository, attempts: IdentityAttempts) -> None:
        self._customers = customers
        self._attempts = attempts

    def warm_up(self) -> None:
        """Nothing to load."""

    def run(
        self,
        understanding: Understanding,
        state: DialogueState,
        signed_in: str | None,
        *,
        conversation_id: str = "",
        client: str | None = None,
        now: datetime | None = None,
    ) -> IdentityResult:
        known_id = signed_in or state.customer_id
        known = self._customers.get(known_id) if known_id else None
        claim = self._claim_key(understanding, state)
        if known is None and claim is not None:
            if state.identity_locked or self._locked_out(claim, client, now or datetime.now()):
                return Locked()  # the details are not even looked up
        claimed, attempted = self._claimed(understanding, state)
        if known is None and claim is not None and attempted:
            self._attempts.record(
                claim,
                client=client,
                conversation_id=conversation_id,
                succeeded=claimed is not None,
                at=now or datetime.now(),
            )
        if known is not None:
            if claimed is not None and claimed.id != known.id:
                return WrongCustomer(customer=known)
            return Verified(known, via="login" if signed_in else "earlier_turn")
        if state.identity_locked and understanding.intent in PERSONAL_INTENTS:
            return Locked()
        if claimed is not None:
            return Verified(claimed, via="email" if understanding.entities.emails else "name_zip")
        if understanding.intent not in PERSONAL_INTENTS and not attempted:
            return NotRequired()
        (first, last), zip_code = self._name_and_zip(understanding, state)
        has_name = bool(first and last)
        if has_name and not zip_code:
            return NeedsVerification(attempted=attempted, partial="name")
        if zip_code and not has_name:
            return NeedsVerification(attempted=attempted, partial="zip")
        return NeedsVerification(attempted=attempted)

    def _locked_out(self, claim: str, client: str | None, now: datetime) -> bool:
        since = now - WINDOW
        return (
            self._attempts.failures(claim=claim, since=since) >= MAX_FAILURES
            or self._attempts.failures(client=client, since=since) >= MAX_FAILURES
        )

    def _claim_key(self, understanding: Understanding, state: DialogueState) -> str | None:
        """Who the details claim to be: `email:<address>` or `name:<first last>`."""
        if understanding.entities.emails:
            return f"email:{understanding.entities.emails[0].strip().lower()}"
        (first, last), zip_code = self._name_and_zip(understanding, state)
        if first and last and zip_code:
            return f"name:{first.strip().lower()} {last.strip().lower()}"
        return None

    def _claimed(
        self, understanding: Understanding, state: DialogueState
    ) -> tuple[Customer | None, bool]:
        """The account the customer's details point to, and whether they gave complete details."""
        for email in understanding.entities.emails:
            customer = self._customers.by_email(email)
            if customer is not None:
                return customer, True
        (first, last), zip_code = self._name_and_zip(understanding, state)
        if first and last and zip_code:
            return self._customers.by_name_and_zip(first, last, zip_code), True
        return None, bool(understanding.entities.emails)

    @staticmethod
    def _name_and_zip(
        understanding: Understanding, state: DialogueState
    ) -> tuple[tuple[str | None, str | None], str | None]:
        name = understanding.entities.person_name
        first, last = name if name else (state.first_name, state.last_name)
        zips = understanding.entities.zips
        return (first, last), zips[0] if zips else state.zip
