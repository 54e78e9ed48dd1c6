"""Which of the customer's orders, items, variants and payment methods their words name.

Everything is matched against the shop's own data (item names, the options its variants have, the
methods on file), so it works for any catalog's products and attributes, not a fixed list: "the
water bottle", "the one with material glass, color black", "the 1000ml one", "my mastercard
ending in 2478", "the original payment method".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot import domain as d

_TOKEN = re.compile(
    r"\d+(?:\.\d+)?[a-z]*(?:['-][a-z0-9]+)*|[a-z0-9]+(?:['-][a-z0-9]+)*|[\u4e00-\u9fff]"
)
_UNIT = re.compile(r"\b(\d+(?:\.\d+)?)\s+(ml|l|cm|mm|m|inch|inches|oz|gb|tb|w|mah|cups?|ft)\b")
_ORIGINAL = re.compile(
    r"\b(original|same)\b.{0,20}\b(payment|method|card|account|way)\b|\bpaid with\b|原路|原支付|原付款",
    re.IGNORECASE,
)
_GIFT_CARD = re.compile(r"gift ?card|礼品卡", re.IGNORECASE)
_PAYPAL = re.compile(r"pay ?pal|贝宝", re.IGNORECASE)
_CREDIT_CARD = re.compile(r"credit card|debit card|\bcard\b|信用卡|银行卡", re.IGNORECASE)
_WANTED = re.compile(
    r"\b(?:for|to|into|with) the (?:one|version|model)s?\b[^.;!?]*|换成[^。；！？]*", re.IGNORECASE
)
"""What the customer wants instead ("for the one with length 28 inch"): not a description of the
item they have, so it does not choose between two lines of one product."""
_CARD_DIGITS = re.compile(r"\b(?:ending|ends|last (?:four|4))\b|尾号", re.IGNORECASE)
_CHEAPEST = re.compile(r"\bcheapest\b|\bleast expensive\b|\blowest price\b|最便宜", re.I)
_SEVERAL = re.compile(r"\b(both|all|two|three|each|every)\b|都|全部|两", re.IGNORECASE)
_BRANDS = ("visa", "mastercard", "amex", "american express", "discover")


def words(text: str) -> list[str]:
    """Lower-cased words, units joined to their numbers ("1000 ml" → "1000ml"), plurals as
    singulars ("bottles" → "bottle"), so names and options match however they are typed."""
    text = _UNIT.sub(r"\1\2", text.lower())
    return [_singular(w) for w in _TOKEN.findall(text)]


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word.isalpha():
        return word[:-1]
    return word


def says(text_words: Sequence[str], phrase: str) -> bool:
    """Whether the phrase's words come, in order and together, in the text's words."""
    wanted = words(phrase)
    n = len(wanted)
    return n > 0 and any(list(text_words[i : i + n]) == wanted for i in range(len(text_words)))


# --- items ---------------------------------------------------------------------------------------


def named_items(text: str, items: Sequence[d.OrderItem]) -> list[d.OrderItem]:
    """The items of one order the text names: each whose whole name it says ("the water bottle"),
    or, if it says none whole, those sharing the most words with it ("the kettle"). Of two lines
    of the same product, the ones whose options it names ("the blue one")."""
    said = words(text)
    said_set = set(said)
    whole = [i for i in items if set(words(i.name)) <= said_set]
    if whole:
        chosen = whole
    else:
        overlap = [(len(set(words(i.name)) & said_set), i) for i in items]
        best = max((n for n, _ in overlap), default=0)
        chosen = [i for n, i in overlap if n == best and n > 0]
    if not chosen:  # "the blue one": the items whose options it names ("midnight blue")
        scores = [
            (
                sum(
                    says(said, v) or says(said, (words(v) or [""])[-1]) for v in i.options.values()
                ),
                i,
            )
            for i in items
        ]
        best = max((n for n, _ in scores), default=0)
        chosen = [i for n, i in scores if n == best and n > 0]
    chosen = _by_options(words(_WANTED.sub(" ", text)), chosen)
    if not _SEVERAL.search(text):  # "the water bottle" is one, though the order holds two
        chosen = list({i.sku: i for i in reversed(chosen)}.values())[::-1]
    return chosen


def same_name_lines(text: str, items: Sequence[d.OrderItem]) -> list[d.OrderItem]:
    """Lines of one product with different options that the text does not tell apart ("the
    earbuds", when the order holds a black pair and a blue pair): the customer must say which.
    None when they ask for several ("both")."""
    if _SEVERAL.search(text):
        return []
    return [i for same in _by_name(items) if len({i.sku for i in same}) > 1 for i in same]


def _by_name(items: Sequence[d.OrderItem]) -> list[list[d.OrderItem]]:
    """The items grouped by product name, in order."""
    groups: dict[str, list[d.OrderItem]] = {}
    for item in items:
        groups.setdefault(item.name, []).append(item)
    return list(groups.values())


def _by_options(said: list[str], items: list[d.OrderItem]) -> list[d.OrderItem]:
    kept: list[d.OrderItem] = []
    for same in _by_name(items):
        if len({i.sku for i in same}) > 1:
            scores = [sum(says(said, v) for v in i.options.values()) for i in same]
            best = max(scores)
            same = [i for i, s in zip(same, scores, strict=True) if s == best]
        kept += same
    return [i for i in items if i in kept]


def item_mentions(text: str, items: Sequence[d.OrderItem]) -> dict[str, str]:
    """For each item, the part of the text about it: from where its name is said to where the
    next named item's is, so "the helmet in black and the hose in green" gives each its colour.
    An item whose name is not said gets the whole text."""
    said = words(text)
    starts = {item.sku: at for item in items if (at := _where_named(said, item, items)) is not None}
    ordered = sorted(set(starts.values()))
    spans: dict[str, str] = {}
    for item in items:
        if item.sku not in starts:
            spans[item.sku] = text
            continue
        begin = starts[item.sku]
        end = next((i for i in ordered if i > begin), len(said))
        spans[item.sku] = " ".join(said[begin:end])
    return spans


def _where_named(said: list[str], item: d.OrderItem, items: Sequence[d.OrderItem]) -> int | None:
    """Where the item's whole name is said, or else a word of its name no other item shares."""
    name = words(item.name)
    for i in range(len(said)):
        if said[i : i + len(name)] == name:
            return i
    others = {w for other in items if other.name != item.name for w in words(other.name)}
    own = set(name) - others
    return next((i for i, w in enumerate(said) if w in own), None)


# --- variants ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantChoice:
    """The variant the customer asks for instead of an ordered item."""

    variant: d.Variant | None
    """The one to swap to; None when the words name no option, or no variant fits them."""
    wanted: dict[str, str]
    """The options the words name, e.g. {"color": "black"}; the others stay as ordered."""
    in_stock: tuple[d.Variant, ...] = ()
    """When the variant that fits is out of stock: the available ones closest to it."""


def chosen_variant(text: str, item: d.OrderItem, variants: Iterable[d.Variant]) -> VariantChoice:
    """The variant of the item's product with the options the text names, and the ordered
    item's options for every option it does not name."""
    others = [v for v in variants if v.sku != item.sku]
    wanted = named_options(text, item, others)
    if not wanted:
        return VariantChoice(None, {})
    fits = [v for v in others if all(v.options.get(k) == val for k, val in wanted.items())]
    if not fits:
        return VariantChoice(None, wanted)

    def changed(v: d.Variant) -> int:
        """How many options the customer did not name would change."""
        return sum(v.options.get(k) != val for k, val in item.options.items() if k not in wanted)

    fits.sort(key=lambda v: (changed(v), v.sku))
    closest = [v for v in fits if changed(v) == changed(fits[0])]
    available = [v for v in closest if v.is_available]
    if len(available) == 1:
        return VariantChoice(available[0], wanted)
    if available and _CHEAPEST.search(text):  # "whichever is cheapest"
        return VariantChoice(min(available, key=lambda v: (v.price_cents, v.sku)), wanted)
    if available:  # several fit equally well: the customer chooses, not us
        return VariantChoice(None, wanted, tuple(available[:5]))
    # The one that fits is out of stock: it is proposed so the policy says so, with what is in.
    return VariantChoice(closest[0], wanted, tuple(v for v in fits if v.is_available)[:5])


def named_options(text: str, item: d.OrderItem, variants: Sequence[d.Variant]) -> dict[str, str]:
    """The options the text asks for, where one of them differs from the item's; {} when it asks
    for no change. "frame color black" names the frame colour only, though "black" is a lens
    colour too; "water resistance IPX4" keeps the item's own value; a value said alone counts for
    the first option that has it; a bare number ("7") only beside its option's name ("size 7")."""
    said = words(text)
    values: dict[str, list[str]] = {}
    for v in (*variants, d.Variant(item.sku, "", item.options, 0, True)):
        for key, value in v.options.items():
            if value not in values.setdefault(key, []):
                values[key].append(value)
    wanted: dict[str, str] = {}
    for key, options in values.items():  # "frame color black", "black frame color"
        named = [v for v in options if says(said, f"{key} {v}") or says(said, f"{v} {key}")]
        if named:
            wanted[key] = max(named, key=lambda v: len(words(v)))
    keyed = set(wanted.values())
    for key, options in values.items():  # "the black one"
        if key in wanted:
            continue
        others = [v for v in options if v != item.options.get(key) and not _bare(v)]
        named = [v for v in others if v not in keyed and says(said, v)]
        if not named:  # "Google Home" for "Google Assistant": a word no other value has
            named = [v for v in others if _own_word_said(v, options, said)]
        named = [v for v in named if v not in wanted.values()]
        if named:
            wanted[key] = max(named, key=lambda v: len(words(v)))
    if all(item.options.get(k) == v for k, v in wanted.items()):
        return {}
    return wanted


def _own_word_said(value: str, options: Sequence[str], said: Sequence[str]) -> bool:
    """Whether the text says a word of a several-word value that no other value of the option
    has ("steel" for "stainless steel" beside "glass" and "plastic")."""
    own = set(words(value)) - {w for other in options if other != value for w in words(other)}
    own -= _GENERIC | {"and", "with", "the", "of", "no", "non"}
    return len(words(value)) > 1 and any(w in said and len(w) > 3 for w in own)


def _bare(value: str) -> bool:
    return value.replace(".", "").isdigit() or len(value) <= 2


# --- payment methods -----------------------------------------------------------------------------


def named_method(
    text: str, on_file: Sequence[d.PaymentMethod], *, paid_with: str | None = None
) -> d.PaymentMethod | None:
    """The one method on file the text names: "the original payment method" (`paid_with`), a
    gift card, PayPal, a card by its last four digits, by brand, or "my credit card" when there is
    one card. None when it names none, or more than one could be meant."""
    by_id = {m.id: m for m in on_file}
    if paid_with in by_id and _ORIGINAL.search(text):
        return by_id[paid_with]
    digits = set(re.findall(r"(?<!\d)(\d{4})(?!\d)", text))
    cards = [m for m in on_file if m.kind == "credit_card"]
    by_digits = [m for m in cards if any(m.label.endswith(n) for n in digits)]
    if len(by_digits) == 1:
        return by_digits[0]
    if digits and _CARD_DIGITS.search(text):
        return None  # "my card ending 1234", and no card on file ends so: never another card
    if _GIFT_CARD.search(text):
        return _one(m for m in on_file if m.kind == "gift_card")
    if _PAYPAL.search(text):
        return _one(m for m in on_file if m.kind == "paypal")
    lowered = text.lower()
    brands = [b for b in _BRANDS if b in lowered]
    if brands:
        return _one(m for m in cards if any(b in m.label.lower() for b in brands))
    if _CREDIT_CARD.search(text):
        return _one(cards)
    return None


def _one(methods: Iterable[d.PaymentMethod]) -> d.PaymentMethod | None:
    found = list(methods)
    return found[0] if len(found) == 1 else None


# --- orders --------------------------------------------------------------------------------------


def orders_with_items(
    text: str, orders: Sequence[d.OrderSummary], statuses: frozenset[str] | None = None
) -> list[d.OrderSummary]:
    """The customer's orders holding an item the text names, in a status the change is for:
    "return the water bottle" finds the delivered order with the water bottle. An item is named
    by its whole name, or else by a word of it ("my watch order" for the Smart Watch)."""
    said = set(words(text))
    if statuses is not None:
        orders = [o for o in orders if o.status in statuses]
    whole = [o for o in orders if any(set(words(name)) <= said for name in o.item_names)]
    if whole:
        return whole
    return [o for o in orders if any(said & (set(words(name)) - _GENERIC) for name in o.item_names)]


def one_per_order(text: str, orders: Sequence[d.Order]) -> bool:
    """Whether the items the text names lie in these orders with none in two of them ("return
    the water bottle and the desk lamp", each in its own order): then each order gets its own
    proposal, rather than the customer being asked to choose one."""
    said = set(words(text))
    seen: dict[str, str] = {}
    for order in orders:
        names = {i.name for i in order.items if set(words(i.name)) <= said}
        if not names:
            return False
        for name in names:
            if seen.setdefault(name, order.id) != order.id:
                return False
    return len(orders) > 1


def orders_by_amount_or_date(
    orders: Sequence[d.OrderSummary], amounts_cents: Sequence[int], dates: Sequence[date]
) -> list[d.OrderSummary]:
    """The orders whose total the customer says (to the dollar: "the $54 one") or that were
    placed on a day they name; all of them when they name neither, or none fits."""
    fitting = [
        o
        for o in orders
        if any(abs(o.total_cents - a) < 100 for a in amounts_cents)
        or (o.placed_at is not None and o.placed_at.date() in dates)
    ]
    return fitting or list(orders)


_GENERIC = frozenset({"set", "one", "kit", "pack", "pro", "mini", "max", "plus", "smart", "new"})
"""Words of product names that name no product by themselves."""
_STATUS_WORDS = (
    (
        re.compile(
            r"\b(?:not|n't|never|yet to)\s+(?:been\s+|yet\s+)?(?:delivered|arrived|received|got)\b"
            r"|还没(?:收到|到)|没有收到",
            re.I,
        ),
        {"pending", "processed", "shipped"},
    ),
    (
        re.compile(
            r"\b(?:hasn'?t|has not|not yet|haven'?t|never) (?:been )?(?:shipped|sent)\b|还没发货|未发货",
            re.I,
        ),
        {"pending", "processed"},
    ),
    (re.compile(r"\b(?:pending|processing)\b|待处理", re.I), {"pending", "processed"}),
    (re.compile(r"\b(?:delivered|arrived|received|got it)\b|已签收|收到了", re.I), {"delivered"}),
    (re.compile(r"\b(?:on (?:its|the) way|in transit|shipped)\b|已发货|在路上", re.I), {"shipped"}),
    (re.compile(r"\bcancell?ed\b|已取消", re.I), {"cancelled"}),
    (re.compile(r"\breturned\b|退货了", re.I), {"returned", "return requested"}),
)


def orders_in_said_status(text: str, orders: Sequence[d.OrderSummary]) -> list[d.OrderSummary]:
    """The orders in the status the text describes ("the one that hasn't shipped"); all of them
    when it describes none."""
    for pattern, statuses in _STATUS_WORDS:
        if pattern.search(text):
            return [o for o in orders if o.status in statuses]
    return list(orders)
