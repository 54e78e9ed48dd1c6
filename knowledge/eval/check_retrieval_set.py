#!/usr/bin/env python3
"""Check the retrieval evaluation set `knowledge/eval/retrieval.jsonl`.

Usage: ``python knowledge/eval/check_retrieval_set.py [FILE]`` (standard library only).

Each line is one JSON object::

    {"id": "Q-001", "question": "...", "language": "en",
     "gold": {"doc": "manuals/P-1020.md", "span": "blinks quickly (about twice per second)"}}

`doc` is a path relative to `knowledge/`; FAQ and review entries are addressed as
`faq/faq.jsonl#FAQ-012` and `reviews/reviews.jsonl#R-0042`. `span` must be an exact substring
of the document (for entries: of the entry's `answer` or `text`), 4-20 words, inside one
section: it may not contain a Markdown heading line or a blank line (the indexer cuts passages
at headings and, in long sections, at blank lines).

Problems (exit status 1): invalid JSON, missing or malformed keys, duplicate ids, unknown
documents or entries, spans that are not found or cross a section, span length out of range,
question language not matching `language`, and coverage below the minimums below.
Warnings (exit status unchanged): spans containing Markdown symbols, spans that also occur
verbatim in another document or entry (a hint that the gold location may not be unique),
unexpected extra keys.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

KNOWLEDGE = Path(__file__).resolve().parent.parent
DEFAULT_FILE = KNOWLEDGE / "eval" / "retrieval.jsonl"

LANGUAGES = {"en", "zh"}
ID_PATTERN = re.compile(r"^Q-\d{3,}$")
MIN_WORDS, MAX_WORDS = 4, 20
ENTRY_FILES = {"faq/faq.jsonl": "answer", "reviews/reviews.jsonl": "text"}

# Coverage minimums from the brief.
MIN_QUESTIONS = 100
MIN_CHINESE_DOC = 15
MIN_MANUAL_PRODUCTS = 12
MIN_FAQ_ENTRIES = 15
MIN_REVIEWS = 8
MIN_PER_LANGUAGE = {"en": 50, "zh": 30}

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HEADING_LINE = re.compile(r"^#{1,6}\s")


def word_count(text: str) -> int:
    """Whitespace tokens for Latin text; a run of Chinese characters counts one word per two."""
    count = 0
    for token in text.split():
        parts = re.split(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)", token)
        for part in parts:
            if not part:
                continue
            if CJK.match(part):
                count += math.ceil(len(part) / 2)
            elif re.search(r"\w", part):
                count += 1
    return count


def body_of(text: str) -> str:
    """A Markdown document without its YAML front matter."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end >= 0:
            return text[end + 4 :]
    return text


def load_sources() -> tuple[dict[str, str], dict[str, dict[str, dict]]]:
    """Markdown bodies by document id, and JSONL entries by file and entry id."""
    docs: dict[str, str] = {}
    for path in sorted(KNOWLEDGE.glob("*/*.md")):
        if path.parent.name in ("manuals", "policies"):
            docs[path.relative_to(KNOWLEDGE).as_posix()] = body_of(path.read_text("utf-8"))
    entries: dict[str, dict[str, dict]] = {}
    for rel in ENTRY_FILES:
        rows: dict[str, dict] = {}
        path = KNOWLEDGE / rel
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    rows[str(row["id"])] = row
        entries[rel] = rows
    return docs, entries


