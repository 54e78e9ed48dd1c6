"""`bot chat`: an interactive terminal chat, or JSON lines in and out for scripting."""

from __future__ import annotations

import json
import uuid
from typing import TextIO

from rich.console import Console
from rich.markdown import Markdown

from bot.channels.api import ChatResponse
from bot.orchestrator import Orchestrator


def chat_json(
    orchestrator: Orchestrator, lines: TextIO, out: TextIO, conversation_id: str | None = None
) -> None:
    """One customer message per input line; one JSON reply object per output line."""
    conversation = conversation_id or uuid.uuid4().hex
    for line in lines:
        message = line.rstrip("\n")
        turn = orchestrator.handle(message, conversation_id=conversation, channel="terminal")
        out.write(json.dumps(ChatResponse.from_turn(turn).model_dump(), ensure_ascii=False) + "\n")
        out.flush()


def chat_interactive(
    orchestrator: Orchestrator, console: Console, conversation_id: str | None = None
) -> None:
    conversation = conversation_id or uuid.uuid4().hex
    console.print("[bold]Shop assistant[/bold] — type your message, Ctrl-D or /quit to leave.")
    while True:
        try:
            message = console.input("[bold cyan]you>[/bold cyan] ")
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if message.strip() in ("/quit", "/exit"):
            return
        turn = orchestrator.handle(message, conversation_id=conversation, channel="terminal")
        assert turn.reply is not None
        console.print("[bold green]bot>[/bold green]", Markdown(turn.reply.text))
        if turn.reply.handoff:
            console.print("[yellow](handed over to a person)[/yellow]")
