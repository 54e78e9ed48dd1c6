"""How long training the intent classifier takes, from a fresh clone's data, on this machine.

Goal: under 3 minutes on 2 CPU cores for `bot setup`'s training (data, fine-tuning, calibration
and the Chinese model), so a shop that edits its examples gets a new model in minutes:

    .venv/bin/python bench/train_nlu.py [--runs 1]

Each run trains into a new temporary folder (nothing is reused), with the settings from the
environment and `.env`. Prints the time of each part and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.errors import ConfigError  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.understanding.training import schedule, train  # noqa: E402
from bot.wiring import nlu_training_config, nlu_training_data  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    try:
        settings = load_settings()
    except ConfigError as exc:
        sys.exit(str(exc))
    runs = []
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            data = nlu_training_data(settings)
            config = nlu_training_config(settings)
            prepared = time.perf_counter() - started
            folder = train(data, config, Path(scratch))
            total = time.perf_counter() - started
            card = json.loads((folder / "nlu.json").read_text())
        figures = {
            "run": run,
            "examples": len(data.train),
            "schedule": vars(schedule(config, len(data.train))),
            "data_s": round(prepared, 1),
            "fine_tuning_s": card["train_seconds"],
            "total_s": round(total, 1),
            "examples_per_s": card["train_examples_per_second"],
            "threads": config.threads,
        }
        runs.append(figures)
        print(
            f"run {run}: {figures['examples']} examples, {figures['schedule']}; data "
            f"{figures['data_s']} s, fine-tuning {figures['fine_tuning_s']} s, total "
            f"{figures['total_s']} s (goal < 180 s)"
        )
    print(json.dumps({"bench": "train_nlu", "runs": runs}))


if __name__ == "__main__":
    main()
