"""The template writer: deterministic replies rendered from Jinja2 files, one per reply kind.

It needs no model, so it is always available, and it is the fallback of every other backend.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from bot.generation.plan import ReplyPlan
from bot.reply_kinds import template_fields
from bot.turn import Reply

REPLIES_DIR = Path(__file__).parent / "replies"

STATUS_ZH = {
    "pending": "待处理",
    "processed": "备货中",
    "shipped": "已发货",
    "delivered": "已签收",
    "cancelled": "已取消",
    "returned": "已退货",
    "return requested": "退货申请中",
    "exchange requested": "换货申请中",
    "pending (items modified)": "待处理（商品已修改）",
}


def statuses_zh(either: str) -> str:
    """ "pending or processed" in Chinese: 待处理或备货中."""
    return "或".join(STATUS_ZH.get(s, s) for s in re.split(r", | or ", either))


def money(amount_cents: int) -> str:
    return f"${amount_cents / 100:,.2f}"


def day(value: date | datetime | None) -> str:
    if value is None:
        return "unknown"
    return (value.date() if isinstance(value, datetime) else value).isoformat()


@dataclass(frozen=True)
class ShopProfile:
    """What replies say about the shop itself."""

    name: str
    support_email: str
    agent_hours: str
    agent_hours_zh: str


def template_environment(folder: Path) -> SandboxedEnvironment:
    """Jinja2 for replies and prompts: sandboxed, and a missing variable is an error, not ""."""
    return SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


class TemplateWriter:
    def __init__(self, shop: ShopProfile, replies_dir: Path = REPLIES_DIR) -> None:
        self._shop = shop
        self._env = template_environment(replies_dir)
        self._env.filters.update(
            money=money,
            day=day,
            status_zh=lambda s: STATUS_ZH.get(s, s),
            statuses_zh=statuses_zh,
        )

    def warm_up(self) -> None:
        """Templates compile on first use; nothing to load."""

    def run(
        self, plan: ReplyPlan, question: str = "", *, on_text: Callable[[str], None] | None = None
    ) -> Reply:
        """The reply for `plan`; `question` is unused (templates do not need it), and `on_text`
        receives the whole text at once."""
        template = self._env.get_template(f"{plan.kind}.j2")
        text = template.render(
            language=plan.language, shop=self._shop, **template_fields(plan.context)
        )
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        if on_text:
            on_text(text)
        return Reply(
            text=text,
            kind=plan.kind,
            language=plan.language,
            handoff=plan.handoff,
            citations=plan.citations,
            actions=plan.actions,
            choices=plan.choices,
            proposal_id=plan.proposal_id,
        )
