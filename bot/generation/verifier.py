"""The verifier: a generated reply may only state what the turn's facts and passages hold.

The grounding of a reply is the template reply for the same plan (it states the plan's facts
exactly), the cited passages, and what ran this turn. A model's reply is checked against it and
replaced by the template reply at the first problem (docs/GENERATION.md):

- facts: order ids, tracking numbers, amounts, dates in every written form (and relative dates such
  as "tomorrow" or "下周"), numbers, products, carriers and order states must be in the grounding;
- claims that something was done ("I have cancelled", "your refund has been issued") must match
  what the facts say happened;
- quoted text must occur in a passage (or the template), links, emails and street addresses too;
- an opener such as "Absolutely!" may not take a side that the quoted passage does not state;
- promises (refunds, discounts...) the grounding does not make, and insults, are refused;
- degenerate text is refused: a repeated sentence or phrase, the prompt's own instructions, a
  sentence about nothing in the grounding, the wrong language, or a length far from the plan's.

The patterns of facts are shared with the understanding stage (`bot/fact_patterns.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bot import fact_patterns as fp
from bot.language import detect_language

_NUMBER = re.compile(r"(?<![\w.\[])(\d+(?:[.,]\d+)?)(?![\w\]])")
_CITATION = re.compile(r"\[\d+\]")
_INSULT = re.compile(
    r"\b(stupid|idiot|dumb|moron|shut up|fool|useless customer|your fault)\b|笨蛋|白痴|傻|闭嘴",
    re.IGNORECASE,
)
_PROMISE = re.compile(
    r"\b(refund|discount|coupon|voucher|compensat\w*|free of charge|for free|guarantee\w*|"
    r"waive\w*|credit)\b|退款|折扣|优惠券|赔偿|免费|保证",
    re.IGNORECASE,
)
_DONE = {
    "cancel": r"\b(?:i|we)(?:'ve| have)? (?:just )?cancell?ed\b|\bbeen cancell?ed\b|"
    r"已(?:为您|帮您|经)?取消",
    "refund": r"\b(?:i|we)(?:'ve| have)? (?:just )?(?:refunded|issued)\b|"
    r"\brefund (?:has been|was) (?:issued|sent|made|processed|completed)\b|\bbeen refunded\b|"
    r"已(?:为您|帮您|经)?(?:退款|退还|退回)",
    "change": r"\b(?:i|we)(?:'ve| have)? (?:just )?(?:changed|updated|switched|modified)\b|"
    r"\bbeen (?:changed|updated|switched|modified)\b|已(?:为您|帮您|经)?(?:修改|更改|更新|改为|改成)",
    "request": r"\b(?:i|we)(?:'ve| have)? (?:just )?(?:submitted|started|initiated|arranged|"
    r"processed|filed)\b|\bbeen (?:submitted|started|initiated|arranged|filed)\b|"
    r"已(?:为您|帮您|经)?(?:提交|办理|安排)",
}
"""Claims that an action was done, by what they claim."""
_DONE_BY_CHANGE = {
    "cancel": {"cancel"},
    "change_address": {"change"},
    "change_payment": {"change"},
    "return": {"request"},
    "exchange": {"request"},
    "modify_items": {"change"},
    "change_default_address": {"change"},
}
_QUOTED = re.compile(r"\"([^\"\n]{3,})\"|“([^”\n]{3,})”|「([^」\n]{3,})」|『([^』\n]{3,})』")
_LINK = re.compile(r"https?://[^\s)\]>\"']+|www\.[^\s)\]>\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_STREET = re.compile(
    r"\b\d{1,6}\s+(?:[A-Z][\w.'-]*\s+){1,4}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|"
    r"Lane|Dr|Drive|Way|Ct|Court|Pl|Place)\b\.?"
)
_OPENER = re.compile(
    r"^\W*(?:(yes|yeah|yep|absolutely|of course|certainly|definitely|sure|indeed|no|nope|"
    r"unfortunately)\b|(是的|当然|可以|没问题|不行|不能|不可以))",
    re.IGNORECASE,
)
_PROMPT_MARKERS = re.compile(
    r"\bFACTS\b|\bPASSAGES\b|\bTask:|<\|im_(?:start|end)\|>|^\s*(?:system|assistant|user):",
    re.IGNORECASE | re.MULTILINE,
)
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")
_WORD = re.compile(r"[a-z]{3,}")
_STOCK_WORDS = frozenset(
    "the and for you your our this that with have has are was were will can not but any anything "
    "else help happy glad sorry assist question questions welcome thanks thank today team person "
    "agent customer order orders know let please also here there what how more about from just "
    "would like need sure great good day time right away contact support reach should arrive "
    "arrives arriving expected expect delivery deliver ship shipping shipment track tracking "
    "package parcel item items return refund status update soon currently still "
    "january february march april june july august september october november december".split()
)
"""Words a service reply may use without the grounding backing them."""


@dataclass(frozen=True)
class Grounding:
    """Everything a reply may draw on."""

    template: str
    """The template reply for the same plan: it states the plan's facts exactly."""
    passages: tuple[str, ...] = ()
    """The cited passages' texts."""
    product_names: tuple[str, ...] = ()
    """The catalog's product names (a product a reply names must be in the grounding)."""
    done: frozenset[str] = frozenset()
    """Changes applied this turn: cancel, change_address, change_payment, return, exchange,
    modify_items, change_default_address."""
    prompt: str = ""
    """The instructions the model was given: none of their wording may show in a reply."""
    texts: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "texts", (self.template, *self.passages))


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problems: tuple[str, ...] = ()


