"""Mutation testing of the verifier: wrong copies of correct replies, one per kind of fact.

Each correct reply (a template reply, which states its plan's facts exactly) is copied with one
fact made wrong: another order state, carrier, date (in each written form), amount, order id,
tracking number, product or quantity; or with an unbacked promise, a false claim that something
was done, a made-up quote, a repeated sentence, an invented link, leaked instructions or a
one-sided opener. The verifier must reject the wrong copies and accept the untouched replies
(`bench/verifier_mutations.py` measures it over the demo shop; the tests keep a fixed sample).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from bot import fact_patterns as fp
from bot.actions.orders import OrderActions, Proposal, as_json
from bot.domain import Order, Refusal
from bot.generation.plan import ReplyPlan, answer_from
from bot.generation.prompting import grounding_of
from bot.generation.template import TemplateWriter
from bot.generation.verifier import Grounding, verify_reply
from bot.language import detect_language
from bot.reply_kinds import (
    AskIdentityReply,
    ChangeAppliedReply,
    ChangeCancelledReply,
    ChangeRefusedReply,
    ClarifyReply,
    ConfirmChangeReply,
    HandoffReply,
    NoAnswerReply,
    OrderNotFoundReply,
    OrderStatusReply,
    OutOfScopeReply,
    SmallTalkReply,
    WrongCustomerReply,
)
from bot.store.changes import Cancel, OrderChange, ReturnItems
from bot.turn import Evidence, Language

STATE_SWAPS = {
    "en": {
        "pending": "shipped",
        "processed": "delivered",
        "shipped": "delivered",
        "delivered": "cancelled",
        "cancelled": "delivered",
        "returned": "shipped",
    },
    "zh": {
        "待处理": "已发货",
        "备货中": "已签收",
        "已发货": "已签收",
        "已签收": "已取消",
        "已取消": "已签收",
    },
}
CARRIER_SWAPS = {"ups": "FedEx", "fedex": "USPS", "usps": "UPS", "dhl": "UPS"}
MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class Sample:
    """A correct reply and what grounds it."""

    kind: str
    reply: str
    grounding: Grounding


@dataclass(frozen=True)
class Mutant:
    fact: str
    """What was made wrong: state, carrier, date_iso, amount, promise, quote, ..."""
    kind: str
    text: str


@dataclass
class MutationScore:
    untouched: int = 0
    accepted: int = 0
    rejected_by_fact: Counter[str] = field(default_factory=Counter)
    total_by_fact: Counter[str] = field(default_factory=Counter)
    false_rejections: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    """(kind, reply, problems) of correct replies the verifier refused."""
    missed: list[Mutant] = field(default_factory=list)
    """Wrong copies the verifier let through."""

    @property
    def acceptance(self) -> float:
        return self.accepted / self.untouched if self.untouched else 0.0

    @property
    def rejection(self) -> float:
        total = sum(self.total_by_fact.values())
        return sum(self.rejected_by_fact.values()) / total if total else 0.0


def mutants(sample: Sample, product_names: Sequence[str], rng: random.Random) -> list[Mutant]:
    """Every wrong copy of `sample.reply` that its facts allow (a reply without a date gets no
    wrong date)."""
    text, kind = sample.reply, sample.kind
    zh = detect_language(text) == "zh"
    known = "\n".join(sample.grounding.texts)
    made: list[Mutant] = []

    def add(fact: str, mutated: str | None) -> None:
        if mutated and mutated != text:
            made.append(Mutant(fact, kind, mutated))

    add("state", _swap_state(text, "zh" if zh else "en"))
    add("carrier", _swap_carrier(text))
    for form in ("iso", "month_first", "day_first", "zh", "relative"):
        add(f"date_{form}", _shift_date(text, form))
    add("amount", _sub_first(fp.MONEY, text, lambda m: _other_amount(m.group(0))))
    add("order_id", _sub_first(fp.ORDER_ID, text, lambda m: _other_order_id(m.group(0))))
    add(
        "tracking",
        _sub_first(fp.TRACKING_NUMBER, text, lambda m: m.group(0)[:-1] + _other_digit(m.group(0))),
    )
    add("product", _swap_product(text, sample.grounding, product_names, rng))
    count = next(n for n in range(3, 100) if not re.search(rf"(?<!\d){n}(?!\d)", known))
    add(
        "quantity",
        _append(text, f"您一共订购了 {count} 件。" if zh else f"You ordered {count} of them."),
    )
    add(
        "promise",
        _append(
            text,
            "作为补偿，我们会送您一张优惠券。"
            if zh
            else "As an apology, we will send you a voucher.",
        ),
    )
    add("action_claim", _append(text, _false_claim(sample.grounding, zh)))
    add(
        "quote",
        _append(
            text,
            "说明书写道：“本产品可完全防水至五十米”。"
            if zh
            else 'The manual says "it is fully waterproof to fifty meters".',
        ),
    )
    add("repeated_sentence", _repeat_a_sentence(text))
    add(
        "link",
        _append(
            text,
            "详情见 https://help.example.com/faq"
            if zh
            else "Details: https://help.example.com/faq",
        ),
    )
    add(
        "prompt_leak",
        _append(text, "FACTS: use only the facts below." if not zh else "FACTS：只使用以下事实。"),
    )
    if sample.grounding.passages:
        add("opener", ("当然可以！" if zh else "Absolutely! ") + text)
    return made


def score(
    samples: Iterable[Sample], product_names: Sequence[str], *, seed: int = 7
) -> MutationScore:
    rng = random.Random(seed)
    result = MutationScore()
    for sample in samples:
        verdict = verify_reply(sample.reply, sample.grounding)
        result.untouched += 1
        if verdict.ok:
            result.accepted += 1
        else:
            result.false_rejections.append((sample.kind, sample.reply, verdict.problems))
        for mutant in mutants(sample, product_names, rng):
            result.total_by_fact[mutant.fact] += 1
            if verify_reply(mutant.text, sample.grounding).ok:
                result.missed.append(mutant)
            else:
                result.rejected_by_fact[mutant.fact] += 1
    return result


# --- the mutations -----------------------------------------------------------------------------


def _swap_state(text: str, language: str) -> str | None:
    """The first state the text asserts, made another."""
    for _state, asserted, (start, end) in fp.state_mentions(text):
        word = text[start:end]
        other = STATE_SWAPS[language].get(word.lower()) or STATE_SWAPS[language].get(word)
        if asserted and other:
            return text[:start] + other + text[end:]
    return None


def _swap_carrier(text: str) -> str | None:
    match = fp.CARRIER.search(text)
    if match is None:
        return None
    named = fp.carriers(text)
    other = next(c for c in ("FedEx", "USPS", "UPS", "DHL") if c.lower() not in named)
    return text[: match.start()] + other + text[match.end() :]


def _shift_date(text: str, form: str) -> str | None:
    mentions = fp.date_mentions(text)
    if not mentions:
        return None
    d = mentions[0]
    taken = {(m.month, m.day) for m in mentions}
    day = next(
        n for n in (d.day + 3, d.day - 3, 15, 9, 21) if 1 <= n <= 28 and (d.month, n) not in taken
    )
    rendered = {
        "iso": f"{d.year or 2026}-{d.month:02d}-{day:02d}",
        "month_first": f"{MONTH_NAMES[d.month - 1]} {day}",
        "day_first": f"the {day}{_suffix(day)} of {MONTH_NAMES[d.month - 1]}",
        "zh": f"{d.month}月{day}日",
        "relative": "tomorrow" if detect_language(text) == "en" else "明天",
    }[form]
    start, end = d.span
    return text[:start] + rendered + text[end:]


def _suffix(day: int) -> str:
    return "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _sub_first(
    pattern: re.Pattern[str], text: str, new: Callable[[re.Match[str]], str]
) -> str | None:
    match = pattern.search(text)
    if match is None:
        return None
    return text[: match.start()] + new(match) + text[match.end() :]


def _other_amount(written: str) -> str:
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", written)
    assert digits is not None
    value = float(digits.group(0).replace(",", "")) + 7
    number = f"{value:,.2f}" if "." in digits.group(0) else f"{value:,.0f}"
    return written[: digits.start()] + number + written[digits.end() :]


def _other_order_id(order_id: str) -> str:
    return order_id[:-1] + _other_digit(order_id)


def _other_digit(value: str) -> str:
    return str((int(value[-1]) + 1) % 10) if value[-1].isdigit() else "7"


def _swap_product(
    text: str, grounding: Grounding, product_names: Sequence[str], rng: random.Random
) -> str | None:
    known = "\n".join(grounding.texts).lower()
    present = [n for n in product_names if n.lower() in text.lower()]
    others = [n for n in product_names if n.lower() not in known]
    if not present or not others:
        return None
    name = max(present, key=len)
    start = text.lower().index(name.lower())
    return text[:start] + rng.choice(others) + text[start + len(name) :]


def _false_claim(grounding: Grounding, zh: bool) -> str:
    if "cancel" in grounding.done or re.search(r"\bcancell?ed\b|已取消", grounding.template):
        return "我已为您修改了收货地址。" if zh else "I have changed the delivery address for you."
    return "我已为您取消了这个订单。" if zh else "I have cancelled the order for you."


def _append(text: str, sentence: str) -> str:
    return f"{text} {sentence}" if not text.endswith("\n") else text + sentence


def _repeat_a_sentence(text: str) -> str | None:
    sentences = [s.strip() for s in re.findall(r"[^.!?。！？\n]+[.!?。！？]", text)]
    longest = max((s for s in sentences if len(s) >= 12), key=len, default=None)
    if longest is None:
        return None
    return text.replace(longest, f"{longest} {longest}", 1)


def with_names(samples: Iterable[Sample], product_names: Sequence[str]) -> list[Sample]:
    """The samples with the catalog's product names in their grounding (as the writer has)."""
    names = tuple(product_names)
    return [replace(s, grounding=replace(s.grounding, product_names=names)) for s in samples]


