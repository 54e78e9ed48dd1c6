"""The chat in a real Chromium, driven by Playwright against `bot serve`: the confirmation
sequence that once cancelled an order from a declined proposal's stale Yes button.

Needs Debian's Chromium (`apt-get install -y chromium`, which `.ci/run` does); skipped with a
message where it is absent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.settings import Settings
from bot.store import models as m
from bot.store.db import make_engine, make_sessionmaker
from tests.actions.conftest import action_shop
from tests.channels.test_chainlit_server import running_server
from tests.shopdata import write_shop

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
]


@pytest.fixture
def server(settings: Settings, tmp_path: Path) -> Iterator[str]:
    shop = write_shop(tmp_path / "export", action_shop())
    with running_server(settings, shop, tmp_path) as base:
        yield base


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.set_default_timeout(60_000)
        yield page
        browser.close()


def replies(page: Any) -> Any:
    return page.locator('[data-step-type="assistant_message"] .message-content')


def send(page: Any, text: str) -> str:
    """Type a message, press send, and return the assistant's reply to it."""
    before = replies(page).count()
    page.locator("#chat-input").fill(text)
    page.locator("#chat-submit").click()
    return wait_for_reply(page, before)


def wait_for_reply(page: Any, before: int) -> str:
    replies(page).nth(before).wait_for()
    page.wait_for_function(
        """n => { const r = document.querySelectorAll('[data-step-type="assistant_message"]');
                  return r.length > n && r[r.length - 1].innerText.trim().length > 0 }""",
        arg=before,
    )
    return str(replies(page).last.inner_text())


def order_state(settings: Settings, order_id: str) -> tuple[str, str | None, int]:
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            row = session.get(m.Order, order_id)
            assert row is not None
            audits = len(list(session.scalars(select(m.AuditEntry))))
            return row.status, row.ship_line1, audits
    finally:
        engine.dispose()


def test_a_declined_proposals_stale_yes_never_changes_the_order(
    page: Any, server: str, settings: Settings
) -> None:
    sent_frames: list[str] = []
    received_frames: list[str] = []

    def watch(ws: Any) -> None:
        ws.on("framesent", lambda payload: sent_frames.append(str(payload)))
        ws.on("framereceived", lambda payload: received_frames.append(str(payload)))

    page.on("websocket", watch)
    # The socket.io handshake (with the session id) goes over HTTP polling before the upgrade.
    page.on("request", lambda request: sent_frames.append(str(request.post_data or "")))
    page.goto(server)
    wait_for_reply(page, 0)  # the greeting
    assert "Ann" in send(page, "ann.lee@example.com")
    original = order_state(settings, "ORD-20004")

    address = send(page, "please send ORD-20004 to 12 Oak St, Boston, MA 02139 instead")
    assert "12 Oak St" in address
    yes, no = page.get_by_role("button", name="Yes"), page.get_by_role("button", name="No")
    assert yes.count() == 1 and no.count() == 1
    before = replies(page).count()
    no.click()
    assert "stays as it was" in wait_for_reply(page, before)
    # The answered question keeps no buttons at all, not only the one clicked.
    page.get_by_role("button", name="Yes").wait_for(state="detached")

    cancel = send(page, "then cancel ORD-20004, I ordered it by mistake")
    assert "will be cancelled" in cancel
    assert page.get_by_role("button", name="Yes").count() == 1  # only the new question's

    # The old Yes, clicked from a page that still shows it (a second tab, a slow connection):
    # Chainlit's own action call, with the declined proposal's id in its payload.
    old = _proposal_ids(received_frames)[0]
    session_id = _session_id(sent_frames)
    before = replies(page).count()
    response = page.request.post(
        f"{server}/project/action",
        data=json.dumps(
            {
                "sessionId": session_id,
                "action": {
                    "name": "answer",
                    "payload": {"value": "yes", "proposal_id": old},
                    "label": "Yes",
                    "id": "stale-button",
                    "forId": "stale-message",
                },
            }
        ),
        headers={"content-type": "application/json"},
    )
    assert response.ok, response.text()
    stale = wait_for_reply(page, before)
    assert "expired" in stale and "will be cancelled" in stale
    assert order_state(settings, "ORD-20004") == original  # nothing written

    # The pending cancellation is still the customer's to confirm, with its own button.
    before = replies(page).count()
    page.get_by_role("button", name="Yes").click()
    assert "is cancelled" in wait_for_reply(page, before)
    status, line1, audits = order_state(settings, "ORD-20004")
    assert status == "cancelled" and line1 == original[1] and audits == 1
    assert page.get_by_role("button", name="Yes").count() == 0


def test_a_double_clicked_yes_applies_the_change_once(
    page: Any, server: str, settings: Settings
) -> None:
    page.goto(server)
    wait_for_reply(page, 0)
    send(page, "ann.lee@example.com")
    assert "will be cancelled" in send(page, "cancel ORD-20004 pls, ordered it by mistake")
    before = replies(page).count()
    page.get_by_role("button", name="Yes").dblclick()
    assert "is cancelled" in wait_for_reply(page, before)
    page.wait_for_timeout(1500)  # let a second click's turn, if any, finish
    status, _, audits = order_state(settings, "ORD-20004")
    assert status == "cancelled" and audits == 1
    assert page.get_by_role("button", name="Yes").count() == 0


def _proposal_ids(frames: list[str]) -> list[str]:
    """Proposal ids in the order the server first sent them in buttons."""
    found = re.findall(r'\\?"proposal_id\\?":\s*\\?"([0-9a-f]+)', "\n".join(frames))
    return list(dict.fromkeys(found))


def _session_id(frames: list[str]) -> str:
    for frame in frames:
        match = re.search(r'"sessionId"\s*:\s*"([^"]+)"', frame)
        if match:
            return match.group(1)
    raise AssertionError("the page never sent its session id")
