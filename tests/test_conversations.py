"""The scripted conversations in conversations/ as tests: one pytest test per case."""

from __future__ import annotations

import pytest
from rich.console import Console

from bot.settings import Settings
from bot.testing.cases import TestCase, load_cases
from bot.testing.report import print_report
from bot.testing.runner import ConversationRunner
from bot.understanding.nlu_data import project_examples, text_key
from bot.wiring import nlu_training_data
from tests.conftest import REPO

CASES = load_cases([REPO / "conversations"])


@pytest.mark.parametrize("case", CASES, ids=[c.test_case for c in CASES])
def test_conversation(case: TestCase, conversation_runner: ConversationRunner) -> None:
    result = conversation_runner.run_case(case)
    if case.known_issue and not result.passed:
        pytest.xfail(case.known_issue)
    if case.known_issue:
        pytest.fail(f"passes now: remove its known_issue ({case.known_issue})", pytrace=False)
    if not result.passed:
        console = Console(record=True, width=120)
        print_report(console, [result])
        pytest.fail(console.export_text(), pytrace=False)


def test_no_user_step_repeats_a_training_example() -> None:
    """A conversation whose user text is a training example tests recall, not understanding.

    Texts of one or two words ("yes", "no thanks", "ORD-10042") are exempt: there are only so many
    ways to say them, and the cases that use them test the dialogue, not the classifier.
    """
    settings = Settings(
        _env_file=None, knowledge_dir=REPO / "knowledge", public_data_dir=REPO / "data"
    )  # type: ignore[call-arg]
    data = nlu_training_data(settings)
    every_example = project_examples(settings.nlu_dir) + data.train
    trained = {text_key(e.text) for e in every_example}
    repeated = sorted(
        {
            f"{case.source}: {case.test_case}: {step.text!r}"
            for case in CASES
            for step in case.steps
            if isinstance(step.user, str)
            and len(text_key(step.user).split()) > 2
            and text_key(step.user) in trained
        }
    )
    assert not repeated, "\n".join(repeated)
