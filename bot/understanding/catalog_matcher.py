"""Recognise the catalog in a message: products, brands, categories and variant options.

Matching is word by word and forgives typos ("headphnes", "zephir"), but model numbers must match
exactly ("K75" is not "K60"). A product counts as mentioned only when a word that sets it apart
from most others (its model name) is there; "headphones" alone names a category, not a product.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from rapidfuzz import fuzz

from bot.domain import CatalogTerms
from bot.turn import ProductMention

_WORD = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
MIN_FUZZY_LENGTH = 4
FUZZY_RATIO = 80.0
MIN_PRODUCT_SCORE = 0.3
SYNONYMS = {"earphone": "earbud", "headset": "headphone", "hoover": "vacuum", "smartwatch": "watch"}
COLOURS_ZH = {
    "黑": "black",
    "白": "white",
    "蓝": "blue",
    "红": "red",
    "绿": "green",
    "灰": "grey",
    "银": "silver",
    "粉": "pink",
    "紫": "purple",
    "黄": "yellow",
    "金": "gold",
}
COLOURS = (
    "black",
    "white",
    "blue",
    "red",
    "green",
    "grey",
    "gray",
    "silver",
    "pink",
    "purple",
    "yellow",
    "gold",
    "navy",
    "brown",
    "orange",
    "beige",
    "teal",
)


_CONTRACTION = re.compile(r"['’](s|re|ll|ve|d|t|m)\b")


def words(text: str) -> list[str]:
    """Lower-case words; "what's" is "what", not "what" and an "s" (the Orbit Watch S)."""
    return _WORD.findall(_CONTRACTION.sub("", text.lower()))


def _singular(word: str) -> str:
    word = SYNONYMS.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxh":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return SYNONYMS.get(word[:-1], word[:-1])
    return word


def _is_model_number(word: str) -> bool:
    """K75, R5, 300, 5.1.2: words with digits that tell models apart."""
    return any(ch.isdigit() for ch in word) and len(word) >= 2


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if any(ch.isdigit() for ch in a + b):
        return False
    return min(len(a), len(b)) >= MIN_FUZZY_LENGTH and fuzz.ratio(a, b) >= FUZZY_RATIO


class CatalogMatcher:
    def __init__(self, terms: CatalogTerms) -> None:
        self._products = [
            (
                p.id,
                p.name,
                [_singular(w) for w in words(p.name)],
                {_singular(w) for w in words(p.brand or "")},
            )
            for p in terms.products
        ]
        df = Counter(w for _, _, tokens, _ in self._products for w in set(tokens))
        n = max(len(self._products), 1)
        self._weight = {w: math.log(1 + n / count) for w, count in df.items()}
        self._distinctive = {w for w, count in df.items() if count <= 2}
        self._model_numbers = {w for w in df if _is_model_number(w)}
        self._brands = [
            (brand_id, [_singular(w) for w in words(name)]) for brand_id, name in terms.brands
        ]
        self._categories = [
            (category_id, [_singular(w) for w in words(name)])
            for category_id, name in terms.categories
        ]
        self._options = sorted(terms.option_values, key=lambda kv: -len(kv[1]))
        self._by_id = {p.id: p for p in terms.products}

    def products(self, text: str) -> tuple[ProductMention, ...]:
        said = [_singular(w) for w in words(text)]
        models_said = self._model_numbers.intersection(said)
        scored = []
        for product_id, name, tokens, brand in self._products:
            own_models = {t for t in tokens if t in self._model_numbers}
            if models_said and own_models and not own_models & models_said:
                continue  # "R9" was said: the R5 is not meant, however alike the rest
            matched = {t for t in tokens if any(_same(t, w) for w in said)}
            if not any(t in self._distinctive and t not in brand for t in matched):
                continue
            total = sum(self._weight[t] for t in set(tokens))
            score = sum(self._weight[t] for t in matched) / total
            if score >= MIN_PRODUCT_SCORE:
                scored.append(ProductMention(product_id, name, round(score, 3)))
        if not scored:
            return ()
        best = max(m.score for m in scored)
        kept = [m for m in scored if m.score >= 0.8 * best]
        return tuple(sorted(kept, key=lambda m: (-m.score, m.id)))

    def brands(self, text: str) -> tuple[str, ...]:
        said = [_singular(w) for w in words(text)]
        return tuple(
            brand_id
            for brand_id, tokens in self._brands
            if tokens and any(_same(tokens[0], w) for w in said)
        )

    def categories(self, text: str) -> tuple[str, ...]:
        said = [_singular(w) for w in words(text)]
        return tuple(
            category_id
            for category_id, tokens in self._categories
            if tokens and all(any(_same(t, w) for w in said) for t in tokens)
        )

    def options(self, text: str) -> tuple[tuple[str, str], ...]:
        """Variant options named in the message, catalog values first, then plain colours."""
        lowered = text.lower()
        found: dict[str, str] = {}
        for key, value in self._options:
            if key not in found and re.search(
                rf"(?<![\w-]){re.escape(value.lower())}(?![\w-])", lowered
            ):
                found[key] = value
        if "color" not in found:
            colour = next((c for c in COLOURS if re.search(rf"\b{c}\b", lowered)), None)
            colour = colour or next(
                (en for zh, en in COLOURS_ZH.items() if f"{zh}色" in text), None
            )
            if colour:
                found["color"] = colour
        return tuple(sorted(found.items()))

    def mention(self, product_id: str) -> ProductMention | None:
        product = self._by_id.get(product_id)
        return ProductMention(product.id, product.name, 1.0) if product else None

    def having(self, product_ids: tuple[str, ...], key: str, value: str) -> list[str]:
        """Those of `product_ids` with a variant whose option `key` contains `value` ("blue" is in
        "midnight blue")."""
        wanted = value.lower()
        return [
            pid
            for pid in product_ids
            if pid in self._by_id
            and any(k == key and wanted in v.lower() for k, v in self._by_id[pid].options)
        ]
