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

from bot import fact_patterns as fp
from bot.generation.backends import LLMBackend, complete
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
    complete: int = 0
    """Replies that carry every fact the plan says they must (see `carries_the_facts`)."""
    good: int = 0
    """Replies that both pass the verifier and carry the facts: what a customer needs."""
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
            "carries_the_facts": round(self.complete / self.pairs, 4) if self.pairs else 0.0,
            "passes_and_carries_the_facts": round(self.good / self.pairs, 4) if self.pairs else 0.0,
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
        return system.rsplit("FACTS", 1)[1].split(":", 1)[-1].strip()
    return ""


def model_writer(backend: LLMBackend) -> Writer:
    return lambda pair: complete(backend, pair.messages, max_tokens=MAX_TOKENS).strip()


_FACT_VALUES = (
    ("order_id", fp.ORDER_ID),
    ("tracking", fp.TRACKING_NUMBER),
    ("amount", fp.MONEY),
    ("date", fp.ISO_DATE),
    ("carrier", fp.CARRIER),
)


def delexicalised_writer(backend: LLMBackend) -> Writer:
    """The model sees placeholders ({order_id_1}, {date_2}...) where the prompt has facts, and
    code puts the values back into its reply: the model never types a fact. A placeholder it
    invents stays visible, and fails the verifier's checks as the text it is."""

    def write(pair: Pair) -> str:
        system = str(pair.messages[0]["content"])
        values: dict[str, str] = {}
        for name, pattern in _FACT_VALUES:
            for value in dict.fromkeys(m.group(0) for m in pattern.finditer(system)):
                slot = f"{{{name}_{sum(k.startswith(name) for k in values) + 1}}}"
                values[slot] = value
                system = system.replace(value, slot)
        messages = [{**pair.messages[0], "content": system}, *pair.messages[1:]]
        text = complete(backend, messages, max_tokens=MAX_TOKENS).strip()  # type: ignore[arg-type]
        for slot, value in values.items():
            text = text.replace(slot, value)
        return text

    return write


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
        carries = carries_the_facts(text, pair.grounding.template)
        score.complete += carries
        score.good += passed and carries
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


def carries_the_facts(reply: str, template: str) -> bool:
    """Whether the reply answers: it names every order id, tracking number, amount, date and
    carrier that the template reply (the plan's facts) states. A reply that invents nothing but
    leaves the customer's facts out passes the verifier and fails this."""
    needed: list[set[object]] = [
        {m.upper() for m in fp.ORDER_ID.findall(template)},
        set(fp.TRACKING_NUMBER.findall(template)),
        set(fp.amounts_cents(template)),
        {(d.month, d.day) for d in fp.date_mentions(template)},
        set[object](fp.carriers(template)),
    ]
    said: list[set[object]] = [
        {m.upper() for m in fp.ORDER_ID.findall(reply)},
        set(fp.TRACKING_NUMBER.findall(reply)),
        set(fp.amounts_cents(reply)),
        {(d.month, d.day) for d in fp.date_mentions(reply)},
        set[object](fp.carriers(reply)),
    ]
    return all(need <= have for need, have in zip(needed, said, strict=True))


def _problem_kind(problem: str) -> str:
    """ "date 2023-11-20 is not in the facts" → "date": what kind of fact was invented; problems
    of form (repetition, language, length, leaked prompt) → "form"."""
    first = problem.split(" ", 1)[0]
    return "form" if first in ("the", "a", "sentence") else first


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
