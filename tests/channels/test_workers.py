"""Several web workers behind one database: a conversation whose turns land on different servers
carries on, because everything it needs (its state, its token, a pending proposal, a mailed code,
the identity lockout) is in the database, not in a worker's memory. With `BOT_TEST_DATABASE=
postgres` the two servers share a PostgreSQL database, as in docs/DEPLOY.md."""

from __future__ import annotations

import re
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from bot.settings import Settings
from bot.store import models as m
from bot.store.db import make_engine, make_sessionmaker
from bot.store.repositories import Outbox
from tests.channels.test_chainlit_server import running_server

pytestmark = pytest.mark.slow


def test_a_conversation_moves_between_two_workers(
    settings: Settings, shop_dir: Path, tmp_path: Path
) -> None:
    env = {"BOT_IDENTITY_FOR_CHANGES": "code"}
    with ExitStack() as stack:
        bases = [
            stack.enter_context(running_server(settings, shop_dir, folder, extra_env=env))
            for folder in (tmp_path / "one", tmp_path / "two")
            if folder.mkdir() is None
        ]
        workers = [stack.enter_context(httpx.Client(base_url=b, timeout=60)) for b in bases]
        body: dict[str, str] = {}

        def say(worker: int, text: str) -> dict[str, object]:
            sent = {"message": text, **body}
            response = workers[worker].post("/api/v1/chat", json=sent)
            assert response.status_code == 200, response.text
            reply: dict[str, object] = response.json()
            body.update(
                conversation_id=str(reply["conversation_id"]),
                conversation_token=str(reply["conversation_token"]),
            )
            return reply

        assert say(1, "where is ORD-20003?")["intent"] == "track_order"
        proposal = say(0, "cancel ORD-20003, I ordered it by mistake. I'm bob.stone@example.com")
        assert proposal["choices"], proposal
        asked = say(1, "yes")
        assert "code" in str(asked["reply"])
        engine = make_engine(settings.database_url)
        sessions = make_sessionmaker(engine)
        [mail] = Outbox(sessions).latest()
        code = re.search(r"\d{6}", mail.subject)
        assert code is not None
        applied = say(0, code.group(0))
        assert "cancelled" in str(applied["reply"])
        with sessions() as session:
            order = session.get(m.Order, "ORD-20003")
            assert order is not None and order.status == "cancelled"
        engine.dispose()
        # The token is checked by whichever worker gets the request.
        intruder = {"conversation_id": body["conversation_id"], "message": "list my orders"}
        assert workers[1].post("/api/v1/chat", json=intruder).status_code == 403
