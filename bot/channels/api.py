"""The HTTP API: `POST /api/v1/chat`, mounted on Chainlit's own FastAPI app."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from bot.orchestrator import Orchestrator
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


class ChatResponse(BaseModel):
    conversation_id: str
    reply: str
    intent: str | None
    confidence: float | None
    citations: list[dict[str, Any]]
    actions: list[str] = Field(description="The business Actions that ran this turn.")
    choices: list[Choice] = Field(
        description="Answers to offer as buttons, e.g. yes and no under a confirmation."
    )
    handoff: bool

    @classmethod
    def from_turn(cls, turn: Turn) -> ChatResponse:
        reply, u = turn.reply, turn.understanding
        assert reply is not None
        return cls(
            conversation_id=turn.conversation_id,
            reply=reply.text,
            intent=u.intent if u else None,
            confidence=u.confidence if u else None,
            citations=[{"id": c.id, "title": c.title, "source": c.source} for c in reply.citations],
            actions=list(reply.actions),
            choices=[
                Choice(
                    value=c, label=LABELS[reply.language].get(c, c), proposal_id=reply.proposal_id
                )
                for c in reply.choices
            ],
            handoff=reply.handoff,
        )


def make_router(orchestrator: Orchestrator) -> APIRouter:
    router = APIRouter(prefix="/api/v1")

    @router.post("/chat", response_model=ChatResponse)
    async def chat(request: ChatRequest) -> ChatResponse:
        """One customer turn. Empty or over-long messages get an explanatory reply and change nothing."""
        turn = await asyncio.to_thread(
            orchestrator.handle,
            request.message,
            conversation_id=request.conversation_id,
            channel="api",
            answer_to=request.proposal_id,
        )
        return ChatResponse.from_turn(turn)

    return router
