"""The LLM writer: a language model phrases the reply, the verifier checks it, templates catch it.

The model only rephrases what the plan already holds. Its reply is kept only if the verifier finds
every fact in it in the grounding (the template reply for the same plan, which states the facts
exactly, and the cited passages); otherwise, or if the backend fails, the template reply is sent,
and the reason is kept on the reply for the trace.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from bot.errors import BackendError
from bot.generation.backends import LLMBackend
from bot.generation.plan import ReplyPlan
from bot.generation.prompting import PROMPT_FOR_KIND, PromptBuilder
from bot.generation.template import ShopProfile, TemplateWriter
from bot.generation.verifier import verify_reply
from bot.turn import Reply

logger = logging.getLogger(__name__)

MAX_TOKENS = 160


TextSink = Callable[[str], None]
"""Receives the reply's text as it becomes safe to show, piece by piece (a channel streams it)."""
_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？\n]")


class LLMWriter:
    def __init__(
        self,
        backend: LLMBackend,
        templates: TemplateWriter,
        shop: ShopProfile,
        *,
        product_names: Callable[[], list[str]] = list,
        kinds: Iterable[str] = PROMPT_FOR_KIND,
        languages: Iterable[str] = ("en", "zh"),
    ) -> None:
        """`kinds` and `languages`: the replies the model writes; the rest are templates."""
        self._backend = backend
        self._templates = templates
        self._prompts = PromptBuilder(templates, shop)
        self._product_names = product_names
        self._kinds = frozenset(kinds) & frozenset(PROMPT_FOR_KIND)
        self._languages = frozenset(languages)

    @property
    def backend(self) -> LLMBackend:
        return self._backend

    @property
    def templates(self) -> TemplateWriter:
        """The template writer behind the model, for replies that must never wait for it."""
        return self._templates

    def warm_up(self) -> None:
        self._templates.warm_up()
        self._backend.warm_up()

    def run(self, plan: ReplyPlan, question: str = "", *, on_text: TextSink | None = None) -> Reply:
        """The model's reply if every fact in it checks out, else the template reply.

        With `on_text`, text is passed on one sentence at a time, each only after the reply so far
        has passed the verifier, so a customer never sees an unchecked fact. Generation stops at
        the first sentence that fails; the channel then shows the template reply instead.
        """
        if plan.kind not in self._kinds or plan.language not in self._languages:
            return self._templates.run(plan, on_text=on_text)
        messages, fallback, grounding = self._prompts.build(plan, question, self._product_names())
        raw, shown = "", 0
        problems: tuple[str, ...] = ()
        try:
            for piece in self._backend.stream(messages, max_tokens=MAX_TOKENS):
                raw += piece
                end = _last_sentence_end(raw)
                if end <= shown:
                    continue
                verdict = verify_reply(raw[:end], grounding, partial=True)
                if not verdict.ok:
                    problems = verdict.problems
                    break
                if on_text:
                    on_text(raw[shown:end].lstrip() if shown == 0 else raw[shown:end])
                shown = end
        except BackendError as exc:
            logger.warning("backend %s failed: %s", self._backend.name, exc)
            problems = (f"backend failed: {exc}",)
        text = raw.strip()
        if not problems:
            problems = verify_reply(text, grounding).problems if text else ("empty reply",)
        if problems:
            return replace(fallback, problems=problems, draft=text)
        if on_text and raw[shown:].strip():
            on_text(raw[shown:].rstrip() if shown else raw.strip())
        return replace(fallback, text=text, backend=self._backend.name)


def _last_sentence_end(text: str) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return ends[-1] if ends else 0
