"""Score a reply writer on the judged reply set (knowledge/eval/judged/cases.yml).

    .venv/bin/python bench/judged_replies.py --backend template|embedded [--cases FILE] [--out FILE]
        [--against knowledge/eval/judged/grades.jsonl] [--only CASE_ID ...] [--workers N]
    .venv/bin/python bench/judged_replies.py --replies var/judged/template.jsonl var/judged/embedded.jsonl
    .venv/bin/python bench/judged_replies.py --human knowledge/eval/judged/grades.jsonl

Every case is a short scripted conversation on a fresh copy of its shop (the conversation-test
runner of `bot/testing/` prepares the shop and runs it); its LAST reply is graded automatically
from the case's rubric (see knowledge/eval/judged/RUBRIC.md):

- any `must_not_include` text in the reply → `wrong`;
- `expect: answer` / `confirm`: every `must_include` item present → `correct_helpful` (for
  `confirm`, the reply must also ask for the yes); missing facts and a reply that declines
  ("I couldn't find the answer", "outside what I can help with", a handover) → `wrong_abstention`;
  otherwise `correct_unhelpful`;
- `expect: ask`: a question carrying every `must_include` item → `correct_helpful`;
- `expect: abstain`: declines, offers a person or hands over → `right_abstention`;
- `expect: handoff`: handed over → `correct_helpful` (with every `must_include` item);
- `natural`: in the customer's language, no repeated sentence, no prompt words or placeholders
  (FACTS, PASSAGES, braces, "[1] says"), not cut off, sensible length.

It prints, per reply kind and language, the count of each grade, the share of natural replies, the
mean seconds of the judged turn and the share of replies the model wrote (the rest fell back to the
template). `--out` writes one JSON line per case; `--replies` regrades such files without running
anything (several files are shown side by side); `--against` reports how often the automatic
grades agree with stored human grades; `--human` shows the human grades as the same table.

Cases must not reuse training or test text: a case whose customer message equals (lowercased,
whitespace collapsed) an NLU example in knowledge/nlu/*.yml or a `user:` line in conversations/
is refused.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import yaml  # noqa: E402
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: `bot` is importable from the checkout
    sys.path.insert(0, str(REPO))

DEFAULT_CASES = REPO / "knowledge" / "eval" / "judged" / "cases.yml"
DEFAULT_GRADES = REPO / "knowledge" / "eval" / "judged" / "grades.jsonl"

Grade = Literal[
    "correct_helpful", "correct_unhelpful", "wrong", "wrong_abstention", "right_abstention"
]
GRADES: tuple[Grade, ...] = (
    "correct_helpful",
    "correct_unhelpful",
    "wrong",
    "wrong_abstention",
    "right_abstention",
)
GRADE_SHORT = {
    "correct_helpful": "ok",
    "correct_unhelpful": "unh",
    "wrong": "wrong",
    "wrong_abstention": "w-abs",
    "right_abstention": "r-abs",
}
Expect = Literal["answer", "abstain", "handoff", "ask", "confirm"]
Writer = Literal["template", "embedded"]

REPLY_KINDS: tuple[str, ...] = (
    "order_status",
    "order_choice",
    "order_not_found",
    "no_orders",
    "ask_identity",
    "verified",
    "knowledge_answer",
    "no_answer",
    "small_talk",
    "clarify",
    "out_of_scope",
    "unsupported",
    "handoff",
    "confirm_change",
    "change_applied",
    "change_refused",
    "change_cancelled",
    "ask_change_detail",
    "wrong_customer",
    "ask_order_id",
    "order_change_unavailable",
    "input_error",
    "ask_code",
)
"""The reply kinds the cases must cover: every template in bot/generation/replies/ that typed
messages can reach (tests/generation/test_judged_set.py lists the others and why)."""


# --- the case file ------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Repeat(_Strict):
    """A long message without writing it out: `{repeat: "help ", times: 900}`."""

    repeat: str = Field(min_length=1)
    times: int = Field(ge=1, le=100_000)

    @property
    def text(self) -> str:
        return self.repeat * self.times


class CaseFixtures(_Strict):
    shop: str = "demo"
    """`demo`, or a shop export (file or folder) relative to the cases file."""
    signed_in: str | None = None
    today: date = date(2026, 11, 25)


class JudgedCase(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: str
    """The reply kind the case exercises: the one the assistant's plan should choose."""
    language: Literal["en", "zh"]
    fixtures: CaseFixtures = CaseFixtures()
    messages: list[str | Repeat] = Field(min_length=1, max_length=4)
    expect: Expect
    must_include: list[str | list[str]] = []
    """Each item: a text the reply must contain, or a list of acceptable alternatives."""
    must_not_include: list[str] = []
    note: str = Field(min_length=10)

    @model_validator(mode="after")
    def _known_kind(self) -> JudgedCase:
        if self.kind not in REPLY_KINDS:
            raise ValueError(f"unknown reply kind {self.kind!r}")
        for item in self.must_include:
            if isinstance(item, list) and not item:
                raise ValueError("an empty list of alternatives in must_include")
        return self

    @property
    def texts(self) -> list[str]:
        return [m.text if isinstance(m, Repeat) else m for m in self.messages]


