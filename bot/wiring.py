"""Build the assistant from settings: the one place where stages, stores and backends are wired."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.actions.identity import IdentityCheck
from bot.generation.template import ShopProfile, TemplateWriter
from bot.orchestrator import Orchestrator
from bot.retrieval.facts import OrderFactGatherer
from bot.settings import Settings
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.repositories import ConversationRepository, CustomerRepository, OrderRepository
from bot.understanding.intent_rules import RuleIntentClassifier
from bot.understanding.understander import Understander


@dataclass
class Assistant:
    """A ready assistant and the database it runs on."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    orchestrator: Orchestrator
    conversations: ConversationRepository


def build_assistant(
    settings: Settings,
    *,
    migrate: bool = True,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Assistant:
    """Wire the assistant; `clock` is the time turns are received at (tests fix it)."""
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    sessions = make_sessionmaker(engine)
    conversations = ConversationRepository(sessions)
    writer = TemplateWriter(
        ShopProfile(
            name=settings.shop_name,
            support_email=settings.support_email,
            agent_hours=settings.agent_hours,
            agent_hours_zh=settings.agent_hours_zh,
        )
    )
    orchestrator = Orchestrator(
        understander=Understander(RuleIntentClassifier()),
        identity=IdentityCheck(CustomerRepository(sessions)),
        facts=OrderFactGatherer(OrderRepository(sessions)),
        writer=writer,
        conversations=conversations,
        max_message_chars=settings.max_message_chars,
        clock=clock,
    )
    orchestrator.warm_up()
    return Assistant(settings, engine, sessions, orchestrator, conversations)
