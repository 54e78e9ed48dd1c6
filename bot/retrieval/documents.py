"""Read the shop's documents and cut them into passages that keep their structure.

Manuals and policies are cut by section, keeping the heading path ("Troubleshooting > Blinking
orange light"); a review is one passage, an FAQ entry is one passage. Every passage carries the
metadata that search filters on and that citations show.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import IngestError
from bot.language import detect_language

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".jsonl", ".csv"}
PASSAGE_FORMAT = 2
"""Part of every content hash: bump it when cutting or metadata change, so ingest redoes all."""
MAX_PASSAGE_CHARS = 1200
"""Longer sections are split at paragraph breaks, so a passage stays one idea."""


@dataclass(frozen=True)
class Passage:
    id: str
    """`<document id>#<n>`: stable while the document does not change."""
    doc_id: str
    text: str
    metadata: dict[str, str | int | float | bool]
    """doc_type, title, section, language, source, and product/brand/category/rating/author/date
    where known. Values are scalars, as Chroma requires."""


@dataclass
class Document:
    id: str
    """The path relative to the ingest root, e.g. `manuals/P-1020.md`."""
    source: Path
    doc_type: str
    """manual, policy, faq, review, page or pdf."""
    content_hash: str
    passages: list[Passage] = field(default_factory=list)


def document_id(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def discover(paths: list[Path]) -> Iterator[tuple[Path, Path]]:
    """(file, root) for every readable file under the given files and folders, sorted.

    Ids are relative to the folder's parent, so `manuals/P-1020.md` is the same document whether
    `knowledge/manuals` or that one file was ingested.
    """
    for path in paths:
        if not path.exists():
            raise IngestError(f"{path}: no such file or folder")
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if (
                    file.is_file()
                    and file.suffix.lower() in TEXT_SUFFIXES
                    and not any(part.startswith(".") for part in file.relative_to(path).parts)
                ):
                    yield file, path.resolve().parent
        else:
            yield path, path.resolve().parent.parent


def read_document(path: Path, root: Path) -> Document:
    """Read and cut one file. Raises IngestError naming the file (and line) when it is malformed."""
    raw = path.read_bytes()
    doc = Document(
        id=document_id(path, root),
        source=path,
        doc_type="page",
        content_hash=hashlib.sha256(b"v%d\n" % PASSAGE_FORMAT + raw).hexdigest(),
    )
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        doc.doc_type = "pdf"
        doc.passages = _sections(doc, _pdf_text(raw, path), title=path.stem, meta={})
        return doc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text") from exc
    if suffix == ".jsonl":
        rows = _jsonl(text, path)
        doc.doc_type = "review" if rows and "question" not in rows[0] else "faq"
        doc.passages = [_entry_passage(doc, row, n, path) for n, row in enumerate(rows, 1)]
    elif suffix == ".csv":
        doc.doc_type = "faq"
        rows = list(csv.DictReader(io.StringIO(text)))
        doc.passages = [_entry_passage(doc, row, n, path) for n, row in enumerate(rows, 1)]
    elif suffix in (".html", ".htm"):
        title, body = _html_to_markdown(text)
        doc.passages = _sections(doc, body, title=title or path.stem, meta={})
    else:
        meta, body = _front_matter(text, path)
        doc.doc_type = str(
            meta.get("doc_type")
            or ("manual" if "product" in meta else "policy" if "policy" in meta else "page")
        )
        title = str(meta.get("title") or _first_heading(body) or path.stem)
        doc.passages = _sections(doc, body, title=title, meta=meta)
    return doc


# --- structured entries: FAQ and reviews -------------------------------------------------------


def _jsonl(text: str, path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestError(f"{path}, line {n}: not valid JSON: {exc.msg}") from exc
        if not isinstance(row, dict):
            raise IngestError(f"{path}, line {n}: expected a JSON object")
        rows.append(row)
    return rows


def _entry_passage(doc: Document, row: dict[str, Any], n: int, path: Path) -> Passage:
    entry_id = str(row.get("id") or n)
    if doc.doc_type == "faq":
        question, answer = row.get("question"), row.get("answer")
        if not question or not answer:
            raise IngestError(f"{path}, entry {n}: an FAQ entry needs 'question' and 'answer'")
        text = f"{question}\n{answer}"
        meta: dict[str, Any] = {"title": str(question), "section": str(row.get("category") or "")}
    else:
        if not row.get("text"):
            raise IngestError(f"{path}, line {n}: a review needs 'text'")
        text = "\n".join(str(part) for part in (row.get("title"), row["text"]) if part)
        meta = {"title": str(row.get("title") or "Review"), "section": ""}
        for key in ("author", "date", "product"):
            if row.get(key) is not None:
                meta[key] = str(row[key])
        if isinstance(row.get("rating"), int | float):
            meta["rating"] = row["rating"]
    extra = {
        ("topic" if k == "category" else k): v
        for k, v in row.items()
        if k not in ("id", "question", "answer", "text", "title") and _scalar(v)
    }
    metadata = {
        **extra,
        **meta,
        "doc_type": doc.doc_type,
        "entry": entry_id,
        "language": str(row.get("language") or detect_language(text)),
        "source": doc.id,
    }
    return Passage(
        id=f"{doc.id}#{entry_id}",
        doc_id=doc.id,
        text=text,
        metadata={k: v for k, v in metadata.items() if _scalar(v)},
    )


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) and value != ""


# --- sectioned documents -----------------------------------------------------------------------


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        raise IngestError(f"{path}: front matter starts with '---' but never ends")
    try:
        meta = yaml.safe_load(text[3:end]) or {}
    except yaml.YAMLError as exc:
        raise IngestError(f"{path}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise IngestError(f"{path}: front matter must be a mapping")
    return {str(k): v for k, v in meta.items()}, text[end + 4 :].lstrip("\n")


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        match = _HEADING.match(line)
        if match:
            return match.group(2)
    return None


def _sections(doc: Document, body: str, *, title: str, meta: dict[str, Any]) -> list[Passage]:
    """One passage per section (split further when long), each with its heading path."""
    base = {"doc_type": doc.doc_type, "title": title, "source": doc.id}
    for key in ("product", "policy", "language", "updated"):
        if meta.get(key) is not None:
            base[key] = str(meta[key])
    passages: list[Passage] = []
    path: list[str] = []
    lines: list[str] = []

    def flush() -> None:
        text = "\n".join(lines).strip()
        lines.clear()
        if not text:
            return
        section = " > ".join(path[1:] if len(path) > 1 else path)
        for piece in _split_long(text):
            metadata: dict[str, str | int | float | bool] = {
                **base,
                "section": section,
                "language": str(base.get("language") or detect_language(piece)),
            }
            passages.append(
                Passage(
                    id=f"{doc.id}#{len(passages)}", doc_id=doc.id, text=piece, metadata=metadata
                )
            )

    for line in body.splitlines():
        match = _HEADING.match(line)
        if match:
            flush()
            level = len(match.group(1))
            del path[level - 1 :]
            path.extend([""] * (level - 1 - len(path)))
            path.append(match.group(2).strip())
            path[:] = [p for p in path if p]
        else:
            lines.append(line)
    flush()
    return passages


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_PASSAGE_CHARS:
        return [text]
    pieces, current = [], ""
    for paragraph in re.split(r"\n\s*\n", text):
        if current and len(current) + len(paragraph) > MAX_PASSAGE_CHARS:
            pieces.append(current.strip())
            current = ""
        current += paragraph + "\n\n"
    if current.strip():
        pieces.append(current.strip())
    return pieces


def _html_to_markdown(text: str) -> tuple[str | None, str]:
    """Headings become Markdown headings, so HTML pages are cut by section like Markdown."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(text)
    except Exception as exc:  # lxml raises several unrelated types for bad markup
        raise IngestError(f"not readable HTML: {exc}") from exc
    for bad in tree.xpath("//script|//style|//nav|//footer"):
        bad.drop_tree()
    title = tree.findtext(".//title")
    out: list[str] = []
    for element in tree.iter("h1", "h2", "h3", "h4", "p", "li", "td", "pre"):
        content = " ".join(element.text_content().split())
        if not content:
            continue
        if element.tag.startswith("h"):
            out.append(f"\n{'#' * int(element.tag[1])} {content}\n")
        else:
            out.append(content)
    return title, "\n".join(out)


def _pdf_text(raw: bytes, path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        return "\n\n".join((page.extract_text() or "") for page in reader.pages)
    except PdfReadError as exc:
        raise IngestError(f"{path}: not a readable PDF: {exc}") from exc
