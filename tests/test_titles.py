"""Titles, subtitles, captions, attachment titles and issuers: one breaker, words whole, balanced, real widths,
the same lines in the PDF and the .docx (issue 9, point 2)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

import annualreport as ar
from annualreport import document as doc
from annualreport.document import segment as seg

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "titles"
ATTACHMENT = "关于印发全县2018年度重点项目建设工作实施方案和考核办法的通知"


def em(width: float):
    """Advances of a face whose full-width characters are 1 em and everything else ``width`` em, at 22 pt."""
    return lambda text: [22.0 if not ch.isascii() else 22.0 * width for ch in text]


def test_segmenter_keeps_words_and_official_phrases_whole():
    assert seg.segment("关于印发全县2018年度重点项目建设工作方案的通知") == [
        "关于", "印发", "全县", "2018", "年度", "重点项目", "建设", "工作", "方案", "的", "通知"]  # fmt: skip
    assert "发展和改革委员会" in seg.segment("某某县发展和改革委员会")
    assert "".join(seg.segment("表1　A-1号……——2018年")) == "表1　A-1号……——2018年"
    assert "……" in seg.segment("甲……乙") and "——" in seg.segment("——甲")


def test_segmentation_does_not_depend_on_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    text = "某某县人民政府关于2018年度法治政府建设工作情况的报告"
    before = seg.segment(text)
    monkeypatch.setenv("ANNUALREPORT_CACHE_DIR", str(tmp_path / "empty"))
    seg._reset_for_tests()
    try:
        assert seg.segment(text) == before  # index built anew from jieba's dict.txt
        assert list((tmp_path / "empty" / "words").glob("jieba-*.idx"))
        seg._reset_for_tests()
        assert seg.segment(text) == before  # read back from the cache
    finally:
        seg._reset_for_tests()


def test_attachment_title_no_longer_splits_a_word():
    # The old break counted digits as half a character: "……2018年度重 / 点项目……".
    lines = doc.break_lines(ATTACHMENT, 442.0, em(0.6)(ATTACHMENT))
    assert lines == ("关于印发全县2018年度重点项目", "建设工作实施方案和考核办法的通知")
    for line in lines[:-1]:
        assert not line.endswith(("重", "点", "项")), lines


def test_real_digit_widths_decide_the_break():
    title = "某某县2018年1月至2018年12月重点工作完成情况"  # 18 full-width + 12 digits
    narrow = doc.break_lines(title, 442.0, em(0.5)(title))  # 18 + 6 = 24 em > 20.1
    wide = doc.break_lines(title, 442.0, em(0.6)(title))
    assert len(narrow) == len(wide) == 2
    fits = "某某县2018年12月重点工作完成情况"  # 13 + 6×0.5 = 16 em: one line at half-width digits
    assert doc.break_lines(fits, 18.5 * 22, em(0.5)(fits)) == (fits,)
    assert len(doc.break_lines(fits, 18.5 * 22, em(1.0)(fits))) == 2  # the same text in a face of wide digits


def test_lines_are_balanced_over_the_fewest_lines():
    title = "大沁他拉镇人民政府关于2018年度工作情况的总结报告和2019年度工作安排的请示"
    advances = em(0.6)(title)
    lines = doc.break_lines(title, 442.0, advances)
    total = sum(advances)
    assert len(lines) == -(-total // 442.0)  # fewest lines
    widths = [sum(em(0.6)(line)) for line in lines]
    assert max(widths) <= 442.0 and max(widths) - min(widths) <= 4 * 22  # no stub line
    assert "".join(lines) == title


def test_line_rules_hold_at_every_cut():
    text = "关于（2018）年度“重点项目”建设工作的通知，以及2019年度工作安排。附件……说明——目录"
    for width in (5 * 16.0, 8 * 16.0, 12 * 16.0):
        lines = doc.break_lines(text, width, [16.0 if not c.isascii() else 8.0 for c in text])
        assert "".join(lines) == text
        for a, b in zip(lines, lines[1:]):
            assert b[0] not in doc.titles.NO_LINE_START and a[-1] not in doc.titles.NO_LINE_END, lines
            assert not (a[-1] == b[0] and a[-1] in "…—"), lines


def test_build_breaks_subtitles_captions_attachment_titles_and_issuers():
    built = ar.build(FIXTURE)
    by_role = {node.role: node.lines for node in built.nodes if isinstance(node, doc.Title)}
    assert by_role["attachment_title"] == ("关于印发全县2018年度重点项目", "建设工作实施方案和考核办法的通知")
    assert len(by_role["subtitle"]) == 2 and len(by_role["title"]) == 2
    table = next(node for node in built.nodes if isinstance(node, doc.Table))
    assert len(table.caption_lines) == 2 and "".join(table.caption_lines) == table.caption
    signature = next(node for node in built.nodes if isinstance(node, doc.Signature))
    assert len(signature.issuer_lines) == 2
    assert all("发展和改革委员会" in line or "发展" not in line for line in signature.issuer_lines)


def _pdf_lines(data: bytes) -> list[str]:
    import pdfplumber
    lines: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            lines += [re.sub(r"\s+", "", line) for line in page.extract_text().splitlines()]
    return lines


def _docx_paragraph_lines(data: bytes) -> list[list[str]]:
    """Each paragraph's lines as its w:br elements separate them."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    found = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        pieces = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|(<w:br/>)", paragraph)
        text = "".join(t if t else "\n" for t, br in pieces).replace("\u2060", "")  # word joiners draw nothing
        if text:
            found.append(text.split("\n"))
    return found


