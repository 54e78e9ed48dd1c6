"""What every `bot` command shares: the Typer apps, the consoles, settings that fail in one
line, and a progress bar for long work."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from bot.errors import BotError, ConfigError
from bot.redaction import RedactingFilter
from bot.settings import Settings, load_settings

train_app = typer.Typer(help="Train the assistant's models.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure the assistant's models.", no_args_is_help=True)
app = typer.Typer(
    help="A grounded customer-service assistant for online shops.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")
console = Console()
err = Console(stderr=True, soft_wrap=True)


def cli_settings() -> Settings:
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise fail(exc) from None
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter())
    return settings


def fail(exc: BotError) -> typer.Exit:
    err.print(f"[bold red]error:[/bold red] {exc}")
    return typer.Exit(code=1)


@contextmanager
def step_progress(
    description: str, *, on: Console = console
) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar for steps of long work; yields the callback the work reports to.
    Commands that print JSON show it `on` stderr."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=on,
    ) as progress:
        task = progress.add_task(description, total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)
