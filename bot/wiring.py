"""Build the assistant from settings: the one place where stages, stores and backends are wired."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import assert_never

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.actions.identity import IdentityCheck
from bot.errors import ConfigError
from bot.generation.backends import OpenAICompatBackend
from bot.generation.embedded import EmbeddedBackend
from bot.generation.llm_writer import LLMWriter
from bot.generation.template import ShopProfile, TemplateWriter
from bot.orchestrator import Orchestrator
from bot.retrieval.embedder import Embedder
from bot.retrieval.facts import OrderFactGatherer
from bot.retrieval.hybrid import HybridSearcher
from bot.retrieval.index import PassageIndex
from bot.retrieval.passages import PassageGatherer
from bot.settings import Settings
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.repositories import (
    CatalogRepository,
    ConversationRepository,
    CustomerRepository,
    OrderRepository,
)
from bot.understanding.classifier import IntentClassifier
from bot.understanding.intent_model import IntentModel
from bot.understanding.intent_rules import RuleIntentClassifier
from bot.understanding.training import TrainingConfig, current_model
from bot.understanding.understander import Understander


@dataclass
class Assistant:
    """A ready assistant and the database it runs on."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    orchestrator: Orchestrator
    conversations: ConversationRepository


def nlu_training_config(settings: Settings) -> TrainingConfig:
    return TrainingConfig(
        base_model=settings.intent_model,
        epochs=settings.nlu_epochs,
        batch_size=settings.nlu_batch_size,
        learning_rate=settings.nlu_learning_rate,
        frozen_layers=settings.nlu_frozen_layers,
        seed=settings.nlu_seed,
        threads=settings.torch_threads,
    )


def intent_classifier(settings: Settings) -> IntentClassifier:
    """The classifier the settings ask for; the model must have been trained (`bot setup`)."""
    if settings.intent_classifier == "rules":
        return RuleIntentClassifier()
    model_dir = current_model(settings.models_dir)
    if model_dir is None:
        raise ConfigError(
            f"no trained intent model under {settings.models_dir / 'nlu'}: run `bot setup` or "
            "`bot train nlu`, or set BOT_INTENT_CLASSIFIER=rules"
        )
    return IntentModel(model_dir, threads=settings.torch_threads)


def passage_index(settings: Settings) -> PassageIndex:
    embedder = Embedder(settings.embedding_model, threads=settings.torch_threads)
    return PassageIndex(embedder, path=settings.chroma_path, url=settings.chroma_url)


def searcher(settings: Settings, index: PassageIndex | None = None) -> HybridSearcher:
    return HybridSearcher(
        index or passage_index(settings), vector_languages=tuple(settings.embedding_languages)
    )


def reply_writer(
    settings: Settings, product_names: Callable[[], list[str]]
) -> TemplateWriter | LLMWriter:
    """Templates, or a model backend whose replies the verifier checks against the templates."""
    shop = ShopProfile(
        name=settings.shop_name,
        support_email=settings.support_email,
        agent_hours=settings.agent_hours,
        agent_hours_zh=settings.agent_hours_zh,
    )
    templates = TemplateWriter(shop)
    match settings.llm_backend:
        case "template":
            return templates
        case "openai_compat":
            assert settings.llm_base_url is not None  # the settings validator ensures it
            backend = OpenAICompatBackend(
                settings.llm_base_url,
                settings.llm_model,
                api_key=settings.llm_api_key.get_secret_value() if settings.llm_api_key else None,
                timeout_s=settings.llm_timeout_s,
            )
            return LLMWriter(backend, templates, shop, product_names=product_names)
        case "embedded":
            embedded = EmbeddedBackend(
                settings.llm_model, settings.models_dir, threads=settings.torch_threads
            )
            return LLMWriter(embedded, templates, shop, product_names=product_names)
        case _:
            assert_never(settings.llm_backend)


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
    catalog = CatalogRepository(sessions)
    writer = reply_writer(settings, lambda: [p.name for p in catalog.terms().products])
    orchestrator = Orchestrator(
        understander=Understander(intent_classifier(settings), catalog.terms),
        identity=IdentityCheck(CustomerRepository(sessions)),
        facts=OrderFactGatherer(OrderRepository(sessions)),
        passages=PassageGatherer(searcher(settings)),
        writer=writer,
        conversations=conversations,
        max_message_chars=settings.max_message_chars,
        clock=clock,
    )
    orchestrator.warm_up()
    return Assistant(settings, engine, sessions, orchestrator, conversations)
