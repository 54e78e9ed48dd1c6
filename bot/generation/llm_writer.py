"""The LLM writer: a language model phrases the reply, the verifier checks it, templates catch it.

The model only rephrases what the plan already holds. Its reply is kept only if the verifier finds
every fact in it in the grounding (the template reply for the same plan, which states the facts
exactly, and the cited passages); otherwise, or if the backend fails, the template reply is sent,
and the reason is kept on the reply for the trace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bot.errors import BackendError
from bot.generation.backends import LLMBackend, Message, complete
from bot.generation.plan import ReplyPlan
from bot.generation.template import ShopProfile, TemplateWriter, template_environment
from bot.generation.verifier import verify_reply
from bot.turn import Reply

logger = logging.getLogger(__name__)

PROMPTS_DIR = Path(__file__).parent / "prompts"
PROMPT_FOR_KIND = {
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
MAX_TOKENS = 160


class LLMWriter:
    def __init__(
        self,
        backend: LLMBackend,
        templates: TemplateWriter,
        shop: ShopProfile,
        *,
        product_names: Callable[[], list[str]] = list,
    ) -> None:
        self._backend = backend
        self._templates = templates
        self._shop = shop
        self._product_names = product_names
        self._env = template_environment(PROMPTS_DIR)

    def warm_up(self) -> None:
        self._templates.warm_up()
        self._backend.warm_up()

    def messages(self, plan: ReplyPlan, template_reply: Reply, question: str) -> list[Message]:
        prompt = self._env.get_template(PROMPT_FOR_KIND[plan.kind]).render(
            shop=self._shop,
            language=plan.language,
            facts=template_reply.text,
            is_product=any(c.source.startswith(("manuals/", "reviews/")) for c in plan.citations),
            **plan.context,
        )
        return [{"role": "system", "content": prompt}, {"role": "user", "content": question}]

    def write(self, plan: ReplyPlan, question: str = "") -> Reply:
        fallback = self._templates.write(plan)
        if plan.kind not in PROMPT_FOR_KIND:
            return fallback
        try:
            text = complete(
                self._backend, self.messages(plan, fallback, question), max_tokens=MAX_TOKENS
            ).strip()
        except BackendError as exc:
            logger.warning("backend %s failed: %s", self._backend.name, exc)
            return replace(fallback, problems=(f"backend failed: {exc}",))
        grounding = [fallback.text, *(c.text for c in plan.citations)]
        verdict = verify_reply(text, grounding, self._product_names())
        if not text or not verdict.ok:
            return replace(fallback, problems=verdict.problems or ("empty reply",))
        return replace(fallback, text=text, backend=self._backend.name)
