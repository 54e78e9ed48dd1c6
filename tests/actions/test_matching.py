"""Reading orders, items, variants and payment methods from a customer's words, against the shop's
own data (names and options of any catalog)."""

from __future__ import annotations

from datetime import date, datetime

from bot.domain import OrderId, OrderItem, OrderSummary, PaymentMethod, Variant
from bot.matching import (
    chosen_variant,
    item_mentions,
    named_items,
    named_method,
    orders_by_amount_or_date,
    orders_with_items,
    words,
)

KETTLE = OrderItem("K-1", "P-K", "Electric Kettle", {"capacity": "1L", "color": "white"}, 1, 5000)
CLOCK = OrderItem("C-1", "P-C", "Wall Clock", {"diameter": "10 inches", "color": "black"}, 1, 3000)
GLASSES = OrderItem(
    "S-1",
    "P-S",
    "Sunglasses",
    {"frame color": "brown", "lens color": "brown", "lens type": "polarized"},
    1,
    9000,
)
BOTTLE_BLUE = OrderItem("B-1", "P-B", "Water Bottle", {"color": "blue"}, 1, 2000)
BOTTLE_RED = OrderItem("B-2", "P-B", "Water Bottle", {"color": "red"}, 1, 2000)


def kettles() -> list[Variant]:
    return [
        Variant("K-1", "P-K", {"capacity": "1L", "color": "white"}, 5000, True),
        Variant("K-2", "P-K", {"capacity": "1.5L", "color": "white"}, 5500, True),
        Variant("K-3", "P-K", {"capacity": "1.5L", "color": "black"}, 5500, True),
        Variant("K-4", "P-K", {"capacity": "1L", "color": "black"}, 5000, False),
        Variant("K-5", "P-K", {"capacity": "2L", "color": "silver"}, 6000, True),
    ]


def test_words_join_units_and_drop_plurals() -> None:
    assert words("Two 1.5 L bottles, please") == ["two", "1.5l", "bottle", "please"]
    assert words("1000 ml") == ["1000ml"] and words("glasses") == ["glasse"]


def test_items_are_named_by_their_whole_name_or_their_own_words() -> None:
    items = (KETTLE, CLOCK, GLASSES)
    assert named_items("return the electric kettle and the wall clock", items) == [KETTLE, CLOCK]
    assert named_items("the kettle please", items) == [KETTLE]
    assert named_items("the black one", items) == [CLOCK]  # by an option it has
    assert named_items("something else entirely", items) == []


def test_of_two_lines_of_one_product_the_one_whose_option_is_said() -> None:
    assert named_items("the red water bottle", (BOTTLE_BLUE, BOTTLE_RED)) == [BOTTLE_RED]
    same = OrderItem("B-1", "P-B", "Water Bottle", {"color": "blue"}, 1, 2000)
    assert named_items("the water bottle", (BOTTLE_BLUE, same)) == [BOTTLE_BLUE]  # one, not both
    assert named_items("both water bottles", (BOTTLE_BLUE, same)) == [BOTTLE_BLUE, same]


def test_each_item_gets_the_words_said_about_it() -> None:
    spans = item_mentions("the kettle in black and the wall clock in white", (KETTLE, CLOCK))
    assert spans == {"K-1": "kettle in black and the", "C-1": "wall clock in white"}


def test_options_not_mentioned_stay_as_ordered() -> None:
    choice = chosen_variant("the 1.5L one", KETTLE, kettles())
    assert choice.variant is not None and choice.variant.sku == "K-2"  # still white
    assert choice.wanted == {"capacity": "1.5L"}
    both = chosen_variant("capacity 1.5 l, color black", KETTLE, kettles())
    assert both.variant is not None and both.variant.sku == "K-3"


def test_an_out_of_stock_variant_is_proposed_with_what_is_in_stock() -> None:
    choice = chosen_variant("same kettle but in black", KETTLE, kettles())
    assert choice.variant is not None and choice.variant.sku == "K-4"
    assert not choice.variant.is_available  # the policy refuses it and says why
    assert [v.sku for v in choice.in_stock] == ["K-3"]


def test_words_that_name_no_variant_choose_none() -> None:
    assert chosen_variant("a different one", KETTLE, kettles()).variant is None
    nothing = chosen_variant("the 3L one in gold", KETTLE, kettles())
    assert nothing.variant is None and nothing.wanted == {}


def test_a_value_said_after_its_option_name_belongs_to_that_option() -> None:
    variants = [
        Variant("S-1", "P-S", dict(GLASSES.options), 9000, True),
        Variant(
            "S-2",
            "P-S",
            {"frame color": "black", "lens color": "brown", "lens type": "polarized"},
            9000,
            True,
        ),
        Variant(
            "S-3",
            "P-S",
            {"frame color": "black", "lens color": "black", "lens type": "polarized"},
            9000,
            True,
        ),
    ]
    choice = chosen_variant("the one with frame color black", GLASSES, variants)
    assert choice.wanted == {"frame color": "black"}
    assert choice.variant is not None and choice.variant.sku == "S-2"


