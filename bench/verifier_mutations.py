"""Mutation test of the verifier over the demo shop (issue 11: reject ≥ 99% of wrong copies,
accept ≥ 98% of correct replies).

    .venv/bin/bot setup && .venv/bin/python bench/verifier_mutations.py [--json]

Takes the template reply of every reply kind over the demo shop's 150 orders (order status in
English and a third also in Chinese; a change proposal, its outcome and its cancellation, or the
refusal), a knowledge answer for every passage of its manuals, policies, FAQ and reviews, and the
dialogue replies; makes one wrong copy of each for every fact type it holds (`bot/testing/
mutations.py`); and prints how many the verifier rejects, by fact type, and how many correct
replies it accepts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, date, datetime, time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bot.actions.services import build_services  # noqa: E402
from bot.generation.template import TemplateWriter  # noqa: E402
from bot.retrieval.documents import discover, read_document  # noqa: E402
from bot.retrieval.hybrid import Hit  # noqa: E402
from bot.retrieval.passages import as_evidence  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.store import models as m  # noqa: E402
from bot.store.db import make_engine, make_sessionmaker  # noqa: E402
from bot.store.repositories import OrderRepository  # noqa: E402
from bot.testing.mutations import MutationScore, score, shop_samples, with_names  # noqa: E402
from bot.wiring import catalog_product_names, shop_policy, shop_profile  # noqa: E402

TODAY = date(2026, 11, 25)
"""The demo shop's "today" (docs/CONVERSATION_TESTS.md)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--show", type=int, default=5, help="misses and false rejections shown")
    args = parser.parse_args()
    settings = load_settings()
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        ids = list(session.execute(select(m.Order.id, m.Order.customer_id).order_by(m.Order.id)))
    repository = OrderRepository(sessions)
    orders = [o for i, c in ids if (o := repository.get_for_customer(i, c)) is not None]
    if not orders:
        sys.exit("the demo shop is not in the database: run `bot setup` first")
    services = build_services(
        sessions, shop_policy(settings), clock=lambda: datetime.combine(TODAY, time(12), UTC)
    )
    evidence = [
        as_evidence(Hit(passage, 0.0))
        for path, root in discover([settings.knowledge_dir / d for d in settings.document_dirs])
        for passage in read_document(path, root).passages
    ]
    names = catalog_product_names(settings)
    samples = shop_samples(
        orders, services.actions, TemplateWriter(shop_profile(settings)), evidence, today=TODAY
    )
    result = score(with_names(samples, names), names)
    engine.dispose()
    if args.json:
        print(json.dumps(as_json(result, len(samples)), indent=1))
    else:
        show(result, len(samples), args.show)


def as_json(result: MutationScore, samples: int) -> dict[str, object]:
    return {
        "correct_replies": samples,
        "accepted": round(result.acceptance, 4),
        "wrong_copies": sum(result.total_by_fact.values()),
        "rejected": round(result.rejection, 4),
        "by_fact": {
            fact: {"copies": n, "rejected": result.rejected_by_fact[fact]}
            for fact, n in sorted(result.total_by_fact.items())
        },
    }


def show(result: MutationScore, samples: int, count: int) -> None:
    console = Console()
    table = Table(title="Verifier mutation test (demo shop)")
    for column in ("fact made wrong", "wrong copies", "rejected", "share"):
        table.add_column(column, justify="left" if column == "fact made wrong" else "right")
    for fact, n in sorted(result.total_by_fact.items()):
        rejected = result.rejected_by_fact[fact]
        table.add_row(fact, str(n), str(rejected), f"{rejected / n:.1%}")
    total = sum(result.total_by_fact.values())
    table.add_row(
        "all", str(total), str(sum(result.rejected_by_fact.values())), f"{result.rejection:.1%}"
    )
    console.print(table)
    console.print(
        f"correct replies accepted: {result.accepted}/{samples} ({result.acceptance:.1%}); "
        f"goals: rejected ≥ 99%, accepted ≥ 98%"
    )
    for mutant in result.missed[:count]:
        console.print(
            f"[yellow]missed[/yellow] {mutant.fact} ({mutant.kind}): {mutant.text[:200]!r}"
        )
    for kind, reply, problems in result.false_rejections[:count]:
        console.print(f"[red]refused[/red] {kind}: {reply[:160]!r} → {problems}")


if __name__ == "__main__":
    main()
