"""Per-stage latency of a turn over the conversation suite (conversations/*.yml, demo shop).

Goal: see which stage a turn's time goes to (load_state, understand, identity, facts, act,
passages, write, record) and how the total compares with the targets of the parts (NLU < 15 ms,
retrieval < 50 ms p50; the embedded model's turn < 1.5 s p50), for the template writer and the
embedded reply model. Run after `make setup`:

    .venv/bin/python bench/stages.py [--backend template] [--backend embedded --limit 60]

It copies the database of the settings (`BOT_DATABASE_URL`, SQLite only; never written) into a
temporary folder, then replays the user messages of every demo-shop case one case at a time, each
case on its own fresh copy with the case's day and fixtures, through `orchestrator.handle` as the
channels do (typed text only: buttons, generated long messages and `shop: tau` files are skipped;
the search index at `BOT_CHROMA_PATH` is only read). The stage times are the turn's own trace
(`Turn.trace`), over all turns: a stage with nothing to do counts with its near-zero time, so
`passages_found` (turns that searched and quoted passages) and `write_by_model` (turns the reply
model was asked to write) are shown apart. `record` is timed around the database write of the
turn (the `record` entry in the stored trace is taken before that write, so it is shown apart as
`record_traced`); `total` is the whole `handle` call. One turn at a time, nothing else running in
the process. Prints a table per backend, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from datetime import time as day_time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from _server import percentile  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.domain import CustomerId  # noqa: E402
from bot.errors import BotError  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402
from bot.store import models as m  # noqa: E402
from bot.store.db import make_engine, upgrade  # noqa: E402
from bot.testing.cases import TestCase, load_cases  # noqa: E402
from bot.testing.runner import case_policy  # noqa: E402
from bot.wiring import (  # noqa: E402
    Assistant,
    SharedParts,
    build_assistant,
    shared_parts,
    shop_policy,
)

STAGES = (
    "load_state",
    "understand",
    "identity",
    "facts",
    "act",
    "passages",
    "passages_found",
    "write",
    "write_by_model",
    "record",
    "record_traced",
    "total",
)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (WAL included), without writing to it."""
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        reader.execute("SELECT 1 FROM sqlite_master LIMIT 1")
    except sqlite3.Error:  # a WAL database without its -shm file cannot be opened read-only
        reader = sqlite3.connect(source)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def case_settings(settings: Settings, database: Path) -> Settings:
    return settings.model_copy(update={"database_url": f"sqlite:///{database}"})


def fixed_clock(now: datetime) -> Callable[[], datetime]:
    return lambda: now


def time_writes(assistant: Assistant) -> list[float]:
    """Times (ms) of the turn writes of `assistant` from now on, appended as they happen."""
    writes: list[float] = []
    record_turn = assistant.conversations.record_turn

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return record_turn(*args, **kwargs)
        finally:
            writes.append((time.perf_counter() - started) * 1000)

    # The orchestrator holds this same repository object.
    setattr(assistant.conversations, "record_turn", timed)  # noqa: B010
    return writes


