"""GridParagraph in real PDFs: justification, kinsoku and the GB/T 9704 grid, measured with pdfplumber."""

from __future__ import annotations

import collections
import io
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from annualreport.render.pdf.fonts.embed import face_of
from annualreport.render.pdf.paginate import Flowable, Geometry, paginate
from annualreport.render.pdf.paragraph import (
    BASELINE_RATIO,
    BODY_PITCH,
    GridFormat,
    GridKeepTogether,
    GridParagraph,
    layout_lines,
    layout_text,
)
from annualreport.render.pdf.typeset import CANNOT_END, CANNOT_START, Run
from annualreport.render.pdf.writer import write_pdf

from .conftest import SEED, missing

FONTS = [
    ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
]
KAI = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"
WIDTH = 156 * mm
LEFT, TOP = 28 * mm, 37 * mm
BODY = GridFormat(first_indent=2 * 15.79, char_space=-0.21)
HEADING = GridFormat(first_indent=2 * 15.79, char_space=-0.21, alignment="left", keep_with_next=True)
FULLWIDTH = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff01-\uff5e\u2014\u2018\u2019\u201c\u201d\u2026]")


@pytest.fixture(scope="module")
def grid_fonts() -> tuple[str, str]:
    """(body font, run-in font) registered in ReportLab; the run-in face shares the body's descent."""
    found = next(((p, i) for p, i in FONTS if Path(p).exists()), None)
    if found is None:
        missing("no TrueType Chinese font (fonts-arphic-gbsn00lp or fonts-wqy-microhei) installed")
    assert found is not None
    pdfmetrics.registerFont(TTFont("GridBody", found[0], subfontIndex=found[1]))
    # pdfplumber puts a glyph's bottom at the font's descent: a run-in face with another descent would
    # land on another pdfgrid row, so the Kai face is used only where it matches the Song face.
    lead = "GridLead" if found[0].endswith("gbsn00lp.ttf") and Path(KAI).exists() else "GridBody"
    if lead == "GridLead":
        pdfmetrics.registerFont(TTFont("GridLead", KAI))
    return "GridBody", lead


def build(path: Path, story: list[Flowable]) -> None:
    """A4 at GB/T 9704 margins: the text block is exactly 156 x 225 mm; paginated and written as a render is."""
    width, height = A4
    geometry = Geometry(width, height, 28 * mm, 35 * mm, width - 54 * mm, height - 72 * mm)
    stream = io.BytesIO()
    write_pdf(paginate(story, geometry, face_of, keep_class=GridKeepTogether), stream)
    path.write_bytes(stream.getvalue())


def rows(path: Path) -> list[tuple[int, list[dict[str, Any]]]]:
    """(page, characters) per text line, grouped by baseline."""
    out = []
    with pdfplumber.open(str(path)) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            by_base: dict[float, list[dict[str, Any]]] = collections.defaultdict(list)
            for c in page.chars:
                if c["text"].strip():
                    by_base[round(c["matrix"][5], 1)].append(c)
            out += [(n, sorted(by_base[k], key=lambda c: c["x0"])) for k in sorted(by_base, reverse=True)]
    return out


def right_end(c: dict[str, Any]) -> float:
    return float(c["x0"] + c["size"]) if FULLWIDTH.match(c["text"]) else float(c["x1"])




PUNCTUATED = (
    "全镇共精准识别建档立卡贫困户1187户3498人，其中2016年脱贫173户479人；2017年脱贫237户683人；"
    "建立“一体两翼”作战体系（由镇扶贫攻坚指挥部任总“舵手”）。累计表彰挂牌各类精神文明户3820个、"
    "“文化村庄”12个、“文明嘎查村”14个……举办《精神扶贫结硕果》——第二届广场舞大赛！"
    "实施产业结构调整17.15万亩，免疫率达到100%，平均报销比例达81.9%。"
)


