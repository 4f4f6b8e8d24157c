"""examples/2018-gongwen: the 2018 report issued as a 公文 (版头, 上行文 签发人, unsealed signature, 版记). Its text
is still the seed's; it validates; it renders in both formats with the letterhead first and the 版记 last."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest

import annualreport as ar
from annualreport import document as doc
from annualreport.cli import EXIT_OK, main

from .conftest import EXAMPLE_2018, REPO, squash

EXAMPLE = REPO / "examples" / "2018-gongwen"
PT_MM = 25.4 / 72
LEFT_MM, BLOCK_W_MM, BLOCK_BOTTOM_MM = 28, 156, 297 - 35
CHAR_MM = BLOCK_W_MM / 28


@pytest.fixture(scope="module")
def document() -> doc.Document:
    return ar.build(EXAMPLE)


def test_text_is_the_seeds(document: doc.Document, seed_text: str):
    """Every character of the seed in order; around it only the letterhead, the recipient, the table, the
    chart, the signature and the 版记 are added."""
    added = (doc.Letterhead, doc.Table, doc.Chart, doc.Signature, doc.Imprint)
    text = "".join(
        line
        for node in document.nodes
        if not isinstance(node, added) and getattr(node, "role", None) != "recipient"
        for line in doc.node_text(node)
    )
    assert squash(text) == squash(seed_text)


def test_body_is_example_2018s(document: doc.Document):
    """The same nodes as examples/2018 between the recipient and the 版记: nothing of the body was changed."""
    plain = ar.build(EXAMPLE_2018).nodes
    nodes = document.nodes
    start = next(i for i, n in enumerate(nodes) if getattr(n, "role", None) == "recipient")
    # examples/2018 has no date: its signature differs only by it
    body = [n for n in nodes[start + 1 : -1] if not isinstance(n, doc.Signature)]
    assert body == [n for n in plain if not isinstance(n, (doc.Title, doc.Signature))][: len(body)]
    assert len(body) == len([n for n in plain if not isinstance(n, (doc.Title, doc.Signature))])
    assert [n for n in nodes if isinstance(n, doc.Title)] == [n for n in plain if isinstance(n, doc.Title)]


def test_gongwen_elements(document: doc.Document):
    head, last = document.nodes[0], document.nodes[-1]
    assert isinstance(head, doc.Letterhead) and isinstance(last, doc.Imprint)
    assert head.organs == ("大沁他拉镇人民政府",) and head.suffix == "文件"
    assert head.document_number == "奈大政发〔2019〕3号" and len(head.signers) == 1
    recipient = next(n for n in document.nodes if getattr(n, "role", None) == "recipient")
    assert recipient.text == "奈曼旗人民政府："
    [signature] = [n for n in document.nodes if isinstance(n, doc.Signature)]
    assert signature.issuer == "大沁他拉镇人民政府" and signature.date == "2019年1月15日" and signature.seal is None
    assert last.copy_to.startswith("旗委办公室") and last.copy_to.endswith("。")
    assert last.printed_on == "2019年1月15日印发"  # the 印发日期 defaults to the date


def test_validate_and_render_both_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["validate", str(EXAMPLE)]) == EXIT_OK
    assert capsys.readouterr().out == f"{EXAMPLE}: valid\n"
    out = tmp_path / "out"
    assert main(["render", str(EXAMPLE), "--pdf", "--docx", "-o", str(out)]) == EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == ["2018-gongwen.docx", "2018-gongwen.pdf"]

    with pdfplumber.open(out / "2018-gongwen.pdf") as pdf:
        check_pdf(pdf)

    word = docx.Document(io.BytesIO((out / "2018-gongwen.docx").read_bytes()))
    text = "".join(word.element.body.itertext())  # the 版记 lines are in a floating table
    for part in ("大沁他拉镇人民政府文件", "奈大政发〔2019〕3号", "奈曼旗人民政府：", "大沁他拉镇党政综合办公室", "2019年1月15日印发"):
        assert part in text, part
    assert text.index("大沁他拉镇人民政府文件") < text.index("2018年度工作总结") < text.index("大沁他拉镇党政综合办公室")


def check_pdf(pdf: pdfplumber.PDF) -> None:
    assert len(pdf.pages) % 2 == 0  # the 版记 page is even
    first, last = pdf.pages[0], pdf.pages[-1]
    red = "".join(c["text"] for c in first.chars if tuple(round(v, 2) for v in c["non_stroking_color"] or ()) == (1, 0, 0))
    assert red == "大沁他拉镇人民政府文件"
    first_text = first.extract_text()
    assert "奈大政发〔2019〕3号" in first_text and "签发人：" in first_text and "奈曼旗人民政府：" in first_text
    rules = sorted(last.lines, key=lambda ln: ln["top"])
    assert len(rules) == 3 and abs(rules[-1]["top"] * PT_MM - BLOCK_BOTTOM_MM) < 0.3  # the 版记 at the foot
    words = last.extract_words(keep_blank_chars=True)
    organ = next(w for w in words if "大沁他拉镇党政综合办公室" in w["text"])
    date = next(w for w in words if w["text"].endswith("印发"))
    assert abs(organ["x0"] * PT_MM - (LEFT_MM + CHAR_MM)) < 0.5
    assert abs(date["x1"] * PT_MM - (LEFT_MM + BLOCK_W_MM - CHAR_MM)) < 0.5
    assert "2019年1月15日" in date["text"] and "抄送：旗委办公室" in last.extract_text()
    # the text block only: a page number would interrupt a paragraph that runs over a page
    body = squash("".join(p.within_bbox((0, 0, p.width, 264 / PT_MM)).extract_text() or "" for p in pdf.pages))
    assert "全面加强食品药品市场安全防范管控" in body and body.index("2018年度工作总结") < body.index("奈曼旗人民政府：")


def test_docx_imprint_at_the_foot_in_libreoffice(tmp_path: Path, soffice: str):
    """LibreOffice puts the 版记's floating table at the foot of the text block: its last rule on the block's bottom
    edge (262 mm from the page top) within 1 mm, the rules the block's width, the lines one character in. (The
    example's text ends on page 8 with room: the 版记 floats after it, no section of its own.)"""
    source = tmp_path / "2018-gongwen.docx"
    ar.render_docx(ar.build(EXAMPLE), source)
    command = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
               "--outdir", str(tmp_path), str(source)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert (tmp_path / "2018-gongwen.pdf").is_file(), result.stdout + result.stderr
    with pdfplumber.open(tmp_path / "2018-gongwen.pdf") as pdf:
        [last] = [p for p in pdf.pages if "印发" in (p.extract_text() or "")]
        rules = sorted((ln for ln in last.lines if ln["top"] * PT_MM > 200), key=lambda ln: ln["top"])
        assert len(rules) == 3
        assert abs(rules[-1]["top"] * PT_MM - BLOCK_BOTTOM_MM) < 1.0
        widths = [ln["linewidth"] * PT_MM for ln in rules]  # Word's borders are in eighths of a point: 0.26 for 0.25
        assert all(abs(got - want) < 0.02 for got, want in zip(widths, [0.35, 0.25, 0.35]))
        for ln in rules:
            assert abs(ln["x0"] * PT_MM - LEFT_MM) < 0.5 and abs((ln["x1"] - ln["x0"]) * PT_MM - BLOCK_W_MM) < 0.5
        words = last.extract_words(keep_blank_chars=True)
        organ = next(w for w in words if "大沁他拉镇党政综合办公室" in w["text"])
        assert abs(organ["x0"] * PT_MM - (LEFT_MM + CHAR_MM)) < 0.5
        assert rules[1]["top"] < organ["top"] and organ["bottom"] < rules[2]["top"]


