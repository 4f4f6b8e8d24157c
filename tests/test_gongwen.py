"""版头 (GB/T 9704 7.2) and 版记 (7.4): the model's checks, the nodes, and where the PDF and the .docx put them."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest

import annualreport as ar
from annualreport import document as doc
from annualreport.errors import InputError
from annualreport.messages import using_language

from .conftest import libreoffice_pdf_with_blank_pages

REPO = Path(__file__).resolve().parents[1]
GONGWEN = REPO / "tests" / "fixtures" / "gongwen"
PT_MM = 25.4 / 72
TOP_MM, LEFT_MM, BLOCK_W_MM, BLOCK_BOTTOM_MM = 37, 28, 156, 297 - 35


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "report.yaml").write_text(text, encoding="utf-8")
    return tmp_path


BASE = "title: 报告\nyear: 2018\ndate: 2019-01-15\ncontent: [正文。]\n"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("奈大政发[2019]3号", "tortoise-shell"),
        ("奈大政发（2019）3号", "tortoise-shell"),
        ("奈大政发〔2019〕03号", "leading zeros"),
        ("奈大政发〔2019〕第3号", "第"),
        ("奈大政发〔2019〕3", "end with 号"),
        ("奈大政发〔19〕3号", "four digits"),
    ],
)
def test_document_number_in_the_wrong_form_is_one_located_message(tmp_path, number, reason):
    folder = write(tmp_path, BASE + f"header:\n  organs: 某某镇人民政府\n  document_number: {number}\n")
    with using_language("en"), pytest.raises(InputError) as caught:
        ar.load(folder)
    problems = caught.value.problems
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.line, problem.column) == (7, 3)  # at the key, as every field problem
    assert problem.field.endswith("header.document_number")
    assert reason in problem.message


def test_document_number_without_year_needs_a_date(tmp_path):
    folder = write(tmp_path, "title: 报告\nyear: 2018\nheader:\n  document_number: 奈大政发3号\n")
    with using_language("en"), pytest.raises(InputError) as caught:
        ar.load(folder)
    assert len(caught.value.problems) == 1
    assert "no date" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("imprint", "where"),
    [("  printed_by: \"  \"\n", (6, 3)), ("  printed_by: 办公室\n  copy_to: [旗委, \"\"]\n", (7, 3))],
)
def test_imprint_with_an_empty_organ_is_one_located_message(tmp_path, imprint, where):
    folder = write(tmp_path, BASE + "imprint:\n" + imprint)
    with using_language("en"), pytest.raises(InputError) as caught:
        ar.load(folder)
    problems = caught.value.problems
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column)[0] == where[0]
    assert "must not be empty" in problems[0].message


def test_render_writes_nothing_on_bad_input(tmp_path):
    folder = write(tmp_path / "r" if (tmp_path / "r").mkdir() is None else tmp_path, BASE + "header:\n  document_number: 奈大政发〔2019〕03号\n")
    out = tmp_path / "out"
    result = subprocess.run([shutil.which("annualreport") or str(REPO / ".venv/bin/annualreport"), "render", str(folder),
                             "-o", str(out), "--lang", "en"], capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "report.yaml:6:3:" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_build_makes_letterhead_first_and_imprint_last():
    document = ar.build(GONGWEN)
    head, last = document.nodes[0], document.nodes[-1]
    assert isinstance(head, doc.Letterhead) and isinstance(last, doc.Imprint)
    assert head.document_number == "奈大政发〔2019〕3号"  # the year from the date
    assert head.organs == ("大沁他拉镇人民政府",) and head.suffix == "文件" and head.signers == ("张三", "李四")
    assert last.copy_to.endswith("镇直各单位。") and "，旗人大办公室，" in last.copy_to
    assert last.printed_on == "2019年1月20日印发"
    pretty = document.pretty()
    assert pretty.startswith("Letterhead copy_number='000001'") and "Imprint copy_to_label='抄送：'" in pretty
    roles = {t.role for t in document.texts()}
    assert {"copy_number", "classification", "urgency", "organ_mark", "document_number", "signer", "signer_name", "imprint"} <= roles


@pytest.fixture(scope="module")
def pdf() -> pdfplumber.PDF:
    data = ar.render_pdf(ar.load(GONGWEN))
    return pdfplumber.open(io.BytesIO(data))


def mm(value: float) -> float:
    return value * PT_MM


def find(page, text: str):
    words = page.extract_words(keep_blank_chars=True)
    return next(w for w in words if text in w["text"])


def test_pdf_letterhead_positions(pdf):
    page = pdf.pages[0]
    red = [c for c in page.chars if c["non_stroking_color"] and tuple(round(v, 2) for v in c["non_stroking_color"]) == (1, 0, 0)]
    assert "".join(c["text"] for c in red) == "大沁他拉镇人民政府文件"
    top = min(c["top"] for c in red)
    assert abs(mm(top) - (TOP_MM + 35)) < 1.0  # the mark's top edge 35 mm below the block's top
    left, right = min(c["x0"] for c in red), max(c["x1"] for c in red)
    assert mm(left) >= LEFT_MM - 0.1 and mm(right) <= LEFT_MM + BLOCK_W_MM + 0.1
    assert abs((left + right) / 2 - page.width / 2 + mm(1) / PT_MM) < 3 / PT_MM  # centred on the block
    copy = find(page, "000001")
    assert abs(mm(copy["x0"]) - LEFT_MM) < 0.5 and mm(copy["top"]) < TOP_MM + 10
    lines = [ln for ln in page.lines if ln["stroking_color"] and tuple(round(v, 2) for v in ln["stroking_color"]) == (1, 0, 0)]
    assert len(lines) == 1
    rule = lines[0]
    assert abs(mm(rule["x1"] - rule["x0"]) - BLOCK_W_MM) < 0.5 and abs(mm(rule["x0"]) - LEFT_MM) < 0.5
    number = find(page, "奈大政发")
    assert abs(mm(rule["top"]) - mm(number["bottom"]) - 4) < 1.0  # 4 mm below the 发文字号
    assert abs(mm(number["x0"]) - (LEFT_MM + 156 / 28)) < 0.5  # 上行文: one character in from the left
    signer = find(page, "李四")
    assert abs(mm(signer["x1"]) - (LEFT_MM + BLOCK_W_MM - 156 / 28)) < 0.7  # one character in from the right
    assert abs(signer["top"] - number["top"]) < 1  # on the same line
    blank = mm(number["top"] - red[0]["bottom"])
    assert 2 * 10.2 <= blank <= 3 * 10.2  # two blank lines below the mark


def test_pdf_imprint_at_the_foot_of_an_even_page(pdf):
    last = pdf.pages[-1]
    assert len(pdf.pages) % 2 == 0
    text = last.extract_text()
    assert "抄送：旗委办公室" in text and "2019年1月20日印发" in text
    rules = sorted(last.lines, key=lambda ln: ln["top"])
    assert len(rules) == 3
    widths = [round(ln["linewidth"] * PT_MM, 2) for ln in rules]
    assert widths == [0.35, 0.25, 0.35]
    assert abs(mm(rules[-1]["top"]) - BLOCK_BOTTOM_MM) < 0.3  # the last line on the block's bottom edge
    for ln in rules:
        assert abs(mm(ln["x1"] - ln["x0"]) - BLOCK_W_MM) < 0.3
    organ = find(last, "大沁他拉镇人民政府办公室")
    date = find(last, "印发")
    assert abs(mm(organ["x0"]) - (LEFT_MM + 156 / 28)) < 0.5
    assert abs(mm(date["x1"]) - (LEFT_MM + BLOCK_W_MM - 156 / 28)) < 0.5
    assert organ["top"] > rules[1]["top"] and organ["bottom"] < rules[2]["top"]


def _pdf_of(tmp_path: Path, paragraphs: int, body: str = "全镇上下认真贯彻落实上级各项决策部署，统筹推进各项工作，经济社会保持平稳健康发展。" * 3) -> pdfplumber.PDF:
    text = "title: 报告\nyear: 2018\nimprint:\n  printed_by: 镇政府办公室\n  printed_on: 2019-01-20\ncontent:\n"
    text += "".join(f"  - {body}\n" for _ in range(paragraphs))
    (tmp_path / "report.yaml").write_text(text, encoding="utf-8")
    return pdfplumber.open(io.BytesIO(ar.render_pdf(ar.load(tmp_path))))


def numbers(page) -> str:
    return "".join(c["text"] for c in page.chars if c["top"] > (BLOCK_BOTTOM_MM + 3) / PT_MM)


def test_text_ending_on_an_odd_page_puts_the_imprint_alone_on_the_next_page_without_a_number(tmp_path):
    pdf = _pdf_of(tmp_path, 3)  # one page of text
    assert len(pdf.pages) == 2
    assert "1" in numbers(pdf.pages[0])
    assert numbers(pdf.pages[1]) == ""  # the 版记 page, blank apart from the 版记
    assert "镇政府办公室" in pdf.pages[1].extract_text()


def test_text_filling_an_even_page_gets_a_blank_page_before_the_imprint(tmp_path):
    """Texts of growing length until one ends on page 2 with no room for the 版记: page 3 is blank, page 4 holds
    the 版记, neither numbered."""
    for paragraphs in range(34, 46):  # one-line paragraphs: the text's end moves a line at a time
        pdf = _pdf_of(tmp_path, paragraphs, "全镇上下认真贯彻落实上级各项决策部署。")
        texts = [p.extract_text() or "" for p in pdf.pages]
        if len(pdf.pages) == 4 and "全镇" in texts[1] and "全镇" not in texts[2]:
            break
    else:
        pytest.fail("no length ended the text on page 2 without room for the 版记")
    assert "镇政府办公室" not in texts[1]
    assert texts[2].strip() == "" and numbers(pdf.pages[2]) == ""  # the blank page: no number
    assert numbers(pdf.pages[3]) == "" and "镇政府办公室" in texts[3]


def _imprint_table(word) -> docx.table.Table:
    """The 版记 lines, checked alike wherever they stand: a one-column table floating at the foot of the text block
    (LibreOffice too: test_docx_imprint_at_the_foot_in_libreoffice), its rules the cells' borders."""
    [table] = word.tables
    place = table._tbl.tblPr.xpath("./w:tblpPr")[0]
    w = docx.oxml.ns.qn
    assert (place.get(w("w:vertAnchor")), place.get(w("w:tblpYSpec")), place.get(w("w:horzAnchor"))) == ("margin", "bottom", "page")
    assert abs(int(place.get(w("w:tblpX"))) / 20 * PT_MM - LEFT_MM) < 0.05 and table._tbl.tblPr.xpath("./w:tblW/@w:w") == [str(round(BLOCK_W_MM / PT_MM * 20))]
    assert [row.cells[0].text for row in table.rows][-1].endswith("2019年1月20日印发")
    sizes = [(b.tag.split("}")[1], b.get(w("w:sz"))) for b in table._tbl.xpath(".//w:tcBorders/*[self::w:top or self::w:bottom]")]
    want = [("top", "8"), ("bottom", "6"), ("top", "6"), ("bottom", "8")]  # eighths of a point: 0.35, 0.25, 0.35 mm
    assert sizes == (want if len(table.rows) == 2 else [want[0], want[-1]])  # without 抄送: the thick lines
    assert _tiny(word.paragraphs[-1])  # the paragraph the table floats from
    return table


