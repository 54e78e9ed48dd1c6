"""Score the reply model on held-out pairs: verifier pass rate, BLEU and perplexity.

A pair passes when the model's whole reply passes the verifier against the pair's grounding, which
is exactly when the LLM writer would send it rather than the template. BLEU compares the reply with
the reference (sacrebleu; Chinese with its character tokenizer). Perplexity is that of the
reference reply given the prompt, from the model's own token probabilities.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.generation.backends import complete
from bot.generation.embedded import EmbeddedBackend
from bot.generation.llm_writer import MAX_TOKENS
from bot.generation.tuning.lora import encode
from bot.generation.tuning.pairs import Pair
from bot.generation.verifier import verify_reply


@dataclass
class GeneratorScore:
    model: str
    pairs: int = 0
    passed: int = 0
    bleu: dict[str, float] = field(default_factory=dict)
    perplexity: float = 0.0
    pass_rate_by_kind: dict[str, float] = field(default_factory=dict)
    problems: Counter[str] = field(default_factory=Counter)
    seconds_per_reply: float = 0.0
    samples: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.pairs if self.pairs else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "pairs": self.pairs,
            "verifier_pass_rate": round(self.pass_rate, 4),
            "bleu": self.bleu,
            "perplexity": round(self.perplexity, 3) if math.isfinite(self.perplexity) else None,
            "pass_rate_by_kind": self.pass_rate_by_kind,
            "top_problems": self.problems.most_common(8),
            "seconds_per_reply": round(self.seconds_per_reply, 2),
        }


Writer = Callable[[Pair], str]
"""Writes the reply to a pair: a model, or a baseline that does not need one."""


def template_writer(pair: Pair) -> str:
    """The baseline that always wins on facts: the template reply itself."""
    return pair.grounding.template


def copy_writer(pair: Pair) -> str:
    """A baseline that reads only the prompt: it copies the facts or the quote it was given.
    A model that scores no better than this has learned to copy, not to write."""
    system = str(pair.messages[0]["content"])
    if "What [1] says:" in system:
        return system.split("What [1] says:", 1)[1].strip()
    if "FACTS" in system:
        return system.split("FACTS", 1)[1].split(":", 1)[-1].strip()
    return ""


def model_writer(backend: EmbeddedBackend) -> Writer:
    return lambda pair: complete(backend, pair.messages, max_tokens=MAX_TOKENS).strip()


def evaluate(
    write: Writer,
    pairs: Sequence[Pair],
    product_names: list[str],
    *,
    label: str,
    backend: EmbeddedBackend | None = None,
    progress: Callable[[int, int], None] | None = None,
    samples: int = 5,
) -> GeneratorScore:
    """Score a writer on `pairs`; with the model's `backend`, also the reference's perplexity."""
    import sacrebleu

    if backend is not None:
        backend.warm_up()
    score = GeneratorScore(label, pairs=len(pairs))
    hypotheses: dict[str, list[str]] = {"en": [], "zh": []}
    references: dict[str, list[str]] = {"en": [], "zh": []}
    kinds: Counter[str] = Counter()
    kinds_passed: Counter[str] = Counter()
    nll, tokens, seconds = 0.0, 0, 0.0
    for n, pair in enumerate(pairs, 1):
        started = time.perf_counter()
        text = write(pair)
        seconds += time.perf_counter() - started
        verdict = verify_reply(text, replace(pair.grounding, product_names=tuple(product_names)))
        passed = bool(text) and verdict.ok
        score.passed += passed
        kinds[pair.kind] += 1
        kinds_passed[pair.kind] += passed
        score.problems.update(_problem_kind(p) for p in verdict.problems)
        hypotheses[pair.language].append(text)
        references[pair.language].append(pair.reference)
        if backend is not None:
            pair_nll, pair_tokens = _reference_nll(backend, pair)
            nll, tokens = nll + pair_nll, tokens + pair_tokens
        if len(score.samples) < samples and n % max(len(pairs) // samples, 1) == 0:
            score.samples.append(
                {"question": pair.question, "reply": text, "passed": passed, "kind": pair.kind}
            )
        if progress:
            progress(n, len(pairs))
    for language, tokenize in (("en", "13a"), ("zh", "zh")):
        if hypotheses[language]:
            bleu = sacrebleu.corpus_bleu(
                hypotheses[language], [references[language]], tokenize=tokenize
            )
            score.bleu[language] = round(bleu.score, 2)
    score.perplexity = math.exp(nll / tokens) if tokens else float("nan")
    score.pass_rate_by_kind = {k: round(kinds_passed[k] / kinds[k], 3) for k in sorted(kinds)}
    score.seconds_per_reply = seconds / max(len(pairs), 1)
    return score


def _problem_kind(problem: str) -> str:
    """ "date 2023-11-20 is not in the facts" → "date": what kind of fact was invented."""
    return problem.split(" ", 1)[0]


def _reference_nll(backend: EmbeddedBackend, pair: Pair) -> tuple[float, int]:
    """Summed negative log-likelihood of the reference reply's tokens, and their count."""
    import torch

    row = encode(backend.tokenizer, pair)
    ids = torch.tensor([row["input_ids"]])
    labels = torch.tensor([row["labels"]])
    with torch.inference_mode():
        logits = backend.model(input_ids=ids).logits.float()
    shifted, targets = logits[0, :-1], labels[0, 1:]
    keep = targets != -100
    loss = torch.nn.functional.cross_entropy(shifted[keep], targets[keep], reduction="sum")
    return float(loss), int(keep.sum())