# --- correct replies of every kind, from a shop ------------------------------------------------


def shop_samples(
    orders: Sequence[Order],
    actions: OrderActions,
    templates: TemplateWriter,
    evidence: Sequence[Evidence],
    *,
    today: date,
) -> list[Sample]:
    """The template reply of every reply kind over a shop's orders (both languages), its change
    proposals and outcomes, knowledge answers from `evidence` (one per passage), and the dialogue
    replies."""
    plans: list[ReplyPlan] = []
    for n, order in enumerate(orders):
        for language in ("en", "zh") if n % 3 == 0 else ("en",):
            lang: Language = "zh" if language == "zh" else "en"
            intent = "track_refund" if order.refunds else "track_order"
            plans.append(ReplyPlan(OrderStatusReply(order, intent, today), lang))
            plans += _change_plans(order, actions, lang)
    for n, passage in enumerate(evidence):
        question = passage.title.split(" — ")[-1]
        plans.append(answer_from((passage,), question, "zh" if n % 4 == 3 else "en"))
    for lang in ("en", "zh"):
        plans += [
            ReplyPlan(HandoffReply("asked"), lang, handoff=True),
            ReplyPlan(SmallTalkReply("greet", "Ann"), lang),
            ReplyPlan(SmallTalkReply("thank", None), lang),
            ReplyPlan(ClarifyReply(("track an order", "return an item")), lang),
            ReplyPlan(OutOfScopeReply(), lang),
            ReplyPlan(WrongCustomerReply(), lang),
            ReplyPlan(OrderNotFoundReply("ORD-99999"), lang),
            ReplyPlan(AskIdentityReply(attempted=False, partial="none"), lang),
            ReplyPlan(NoAnswerReply("know that"), lang),
        ]
    samples = []
    for plan in plans:
        reply = templates.run(plan)
        samples.append(Sample(plan.kind, reply.text, grounding_of(plan, reply)))
    return samples