def _tiny(paragraph) -> bool:
    """A 1 pt exact-height empty paragraph (what the 版记 table floats from)."""
    fmt = paragraph.paragraph_format
    return paragraph.text == "" and fmt.line_spacing == docx.shared.Pt(1) and fmt.line_spacing_rule == 4


def test_docx_letterhead_and_imprint_on_the_texts_last_page():
    """The fixture's text ends on an even page with room at its foot, where the PDF puts the 版记 (the page keeps
    its number): the .docx floats the 版记 lines after the text, in the text's own section, no section break."""
    pages = ar.pages(ar.load(GONGWEN)).pages
    assert len(pages) % 2 == 0 and pages[-1].label == f"— {len(pages)} —" and "印发" in pages[-1].text()
    word = docx.Document(io.BytesIO(ar.render_docx(ar.load(GONGWEN))))
    xml = word.element.body.xml
    assert 'w:color w:val="FF0000"' in xml and "大沁他拉镇人民政府文件" in xml
    assert '<w:bottom w:val="single" w:sz="11"' in xml and 'w:color="FF0000"' in xml  # the red line
    assert len(word.sections) == 1 and word.sections[0]._sectPr.xpath("./w:type") == []
    table = _imprint_table(word)
    before = table._tbl.getprevious()
    assert before.tag == docx.oxml.ns.qn("w:p") and "2019年1月15日" in "".join(before.itertext())  # the date, then the 版记


