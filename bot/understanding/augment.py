"""More ways to say the project's examples: typos, casing, filler words and other catalog names.

Customers type in lower case, drop letters, and wrap a request in "hi" and "pls"; the hand-written
examples mostly do not. Each English training example gets variants made from a seed, and examples
that name a product also appear with other products' names, so the model learns the request and
not the product.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from bot.intents import OUT_OF_SCOPE
from bot.understanding.nlu_data import Example

BEFORE = ("hi ", "hello, ", "hey ", "um ", "ok so ", "quick question, ", "excuse me ", "pls ")
AFTER = (" please", " pls", " thanks", " thx", "?", "??", " asap", " :)", " ty")
NEIGHBOURS = {
    row[i]: row[i + 1] if i + 1 < len(row) else row[i - 1]
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i in range(len(row))
}
"""The key beside each letter on a QWERTY keyboard: the commonest slip."""


def typo(text: str, rng: random.Random) -> str:
    """One slip in one longer word: a dropped, doubled, swapped or neighbouring letter."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 3 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        word = word[:at] + word[at + 1 :]
    elif kind == 1:
        word = word[:at] + word[at] + word[at:]
    elif kind == 2:
        word = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
    else:
        letter = word[at].lower()
        word = word[:at] + NEIGHBOURS.get(letter, letter) + word[at + 1 :]
    words[i] = word
    return " ".join(words)


def casual(text: str, rng: random.Random) -> str:
    """Lower case, no closing punctuation, and sometimes a filler word before or after."""
    text = text.lower().rstrip(".!")
    if rng.random() < 0.5:
        text = rng.choice(BEFORE) + text
    if rng.random() < 0.4:
        text = text.rstrip("?") + rng.choice(AFTER)
    return text


def shouty(text: str, rng: random.Random) -> str:
    return text.upper() if rng.random() < 0.5 else text.capitalize()


class NameSwapper:
    """Finds a catalog name in a text and puts another in its place."""

    def __init__(self, names: Iterable[str]) -> None:
        # Longest first, so the pattern finds "Aurora Halo ANC Headphones" before "Aurora Halo";
        # then alphabetical, so the order (and the training data) is the same in every process.
        unique = sorted(
            {n.strip() for n in names if len(n.strip()) > 2}, key=lambda n: (-len(n), n)
        )
        self._names = unique
        self._pattern = (
            re.compile("|".join(re.escape(n) for n in unique), re.IGNORECASE) if unique else None
        )

    def swap(self, text: str, rng: random.Random) -> str | None:
        if self._pattern is None:
            return None
        found = self._pattern.search(text)
        if found is None:
            return None
        other = rng.choice([n for n in self._names if n.lower() != found.group(0).lower()])
        return text[: found.start()] + other + text[found.end() :]


def augment(
    examples: Sequence[Example], *, names: Iterable[str], copies: int, seed: int
) -> list[Example]:
    """The examples, each followed by `copies` variants (one of them with another product's name
    when it names one)."""
    rng = random.Random(seed)
    swapper = NameSwapper(names)
    makers = (typo, casual, shouty, lambda t, r: casual(typo(t, r), r))
    result = []
    for example in examples:
        result.append(example)
        swapped = swapper.swap(example.text, rng)
        for n in range(copies):
            base = swapped if swapped is not None and n == 0 else example.text
            text = rng.choice(makers)(base, rng)
            result.append(Example(text, example.intent, f"{example.source}+augmented"))
    return result


def balance(
    examples: Sequence[Example], *, floor: int, ceiling: int, seed: int, wide: str = OUT_OF_SCOPE
) -> list[Example]:
    """Every intent between `floor` and `ceiling` examples: large ones are sampled down (the
    project's own examples are kept first), small ones repeated. The `wide` intent, which covers
    every topic that is not shopping, may have twice the ceiling."""
    rng = random.Random(seed)
    by_intent: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_intent[example.intent].append(example)
    result: list[Example] = []
    for intent in sorted(by_intent):
        rows = by_intent[intent]
        most = ceiling * 2 if intent == wide else ceiling
        if len(rows) > most:
            own = [e for e in rows if e.source.startswith("project")]
            others = [e for e in rows if not e.source.startswith("project")]
            rng.shuffle(own)
            rng.shuffle(others)
            rows = (own + others)[:most]
        elif len(rows) < floor:
            rows = [rows[i % len(rows)] for i in range(floor)]
        result += rows
    return result


ZH_BEFORE = ("请问", "你好，", "麻烦问下，", "在吗？", "亲，", "那个，")
ZH_AFTER = ("啊", "呢", "吧", "？", "，谢谢", "，急", "哈")


def augment_zh(examples: Sequence[Example], *, seed: int) -> list[Example]:
    """Each Chinese example and one variant: a filler before or after it, or one character left
    out (the commonest slip of a pinyin keyboard after a wrong homophone)."""
    rng = random.Random(seed)
    result = []
    for example in examples:
        text = example.text
        result.append(example)
        if rng.random() < 0.3 and len(text) > 4:
            at = rng.randrange(1, len(text) - 1)
            variant = text[:at] + text[at + 1 :]
        elif rng.random() < 0.5:
            variant = rng.choice(ZH_BEFORE) + text
        else:
            variant = text.rstrip("。！？?!") + rng.choice(ZH_AFTER)
        result.append(Example(variant, example.intent, f"{example.source}+augmented"))
    return result
