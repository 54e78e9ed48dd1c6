"""What a conversation test run tells people: a readable report, JUnit XML for CI, and coverage
(which intents, actions, reply kinds and policy refusals the suite exercised, and which not)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.console import Console

from bot.intents import ALL_INTENTS
from bot.testing.runner import CaseResult

ACTIONS = (
    "action_cancel_order",
    "action_change_shipping_address",
    "action_change_payment_method",
    "action_return_items",
    "action_exchange_items",
    "action_handoff_to_human",
)
REFUSALS = (
    "not_cancellable",
    "bad_reason",
    "already_shipped",
    "outside_usa",
    "po_box_express",
    "not_on_file",
    "same_method",
    "gift_card_balance",
    "not_delivered",
    "window_closed",
    "no_such_item",
    "refund_method",
    "different_product",
    "unavailable",
)
"""Policy branches a suite should exercise (bot/actions/policy.py)."""


def print_report(console: Console, results: list[CaseResult], *, show_traces: bool = True) -> None:
    for result in results:
        case = result.case
        if case.known_issue and result.passed:
            console.print(
                f"[bold red]FIXED[/] {case.test_case} passes now: remove its known_issue "
                f"[dim]({case.source})[/]"
            )
            continue
        if result.passed:
            continue
        if case.known_issue:
            console.print(f"[yellow]KNOWN[/] {case.test_case}: {case.known_issue}")
            continue
        console.print(f"[bold red]FAILED[/] {case.test_case}  [dim]({case.source})[/]")
        if result.error:
            console.print(f"  crashed: {result.error}")
        for failure in result.failures:
            console.print(f"  {failure.step}: [bold]{failure.check}[/]")
            console.print(f"    expected: {failure.expected!r}")
            console.print(f"    actual:   {failure.actual!r}")
            if show_traces and failure.trace:
                stages = ", ".join(
                    f"{r['stage']}={r['outcome']}" for r in failure.trace if "stage" in r
                )
                console.print(f"    trace:    {stages}", style="dim")
    passed = sum(r.passed for r in results)
    known = sum(bool(r.case.known_issue) and not r.passed for r in results)
    style = "green" if all(r.as_expected for r in results) else "red"
    seconds = sum(r.seconds for r in results)
    console.print(
        f"[{style}]{passed}/{len(results)} conversation tests passed[/]"
        + (f", {known} failed on known issues" if known else "")
        + f" ({seconds:.1f} s)"
    )


def coverage(results: Iterable[CaseResult]) -> dict[str, Any]:
    results = list(results)
    seen = {
        "intents": set().union(*(r.intents for r in results)) if results else set(),
        "actions": set().union(*(r.actions for r in results)) if results else set(),
        "refusals": set().union(*(r.refusals for r in results)) if results else set(),
        "reply_kinds": set().union(*(r.reply_kinds for r in results)) if results else set(),
    }
    universe = {"intents": ALL_INTENTS, "actions": ACTIONS, "refusals": REFUSALS}
    report: dict[str, Any] = {}
    for name, every in universe.items():
        report[name] = {
            "covered": sorted(seen[name] & set(every)),
            "missing": sorted(set(every) - seen[name]),
            "share": round(len(seen[name] & set(every)) / len(every), 3),
        }
    report["reply_kinds"] = sorted(seen["reply_kinds"])
    return report


def print_coverage(console: Console, report: dict[str, Any]) -> None:
    for name in ("intents", "actions", "refusals"):
        part = report[name]
        console.print(
            f"{name}: {len(part['covered'])} covered ({part['share']:.0%})"
            + (f"; not exercised: {', '.join(part['missing'])}" if part["missing"] else "")
        )


def write_junit(path: Path, results: list[CaseResult]) -> None:
    suite = ET.Element(
        "testsuite",
        name="conversations",
        tests=str(len(results)),
        failures=str(sum(bool(r.failures) and not r.case.known_issue for r in results)),
        errors=str(sum(r.error is not None and not r.case.known_issue for r in results)),
        skipped=str(sum(bool(r.case.known_issue) and not r.passed for r in results)),
        time=f"{sum(r.seconds for r in results):.3f}",
    )
    for result in results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=Path(result.case.source).stem,
            name=result.case.test_case,
            time=f"{result.seconds:.3f}",
        )
        if result.case.known_issue and not result.passed:
            ET.SubElement(case, "skipped", message=f"known issue: {result.case.known_issue}")
            continue
        if result.error:
            ET.SubElement(case, "error", message=result.error)
        if result.failures:
            text = "\n".join(
                f"{f.step}: {f.check}: expected {f.expected!r}, got {f.actual!r}"
                for f in result.failures
            )
            failure = ET.SubElement(case, "failure", message=result.failures[0].check)
            failure.text = text
            trace = ET.SubElement(case, "system-out")
            trace.text = json.dumps([f.trace for f in result.failures], default=str)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
