"""`bot test`: the scripted conversation tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import (
    app,
    cli_settings,
    console,
    fail,
    step_progress,
)
from bot.errors import BotError, ConfigError


@app.command("test")
def test_conversations(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders of cases (default: conversations/)."),
    ] = None,
    junit: Annotated[Path | None, typer.Option(help="Also write JUnit XML here.")] = None,
    backend: Annotated[
        str, typer.Option(help="template (deterministic) or embedded (the reply model).")
    ] = "template",
    workers: Annotated[int, typer.Option(min=1, help="Cases run side by side.")] = 2,
    coverage_json: Annotated[Path | None, typer.Option(help="Write coverage as JSON.")] = None,
) -> None:
    """Run the scripted conversation tests, each on a fresh copy of its shop."""
    from bot.testing.cases import load_cases
    from bot.testing.report import coverage, print_coverage, print_report, write_junit
    from bot.testing.runner import ConversationRunner

    if backend not in ("template", "embedded"):
        raise fail(ConfigError(f"--backend must be template or embedded, not {backend!r}"))
    settings = cli_settings().model_copy(update={"llm_backend": backend})
    try:
        cases = load_cases(paths or [Path("conversations")])
    except BotError as exc:
        raise fail(exc) from exc
    runner = ConversationRunner(settings, workers=workers)
    try:
        with step_progress("conversation tests") as report:
            done: list[int] = []

            def progressed(_: object) -> None:
                done.append(1)
                report(len(done), len(cases))

            results = runner.run(cases, on_result=progressed)
    except BotError as exc:
        raise fail(exc) from exc
    finally:
        runner.close()
    print_report(console, results)
    covered = coverage(results)
    print_coverage(console, covered)
    if junit:
        write_junit(junit, results)
    if coverage_json:
        coverage_json.write_text(json.dumps(covered, indent=2) + "\n")
    raise typer.Exit(0 if all(r.as_expected for r in results) else 1)
