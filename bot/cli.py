"""The `bot` command: set up the demo shop, import shops, chat in the terminal, serve the app."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from bot.errors import BotError
from bot.settings import Settings

app = typer.Typer(
    help="A grounded customer-service assistant for online shops.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True, soft_wrap=True)


def _settings() -> Settings:
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return settings


def _fail(exc: BotError) -> typer.Exit:
    err.print(f"[bold red]error:[/bold red] {exc}")
    return typer.Exit(code=1)


def _import_with_progress(settings: Settings, path: Path) -> dict[str, int]:
    from bot.store.db import make_engine, make_sessionmaker, upgrade
    from bot.store.importer import import_shop

    engine = make_engine(settings.database_url)
    upgrade(engine)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def report(kind: str, done: int) -> None:
            if kind not in tasks:
                tasks[kind] = progress.add_task(f"writing {kind}", total=None)
            progress.update(tasks[kind], completed=done)

        result = import_shop(make_sessionmaker(engine), path, progress=report)
    engine.dispose()
    return {"format": result.format, **result.counts}  # type: ignore[dict-item]


def _fingerprint(folder: Path, database_url: str) -> str:
    digest = hashlib.sha256(database_url.encode())
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            digest.update(str(file.relative_to(folder)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


@app.command()
def setup(
    force: Annotated[bool, typer.Option(help="Rebuild even if nothing changed.")] = False,
) -> None:
    """Prepare the demo shop: migrate the database and import the shop's data when it changed."""
    settings = _settings()
    shop_dir = settings.knowledge_dir / "shop"
    stamp = settings.var_dir / "stamps" / "shop.sha256"
    fingerprint = _fingerprint(shop_dir, settings.database_url)
    if not force and stamp.is_file() and stamp.read_text() == fingerprint:
        from bot.store.db import make_engine, upgrade

        upgrade(make_engine(settings.database_url))
        console.print("shop database is up to date")
        return
    try:
        counts = _import_with_progress(settings, shop_dir)
    except BotError as exc:
        raise _fail(exc) from exc
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint)
    console.print(f"imported the demo shop: {counts}")


@app.command("import")
def import_(path: Annotated[Path, typer.Argument(help="A shop export: file or folder.")]) -> None:
    """Import a shop (our JSON or CSV export, or the tau-bench retail shop). Safe to repeat."""
    settings = _settings()
    try:
        counts = _import_with_progress(settings, path)
    except BotError as exc:
        raise _fail(exc) from exc
    console.print(f"imported {path}: {counts}")


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

    settings = _settings()
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

    settings = _settings()
    root = prepare_app_root(settings)
    target = Path(__file__).parent / "channels" / "chainlit_app.py"
    env = {**os.environ, "CHAINLIT_APP_ROOT": str(root)}
    for name in ("var_dir", "knowledge_dir", "chroma_path"):
        # Chainlit runs from its app root; keep relative paths pointing where the user meant.
        env[f"BOT_{name.upper()}"] = str(getattr(settings, name).resolve())
    env["BOT_DATABASE_URL"] = _absolute_sqlite(settings.database_url)
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
    raise typer.Exit(subprocess.call(command, env=env))


def _absolute_sqlite(url: str) -> str:
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str(Path(url[len(prefix) :]).resolve())
    return url


if __name__ == "__main__":
    app()
