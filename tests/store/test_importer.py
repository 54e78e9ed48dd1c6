from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.errors import ImportDataError
from bot.store import models as m
from bot.store.importer import detect_format, import_shop
from tests.conftest import REPO
from tests.shopdata import shop_records, write_shop

TABLES = (
    m.Brand,
    m.Category,
    m.Product,
    m.Variant,
    m.ProductAttribute,
    m.Customer,
    m.Address,
    m.PaymentMethod,
    m.Order,
    m.OrderLine,
    m.ShipmentRow,
    m.PaymentRow,
    m.RefundRow,
)


def counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0
            for t in TABLES
        }


def test_json_export_imports_with_money_in_cents(store_sessions, tmp_path: Path) -> None:
    result = import_shop(store_sessions, write_shop(tmp_path / "shop"))
    assert result.format == "json"
    assert result.counts == {
        "brands": 2,
        "categories": 4,
        "products": 2,
        "customers": 2,
        "orders": 3,
    }
    with store_sessions() as session:
        order = session.get(m.Order, "ORD-20003")
        assert order is not None
        assert order.total_cents == 4950 + 599
        assert order.items[0].name == "Hearthly Glass Electric Kettle 1.7 L"
        shipped = session.get(m.Order, "ORD-20001")
        assert shipped is not None and shipped.shipments[0].tracking_number == "1Z999AA10123456784"
        headphones = session.get(m.Product, "P-1001")
        assert headphones is not None
        assert {(a.attribute.name, a.value) for a in headphones.attributes} == {
            ("battery_life_hours", "30"),
            ("noise_cancelling", "true"),
        }


def test_importing_twice_changes_nothing(store_sessions, tmp_path: Path) -> None:
    folder = write_shop(tmp_path / "shop")
    import_shop(store_sessions, folder)
    first = counts(store_sessions)
    import_shop(store_sessions, folder)
    assert counts(store_sessions) == first


def test_reimport_applies_changed_records(store_sessions, tmp_path: Path) -> None:
    records = shop_records()
    import_shop(store_sessions, write_shop(tmp_path / "a", records))
    records["orders"][2]["status"] = "processed"
    records["customers"][1]["addresses"][0]["zip"] = "73344"
    import_shop(store_sessions, write_shop(tmp_path / "b", records))
    with store_sessions() as session:
        assert session.get(m.Order, "ORD-20003").status == "processed"  # type: ignore[union-attr]
        zips = session.scalars(select(m.Address.zip).where(m.Address.customer_id == "C-0002"))
        assert list(zips) == ["73344"]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda r: r["orders"][1].pop("customer"),
            "orders.json, record 2 (id ORD-20002), field 'customer': Field required",
        ),
        (
            lambda r: r["orders"][0]["items"][0].update(sku="NOPE"),
            "record ORD-20001, field 'items.0.sku': unknown sku 'NOPE'",
        ),
        (lambda r: r["orders"][0].update(status="lost"), "record 1 (id ORD-20001), field 'status'"),
        (
            lambda r: r["customers"][1].update(email="ann.lee@example.com"),
            "record C-0002, field 'email': email also used by customer C-0001",
        ),
        (
            lambda r: r["orders"][2].update(payment_method="PM-0001-1"),
            "record ORD-20003, field 'payment_method'",
        ),
        (
            lambda r: r["products"][0].update(brand="acme"),
            "record P-1001, field 'brand': unknown brand 'acme'",
        ),
        (
            lambda r: r["products"].append(dict(r["products"][0])),
            "record P-1001, field 'id': duplicate products id",
        ),
    ],
)
def test_bad_record_is_named_and_nothing_is_written(
    store_sessions, tmp_path: Path, mutate, expected: str
) -> None:
    records = shop_records()
    mutate(records)
    before = counts(store_sessions)
    with pytest.raises(ImportDataError) as caught:
        import_shop(store_sessions, write_shop(tmp_path / "bad", records))
    assert expected in str(caught.value)
    assert counts(store_sessions) == before


def test_malformed_json_names_file_and_line(store_sessions, tmp_path: Path) -> None:
    folder = write_shop(tmp_path / "shop")
    (folder / "orders.json").write_text('[{"id": "ORD-1",\n  oops}]')
    with pytest.raises(ImportDataError, match=r"orders\.json: not valid JSON \(line 2"):
        import_shop(store_sessions, folder)
    assert counts(store_sessions)["orders"] == 0