class CaseFile(_Strict):
    fixtures: CaseFixtures = CaseFixtures()
    cases: list[dict[str, Any]] = Field(min_length=1)


def load_cases(path: Path = DEFAULT_CASES) -> list[JudgedCase]:
    """The cases of a file, with the file's fixtures as defaults; a broken case names itself."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        parsed = CaseFile.model_validate(raw)
    except ValidationError as exc:
        raise SystemExit(f"{path}: {exc}") from exc
    defaults = parsed.fixtures.model_dump()
    cases: list[JudgedCase] = []
    seen: set[str] = set()
    for n, entry in enumerate(parsed.cases, 1):
        fixtures = {**defaults, **(entry.get("fixtures") or {})}
        if fixtures["shop"] != "demo":
            fixtures["shop"] = str((path.parent / fixtures["shop"]).resolve())
        try:
            case = JudgedCase.model_validate({**entry, "fixtures": fixtures})
        except ValidationError as exc:
            raise SystemExit(f"{path}: case {entry.get('id', n)}: {exc}") from exc
        if case.id in seen:
            raise SystemExit(f"{path}: duplicate case id {case.id}")
        seen.add(case.id)
        cases.append(case)
    return cases


# --- fresh text: no training example, no conversation test -------------------------------------


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def training_texts(repo: Path = REPO) -> dict[str, str]:
    """Normalised text → where it comes from: every NLU example and conversation-test message."""
    from bot.understanding.nlu_data import load_rasa_yaml

    seen: dict[str, str] = {}
    for file in sorted((repo / "knowledge" / "nlu").glob("*.yml")):
        for example in load_rasa_yaml(file):
            seen.setdefault(normalise(example.text), f"{file.relative_to(repo)} ({example.intent})")
    for file in sorted((repo / "conversations").glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for case in data.get("test_cases") or []:
            for step in case.get("steps") or []:
                user = step.get("user") if isinstance(step, dict) else None
                if isinstance(user, dict):
                    user = str(user.get("repeat", "")) * int(user.get("times", 1))
                if isinstance(user, str):
                    seen.setdefault(
                        normalise(user), f"{file.relative_to(repo)} ({case.get('test_case')})"
                    )
    return seen


def copied_messages(
    cases: Iterable[JudgedCase], known: dict[str, str] | None = None
) -> list[tuple[str, str, str]]:
    """(case id, message, source) for every customer message that is training or test text."""
    known = training_texts() if known is None else known
    return [
        (case.id, text, known[normalise(text)])
        for case in cases
        for text in case.texts
        if normalise(text) in known
    ]


# --- automatic grading --------------------------------------------------------------------------

_DASHES = str.maketrans(
    {"–": "-", "—": "-", "‑": "-", "−": "-", "’": "'", "‘": "'", "“": '"', "”": '"'}
)
_DECLINES = re.compile(
    r"couldn'?t find the answer|could not find the answer|rather not guess|"
    r"\bi (?:don'?t|do not) know\b|outside what i can help|"
    r"can'?t do that in this chat|can'?t make changes to orders in this chat|"
    r"(?:i'?m|i am) passing you to a person|passing you to|transferring you|"
    r"没有找到这个问题的答案|不想凭猜测|超出了我能帮忙的范围|还无法直接处理|还不能直接修改|"
    r"正在为您转接|我不知道",
    re.IGNORECASE,
)
"""Says it does not know, cannot do it here, or hands over."""
_OFFERS_PERSON = re.compile(
    r"pass you to a person|a person on our team|human agent|talk to (?:a|an) (?:person|agent|human)|"
    r"connect you (?:with|to)|转接人工客服|人工客服",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"[?？]|please (?:also )?(?:tell|give|let|send|share) me|please answer yes|"
    r"请(?:再)?告诉我|请提供|请问|请确认|请回复",
    re.IGNORECASE,
)
_DIALOGUE_ACT_OPTIONS = re.compile(
    r"\b(?:want|or) to (?:say hello|say goodbye|say thanks|confirm|decline|give your details)\b|"
    r"想(?:打招呼|告别|致谢|确认|拒绝|提供信息)(?:吗|，|？)",
    re.IGNORECASE,
)
"""A clarifying question whose options are dialogue acts ("do you want to confirm, or to say
hello?") asks nothing the customer can usefully answer: at best `correct_unhelpful`."""
_PROMPT_LEFTOVERS = re.compile(
    r"\bFACTS\b|\bPASSAGES\b|[{}]|\[\d\] says|What \[\d\] says|\bTask:|<\|im_|\|>|"
    r"^(?:system|user|assistant)\s*:|\bundefined\b|\bNone\b|"
    r"(?i:\bthe customer (?:probably|wants|is asking)\b)|顾客可能想|\ufffd",
    re.MULTILINE,
)
_REPEATED_RUN = re.compile(r"\b(\w+(?:\W+\w+){0,3}?)(?:\W+\1\b){2,}", re.IGNORECASE)
"""A phrase said three times in a row ("switched on; switched on; switched on")."""
_DOUBLED_WORD = re.compile(r"\b(\w{3,})(?:,? and |\s+)\1\b", re.IGNORECASE)
""""refunds and refunds", "the the"."""
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_GENERIC_OFFER = re.compile(
    r"is there anything else (?:i can|i could) help (?:you )?with\?|还有(?:其他|什么)可以帮您的?吗?？",
    re.IGNORECASE,
)
"""A closing "anything else?" is not a clarifying question."""
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PROSE_WORD = re.compile(r"\b[a-z]{2,}\b")
"""Lower-case Latin words: English prose (product names, carriers and ids are capitalised)."""
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|[。！？；\n]+")
_CUT_OFF = re.compile(r"(?:[,;:、，：（(]|\b(?:and|or|the|a|to|with|of|by|for))\s*$", re.IGNORECASE)
LENGTH_BOUNDS = {"en": (12, 1200), "zh": (4, 600)}
"""Characters a sensible reply has, per language (the templates' knowledge answers with their
"see also" lists are the longest)."""


@dataclass(frozen=True)
class Judgement:
    grade: Grade
    natural: bool
    reasons: tuple[str, ...] = ()


def contains(reply: str, needle: str) -> bool:
    """Case-insensitive; dashes and quotes unified; an ASCII needle must stand as whole words
    (so "49.99" is not found in "$149.99", nor "UPS" in "groups")."""
    hay = reply.translate(_DASHES).lower()
    wanted = needle.translate(_DASHES).lower()
    if not wanted.isascii():
        return wanted in hay
    start = r"(?<![\w.])" if wanted[:1].isalnum() else ""
    end = r"(?![\w])" if wanted[-1:].isalnum() else ""
    return re.search(start + re.escape(wanted) + end, hay) is not None


def declines(reply: str, handoff: bool = False) -> bool:
    return handoff or bool(_DECLINES.search(reply.translate(_DASHES)))


def reply_language(reply: str) -> str:
    """Chinese when CJK characters at least match the lower-case English words in number: a
    Chinese reply keeps product names, carriers and order ids in Latin letters, but its prose is
    Chinese; an English reply (or a quoted English passage) is mostly lower-case words."""
    cjk = len(_CJK.findall(reply))
    prose = len(_PROSE_WORD.findall(reply))
    return "zh" if cjk and cjk >= prose else "en"


def naturalness(reply: str, language: str, message: str = "") -> tuple[bool, list[str]]:
    """Whether a reply reads like a person wrote it for this customer, and why not.

    `message` is the customer's last message: a reply that parrots it back is not natural."""
    problems: list[str] = []
    text = reply.strip()
    if not text:
        return False, ["empty reply"]
    if language == "zh" and reply_language(text) != "zh":
        problems.append("not in Chinese")
    if language == "en" and _CJK.search(text):
        problems.append("Chinese in an English reply")
    if repeated := _repetition(text):
        problems.append(repeated)
    if leftover := _PROMPT_LEFTOVERS.search(text):
        problems.append(f"prompt text or placeholder: {leftover.group(0)!r}")
    low, high = LENGTH_BOUNDS[language]
    if not low <= len(text) <= high:
        problems.append(f"length {len(text)} outside {low}-{high}")
    if _cut_off(text):
        problems.append("cut off mid-sentence")
    echo = normalise(message).rstrip("?？!！。.～~ ")
    if len(echo) >= (5 if _CJK.search(echo) else 16) and echo in normalise(text):
        problems.append("repeats the customer's message")
    return not problems, problems


def _repetition(text: str) -> str | None:
    cleaned = re.sub(r"\[\d+\]|[\"“”‘’]", " ", text)
    sentences = [normalise(s).strip(" .:;,") for s in _SENTENCES.split(cleaned)]
    sentences = [s for s in sentences if len(s) >= (6 if _CJK.search(s) else 12)]
    repeated = [s for s, n in Counter(sentences).items() if n > 1]
    if repeated:
        return f"repeated sentence: {repeated[0][:60]!r}"
    if match := _REPEATED_RUN.search(text) or _DOUBLED_WORD.search(text):
        return f"repeated words: {match.group(0)[:60]!r}"
    body = "\n".join(
        line for line in text.splitlines() if not line.strip().startswith(("另请参阅", "See also"))
    )  # the "see also" titles of one manual share words
    grams = Counter(run[i : i + 5] for run in _CJK_RUN.findall(body) for i in range(len(run) - 4))
    if grams and (gram := grams.most_common(1)[0])[1] >= 3:
        return f"repeated phrase: {gram[0]!r}"
    return None


def _cut_off(text: str) -> bool:
    if _CUT_OFF.search(text):
        return True
    last = text.splitlines()[-1].strip()
    # A Chinese sentence that stops without punctuation (list lines and "see also" titles may).
    return bool(_CJK.search(last[-1:]) and not last.startswith(("- ", "另请参阅", "See also")))


def judge(case: JudgedCase, reply: str, handoff: bool = False) -> Judgement:
    """The automatic grade of a final reply against the case's rubric."""
    natural, style = naturalness(reply, case.language, case.texts[-1])
    reasons = [f"unnatural: {p}" for p in style]
    banned = [n for n in case.must_not_include if contains(reply, n)]
    missing = [
        item if isinstance(item, str) else " | ".join(item)
        for item in case.must_include
        if not any(contains(reply, alt) for alt in ([item] if isinstance(item, str) else item))
    ]
    if banned:
        return Judgement("wrong", natural, (f"says {banned}", *reasons))
    if missing:
        reasons.insert(0, f"missing {missing}")
    declined = declines(reply, handoff)
    asks = bool(_QUESTION.search(_GENERIC_OFFER.sub(" ", reply)))
    if _DIALOGUE_ACT_OPTIONS.search(reply):
        reasons.append("offers dialogue acts as options")
        if case.expect != "abstain":
            missing.append("a useful question or answer")
    grade: Grade
    match case.expect:
        case "answer":
            grade = (
                "correct_helpful"
                if not missing
                else "wrong_abstention"
                if declined
                else "correct_unhelpful"
            )
        case "confirm":
            if not missing and asks:
                grade = "correct_helpful"
            else:
                grade = "wrong_abstention" if declined else "correct_unhelpful"
                if not asks:
                    reasons.append("does not ask for a yes")
        case "ask":
            if asks and not missing:
                grade = "correct_helpful"
            else:
                # "I can't do that here, want a person?" asks only for a handover: a decline.
                grade = "wrong_abstention" if declined else "correct_unhelpful"
                if not asks:
                    reasons.append("asks nothing")
        case "abstain":
            if declined or _OFFERS_PERSON.search(reply):
                grade = "right_abstention"
            else:
                grade = "correct_unhelpful"
                reasons.append("neither declines nor offers a person")
        case "handoff":
            handed_over = handoff or _handed_over(reply)
            grade = "correct_helpful" if handed_over and not missing else "correct_unhelpful"
            if not handed_over:
                reasons.append("no handover")
    return Judgement(grade, natural, tuple(reasons))


def _handed_over(reply: str) -> bool:
    return bool(re.search(r"passing you to a person|正在为您转接", reply, re.IGNORECASE))


# --- running the cases --------------------------------------------------------------------------


@dataclass
class Outcome:
    case: str
    kind: str
    """The kind the case exercises."""
    actual_kind: str
    language: str
    expect: str
    writer: str
    """The backend asked for (`template` or `embedded`)."""
    backend: str
    """Who wrote the final reply: the model, or `template` (directly or as the fallback)."""
    reply: str
    handoff: bool
    seconds: float
    """Time of the judged (last) turn."""
    grade: str = ""
    natural: bool = False
    reasons: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Why the model's reply was replaced (the verifier's findings)."""
    draft: str = ""
    """The model's replaced text, as far as it was written."""
    error: str | None = None


