"""Both renderers draw every node kind of the same document with the same text, in the same order."""

from __future__ import annotations

import collections
import io
from pathlib import Path

import docx
import pdfplumber
import pytest

import annualreport as ar
from annualreport import document as doc
from annualreport.style import MM

from .conftest import REPO, squash
from .test_pdf import needs_fonts

FULL = REPO / "tests" / "fixtures" / "full"


@pytest.fixture(scope="module")
def full() -> doc.Document:
    return ar.build(FULL)


def assert_in_order(haystack: str, lines: list[str]) -> None:
    position = 0
    for line in filter(None, map(squash, lines)):
        found = haystack.find(line, position)
        assert found >= 0, f"missing or out of order: {line[:30]!r}"
        position = found + len(line)


def test_fixture_uses_every_node_kind(full: doc.Document):
    """The full fixture uses every kind but the 版头 and 版记, which the gongwen fixture has, and the joint
    signature, which the joint fixture has (with headings' second lines)."""
    kinds = {type(node) for node in full.nodes}
    assert kinds == set(doc.NODE_TYPES) - {doc.Letterhead, doc.Imprint, doc.JointSignature}
    gongwen = {type(node) for node in ar.build(REPO / "tests" / "fixtures" / "gongwen").nodes}
    assert {doc.Letterhead, doc.Imprint} <= gongwen
    joint = ar.build(REPO / "tests" / "fixtures" / "joint").nodes
    assert doc.JointSignature in {type(node) for node in joint}
    assert {node.level for node in joint if isinstance(node, doc.Heading) and node.subtitle} == {1, 2}
    roles = {node.role for node in full.nodes if isinstance(node, doc.Paragraph)}
    assert {"speaker", "recipient", "body", "attachment_list", "note", "attachment_label"} <= roles
    titles = {node.role for node in full.nodes if isinstance(node, doc.Title)}
    assert titles == {"title", "subtitle", "attachment_title"}
    assert {node.level for node in full.nodes if isinstance(node, doc.Heading)} == {1, 2, 3, 4}


def docx_text(data: bytes) -> str:
    """Body paragraphs and table cells in document order (the footers hold only page fields)."""
    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in block.iter(docx.oxml.ns.qn("w:t"))))
        elif tag == "tbl":
            table = docx.table.Table(block, document)
            seen: list[object] = []  # merged cells repeat their <w:tc>; compare the elements themselves
            for row in table.rows:
                for cell in row.cells:
                    if not any(cell._tc is element for element in seen):
                        seen.append(cell._tc)
                        parts.append(cell.text)
    return squash("".join(parts)).replace("\u2060", "")  # word joiners keep …… and —— whole; they draw nothing


def test_docx_has_every_line_in_order(full: doc.Document):
    data = ar.render_docx(full)
    assert data is not None
    assert_in_order(docx_text(data), list(full.text_lines()))


@needs_fonts
def test_pdf_has_every_line_in_order(full: doc.Document):
    data = ar.render_pdf(full)
    assert data is not None
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = squash("".join(p.within_bbox((0, 0, p.width, 264 * MM)).extract_text() or "" for p in pdf.pages))
    # Outside tables, every line in order. Table cells wrap inside their cells, where extraction
    # interleaves neighbouring cells' lines: there, every character of every cell must be drawn.
    lines = [line for node in full.nodes if not isinstance(node, doc.Table) for line in doc.node_text(node)]
    assert_in_order(text, lines)
    cells = collections.Counter(squash("".join(line for n in full.nodes if isinstance(n, doc.Table) for line in doc.node_text(n))))
    assert not cells - collections.Counter(text)


@needs_fonts
def test_pdf_repeats_table_header_and_starts_attachments_on_new_pages(full: doc.Document):
    data = ar.render_pdf(full)
    assert data is not None
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [squash(p.extract_text() or "") for p in pdf.pages]
    table_pages = [i for i, text in enumerate(pages) if "红星村" in text or "如意村" in text or "前进村" in text]
    assert len(table_pages) >= 2
    for i in table_pages:
        assert all(word in pages[i] for word in ("序号", "村名", "数量", "户")), f"page {i + 1} lacks the header"
    assert pages[-2].startswith("附件1") and pages[-1].startswith("附件2")
    assert "2019年重点项目清单" in pages[-2][:30]


def test_contract_fixture_validates_strictly():
    ar.load(FULL, strict=True)
