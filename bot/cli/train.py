"""`bot train nlu` and `bot train generator`: fine-tune the intent classifier and the reply model."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import (
    cli_settings,
    console,
    fail,
    step_progress,
    train_app,
)
from bot.errors import BotError, ConfigError
from bot.generation.tuning.lora import LoraConfig
from bot.settings import Settings


def train_intent_model(settings: Settings, *, force: bool = False) -> Path:
    from bot.understanding.training import artifact_dir, fingerprint, train
    from bot.wiring import nlu_training_config, nlu_training_data

    config = nlu_training_config(settings)
    data = nlu_training_data(settings)
    if force:
        shutil.rmtree(
            artifact_dir(settings.models_dir, fingerprint(data, config)), ignore_errors=True
        )
    console.print(f"intent examples: {data.counts}")
    with step_progress("training intent classifier") as report:
        return train(data, config, settings.models_dir, progress=report)


@train_app.command("nlu")
def train_nlu(
    force: Annotated[bool, typer.Option(help="Retrain even if up to date.")] = False,
) -> None:
    """Fine-tune the intent classifier on knowledge/nlu and the public sets in data/."""
    settings = cli_settings()
    try:
        folder = train_intent_model(settings, force=force)
    except BotError as exc:
        raise fail(exc) from exc
    card = json.loads((folder / "nlu.json").read_text())
    console.print(f"intent model: {folder}")
    console.print(
        {
            k: card[k]
            for k in (
                "train_seconds",
                "train_examples_per_second",
                "schedule",
                "temperature",
                "thresholds",
                "calibration",
                "zh_thresholds",
                "zh_calibration",
            )
        }
    )


PAIRS_DATE = "2026-11-22"
"""The day the generator's pairs are built on (it decides which orders are late): fixed, so the
shipped adapter can be reproduced."""


@train_app.command("generator")
def train_generator(
    steps: Annotated[int, typer.Option(help="Optimizer steps.")] = LoraConfig.steps,
    seed: Annotated[int, typer.Option(help="Seed for the pairs, the split and training.")] = 42,
    out: Annotated[
        Path | None, typer.Option(help="Adapter folder (default: the one the package ships).")
    ] = None,
) -> None:
    """Fine-tune the embedded model with LoRA on grounded reply pairs from the demo shop."""
    from bot.generation.embedded import SHIPPED_ADAPTERS, converted_dir
    from bot.generation.tuning.lora import train_adapter
    from bot.generation.tuning.pairs import split
    from bot.wiring import generator_pairs

    settings = cli_settings()
    target = out or SHIPPED_ADAPTERS.get(settings.llm_model)
    if target is None:
        raise fail(ConfigError(f"no default adapter folder for {settings.llm_model!r}: --out"))
    try:
        pairs = generator_pairs(settings, seed=seed, today=date.fromisoformat(PAIRS_DATE))
        train_pairs, held_out = split(pairs)
        console.print(
            f"pairs: {len(train_pairs)} for training, {len(held_out)} held out "
            f"({len(pairs) - len(train_pairs) - len(held_out)} more held-out pairs dropped: "
            "they repeat a training question)"
        )
        base = converted_dir(settings.llm_model, settings.models_dir)
        config = LoraConfig(steps=steps, seed=seed, threads=settings.torch_threads)
        command = f"bot train generator --steps {steps} --seed {seed}"
        with step_progress("fine-tuning the reply model (LoRA)") as report:
            meta = train_adapter(
                train_pairs, base, target, config, command=command, progress=report
            )
    except BotError as exc:
        raise fail(exc) from exc
    console.print(f"adapter: {target}")
    console.print({k: meta[k] for k in ("pairs_used", "train_seconds", "seconds_per_step")})
