"""How a classifier's probabilities become an intent, and how the two thresholds are calibrated.

Two decisions, in order:
1. About shopping or not: the message is out of scope when P(out_of_scope) reaches `oos`. The
   threshold is the lowest that turns away at most `IN_SCOPE_REJECTION_BUDGET` of the shopping
   messages in the calibration data: a customer told "that's outside what I can help with" about
   their order is the costlier mistake, and an unrelated message that slips through still meets
   the second decision. A budget, unlike the best balanced accuracy, does not move with the mix of
   out-of-scope examples that happens to be in the calibration data.
2. Which shopping intent: the best in-scope intent, its probability renormalised over the in-scope
   intents. Under `unsure`, the assistant asks instead of acting.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.understanding.classifier import IntentGuess

IN_SCOPE_REJECTION_BUDGET = 0.03
"""Share of shopping messages in the calibration data that the `oos` threshold may turn away."""

UNSURE_GOOD_SHARE = 0.02
"""Share of correctly understood calibration turns that the `unsure` threshold lets fall under
it: about 2% of good answers become a clarifying question, and in return most wrong guesses
(which have low confidence) are caught before the assistant acts on them."""


@dataclass(frozen=True)
class Thresholds:
    oos: float
    unsure: float


def softmax(logits: Any) -> Any:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def decide(probabilities: Any, oos: int, oos_threshold: float) -> tuple[Any, Any]:
    """Per row: the chosen label's index and its confidence."""
    p_oos = probabilities[:, oos]
    in_scope = probabilities.copy()
    in_scope[:, oos] = -1.0
    best = in_scope.argmax(axis=1)
    confidence = in_scope.max(axis=1) / np.clip(1.0 - p_oos, 1e-9, None)
    rejected = p_oos >= oos_threshold
    return np.where(rejected, oos, best), np.where(rejected, p_oos, np.clip(confidence, 0, 1))


def guesses(
    probabilities: Any, labels: Sequence[str], oos: int, thresholds: Thresholds
) -> list[IntentGuess]:
    chosen, confidence = decide(probabilities, oos, thresholds.oos)
    result = []
    for row, index, sure in zip(probabilities, chosen, confidence, strict=True):
        others = [i for i in row.argsort()[::-1] if i != index][:2]
        result.append(
            IntentGuess(
                intent=labels[int(index)],
                confidence=round(float(sure), 4),
                alternatives=tuple((labels[int(i)], round(float(row[i]), 4)) for i in others),
                is_uncertain=int(index) != oos and float(sure) < thresholds.unsure,
            )
        )
    return result


def temperature(logits: Any, gold: Any) -> float:
    """Temperature scaling: the T that minimises the calibration set's negative log-likelihood."""
    best_t, best_nll = 1.0, math.inf
    for t in np.linspace(0.5, 4.0, 36):
        probabilities = softmax(logits / t)
        nll = -float(np.mean(np.log(probabilities[np.arange(len(gold)), gold] + 1e-12)))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return round(best_t, 3)


def calibrate(probabilities: Any, gold: Any, oos: int) -> tuple[Thresholds, dict[str, float]]:
    """Both thresholds from calibration data, and what they do on it."""
    is_oos = gold == oos
    best_oos = 0.5
    if (~is_oos).any():
        in_scope_p_oos = probabilities[~is_oos, oos]
        best_oos = next(
            (
                float(t)
                for t in np.linspace(0.05, 0.95, 91)
                if (in_scope_p_oos >= t).mean() <= IN_SCOPE_REJECTION_BUDGET
            ),
            0.95,
        )
    chosen, confidence = decide(probabilities, oos, best_oos)
    correct = (chosen == gold) & ~is_oos
    unsure = (
        float(np.clip(np.quantile(confidence[correct], UNSURE_GOOD_SHARE), 0.1, 0.9))
        if correct.any()
        else 0.5
    )
    acted = (chosen != oos) & (confidence >= unsure)
    wrong = (chosen != gold) & ~is_oos
    report = {
        "examples": int(len(gold)),
        "accuracy": round(float((chosen == gold).mean()), 4),
        "in_scope_accepted": round(float(acted[~is_oos].mean()), 4) if (~is_oos).any() else 1.0,
        "in_scope_errors_caught": round(float((~acted[wrong]).mean()), 4) if wrong.any() else 1.0,
        "oos_recall": round(float((chosen[is_oos] == oos).mean()), 4) if is_oos.any() else 1.0,
    }
    return Thresholds(oos=round(best_oos, 3), unsure=round(unsure, 3)), report
