"""The Chainlit chat app (also served as the embeddable copilot widget) plus the HTTP API.

Run with `bot serve`. Chainlit loads this module as a script, so it builds the assistant once here.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

import chainlit as cl
from chainlit.server import app as server
from starlette.datastructures import Headers

from bot.channels import login
from bot.channels.api import LABELS, make_router
from bot.domain import CustomerId
from bot.redaction import RedactingFilter
from bot.settings import load_settings
from bot.wiring import build_assistant

logger = logging.getLogger(__name__)
logging.getLogger("alembic").setLevel(logging.WARNING)
for _handler in logging.getLogger().handlers:
    _handler.addFilter(RedactingFilter())

_assistant = build_assistant(load_settings())
_orchestrator = _assistant.orchestrator

_before = len(server.router.routes)
_auth = _assistant.settings.auth_secret
server.include_router(
    make_router(
        _orchestrator,
        _assistant.conversations,
        _assistant.health,
        auth_secret=_auth.get_secret_value() if _auth else None,
    )
)
# Chainlit's catch-all GET route (the chat page) would shadow ours: put ours first. (FastAPI may
# add an included router as one route object, so move whatever the inclusion added.)
_ours = server.router.routes[_before:]
del server.router.routes[_before:]
server.router.routes[0:0] = _ours
for _part, _state in _assistant.health().items():
    if not _state.startswith("ok"):
        logger.warning("starting degraded: %s is %s", _part, _state)


if _assistant.settings.auth_secret is not None:
    _secret = _assistant.settings.auth_secret.get_secret_value()

    @cl.header_auth_callback
    async def signed_in_customer(headers: Headers) -> cl.User | None:
        """A customer signed in on the shop's website (see bot/channels/login.py)."""
        customer_id = login.verify(_secret, headers.get(login.HEADER))
        if customer_id is None:
            return None
        return cl.User(identifier=customer_id, metadata={"customer_id": customer_id})


@cl.on_chat_start
async def start() -> None:
    cl.user_session.set("conversation_id", uuid.uuid4().hex)
    await cl.Message(content=_orchestrator.greeting()).send()


@cl.on_message
async def on_message(message: cl.Message) -> None:
    await _close_open_question()
    await _answer(message.content)


@cl.action_callback("answer")
async def on_answer_button(action: cl.Action) -> None:
    """A Yes/No button under a confirmation: an answer to that proposal only (its id rides in the
    payload), so a button left over from an older question can never confirm a newer one."""
    await _close_open_question()
    await _answer(
        str(action.payload.get("value", "")),
        answer_to=str(action.payload.get("proposal_id") or "") or None,
    )


async def _close_open_question() -> None:
    """Remove every button of the last question: it is answered, or a newer message follows."""
    question: cl.Message | None = cl.user_session.get("open_question")
    if question is not None:
        await question.remove_actions()
        cl.user_session.set("open_question", None)


async def _answer(text: str, answer_to: str | None = None) -> None:
    reply = cl.Message(content="")
    pieces: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    async def stream() -> None:
        while (piece := await pieces.get()) is not None:
            await reply.stream_token(piece)

    streaming = asyncio.create_task(stream())
    try:
        turn = await asyncio.to_thread(
            _orchestrator.handle,
            text,
            conversation_id=cl.user_session.get("conversation_id"),
            channel=_channel(),
            signed_in=_signed_in(),
            # Called from the worker thread with text the verifier has passed.
            on_text=lambda piece: _hand_over(loop, pieces, piece),
            answer_to=answer_to,
            client=_client(),
        )
    finally:
        pieces.put_nowait(None)
        await streaming
    assert turn.reply is not None
    # The final text replaces what was streamed: if the model's reply failed the verifier
    # half-way, the customer ends up with the template reply, never a half-checked one.
    reply.content = turn.reply.text
    sources: list[Any] = [
        cl.Text(name=f"[{n}] {c.title}", content=c.text, display="side")
        for n, c in enumerate(turn.reply.citations, 1)
    ]
    reply.elements = sources
    labels = LABELS[turn.reply.language]
    reply.actions = [
        cl.Action(
            name="answer",
            payload={"value": choice, "proposal_id": turn.reply.proposal_id},
            label=labels.get(choice, choice),
        )
        for choice in turn.reply.choices
    ]
    await reply.send()
    if reply.actions:
        cl.user_session.set("open_question", reply)


def _hand_over(
    loop: asyncio.AbstractEventLoop, pieces: asyncio.Queue[str | None], piece: str
) -> None:
    loop.call_soon_threadsafe(pieces.put_nowait, piece)


def _signed_in() -> CustomerId | None:
    user = cl.user_session.get("user")
    customer_id = (getattr(user, "metadata", None) or {}).get("customer_id")
    return CustomerId(str(customer_id)) if customer_id else None


def _client() -> str | None:
    """The browser's address, from the socket connection's ASGI scope (for the identity lockout)."""
    scope = (getattr(cl.context.session, "environ", None) or {}).get("asgi.scope") or {}
    client = scope.get("client")
    return str(client[0]) if client else None


def _channel() -> str:
    return "copilot" if cl.context.session.client_type == "copilot" else "chainlit"
