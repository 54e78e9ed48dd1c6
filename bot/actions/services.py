"""What the actions work with: repositories, the order operations, one-time codes and the policy.

`bot.wiring` builds them: for the assistant, and for the rasa-sdk action server
(`bot.channels.action_server`), which creates the Actions itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.actions.codes import CodeVerifier
from bot.actions.mail import Mailer, OutboxMailer
from bot.actions.orders import OrderActions
from bot.actions.policy import ShopPolicy
from bot.store.changes import OrderChanges
from bot.store.repositories import (
    ConversationRepository,
    CustomerRepository,
    IdentityAttempts,
    OneTimeCodes,
    OrderRepository,
    Outbox,
)


@dataclass(frozen=True)
class Services:
    customers: CustomerRepository
    orders: OrderRepository
    actions: OrderActions
    conversations: ConversationRepository
    codes: CodeVerifier
    policy: ShopPolicy


def build_services(
    sessions: sessionmaker[Session],
    shop_policy: ShopPolicy,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    mailer: Mailer | None = None,
    shop_name: str = "shop",
) -> Services:
    """`clock` decides return windows and code expiry; `mailer` sends one-time codes (without
    one they go to the outbox table)."""
    orders = OrderRepository(sessions)
    return Services(
        customers=CustomerRepository(sessions),
        orders=orders,
        actions=OrderActions(
            orders, OrderChanges(sessions), shop_policy=shop_policy, today=lambda: clock().date()
        ),
        conversations=ConversationRepository(sessions),
        codes=CodeVerifier(
            OneTimeCodes(sessions),
            IdentityAttempts(sessions),
            mailer or OutboxMailer(Outbox(sessions)),
            shop_name=shop_name,
            clock=clock,
        ),
        policy=shop_policy,
    )