def test_28_characters_per_line(grid_fonts: tuple[str, str]) -> None:
    text = "全力打造四大主导产业基地和一个核心示范区养殖产业基地建设建成养殖小区" * 6
    lines = layout_text(text, grid_fonts[0], 16, GridFormat(char_space=-0.21), WIDTH)
    assert [len(t) for t in lines[:-1]] == [28] * (len(lines) - 1)


def test_layout_respects_indents(grid_fonts: tuple[str, str]) -> None:
    fmt = GridFormat(char_space=-0.21, left_indent=2 * 15.79, right_indent=2 * 15.79)
    lines = layout_lines([Run("字" * 60, grid_fonts[0], 16)], fmt, WIDTH)
    assert [len(line.text) for line in lines] == [24, 24, 12]
    assert lines[0].extent == pytest.approx(WIDTH - 4 * 15.79)


def test_wrap_split_and_cache(grid_fonts: tuple[str, str]) -> None:
    para = GridParagraph.from_text(PUNCTUATED * 2, grid_fonts[0], 16, BODY)
    n = len(para.lines(WIDTH))
    assert para.wrap(WIDTH, 1000) == (WIDTH, n * BODY_PITCH)
    assert para.lines(WIDTH) is para.lines(WIDTH)
    assert para.split(WIDTH, BODY_PITCH - 1) == []
    assert para.split(WIDTH, n * BODY_PITCH + 5) == [para]
    head, tail = para.split(WIDTH, 3.5 * BODY_PITCH)
    assert head.wrap(WIDTH, 1000)[1] == pytest.approx(3 * BODY_PITCH)
    assert tail.wrap(WIDTH, 1000)[1] == pytest.approx((n - 3) * BODY_PITCH)
    assert [line.text for line in tail.lines(WIDTH)] == [line.text for line in para.lines(WIDTH)[3:]]
    assert head.lines(WIDTH)[-1].extent == pytest.approx(WIDTH)  # still justified after the split


def test_spaces_are_whole_grid_lines(grid_fonts: tuple[str, str]) -> None:
    fmt = GridFormat(space_before=1, space_after=2, keep_with_next=True)
    para = GridParagraph.from_text("标题", grid_fonts[0], 16, fmt)
    assert (para.getSpaceBefore(), para.getSpaceAfter()) == (BODY_PITCH, 2 * BODY_PITCH)
    assert para.getKeepWithNext()


def test_drawn_paragraph_is_justified_on_the_grid(grid_fonts: tuple[str, str], tmp_path: Path) -> None:
    pdf = tmp_path / "para.pdf"
    build(pdf, [GridParagraph.from_text(PUNCTUATED * 3, grid_fonts[0], 16, BODY)])
    found = rows(pdf)
    assert len(found) > 10
    text = "".join("".join(c["text"] for c in cs) for _, cs in found)
    assert text == PUNCTUATED * 3
    first_top = A4[1] - TOP
    for i, (_, cs) in enumerate(found):
        line = "".join(c["text"] for c in cs)
        baseline = cs[0]["matrix"][5]
        assert all(c["matrix"][5] == baseline for c in cs)
        expected = first_top - i * BODY_PITCH - BODY_PITCH / 2 - BASELINE_RATIO * 16
        assert baseline == pytest.approx(expected, abs=0.01)
        assert cs[0]["x0"] == pytest.approx(LEFT + (2 * 15.79 if i == 0 else 0), abs=0.01)
        assert line[0] not in CANNOT_START and line[-1] not in CANNOT_END
        if i < len(found) - 1:
            assert right_end(cs[-1]) == pytest.approx(LEFT + WIDTH, abs=0.5), line
    joined = ["".join(c["text"] for c in cs) for _, cs in found]
    numbers = set(re.findall(r"\d+(?:\.\d+)?%?", PUNCTUATED))
    assert all(any(num in row for row in joined) for num in numbers)  # no number split across lines


