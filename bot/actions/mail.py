"""Sending the shop's emails: through an SMTP server, or, in development, into the outbox table.

`BOT_SMTP_URL` picks the server: `smtp://host:25`, `smtp+starttls://user:password@host:587` or
`smtps://user:password@host:465`. Without it, mail is kept in the database's outbox, where
`bot outbox` (and the operator console) shows it.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import unquote, urlsplit

from bot.store.repositories import Outbox

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str) -> None:
        """Deliver one plain-text email, or raise `OSError` / `smtplib.SMTPException`."""
        ...


@dataclass(frozen=True)
class SmtpMailer:
    """`url` is checked by the settings (`BOT_SMTP_URL`)."""

    url: str
    sender: str
    timeout_s: float = 10.0

    def send(self, to: str, subject: str, body: str) -> None:
        parts = urlsplit(self.url)
        host, port = parts.hostname or "", parts.port or SCHEMES[parts.scheme]
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        context = ssl.create_default_context()
        client = (
            smtplib.SMTP_SSL(host, port, timeout=self.timeout_s, context=context)
            if parts.scheme == "smtps"
            else smtplib.SMTP(host, port, timeout=self.timeout_s)
        )
        with client:
            if parts.scheme == "smtp+starttls":
                client.starttls(context=context)
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
            client.send_message(message)


@dataclass(frozen=True)
class OutboxMailer:
    """Development mail: kept in the outbox table, never sent."""

    outbox: Outbox

    def send(self, to: str, subject: str, body: str) -> None:
        self.outbox.add(to, subject, body, at=datetime.now(UTC))
