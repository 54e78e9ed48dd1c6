"""Identity levels: the demo shop changes an order only for a customer who typed a one-time code
mailed to the email on file (or who is signed in), not for one who only knows an email address or
a name and zip, which are no secret (measured: an email alone was enough to change an address)."""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.actions.codes import mask, typed_code
from bot.actions.mail import SmtpMailer
from bot.settings import Settings
from bot.store import models as m
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.importer import import_shop
from bot.store.repositories import Outbox
from bot.turn import Reply
from bot.wiring import Assistant, build_assistant
from tests.conftest import NOW

CANCEL = "please cancel order ORD-20003, I ordered it by mistake"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def shop(settings: Settings, shop_dir: Path, clock: Clock, **changes: object) -> Assistant:
    settings = settings.model_copy(update=changes)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    import_shop(make_sessionmaker(engine), shop_dir)
    engine.dispose()
    return build_assistant(settings, clock=clock)


@pytest.fixture
def demo(settings: Settings, shop_dir: Path, clock: Clock) -> Iterator[Assistant]:
    """The demo shop's rule: a one-time code before any change."""
    built = shop(settings, shop_dir, clock, identity_for_changes="code")
    yield built
    built.engine.dispose()


def say(assistant: Assistant, text: str, conversation: str = "c", **kw: object) -> Reply:
    turn = assistant.orchestrator.handle(text, conversation_id=conversation, **kw)  # type: ignore[arg-type]
    assert turn.reply is not None
    return turn.reply


def propose(assistant: Assistant, conversation: str = "c", **kw: object) -> None:
    """Bob is known by his email only, and a cancellation of his order waits for a yes."""
    if "signed_in" not in kw:
        assert say(assistant, "bob.stone@example.com", conversation).kind == "verified"
    assert say(assistant, CANCEL, conversation, **kw).kind == "confirm_change"


def status(assistant: Assistant, order_id: str = "ORD-20003") -> str:
    with assistant.sessions() as session:
        order = session.get(m.Order, order_id)
        assert order is not None
        return order.status


def mailed(assistant: Assistant) -> list[str]:
    """The codes in the outbox, newest first."""
    codes = []
    for mail in Outbox(assistant.sessions).latest():
        found = re.search(r"\b(\d{6})\b", mail.subject)
        assert found and found.group(1) in mail.body
        codes.append(found.group(1))
    return codes


def wrong(code: str) -> str:
    return code[:5] + str((int(code[5]) + 1) % 10)


def test_a_yes_from_someone_who_knows_only_the_email_asks_for_a_code(demo: Assistant) -> None:
    propose(demo)
    asked = say(demo, "yes")
    assert asked.kind == "ask_code" and "b***@example.com" in asked.text
    assert status(demo) == "pending"
    [mail] = Outbox(demo.sessions).latest()
    assert mail.to == "bob.stone@example.com"
    code = mailed(demo)[0]
    assert code not in asked.text

    assert say(demo, wrong(code)).kind == "code_wrong"
    assert status(demo) == "pending"
    applied = say(demo, f"the code is {code[:3]} {code[3:]}")
    assert applied.kind == "change_applied" and status(demo) == "cancelled"
    with demo.sessions() as session:
        row = session.scalars(select(m.OneTimeCode)).one()
        assert code not in (row.code_hash, row.salt) and row.used_at is not None
        state = session.get(m.Conversation, "c")
        assert state is not None and state.state["identity_level"] == "code"


def test_a_used_code_does_not_apply_a_second_change(demo: Assistant) -> None:
    propose(demo)
    say(demo, "yes")
    code = mailed(demo)[0]
    assert say(demo, code).kind == "change_applied"
    assert say(demo, code).kind != "change_applied"
    with demo.sessions() as session:
        assert len(list(session.scalars(select(m.AuditEntry)))) == 1


def test_a_code_works_only_in_its_own_conversation(demo: Assistant) -> None:
    propose(demo, "first")
    say(demo, "yes", "first")
    first = mailed(demo)[0]
    propose(demo, "second")
    say(demo, "yes", "second")
    assert say(demo, first, "second").kind == "code_wrong"
    assert status(demo) == "pending"
    assert say(demo, first, "first").kind == "change_applied"