def run_cases(
    cases: Sequence[JudgedCase],
    writer: Writer,
    *,
    workers: int = 1,
    settings: Any = None,
    progress: bool = True,
) -> list[Outcome]:
    """Run every case through the real assistant with `writer`, each on a fresh shop copy."""
    from bot.settings import Settings

    base = settings if settings is not None else Settings()
    runner = make_runner(base.model_copy(update={"llm_backend": writer}), workers=workers)
    by_name = {case.id: case for case in cases}
    outcomes: list[Outcome] = []
    started = time.perf_counter()

    def done(result: Any) -> None:
        case = by_name[result.case.test_case]
        outcomes.append(runner.outcome(case, writer, result.error))
        if progress:
            last = outcomes[-1]
            print(
                f"[{len(outcomes)}/{len(cases)} {time.perf_counter() - started:.0f}s] "
                f"{case.id}: {last.actual_kind} by {last.backend} in {last.seconds:.1f}s",
                file=sys.stderr,
                flush=True,
            )

    try:
        runner.run([_as_test_case(c) for c in cases], on_result=done)
    finally:
        runner.close()
    order = {case.id: n for n, case in enumerate(cases)}
    return sorted(outcomes, key=lambda o: order[o.case])


def _as_test_case(case: JudgedCase) -> Any:
    from bot.testing.cases import Fixtures, Repeated, Step, TestCase

    steps = [
        Step(user=Repeated(repeat=m.repeat, times=m.times) if isinstance(m, Repeat) else m)
        for m in case.messages
    ]
    fixtures = Fixtures(
        shop=case.fixtures.shop, signed_in=case.fixtures.signed_in, today=case.fixtures.today
    )
    return TestCase(test_case=case.id, fixtures=fixtures, steps=steps)