def verify_reply(reply: str, grounding: Grounding, *, partial: bool = False) -> Verdict:
    """Check `reply` against its grounding. `partial`: the reply is still being written (checked
    sentence by sentence as it streams), so it may yet be short."""
    known = "\n".join(grounding.texts)
    problems = [
        *_facts(reply, known, grounding),
        *_claims(reply, grounding),
        *_sources(reply, known),
        *_form(reply, grounding, partial=partial),
    ]
    return Verdict(ok=not problems, problems=tuple(problems))


def fact_problems(reply: str, grounding: Grounding) -> list[str]:
    """Only the facts, claims and promises of `reply` (not its form): what it states that the
    grounding does not."""
    return [*_facts(reply, "\n".join(grounding.texts), grounding), *_claims(reply, grounding)]


def _facts(reply: str, known: str, grounding: Grounding) -> list[str]:
    problems: list[str] = []
    said, ground = _plain(reply), _plain(known)
    for name, pattern in (("order id", fp.ORDER_ID), ("tracking number", fp.TRACKING_NUMBER)):
        have = {m.upper() for m in pattern.findall(ground)}
        problems += [
            f"{name} {m} is not in the facts"
            for m in sorted({m.upper() for m in pattern.findall(said)} - have)
        ]
    have_money = set(fp.amounts_cents(ground))
    problems += [
        f"amount ${c / 100:.2f} is not in the facts"
        for c in sorted(set(fp.amounts_cents(said)) - have_money)
    ]
    known_dates = fp.date_mentions(ground)
    for d in fp.date_mentions(said):
        if not any(
            k.month == d.month and k.day == d.day and (d.year is None or k.year in (None, d.year))
            for k in known_dates
        ):
            problems.append(f"date {d.year or '?'}-{d.month:02d}-{d.day:02d} is not in the facts")
    known_relative = {m.lower() for m in fp.RELATIVE_DATE.findall(ground)}
    problems += [
        f"relative date {m!r} is not in the facts"
        for m in sorted({m.lower() for m in fp.RELATIVE_DATE.findall(said)} - known_relative)
    ]
    problems += [
        f"number {n} is not in the facts" for n in sorted(_numbers(said) - _numbers(ground))
    ]
    lowered, known_lowered = reply.lower(), known.lower()
    problems += [
        f"product {name!r} is not in the facts"
        for name in sorted(grounding.product_names)
        if name.lower() in lowered and name.lower() not in known_lowered
    ]
    problems += [
        f"carrier {c} is not in the facts" for c in sorted(fp.carriers(reply) - fp.carriers(known))
    ]
    # An order's state comes from the facts only, never from a policy passage.
    asserted, denied = fp.order_states(reply)
    facts_asserted, facts_denied = fp.order_states(grounding.template)
    problems += [f"state {s!r} is not in the facts" for s in sorted(asserted - facts_asserted)]
    contradicted = denied & (facts_asserted - facts_denied)
    problems += [f"state {s!r} is denied against the facts" for s in sorted(contradicted)]
    return problems


def _claims(reply: str, grounding: Grounding) -> list[str]:
    """Claims that a change was made, against the changes the facts say were made."""
    backed = {claim for change in grounding.done for claim in _DONE_BY_CHANGE.get(change, ())}
    backed |= _done_claims(grounding.template)
    states, _ = fp.order_states(grounding.template)
    if "cancelled" in states:
        backed.add("cancel")
    if "refunded" in states:
        backed.add("refund")
    if re.search(r"return requested|exchange requested|退货申请中|换货申请中", grounding.template):
        backed.add("request")
    problems = [
        f"claims a {claim} that did not happen" for claim in sorted(_done_claims(reply) - backed)
    ]
    if _INSULT.search(reply):
        problems.append("the reply is insulting")
    known_lowered = "\n".join(grounding.texts).lower()
    for promise in sorted({m.group(0).lower() for m in _PROMISE.finditer(reply)}):
        if promise not in known_lowered:
            problems.append(f"promise {promise!r} is not backed by the facts")
    return problems