def main(argv: list[str]) -> int:
    file = Path(argv[1]) if len(argv) > 1 else DEFAULT_FILE
    problems: list[str] = []
    warnings: list[str] = []
    if not file.exists():
        print(f"{file}: no such file", file=sys.stderr)
        return 1
    docs, entries = load_sources()

    # Every text a span could also occur in, for the uniqueness hint.
    all_texts: dict[str, str] = dict(docs)
    for rel, rows in entries.items():
        for entry_id, row in rows.items():
            all_texts[f"{rel}#{entry_id}"] = str(row.get(ENTRY_FILES[rel], ""))

    ids: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    chinese_doc = 0
    manual_products: set[str] = set()
    policies_used: set[str] = set()
    faq_entries: set[str] = set()
    review_entries: set[str] = set()
    gold_docs: Counter[str] = Counter()
    rows = 0

    for n, line in enumerate(file.read_text("utf-8").splitlines(), 1):
        where = f"line {n}"
        if not line.strip():
            problems.append(f"{where}: empty line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not valid JSON: {exc.msg}")
            continue
        if not isinstance(row, dict):
            problems.append(f"{where}: expected a JSON object")
            continue
        rows += 1
        qid = row.get("id")
        where = f"line {n} ({qid})"
        missing = [k for k in ("id", "question", "language", "gold") if k not in row]
        if missing:
            problems.append(f"{where}: missing key(s) {', '.join(missing)}")
            continue
        extra = set(row) - {"id", "question", "language", "gold"}
        if extra:
            warnings.append(f"{where}: unexpected key(s) {', '.join(sorted(extra))}")
        if not isinstance(qid, str) or not ID_PATTERN.match(qid):
            problems.append(f"{where}: id must look like Q-001")
        ids[str(qid)] += 1

        question, language, gold = row["question"], row["language"], row["gold"]
        if not isinstance(question, str) or not question.strip():
            problems.append(f"{where}: question must be a non-empty string")
            question = ""
        if language not in LANGUAGES:
            problems.append(f"{where}: language must be one of {sorted(LANGUAGES)}")
        else:
            by_language[language] += 1
            has_cjk = bool(CJK.search(question))
            if language == "zh" and not has_cjk:
                problems.append(f"{where}: language is zh but the question has no Chinese")
            if language == "en" and has_cjk:
                problems.append(f"{where}: language is en but the question contains Chinese")
        if not isinstance(gold, dict) or set(gold) != {"doc", "span"}:
            problems.append(f"{where}: gold must be an object with exactly 'doc' and 'span'")
            continue
        doc, span = gold["doc"], gold["span"]
        if not isinstance(doc, str) or not isinstance(span, str) or not span.strip():
            problems.append(f"{where}: gold.doc and gold.span must be non-empty strings")
            continue
        if span != span.strip():
            problems.append(f"{where}: span has leading or trailing whitespace")

        # Resolve the gold text.
        if "#" in doc:
            rel, entry_id = doc.split("#", 1)
            if rel not in ENTRY_FILES:
                problems.append(f"{where}: '#' ids are only for {sorted(ENTRY_FILES)}: {doc}")
                continue
            entry = entries[rel].get(entry_id)
            if entry is None:
                problems.append(f"{where}: no entry {entry_id} in {rel}")
                continue
            text = str(entry.get(ENTRY_FILES[rel], ""))
            is_chinese = entry.get("language") == "zh"
            if rel.startswith("faq/"):
                by_type["faq"] += 1
                faq_entries.add(entry_id)
            else:
                by_type["review"] += 1
                review_entries.add(entry_id)
        else:
            if not (KNOWLEDGE / doc).is_file():
                problems.append(f"{where}: document does not exist: knowledge/{doc}")
                continue
            if doc not in docs:
                problems.append(
                    f"{where}: {doc} is not a manual or policy; FAQ and reviews need '#<id>'"
                )
                continue
            text = docs[doc]
            is_chinese = doc.endswith(".zh.md")
            kind = doc.split("/", 1)[0]
            by_type["manual" if kind == "manuals" else "policy"] += 1
            if kind == "manuals":
                manual_products.add(Path(doc).name.split(".", 1)[0])
            else:
                policies_used.add(doc)
        gold_docs[doc] += 1
        chinese_doc += is_chinese

        # The span itself.
        if span not in text:
            problems.append(f"{where}: span not found verbatim in {doc}: {span!r}")
            continue
        span_lines = span.split("\n")
        if any(HEADING_LINE.match(part.lstrip()) for part in span_lines):
            problems.append(f"{where}: span contains a Markdown heading (crosses a section)")
        if any(not part.strip() for part in span_lines[1:-1]) or "\n\n" in span:
            problems.append(f"{where}: span contains a blank line (may cross a passage)")
        elif "\n" in span:
            warnings.append(f"{where}: span spans several lines")
        words = word_count(span)
        if not MIN_WORDS <= words <= MAX_WORDS:
            problems.append(f"{where}: span has {words} words, expected {MIN_WORDS}-{MAX_WORDS}")
        if any(mark in span for mark in ("**", "`", "|")):
            warnings.append(f"{where}: span contains Markdown symbols: {span!r}")
        elsewhere = [key for key, other in all_texts.items() if key != doc and span in other]
        if elsewhere:
            warnings.append(
                f"{where}: span also occurs verbatim in {', '.join(elsewhere[:3])}"
                + (" ..." if len(elsewhere) > 3 else "")
            )

    for qid, count in ids.items():
        if count > 1:
            problems.append(f"id {qid} is used {count} times")

    # Coverage.
    if rows < MIN_QUESTIONS:
        problems.append(f"{rows} questions, expected at least {MIN_QUESTIONS}")
    for language, minimum in MIN_PER_LANGUAGE.items():
        if by_language[language] < minimum:
            problems.append(
                f"{by_language[language]} '{language}' questions, expected >= {minimum}"
            )
    if chinese_doc < MIN_CHINESE_DOC:
        problems.append(
            f"{chinese_doc} questions with a Chinese gold document, expected >= {MIN_CHINESE_DOC}"
        )
    if len(manual_products) < MIN_MANUAL_PRODUCTS:
        problems.append(
            f"manuals of {len(manual_products)} products used, expected >= {MIN_MANUAL_PRODUCTS}"
        )
    all_policies = {p.relative_to(KNOWLEDGE).as_posix() for p in KNOWLEDGE.glob("policies/*.md")}
    unused = sorted(all_policies - policies_used)
    if unused:
        problems.append(f"policy files without a question: {', '.join(unused)}")
    if len(faq_entries) < MIN_FAQ_ENTRIES:
        problems.append(f"{len(faq_entries)} FAQ entries used, expected >= {MIN_FAQ_ENTRIES}")
    if len(review_entries) < MIN_REVIEWS:
        problems.append(f"{len(review_entries)} reviews used, expected >= {MIN_REVIEWS}")

    print(f"{file}: {rows} questions")
    print("  by language: " + ", ".join(f"{k} {v}" for k, v in sorted(by_language.items())))
    print("  by document type: " + ", ".join(f"{k} {v}" for k, v in sorted(by_type.items())))
    print(f"  gold in a Chinese document or entry: {chinese_doc}")
    print(f"  manuals: {len(manual_products)} products ({', '.join(sorted(manual_products))})")
    print(f"  policies: {len(policies_used)} of {len(all_policies)} files")
    print(f"  FAQ entries: {len(faq_entries)}; reviews: {len(review_entries)}")
    for message in warnings:
        print(f"warning: {message}")
    for message in problems:
        print(f"problem: {message}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
