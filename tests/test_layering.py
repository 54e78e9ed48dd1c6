"""Imports flow one way: channels → orchestrator → stages → store (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
SHARED = {
    "settings",
    "turn",
    "errors",
    "domain",
    "intents",
    "local_models",
    "language",
    "redaction",
    "fact_patterns",
    "hf_trainer",
    "reply_kinds",
    "matching",
}
LAYERS = {
    "cli": -2,
    "testing": -1,  # drives the whole assistant from outside, through its channels
    "channels": 0,
    "wiring": 1,
    "orchestrator": 2,
    "understanding": 3,
    "retrieval": 3,
    "generation": 3,
    "actions": 3,
    "store": 4,
}


def _top(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "bot" else None


def test_imports_go_in_the_direction_of_the_pipeline() -> None:
    problems = []
    for path in BOT.rglob("*.py"):
        rel = path.relative_to(BOT).with_suffix("")
        here = rel.parts[0]
        if here in SHARED or here == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for name in names:
                target = _top(name)
                if target is None or target in SHARED or target == here:
                    continue
                if LAYERS[target] <= LAYERS[here]:
                    problems.append(f"{rel} imports bot.{target}")
    assert problems == []


def test_shared_modules_import_nothing_but_each_other() -> None:
    for name in SHARED:
        tree = ast.parse((BOT / f"{name}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bot."):
                assert _top(node.module or "") in SHARED - {"settings"}, (name, node.module)