def test_a_size_number_counts_only_beside_its_name() -> None:
    shoe = OrderItem("H-8", "P-H", "Hiking Boots", {"size": "8"}, 1, 10000)
    sizes = [Variant(f"H-{n}", "P-H", {"size": str(n)}, 10000, True) for n in (7, 8, 9)]
    assert chosen_variant("size 9 please", shoe, sizes).variant == sizes[2]
    assert chosen_variant("order 7 of 9 in my list", shoe, sizes).variant is None


CARD = PaymentMethod("credit_card_1", "credit_card", "mastercard ending 2478")
VISA = PaymentMethod("credit_card_2", "credit_card", "visa ending 1111")
GIFT = PaymentMethod("gift_card_1", "gift_card", "gift card", 5000)
PAYPAL = PaymentMethod("paypal_1", "paypal", "PayPal")
ON_FILE = (CARD, VISA, GIFT, PAYPAL)


def test_payment_methods_named_in_words() -> None:
    assert named_method("refund it to my mastercard ending in 2478", ON_FILE) == CARD
    assert named_method("the visa please", ON_FILE) == VISA
    assert named_method("put it on my gift card", ON_FILE) == GIFT
    assert named_method("paypal", ON_FILE) == PAYPAL
    assert named_method("退到礼品卡", ON_FILE) == GIFT
    assert named_method("the original payment method", ON_FILE, paid_with="credit_card_2") == VISA


def test_a_method_the_customer_did_not_name_is_never_chosen() -> None:
    assert named_method("my card ending 9999", ON_FILE) is None  # not on file
    assert named_method("my credit card", ON_FILE) is None  # two cards: which?
    assert named_method("my credit card", (CARD, GIFT)) == CARD
    assert named_method("the original payment method", ON_FILE) is None  # not known here
    assert named_method("yes please", ON_FILE) is None


def test_orders_are_found_by_the_items_they_hold_and_their_status() -> None:
    def summary(order_id: str, status: str, *names: str) -> OrderSummary:
        return OrderSummary(OrderId(order_id), status, datetime(2024, 5, 1), 1000, names)

    orders = [
        summary("#W1", "delivered", "Water Bottle", "Desk Lamp"),
        summary("#W2", "pending", "Water Bottle"),
        summary("#W3", "delivered", "Yoga Mat"),
    ]
    delivered = frozenset({"delivered"})
    found = orders_with_items("return the water bottle", orders, delivered)
    assert [o.id for o in found] == ["#W1"]
    assert [o.id for o in orders_with_items("the water bottle", orders)] == ["#W1", "#W2"]
    assert orders_with_items("the toaster", orders) == []


def test_orders_are_found_by_their_total_or_the_day_they_were_placed() -> None:
    def summary(order_id: str, cents: int, day: int) -> OrderSummary:
        return OrderSummary(OrderId(order_id), "delivered", datetime(2026, 9, day), cents, ("X",))

    orders = [summary("A", 7999, 24), summary("B", 26498, 25)]
    assert [o.id for o in orders_by_amount_or_date(orders, [8000], [])] == ["A"]
    assert [o.id for o in orders_by_amount_or_date(orders, [], [date(2026, 9, 25)])] == ["B"]
    assert orders_by_amount_or_date(orders, [100], []) == orders  # none fits: all of them


def test_a_distinctive_word_of_a_value_names_it_and_cheapest_breaks_a_tie() -> None:
    homekit = OrderItem("T-1", "P-T", "Smart Thermostat", {"works with": "Apple HomeKit"}, 1, 9000)
    thermostats = [
        Variant("T-1", "P-T", {"works with": "Apple HomeKit"}, 9000, True),
        Variant("T-2", "P-T", {"works with": "Google Assistant"}, 9500, True),
        Variant("T-3", "P-T", {"works with": "Amazon Alexa"}, 8000, True),
    ]
    google = chosen_variant("one that works with google home", homekit, thermostats)
    assert google.variant is not None and google.variant.sku == "T-2"
    red = OrderItem("K-9", "P-K", "Electric Kettle", {"capacity": "1L", "color": "red"}, 1, 5000)
    tie = chosen_variant("capacity 1.5L, any colour", red, kettles())  # white or black?
    assert tie.variant is None and [v.sku for v in tie.in_stock] == ["K-2", "K-3"]
    pricier = [
        *kettles()[:2],
        Variant("K-3", "P-K", {"capacity": "1.5L", "color": "black"}, 5400, True),
    ]
    cheapest = chosen_variant("capacity 1.5L, whichever is cheapest", red, pricier)
    assert cheapest.variant is not None and cheapest.variant.sku == "K-3"