def replay(
    settings: Settings,
    parts: SharedParts,
    cases: list[TestCase],
    template: Path,
    scratch: Path,
    limit: int | None,
    on_turn: Callable[[int], None],
) -> tuple[dict[str, list[float]], int]:
    """Stage durations (ms) of every replayed turn, and how many turns stored nothing."""
    timings: dict[str, list[float]] = defaultdict(list)
    turns, unrecorded = 0, 0
    for case in cases:
        if limit is not None and turns >= limit:
            break
        database = scratch / f"case-{case.test_case}.db"
        shutil.copyfile(template, database)
        now = datetime.combine(case.fixtures.today, day_time(15, 0), tzinfo=UTC)
        assistant = build_assistant(
            case_settings(settings, database),
            migrate=False,
            clock=fixed_clock(now),
            shared=parts,
            policy=case_policy(shop_policy(settings), case.fixtures),
        )
        writes = time_writes(assistant)
        signed_in = CustomerId(case.fixtures.signed_in) if case.fixtures.signed_in else None
        try:
            for step in case.steps:
                if not isinstance(step.user, str):
                    continue
                if limit is not None and turns >= limit:
                    break
                writes.clear()
                started = time.perf_counter()
                turn = assistant.orchestrator.handle(
                    step.user,
                    conversation_id=f"bench-{case.test_case}",
                    channel="bench",
                    signed_in=signed_in,
                )
                total = (time.perf_counter() - started) * 1000
                turns += 1
                on_turn(turns)
                if not turn.trace.records:  # bad input: answered, nothing stored
                    unrecorded += 1
                    continue
                for record in turn.trace.records:
                    timings[record.stage].append(record.duration_ms)
                    if record.stage == "passages" and record.outcome == "Passages":
                        timings["passages_found"].append(record.duration_ms)
                    if record.stage == "write" and (
                        record.detail.get("backend") != "template" or record.detail.get("problems")
                    ):
                        timings["write_by_model"].append(record.duration_ms)
                if writes:
                    timings["record"].append(writes[-1])
                timings["total"].append(total)
                if turn.turn_id is not None:
                    with assistant.sessions() as session:
                        row = session.get(m.TurnRow, turn.turn_id)
                        stored = row.trace if row else []
                    for entry in stored:
                        if entry.get("stage") == "record":
                            timings["record_traced"].append(float(entry["duration_ms"]))
        finally:
            assistant.engine.dispose()
            database.unlink(missing_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
    return timings, unrecorded


def summary(values: list[float]) -> dict[str, float | int]:
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
        "max_ms": round(max(values), 2),
    }


def table(stages: dict[str, dict[str, float | int]]) -> str:
    lines = [f"{'stage':<16}{'n':>6}{'p50 ms':>11}{'p95 ms':>11}{'max ms':>11}"]
    for name, row in stages.items():
        lines.append(
            f"{name:<16}{row['n']:>6}{row['p50_ms']:>11.2f}{row['p95_ms']:>11.2f}"
            f"{row['max_ms']:>11.2f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--backend",
        action="append",
        choices=("template", "embedded"),
        help="reply writer (repeatable; default: template)",
    )
    parser.add_argument("--limit", type=int, help="at most this many turns per backend")
    parser.add_argument("--conversations", type=Path, default=Path("conversations"))
    args = parser.parse_args()
    backends: list[str] = args.backend or ["template"]
    try:
        settings = load_settings()
        cases = [c for c in load_cases([args.conversations]) if c.fixtures.shop == "demo"]
    except BotError as exc:
        raise SystemExit(f"error: {exc}") from None
    url = make_url(settings.database_url)
    source = Path(url.database or "")
    if url.get_backend_name() != "sqlite" or not source.is_file():
        raise SystemExit(f"needs the demo shop in a SQLite file: {source} (run `make setup`)")

    scratch = Path(tempfile.mkdtemp(prefix="bench-stages-"))
    report: dict[str, Any] = {
        "bench": "stages",
        "cases": len(cases),
        "threads": settings.torch_threads,
        "backends": {},
    }
    try:
        template = scratch / "template.db"
        copy_database(source, template)
        engine = make_engine(f"sqlite:///{template}")
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        for backend in backends:
            chosen = settings.model_copy(update={"llm_backend": backend})
            started = time.perf_counter()
            parts = shared_parts(chosen)
            parts.classifier.warm_up()
            parts.searcher.warm_up()
            if parts.backend is not None:
                parts.backend.warm_up()
            load_s = time.perf_counter() - started

            def on_turn(n: int, backend: str = backend) -> None:
                if n % 25 == 0:
                    print(f"{backend}: {n} turns", file=sys.stderr, flush=True)

            started = time.perf_counter()
            timings, unrecorded = replay(
                chosen, parts, cases, template, scratch, args.limit, on_turn
            )
            replay_s = time.perf_counter() - started
            order = [s for s in STAGES if s in timings] + sorted(set(timings) - set(STAGES))
            stages = {name: summary(timings[name]) for name in order}
            report["backends"][backend] = {
                "turns": len(timings.get("total", [])),
                "bad_input_turns": unrecorded,
                "load_s": round(load_s, 2),
                "replay_s": round(replay_s, 1),
                "stages": stages,
            }
            print(
                f"\n{backend}: {len(timings.get('total', []))} turns stored "
                f"({unrecorded} bad-input turns left out), models loaded in {load_s:.1f} s"
            )
            print(table(stages))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
