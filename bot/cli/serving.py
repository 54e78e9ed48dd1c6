"""`bot chat` and `bot serve`: talk to the assistant in the terminal, or serve the chat app and API."""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import (
    app,
    cli_settings,
    console,
)


@app.command()
def chat(
    json_lines: Annotated[
        bool,
        typer.Option(
            "--json", help="Read one message per stdin line, print one JSON reply per line."
        ),
    ] = False,
    conversation_id: Annotated[str | None, typer.Option(help="Continue this conversation.")] = None,
) -> None:
    """Chat with the assistant in the terminal."""
    from bot.channels.terminal import chat_interactive, chat_json
    from bot.wiring import build_assistant

    settings = cli_settings()
    if json_lines:
        logging.getLogger().setLevel(logging.WARNING)
    assistant = build_assistant(settings)
    if json_lines:
        chat_json(assistant.orchestrator, sys.stdin, sys.stdout, conversation_id)
    else:
        chat_interactive(assistant.orchestrator, console, conversation_id)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Defaults to BOT_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Defaults to BOT_PORT.")] = None,
) -> None:
    """Start the Chainlit chat app, the copilot widget and the HTTP API."""
    from bot.channels.chainlit_files import prepare_app_root

    settings = cli_settings()
    root = prepare_app_root(settings)
    target = Path(__file__).parent.parent / "channels" / "chainlit_app.py"
    env = {**os.environ, "CHAINLIT_APP_ROOT": str(root)}
    for name in ("var_dir", "models_dir", "knowledge_dir", "chroma_path"):
        # Chainlit runs from its app root; keep relative paths pointing where the user meant.
        env[f"BOT_{name.upper()}"] = str(getattr(settings, name).resolve())
    env["BOT_DATABASE_URL"] = absolute_sqlite(settings.database_url)
    if settings.auth_secret is not None:
        # Chainlit signs its own session tokens with this; derived, so one secret is enough.
        env["CHAINLIT_AUTH_SECRET"] = hashlib.sha256(
            b"chainlit:" + settings.auth_secret.get_secret_value().encode()
        ).hexdigest()
    command = [
        sys.executable,
        "-m",
        "chainlit",
        "run",
        str(target),
        "--headless",
        "--host",
        host or settings.host,
        "--port",
        str(port or settings.port),
    ]
    # Become the Chainlit server, so a process manager's signals (honcho, systemd, a test's
    # terminate()) reach it directly instead of leaving an orphan behind.
    sys.stdout.flush()
    os.execve(sys.executable, command, env)


def absolute_sqlite(url: str) -> str:
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str(Path(url[len(prefix) :]).resolve())
    return url
