"""One Hugging Face `Trainer` set-up for both fine-tunes on the CPU: the intent classifier
(`bot.understanding.training`) and the reply model's LoRA adapter (`bot.generation.tuning.lora`).

Both train in-memory rows (no `datasets`), seeded, with batches grouped by length, no checkpoints
and no reporting, and report progress and losses the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

StepProgress = Callable[[int, int], None]
"""Called after each optimiser step with (step, total steps)."""


@dataclass(frozen=True)
class LoopSettings:
    """How long and how fast: `epochs` or `max_steps` (one of them), and the rate's shape."""

    learning_rate: float
    batch_size: int
    epochs: float | None = None
    max_steps: int | None = None
    decay: Literal["linear", "cosine"] = "linear"
    weight_decay: float = 0.0
    log_every: int | None = None
    """Record the loss every this many steps; None records nothing."""


@dataclass(frozen=True)
class TrainRun:
    seconds: float
    losses: tuple[float, ...]


def prepare(seed: int, threads: int) -> None:
    """Seed everything, use `threads` CPU threads, and keep the library's own bars and notices
    quiet (a new head's "newly initialized" warning is expected)."""
    import torch
    from transformers import set_seed
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    set_seed(seed)
    torch.set_num_threads(threads)


def fit(
    model: Any,
    rows: Sequence[dict[str, Any]],
    collator: Any,
    settings: LoopSettings,
    *,
    scratch: Path,
    seed: int,
    progress: StepProgress | None = None,
    around_training: Callable[[], AbstractContextManager[Any]] = nullcontext,
) -> TrainRun:
    """Train `model` on `rows` in place; `scratch` is the Trainer's output folder (nothing is
    saved there). `around_training` wraps the training loop (e.g. to silence a library)."""
    from transformers import Trainer, TrainerCallback, TrainingArguments

    if (settings.epochs is None) == (settings.max_steps is None):
        raise ValueError("a schedule takes epochs or max_steps, not both")
    length: dict[str, Any] = (
        {"max_steps": settings.max_steps}
        if settings.max_steps is not None
        else {"num_train_epochs": settings.epochs}
    )
    logging: dict[str, Any] = (
        {"logging_steps": settings.log_every} if settings.log_every else {"logging_strategy": "no"}
    )
    arguments = TrainingArguments(
        output_dir=str(scratch),
        per_device_train_batch_size=settings.batch_size,
        learning_rate=settings.learning_rate,
        weight_decay=settings.weight_decay,
        warmup_steps=0.06,
        lr_scheduler_type=settings.decay,
        seed=seed,
        data_seed=seed,
        save_strategy="no",
        report_to=[],
        disable_tqdm=True,
        use_cpu=True,
        dataloader_num_workers=0,
        train_sampling_strategy="group_by_length",
        **length,
        **logging,
    )
    losses: list[float] = []

    class _Progress(TrainerCallback):
        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if progress is not None:
                progress(state.global_step, state.max_steps)

        def on_log(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            logs = kwargs.get("logs") or {}
            if "loss" in logs:
                losses.append(round(float(logs["loss"]), 4))

    trainer = Trainer(
        model=model,
        args=arguments,
        train_dataset=list(rows),
        data_collator=collator,
        callbacks=[_Progress()],
    )
    started = time.perf_counter()
    with around_training():
        trainer.train()
    return TrainRun(seconds=time.perf_counter() - started, losses=tuple(losses))
