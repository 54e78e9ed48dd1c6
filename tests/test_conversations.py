"""The scripted conversations in conversations/ as tests: one pytest test per case."""

from __future__ import annotations

import pytest
from rich.console import Console

from bot.testing.cases import TestCase, load_cases
from bot.testing.report import print_report
from bot.testing.runner import ConversationRunner
from tests.conftest import REPO

CASES = load_cases([REPO / "conversations"])


@pytest.mark.parametrize("case", CASES, ids=[c.test_case for c in CASES])
def test_conversation(case: TestCase, conversation_runner: ConversationRunner) -> None:
    result = conversation_runner.run_case(case)
    if not result.passed:
        console = Console(record=True, width=120)
        print_report(console, [result])
        pytest.fail(console.export_text(), pytrace=False)
