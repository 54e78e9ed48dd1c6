"""Sanity check for the hand-written NLU training data (en.yml, zh.yml).

Run from the repository root:  python knowledge/nlu/check_nlu.py

Checks that both files are valid YAML in the Rasa 3.1 NLU layout, that every
intent of the contract appears in both files (and no other intent), that each
intent meets its minimum number of examples, that no example is repeated within
an intent, and that no example appears under two different intents (within a
file or across the two files). Examples are compared after lower-casing,
collapsing whitespace and dropping trailing punctuation. Also checks that
docs/intents.md has one `## intent` section per intent whose 3-5 examples do not
contradict the training data. Exits non-zero with a message on any problem.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("check_nlu: PyYAML is required (try .venv/bin/python knowledge/nlu/check_nlu.py)")

HERE = Path(__file__).resolve().parent

BITEXT_INTENTS = (
    "cancel_order change_order change_shipping_address check_cancellation_fee check_invoices "
    "check_payment_methods check_refund_policy complaint contact_customer_service "
    "contact_human_agent create_account delete_account delivery_options delivery_period "
    "edit_account get_invoice get_refund newsletter_subscription payment_issue place_order "
    "recover_password registration_problems review set_up_shipping_address switch_account "
    "track_order track_refund"
).split()
PRODUCT_DIALOGUE_INTENTS = (
    "return_item exchange_item product_question product_search recommend_product "
    "compare_products product_availability greet goodbye thank affirm deny provide_info"
).split()
OUT_OF_SCOPE = "out_of_scope"
ALL_INTENTS = [*BITEXT_INTENTS, *PRODUCT_DIALOGUE_INTENTS, OUT_OF_SCOPE]

MINIMUMS = {
    "en": {"default": 45, OUT_OF_SCOPE: 200},
    "zh": {"default": 12, OUT_OF_SCOPE: 50},
}
CJK = re.compile(r"[\u4e00-\u9fff]")
TRAILING_PUNCT = re.compile(r"[\s.!?,;:。！？，；：~…]+$")


def normalise(text: str) -> str:
    text = " ".join(text.lower().split())
    stripped = TRAILING_PUNCT.sub("", text)
    return stripped or text


def load(lang: str, problems: list[str]) -> dict[str, list[str]]:
    path = HERE / f"{lang}.yml"
    if not path.exists():
        problems.append(f"{path.name}: file missing")
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(f"{path.name}: invalid YAML: {exc}")
        return {}
    if not isinstance(data, dict) or str(data.get("version")) != "3.1":
        problems.append(f'{path.name}: top level must be a mapping with version: "3.1"')
        return {}
    blocks = data.get("nlu")
    if not isinstance(blocks, list):
        problems.append(f"{path.name}: 'nlu' must be a list")
        return {}
    intents: dict[str, list[str]] = {}
    for i, block in enumerate(blocks):
        if not isinstance(block, dict) or "intent" not in block or "examples" not in block:
            problems.append(f"{path.name}: nlu item {i} needs 'intent' and 'examples'")
            continue
        name, raw = block["intent"], block["examples"]
        if name in intents:
            problems.append(f"{path.name}: intent {name!r} listed twice")
            continue
        if not isinstance(raw, str):
            problems.append(f"{path.name}: {name}: 'examples' must be a block string")
            continue
        examples = []
        for line_no, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            if not line.startswith("- "):
                problems.append(
                    f"{path.name}: {name}: line {line_no} does not start with '- ': {line!r}"
                )
                continue
            text = line[2:].strip()
            if not text:
                problems.append(f"{path.name}: {name}: empty example on line {line_no}")
                continue
            if re.search(r"\]\(|\]\{", text):
                problems.append(f"{path.name}: {name}: looks like entity markup: {text!r}")
            if lang == "zh" and not CJK.search(text):
                problems.append(
                    f"{path.name}: {name}: Chinese example without Chinese characters: {text!r}"
                )
            examples.append(text)
        intents[name] = examples
    return intents


def check_docs(seen: dict[str, tuple[str, str, str]], problems: list[str]) -> None:
    """docs/intents.md has one `## intent` section per intent, and its examples agree with the data."""
    path = HERE.parent.parent / "docs" / "intents.md"
    if not path.exists():
        problems.append("docs/intents.md: file missing")
        return
    sections: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip().strip("`")
            if current in sections:
                problems.append(f"docs/intents.md: section {current!r} appears twice")
            sections[current] = []
        elif current and line.startswith("- "):
            sections[current].append(line[2:].strip())
    for name in ALL_INTENTS:
        if name not in sections:
            problems.append(f"docs/intents.md: no '## {name}' section")
    for name, examples in sections.items():
        if name not in ALL_INTENTS:
            problems.append(f"docs/intents.md: section {name!r} is not an intent")
            continue
        if not 3 <= len(examples) <= 5:
            problems.append(f"docs/intents.md: {name}: {len(examples)} examples, want 3 to 5")
        for text in examples:
            other = seen.get(normalise(text))
            if other and other[1] != name:
                problems.append(
                    f"docs/intents.md: {name}: example {text!r} is labelled {other[1]!r} in {other[0]}.yml"
                )


def main() -> int:
    problems: list[str] = []
    seen: dict[str, tuple[str, str, str]] = {}  # normalised -> (lang, intent, original)
    counts: dict[str, dict[str, int]] = {}
    for lang in ("en", "zh"):
        intents = load(lang, problems)
        if not intents:
            continue
        for name in ALL_INTENTS:
            if name not in intents:
                problems.append(f"{lang}.yml: intent {name!r} missing")
        for name in intents:
            if name not in ALL_INTENTS:
                problems.append(f"{lang}.yml: unknown intent {name!r} (check the spelling)")
        counts[lang] = {}
        for name, examples in intents.items():
            within: set[str] = set()
            for text in examples:
                key = normalise(text)
                if key in within:
                    problems.append(f"{lang}.yml: {name}: duplicate example {text!r}")
                    continue
                within.add(key)
                other = seen.get(key)
                if other and other[1] != name:
                    problems.append(
                        f"{lang}.yml: {text!r} is under {name!r} and also under "
                        f"{other[1]!r} in {other[0]}.yml ({other[2]!r})"
                    )
                seen.setdefault(key, (lang, name, text))
            counts[lang][name] = len(within)
            minimum = MINIMUMS[lang].get(name, MINIMUMS[lang]["default"])
            if len(within) < minimum:
                problems.append(
                    f"{lang}.yml: {name}: {len(within)} unique examples, need at least {minimum}"
                )

    check_docs(seen, problems)

    if "-v" in sys.argv[1:] and counts:
        print(f"{'intent':28} {'en':>5} {'zh':>5}")
        for name in ALL_INTENTS:
            print(
                f"{name:28} {counts.get('en', {}).get(name, 0):>5} {counts.get('zh', {}).get(name, 0):>5}"
            )
        print(
            f"{'TOTAL':28} {sum(counts.get('en', {}).values()):>5} {sum(counts.get('zh', {}).values()):>5}"
        )
    if problems:
        print(f"check_nlu: {len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print("  - " + p, file=sys.stderr)
        return 1
    print(
        f"check_nlu: OK ({len(ALL_INTENTS)} intents, "
        f"{sum(counts['en'].values())} en / {sum(counts['zh'].values())} zh examples)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
