"""The judged reply set (knowledge/eval/judged/) and its grader (bench/judged_replies.py)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from bot.settings import Settings
from tests.conftest import REPO

JUDGED = REPO / "knowledge" / "eval" / "judged"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "judged_replies", REPO / "bench" / "judged_replies.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


jr = _load_script()
CASES = jr.load_cases(JUDGED / "cases.yml")
GRADES = jr.read_grades(JUDGED / "grades.jsonl")

KINDS_REQUIRED = (
    "order_status", "order_choice", "order_not_found", "no_orders", "ask_identity", "verified",
    "knowledge_answer", "no_answer", "small_talk", "clarify", "out_of_scope", "unsupported",
    "handoff", "confirm_change", "change_applied", "change_refused", "change_cancelled",
    "ask_change_detail", "wrong_customer",
)  # fmt: skip


UNSCRIPTABLE = {
    "failure": "a stage crashed",
    "proposal_expired": "a Yes/No button of an older proposal; typed messages cannot press one",
    "store_down": "the database failed (tests/test_faults.py)",
    "search_down": "the search index is empty or down (tests/test_faults.py)",
    "code_wrong": "a code typed against the one mailed (tests/actions/test_one_time_codes.py)",
    "code_locked": "five wrong codes (tests/actions/test_one_time_codes.py)",
    "code_not_sent": "the mail server down, or codes sent too often (test_one_time_codes.py)",
    "sign_in_needed": "a shop that changes orders for signed-in customers only (idem)",
}
"""Reply kinds a scripted conversation of typed messages cannot reach."""


def test_the_cases_parse_and_are_enough() -> None:
    assert len(CASES) >= 110
    languages = Counter(case.language for case in CASES)
    assert languages["zh"] >= 30
    assert languages["en"] >= languages["zh"]
    assert len({case.id for case in CASES}) == len(CASES)
    for case in CASES:
        if case.expect in ("answer", "confirm", "handoff"):
            assert case.must_include, f"{case.id}: a case expecting facts names them"


def test_every_reply_kind_is_exercised() -> None:
    kinds = {case.kind for case in CASES}
    assert set(KINDS_REQUIRED) <= kinds
    assert set(jr.REPLY_KINDS) <= kinds
    templates = {p.stem for p in (REPO / "bot" / "generation" / "replies").glob("*.j2")}
    assert templates - kinds <= set(UNSCRIPTABLE), "a reply template no case exercises"


def test_no_case_text_is_training_or_test_text() -> None:
    known = jr.training_texts(REPO)
    assert "where is my order" in known  # the check reads the NLU data and the conversations
    assert jr.copied_messages(CASES, known) == []


def test_a_copied_message_is_refused() -> None:
    copied = CASES[0].model_copy(update={"messages": ["  Where is my ORDER  "]})
    assert [c[0] for c in jr.copied_messages([copied])] == [copied.id]


def test_every_stored_grade_is_from_the_rubric_and_names_a_case() -> None:
    ids = {case.id for case in CASES}
    assert GRADES, "grades.jsonl is empty"
    seen: set[tuple[str, str]] = set()
    for grade in GRADES:
        assert grade["grade"] in jr.GRADES, grade
        assert isinstance(grade["natural"], bool), grade
        assert grade["case"] in ids, grade["case"]
        assert grade["writer"] in ("template", "embedded"), grade
        assert grade["reply"] and grade["reason"], grade["case"]
        key = (grade["case"], grade["writer"])
        assert key not in seen, f"{key} graded twice"
        seen.add(key)
    assert {case for case, _ in seen} == ids, "every case has human grades"


def test_the_grader_reads_facts_as_whole_words() -> None:
    assert jr.contains("A refund of $149.99 is pending.", "149.99")
    assert not jr.contains("A refund of $149.99 is pending.", "49.99")
    assert not jr.contains("It shipped with USPS.", "UPS")
    assert jr.contains("within 5–7 business days", "5-7")
    assert jr.contains("已于 2026-11-19 交由 USPS 发出", "USPS")


def test_the_grader_knows_the_language_of_a_reply() -> None:
    zh = "订单 ORD-10112（Lumina Smart Light Strip, Sentry Doorbell Pro）当前状态：已发货。"
    assert jr.reply_language(zh) == "zh"
    quoted = 'From Shipping Policy: "We ship only to addresses within the USA." [1] 另请参阅'
    assert jr.reply_language(quoted) == "en"
    natural, problems = jr.naturalness(
        "Your order is on its way. Your order is on its way. See the FACTS.", "en"
    )
    assert not natural and len(problems) == 2


GRADED_BY_TEMPLATE = (
    "status_en_charger_late",
    "kb_en_lumina_5ghz",
    "oos_en_homework",
    "confirm_en_return_unopened",
    "notfound_zh_other_customer",
)
"""One of each automatic path: helpful, unhelpful (wrong passage), right abstention, wrong
(a refund without the $6.95 deduction), and a Chinese refusal to show another customer's order."""


@pytest.mark.slow
def test_the_grader_agrees_with_the_stored_grades_on_template_replies(
    models_dir: Path, tmp_path: Path
) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        var_dir=tmp_path / "var",
        models_dir=models_dir,
        knowledge_dir=REPO / "knowledge",
        public_data_dir=REPO / "data",
        llm_backend="template",
    )
    chosen = [case for case in CASES if case.id in GRADED_BY_TEMPLATE]
    outcomes = jr.run_cases(chosen, "template", settings=settings, workers=2, progress=False)
    stored = {g["case"]: g for g in GRADES if g["writer"] == "template"}
    for outcome in outcomes:
        assert outcome.error is None, outcome.error
        assert outcome.backend == "template"
        assert outcome.grade == stored[outcome.case]["grade"], (outcome.case, outcome.reply)
        assert outcome.natural == stored[outcome.case]["natural"], (outcome.case, outcome.reply)
