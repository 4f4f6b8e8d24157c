"""Figures and charts as page items (render/pages.py) and what each writer makes of them: the examples/2018
completion chart's bars and labels in the pages, in the PDF (pdfplumber) and in the OFD (Content.xml, valid
against the GB/T 33190 schemas, read back by easyofd); a raster figure as an image in both; the same bytes twice."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

import annualreport as ar
from annualreport import document as doc
from annualreport.render import pages as pg
from annualreport.render.ofd import write_ofd
from annualreport.render.pdf import write_pages

from .conftest import REPO, squash
from .test_ofd import NS, assert_valid, easyofd_read, parts, schemas, xml  # noqa: F401 (schemas: a fixture)

EXAMPLE = REPO / "examples" / "2018"
FULL = REPO / "tests" / "fixtures" / "full"
RATES = ("50.0%", "98.3%", "84.5%")
"""The completion chart's data labels: 园区投资, 征占土地, 拆迁房屋及院墙 against their plans."""
CATEGORIES = ("现代农业园区功能区投资", "征占土地", "拆迁房屋及院墙")

needs_fonts = pytest.mark.usefixtures("chinese_fonts")


@pytest.fixture()
def example() -> tuple[doc.Document, pg.Document]:
    """Laid out afresh for each test: pages name the converted font files of the shared cache, which other
    renders (other processes too) may prune once 16 newer ones of the same face are made."""
    return ar.build(EXAMPLE), ar.pages(EXAMPLE)


def chart_page(pages: pg.Document) -> tuple[int, pg.Page]:
    [found] = [(i, page) for i, page in enumerate(pages.pages) if "图1" in page.text()]
    return found


@needs_fonts
def test_the_chart_is_paths_and_glyph_runs_in_the_reports_faces(example: tuple[doc.Document, pg.Document]):
    document, pages = example
    _, page = chart_page(pages)
    palette = pg.Colour.from_hex(document.style.chart.colours[0])
    bars = [item for item in page.items if isinstance(item, pg.Path) and item.fill == palette]
    assert len(bars) == 3  # one bar per project (one series: no legend swatch)
    # longest bar 98.3 %, then 84.5 %, then 50.0 %: widths in the ratio of the rates
    widths = [item.bounds()[2] - item.bounds()[0] for item in bars]
    assert widths[1] / widths[0] == pytest.approx(0.983 / 0.5, rel=1e-3)
    assert widths[2] / widths[0] == pytest.approx(0.845 / 0.5, rel=1e-3)
    [dashed] = [item for item in page.items if isinstance(item, pg.Path) and item.dash]  # the plan, 100 %
    assert dashed.stroke is not None and dashed.fill is None
    runs = {run.text: run for run in page.runs()}
    for label in (*RATES, *CATEGORIES, "0%", "100%"):
        assert label in runs, label
    body_face = runs[RATES[0]].face  # numbers in chart_number's face (仿宋), names in chart_label's (黑体)
    assert body_face.path and runs[CATEGORIES[0]].face.path and body_face != runs[CATEGORIES[0]].face
    assert {face.postscript_name for face in pages.faces()} >= {body_face.postscript_name}
    # every bar and label is inside the text block, and the chart sits above its caption
    caption = next(run for run in page.runs() if run.text.startswith("图1"))
    for bar in bars:
        left, top, right, bottom = bar.bounds()
        assert 28 / 25.4 * 72 - 0.5 < left and right < (28 + 156) / 25.4 * 72 + 0.5 and bottom < caption.y


@needs_fonts
def test_the_pdf_draws_the_chart_as_vectors_and_text(example: tuple[doc.Document, pg.Document]):
    document, pages = example
    index, page = chart_page(pages)
    data = write_pages(pages)
    assert data is not None
    colour = pg.Colour.from_hex(document.style.chart.colours[0])
    palette = tuple(round(c, 3) for c in (colour.r, colour.g, colour.b))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        drawn = pdf.pages[index]
        assert not drawn.images
        shapes = drawn.rects + drawn.curves
        filled = [s for s in shapes if s.get("fill") and tuple(round(c, 3) for c in s["non_stroking_color"] or ()) == palette]
        assert len(filled) == 3
        text = squash(drawn.extract_text() or "")
        for label in (*RATES, *CATEGORIES):
            assert label in text, label
        fonts = {c["fontname"] for c in drawn.chars if c["text"] in "".join(RATES + CATEGORIES)}
        assert fonts and not any("Helvetica" in name for name in fonts)  # our embedded subsets (ABCDEF+Name)
        assert all("+" in name for name in fonts)


@needs_fonts
def test_the_ofd_writes_the_chart_as_path_and_text_objects(example: tuple[doc.Document, pg.Document], schemas: dict):
    document, pages = example
    index, page = chart_page(pages)
    data = write_ofd(pages)
    assert data is not None
    package = parts(data)
    assert_valid(package, schemas)
    content = xml(package[f"Doc_0/Pages/Page_{index}/Content.xml"])
    colour = pg.Colour.from_hex(document.style.chart.colours[0])
    rgb = " ".join(str(round(c * 255)) for c in (colour.r, colour.g, colour.b))
    filled = [p for p in content.iterfind(".//ofd:PathObject", NS)
              if p.get("Fill") == "true" and p.find("ofd:FillColor", NS).get("Value") == rgb]  # fmt: skip
    assert len(filled) == 3
    assert all(p.findtext("ofd:AbbreviatedData", namespaces=NS).split()[0] == "M" for p in filled)
    assert any(p.get("DashPattern") for p in content.iterfind(".//ofd:PathObject", NS))  # the plan's line
    texts = [t.findtext("ofd:TextCode", namespaces=NS) for t in content.iterfind(".//ofd:TextObject", NS)]
    for label in (*RATES, *CATEGORIES):
        assert label in texts, label