def test_docx_imprint_on_a_page_of_its_own(tmp_path):
    """A one-page text: the PDF puts the 版记 alone on page 2, unnumbered; the .docx gives it a section of its own
    that starts on an even page, aligned to the bottom, its footers empty and as tall as the margin's room
    (LibreOffice shrinks them otherwise), a 1 pt paragraph before the table (LibreOffice drops the break
    otherwise)."""
    text = BASE.replace("date: 2019-01-15\n", "") + "imprint:\n  printed_by: 镇政府办公室\n  printed_on: 2019-01-20\n"
    folder = write(tmp_path, text)
    pages = ar.pages(ar.load(folder)).pages
    assert [p.label for p in pages] == ["— 1 —", None]
    word = docx.Document(io.BytesIO(ar.render_docx(ar.load(folder))))
    first, last = word.sections
    assert last._sectPr.xpath("./w:type/@w:val") == ["evenPage"]
    assert last._sectPr.xpath("./w:vAlign/@w:val") == ["bottom"]
    room = (last.bottom_margin - last.footer_distance) / 635  # twips
    for footer in (last.footer, last.even_page_footer, last.first_page_footer):
        assert not footer.is_linked_to_previous
        [paragraph] = footer.paragraphs
        assert paragraph.text == "" and paragraph.paragraph_format.line_spacing_rule == 4  # no number, exact height
        assert room - 20 < paragraph.paragraph_format.line_spacing.twips <= room
    table = _imprint_table(word)
    lead = docx.text.paragraph.Paragraph(table._tbl.getprevious(), None)
    assert _tiny(lead)
    assert lead._p.getprevious().xpath("./w:pPr/w:sectPr")  # the text's last paragraph ends the first section


