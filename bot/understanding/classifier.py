"""What every intent classifier returns, and the interface the understanding stage expects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.turn import Entities


@dataclass(frozen=True)
class IntentGuess:
    intent: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()
    """The next most likely intents with their confidences."""
    is_uncertain: bool = False
    """True when the confidence is under the classifier's calibrated threshold."""


class IntentClassifier(Protocol):
    def warm_up(self) -> None: ...

    def classify(self, text: str, entities: Entities) -> IntentGuess: ...
