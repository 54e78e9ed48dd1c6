"""Fine-tune the embedded model with LoRA (peft) and the Hugging Face `Trainer`, on the CPU.

Only the reply is learned: the prompt's tokens are masked out of the loss. The result is a small
adapter folder (a few MB) that `EmbeddedBackend` merges into the base model when it loads, plus
`training.json`, which records the data, settings and seed that reproduce it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot import hf_trainer
from bot.generation.embedded import quiet_peft
from bot.generation.tuning.pairs import Pair
from bot.hf_trainer import StepProgress

logger = logging.getLogger(__name__)

TARGET_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
META_FILE = "training.json"


@dataclass(frozen=True)
class LoraConfig:
    steps: int = 160
    batch_size: int = 8
    learning_rate: float = 1e-3
    rank: int = 8
    alpha: int = 16
    dropout: float = 0.05
    max_length: int = 512
    """Longer pairs are left out of training rather than cut (a cut reply teaches nothing)."""
    top_layers: int = 12
    """Adapt only the top layers: backpropagation then stops there, which halves a step's time."""
    seed: int = 42
    threads: int = 2
    target_modules: tuple[str, ...] = field(default=TARGET_MODULES)


def fingerprint(pairs: Sequence[Pair]) -> str:
    digest = hashlib.sha256()
    for pair in pairs:
        digest.update(json.dumps([pair.messages, pair.reference], ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def encode(tokenizer: Any, pair: Pair) -> dict[str, list[int]]:
    """Token ids of prompt + reply, with the prompt's labels masked (-100)."""
    prompt = tokenizer.apply_chat_template(pair.messages, add_generation_prompt=True)
    whole = tokenizer.apply_chat_template(
        [*pair.messages, {"role": "assistant", "content": pair.reference}]
    )
    prompt_ids, ids = _ids(prompt), _ids(whole)
    if ids[: len(prompt_ids)] != prompt_ids:
        raise ValueError("the chat template does not extend the prompt with the reply")
    labels = [-100] * len(prompt_ids) + ids[len(prompt_ids) :]
    return {"input_ids": ids, "attention_mask": [1] * len(ids), "labels": labels}


def _ids(encoded: Any) -> list[int]:
    """apply_chat_template returns a list, or a BatchEncoding, depending on the version."""
    return list(encoded["input_ids"] if hasattr(encoded, "keys") else encoded)


def train_adapter(
    pairs: Sequence[Pair],
    base_dir: Path,
    out_dir: Path,
    config: LoraConfig,
    *,
    command: str = "",
    progress: StepProgress | None = None,
) -> dict[str, Any]:
    """Train a LoRA adapter on `pairs` and save it to `out_dir`; returns what `training.json`
    records."""
    import torch
    from transformers import DataCollatorForSeq2Seq

    hf_trainer.prepare(config.seed, config.threads)
    tokenizer, model = _lora_model(base_dir, config)
    rows = [encode(tokenizer, p) for p in pairs]
    kept = [r for r in rows if len(r["input_ids"]) <= config.max_length]
    random.Random(config.seed).shuffle(kept)
    scratch = out_dir.with_name(out_dir.name + ".tmp")
    run = hf_trainer.fit(
        model,
        kept,
        DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=-100),
        hf_trainer.LoopSettings(
            learning_rate=config.learning_rate,
            batch_size=config.batch_size,
            max_steps=config.steps,
            decay="cosine",
            log_every=10,
        ),
        scratch=scratch,
        seed=config.seed,
        progress=progress,
        around_training=quiet_peft,
    )
    seconds = run.seconds

    if scratch.exists():
        shutil.rmtree(scratch)
    model.to(torch.bfloat16).save_pretrained(scratch)  # half the size; the base runs in bf16
    meta = {
        "base_model": base_dir.name,
        "config": asdict(config),
        "pairs": len(pairs),
        "pairs_used": len(kept),
        "data_fingerprint": fingerprint(pairs),
        "train_seconds": round(seconds, 1),
        "seconds_per_step": round(seconds / max(config.steps, 1), 2),
        "loss_every_10_steps": list(run.losses),
        "command": command,
    }
    (scratch / META_FILE).write_text(json.dumps(meta, indent=2) + "\n")
    for junk in ("README.md",):
        (scratch / junk).unlink(missing_ok=True)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    scratch.rename(out_dir)
    return meta


def _lora_model(base_dir: Path, config: LoraConfig) -> tuple[Any, Any]:
    """The base model's tokenizer, and the base model in bf16 with LoRA adapters on its top
    `config.top_layers` layers."""
    import peft
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base_dir)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    # bf16 runs twice as fast as fp32 here (AVX-512 BF16); peft keeps the adapter itself in fp32.
    model: Any = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.bfloat16)
    layers = model.config.num_hidden_layers
    with quiet_peft():
        model = peft.get_peft_model(
            model,
            peft.LoraConfig(
                layers_to_transform=list(range(max(layers - config.top_layers, 0), layers)),
                r=config.rank,
                lora_alpha=config.alpha,
                lora_dropout=config.dropout,
                target_modules=list(config.target_modules),
                task_type="CAUSAL_LM",
            ),
        )
    return tokenizer, model
