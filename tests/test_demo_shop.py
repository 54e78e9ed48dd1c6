"""The demo shop in knowledge/: reproducible, big enough, and served end to end by `bot setup`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.wiring import build_assistant
from tests.conftest import REPO
from tests.test_cli import run_bot

KNOWLEDGE = REPO / "knowledge"
CJK = re.compile(r"[\u4e00-\u9fff]")


def load(name: str) -> list[dict]:
    return json.loads((KNOWLEDGE / "shop" / f"{name}.json").read_text())


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(KNOWLEDGE / "generate_shop.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for relative in (
        "shop/brands.json",
        "shop/categories.json",
        "shop/products.json",
        "shop/customers.json",
        "shop/orders.json",
        "reviews/reviews.jsonl",
    ):
        assert (tmp_path / relative).read_bytes() == (KNOWLEDGE / relative).read_bytes(), relative


def test_catalog_customers_and_orders_are_big_enough() -> None:
    products, brands, categories = load("products"), load("brands"), load("categories")
    assert len(products) >= 40 and len(brands) >= 10
    assert len([c for c in categories if c["parent"] is None]) >= 5
    assert len({p["brand"] for p in products}) >= 10
    assert all(p["attributes"] for p in products)
    assert len(load("customers")) >= 30
    orders = load("orders")
    assert len(orders) >= 120
    statuses = Counter(o["status"] for o in orders)
    assert set(statuses) == {
        "pending",
        "processed",
        "shipped",
        "delivered",
        "cancelled",
        "returned",
    }
    shipped = [o for o in orders if o["status"] in ("shipped", "delivered")]
    assert all(s["tracking_number"] and s["carrier"] for o in shipped for s in o["shipments"])


def test_documents_are_there_in_both_languages() -> None:
    manuals = list((KNOWLEDGE / "manuals").glob("*.md"))
    assert len([m for m in manuals if ".zh." not in m.name]) >= 15
    policies = {p.stem for p in (KNOWLEDGE / "policies").glob("*.md")}
    assert {"shipping", "returns", "refunds", "warranty", "payment", "privacy"} <= policies
    reviews = jsonl(KNOWLEDGE / "reviews" / "reviews.jsonl")
    faq = jsonl(KNOWLEDGE / "faq" / "faq.jsonl")
    assert len(reviews) >= 200 and len(faq) >= 30
    for rows in (reviews, faq):
        chinese = [r for r in rows if r["language"] == "zh"]
        assert len(chinese) >= 0.1 * len(rows)
        assert all(CJK.search(r.get("text") or r["answer"]) for r in chinese)


@pytest.mark.slow
def test_setup_imports_the_demo_shop_once_and_the_assistant_serves_it(settings: Settings) -> None:
    first = run_bot(settings, "setup")
    assert first.returncode == 0, first.stderr
    assert "'orders': 150" in " ".join(first.stdout.split())
    again = run_bot(settings, "setup")
    assert "up to date" in again.stdout

    order = next(o for o in load("orders") if o["status"] == "shipped")
    customer = next(c for c in load("customers") if c["id"] == order["customer"])
    shipment = order["shipments"][0]
    assistant = build_assistant(settings)
    handle = assistant.orchestrator.handle
    handle(f"where is my order {order['id']}?", conversation_id="demo")
    turn = handle(
        f"{customer['first_name']} {customer['last_name']}, {customer['addresses'][0]['zip']}",
        conversation_id="demo",
    )
    assert turn.reply is not None
    for fact in (
        order["id"],
        shipment["carrier"],
        shipment["tracking_number"],
        shipment["shipped_at"],
        shipment["estimated_delivery"],
    ):
        assert fact in turn.reply.text
    assistant.engine.dispose()


def test_the_shop_data_keeps_its_own_rules() -> None:
    """check_shop.py checks totals, dates, refunds, references and the policy windows."""
    done = subprocess.run(
        [sys.executable, str(KNOWLEDGE / "check_shop.py"), "--no-regen"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("OK")
