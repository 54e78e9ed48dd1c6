"""Shared reading helpers: every failure becomes an ImportDataError naming file, record and field."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.errors import ImportDataError

M = TypeVar("M", bound=BaseModel)


def load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ImportDataError(
            str(path),
            None,
            None,
            f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}",
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImportDataError(str(path), None, None, "not UTF-8 text") from exc


def load_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportDataError(str(path), None, None, f"not a readable CSV file: {exc}") from exc
    return rows


def record_label(index: int, raw: Any, key: str = "id") -> str:
    """'3 (id ORD-10004)' — position plus id when the record has one, so people can find it."""
    if isinstance(raw, dict) and raw.get(key) not in (None, ""):
        return f"{index} ({key} {raw[key]})"
    return str(index)


def parse(model: type[M], raw: Any, file: Path, label: str) -> M:
    """Validate one raw record, translating pydantic's error into ours."""
    if not isinstance(raw, dict):
        raise ImportDataError(
            str(file), label, None, f"expected an object, got {type(raw).__name__}"
        )
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        raise ImportDataError(str(file), label, field, first["msg"]) from exc


def parse_list(model: type[M], raw: Any, file: Path, key: str = "id") -> list[M]:
    if not isinstance(raw, list):
        raise ImportDataError(str(file), None, None, "expected a JSON list of records")
    return [parse(model, item, file, record_label(i, item, key)) for i, item in enumerate(raw, 1)]
