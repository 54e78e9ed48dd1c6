"""Build the assistant from settings: the one place where stages, stores and backends are wired."""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import assert_never

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.actions.identity import IdentityCheck
from bot.actions.mail import Mailer, OutboxMailer, SmtpMailer
from bot.actions.policy import ShopPolicy, load_policy
from bot.actions.runner import ActionRunner
from bot.actions.services import Services, build_services
from bot.actions.stage import ActionStage
from bot.errors import ConfigError
from bot.generation.backends import LLMBackend, OpenAICompatBackend, QueuedBackend
from bot.generation.embedded import EmbeddedBackend, adapter_dir
from bot.generation.llm_writer import LLMWriter
from bot.generation.prompting import PromptBuilder
from bot.generation.template import ShopProfile, TemplateWriter
from bot.generation.tuning.pairs import (
    KnowledgeSource,
    Pair,
    PairBuilder,
    tone_openers,
)
from bot.orchestrator import Orchestrator
from bot.retrieval.documents import discover, read_document
from bot.retrieval.embedder import Embedder
from bot.retrieval.facts import OrderFactGatherer
from bot.retrieval.hybrid import Hit, HybridSearcher
from bot.retrieval.index import PassageIndex
from bot.retrieval.passages import PassageGatherer, as_evidence
from bot.settings import Settings, load_settings
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.importer import read_shop
from bot.store.repositories import (
    CatalogRepository,
    ConversationRepository,
    CustomerRepository,
    IdentityAttempts,
    OrderRepository,
    Outbox,
)
from bot.turn import Language
from bot.understanding.classifier import IntentClassifier
from bot.understanding.intent_model import IntentModel
from bot.understanding.intent_rules import RuleIntentClassifier
from bot.understanding.nlu_data import BITEXT_FILE, catalog_names, load_rasa_yaml
from bot.understanding.training import TrainingConfig, TrainingData, current_model, gather
from bot.understanding.understander import Understander


def shop_policy(settings: Settings) -> ShopPolicy:
    """The shop's policy file (`BOT_POLICY_FILE`, else `knowledge_dir/policy.yml` if there is
    one, else the built-in rules), with `BOT_IDENTITY_FOR_CHANGES` over its identity rule."""
    path = settings.policy_file or settings.knowledge_dir / "policy.yml"
    policy = load_policy(path) if settings.policy_file or path.is_file() else ShopPolicy()
    if settings.identity_for_changes is not None:
        policy = policy.model_copy(update={"identity_for_changes": settings.identity_for_changes})
    return policy


def mailer(settings: Settings, sessions: sessionmaker[Session]) -> Mailer:
    """SMTP when `BOT_SMTP_URL` is set; otherwise the outbox table, which the console shows."""
    if settings.smtp_url is None:
        return OutboxMailer(Outbox(sessions))
    return SmtpMailer(
        settings.smtp_url.get_secret_value(), settings.mail_from or settings.support_email
    )


_action_server_lock = threading.Lock()
_action_server_services: Services | None = None


def action_server_services() -> Services:
    """The action server's services, built on first use from `load_settings()` (the same `BOT_`
    variables as the app), once per process."""
    global _action_server_services
    with _action_server_lock:
        if _action_server_services is None:
            settings = load_settings()
            engine = make_engine(settings.database_url)
            upgrade(engine)
            sessions = make_sessionmaker(engine)
            _action_server_services = shop_services(settings, sessions)
        return _action_server_services


def shop_services(
    settings: Settings,
    sessions: sessionmaker[Session],
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    policy: ShopPolicy | None = None,
) -> Services:
    """The Actions' services with the shop's policy (unless `policy` is given), mail and name
    from its settings."""
    return build_services(
        sessions,
        policy or shop_policy(settings),
        clock=clock,
        mailer=mailer(settings, sessions),
        shop_name=settings.shop_name,
    )