def _capturing_runner_class() -> type:
    from bot.testing.runner import CaseResult, ConversationRunner

    class CapturingRunner(ConversationRunner):
        """The conversation-test runner (shop prepared once, a fresh database copy and assistant
        per case) that keeps each case's last turn and how long it took, instead of checking
        `bot:` steps."""

        def __init__(self, settings: Any, *, workers: int) -> None:
            super().__init__(settings, workers=workers)
            self.last: dict[str, tuple[Any, float]] = {}

        def _converse(self, assistant: Any, case: Any, result: CaseResult) -> None:
            conversation = f"judged-{case.test_case}"
            for step in case.steps:
                started = time.perf_counter()
                turn = assistant.orchestrator.handle(
                    step.text,
                    conversation_id=conversation,
                    channel="test",
                    signed_in=case.fixtures.signed_in,
                )
                self.last[case.test_case] = (turn, time.perf_counter() - started)

        def outcome(self, case: JudgedCase, writer: str, error: str | None) -> Outcome:
            turn, seconds = self.last.get(case.id, (None, 0.0))
            reply = turn.reply if turn is not None else None
            if reply is None:
                outcome = Outcome(
                    case=case.id,
                    kind=case.kind,
                    actual_kind="",
                    language=case.language,
                    expect=case.expect,
                    writer=writer,
                    backend="",
                    reply="",
                    handoff=False,
                    seconds=seconds,
                    error=error or "no reply",
                )
            else:
                outcome = Outcome(
                    case=case.id,
                    kind=case.kind,
                    actual_kind=reply.kind,
                    language=case.language,
                    expect=case.expect,
                    writer=writer,
                    backend=reply.backend,
                    reply=reply.text,
                    handoff=reply.handoff,
                    seconds=round(seconds, 3),
                    problems=list(reply.problems),
                    draft=reply.draft,
                    error=error,
                )
            return grade_outcome(case, outcome)

    return CapturingRunner


