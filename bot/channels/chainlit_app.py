"""The Chainlit chat app (also served as the embeddable copilot widget) plus the HTTP API.

Run with `bot serve`. Chainlit loads this module as a script, so it builds the assistant once here.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

import chainlit as cl
from chainlit.server import app as server

from bot.channels.api import make_router
from bot.redaction import RedactingFilter
from bot.settings import Settings
from bot.wiring import build_assistant

logger = logging.getLogger(__name__)
logging.getLogger("alembic").setLevel(logging.WARNING)
for _handler in logging.getLogger().handlers:
    _handler.addFilter(RedactingFilter())

_assistant = build_assistant(Settings())
_orchestrator = _assistant.orchestrator

server.include_router(make_router(_orchestrator))
# Chainlit's catch-all GET route would shadow ours: put the API routes first.
_ours = [r for r in server.router.routes if getattr(r, "path", "").startswith("/api/v1/")]
for _route in _ours:
    server.router.routes.remove(_route)
    server.router.routes.insert(0, _route)


@cl.on_chat_start
async def start() -> None:
    cl.user_session.set("conversation_id", uuid.uuid4().hex)
    await cl.Message(content=_orchestrator.greeting()).send()


@cl.on_message
async def on_message(message: cl.Message) -> None:
    turn = await asyncio.to_thread(
        _orchestrator.handle,
        message.content,
        conversation_id=cl.user_session.get("conversation_id"),
        channel=_channel(),
    )
    assert turn.reply is not None
    sources = [
        cl.Text(name=f"[{n}] {c.title}", content=c.text, display="side")
        for n, c in enumerate(turn.reply.citations, 1)
    ]
    await cl.Message(content=turn.reply.text, elements=sources).send()


def _channel() -> str:
    return "copilot" if cl.context.session.client_type == "copilot" else "chainlit"
