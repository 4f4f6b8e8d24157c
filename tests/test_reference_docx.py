"""Reference documents: an office's .docx lends its styles (by name), headers, footers and page set-up; its body never
travels; a role it lacks keeps ours; ``reference-docx`` writes ours to start from; bad files are clean errors."""

from __future__ import annotations

import base64
import collections
import io
import os
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

import annualreport as ar
from annualreport.cli import main
from annualreport.render.docx import ReferenceDocxError, reference_docx

from .test_docx_golden import canonical_xml
from .test_docx_libreoffice import stand_in_fonts

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_2018 = REPO / "examples" / "2018"
FULL = REPO / "tests" / "fixtures" / "full"
MARKER = "参考文档独有的正文"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
"""A 1 × 1 pixel PNG, for a picture in the reference's body."""


@pytest.fixture(autouse=True)
def no_source_date_epoch(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def styles_by_id(data: bytes) -> dict[str, str]:
    """Every w:style of a .docx, canonical XML by style id (and the docDefaults under "")."""
    root = docx.Document(io.BytesIO(data)).styles.element
    found = {style.get(qn("w:styleId")): canonical_xml(etree_bytes(style)) for style in root.iterchildren(qn("w:style"))}
    defaults = root.find(qn("w:docDefaults"))
    found[""] = canonical_xml(etree_bytes(defaults)) if defaults is not None else ""
    return found


def etree_bytes(element) -> bytes:
    from lxml import etree

    return etree.tostring(element)


def save(word: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def office_reference() -> bytes:
    """What an office does with ``reference-docx``'s output in Word: body (Normal) in 宋体 15 pt at an exact 30 pt
    line, not on the grid; heading 1 in dark red; some text of its own in the body, with a picture."""
    word = docx.Document(io.BytesIO(reference_docx() or b""))
    normal = word.styles["Normal"]
    normal.font.name = "宋体"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    normal.element.rPr.rFonts.set(qn("w:cs"), "宋体")
    normal.font.size = Pt(15)
    normal.paragraph_format.line_spacing = Pt(30)
    off_grid = OxmlElement("w:snapToGrid")  # Word: 段落 → 如果定义了文档网格，则对齐到网格 (unticked)
    off_grid.set(qn("w:val"), "0")
    normal.element.pPr.insert_element_before(off_grid, "w:spacing", "w:ind", "w:jc", "w:outlineLvl")
    word.styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    word.add_paragraph(MARKER)
    word.add_picture(io.BytesIO(PNG))
    return save(word)


@pytest.fixture(scope="module")
def reference() -> bytes:
    return office_reference()


@pytest.fixture(scope="module")
def default_2018() -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        return ar.render_docx(EXAMPLE_2018) or b""


# --------------------------------------------------------------------------- styles by name


def test_the_reference_styles_replace_ours_by_name(reference: bytes, default_2018: bytes):
    result = ar.render_docx(EXAMPLE_2018, reference=reference) or b""
    word = docx.Document(io.BytesIO(result))
    normal = word.styles["Normal"]
    assert normal.font.size.pt == 15
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert normal.paragraph_format.line_spacing == Pt(30)
    assert word.styles["Heading 1"].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    ours, theirs = styles_by_id(default_2018), styles_by_id(result)
    assert ours["Normal"] != theirs["Normal"] and ours["Heading1"] != theirs["Heading1"]
    assert ours["TableText"] == theirs["TableText"] and ours[""] == theirs[""]  # untouched styles as they were
    # the body refers to the reference's styles: its headings are in heading 1
    assert any(p.style.name == "Heading 1" for p in word.paragraphs)


def test_the_reference_body_never_travels(reference: bytes):
    result = ar.render_docx(FULL, reference=reference) or b""
    contents = parts(result)
    plain = parts(ar.render_docx(FULL) or b"")
    media = {name: data for name, data in contents.items() if name.startswith("word/media/")}
    # the reference's picture is gone; the report's own figure is there, as without a reference
    assert media == {name: data for name, data in plain.items() if name.startswith("word/media/")}
    for name, data in contents.items():
        assert MARKER.encode() not in data, name
    assert "参考文档样例" not in "".join(p.text for p in docx.Document(io.BytesIO(result)).paragraphs)
    rels = contents["word/_rels/document.xml.rels"].decode()
    assert rels.count("relationships/image") == plain["word/_rels/document.xml.rels"].decode().count("relationships/image")


def test_reference_docx_reused_as_the_reference_gives_our_styles(default_2018: bytes):
    ours = reference_docx() or b""
    result = ar.render_docx(EXAMPLE_2018, reference=ours) or b""
    default_styles, result_styles = styles_by_id(default_2018), styles_by_id(result)
    for style_id, xml in default_styles.items():
        assert result_styles.get(style_id) == xml, style_id
    extra = set(result_styles) - set(default_styles)
    assert extra <= {"RunInHeading2", "RunInHeading4"}  # the sample's run-in points, which 2018 has not
    default_parts, result_parts = parts(default_2018), parts(result)
    for name in ("word/document.xml", "word/footer1.xml", "word/footer2.xml", "word/settings.xml", "word/fontTable.xml"):
        assert canonical_xml(result_parts[name]) == canonical_xml(default_parts[name]), name


def test_a_role_the_reference_lacks_keeps_our_style(default_2018: bytes):
    word = docx.Document(io.BytesIO(reference_docx() or b""))
    for name in ("讲话人", "表注", "报告表格"):  # Speaker, Table Note, Report Table
        word.styles[name].delete()
    word.styles["Normal"].font.size = Pt(15)
    result = ar.render_docx(EXAMPLE_2018, reference=save(word)) or b""
    ours, theirs = styles_by_id(default_2018), styles_by_id(result)
    for style_id in ("Speaker", "TableNote", "ReportTable"):
        assert theirs[style_id] == ours[style_id], style_id
    assert theirs["Normal"] != ours["Normal"]


def test_a_plain_word_document_as_the_reference():
    """python-docx's default document (as Word's blank one): its Normal, headings, page and theme are used; the
    roles Word has no style for (Speaker, Table Text, Report Table …) fall back to ours."""
    plain = docx.Document()
    plain.add_paragraph(MARKER)
    result = ar.render_docx(FULL, reference=save(plain)) or b""
    word = docx.Document(io.BytesIO(result))
    assert round(word.sections[0].page_width.mm) == 216  # its Letter paper, not A4
    assert word.styles["Normal"].font.size is None  # its Normal (size from its docDefaults), not our 16 pt
    speaker = word.styles["讲话人"]
    assert speaker.font.size.pt == 16 and speaker.element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert speaker.base_style.name == "Normal"
    table = word.tables[0]
    assert table.style.name == "报告表格"
    assert MARKER not in "".join(p.text for p in word.paragraphs)
    # our page numbers, since it has no footer of its own
    assert word.sections[0].footer.paragraphs[0].style.name == "奇数页页码"
    assert word.settings.odd_and_even_pages_header_footer


def test_the_reference_page_set_up_headers_and_footers_stand():
    word = docx.Document(io.BytesIO(reference_docx() or b""))
    section = word.sections[0]
    section.left_margin = section.right_margin = Mm(30)
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "某某县人民政府办公室"
    footer = section.footer  # its own odd-page footer, text instead of our field
    footer.paragraphs[0].clear()
    footer.paragraphs[0].add_run("内部资料")
    result = ar.render_docx(FULL, reference=save(word)) or b""
    out = docx.Document(io.BytesIO(result))
    section = out.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 30
    assert section.header.paragraphs[0].text == "某某县人民政府办公室"
    assert section.footer.paragraphs[0].text == "内部资料"
    block = round(section.page_width.twips - section.left_margin.twips - section.right_margin.twips)
    widths = [int(w) for w in out.tables[0]._tbl.xpath("w:tblPr/w:tblW/@w:w")]
    assert widths == [block]  # tables span the reference's text block


def test_the_reference_as_path_bytes_or_stream(reference: bytes, tmp_path: Path):
    path = tmp_path / "机关参考.docx"
    path.write_bytes(reference)
    from_bytes = ar.render_docx(FULL, reference=reference)
    assert ar.render_docx(FULL, reference=path) == from_bytes
    assert ar.render_docx(FULL, reference=str(path)) == from_bytes
    assert ar.render_docx(FULL, reference=io.BytesIO(reference)) == from_bytes
    assert from_bytes != ar.render_docx(FULL)
    path.write_bytes(reference_docx() or b"")  # edited and saved again: the new styles, not a stale copy
    assert ar.render_docx(FULL, reference=path) != from_bytes
    assert isinstance(ar.to_docx(FULL, reference=path), docx.document.Document)


# --------------------------------------------------------------------------- bad references


def test_bad_references_are_clean_errors(tmp_path: Path):
    not_zip = tmp_path / "memo.doc"
    not_zip.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    not_docx = tmp_path / "sheet.docx"
    with zipfile.ZipFile(not_docx, "w") as archive:
        archive.writestr("hello.txt", "not a package")
    cases = [
        (tmp_path / "missing.docx", "no such file"),
        (tmp_path, "cannot read"),
        (not_zip, "not a zip archive"),
        (not_docx, "not a Word document"),
    ]
    for path, message in cases:
        with pytest.raises(ReferenceDocxError, match=message) as caught:
            ar.render_docx(FULL, reference=path)
        assert isinstance(caught.value, ar.AnnualReportError) and isinstance(caught.value, ar.InputError)
        assert str(caught.value).startswith(f"{path}: ")
    with pytest.raises(ReferenceDocxError, match="^<bytes>: not a .docx"):
        ar.to_docx(FULL, reference=b"plain text")


def test_cli_bad_reference_exits_1_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(EXAMPLE_2018), "--docx", "--reference-docx", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"{bad}: not a .docx file (not a zip archive, e.g. an old .doc); save it from Word as .docx\n"
    assert not out.exists()
    assert main(["--lang", "zh", "render", str(EXAMPLE_2018), "--docx", "--reference-docx", str(bad), "-o",
                 str(out)]) == 1  # fmt: skip
    assert "不是 .docx 文件" in capsys.readouterr().err


def test_cli_reference_docx_then_render_with_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    reference = tmp_path / "ours.docx"
    assert main(["reference-docx", "-o", str(reference)]) == 0
    assert reference.read_bytes() == reference_docx()
    assert str(reference) in capsys.readouterr().out
    out = tmp_path / "out"
    assert main(["render", str(FULL), "--docx", "--reference-docx", str(reference), "-o", str(out)]) == 0
    assert (out / "full.docx").read_bytes() == ar.render_docx(FULL, reference=reference)
    assert main(["reference-docx"]) == 2  # -o is required: a usage error


def test_reference_docx_shows_every_style():
    word = docx.Document(io.BytesIO(ar.reference_docx() or b""))
    used = collections.Counter(p.style.name for p in word.paragraphs)
    for table in word.tables:
        used.update(p.style.name for row in table.rows for cell in row.cells for p in cell.paragraphs)
    expected = {"Title", "Subtitle", "讲话人", "主送机关", "Normal", "Heading 1", "Heading 2", "Heading 3",
                "Heading 4", "Caption", "表头文字", "表格文字", "表注", "附件说明", "Signature", "Date", "附注",
                "附件标识", "附件标题", "段首标题 2", "段首标题 3", "段首标题 4"}  # fmt: skip
    assert expected <= set(used), expected - set(used)
    runs = {r.style.name for p in word.paragraphs for r in p.runs if r.style is not None}
    assert "段首语" in runs
    for paragraph in word.paragraphs:  # each sample paragraph names its style
        if paragraph.style.name.startswith(("Heading", "Subtitle", "讲话人", "主送机关")):
            assert "（" in paragraph.text


def test_a_reference_with_the_english_names_still_matches(default_2018: bytes):
    """A reference made by an earlier release (Speaker, Table Text … as names, no aliases) or renamed in English:
    its styles are found by the English name, as before."""
    from annualreport.render.docx.styles import ENGLISH_NAMES

    word = docx.Document(io.BytesIO(reference_docx() or b""))
    for style in word.styles:
        english = ENGLISH_NAMES.get(style.name or "")
        if english:
            style.name = english
            aliases = style.element.find(qn("w:aliases"))
            style.element.remove(aliases)
    word.styles["Speaker"].font.size = Pt(18)
    word.styles["Table Text"].font.size = Pt(12)
    result = docx.Document(io.BytesIO(ar.render_docx(FULL, reference=save(word)) or b""))
    names = {s.style_id: s.name for s in result.styles}
    assert names["Speaker"] == "Speaker" and names["TableText"] == "Table Text"  # theirs, taken whole
    assert "讲话人" not in names.values() and "表格文字" not in names.values()  # not made again beside theirs
    assert result.styles["Speaker"].font.size.pt == 18 and result.styles["Table Text"].font.size.pt == 12


def test_a_reference_found_by_alias():
    """A reference style whose name an office changed but which keeps our English name as an alias is still ours."""
    word = docx.Document(io.BytesIO(reference_docx() or b""))
    speaker = word.styles["讲话人"]
    speaker.name = "领导讲话"
    speaker.font.size = Pt(18)
    result = docx.Document(io.BytesIO(ar.render_docx(FULL, reference=save(word)) or b""))
    assert result.styles["领导讲话"].font.size.pt == 18
    assert "讲话人" not in {s.name for s in result.styles}


# --------------------------------------------------------------------------- as LibreOffice lays it out


def convert(soffice: str, folder: Path, sources: dict[str, bytes]) -> dict[str, Path]:
    for name, data in sources.items():
        (folder / f"{name}.docx").write_bytes(data)
    command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
               "--outdir", str(folder), *(str(folder / f"{name}.docx") for name in sources)]  # fmt: skip
    env = {**os.environ, "FONTCONFIG_FILE": str(stand_in_fonts(folder))}
    subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    pdfs = {name: folder / f"{name}.pdf" for name in sources}
    for name, pdf in pdfs.items():
        assert pdf.is_file(), f"LibreOffice did not convert {name}.docx"
    return pdfs


def body_lines(pdf: Path, size: float) -> tuple[collections.Counter, list[float], set]:
    """Fonts of the characters of body size, the baseline gaps between consecutive lines set only in that size,
    and the colours of the characters of the first-level headings (黑体 lines starting 一、二、…)."""
    import pdfplumber

    fonts: collections.Counter = collections.Counter()
    gaps: list[float] = []
    heading_colours: set = set()
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            chars = [c for c in page.chars if c["text"].strip() and c["top"] < 262 * 72 / 25.4]
            rows: dict[float, list] = collections.defaultdict(list)
            for char in chars:
                rows[round(char["bottom"], 1)].append(char)
            uniform = sorted(b for b, row in rows.items() if all(abs(c["size"] - size) < 0.3 for c in row) and len(row) > 20)
            gaps += [round(b - a, 1) for a, b in zip(uniform, uniform[1:]) if b - a < 40]
            fonts.update(c["fontname"].split("+")[-1] for c in chars if abs(c["size"] - size) < 0.3)
            for bottom, row in rows.items():
                text = "".join(c["text"] for c in sorted(row, key=lambda c: c["x0"]))
                if text[:2] in ("一、", "二、", "三、", "四、"):
                    heading_colours |= {tuple(round(v, 2) for v in c["non_stroking_color"]) for c in row}
    return fonts, gaps, heading_colours


def test_libreoffice_shows_the_reference_fonts_sizes_spacing_and_colour(reference: bytes, default_2018: bytes,
                                                                        tmp_path: Path, soffice: str):  # fmt: skip
    """Under fonts standing in for the named faces (see test_docx_libreoffice), the body changes face (宋体's
    stand-in instead of 仿宋_GB2312's), size (15 pt), line spacing (30 pt instead of the 28.95 pt grid) and the
    first-level headings turn red."""
    pdfs = convert(soffice, tmp_path, {"ours": default_2018, "theirs": ar.render_docx(EXAMPLE_2018, reference=reference) or b""})
    our_fonts, our_gaps, our_colours = body_lines(pdfs["ours"], 16)
    their_fonts, their_gaps, their_colours = body_lines(pdfs["theirs"], 15)
    assert our_fonts and their_fonts
    our_face, their_face = our_fonts.most_common(1)[0][0], their_fonts.most_common(1)[0][0]
    assert our_face != their_face, (our_fonts, their_fonts)
    assert our_fonts[their_face] < sum(our_fonts.values()) / 10  # the reference's face is not ours in disguise
    assert collections.Counter(our_gaps).most_common(1)[0][0] in (28.9, 29.0)  # the 22-line grid
    assert collections.Counter(their_gaps).most_common(1)[0][0] == 30.0  # the reference's exact 30 pt
    assert our_colours == {(0.0, 0.0, 0.0)}
    assert (0.75, 0.0, 0.0) in their_colours
