"""The scripted conversations in conversations/ as tests: one pytest test per case."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rich.console import Console

from bot.settings import Settings
from bot.testing.cases import TestCase, load_cases
from bot.testing.report import print_report
from bot.testing.runner import ConversationRunner
from tests.conftest import REPO, SHARED

CASES = load_cases([REPO / "conversations"])


@pytest.fixture(scope="session")
def runner(models_dir, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConversationRunner]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        var_dir=tmp_path_factory.mktemp("conversations"),
        models_dir=models_dir,
        knowledge_dir=REPO / "knowledge",
        shared_data_dir=SHARED / "data",
        llm_backend="template",
    )
    runner = ConversationRunner(settings, workers=1)
    yield runner
    runner.close()


@pytest.mark.parametrize("case", CASES, ids=[c.test_case for c in CASES])
def test_conversation(case: TestCase, runner: ConversationRunner) -> None:
    result = runner.run_case(case)
    if not result.passed:
        console = Console(record=True, width=120)
        print_report(console, [result])
        pytest.fail(console.export_text(), pytrace=False)
