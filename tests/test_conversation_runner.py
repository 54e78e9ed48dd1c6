"""The conversation test runner itself: broken files are named, failures are explained, JUnit is
written, and `bot test` exits non-zero when a case fails."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.testing.cases import load_cases
from bot.testing.report import coverage, write_junit
from bot.testing.runner import ConversationRunner

GOOD_AND_BAD = """
test_cases:
  - test_case: greeting_is_small_talk
    steps:
      - user: hello
      - bot: {intent: greet, kind: small_talk, text_contains: [assistant, helper]}
  - test_case: deliberately_wrong
    steps:
      - user: hello
      - bot: {kind: order_status, text_not_contains: "assistant"}
    db: {audit_entries: 1}
"""


def write(tmp_path: Path, text: str, name: str = "cases.yml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("test_cases: [", "not valid YAML"),
        ("test_cases: []", "test_cases"),
        (
            "test_cases:\n  - test_case: a\n    steps: [{user: hi, bot: {}}]",
            "either `user:` or `bot:`",
        ),
        ("test_cases:\n  - test_case: a\n    steps: [{bot: {colour: red}}]", "colour"),
        ("test_cases:\n  - test_case: a b\n    steps: [{user: hi}]", "test_case"),
    ],
)
def test_broken_files_are_named_with_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_cases([path])
    assert str(path) in str(caught.value)


def test_duplicate_case_names_are_refused(tmp_path: Path) -> None:
    case = "test_cases:\n  - test_case: same\n    steps: [{user: hi}]\n"
    write(tmp_path, case, "a.yml")
    write(tmp_path, case, "b.yml")
    with pytest.raises(ConfigError, match="also in"):
        load_cases([tmp_path])


def test_failures_say_what_was_expected_and_what_happened(
    tmp_path: Path, conversation_runner: ConversationRunner
) -> None:
    cases = load_cases([write(tmp_path, GOOD_AND_BAD)])
    good, bad = conversation_runner.run(cases)
    assert good.passed, good.failures
    assert not bad.passed
    checks = {f.check: f for f in bad.failures}
    assert set(checks) == {"kind", "text_not_contains", "audit_entries"}
    assert checks["kind"].expected == "order_status" and checks["kind"].actual == "small_talk"
    assert any(r["stage"] == "understand" for r in checks["kind"].trace)
    junit = tmp_path / "junit.xml"
    write_junit(junit, [good, bad])
    suite = ET.parse(junit).getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    assert "expected 'order_status'" in (suite.find("testcase/failure").text or "")  # type: ignore[union-attr]
    covered = coverage([good, bad])
    assert (
        "greet" in covered["intents"]["covered"] and "cancel_order" in covered["intents"]["missing"]
    )


def test_bot_test_exits_non_zero_on_failure_and_writes_junit(
    settings, shop_dir: Path, tmp_path: Path
) -> None:
    from tests.test_cli import run_bot

    cases = write(
        tmp_path,
        f"""
fixtures: {{shop: "{shop_dir}", today: 2026-11-22}}
test_cases:
  - test_case: small_shop_status
    fixtures: {{signed_in: C-0001}}
    steps:
      - user: where is ORD-20001?
      - bot: {{kind: order_status, text_contains: 1Z999AA10123456784}}
  - test_case: small_shop_wrong
    steps:
      - user: where is ORD-20001?
      - bot: {{kind: order_status}}
""",
    )
    junit = tmp_path / "out" / "junit.xml"
    failed = run_bot(settings, "test", str(cases), "--junit", str(junit))
    assert failed.returncode == 1, failed.stderr
    assert "FAILED small_shop_wrong" in failed.stdout and "ask_identity" in failed.stdout
    assert "1/2 conversation tests passed" in failed.stdout
    assert ET.parse(junit).getroot().get("failures") == "1"


KNOWN = """
test_cases:
  - test_case: still_broken
    known_issue: "issue 99: greets as an order"
    steps:
      - user: hello
      - bot: {kind: order_status}
  - test_case: fixed_meanwhile
    known_issue: "issue 98: did not greet"
    steps:
      - user: hello
      - bot: {kind: small_talk}
"""


def test_a_known_issue_is_reported_apart_and_its_fix_must_be_noted(
    tmp_path: Path, conversation_runner: ConversationRunner
) -> None:
    from rich.console import Console

    from bot.testing.report import print_report

    broken, fixed = conversation_runner.run(load_cases([write(tmp_path, KNOWN)]))
    assert not broken.passed and broken.as_expected
    assert fixed.passed and not fixed.as_expected
    console = Console(record=True, width=200)
    print_report(console, [broken, fixed])
    text = console.export_text()
    assert "KNOWN still_broken: issue 99" in text
    assert "FIXED fixed_meanwhile passes now: remove its known_issue" in text
    assert "1 failed on known issues" in text
    junit = tmp_path / "junit.xml"
    write_junit(junit, [broken])
    suite = ET.parse(junit).getroot()
    assert (suite.get("failures"), suite.get("skipped")) == ("0", "1")
