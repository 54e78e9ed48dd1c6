"""Remove payment card numbers and other secrets from text before it is logged or stored.

Like `settings.py`, this module imports nothing else from `bot`, so every layer may use it.
"""

from __future__ import annotations

import logging
import re

_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_SECRET = re.compile(
    r"(?i)\b(password|passcode|pin|cvv|cvc|api[_ -]?key|secret|token)\b(\s*(?:is|:|=)\s*)(\S+)"
)
_BEARER = re.compile(r"(?i)\b(bearer|sk-)[A-Za-z0-9._-]{8,}")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def redact(text: str) -> str:
    """Card numbers (13-19 digits passing the Luhn check) keep their last four digits; secrets
    given as "password: ..." and API keys are replaced."""

    def card(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return f"[card ****{digits[-4:]}]" if _luhn_ok(digits) else match.group(0)

    text = _CARD.sub(card, text)
    text = _SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}[redacted]", text)
    return _BEARER.sub("[redacted key]", text)


class RedactingFilter(logging.Filter):
    """Redacts every log record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in args)
        return True
