"""Tables the layout hardening lets through reach Word too: no cells, text scaled down, rows taller than a page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

import annualreport as ar
from annualreport import document as doc
from annualreport.render.docx import render_docx

from .conftest import EXAMPLE_2018

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def with_table(table: doc.Table) -> doc.Document:
    base = ar.build(EXAMPLE_2018)
    nodes = (doc.Paragraph(spans=(doc.Span(text="表前正文。"),)), table, doc.Paragraph(spans=(doc.Span(text="表后正文。"),)))
    return doc.Document(metadata=base.metadata, style=base.style, nodes=nodes)


def body(document: doc.Document) -> etree._Element:
    import io
    import zipfile

    data = render_docx(document) or b""
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).find(W + "body")


def cell(text: str, column: int, **more: object) -> doc.TableCell:
    return doc.TableCell(text=text, column=column, **more)  # type: ignore[arg-type]


def test_a_table_of_no_cells_is_its_caption_and_note_only():
    table = doc.Table(caption="表1　空表", widths=(), header_rows=(), body_rows=((), ()), note="注：无数据。")
    found = body(with_table(table))
    assert found.find(W + "tbl") is None
    texts = ["".join(t.text or "" for t in p.iter(W + "t")) for p in found.iter(W + "p")]
    assert "表1　空表" in texts and "注：无数据。" in texts


def test_scaled_table_text_is_set_smaller_on_a_smaller_pitch():
    style = ar.build(EXAMPLE_2018).style
    rows = ((cell("甲", 0), cell("乙", 1)),)
    plain = body(with_table(doc.Table(caption=None, widths=(0.5, 0.5), header_rows=(), body_rows=rows, note=None)))
    scaled = body(with_table(doc.Table(caption=None, widths=(0.5, 0.5), header_rows=(), body_rows=rows, note=None,
                                       text_scale=0.5)))  # fmt: skip
    assert not plain.find(W + "tbl").findall(f".//{W}sz")  # the style's size
    sizes = {int(sz.get(W + "val")) for sz in scaled.find(W + "tbl").iter(W + "sz")}
    assert sizes == {round(style.role("table").size_pt * 0.5 * 2)}  # half-points
    lines = {int(s.get(W + "line")) for s in scaled.find(W + "tbl").iter(W + "spacing") if s.get(W + "line")}
    assert lines == {round(style.line_pitch("table") * 0.5 * 20)}


def test_only_rows_taller_than_half_a_page_may_split():
    rows = ((cell("甲", 0), cell("汉" * 2000, 1), cell("乙", 2)), (cell("丙", 0), cell("短", 1), cell("丁", 2)))
    table = doc.Table(caption=None, widths=(0.2, 0.6, 0.2), header_rows=(), body_rows=rows, note=None)
    trs = body(with_table(table)).find(W + "tbl").findall(W + "tr")
    assert trs[0].find(f"{W}trPr/{W}cantSplit") is None
    assert trs[1].find(f"{W}trPr/{W}cantSplit") is not None


@pytest.mark.parametrize("caption", [None, "表1　超长单元格"])
def test_libreoffice_starts_a_page_tall_row_where_it_is(caption: str | None, tmp_path: Path, soffice: str):
    rows = ((cell("甲", 0), cell("汉" * 2000, 1), cell("乙", 2)),)
    table = doc.Table(caption=caption, widths=(0.2, 0.6, 0.2), header_rows=(), body_rows=rows, note=None)
    (tmp_path / "tall.docx").write_bytes(render_docx(with_table(table)) or b"")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / "tall.docx")], capture_output=True, timeout=300)  # fmt: skip
    with pdfplumber.open(tmp_path / "tall.pdf") as pdf:
        first = pdf.pages[0].extract_text() or ""
        assert len(pdf.pages) >= 2
    # kept whole, the row moved to page 2 and left page 1 with the paragraph above it alone
    assert "甲" in first and first.count("汉") > 300


@pytest.mark.parametrize("scale", [1.0, 0.6])
def test_the_same_table_renders_in_both_formats(scale: float):
    rows = tuple((cell(f"第{r}行", 0), cell("数" * 30, 1)) for r in range(5))
    table = doc.Table(caption="表", widths=(0.3, 0.7), header_rows=(), body_rows=rows, note="注", text_scale=scale)
    document = with_table(table)
    assert (render_docx(document) or b"").startswith(b"PK")
    assert (ar.render_pdf(document) or b"").startswith(b"%PDF")