def make_runner(settings: Any, *, workers: int = 1) -> Any:
    """The capturing runner; `bot` is imported only here, so importing this module stays light."""
    return _capturing_runner_class()(settings, workers=workers)


def grade_outcome(case: JudgedCase, outcome: Outcome) -> Outcome:
    judgement = judge(case, outcome.reply, outcome.handoff)
    outcome.grade = judgement.grade
    outcome.natural = judgement.natural
    outcome.reasons = list(judgement.reasons)
    if outcome.actual_kind and outcome.actual_kind != case.kind:
        outcome.reasons.append(f"kind {outcome.actual_kind}, case exercises {case.kind}")
    return outcome


def read_outcomes(path: Path, cases: Sequence[JudgedCase]) -> list[Outcome]:
    """Outcomes stored by `--out`, regraded with the current rubric."""
    by_id = {case.id: case for case in cases}
    outcomes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        case = by_id.get(row["case"])
        if case is None:
            continue  # a case since removed
        outcome = Outcome(
            case=case.id,
            kind=case.kind,
            actual_kind=row.get("actual_kind", ""),
            language=case.language,
            expect=case.expect,
            writer=row["writer"],
            backend=row.get("backend", ""),
            reply=row["reply"],
            handoff=bool(row.get("handoff")),
            seconds=float(row.get("seconds", 0.0)),
            problems=list(row.get("problems", [])),
            draft=row.get("draft", ""),
            error=row.get("error"),
        )
        outcomes.append(grade_outcome(case, outcome))
    return outcomes