def test_docx_of_a_document_not_laid_out_gives_the_imprint_a_section_of_its_own():
    """The Word room alone cannot know where the PDF's pages end: an ``Imprint`` not placed (``own_page`` None)
    gets the section that is right in Word wherever the text ends; ``ar.render_docx`` places it first."""
    from annualreport.render.docx import render_docx

    document = ar.build(GONGWEN)
    assert document.nodes[-1].own_page is None
    word = docx.Document(io.BytesIO(render_docx(document)))
    assert len(word.sections) == 2 and word.sections[-1]._sectPr.xpath("./w:type/@w:val") == ["evenPage"]
    placed = docx.Document(io.BytesIO(ar.render_docx(document)))
    assert len(placed.sections) == 1


def _libreoffice_pages(tmp_path: Path, soffice: str, folder: Path) -> list:
    """The .docx of ``folder`` as LibreOffice lays it out, with the blank pages it inserts for an even-page start:
    each page's text and long rules (mm)."""
    source = tmp_path / "r.docx"
    ar.render_docx(ar.load(folder), source)
    with pdfplumber.open(libreoffice_pdf_with_blank_pages(soffice, source, tmp_path)) as lo:
        return [((p.extract_text() or "").strip(), sorted(mm(ln["top"]) for ln in p.lines if mm(ln["x1"] - ln["x0"]) > 100))
                for p in lo.pages]  # fmt: skip


def _imprint_text(tmp_path: Path, paragraphs: int) -> Path:
    text = "title: 报告\nyear: 2018\nimprint:\n  printed_by: 镇政府办公室\n  printed_on: 2019-01-20\ncontent:\n"
    text += "".join("  - 全镇上下认真贯彻落实上级各项决策部署。\n" for _ in range(paragraphs))
    folder = tmp_path / "report"
    folder.mkdir(exist_ok=True)
    (folder / "report.yaml").write_text(text, encoding="utf-8")
    return folder


def test_libreoffice_puts_a_one_page_texts_imprint_on_page_two(tmp_path: Path, soffice: str):
    """The text ends on page 1: LibreOffice, as the PDF, has the 版记 alone on page 2, without a number, its last
    rule on the block's bottom edge within 1 mm (it had been on page 1, or 6.8 mm low)."""
    folder = _imprint_text(tmp_path, 3)
    assert [p.label for p in ar.pages(ar.load(folder)).pages] == ["— 1 —", None]
    pages = _libreoffice_pages(tmp_path, soffice, folder)
    assert len(pages) == 2
    (first, first_rules), (second, rules) = pages
    assert "全镇" in first and "印发" not in first and first.endswith("— 1 —")
    assert "印发" in second and "全镇" not in second and "—" not in second  # no page number
    assert len(rules) == 2 and abs(rules[-1] - BLOCK_BOTTOM_MM) < 1.0


