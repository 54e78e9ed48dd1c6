#!/usr/bin/env python3
"""Check the generated demo shop data against the format brief and POLICY_FACTS.md.

Usage: ``python knowledge/check_shop.py [--no-regen]``. Without ``--no-regen`` it
also runs ``generate_shop.py`` twice into temporary folders and checks that both
runs match the committed files byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

JSON = dict[str, Any]
HERE = Path(__file__).resolve().parent
AS_OF = date(2026, 11, 25)
HOLIDAYS = {date(2026, 7, 3), date(2026, 9, 7), date(2026, 11, 26), date(2026, 12, 25)}
STATUSES = ["pending", "processed", "shipped", "delivered", "cancelled", "returned"]
CANCEL_REASONS = {"no longer needed", "ordered by mistake", "found a better price", "delivery too slow", "other"}
ANCHORS = {
    "P-1001": ("Aurora Halo ANC Headphones", "aurora-audio", "headphones"),
    "P-1002": ("Aurora Pebble True Wireless Earbuds", "aurora-audio", "earbuds"),
    "P-1003": ("Nordwave Boom 2 Bluetooth Speaker", "nordwave", "speakers"),
    "P-1010": ("Keyforge K75 Mechanical Keyboard", "keyforge", "keyboards"),
    "P-1011": ("Keyforge Glide Wireless Mouse", "keyforge", "mice"),
    "P-1012": ("Vireo 27-inch 4K Monitor", "vireo", "monitors"),
    "P-1020": ("Lumina Smart Bulb E27 Colour", "lumina", "lighting"),
    "P-1021": ("Lumina Smart Plug Mini", "lumina", "smart-plugs"),
    "P-1022": ("Sentry Cam 2K Indoor Camera", "sentry", "cameras"),
    "P-1030": ("BrewCraft Barista Espresso Machine", "brewcraft", "coffee-machines"),
    "P-1031": ("Hearthly Glass Electric Kettle 1.7 L", "hearthly", "kettles"),
    "P-1032": ("BrewCraft Pro Blender 1200W", "brewcraft", "blenders"),
    "P-1040": ("Zephyr R5 Robot Vacuum", "zephyr-home", "vacuums"),
    "P-1041": ("Zephyr Pure 300 Air Purifier", "zephyr-home", "air-purifiers"),
    "P-1050": ("Pulsefit Run GPS Watch", "pulsefit", "smartwatches"),
}
OUTPUTS = ["shop/brands.json", "shop/categories.json", "shop/products.json", "shop/customers.json",
           "shop/orders.json", "reviews/reviews.jsonl"]
CJK = re.compile(r"[\u4e00-\u9fff]")
INJECTION = re.compile(r"ignore (all |your )?(previous|prior) instructions|忽略之前", re.I)


def fail(msg: str) -> NoReturn:
    """Raise with a readable message."""
    raise AssertionError(msg)


def check(cond: bool, msg: str) -> None:
    """Assert with a message."""
    if not cond:
        fail(msg)


def is_bd(d: date) -> bool:
    """Business day (Mon-Fri, not a carrier holiday)."""
    return d.weekday() < 5 and d not in HOLIDAYS


def bd_between(a: date, b: date) -> int:
    """Business days d with a < d <= b."""
    n, d = 0, a
    while d < b:
        d += timedelta(days=1)
        n += is_bd(d)
    return n


def is_money(x: Any) -> bool:
    """Number with at most two decimals."""
    return isinstance(x, (int, float)) and not isinstance(x, bool) and abs(round(x, 2) - x) < 1e-9


def load(base: Path) -> dict[str, Any]:
    """Load every output file."""
    data: dict[str, Any] = {}
    for name in OUTPUTS[:-1]:
        data[Path(name).stem] = json.loads((base / name).read_text(encoding="utf-8"))
    lines = (base / OUTPUTS[-1]).read_text(encoding="utf-8").splitlines()
    data["reviews"] = [json.loads(line) for line in lines]
    return data


def check_catalog(d: dict[str, Any]) -> None:
    """Brands, categories and products."""
    brands, cats, products = d["brands"], d["categories"], d["products"]
    check(len(brands) >= 12, "need >= 12 brands")
    for b in brands:
        check(set(b) == {"id", "name", "country", "description"}, f"brand keys {b}")
        check(re.fullmatch(r"[A-Z]{2}", b["country"]) is not None, f"country {b}")
    brand_ids = {b["id"] for b in brands}
    check(len(brand_ids) == len(brands), "duplicate brand ids")

    seen: set[str] = set()
    for c in cats:
        check(set(c) == {"id", "name", "parent"}, f"category keys {c}")
        check(c["parent"] is None or c["parent"] in seen, f"parent must come first: {c}")
        seen.add(c["id"])
    check(len(seen) == len(cats), "duplicate category ids")
    tops = {c["id"] for c in cats if c["parent"] is None}
    check({"audio", "computing", "smart-home", "kitchen", "home-care", "wearables"} <= tops, "top-level set")
    children = Counter(c["parent"] for c in cats if c["parent"])
    for t in tops:
        check(children[t] >= 2, f"top {t} needs 2+ children")
    leaves = {c["id"] for c in cats if c["id"] not in children}

    check(len(products) >= 44, "need >= 44 products")
    pids = [p["id"] for p in products]
    check(len(set(pids)) == len(pids), "duplicate product ids")
    skus: set[str] = set()
    out_of_stock = 0
    for p in products:
        check(set(p) == {"id", "name", "brand", "category", "description", "warranty_months", "attributes",
                         "variants"}, f"product keys {p['id']}")
        check(re.fullmatch(r"P-10\d\d", p["id"]) is not None, f"product id {p['id']}")
        check(p["brand"] in brand_ids, f"unknown brand {p['brand']}")
        check(p["category"] in leaves, f"{p['id']} not in a leaf category")
        n_sent = len([s for s in re.split(r"(?<=[.!?])\s+", p["description"].strip()) if s])
        check(2 <= n_sent <= 3, f"{p['id']} description has {n_sent} sentences")
        want = 24 if p["brand"] in {"aurora-audio", "zephyr-home", "brewcraft"} else 12
        check(p["warranty_months"] == want, f"{p['id']} warranty")
        for k, v in p["attributes"].items():
            check(re.fullmatch(r"[a-z][a-z0-9_]*", k) is not None, f"attribute key {k}")
            check(isinstance(v, (str, int, float, bool)), f"attribute value {k}={v!r}")
        check(1 <= len(p["variants"]) <= 4, f"{p['id']} variant count")
        check(any(v["stock"] > 0 for v in p["variants"]), f"{p['id']} has nothing in stock")
        for v in p["variants"]:
            check(set(v) == {"sku", "options", "price", "stock"}, f"variant keys {v}")
            check(v["sku"].startswith(p["id"] + "-") and v["sku"] not in skus, f"sku {v['sku']}")
            skus.add(v["sku"])
            check(isinstance(v["price"], float) and is_money(v["price"]) and 3 < v["price"] < 2000, f"price {v}")
            check(isinstance(v["stock"], int) and v["stock"] >= 0, f"stock {v}")
            check(bool(v["options"]) and all(isinstance(x, str) for x in v["options"].values()), f"options {v}")
            out_of_stock += v["stock"] == 0
    check(out_of_stock >= 3, "some variants should be out of stock")
    check(brand_ids == {p["brand"] for p in products}, "every brand needs a product")
    check(leaves == {p["category"] for p in products}, "every leaf category needs a product")

    by_id = {p["id"]: p for p in products}
    for pid, (name, brand, cat) in ANCHORS.items():
        p = by_id.get(pid)
        if p is None:
            fail(f"missing anchor {pid}")
        check((p["name"], p["brand"], p["category"]) == (name, brand, cat), f"anchor mismatch {pid}")
    halo = by_id["P-1001"]
    check({v["options"].get("color") for v in halo["variants"]} == {"black", "silver", "midnight blue"}, "P-1001 colours")
    check(halo["attributes"]["battery_life_hours"] == 30 and halo["attributes"]["noise_cancelling"] is True, "P-1001")
    check({v["options"].get("switch_type") for v in by_id["P-1010"]["variants"]} == {"red", "brown", "blue"}, "P-1010")


def check_customers(d: dict[str, Any]) -> None:
    """Customers, addresses and payment methods."""
    customers = d["customers"]
    check(len(customers) >= 36, "need >= 36 customers")
    emails, phones, zips = set(), set(), []
    for n, c in enumerate(customers, start=1):
        check(set(c) == {"id", "first_name", "last_name", "email", "phone", "addresses", "payment_methods"},
              f"customer keys {c['id']}")
        check(c["id"] == f"C-{n:04d}", f"customer id order {c['id']}")
        check(re.fullmatch(r"[a-z]+\.[a-z]+@example\.com", c["email"]) is not None, f"email {c['email']}")
        check(c["email"] not in emails, f"duplicate email {c['email']}")
        emails.add(c["email"])
        check(re.fullmatch(r"\+1-555-01\d\d-\d{4}", c["phone"]) is not None, f"phone {c['phone']}")
        check(c["phone"] not in phones, "duplicate phone")
        phones.add(c["phone"])
        check(1 <= len(c["addresses"]) <= 2, f"{c['id']} address count")
        check(sum(a["is_default"] for a in c["addresses"]) == 1, f"{c['id']} needs one default address")
        for a in c["addresses"]:
            check(set(a) == {"label", "line1", "line2", "city", "state", "zip", "country", "is_default"}, "addr keys")
            check(re.fullmatch(r"\d{5}", a["zip"]) is not None and re.fullmatch(r"[A-Z]{2}", a["state"]) is not None,
                  f"zip/state {a}")
            check(a["country"] == "US", "US only")
            zips.append(a["zip"])
        check(1 <= len(c["payment_methods"]) <= 3, f"{c['id']} payment count")
        for i, pm in enumerate(c["payment_methods"], start=1):
            check(set(pm) == {"id", "kind", "brand", "last_four", "email", "balance"}, f"pm keys {pm}")
            check(pm["id"] == f"PM-{c['id'][2:]}-{i}", f"pm id {pm['id']}")
            if pm["kind"] == "credit_card":
                check(pm["brand"] in {"visa", "mastercard", "amex", "discover"}, f"card brand {pm}")
                check(re.fullmatch(r"\d{4}", pm["last_four"] or "") is not None, f"last four {pm}")
                check(pm["email"] is None and pm["balance"] is None, f"card extras {pm}")
            elif pm["kind"] == "paypal":
                check(pm["brand"] is None and pm["last_four"] is None and pm["balance"] is None, f"paypal {pm}")
                check(bool(pm["email"]) and "@" in pm["email"], f"paypal email {pm}")
            elif pm["kind"] == "gift_card":
                check(pm["brand"] is None and pm["last_four"] is None and pm["email"] is None, f"gift {pm}")
                check(isinstance(pm["balance"], float) and pm["balance"] >= 0, f"gift balance {pm}")
            else:
                fail(f"payment kind {pm}")
    check(len(zips) == len(set(zips)), "zips must differ")
    firsts = Counter(c["first_name"] for c in customers)
    lasts = Counter(c["last_name"] for c in customers)
    check(any(v >= 2 for v in firsts.values()), "need a shared first name")
    check(any(v >= 2 for v in lasts.values()), "need a shared last name")


def check_orders(d: dict[str, Any]) -> dict[str, int]:
    """Orders: integrity, money, statuses, dates, shipments, refunds, requests."""
    orders = d["orders"]
    customers = {c["id"]: c for c in d["customers"]}
    variants = {v["sku"]: (p, v) for p in d["products"] for v in p["variants"]}
    check(len(orders) >= 130, "need >= 130 orders")
    stats: Counter[str] = Counter()
    tracking: set[str] = set()
    per_customer: Counter[str] = Counter()
    anchors_seen: set[str] = set()
    prev_placed = ""
    for n, o in enumerate(orders):
        oid = o["id"]
        check(set(o) == {"id", "customer", "status", "placed_at", "shipping_address", "items", "shipping_fee",
                         "shipping_method", "total", "payment_method", "shipments", "refunds", "requests",
                         "cancel_reason"}, f"order keys {oid}")
        check(oid == f"ORD-{10001 + n}", f"order id sequence {oid}")
        check(o["placed_at"] >= prev_placed, f"orders not chronological at {oid}")
        prev_placed = o["placed_at"]
        cust = customers.get(o["customer"])
        if cust is None:
            fail(f"{oid} unknown customer")
        per_customer[o["customer"]] += 1
        status = o["status"]
        check(status in STATUSES, f"{oid} status")
        stats[status] += 1
        placed = datetime.fromisoformat(o["placed_at"])
        check(datetime(2026, 7, 1) <= placed <= datetime(2026, 11, 25, 23, 59), f"{oid} placed_at range")
        addr = o["shipping_address"]
        check(any({k: a[k] for k in ("line1", "line2", "city", "state", "zip", "country")} == addr
                  for a in cust["addresses"]) and set(addr) == {"line1", "line2", "city", "state", "zip", "country"},
              f"{oid} address not on file")
        pms = {pm["id"]: pm for pm in cust["payment_methods"]}
        check(o["payment_method"] in pms, f"{oid} payment method not on file")
        # items and money
        check(len(o["items"]) >= 1, f"{oid} items")
        subtotal = 0.0
        item_skus = []
        for it in o["items"]:
            check(set(it) == {"sku", "quantity", "unit_price"}, f"{oid} item keys")
            check(it["sku"] in variants, f"{oid} unknown sku {it['sku']}")
            check(it["unit_price"] == variants[it["sku"]][1]["price"], f"{oid} unit price")
            check(isinstance(it["quantity"], int) and it["quantity"] >= 1, f"{oid} quantity")
            subtotal += it["unit_price"] * it["quantity"]
            item_skus.append(it["sku"])
            if variants[it["sku"]][0]["id"] in ANCHORS:
                anchors_seen.add(variants[it["sku"]][0]["id"])
        check(len(item_skus) == len(set(item_skus)), f"{oid} duplicate sku lines")
        method = o["shipping_method"]
        check(method in ("standard", "express"), f"{oid} method")
        want_fee = 14.99 if method == "express" else (0 if subtotal >= 50 - 1e-9 else 5.99)
        check(abs(o["shipping_fee"] - want_fee) < 1e-9, f"{oid} shipping fee {o['shipping_fee']} != {want_fee}")
        check(is_money(o["total"]) and abs(o["total"] - (subtotal + want_fee)) < 0.005, f"{oid} total")
        if method == "express":
            check(not addr["line1"].upper().startswith("PO BOX"), f"{oid} express to PO box")
            stats["express"] += 1
        # status rules
        ships, refunds, reqs = o["shipments"], o["refunds"], o["requests"]
        check((o["cancel_reason"] is not None) == (status == "cancelled"), f"{oid} cancel_reason")
        if status in ("pending", "processed", "cancelled"):
            check(ships == [], f"{oid} should have no shipments")
        if status in ("pending", "processed", "shipped"):
            check(refunds == [] and reqs == [], f"{oid} unexpected refund/request")
        if status == "cancelled":
            check(o["cancel_reason"] in CANCEL_REASONS, f"{oid} cancel reason")
            check(len(refunds) == 1 and refunds[0]["status"] == "completed"
                  and abs(refunds[0]["amount"] - o["total"]) < 0.005, f"{oid} cancel refund")
            check(reqs == [], f"{oid} cancelled with requests")
        if status in ("shipped", "delivered", "returned"):
            check(len(ships) >= 1, f"{oid} needs shipments")
            shipped_skus = [s for sh in ships for s in sh["skus"]]
            check(sorted(shipped_skus) == sorted(item_skus), f"{oid} shipment skus != items")
        delivered_on: date | None = None
        for sh in ships:
            check(set(sh) == {"carrier", "tracking_number", "shipped_at", "estimated_delivery", "delivered_at",
                              "skus"}, f"{oid} shipment keys")
            tn, carrier = sh["tracking_number"], sh["carrier"]
            pattern = {"UPS": r"1Z[0-9A-Z]{16}", "FedEx": r"\d{12}", "USPS": r"\d{22}"}.get(carrier)
            check(pattern is not None and re.fullmatch(pattern, tn) is not None, f"{oid} tracking {carrier} {tn}")
            check(tn not in tracking, f"duplicate tracking {tn}")
            tracking.add(tn)
            shipped = date.fromisoformat(sh["shipped_at"])
            est = date.fromisoformat(sh["estimated_delivery"])
            check(placed.date() <= shipped <= AS_OF and is_bd(shipped), f"{oid} shipped_at")
            if placed.date() == shipped:
                check(placed.hour < 14, f"{oid} shipped same day though placed after 2 pm")
            lo, hi = (3, 5) if method == "standard" else (1, 2)
            check(lo <= bd_between(shipped, est) <= hi, f"{oid} estimated delivery window")
            if status == "shipped":
                check(sh["delivered_at"] is None, f"{oid} shipped but delivered_at set")
                stats["late"] += est < AS_OF
            else:
                check(sh["delivered_at"] is not None, f"{oid} delivered_at missing")
                dl = date.fromisoformat(sh["delivered_at"])
                check(shipped < dl <= AS_OF, f"{oid} delivered_at order")
                delivered_on = dl if delivered_on is None else max(delivered_on, dl)
        if len(ships) >= 2:
            check(len({sh["carrier"] for sh in ships}) >= 2, f"{oid} split should use two carriers")
            stats["split"] += 1
        if status == "delivered" and delivered_on:
            stats["recent_delivered" if (AS_OF - delivered_on).days <= 30 else "old_delivered"] += 1
        # refunds
        paid = pms[o["payment_method"]]
        for r in refunds:
            check(set(r) == {"amount", "payment_method", "status", "created_at", "reason"}, f"{oid} refund keys")
            check(r["payment_method"] == o["payment_method"], f"{oid} refund to original method")
            check(r["status"] in ("pending", "completed"), f"{oid} refund status")
            check(is_money(r["amount"]) and 0 < r["amount"] <= o["total"] + 1e-9, f"{oid} refund amount")
            check(placed.date() <= date.fromisoformat(r["created_at"]) <= AS_OF, f"{oid} refund date")
            waited = bd_between(date.fromisoformat(r["created_at"]), AS_OF)
            if paid["kind"] == "gift_card":
                check(r["status"] == "completed", f"{oid} gift card refunds are immediate")
            elif r["status"] == "completed":
                check(waited >= 5, f"{oid} card/PayPal refund completed in under 5 business days")
            else:
                check(waited < 7, f"{oid} card/PayPal refund still pending after 7 business days")
            stats["refund_" + r["status"]] += 1
        # requests
        for q in reqs:
            check(set(q) == {"kind", "status", "skus", "new_skus", "reason", "created_at"}, f"{oid} request keys")
            check(status in ("delivered", "returned"), f"{oid} request on non-delivered order")
            check(q["kind"] in ("return", "exchange"), f"{oid} request kind")
            check(q["status"] in ("requested", "approved", "completed", "rejected"), f"{oid} request status")
            check(set(q["skus"]) <= set(item_skus) and q["skus"], f"{oid} request skus")
            created = date.fromisoformat(q["created_at"])
            if delivered_on is None:
                fail(f"{oid} request without a delivery")
            check(delivered_on < created <= AS_OF, f"{oid} request date")
            in_window = (created - delivered_on).days <= 30
            if q["status"] != "rejected":
                check(in_window, f"{oid} accepted request outside 30-day window")
            if q["kind"] == "exchange":
                check(len(q["new_skus"]) == len(q["skus"]), f"{oid} exchange new_skus")
                for old, new in zip(q["skus"], q["new_skus"], strict=True):
                    check(new in variants and new != old, f"{oid} exchange sku")
                    check(variants[new][0]["id"] == variants[old][0]["id"], f"{oid} exchange must be same product")
            else:
                check(q["new_skus"] == [], f"{oid} return with new_skus")
                hygiene = any(variants[s][0]["category"] in ("headphones", "earbuds") for s in q["skus"])
                if hygiene and q["status"] in ("approved", "completed"):
                    check(q["reason"].startswith("defective"), f"{oid} opened headphones returned without defect")
            stats[f"req_{q['kind']}_{q['status']}"] += 1
        if status == "returned":
            check(any(q["kind"] == "return" and q["status"] == "completed" for q in reqs), f"{oid} needs return")
            check(len(refunds) >= 1, f"{oid} returned without refund")
        completed_returns = [q for q in reqs if q["kind"] == "return" and q["status"] == "completed"]
        check(not completed_returns or status == "returned", f"{oid} completed return but status {status}")
        if completed_returns:
            check(len(refunds) == len(completed_returns), f"{oid} refund per completed return")
            for q, r in zip(completed_returns, refunds, strict=True):
                value = sum(it["unit_price"] * it["quantity"] for it in o["items"] if it["sku"] in q["skus"])
                want = value if q["reason"].startswith("defective") else value - 6.95
                check(abs(r["amount"] - want) < 0.005, f"{oid} return refund amount {r['amount']} != {want:.2f}")
                check(date.fromisoformat(r["created_at"]) > date.fromisoformat(q["created_at"]),
                      f"{oid} refund before return request")
        elif status != "cancelled":
            check(refunds == [], f"{oid} refund without cause")
    for s in STATUSES:
        check(stats[s] >= 10, f"status {s} appears {stats[s]} times (< 10)")
    check(set(per_customer) == set(customers), "every customer needs an order")
    check(sum(v >= 6 for v in per_customer.values()) >= 3, "some customers need 6+ orders")
    check(anchors_seen == set(ANCHORS), f"anchors missing from orders: {set(ANCHORS) - anchors_seen}")
    check(stats["recent_delivered"] >= 5 and stats["old_delivered"] >= 5, "need returnable and expired deliveries")
    check(stats["split"] >= 3, "need split shipments")
    check(stats["late"] >= 2, "need late shipped orders")
    stats["max_orders_per_customer"] = max(per_customer.values())
    stats["customers_with_6plus"] = sum(v >= 6 for v in per_customer.values())
    return dict(stats)


def check_reviews(d: dict[str, Any]) -> dict[str, int]:
    """Reviews: integrity, language mix, uniqueness, injection samples."""
    reviews = d["reviews"]
    pids = {p["id"] for p in d["products"]}
    check(len(reviews) >= 230, "need >= 230 reviews")
    texts: set[str] = set()
    per_product: Counter[str] = Counter()
    ratings: Counter[int] = Counter()
    zh = injections = 0
    for n, r in enumerate(reviews, start=1):
        check(set(r) == {"id", "product", "author", "rating", "date", "title", "text", "language",
                         "verified_purchase"}, f"review keys {r.get('id')}")
        check(r["id"] == f"R-{n:04d}", f"review id {r['id']}")
        check(r["product"] in pids, f"review product {r['product']}")
        check(r["rating"] in (1, 2, 3, 4, 5), "rating")
        check(date.fromisoformat(r["date"]) <= AS_OF, "review date")
        check(r["language"] in ("en", "zh") and isinstance(r["verified_purchase"], bool), "lang/verified")
        check(bool(r["title"]) and bool(r["text"]) and bool(r["author"]), "empty field")
        check(r["text"] not in texts, f"duplicate review text {r['id']}")
        texts.add(r["text"])
        has_cjk = bool(CJK.search(r["text"]))
        check(has_cjk == (r["language"] == "zh"), f"{r['id']} language does not match text")
        zh += r["language"] == "zh"
        injections += bool(INJECTION.search(r["text"]))
        per_product[r["product"]] += 1
        ratings[r["rating"]] += 1
    check(zh >= 30 and zh / len(reviews) >= 0.10, f"Chinese reviews {zh}")
    check(injections == 2, f"expected exactly 2 injection reviews, found {injections}")
    for pid in ANCHORS:
        check(per_product[pid] >= 6, f"anchor {pid} has {per_product[pid]} reviews")
    check(all(ratings[k] >= 10 for k in range(1, 6)), f"rating spread {ratings}")
    return {"reviews": len(reviews), "zh": zh, "injections": injections,
            **{f"rating_{k}": ratings[k] for k in range(1, 6)}}


def sha256s(base: Path) -> dict[str, str]:
    """Hash each output file."""
    return {name: hashlib.sha256((base / name).read_bytes()).hexdigest() for name in OUTPUTS}


def check_reproducible() -> None:
    """Run the generator twice into temp folders; compare with each other and with the committed files."""
    committed = sha256s(HERE)
    runs = []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, str(HERE / "generate_shop.py"), "--out", tmp], check=True,
                           capture_output=True)
            runs.append(sha256s(Path(tmp)))
    check(runs[0] == runs[1], "generator is not deterministic")
    check(runs[0] == committed, "files on disk differ from a fresh generator run")
    for name, h in committed.items():
        print(f"  sha256 {h[:16]}  {name}")


def main() -> None:
    """Run every check and print a summary."""
    parser = argparse.ArgumentParser(description="check demo shop data")
    parser.add_argument("--no-regen", action="store_true", help="skip the reproducibility check")
    args = parser.parse_args()
    d = load(HERE)
    check_catalog(d)
    check_customers(d)
    order_stats = check_orders(d)
    review_stats = check_reviews(d)
    print(f"brands={len(d['brands'])} categories={len(d['categories'])} products={len(d['products'])} "
          f"variants={sum(len(p['variants']) for p in d['products'])} customers={len(d['customers'])} "
          f"orders={len(d['orders'])} reviews={len(d['reviews'])}")
    print("orders:", json.dumps(dict(sorted(order_stats.items()))))
    print("reviews:", json.dumps(review_stats))
    if not args.no_regen:
        check_reproducible()
        print("reproducible: two fresh runs match the files on disk")
    print("OK")


if __name__ == "__main__":
    main()
