"""The files Chainlit reads from its app root (config, welcome page), written from our settings.

Chainlit would otherwise generate defaults that accept 500 MB uploads and show its own branding.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.settings import Settings

_TEMPLATE = "chainlit_config.toml.j2"


def prepare_app_root(settings: Settings) -> Path:
    """Write `.chainlit/config.toml` and `chainlit.md` under var/, and return that root."""
    root = settings.chainlit_root.resolve()
    (root / ".chainlit").mkdir(parents=True, exist_ok=True)
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    config = env.get_template(_TEMPLATE).render(
        # JSON strings and arrays of strings are valid TOML.
        shop_name_toml=json.dumps(settings.shop_name),
        allow_origins=json.dumps(settings.widget_origins),
    )
    (root / ".chainlit" / "config.toml").write_text(config, encoding="utf-8")
    (root / "chainlit.md").write_text(
        f"# {settings.shop_name}\n\nAsk about your orders, deliveries and refunds. "
        "You will be asked to confirm who you are before any order details are shown.\n",
        encoding="utf-8",
    )
    return root