def test_mixed_fonts_share_the_baseline(grid_fonts: tuple[str, str], tmp_path: Path) -> None:
    pdf = tmp_path / "mixed.pdf"
    runs = [Run("1.完善机构，确保成效。", grid_fonts[1], 16), Run("建立“一体两翼”作战体系。" * 8, grid_fonts[0], 16)]
    build(pdf, [GridParagraph(runs, BODY)])
    found = rows(pdf)
    assert "".join(c["text"] for c in found[0][1]).startswith("1.完善机构，确保成效。建立")
    assert all(len({c["matrix"][5] for c in cs}) == 1 for _, cs in found)


def filler(font: str, lines: int) -> GridParagraph:
    return GridParagraph.from_text("字" * (28 * lines - 2), font, 16, BODY)


@pytest.mark.parametrize(("before", "page1"), [(20, 22), (21, 21)])
def test_keep_with_next_needs_only_the_next_first_line(
    grid_fonts: tuple[str, str], tmp_path: Path, before: int, page1: int
) -> None:
    pdf = tmp_path / "keep.pdf"
    heading = GridParagraph.from_text("一、产业特色优势更加凸显", grid_fonts[0], 16, HEADING)
    build(pdf, [filler(grid_fonts[0], before), heading, filler(grid_fonts[0], 5)])
    per_page = collections.Counter(page for page, _ in rows(pdf))
    assert per_page[1] == page1
    heading_page = next(p for p, cs in rows(pdf) if cs[0]["text"] == "一")
    assert heading_page == (1 if page1 == 22 else 2)


def page_lines(pdf: Path) -> list[int]:
    """Text lines on each page."""
    return [count for _, count in sorted(collections.Counter(page for page, _ in rows(pdf)).items())]


@pytest.mark.parametrize(
    ("before", "lines", "expected"),
    [
        (21, 5, [21, 5]),  # the first line alone at the foot (an orphan): the paragraph goes over, 21 lines
        (18, 5, [21, 2]),  # the last line alone at the head (a widow): one more line goes with it
        (17, 6, [21, 2]),
        (20, 3, [22, 1]),  # a widow a three-line paragraph keeps: moving one line would leave an orphan
        (20, 2, [22]),
        (21, 1, [22]),
        (20, 4, [22, 2]),  # two and two: nothing alone
    ],
)
def test_no_line_alone_at_the_head_or_foot_where_moving_one_line_fixes_it(
    grid_fonts: tuple[str, str], tmp_path: Path, before: int, lines: int, expected: list[int]
) -> None:
    pdf = tmp_path / "widow.pdf"
    build(pdf, [filler(grid_fonts[0], before), filler(grid_fonts[0], lines)])
    assert page_lines(pdf) == expected


def test_keep_with_next_carries_only_the_last_two_lines_of_a_long_paragraph(
    grid_fonts: tuple[str, str], tmp_path: Path
) -> None:
    # As Word reads keep-with-next: a heading, a six-line paragraph kept with a closing line, at the foot
    # of a page with room for the heading and five lines: four lines stay, two go over with the closing line.
    pdf = tmp_path / "carry.pdf"
    heading = GridParagraph.from_text("八、社会环境和谐稳定", grid_fonts[0], 16, HEADING)
    kept = GridParagraph.from_text("字" * (28 * 6 - 2), grid_fonts[0], 16, replace(BODY, keep_with_next=True))
    closing = GridParagraph.from_text("某某镇人民政府", grid_fonts[0], 16, replace(BODY, alignment="right"))
    build(pdf, [filler(grid_fonts[0], 16), heading, kept, closing])
    assert page_lines(pdf) == [21, 3]
    [(_, last)] = [(p, cs) for p, cs in rows(pdf) if "".join(c["text"] for c in cs) == "某某镇人民政府"]
    assert rows(pdf)[-3][0] == 2  # the paragraph's last two lines are on the closing line's page