@needs_fonts
def test_easyofd_reads_the_charts_labels(example: tuple[doc.Document, pg.Document], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch):  # fmt: skip
    _, pages = example
    index, _ = chart_page(pages)
    data = write_ofd(pages)
    assert data is not None
    (read,) = easyofd_read(data, tmp_path, monkeypatch)
    text = "".join(cell["text"] for cell in read["page_info"][index]["text_list"])
    for label in (*RATES, *CATEGORIES, "图1"):
        assert label in text, label


@needs_fonts
def test_a_raster_figure_is_an_image_in_the_pdf_and_the_ofd(schemas: dict):
    document = ar.build(FULL)
    [figure] = [node for node in document.nodes if isinstance(node, doc.Figure)]
    pages = ar.pages(document)
    [(index, image)] = [(i, item) for i, page in enumerate(pages.pages) for item in page.items
                        if isinstance(item, pg.Image) and item.data == figure.data]  # fmt: skip
    assert image.width == pytest.approx(figure.width_pt) and image.height == pytest.approx(figure.height_pt)
    block_centre = (28 + 156 / 2) / 25.4 * 72
    assert image.x + image.width / 2 == pytest.approx(block_centre, abs=0.5)
    package = parts(write_ofd(pages) or b"")
    assert_valid(package, schemas)
    content = xml(package[f"Doc_0/Pages/Page_{index}/Content.xml"])
    [image_object] = content.iterfind(".//ofd:ImageObject", NS)
    media = xml(package["Doc_0/DocumentRes.xml"])
    [resource] = [m for m in media.iterfind(".//ofd:MultiMedia", NS) if m.get("ID") == image_object.get("ResourceID")]
    assert package["Doc_0/Res/" + resource.findtext("ofd:MediaFile", namespaces=NS)] == figure.data
    with pdfplumber.open(io.BytesIO(write_pages(pages) or b"")) as pdf:
        [drawn] = pdf.pages[index].images
        assert drawn["x1"] - drawn["x0"] == pytest.approx(figure.width_pt, abs=0.1)


@needs_fonts
@pytest.mark.parametrize("folder", [EXAMPLE, FULL], ids=["2018", "full"])
def test_same_report_same_bytes_with_figures_and_charts(folder: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = ar.build(folder)
        first_pdf, second_pdf = ar.render_pdf(document), ar.render_pdf(document)
        first_ofd, second_ofd = ar.render_ofd(document), ar.render_ofd(document)
    assert first_pdf == second_pdf and first_ofd == second_ofd
    assert any(isinstance(item, pg.Path) for page in ar.pages(document).pages for item in page.items)


HEAD = """\
title: 测试报告
year: 2018
indicators:
  invest: {label: 园区投资, value: 700, target: 1400, unit: 万元, previous: 650}
  extra: {label: 配套投资, value: 49.5, unit: 万元, previous: 40}
"""


@needs_fonts
def test_a_chart_that_does_not_fit_moves_whole_to_the_next_page(tmp_path: Path):
    lines = "".join(f"  - 第{i}段正文。\n" for i in range(15))
    (tmp_path / "report.yaml").write_text(
        HEAD + "content:\n" + lines + "  - chart: {kind: bars, keys: [invest, extra], caption: 投资对比, height_lines: 10}\n"
        "  - 图后正文。\n", encoding="utf-8")  # fmt: skip
    document = ar.build(tmp_path)
    pages = ar.pages(document)
    assert len(pages.pages) == 2
    first, second = pages.pages
    assert "第14段正文" in first.text() and not any(isinstance(item, pg.Path) for item in first.items)
    assert second.text().index("投资对比") < second.text().index("图后正文")
    paths = [item for item in second.items if isinstance(item, pg.Path)]
    assert paths
    block_top = document.style.page.margin_top_mm / 25.4 * 72
    pitch = document.style.page.line_pitch_pt
    unit = next(run for run in second.runs() if run.text == "单位：万元")  # the chart's first line: its unit
    assert block_top < unit.y < block_top + pitch  # at the top of the text block
    assert unit.y < min(p.bounds()[1] for p in paths)


@needs_fonts
def test_a_chart_taller_than_the_text_block_is_drawn_smaller_on_one_page(tmp_path: Path):
    from dataclasses import replace

    (tmp_path / "report.yaml").write_text(
        HEAD + "content:\n  - chart: {kind: bars, keys: [invest, extra], caption: 投资对比}\n  - 图后正文。\n", encoding="utf-8"
    )
    document = ar.build(tmp_path)
    style = document.style
    nodes = tuple(replace(n, height_pt=2 * style.page.block_height_pt) if isinstance(n, doc.Chart) else n
                  for n in document.nodes)  # fmt: skip  (the build never makes one this tall)
    pages = ar.pages(replace(document, nodes=nodes))
    [page] = [p for p in pages.pages if any(isinstance(item, pg.Path) for item in p.items)]
    assert "图1" in page.text()
    paths = [item for item in page.items if isinstance(item, pg.Path)]
    top = style.page.margin_top_mm / 25.4 * 72
    caption = next(run for run in page.runs() if run.text.startswith("图1"))
    assert top - 0.5 <= min(p.bounds()[1] for p in paths) and max(p.bounds()[3] for p in paths) < caption.y
    assert caption.y < top + style.page.block_height_pt