def test_libreoffice_leaves_a_blank_page_when_the_text_fills_an_even_page(tmp_path: Path, soffice: str):
    """The text ends on page 2 with no room at its foot: as in the PDF, page 3 is blank and page 4 holds the 版记,
    neither numbered."""
    for paragraphs in range(34, 46):  # one-line paragraphs: the text's end moves a line at a time
        folder = _imprint_text(tmp_path, paragraphs)
        laid_out = ar.pages(ar.load(folder)).pages
        if [p.label for p in laid_out] == ["— 1 —", "— 2 —", None, None] and "全镇" in laid_out[1].text():
            break
    else:
        pytest.fail("no length ended the text on page 2 without room for the 版记")
    pages = _libreoffice_pages(tmp_path, soffice, folder)
    assert [("全镇" in t, "印发" in t) for t, _ in pages] == [(True, False), (True, False), (False, False), (False, True)]
    assert pages[2][0] == "" and "—" not in pages[3][0]
    assert abs(pages[3][1][-1] - BLOCK_BOTTOM_MM) < 1.0


def test_the_cli_and_service_route_places_the_imprint_too():
    """``batch.render_formats`` (the CLI, the service, batches) places the 版记 as ``ar.render_docx`` does, with
    the PDF or without it, and lays the pages out only for a report with a 版记."""
    from annualreport.batch import render_formats

    for formats in (("docx",), ("docx", "pdf")):
        [docx_bytes] = [data for kind, data in render_formats(ar.load(GONGWEN), formats).outputs if kind == "docx"]
        assert len(docx.Document(io.BytesIO(docx_bytes)).sections) == 1  # the text's last page, as the PDF
    plain = ar.build(REPO / "examples" / "2018")
    from annualreport.batch import imprint_placed

    assert imprint_placed(plain) is plain


def test_one_layout_serves_every_format_with_the_same_bytes(monkeypatch):
    """``render_formats`` lays a 公文's pages out once for the PDF, the OFD and the .docx's 版记, and each file is
    byte for byte what the format's own render gives."""
    from annualreport import batch
    from annualreport.render import pdf as pdf_room
    from annualreport.render.pdf import renderer

    calls = []
    real, real_layout = pdf_room.layout_pages, renderer.layout
    monkeypatch.setattr(pdf_room, "layout_pages", lambda *a, **k: calls.append("pages") or real(*a, **k))
    monkeypatch.setattr(renderer, "layout", lambda *a, **k: calls.append("layout") or real_layout(*a, **k))
    rendered = dict(batch.render_formats(ar.load(GONGWEN), ("docx", "pdf", "ofd")).outputs)
    assert calls == ["pages", "layout"]  # layout_pages, which calls layout: once
    monkeypatch.undo()
    report = ar.load(GONGWEN)
    assert rendered["pdf"] == ar.render_pdf(report)
    assert rendered["ofd"] == ar.render_ofd(report)
    assert rendered["docx"] == ar.render_docx(ar.measured(ar.build(report)))


@pytest.mark.usefixtures("no_system_fonts")  # as on a machine without any Chinese font: a Word-only office
def test_a_gongwen_docx_needs_no_chinese_font_and_says_nothing_of_fonts(monkeypatch):
    """Placing the 版记 lays the pages out with whatever fonts there are (ReportLab's built-in CID face when no
    Chinese font is installed): the .docx is made, the 版记 on the same page, and no font warning is said for a
    file that embeds no font."""
    import warnings

    from annualreport.render.pdf.fonts import embed as pdf_fonts

    monkeypatch.setattr(pdf_fonts, "_warned_no_font", False)
    with pytest.warns(pdf_fonts.NoChineseFontWarning):  # no Chinese font indeed: the PDF says so
        ar.render_pdf(ar.load(GONGWEN))
    monkeypatch.setattr(pdf_fonts, "_warned_no_font", False)  # said once a process: said again if it were
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = ar.render_docx(ar.load(GONGWEN))
    word = docx.Document(io.BytesIO(data))
    assert len(word.sections) == 1 and "2019年1月20日印发" in word.tables[-1].rows[-1].cells[0].text
