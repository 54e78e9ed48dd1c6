"""Build the assistant from settings: the one place where stages, stores and backends are wired."""

from __future__ import annotations

from dataclasses import dataclass

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


def build_assistant(settings: Settings, *, migrate: bool = True) -> Assistant:
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
    )
    orchestrator.warm_up()
    return Assistant(settings, engine, sessions, orchestrator, conversations)
