"""Speed of the embedded model on a typical order-status turn (issue 5).

    .venv/bin/python bench/generation_speed.py [--runs 5] [--max-tokens 64]

Prints JSON: model load time, time to first token, whole-reply time and tokens/s (p50 over runs),
and the memory-bandwidth ceiling: bytes of weights read per token against a measured copy
bandwidth. llama.cpp is not installed here (its Python package compiles for ~12 minutes), so the
ceiling stands in for it. Targets: first token < 0.5 s, whole turn < 1.5 s p50.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

from bot.generation.embedded import EmbeddedBackend, adapter_dir  # noqa: E402
from bot.generation.prompting import PromptBuilder  # noqa: E402
from bot.generation.template import ShopProfile, TemplateWriter  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.testing.samples import ORDER_STATUS_PLAN  # noqa: E402


def copy_bandwidth_gb_s() -> float:
    data = np.ones(64 * 1024 * 1024 // 8)  # 64 MB
    best = 0.0
    for _ in range(5):
        started = time.perf_counter()
        data.copy()
        elapsed = time.perf_counter() - started
        best = max(best, 2 * data.nbytes / elapsed / 1e9)  # read + write
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--max-tokens", type=int, default=64)
    args = parser.parse_args()
    settings = Settings()
    shop = ShopProfile(
        settings.shop_name, settings.support_email, settings.agent_hours, settings.agent_hours_zh
    )
    backend = EmbeddedBackend(
        settings.llm_model,
        Path(settings.models_dir),
        adapter=adapter_dir(settings.llm_adapter, settings.llm_model),
        threads=settings.torch_threads,
    )
    started = time.perf_counter()
    backend.warm_up()
    load_s = time.perf_counter() - started
    templates = TemplateWriter(shop)
    prompts = PromptBuilder(templates, shop)
    plan = ORDER_STATUS_PLAN
    messages = prompts.build(plan, "Where is my order ORD-10042?").messages
    first, total, rates = [], [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        pieces = []
        for piece in backend.stream(messages, max_tokens=args.max_tokens):
            if not pieces:
                first.append(time.perf_counter() - started)
            pieces.append(piece)
        elapsed = time.perf_counter() - started
        total.append(elapsed)
        tokens = len(backend.tokenizer("".join(pieces))["input_ids"])
        rates.append(tokens / max(elapsed - first[-1], 1e-6))
    parameters = sum(p.numel() for p in backend.model.parameters())
    weight_bytes = parameters * 2  # bf16
    bandwidth = copy_bandwidth_gb_s()
    print(
        json.dumps(
            {
                "model": settings.llm_model,
                "threads": settings.torch_threads,
                "load_s": round(load_s, 2),
                "runs": args.runs,
                "max_tokens": args.max_tokens,
                "first_token_s_p50": round(statistics.median(first), 3),
                "turn_s_p50": round(statistics.median(total), 3),
                "tokens_per_s_p50": round(statistics.median(rates), 1),
                "parameters_m": round(parameters / 1e6, 1),
                "copy_bandwidth_gb_s": round(bandwidth, 1),
                "bandwidth_bound_tokens_per_s": round(bandwidth * 1e9 / weight_bytes, 1),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
