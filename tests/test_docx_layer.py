"""python-docx as the Word layer: to_docx hands over a python-docx Document, the lean template, the prepared-package
cache, the package writer, and the fast paths that must write what python-docx's own API writes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Twips
from lxml import etree

import annualreport as ar
from annualreport import document as doc
from annualreport.render.docx import base, template
from annualreport.render.docx.oxml import add_text, apply_paragraph_style, set_alignment
from annualreport.render.docx.tables import merge

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_2018 = REPO / "examples" / "2018"
FULL = REPO / "tests" / "fixtures" / "full"


@pytest.fixture(autouse=True)
def no_source_date_epoch(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


# --------------------------------------------------------------------------- to_docx


def test_to_docx_gives_a_python_docx_document_to_post_process(tmp_path: Path):
    word = ar.to_docx(EXAMPLE_2018)
    assert isinstance(word, docx.document.Document)
    assert word.paragraphs[0].style.name == "Title"
    # an integrator's cover page and seal, with python-docx, before saving
    cover = word.paragraphs[0].insert_paragraph_before("封面", style=word.styles["Title"])
    cover.paragraph_format.page_break_before = False
    word.add_paragraph("（印章）", style=word.styles["Signature"])
    path = tmp_path / "out.docx"
    word.save(path)
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    reopened = docx.Document(path)
    assert [p.text for p in reopened.paragraphs[:2]] == ["封面", "2018年度工作总结"]
    assert reopened.paragraphs[-1].text == "（印章）"
    assert reopened.settings.odd_and_even_pages_header_footer
    assert reopened.sections[0].footer.paragraphs[0].style.name == "奇数页页码"  # alias Page Number Odd


def test_render_docx_writes_the_entries_python_docx_saves_with_the_report_timestamp():
    word = ar.to_docx(FULL)
    saved = io.BytesIO()
    word.save(saved)  # python-docx's own writer: the clock in every entry
    ours = ar.render_docx(FULL)
    assert ours is not None
    assert entries(ours) == entries(saved.getvalue())  # same names, order and bytes
    with zipfile.ZipFile(io.BytesIO(ours)) as archive:
        infos = archive.infolist()
    assert {info.date_time for info in infos} == {(2020, 1, 15, 0, 0, 0)}  # the report's date
    assert {info.create_system for info in infos} == {0}  # no host system …
    assert {info.external_attr for info in infos} == {0o600 << 16}  # … and the fixed bits zipfile gives
    assert ours == ar.render_docx(ar.build(FULL))


def test_the_library_imports_python_docx_only_to_render_word():
    code = (
        "import sys, annualreport as ar\n"
        f"ar.build({str(EXAMPLE_2018)!r})\n"
        "before = 'docx' in sys.modules\n"
        f"ar.to_docx({str(EXAMPLE_2018)!r})\n"
        "print(before, 'docx' in sys.modules, 'reportlab' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True", "False"]


# --------------------------------------------------------------------------- the lean template


def test_the_checked_in_template_is_build_template():
    built = template.build_template()
    if os.environ.get("ANNUALREPORT_UPDATE_GOLDEN"):
        template.write_template()
    assert template.TEMPLATE_PATH.read_bytes() == built, "regenerate with ANNUALREPORT_UPDATE_GOLDEN=1"
    assert built == template.build_template()  # no clock, no randomness


def test_the_template_is_lean_and_documented():
    with zipfile.ZipFile(template.TEMPLATE_PATH) as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert names == [name for name, _ in template.PARTS]
        assert {info.date_time for info in infos} == {template.ZIP_EPOCH}
        assert {info.compress_type for info in infos} == {zipfile.ZIP_STORED}
        for name in names:
            etree.fromstring(archive.read(name))  # well-formed
            assert f"``{name}``" in (template.__doc__ or ""), f"{name} is not described in template.py"
    word = docx.Document(io.BytesIO(template.template_bytes()))
    assert len(word.styles) == 0 and not word.paragraphs
    rels = {rel.reltype.rsplit("/", 1)[-1] for rel in word.part.rels.values()}
    assert rels == {"styles", "settings"}  # no theme, numbering, font table or web settings
    package_rels = {rel.reltype.rsplit("/", 1)[-1] for rel in word.part.package.rels.values()}
    assert "thumbnail" not in package_rels


def test_the_output_carries_nothing_of_python_docx_defaults():
    data = ar.render_docx(EXAMPLE_2018)
    assert data is not None
    names = [name for name, _ in entries(data)]
    assert not [n for n in names if "theme" in n or "thumbnail" in n or "webSettings" in n or "numbering" in n]
    styles = dict(entries(data))["word/styles.xml"].decode()
    assert "latentStyles" not in styles and "Calibri" not in styles and "MS 明朝" not in styles
    core = dict(entries(data))["docProps/core.xml"].decode()
    assert "python-docx" not in core


# --------------------------------------------------------------------------- the prepared package


def test_prepared_package_is_made_once_per_style():
    base.clear_cache()
    document = ar.build(EXAMPLE_2018)
    first = ar.render_docx(document)
    assert len(base._cache) == 1
    assert ar.render_docx(ar.build(EXAMPLE_2018)) == first  # reopened from the cache: the same bytes
    assert len(base._cache) == 1
    style = document.style
    bigger = style.model_copy(update={"roles": {**style.roles, "body": style.roles["body"].model_copy(update={"size_pt": 15})}})
    other = ar.render_docx(doc.Document(metadata=document.metadata, style=bigger, nodes=document.nodes))
    assert len(base._cache) == 2 and other != first
    assert docx.Document(io.BytesIO(other or b"")).styles["Normal"].font.size.pt == 15
    base.clear_cache()
    assert ar.render_docx(document) == first  # prepared afresh: the same bytes again


# --------------------------------------------------------------------------- fast paths write python-docx's XML


@pytest.fixture
def word() -> docx.document.Document:
    word = docx.Document(io.BytesIO(template.template_bytes()))
    word.styles.add_style("Normal", WD_STYLE_TYPE.PARAGRAPH, builtin=True).element.default = True
    word.styles.add_style("Quote", WD_STYLE_TYPE.PARAGRAPH)
    word.styles.add_style("Strong", WD_STYLE_TYPE.CHARACTER)
    return word


def test_paragraph_style_alignment_and_run_style_as_python_docx_writes_them(word: docx.document.Document):
    ours, theirs = word.add_paragraph(), word.add_paragraph()
    apply_paragraph_style(ours, "Quote")
    set_alignment(ours, WD_ALIGN_PARAGRAPH.RIGHT)
    ours.paragraph_format.keep_with_next = True  # python-docx inserts after ours, in schema order
    add_text(ours, "甲\n乙\t丙", "Strong")
    theirs.style = word.styles["Quote"]
    theirs.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    theirs.paragraph_format.keep_with_next = True
    run = theirs.add_run("甲\n乙\t丙")
    run.style = word.styles["Strong"]
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)
    normal = word.add_paragraph()
    apply_paragraph_style(normal, None)  # the default style stays implied, as python-docx leaves it
    assert normal._p.pPr is None


def grid_table(word: docx.document.Document) -> tuple[docx.table.Table, list]:
    table = word.add_table(rows=4, cols=4)
    for column, width in zip(table.columns, (1000, 2000, 3000, 4000)):
        column.width = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, (1000, 2000, 3000, 4000)):
            cell.width = Twips(width)
    return table, [list(row._tr.tc_lst) for row in table.rows]


def test_merge_writes_what_cell_merge_writes(word: docx.document.Document):
    spans = [(0, 0, 1, 0), (0, 1, 0, 3), (2, 1, 3, 2), (3, 3, 3, 3)]  # row span, column span, both, none
    ours, tcs = grid_table(word)
    for top, left, bottom, right in spans:
        if (top, left) != (bottom, right):
            merge(tcs, top, left, bottom, right)
    theirs, _ = grid_table(word)
    cells = [row.cells for row in theirs.rows]
    for top, left, bottom, right in spans:
        if (top, left) != (bottom, right):
            cells[top][left].merge(cells[bottom][right])
    assert etree.tostring(ours._tbl) == etree.tostring(theirs._tbl)
    assert [len(row._tr.tc_lst) for row in ours.rows] == [2, 4, 3, 3]


# --------------------------------------------------------------------------- raw OOXML only where python-docx has none


def test_the_renderer_modules_build_no_lxml_trees_of_their_own():
    """Raw OOXML is made with python-docx's OxmlElement on its element classes, never a separate lxml tree; only
    the package writer and the template builder write zips."""
    folder = REPO / "src" / "annualreport" / "render" / "docx"
    for module in sorted(folder.glob("*.py")):
        source = module.read_text(encoding="utf-8")
        for construct in ("etree.Element(", "etree.SubElement(", "etree.tostring(", "etree.fromstring("):
            assert construct not in source, f"{module.name} uses {construct}"
        if module.name not in ("package.py", "template.py"):
            assert '"w"' not in source or "ZipFile" not in source, f"{module.name} writes a zip"


def test_text_xml_cannot_hold_is_a_render_error():
    document = ar.build(EXAMPLE_2018)
    broken = doc.Document(metadata=document.metadata, style=document.style,
                          nodes=(doc.Paragraph(spans=(doc.Span(text="甲\x01乙"),)),))  # fmt: skip
    with pytest.raises(ar.RenderError, match="control characters"):
        ar.render_docx(broken)
