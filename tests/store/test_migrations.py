from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect

from bot.store.db import alembic_config, has_schema, upgrade


def test_upgrade_creates_every_table_and_matches_the_models(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {
        "customers",
        "orders",
        "order_items",
        "shipments",
        "refunds",
        "service_requests",
        "products",
        "variants",
        "attributes",
        "product_attributes",
        "brands",
        "categories",
        "conversations",
        "turns",
        "feedback",
        "audit_log",
        "payments",
    } <= tables
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    command.check(config)  # raises if the models and the migrations disagree


def test_upgrade_twice_is_harmless(engine: Engine) -> None:
    upgrade(engine)
    assert has_schema(engine)
