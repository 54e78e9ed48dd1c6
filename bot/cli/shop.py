"""`bot setup`, `bot import`, `bot ingest` and `bot outbox`: the shop's data, documents and mail."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from bot.cli.common import (
    app,
    cli_settings,
    console,
    fail,
)
from bot.cli.train import train_intent_model
from bot.errors import BotError
from bot.settings import Settings


def import_shop_with_progress(settings: Settings, path: Path) -> dict[str, int]:
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
    """Prepare the demo shop: database, shop data and models, each only when missing or stale."""
    settings = cli_settings()
    shop_dir = settings.knowledge_dir / "shop"
    stamp = settings.var_dir / "stamps" / "shop.sha256"
    fingerprint = _fingerprint(shop_dir, settings.database_url)
    try:
        if not force and stamp.is_file() and stamp.read_text() == fingerprint:
            from bot.store.db import make_engine, upgrade

            upgrade(make_engine(settings.database_url))
            console.print("shop database is up to date")
        else:
            counts = import_shop_with_progress(settings, shop_dir)
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(fingerprint)
            console.print(f"imported the demo shop: {counts}")
        documents = [settings.knowledge_dir / d for d in settings.document_dirs]
        console.print(
            f"documents: {ingest_documents(settings, [d for d in documents if d.exists()])}"
        )
        if settings.intent_classifier == "model":
            console.print(f"intent model: {train_intent_model(settings, force=force)}")
        if settings.llm_backend == "embedded":
            from bot.generation.embedded import adapter_dir, converted_dir

            # The one-off GGUF conversion takes ~25 s: do it here, not on the first customer turn.
            folder = converted_dir(settings.llm_model, settings.models_dir)
            adapter = adapter_dir(settings.llm_adapter, settings.llm_model)
            console.print(
                f"reply model: {folder}" + (f" + adapter {adapter.name}" if adapter else "")
            )
    except BotError as exc:
        raise fail(exc) from exc


def ingest_documents(settings: Settings, paths: list[Path]) -> str:
    from bot.retrieval.ingest import ingest
    from bot.store.db import make_engine, make_sessionmaker, upgrade
    from bot.store.repositories import CatalogRepository, DocumentRepository
    from bot.wiring import passage_index

    engine = make_engine(settings.database_url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    index = passage_index(settings)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[rate]}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("ingesting documents", total=None, rate="")
        started = time.perf_counter()

        def report(doc_id: str, done: int, total: int, passages: int) -> None:
            rate = passages / max(time.perf_counter() - started, 1e-6)
            progress.update(
                task,
                completed=done,
                total=total,
                description=f"ingesting {doc_id}",
                rate=f"{rate:.0f} passages/s",
            )

        result = ingest(
            paths,
            index=index,
            documents=DocumentRepository(sessions),
            products=list(CatalogRepository(sessions).terms().products),
            progress=report,
        )
    engine.dispose()
    return (
        f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged, "
        f"{result.removed} removed; {result.passages} passages written in {result.seconds} s "
        f"({result.passages_per_second} passages/s); index holds {index.count()} passages"
    )


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders: Markdown, HTML, text, PDF, JSONL reviews, CSV/JSONL FAQ."
        ),
    ],
) -> None:
    """Bring documents into the search index; unchanged ones are skipped, deleted ones removed."""
    settings = cli_settings()
    try:
        console.print(ingest_documents(settings, paths))
    except BotError as exc:
        raise fail(exc) from exc


@app.command("import")
def import_(path: Annotated[Path, typer.Argument(help="A shop export: file or folder.")]) -> None:
    """Import a shop (our JSON or CSV export, or the tau-bench retail shop). Safe to repeat."""
    settings = cli_settings()
    try:
        counts = import_shop_with_progress(settings, path)
    except BotError as exc:
        raise fail(exc) from exc
    console.print(f"imported {path}: {counts}")


@app.command()
def outbox(
    to: Annotated[str | None, typer.Option(help="Only mail to this address.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 10,
) -> None:
    """Show the mail kept in development instead of sent (BOT_SMTP_URL unset): one-time codes."""
    from bot.store.db import make_engine, make_sessionmaker, upgrade
    from bot.store.repositories import Outbox

    settings = cli_settings()
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        mails = Outbox(make_sessionmaker(engine)).latest(to, limit)
    except BotError as exc:
        raise fail(exc) from exc
    finally:
        engine.dispose()
    if not mails:
        console.print("the outbox is empty")
    for mail in mails:
        console.print(f"[bold]{mail.sent_at:%Y-%m-%d %H:%M:%S}[/] to {mail.to}: {mail.subject}")
        console.print(mail.body, markup=False, highlight=False)
