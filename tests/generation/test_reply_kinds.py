"""The reply kinds are a closed set, and each template reads only fields its kind has."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import get_args

import pytest
from jinja2 import meta

from bot.generation.prompting import PROMPT_FOR_KIND, PROMPTS_DIR
from bot.generation.template import REPLIES_DIR, template_environment
from bot.reply_kinds import (
    BY_KIND,
    ChangeRefusedReply,
    ConfirmChangeReply,
    NoOrdersReply,
    ReplyKind,
    reply_from_json,
)

RENDER_GLOBALS = {"language", "shop"}
"""What every template gets beside its kind's fields."""
PROMPT_GLOBALS = RENDER_GLOBALS | {"facts", "is_product"}


def variables(folder: Path, name: str) -> set[str]:
    env = template_environment(folder)
    env.filters.update(money=str, day=str, status_zh=str)
    source = (folder / name).read_text(encoding="utf-8")
    return set(meta.find_undeclared_variables(env.parse(source)))


def test_every_kind_has_its_dataclass_and_its_template_and_nothing_else_does() -> None:
    kinds = set(get_args(ReplyKind))
    assert kinds == set(BY_KIND)
    assert kinds == {p.stem for p in REPLIES_DIR.glob("*.j2")}
    assert set(PROMPT_FOR_KIND) <= kinds


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_a_reply_template_reads_only_its_kinds_fields(kind: str) -> None:
    names = {f.name for f in fields(BY_KIND[kind])}
    unknown = variables(REPLIES_DIR, f"{kind}.j2") - names - RENDER_GLOBALS
    assert not unknown, f"{kind}.j2 reads {sorted(unknown)}, which {kind} replies do not have"


@pytest.mark.parametrize("kind", sorted(PROMPT_FOR_KIND))
def test_a_prompt_reads_only_its_kinds_fields(kind: ReplyKind) -> None:
    names = {f.name for f in fields(BY_KIND[kind])}
    unknown = variables(PROMPTS_DIR, PROMPT_FOR_KIND[kind]) - names - PROMPT_GLOBALS
    assert not unknown, f"the {kind} prompt reads {sorted(unknown)}"


def test_an_actions_json_reply_becomes_its_dataclass() -> None:
    proposal = {"id": "p1", "kind": "cancel", "order_id": "ORD-1", "change": {}, "summary": {}}
    reply = reply_from_json({"kind": "confirm_change", "proposal": proposal})
    assert reply == ConfirmChangeReply(proposal=proposal, again=None)
    refused = {"kind": "change_refused", "change": "cancel", "code": "shipped", "detail": {}}
    assert reply_from_json({**refused, "order_id": "ORD-1"}).kind == "change_refused"
    assert isinstance(reply_from_json({**refused, "order_id": "ORD-1"}), ChangeRefusedReply)
    # Facts meant for Rasa that our template does not use are left out.
    assert reply_from_json({"kind": "no_orders", "orders": []}) == NoOrdersReply()


def test_an_unknown_kind_or_a_missing_fact_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown reply kind"):
        reply_from_json({"kind": "refund_everything"})
    with pytest.raises(ValueError, match="change_refused"):
        reply_from_json({"kind": "change_refused", "change": "cancel"})