def test_five_wrong_codes_hand_over_and_lock_the_code(demo: Assistant) -> None:
    propose(demo)
    say(demo, "yes")
    code = mailed(demo)[0]
    replies = [say(demo, wrong(code)) for _ in range(5)]
    assert [r.kind for r in replies] == ["code_wrong"] * 4 + ["code_locked"]
    assert replies[-1].handoff
    assert status(demo) == "pending"
    # Even the right code, now, in a new conversation for the same customer, applies nothing.
    propose(demo, "again")
    assert say(demo, "yes", "again").kind == "ask_code"
    assert say(demo, mailed(demo)[0], "again").kind == "code_locked"
    assert status(demo) == "pending"


def test_an_expired_code_is_replaced_by_a_new_one(demo: Assistant, clock: Clock) -> None:
    propose(demo)
    say(demo, "yes")
    old = mailed(demo)[0]
    clock.now = NOW + timedelta(minutes=11)
    again = say(demo, old)
    assert again.kind == "ask_code" and "no longer valid" in again.text
    assert status(demo) == "pending"
    new = mailed(demo)[0]
    assert say(demo, new).kind == "change_applied"


def test_send_it_again_voids_the_old_code_and_sending_is_limited(demo: Assistant) -> None:
    propose(demo)
    say(demo, "yes")
    first = mailed(demo)[0]
    assert say(demo, "I didn't get it").kind == "ask_code"
    assert len(mailed(demo)) == 2
    assert say(demo, first).kind == "code_wrong"  # the new code voided it
    assert say(demo, "send it again").kind == "ask_code"
    limited = say(demo, "send it again")
    assert limited.kind == "code_not_sent" and len(mailed(demo)) == 3
    assert status(demo) == "pending"
    # The limit is per customer, not per conversation.
    propose(demo, "later")
    assert say(demo, "yes", "later").kind == "code_not_sent"
    assert status(demo) == "pending"


def test_a_no_while_a_code_is_awaited_cancels(demo: Assistant) -> None:
    propose(demo)
    say(demo, "yes")
    code = mailed(demo)[0]
    assert say(demo, "no").kind == "change_cancelled"
    assert say(demo, code).kind != "change_applied"
    assert status(demo) == "pending"


def test_signed_in_customers_need_no_code(demo: Assistant) -> None:
    propose(demo, signed_in="C-0002")
    assert say(demo, "yes", signed_in="C-0002").kind == "change_applied"
    assert mailed(demo) == []


@pytest.mark.parametrize(
    ("level", "after_yes"), [("knowledge", "change_applied"), ("login", "sign_in_needed")]
)
def test_the_level_is_the_shops_choice(
    settings: Settings, shop_dir: Path, clock: Clock, level: str, after_yes: str
) -> None:
    assistant = shop(settings, shop_dir, clock, identity_for_changes=level)
    try:
        propose(assistant)
        assert say(assistant, "yes").kind == after_yes
        assert status(assistant) == ("cancelled" if level == "knowledge" else "pending")
    finally:
        assistant.engine.dispose()


def test_a_mail_server_that_fails_changes_nothing(
    settings: Settings, shop_dir: Path, clock: Clock
) -> None:
    assistant = shop(
        settings,
        shop_dir,
        clock,
        smtp_url=SecretStr("smtp://127.0.0.1:9"),
        identity_for_changes="code",
    )
    try:
        propose(assistant)
        reply = say(assistant, "yes")
        assert reply.kind == "code_not_sent" and "person" in reply.text
        assert status(assistant) == "pending"
    finally:
        assistant.engine.dispose()


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough of an SMTP server to receive one message with smtplib."""

    received: list[bytes] = []

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                body = b""
                while (part := self.rfile.readline()) not in (b".\r\n", b""):
                    body += part
                self.received.append(body)
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_codes_are_mailed_over_smtp() -> None:
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        SmtpMailer(f"smtp://127.0.0.1:{port}", "shop@example.com").send(
            "ann.lee@example.com", "Your code: 123456", "Your code is 123456."
        )
        server.shutdown()
    [message] = _Smtp.received
    assert b"To: ann.lee@example.com" in message and b"Your code is 123456." in message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("123456", "123456"),
        ("my code is 123 456", "123456"),
        ("验证码 123-456", "123456"),
        ("1234567", None),
        ("ORD-123456", None),
        ("call me at 555 123 4567", None),
    ],
)
def test_typed_code(text: str, code: str | None) -> None:
    assert typed_code(text) == code


def test_mask() -> None:
    assert mask("ann.lee@example.com") == "a***@example.com"
