"""The HTTP API: `POST /api/v1/chat`, mounted on Chainlit's own FastAPI app.

A conversation is started by the server, never named by the client: the first reply carries its
id and a secret `conversation_token`, and every later request must present both. A request with a
known id and no valid token is refused and changes nothing, so knowing someone's conversation id
is not enough to read or act in it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from bot.channels import login
from bot.domain import CustomerId
from bot.orchestrator import Orchestrator
from bot.store.repositories import ConversationRepository
from bot.turn import Turn

LABELS = {"en": {"yes": "Yes", "no": "No"}, "zh": {"yes": "是", "no": "否"}}
"""Button labels of the choices, by reply language."""


class ChatRequest(BaseModel):
    conversation_id: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Omit to start a new conversation; send back the returned id to continue it.",
    )
    conversation_token: str | None = Field(
        default=None,
        max_length=128,
        description="The secret returned with the conversation's first reply; required with "
        "conversation_id.",
    )
    message: str = Field(description="The customer's message.")
    proposal_id: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The proposal this message answers (from a choice). A yes then applies only "
        "if that proposal is the one pending; for any other, nothing changes.",
    )


class Choice(BaseModel):
    value: str = Field(description='What to send back as the message, e.g. "yes".')
    label: str
    proposal_id: str | None = Field(description="Send back with the answer.")


class CitationOut(BaseModel):
    id: str = Field(description="The passage id, e.g. policies/returns.md#3.")
    title: str
    source: str = Field(description="The document the passage is from.")
    text: str = Field(description="The passage itself, to show as the source.")


class ChatResponse(BaseModel):
    conversation_id: str
    conversation_token: str = Field(description="Send it back with every later message.")
    reply: str
    intent: str | None
    confidence: float | None
    citations: list[CitationOut]
    actions: list[str] = Field(description="The business Actions that ran this turn.")
    choices: list[Choice] = Field(
        description="Answers to offer as buttons, e.g. yes and no under a confirmation."
    )
    handoff: bool

    @classmethod
    def from_turn(cls, turn: Turn, token: str = "") -> ChatResponse:
        """`token`: the conversation's secret (empty in the terminal, which needs none)."""
        reply, u = turn.reply, turn.understanding
        assert reply is not None
        return cls(
            conversation_id=turn.conversation_id,
            conversation_token=token,
            reply=reply.text,
            intent=u.intent if u else None,
            confidence=u.confidence if u else None,
            citations=[
                CitationOut(id=c.id, title=c.title, source=c.source, text=c.text)
                for c in reply.citations
            ],
            actions=list(reply.actions),
            choices=[
                Choice(
                    value=c, label=LABELS[reply.language].get(c, c), proposal_id=reply.proposal_id
                )
                for c in reply.choices
            ],
            handoff=reply.handoff,
        )


NOT_YOURS = (
    "No conversation with this id and token. Omit conversation_id (and conversation_token) to "
    "start a new conversation."
)


def make_router(
    orchestrator: Orchestrator,
    conversations: ConversationRepository,
    health: Callable[[], dict[str, str]] = dict,
    *,
    auth_secret: str | None = None,
) -> APIRouter:
    """With `auth_secret`, a request carrying the shop's signed `X-Customer-Token` header
    (bot/channels/login.py) is from that signed-in customer; a forged one is refused."""
    router = APIRouter()

    @router.post("/api/v1/chat", response_model=ChatResponse)
    async def chat(request: ChatRequest, http: Request) -> ChatResponse:
        """One customer turn. Empty or over-long messages get an explanatory reply and change nothing."""
        signed_in = None
        if auth_secret is not None and (header := http.headers.get(login.HEADER)) is not None:
            signed_in = login.verify(auth_secret, header)
            if signed_in is None:
                raise HTTPException(status_code=401, detail="The customer token is not valid.")
        if request.conversation_id is None:
            conversation_id, token = await asyncio.to_thread(conversations.open, "api")
        else:
            conversation_id, token = request.conversation_id, request.conversation_token or ""
            if not await asyncio.to_thread(conversations.holds, conversation_id, token):
                raise HTTPException(status_code=403, detail=NOT_YOURS)
        turn = await asyncio.to_thread(
            orchestrator.handle,
            request.message,
            conversation_id=conversation_id,
            channel="api",
            answer_to=request.proposal_id,
            signed_in=CustomerId(signed_in) if signed_in else None,
            client=http.client.host if http.client else None,
        )
        return ChatResponse.from_turn(turn, token)

    @router.get("/healthz")
    async def healthz() -> JSONResponse:
        """Database, search index: 200 when all are ok, else 503 saying what is wrong."""
        checks = await asyncio.to_thread(health)
        healthy = all(v.startswith("ok") for v in checks.values())
        return JSONResponse({"ok": healthy, **checks}, status_code=200 if healthy else 503)

    @router.get("/api/v1/chat", include_in_schema=False)
    async def chat_is_post_only() -> None:
        raise HTTPException(status_code=405, detail="Use POST.", headers={"Allow": "POST"})

    return router
