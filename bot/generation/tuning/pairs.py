"""Training pairs for the embedded model: the prompt it sees at run time → the reply it should write.

Each pair is a real reply plan built from the demo shop (an order from the database, a passage from
the documents, a greeting, a handoff...), the prompt the LLM writer builds for it, a question a
customer could ask (paraphrases from the NLU examples), and the reference reply: the template reply
for the same plan (every fact exact), in English sometimes opened the way Bitext's human-written
agent replies open for that intent ("Certainly!", "I'm sorry to hear that...") for tone.

Pairs are split by their source record (order, document), so no held-out order or document appears
in training.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.domain import Order
from bot.fact_patterns import ORDER_ID
from bot.generation.backends import Message
from bot.generation.intent_phrases import PHRASES, phrase
from bot.generation.plan import ReplyPlan, answer_from
from bot.generation.verifier import Grounding, fact_problems, verify_reply
from bot.reply_kinds import (
    ClarifyReply,
    HandoffReply,
    OrderNotFoundReply,
    OrderStatusReply,
    OutOfScopeReply,
    SmallTalkReply,
    WrongCustomerReply,
)
from bot.turn import Evidence, Language, Reply

Questions = Mapping[tuple[str, Language], Sequence[str]]
"""Customer wordings per (intent, language), e.g. from knowledge/nlu/*.yml."""
PromptFor = Callable[[ReplyPlan, str], tuple[list[Message], Reply, Grounding]]
"""plan, question → (prompt messages, template reply, verifier grounding): the LLM writer's view."""

HELD_OUT_PERCENT = 15
_NAMES_SOMETHING = re.compile(r"(?<=\w )(?!I\b|ORD-)[A-Z][a-z]")
"""A capitalised word after the first: in the NLU examples, a product or brand name."""


@dataclass(frozen=True)
class KnowledgeSource:
    """A passage to ask about, with what its metadata says about it."""

    evidence: Evidence
    language: Language
    product_name: str | None = None
    section: str | None = None


@dataclass(frozen=True)
class Pair:
    kind: str
    language: Language
    group: str
    """The source record (order id, document id, kind); the held-out split is by group."""
    plan: ReplyPlan
    question: str
    messages: list[Message]
    reference: str
    grounding: Grounding

    @property
    def held_out(self) -> bool:
        digest = hashlib.sha256(self.group.encode()).digest()
        return digest[0] * 100 // 256 < HELD_OUT_PERCENT


def split(pairs: Sequence[Pair]) -> tuple[list[Pair], list[Pair]]:
    """(training pairs, held-out pairs). Held out by whole order, product, document or record,
    and a held-out pair never repeats a training pair's question or its prompt and reference:
    the held-out score then measures facts and wordings the model never saw."""
    train = [p for p in pairs if not p.held_out]
    seen_questions = {_normal(p.question) for p in train}
    seen_pairs = {(str(p.messages), p.reference) for p in train}
    held_out = [
        p
        for p in pairs
        if p.held_out
        and _normal(p.question) not in seen_questions
        and (str(p.messages), p.reference) not in seen_pairs
    ]
    return train, held_out


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def tone_openers(bitext_csv: Path) -> dict[str, list[str]]:
    """First sentences of Bitext's agent replies per intent, kept only when they state no fact,
    make no promise and carry no placeholder: safe to put before any grounded reply."""
    openers: dict[str, set[str]] = defaultdict(set)
    with bitext_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            first = re.split(r"(?<=[.!?])\s", row["response"].strip(), maxsplit=1)[0]
            if "{{" in first or re.search(r"\d", first) or not 8 <= len(first) <= 110:
                continue
            if not fact_problems(first, Grounding(template="")):
                openers[row["intent"]].add(first)
    return {intent: sorted(found) for intent, found in openers.items()}


class PairBuilder:
    def __init__(
        self,
        prompt_for: PromptFor,
        questions: Questions,
        openers: Mapping[str, Sequence[str]],
        *,
        today: date,
        seed: int,
    ) -> None:
        self._prompt_for = prompt_for
        self._questions = questions
        self._openers = openers
        self._today = today
        self._random = random.Random(seed)

    def build(
        self,
        orders: Sequence[Order],
        sources: Sequence[KnowledgeSource],
        first_names: Sequence[str],
        *,
        knowledge_pairs: int = 320,
    ) -> list[Pair]:
        pairs = [p for order in orders for p in self._order_pairs(order)]
        pairs += self._knowledge_pairs(sources, knowledge_pairs)
        pairs += self._dialogue_pairs(first_names, [o.id for o in orders])
        return pairs

    def _pair(self, plan: ReplyPlan, intent: str, group: str, question: str) -> Pair:
        messages, template_reply, grounding = self._prompt_for(plan, question)
        reference = template_reply.text
        opener = self._openers.get(intent)
        if plan.language == "en" and opener and self._random.random() < 0.5:
            toned = f"{self._random.choice(opener)} {reference}"
            if verify_reply(toned, grounding).ok:  # an opener may not say what the facts don't
                reference = toned
        return Pair(plan.kind, plan.language, group, plan, question, messages, reference, grounding)

    def _question(self, intent: str, language: Language, order_id: str | None = None) -> str:
        """A wording of `intent`; for an order, one that names no product (it could be the wrong
        one) and carries the order's id wherever the example had one."""
        wordings = list(self._questions[(intent, language)])
        if order_id is not None:
            wordings = [w for w in wordings if not _NAMES_SOMETHING.search(w)] or wordings
        text = self._random.choice(wordings)
        if order_id is None:
            return text
        return ORDER_ID.sub(order_id, text)

    def _order_pairs(self, order: Order) -> list[Pair]:
        pairs = []
        for language in ("en", "zh") if self._random.random() < 0.3 else ("en",):
            intent = "track_refund" if order.refunds else "track_order"
            plan = ReplyPlan(OrderStatusReply(order, intent, self._today), language)
            question = self._question(intent, language, order.id)
            pairs.append(self._pair(plan, intent, f"order:{order.id}", question))
        return pairs

    def _knowledge_pairs(self, sources: Sequence[KnowledgeSource], count: int) -> list[Pair]:
        by_type: dict[str, list[Evidence]] = defaultdict(list)
        for source in sources:
            by_type[source.evidence.doc_type].append(source.evidence)
        pairs = []
        for source in self._random.sample(list(sources), min(count, len(sources))):
            best = source.evidence
            question, intent = _question_about(source)
            others = [e for e in by_type[best.doc_type] if e.doc_id != best.doc_id]
            runners_up = self._random.sample(others, min(2, len(others)))
            plan = answer_from((best, *runners_up), question, source.language)
            # A product's manual and reviews are held out together, so held-out pairs show facts
            # of products the model never saw; other FAQ entries are records of their own.
            if source.product_name:
                group = f"product:{source.product_name}"
            elif best.doc_type in ("faq", "review"):
                group = best.passage_id
            else:
                group = best.doc_id
            pairs.append(self._pair(plan, intent, f"doc:{group}", question))
        return pairs

    def _dialogue_pairs(self, first_names: Sequence[str], order_ids: Sequence[str]) -> list[Pair]:
        """Handoffs, small talk, clarifying questions and refusals, in both languages."""
        pairs = []
        intents = sorted(PHRASES)
        for n in range(160):
            language: Language = "zh" if n % 4 == 3 else "en"
            which = n % 8
            if which == 0:
                plan = ReplyPlan(HandoffReply("asked"), language, handoff=True)
                intent = self._random.choice(["contact_human_agent", "contact_customer_service"])
            elif which in (1, 2):
                intent = self._random.choice(["greet", "thank", "goodbye", "affirm"])
                name = self._random.choice([*first_names, None]) if intent == "greet" else None
                plan = ReplyPlan(SmallTalkReply(intent, name), language)
            elif which == 3:
                options = [phrase(i, language) for i in self._random.sample(intents, 2)]
                plan = ReplyPlan(ClarifyReply(tuple(options[: 1 + n % 2])), language)
                intent = "provide_info"
            elif which == 4:
                plan, intent = ReplyPlan(WrongCustomerReply(), language), "track_order"
            elif which == 5:
                order_id = self._random.choice(list(order_ids))
                plan = ReplyPlan(OrderNotFoundReply(order_id), language)
                pairs.append(
                    self._pair(
                        plan,
                        "track_order",
                        f"order:{order_id}",
                        self._question("track_order", language, order_id),
                    )
                )
                continue
            else:
                plan, intent = ReplyPlan(OutOfScopeReply(), language), "out_of_scope"
            question = self._question(intent, language)
            pairs.append(self._pair(plan, intent, f"{plan.kind}:{n % 10}", question))
        return pairs


def _question_about(source: KnowledgeSource) -> tuple[str, str]:
    """A question the passage answers, and its intent: an FAQ entry's own question, or one built
    from the passage's product or heading."""
    best, zh = source.evidence, source.language == "zh"
    topic = (source.section or best.title.split(" — ")[-1]).split(">")[-1].strip()
    product = source.product_name or best.title
    match best.doc_type:
        case "faq":
            question = best.text.splitlines()[0].strip(" #")
            return question, "check_refund_policy" if "refund" in question.lower() else "faq"
        case "review":
            if zh:
                return f"大家对{product}的评价怎么样？", "review"
            return f"What do customers say about the {product}?", "review"
        case "policy":
            if zh:
                return f"关于{topic}，你们的规定是什么？", "check_refund_policy"
            return f"What is your policy on {topic.lower()}?", "check_refund_policy"
        case _:
            if zh:
                return f"{product}：{topic}？", "product_question"
            return f"What does the {product} manual say about {topic.lower()}?", "product_question"