def seed_story(fonts: tuple[str, str], pages: int) -> list[Flowable]:
    """The seed report's headings and paragraphs, enough of them to fill ``pages`` - 1 pages and start one more."""
    story: list[Flowable] = []
    total = 0
    for raw in SEED.read_text(encoding="utf-8").splitlines()[1:]:  # the title is not body text
        text = raw.strip()
        if not text:
            continue
        # keep_with_next is off here: a heading it moves leaves its page a line short, legitimately.
        fmt = replace(HEADING, keep_with_next=False) if len(text) < 30 else BODY
        para = GridParagraph(_runs(text, fonts), fmt)
        story.append(para)
        total += len(para.lines(WIDTH))
        if total > (pages - 1) * 22 + 5:
            break
    return story


def _runs(text: str, fonts: tuple[str, str]) -> Sequence[Run]:
    # Run-in lead phrases (1.完善机构，确保成效。 / 养殖产业基地建设) exercise mixed fonts.
    m = re.match(r"\d+\.[^。]{2,20}。", text) or re.match(r"\S{4,12}(?=  )", text)
    if m is None or len(text) < 30:
        return [Run(text, fonts[1] if len(text) < 30 else fonts[0], 16)]
    return [Run(m.group(), fonts[1], 16), Run(text[m.end() :], fonts[0], 16)]


def test_three_page_document_meets_the_grid(grid_fonts: tuple[str, str], tmp_path: Path, pdfgrid: ModuleType) -> None:
    pdf = tmp_path / "seed.pdf"
    build(pdf, seed_story(grid_fonts, 3))
    r = pdfgrid.measure(str(pdf))
    assert r["pages"] == 3
    assert r["page_size_mm"] == [210.0, 297.0]
    # 22 lines, or 21 where a single line would have been left alone at the foot or head of a page.
    assert set(r["lines_per_full_page"]) <= {21, 22} and sum(r["lines_per_full_page"].values()) == 2
    chars = r["chars_per_full_line"]
    # 26 are indented first lines; the rest of the lines pdfgrid skips hold digits or Latin.
    assert chars[28] > sum(chars.values()) - chars[28], chars
    assert r["ragged_lines"] == []
    assert r["bad_line_starts"] == [] and r["bad_line_ends"] == []
    assert r["line_pitch_pt"] == pytest.approx(BODY_PITCH, abs=0.1)
    assert r["block_mm"]["left"] == pytest.approx(28.0, abs=0.1)
    assert r["block_mm"]["right"] == pytest.approx(184.0, abs=0.2)


def test_centred_lines_are_balanced_not_a_full_line_over_a_stub():
    import annualreport as ar
    from annualreport.render.pdf.fonts import embed as pdf_fonts

    report = ar.Report.model_validate(
        {"title": "t", "year": 2019, "subtitle": ["——2020年1月15日在某某镇第十八届人民代表大会第四次会议上"]}
    )
    document = ar.build_document(report, ar.load_style())
    fonts = pdf_fonts.load_fonts(document)
    from annualreport.render.pdf import PdfRenderer

    renderer = PdfRenderer(document, fonts)
    # The build broke the subtitle (document/titles.py); the PDF draws each of its lines as one line.
    paragraphs = renderer.render_title(document.nodes[1])
    width = document.style.page.block_width_pt
    assert [len(p.lines(width)) for p in paragraphs] == [1, 1]
    lines = [p.lines(width)[0] for p in paragraphs]
    assert [line.text for line in lines] == list(document.nodes[1].lines)
    widths = [line.extent - line.fragments[0].x for line in lines]
    # Cut between words (某某镇 / 第十八届): 12.5 and 16 characters, the most even whole-word split.
    assert abs(widths[0] - widths[1]) <= 4 * 16, [line.text for line in lines]
    for line in lines:  # each centred in the block
        left = line.fragments[0].x
        assert abs(left - (width - line.extent)) < 1.0