@dataclass
class Assistant:
    """A ready assistant and the database it runs on."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    orchestrator: Orchestrator
    conversations: ConversationRepository
    passages: PassageGatherer
    backend: LLMBackend | None = None
    """The model that writes replies; None: templates only."""

    def health(self) -> dict[str, str]:
        """Each part "ok", or what is wrong with it (for /healthz and the log). The intent model
        is loaded before the server starts (it refuses to start without one)."""
        checks: dict[str, str] = {}
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            checks["database"] = _sqlite_file_problem(self.settings.database_url) or "ok"
        except Exception as exc:
            checks["database"] = f"unreachable ({type(exc).__name__})"
        indexed = self.passages.indexed()
        checks["search_index"] = f"ok ({indexed} passages)" if indexed else "empty or unreachable"
        checks["reply_model"] = self.backend.health() if self.backend else "ok (templates)"
        return checks


def _sqlite_file_problem(url: str) -> str | None:
    """A SQLite file that was removed or cannot be written (the engine may not notice)."""
    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:":
        return None
    path = Path(database)
    if not path.is_file():
        return "the database file is missing"
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return "the database file is not writable"
    return None


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


def nlu_training_data(settings: Settings) -> TrainingData:
    """The intent classifier's examples, with the catalogs' names for augmentation."""
    catalogs = [settings.knowledge_dir / "shop" / "products.json"]
    if settings.public_data_dir is not None:
        catalogs.append(settings.public_data_dir / "tau_retail" / "products.json")
    return gather(
        settings.nlu_dir,
        settings.public_data_dir,
        nlu_training_config(settings),
        names=catalog_names(catalogs),
        extra_files=settings.nlu_extra_files,
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


def llm_backend(settings: Settings) -> LLMBackend | None:
    """The model backend the settings ask for; None for templates only."""
    match settings.llm_backend:
        case "template":
            return None
        case "openai_compat":
            assert settings.llm_base_url is not None  # the settings validator ensures it
            return OpenAICompatBackend(
                settings.llm_base_url,
                settings.llm_model,
                api_key=settings.llm_api_key.get_secret_value() if settings.llm_api_key else None,
                timeout_s=settings.llm_timeout_s,
            )
        case "embedded":
            embedded = EmbeddedBackend(
                settings.llm_model,
                settings.models_dir,
                adapter=adapter_dir(settings.llm_adapter, settings.llm_model),
                threads=settings.torch_threads,
            )
            if settings.llm_queue_size is None:
                return embedded
            return QueuedBackend(
                embedded, max_waiting=settings.llm_queue_size, max_wait_s=settings.llm_queue_wait_s
            )
        case _:
            assert_never(settings.llm_backend)


def reply_writer(
    settings: Settings,
    product_names: Callable[[], list[str]],
    *,
    backend: LLMBackend | None = None,
) -> TemplateWriter | LLMWriter:
    """Templates, or a model backend whose replies the verifier checks against the templates."""
    shop = shop_profile(settings)
    templates = TemplateWriter(shop)
    model = backend or llm_backend(settings)
    if model is None:
        return templates
    return LLMWriter(
        model,
        templates,
        shop,
        product_names=product_names,
        kinds=settings.llm_kinds,
        languages=settings.llm_languages,
    )


def shop_profile(settings: Settings) -> ShopProfile:
    return ShopProfile(
        name=settings.shop_name,
        support_email=settings.support_email,
        agent_hours=settings.agent_hours,
        agent_hours_zh=settings.agent_hours_zh,
    )


def catalog_product_names(settings: Settings) -> list[str]:
    engine = make_engine(settings.database_url)
    try:
        return [p.name for p in CatalogRepository(make_sessionmaker(engine)).terms().products]
    finally:
        engine.dispose()


def generator_pairs(settings: Settings, *, seed: int, today: date) -> list[Pair]:
    """Training and held-out pairs for the embedded model, from the shop in the database (import
    it first: `bot setup`), the documents in `document_dirs`, and the NLU examples' wordings."""
    shop = read_shop(settings.knowledge_dir / "shop")[1]
    engine = make_engine(settings.database_url)
    try:
        orders_repo = OrderRepository(make_sessionmaker(engine))
        orders = [orders_repo.get_for_customer(o.id, o.customer) for o in shop.orders]
    finally:
        engine.dispose()
    if any(o is None for o in orders):
        raise ConfigError("the demo shop is not in the database: run `bot setup` first")
    questions: dict[tuple[str, Language], list[str]] = defaultdict(list)
    for language in ("en", "zh"):
        for example in load_rasa_yaml(settings.nlu_dir / f"{language}.yml"):
            questions[(example.intent, language)].append(example.text)
    product_names = {p.id: p.name for p in shop.products}
    sources = []
    for path, root in discover([settings.knowledge_dir / d for d in settings.document_dirs]):
        for passage in read_document(path, root).passages:
            meta = passage.metadata
            sources.append(
                KnowledgeSource(
                    as_evidence(Hit(passage, 0.0)),
                    "zh" if meta.get("language") == "zh" else "en",
                    product_names.get(str(meta.get("product"))),
                    str(meta["section"]) if meta.get("section") else None,
                )
            )
    bitext = (settings.public_data_dir or Path("/nonexistent")) / BITEXT_FILE
    openers = tone_openers(bitext) if bitext.is_file() else {}
    prompts = PromptBuilder(TemplateWriter(shop_profile(settings)), shop_profile(settings))
    builder = PairBuilder(prompts.build, questions, openers, today=today, seed=seed)
    first_names = [c.first_name for c in shop.customers]
    return builder.build([o for o in orders if o is not None], sources, first_names)


@dataclass(frozen=True)
class SharedParts:
    """The read-only, slow-to-load parts several assistants can share (one per test case)."""

    classifier: IntentClassifier
    searcher: HybridSearcher
    backend: LLMBackend | None


def shared_parts(settings: Settings) -> SharedParts:
    return SharedParts(intent_classifier(settings), searcher(settings), llm_backend(settings))


def build_assistant(
    settings: Settings,
    *,
    migrate: bool = True,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    shared: SharedParts | None = None,
    policy: ShopPolicy | None = None,
) -> Assistant:
    """Wire the assistant; `clock` is the time turns are received at (tests fix it), `policy`
    replaces the shop's policy file (a test's own rules)."""
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    sessions = make_sessionmaker(engine)
    conversations = ConversationRepository(sessions)
    catalog = CatalogRepository(sessions)
    parts = shared or shared_parts(settings)
    writer = reply_writer(
        settings, lambda: [p.name for p in catalog.terms().products], backend=parts.backend
    )
    services = shop_services(settings, sessions, clock=clock, policy=policy)
    passages = PassageGatherer(parts.searcher)
    orchestrator = Orchestrator(
        understander=Understander(parts.classifier, catalog.terms),
        identity=IdentityCheck(CustomerRepository(sessions), IdentityAttempts(sessions)),
        facts=OrderFactGatherer(OrderRepository(sessions)),
        passages=passages,
        actions=ActionStage(ActionRunner(services), services),
        writer=writer,
        conversations=conversations,
        max_message_chars=settings.max_message_chars,
        clock=clock,
        store_problem=lambda: _sqlite_file_problem(settings.database_url),
    )
    orchestrator.warm_up()
    backend = writer.backend if isinstance(writer, LLMWriter) else None
    return Assistant(settings, engine, sessions, orchestrator, conversations, passages, backend)