def _change_plans(order: Order, actions: OrderActions, lang: Language) -> list[ReplyPlan]:
    """A proposal for the change this order's state allows, and its outcomes; or the refusal."""
    change: OrderChange
    if order.status in ("pending", "processed"):
        change = Cancel(order.id, "no longer needed")
    elif order.status == "delivered" and order.items and order.payment_method_id:
        change = ReturnItems(order.id, (order.items[0].sku,), order.payment_method_id)
    else:
        change = Cancel(order.id, "other")
    kind = {Cancel: "cancel", ReturnItems: "return"}[type(change)]
    proposed = actions.propose(change, order.customer_id)
    if not isinstance(proposed, Proposal):
        code = proposed.code if isinstance(proposed, Refusal) else "not_found"
        detail = proposed.detail if isinstance(proposed, Refusal) else {}
        return [
            ReplyPlan(
                ChangeRefusedReply(change=kind, code=code, detail=detail, order_id=order.id), lang
            )
        ]
    return [
        ReplyPlan(ConfirmChangeReply(proposed.to_json()), lang),
        ReplyPlan(
            ChangeAppliedReply(change=kind, order_id=order.id, summary=as_json(proposed.summary)),
            lang,
        ),
        ReplyPlan(ChangeCancelledReply(change=kind, order_id=order.id), lang),
    ]
