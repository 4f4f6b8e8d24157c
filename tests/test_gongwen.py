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


def test_docx_letterhead_and_imprint_xml():
    data = ar.render_docx(ar.load(GONGWEN)) if hasattr(ar, "render_docx") else None
    word = docx.Document(io.BytesIO(data))
    xml = word.element.body.xml
    assert 'w:color w:val="FF0000"' in xml and "大沁他拉镇人民政府文件" in xml
    assert '<w:bottom w:val="single" w:sz="11"' in xml and 'w:color="FF0000"' in xml  # the red line
    last = word.sections[-1]
    assert last._sectPr.xpath("./w:type/@w:val") == ["evenPage"]
    assert last._sectPr.xpath("./w:vAlign/@w:val") == ["bottom"]
    assert not last.footer.is_linked_to_previous and not last.footer.paragraphs[0].text  # no page number
    [table] = word.tables  # the 版记 lines float at the foot of the text block (LibreOffice too: test_docx_imprint_at_the_foot_in_libreoffice)
    place = table._tbl.tblPr.xpath("./w:tblpPr")[0]
    w = docx.oxml.ns.qn
    assert (place.get(w("w:vertAnchor")), place.get(w("w:tblpYSpec")), place.get(w("w:horzAnchor"))) == ("margin", "bottom", "page")
    assert abs(int(place.get(w("w:tblpX"))) / 20 * PT_MM - LEFT_MM) < 0.05 and table._tbl.tblPr.xpath("./w:tblW/@w:w") == [str(round(BLOCK_W_MM / PT_MM * 20))]
    assert [row.cells[0].text for row in table.rows][-1].endswith("2019年1月20日印发")
    sizes = [(b.tag.split("}")[1], b.get(w("w:sz"))) for b in table._tbl.xpath(".//w:tcBorders/*[self::w:top or self::w:bottom]")]
    assert sizes == [("top", "8"), ("bottom", "6"), ("top", "6"), ("bottom", "8")]  # eighths of a point: 0.35, 0.25, 0.35 mm
    assert word.paragraphs[-1].text == ""  # the paragraph the table floats from
