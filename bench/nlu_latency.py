"""Per-turn latency of understanding (entities with the catalog, plus intent classification).

Target (issue 3): under 15 ms p50 on 2 cores. Run after `make setup`:

    .venv/bin/python bench/nlu_latency.py [--turns 500]

It classifies held-out messages one at a time, as the assistant does, in English and Chinese,
and prints JSON with p50/p95/max in milliseconds.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import time
from datetime import date

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.settings import Settings  # noqa: E402
from bot.store.db import make_engine, make_sessionmaker  # noqa: E402
from bot.store.repositories import CatalogRepository  # noqa: E402
from bot.turn import DialogueState  # noqa: E402
from bot.understanding.training import current_model  # noqa: E402
from bot.understanding.understander import Understander  # noqa: E402
from bot.wiring import intent_classifier  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=500)
    args = parser.parse_args()
    settings = Settings()
    folder = current_model(settings.models_dir)
    if folder is None:
        raise SystemExit("no trained intent model: run `make setup` first")
    engine = make_engine(settings.database_url)
    stage = Understander(
        intent_classifier(settings), CatalogRepository(make_sessionmaker(engine)).terms
    )
    stage.warm_up()
    report: dict[str, object] = {"model": folder.name, "threads": settings.torch_threads}
    for name in ("validation", "validation_zh"):
        with (folder / "heldout" / f"{name}.csv").open(encoding="utf-8") as handle:
            texts = [row["text"] for row in csv.DictReader(handle)][: args.turns]
        for text in texts[:10]:
            stage.run(text, DialogueState(), date.today())
        timings = []
        for text in texts:
            started = time.perf_counter()
            stage.run(text, DialogueState(), date.today())
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        report[name] = {
            "turns": len(timings),
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
            "max_ms": round(timings[-1], 2),
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
