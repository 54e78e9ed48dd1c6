"""The prompts the model writes from: one Jinja2 template per reply kind, in `prompts/`.

Each holds the FACTS (the template reply for the same plan, which states them exactly) and the
PASSAGES (with citation ids), and tells the model to use nothing else. The same prompts are used to
fine-tune the embedded model (`bot train generator`), so training and serving cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from bot.generation.backends import Message
from bot.generation.plan import ReplyPlan
from bot.generation.template import ShopProfile, TemplateWriter, template_environment
from bot.generation.verifier import Grounding
from bot.reply_kinds import ChangeAppliedReply, ReplyKind, template_fields
from bot.turn import Reply

PROMPTS_DIR = Path(__file__).parent / "prompts"
PROMPT_FOR_KIND: dict[ReplyKind, str] = {
    "order_status": "order_status.j2",
    "knowledge_answer": "knowledge_answer.j2",
    "handoff": "handoff.j2",
    "small_talk": "small_talk.j2",
    "clarify": "clarify.j2",
    "wrong_customer": "refusal.j2",
    "order_not_found": "refusal.j2",
    "out_of_scope": "refusal.j2",
}
"""Reply kinds a model may phrase; the others (identity requests, input errors) stay templates."""


MAX_QUESTION_CHARS = 500
"""The customer's message as the model sees it, at most."""


class Prompt(NamedTuple):
    messages: list[Message]
    template_reply: Reply
    """States the plan's facts exactly; the fallback when the model's reply fails the verifier."""
    grounding: Grounding
    """What a reply may take facts from: the template reply, the cited passages, the changes
    made this turn; and the instructions, which it may not repeat."""


class PromptBuilder:
    def __init__(self, templates: TemplateWriter, shop: ShopProfile) -> None:
        self._templates = templates
        self._shop = shop
        self._env = template_environment(PROMPTS_DIR)

    def build(self, plan: ReplyPlan, question: str, product_names: Sequence[str] = ()) -> Prompt:
        template_reply = self._templates.run(plan)
        system = self._env.get_template(PROMPT_FOR_KIND[plan.kind]).render(
            shop=self._shop,
            language=plan.language,
            facts=template_reply.text,
            is_product=any(c.source.startswith(("manuals/", "reviews/")) for c in plan.citations),
            **template_fields(plan.context),
        )
        messages: list[Message] = [
            {"role": "system", "content": system},
            # A long message costs the model seconds per hundred tokens and adds no facts.
            {"role": "user", "content": question[:MAX_QUESTION_CHARS]},
        ]
        grounding = grounding_of(plan, template_reply, product_names, prompt=system)
        return Prompt(messages, template_reply, grounding)


def grounding_of(
    plan: ReplyPlan, template_reply: Reply, product_names: Sequence[str] = (), prompt: str = ""
) -> Grounding:
    """What a reply to `plan` may draw on: its template reply, its passages, the changes it
    reports as made (cancel, change_address, return, ...)."""
    done = {plan.context.change} if isinstance(plan.context, ChangeAppliedReply) else set()
    return Grounding(
        template=template_reply.text,
        passages=tuple(c.text for c in plan.citations),
        product_names=tuple(product_names),
        done=frozenset(done),
        prompt=prompt,
    )