def read_grades(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


# --- reports ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One graded reply, from a run or from the human grades."""

    case: str
    kind: str
    language: str
    grade: str
    natural: bool
    seconds: float
    by_model: bool


def rows_of(outcomes: Iterable[Outcome]) -> list[Row]:
    return [
        Row(
            o.case,
            o.kind,
            o.language,
            o.grade,
            o.natural,
            o.seconds,
            o.backend not in ("template", ""),
        )
        for o in outcomes
    ]


def human_rows(grades: Iterable[dict[str, Any]], writer: str) -> list[Row]:
    return [
        Row(
            g["case"],
            g["kind"],
            g["language"],
            g["grade"],
            bool(g["natural"]),
            float(g.get("seconds", 0.0)),
            g.get("backend", "template") != "template",
        )
        for g in grades
        if g["writer"] == writer
    ]


def table(columns: dict[str, list[Row]], title: str) -> Table:
    """Per reply kind and language: grades (ok/unh/wrong/w-abs/r-abs), natural share, mean
    seconds, model-written share; one group of columns per writer."""
    out = Table(title=title, show_lines=False, header_style="bold")
    out.add_column("kind")
    out.add_column("lang")
    out.add_column("n", justify="right")
    for name in columns:
        out.add_column(f"{name}\nok/unh/wrong/w-abs/r-abs", justify="center")
        out.add_column(f"{name}\nnatural", justify="right")
        out.add_column(f"{name}\ns/reply", justify="right")
        out.add_column(f"{name}\nmodel", justify="right")
    keys = sorted(
        {(r.kind, r.language) for rows in columns.values() for r in rows},
        key=lambda k: (REPLY_KINDS.index(k[0]) if k[0] in REPLY_KINDS else 99, k[1]),
    )
    groups = {name: _group(rows) for name, rows in columns.items()}
    for key in [*keys, ("all", "en"), ("all", "zh"), ("all", "all")]:
        cells: list[str] = []
        n = 0
        for name, rows in columns.items():
            chosen = (
                groups[name].get(key, [])
                if key[0] != "all"
                else [r for r in rows if key[1] in ("all", r.language)]
            )
            n = max(n, len(chosen))
            cells.extend(_cells(chosen))
        style = "bold" if key[0] == "all" else None
        out.add_row(key[0], key[1], str(n), *cells, style=style)
    return out


def _group(rows: Iterable[Row]) -> dict[tuple[str, str], list[Row]]:
    grouped: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        grouped[(row.kind, row.language)].append(row)
    return grouped


def _cells(rows: list[Row]) -> list[str]:
    if not rows:
        return ["-", "-", "-", "-"]
    counts = Counter(r.grade for r in rows)
    grades = "/".join(str(counts.get(g, 0)) for g in GRADES)
    natural = f"{100 * sum(r.natural for r in rows) / len(rows):.0f}%"
    seconds = f"{statistics.fmean(r.seconds for r in rows):.2f}"
    model = f"{100 * sum(r.by_model for r in rows) / len(rows):.0f}%"
    return [grades, natural, seconds, model]


def agreement(outcomes: Sequence[Outcome], grades: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """How often the automatic grades match the stored human grades for the same writer."""
    human = {(g["case"], g["writer"]): g for g in grades}
    pairs = [(o, human[(o.case, o.writer)]) for o in outcomes if (o.case, o.writer) in human]
    if not pairs:
        return {"compared": 0}
    same_grade = [o.grade == h["grade"] for o, h in pairs]
    same_natural = [o.natural == bool(h["natural"]) for o, h in pairs]
    confusion = Counter((h["grade"], o.grade) for o, h in pairs if o.grade != h["grade"])
    return {
        "compared": len(pairs),
        "grade_agreement": round(sum(same_grade) / len(pairs), 3),
        "natural_agreement": round(sum(same_natural) / len(pairs), 3),
        "disagreements": [
            {
                "case": o.case,
                "writer": o.writer,
                "human": h["grade"],
                "auto": o.grade,
                "human_natural": bool(h["natural"]),
                "auto_natural": o.natural,
            }
            for o, h in pairs
            if o.grade != h["grade"] or o.natural != bool(h["natural"])
        ],
        "confusion (human -> auto)": {f"{a} -> {b}": n for (a, b), n in confusion.most_common()},
    }


def write_outcomes(path: Path, outcomes: Iterable[Outcome]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for outcome in outcomes:
            handle.write(json.dumps(asdict(outcome), ensure_ascii=False) + "\n")


# --- command line -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("template", "embedded"), help="the writer to run")
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--out", type=Path, help="write one JSON line per case here")
    parser.add_argument("--only", nargs="+", metavar="CASE_ID", help="run only these cases")
    parser.add_argument("--workers", type=int, default=1, help="cases run side by side")
    parser.add_argument(
        "--replies", type=Path, nargs="+", help="regrade replies stored by --out (no run)"
    )
    parser.add_argument("--against", type=Path, help="human grades (grades.jsonl) to agree with")
    parser.add_argument("--human", type=Path, help="show the human grades as the table")
    parser.add_argument("--quiet", action="store_true", help="no per-case progress")
    args = parser.parse_args(argv)
    if not (args.backend or args.replies or args.human):
        parser.error("give --backend, --replies or --human")

    logging.basicConfig(level=logging.WARNING)
    console = Console(width=220)
    cases = load_cases(args.cases)
    if args.only:
        unknown = set(args.only) - {c.id for c in cases}
        if unknown:
            parser.error(f"no such cases: {sorted(unknown)}")
        cases = [c for c in cases if c.id in args.only]
    copies = copied_messages(cases)
    if copies:
        for case_id, text, source in copies:
            console.print(f"[red]{case_id}[/]: {text!r} is training or test text ({source})")
        return 2

    columns: dict[str, list[Outcome]] = {}
    if args.human:
        grades = read_grades(args.human)
        ids = {c.id for c in cases}
        human = {
            w: [r for r in human_rows(grades, w) if r.case in ids] for w in ("template", "embedded")
        }
        console.print(table({w: rows for w, rows in human.items() if rows}, "human grades"))
    if args.replies:
        for path in args.replies:
            outcomes = read_outcomes(path, cases)
            columns[outcomes[0].writer if outcomes else path.stem] = outcomes
    if args.backend:
        outcomes = run_cases(cases, args.backend, workers=args.workers, progress=not args.quiet)
        columns[args.backend] = outcomes
        if args.out:
            write_outcomes(args.out, outcomes)
    if columns:
        console.print(table({name: rows_of(o) for name, o in columns.items()}, "automatic grades"))
        for name, outcomes in columns.items():
            errors = [o for o in outcomes if o.error]
            for o in errors:
                console.print(f"[red]{name} {o.case}: {o.error}[/]")
    if args.against and columns:
        grades = read_grades(args.against)
        for name, outcomes in columns.items():
            console.print(f"[bold]{name}: agreement with {args.against}[/]")
            console.print_json(json.dumps(agreement(outcomes, grades), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