def test_docx_letterhead_in_libreoffice_where_the_pdf_has_it(tmp_path: Path, soffice: str):
    """The 版头 of the .docx as LibreOffice sets it, against our PDF, by baselines (the faces differ, their boxes
    too): the organ mark within 1 mm; the 发文字号 line — on the document grid as body lines are — and the red
    line under it within 0.6 mm (in an exact-height line the number had come out 1.04 mm low)."""
    from .conftest import libreoffice_pdf_with_blank_pages

    source = tmp_path / "2018-gongwen.docx"
    ar.render_docx(ar.build(EXAMPLE), source)

    def first_page(pdf: pdfplumber.PDF) -> tuple[float, float, float]:
        page = pdf.pages[0]
        red = [c for c in page.chars if c["non_stroking_color"] and tuple(round(v, 2) for v in c["non_stroking_color"]) == (1, 0, 0)]
        number = next(c for c in page.chars if c["text"] == "奈")
        rule = next(ln for ln in page.lines + page.rects if (ln["x1"] - ln["x0"]) * PT_MM > 100)
        baseline = lambda c: (page.height - c["matrix"][5]) * PT_MM  # noqa: E731
        return baseline(red[0]), baseline(number), rule["top"] * PT_MM

    with pdfplumber.open(io.BytesIO(ar.render_pdf(ar.build(EXAMPLE)))) as ours:
        mark, number, rule = first_page(ours)
    with pdfplumber.open(libreoffice_pdf_with_blank_pages(soffice, source, tmp_path)) as theirs:
        lo_mark, lo_number, lo_rule = first_page(theirs)
    assert abs(lo_mark - mark) < 1.0
    assert abs(lo_number - number) < 0.6 and abs(lo_rule - rule) < 0.6
    assert abs((lo_rule - lo_number) - (rule - number)) < 0.3  # the red line as far under the number