def test_pdf_and_docx_show_the_same_lines():
    built = ar.measured(ar.build(FIXTURE))
    pdf = _pdf_lines(ar.render_pdf(built) or b"")
    paragraphs = _docx_paragraph_lines(ar.render_docx(built) or b"")
    expected = [node.lines for node in built.nodes if isinstance(node, doc.Title)]
    expected += [node.caption_lines for node in built.nodes if isinstance(node, doc.Table)]
    expected += [node.issuer_lines for node in built.nodes if isinstance(node, doc.Signature)]
    for lines in expected:
        assert len(lines) == 2
        assert list(lines) in paragraphs, lines  # one .docx paragraph, broken exactly there
        squashed = [re.sub(r"\s+", "", line) for line in lines]
        start = pdf.index(squashed[0])  # the PDF draws the same lines, one after the other
        assert pdf[start : start + len(lines)] == squashed


def test_measured_widths_are_the_pdf_fonts():
    built = ar.build(FIXTURE)
    measured = ar.measured(built)
    from annualreport.render.pdf.fonts.embed import load_fonts
    from annualreport.render.pdf.renderer import font_advances
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts = load_fonts(measured)
    advances = font_advances(measured.style, fonts)
    (run,) = fonts.runs("2", measured.style.role("title").font, 22.0)
    assert advances("title", "2") == [pytest.approx(stringWidth("2", run.font, 22.0))]
    assert advances("caption", "表")[0] == pytest.approx(measured.style.page.char_cell_pt, abs=0.5)  # tracked to the cell
    for node in measured.nodes:  # every line fits the block by the fonts' own widths
        if isinstance(node, doc.Title):
            assert all(sum(advances(node.role, line)) <= measured.style.page.block_width_pt for line in node.lines)


def test_fallback_widths_are_at_least_the_measured_ones():
    built = ar.measured(ar.build(FIXTURE))
    from annualreport.render.pdf.fonts.embed import load_fonts
    from annualreport.render.pdf.renderer import font_advances

    real = font_advances(built.style, load_fonts(built))
    fallback = doc.fallback_advances(built.style)
    sample = "0123456789ABCMWmiw%.()某，、"
    for role in ("title", "subtitle", "caption", "signature"):
        for got, bound in zip(real(role, sample), fallback(role, sample)):
            assert got <= bound + 1e-6, role


def test_short_titles_need_no_fonts_and_stay_one_line():
    built = ar.build(REPO / "examples" / "2018")
    assert not doc.needs_fonts(built)
    assert ar.measured(built) is built
