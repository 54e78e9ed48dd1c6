"""The identity stage: who is the customer, and may this conversation show them order data?

A customer is verified by a signed-in session, by the email on their account, or by their name plus
the zip code of one of their addresses. A conversation serves one customer only.
"""

from __future__ import annotations

from bot.domain import Customer
from bot.intents import PERSONAL_INTENTS
from bot.store.repositories import CustomerRepository
from bot.turn import (
    DialogueState,
    IdentityResult,
    NeedsVerification,
    NotRequired,
    Understanding,
    Verified,
    WrongCustomer,
)


class IdentityCheck:
    def __init__(self, customers: CustomerRepository) -> None:
        self._customers = customers

    def warm_up(self) -> None:
        """Nothing to load."""

    def run(
        self, understanding: Understanding, state: DialogueState, signed_in: str | None
    ) -> IdentityResult:
        known_id = signed_in or state.customer_id
        known = self._customers.get(known_id) if known_id else None
        claimed, attempted = self._claimed(understanding, state)
        if known is not None:
            if claimed is not None and claimed.id != known.id:
                return WrongCustomer(customer=known)
            return Verified(known, via="login" if signed_in else "earlier_turn")
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