def _done_claims(text: str) -> set[str]:
    return {claim for claim, pattern in _DONE.items() if re.search(pattern, text, re.IGNORECASE)}


def _sources(reply: str, known: str) -> list[str]:
    """Quotes, links, emails and street addresses must be where the reply says they are."""
    problems: list[str] = []
    ground = _squash(known)
    for match in _QUOTED.finditer(reply):
        quote = next(g for g in match.groups() if g)
        for part in re.split(r"\.\.\.|…", quote):
            if len(_squash(part)) >= 3 and _squash(part) not in ground:
                problems.append(f"quote {quote[:40]!r} is not in the passages")
                break
    for pattern, name in ((_LINK, "link"), (_EMAIL, "email"), (_STREET, "address")):
        problems += [
            f"{name} {m!r} is not in the facts"
            for m in pattern.findall(reply)
            if _squash(m.rstrip(".,;")) not in ground
        ]
    return problems


def _form(reply: str, grounding: Grounding, *, partial: bool) -> list[str]:
    """Degenerate text: repetition, leaked instructions, unrelated sentences, wrong language or
    length, and an opener that takes a side the passage does not."""
    problems: list[str] = []
    template = grounding.template
    sentences = [_squash(s) for s in _SENTENCE.findall(reply) if len(_squash(s)) >= 12]
    repeated = [s for s, n in Counter(sentences).items() if n > 1]
    if repeated:
        problems.append(f"sentence repeated: {repeated[0][:40]!r}")
    elif _repeats_a_phrase(reply, template):
        problems.append("a phrase is repeated over and over")
    leaked = _PROMPT_MARKERS.findall(reply)
    if leaked and not _PROMPT_MARKERS.search(template):
        problems.append(f"the reply shows its prompt ({leaked[0].strip()!r})")
    elif grounding.prompt and _shares_instructions(reply, grounding):
        problems.append("the reply repeats its instructions")
    ground_words = set(_WORD.findall("\n".join(grounding.texts).lower())) | _STOCK_WORDS
    for sentence in _SENTENCE.findall(reply):
        words = set(_WORD.findall(sentence.lower())) - _STOCK_WORDS
        if len(words) >= 2 and not words & ground_words and not re.search(r"\d", sentence):
            problems.append(f"sentence {sentence.strip()[:40]!r} is about nothing in the facts")
            break
    opener = _OPENER.match(reply)
    if opener and grounding.passages and not _OPENER.match(template):
        said = opener.group(1) or opener.group(2)
        problems.append(f"opener {said!r} takes a side the passage does not state")
    if not partial:
        if detect_language(reply) != detect_language(template):
            problems.append(f"the reply is not in {detect_language(template)}")
        if len(template) >= 120 and len(reply) < 0.12 * len(template):
            problems.append("the reply is far shorter than its facts")
    if len(reply) > 2.5 * len(template) + 120:
        problems.append("the reply is far longer than its facts")
    return problems


def _repeats_a_phrase(reply: str, template: str, size: int = 8) -> bool:
    """A run of `size` characters three times or more (more often than in the template)."""
    squashed = re.sub(r"\s+", "", reply)
    grams = Counter(squashed[i : i + size] for i in range(len(squashed) - size + 1))
    plain_template = re.sub(r"\s+", "", template)
    return any(n >= 3 and n > plain_template.count(g) for g, n in grams.items())


def _shares_instructions(reply: str, grounding: Grounding, size: int = 5) -> bool:
    """Five words in a row from the prompt's instructions that the facts do not also hold."""
    known = _squash("\n".join(grounding.texts))
    words = _squash(grounding.prompt).split()
    said = _squash(reply)
    for i in range(len(words) - size + 1):
        run = " ".join(words[i : i + size])
        if run in said and run not in known:
            return True
    return False


def _plain(text: str) -> str:
    return _CITATION.sub(" ", text)


def _numbers(text: str) -> set[str]:
    for pattern in (fp.ORDER_ID, fp.TRACKING_NUMBER, fp.MONEY):
        text = pattern.sub(" ", text)
    text = fp.without_dates(text)
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def _squash(text: str) -> str:
    """Lower case, no Markdown marks, one kind of quote and dash, single spaces."""
    text = re.sub(r"[*_`#|>]+", " ", text.lower())
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip()
