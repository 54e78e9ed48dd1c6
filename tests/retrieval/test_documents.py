from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import IngestError
from bot.retrieval.documents import discover, read_document
from tests.retrieval.conftest import KNOWLEDGE

# A one-page PDF with the text "Warranty covers defects for 24 months" (hand-written objects).
_PDF_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R "
    b"/Resources << /Font << /F1 5 0 R >> >> >>",
    None,
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]


def make_pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = list(_PDF_OBJECTS)
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_manual_is_cut_by_section_with_its_heading_path() -> None:
    doc = read_document(KNOWLEDGE / "manuals" / "P-1020.md", KNOWLEDGE)
    assert doc.id == "manuals/P-1020.md" and doc.doc_type == "manual"
    sections = {p.metadata["section"] for p in doc.passages}
    assert any(s.startswith("Troubleshooting > ") for s in sections)
    first = doc.passages[0].metadata
    assert first["product"] == "P-1020" and first["language"] == "en"
    assert first["title"].startswith("Lumina Smart Bulb E27 Colour")
    assert all(p.id == f"manuals/P-1020.md#{n}" for n, p in enumerate(doc.passages))


def test_chinese_documents_are_marked_chinese() -> None:
    doc = read_document(KNOWLEDGE / "manuals" / "P-1040.zh.md", KNOWLEDGE)
    assert {p.metadata["language"] for p in doc.passages} == {"zh"}


def test_one_passage_per_faq_entry_and_per_review() -> None:
    faq = read_document(KNOWLEDGE / "faq" / "faq.jsonl", KNOWLEDGE)
    assert faq.doc_type == "faq"
    assert faq.passages[0].id == "faq/faq.jsonl#FAQ-001"
    reviews = read_document(KNOWLEDGE / "reviews" / "reviews.jsonl", KNOWLEDGE)
    review = reviews.passages[0].metadata
    assert reviews.doc_type == "review" and len(reviews.passages) >= 200
    assert {"author", "date", "rating", "product"} <= set(review)


def test_html_pdf_and_text_files(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><head><title>Gift cards</title><script>alert(1)</script></head><body>"
        "<h1>Gift cards</h1><p>Gift cards never expire.</p><h2>Balance</h2>"
        "<p>Check the balance at checkout.</p></body></html>"
    )
    (tmp_path / "warranty.pdf").write_bytes(make_pdf("Warranty covers defects for 24 months"))
    (tmp_path / "notes.txt").write_text("Store hours are 9 to 5.")
    assert [f.name for f, _root in discover([tmp_path])] == [
        "notes.txt",
        "page.html",
        "warranty.pdf",
    ]
    html = read_document(tmp_path / "page.html", tmp_path)
    assert [p.metadata["section"] for p in html.passages] == ["Gift cards", "Balance"]
    assert all("alert" not in p.text for p in html.passages)
    pdf = read_document(tmp_path / "warranty.pdf", tmp_path)
    assert pdf.doc_type == "pdf" and "24 months" in pdf.passages[0].text
    assert read_document(tmp_path / "notes.txt", tmp_path).passages[0].text == (
        "Store hours are 9 to 5."
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("reviews.jsonl", '{"text": "ok"}\n{broken\n', r"reviews\.jsonl, line 2: not valid JSON"),
        (
            "faq.jsonl",
            '{"question": "Why?"}\n',
            r"entry 1: an FAQ entry needs 'question' and 'answer'",
        ),
        ("manual.md", "---\nproduct: [unclosed\n---\n# Hi\n", "front matter is not valid YAML"),
        ("bad.txt", b"\xff\xfe\x00bad", "not UTF-8 text"),
    ],
)
def test_malformed_files_are_named(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(IngestError, match=message):
        read_document(path, tmp_path)


def test_csv_faq(tmp_path: Path) -> None:
    path = tmp_path / "faq.csv"
    path.write_text('id,question,answer,category\nQ1,Do you gift wrap?,"Yes, for $4.",orders\n')
    doc = read_document(path, tmp_path)
    assert doc.doc_type == "faq" and doc.passages[0].id == "faq.csv#Q1"
    assert doc.passages[0].metadata["topic"] == "orders"
    assert doc.passages[0].text == "Do you gift wrap?\nYes, for $4."
