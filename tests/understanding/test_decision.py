"""The two calibrated decisions: out of scope or not, then sure enough to act or not."""

from __future__ import annotations

import numpy as np

from bot.understanding.decision import IN_SCOPE_REJECTION_BUDGET, Thresholds, calibrate, guesses

LABELS = ("out_of_scope", "track_order", "get_refund")
OOS = 0


def _rows(p_oos: float, p_track: float, count: int) -> list[list[float]]:
    return [[p_oos, p_track, round(1.0 - p_oos - p_track, 6)]] * count


def test_the_oos_threshold_keeps_shopping_messages_within_the_budget_before_recall() -> None:
    # 5 of 100 shopping messages look somewhat unrelated (P(out_of_scope) 0.3); the unrelated
    # messages sit just under them. The best balanced accuracy would reject at 0.05 and turn
    # away those 5 customers; the budget allows at most 3.
    rows = _rows(0.02, 0.9, 95) + _rows(0.3, 0.5, 5) + _rows(0.25, 0.5, 100)
    gold = np.array([1] * 100 + [OOS] * 100)
    thresholds, report = calibrate(np.array(rows), gold, OOS)
    assert thresholds.oos == 0.31
    assert (np.array(rows)[:100, OOS] >= thresholds.oos).mean() <= IN_SCOPE_REJECTION_BUDGET
    assert report["oos_recall"] == 0.0


def test_the_oos_threshold_is_the_lowest_within_the_budget() -> None:
    rows = _rows(0.02, 0.9, 98) + _rows(0.6, 0.3, 2) + _rows(0.1, 0.5, 100)
    gold = np.array([1] * 100 + [OOS] * 100)
    thresholds, report = calibrate(np.array(rows), gold, OOS)
    assert thresholds.oos == 0.05
    assert report["oos_recall"] == 1.0


def test_guesses_reject_at_the_threshold_and_flag_unsure_in_scope_answers() -> None:
    probabilities = np.array([[0.6, 0.3, 0.1], [0.1, 0.85, 0.05], [0.1, 0.45, 0.45]])
    result = guesses(probabilities, LABELS, OOS, Thresholds(oos=0.5, unsure=0.6))
    assert [g.intent for g in result] == ["out_of_scope", "track_order", "track_order"]
    assert [g.is_uncertain for g in result] == [False, False, True]
    # Confidence is renormalised over the in-scope intents: 0.85 / 0.9.
    assert result[1].confidence == round(0.85 / 0.9, 4)
