"""What the actions work with, built once per process.

In-process, the wiring hands each Action the services it built; in the rasa-sdk action server,
which creates the Actions itself, the first call builds them from `load_settings()` (the same `BOT_`
variables as the app).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.actions.orders import OrderActions
from bot.actions.policy import ShopPolicy
from bot.settings import Settings, load_settings
from bot.store.changes import OrderChanges
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.repositories import ConversationRepository, CustomerRepository, OrderRepository


@dataclass(frozen=True)
class Services:
    customers: CustomerRepository
    orders: OrderRepository
    actions: OrderActions
    conversations: ConversationRepository


def build_services(
    sessions: sessionmaker[Session],
    shop_policy: ShopPolicy,
    today: Callable[[], date] = lambda: datetime.now(UTC).date(),
) -> Services:
    orders = OrderRepository(sessions)
    return Services(
        customers=CustomerRepository(sessions),
        orders=orders,
        actions=OrderActions(orders, OrderChanges(sessions), shop_policy=shop_policy, today=today),
        conversations=ConversationRepository(sessions),
    )


def shop_policy(settings: Settings) -> ShopPolicy:
    return ShopPolicy(return_window_days=settings.return_window_days)


_lock = threading.Lock()
_current: Services | None = None


def services() -> Services:
    global _current
    with _lock:
        if _current is None:
            settings = load_settings()
            engine = make_engine(settings.database_url)
            upgrade(engine)
            _current = build_services(make_sessionmaker(engine), shop_policy(settings))
        return _current