def test_failure_late_in_the_export_rolls_back_earlier_records(
    store_sessions, tmp_path: Path
) -> None:
    records = shop_records()
    records["orders"][2]["customer"] = "C-9999"
    with pytest.raises(ImportDataError, match="unknown customer 'C-9999'"):
        import_shop(store_sessions, write_shop(tmp_path / "shop", records))
    assert sum(counts(store_sessions).values()) == 0


def test_single_json_file_with_all_kinds(store_sessions, tmp_path: Path) -> None:
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(shop_records()))
    assert import_shop(store_sessions, path).counts["orders"] == 3


def test_csv_export(store_sessions, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    _write_csv(folder / "brands.csv", [{"id": "acme", "name": "Acme"}])
    _write_csv(folder / "categories.csv", [{"id": "tools", "name": "Tools", "parent": ""}])
    _write_csv(
        folder / "products.csv",
        [
            {
                "product_id": "T-1",
                "name": "Drill",
                "brand": "acme",
                "category": "tools",
                "attributes": "power_w=600; cordless=yes",
                "sku": "T-1-A",
                "options": "color=red",
                "price": "89.90",
                "stock": "3",
            },
            {
                "product_id": "T-1",
                "name": "Drill",
                "brand": "acme",
                "category": "tools",
                "attributes": "",
                "sku": "T-1-B",
                "options": "color=blue",
                "price": "89.90",
                "stock": "0",
            },
        ],
    )
    _write_csv(
        folder / "customers.csv",
        [
            {
                "id": "K-1",
                "first_name": "Kim",
                "last_name": "Ng",
                "email": "Kim@Example.com",
                "line1": "1 Main St",
                "city": "Reno",
                "state": "NV",
                "zip": "89501",
            }
        ],
    )
    _write_csv(
        folder / "orders.csv",
        [
            {
                "order_id": "X-1",
                "customer_id": "K-1",
                "status": "shipped",
                "sku": "T-1-A",
                "quantity": "2",
                "unit_price": "89.90",
                "carrier": "USPS",
                "tracking_number": "9400100000000000000000",
                "shipped_at": "2026-11-01",
            },
            {
                "order_id": "X-1",
                "customer_id": "K-1",
                "status": "shipped",
                "sku": "T-1-B",
                "quantity": "1",
                "unit_price": "89.90",
            },
        ],
    )
    assert detect_format(folder) == "csv"
    result = import_shop(store_sessions, folder)
    assert result.counts == {
        "brands": 1,
        "categories": 1,
        "products": 1,
        "customers": 1,
        "orders": 1,
    }
    with store_sessions() as session:
        order = session.get(m.Order, "X-1")
        assert order is not None and order.total_cents == 3 * 8990
        assert [line.quantity for line in order.items] == [2, 1]
        assert session.get(m.Customer, "K-1").email == "kim@example.com"  # type: ignore[union-attr]
        assert session.get(m.Variant, "T-1-B").is_available is False  # type: ignore[union-attr]


def test_csv_bad_option_names_line(store_sessions, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    _write_csv(
        folder / "products.csv",
        [{"product_id": "T-1", "name": "Drill", "sku": "T-1-A", "options": "red", "price": "1"}],
    )
    with pytest.raises(
        ImportDataError,
        match=r"products\.csv, record line 2 \(sku T-1-A\), "
        r"field 'options': expected key=value",
    ):
        import_shop(store_sessions, folder)


def test_unknown_file_is_refused(store_sessions, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(ImportDataError, match="not a known shop export"):
        import_shop(store_sessions, path)
    with pytest.raises(ImportDataError, match="no such file"):
        import_shop(store_sessions, tmp_path / "missing")


def test_tau_retail_shop_imports_as_it_is(store_sessions) -> None:
    path = REPO / "data" / "tau_retail"
    assert detect_format(path) == "tau"
    result = import_shop(store_sessions, path)
    assert result.counts["customers"] == 500 and result.counts["orders"] == 1000
    again = counts(store_sessions)
    import_shop(store_sessions, path)
    assert counts(store_sessions) == again
    with store_sessions() as session:
        order = session.get(m.Order, "#W2611340")
        assert order is not None
        assert order.customer_id == "james_li_5688" and order.status == "processed"
        assert order.payment_method_id == "gift_card_1725971"
        assert order.total_cents == 53665
        assert order.shipments[0].tracking_number == "357962501027"
        card = session.get(m.PaymentMethod, "gift_card_1725971")
        assert card is not None and card.kind == "gift_card"


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    fields = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
