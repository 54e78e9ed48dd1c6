"""What the actions work with, built once per process.

In-process, the wiring hands each Action the services it built; in the rasa-sdk action server,
which creates the Actions itself, the first call builds them from `load_settings()` (the same `BOT_`
variables as the app).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.actions.codes import CodeVerifier
from bot.actions.mail import Mailer, OutboxMailer, SmtpMailer
from bot.actions.orders import OrderActions
from bot.actions.policy import ShopPolicy
from bot.settings import Settings, load_settings
from bot.store.changes import OrderChanges
from bot.store.db import make_engine, make_sessionmaker, upgrade
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


def shop_policy(settings: Settings) -> ShopPolicy:
    return ShopPolicy(
        return_window_days=settings.return_window_days,
        level_for_changes=settings.identity_for_changes,
    )


def mailer(settings: Settings, sessions: sessionmaker[Session]) -> Mailer:
    if settings.smtp_url is None:
        return OutboxMailer(Outbox(sessions))
    return SmtpMailer(
        settings.smtp_url.get_secret_value(), settings.mail_from or settings.support_email
    )


_lock = threading.Lock()
_current: Services | None = None


def services() -> Services:
    global _current
    with _lock:
        if _current is None:
            settings = load_settings()
            engine = make_engine(settings.database_url)
            upgrade(engine)
            sessions = make_sessionmaker(engine)
            _current = build_services(
                sessions,
                shop_policy(settings),
                mailer=mailer(settings, sessions),
                shop_name=settings.shop_name,
            )
        return _current
