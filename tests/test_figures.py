"""Figures (``figure:``) and charts (``chart:``): the model and its refusals, the build (numbering, widths,
downsampling, EXIF), both renderers (PDF vector charts, Word native charts with an embedded workbook)."""

from __future__ import annotations

import io
import struct
import textwrap
import warnings
import zipfile
import zlib
from pathlib import Path

import docx as python_docx
import pdfplumber
import pytest
from PIL import Image

import annualreport as ar
from annualreport import document as doc
from annualreport.errors import LayoutWarning
from annualreport.limits import Limits
from annualreport.render import pages as pg
from annualreport.render.pdf import write_pages
from annualreport.style import MM

from .conftest import squash
from .test_pdf import needs_fonts
from .tools.draw_figure import park_plan, png_bytes

HEAD = """\
title: 测试报告
year: 2018
indicators:
  invest: {label: 园区投资, value: 700, target: 1400, unit: 万元, previous: 650}
  land: {label: 征占土地, value: 4365, target: 4441, unit: 亩}
  extra: {label: 配套投资, value: 49.5, unit: 万元, previous: 40}
"""


def folder(tmp_path: Path, body: str, images: dict[str, bytes] | None = None) -> Path:
    where = tmp_path / "report"
    where.mkdir(exist_ok=True)
    (where / "report.yaml").write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    for name, data in (images or {}).items():
        (where / name).write_bytes(data)
    return where


def refused(where: Path, limits: Limits | None = None) -> list[str]:
    with pytest.raises(ar.InputError) as caught:
        ar.load(where, limits=limits)
    return [str(p) for p in caught.value.problems]


def jpeg(image: Image.Image, orientation: int | None = None) -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", quality=80, exif=exif.tobytes())
    return out.getvalue()


FIGURES = """\
content:
  - 开头。
  - figure: {image: plan.png, caption: 园区平面图, width_chars: 14}
sections:
  - title: 一节
    content:
      - 正文一段。
      - chart: {kind: completion, keys: [invest, land], title: 完成计划情况, caption: 重点工程完成计划情况}
      - 正文二段。
attachments:
  - title: 附件标题
    content:
      - chart: {kind: bars, keys: [invest, extra], caption: 投资对比}
"""


# --------------------------------------------------------------------------- build


def test_figures_and_charts_are_numbered_across_the_report(tmp_path: Path):
    document = ar.build(folder(tmp_path, FIGURES, {"plan.png": png_bytes(park_plan())}))
    shown = [n for n in document.nodes if isinstance(n, (doc.Figure, doc.Chart))]
    assert [n.caption_text for n in shown] == ["图1\u3000园区平面图", "图2\u3000重点工程完成计划情况", "图3\u3000投资对比"]
    figure = shown[0]
    assert isinstance(figure, doc.Figure)
    assert figure.width_pt == pytest.approx(14 * document.style.page.char_cell_pt, abs=0.01)
    assert figure.height_pt == pytest.approx(figure.width_pt * 360 / 600, abs=0.01)


def test_chart_labels_are_the_texts_formatting(tmp_path: Path):
    document = ar.build(folder(tmp_path, FIGURES, {"plan.png": png_bytes(park_plan())}))
    completion, bars = [n.chart for n in document.nodes if isinstance(n, doc.Chart)]
    assert completion.shape == "hbars" and completion.categories == ("园区投资", "征占土地")
    assert completion.series[0].labels == ("50.0%", "98.3%")  # as the indicator table's 完成率 column
    assert completion.series[0].number_format == "0.0%"
    assert bars.unit == "单位：万元"
    assert [(s.name, s.labels) for s in bars.series] == [("2017年", ("650", "40")), ("2018年", ("700", "49.5"))]
    assert bars.series[1].values == (700.0, 49.5)


def test_width_never_exceeds_the_block_and_photos_are_downsampled(tmp_path: Path):
    big = park_plan(4000, 3000)
    where = folder(tmp_path, "content:\n  - figure: {image: big.jpg, width_mm: 400}\n", {"big.jpg": jpeg(big)})
    document = ar.build(where)
    [figure] = [n for n in document.nodes if isinstance(n, doc.Figure)]
    assert figure.width_pt == pytest.approx(document.style.page.block_width_pt)
    embedded = Image.open(io.BytesIO(figure.data))
    assert embedded.format == "JPEG"
    assert embedded.width == round(figure.width_pt / 72 * 300)  # 300 dpi at 156 mm: 1843 pixels
    assert len(figure.data) < len((where / "big.jpg").read_bytes())


def test_exif_rotation_is_honoured(tmp_path: Path):
    wide = park_plan(300, 200)
    where = folder(tmp_path, "content:\n  - figure: {image: turned.jpg}\n", {"turned.jpg": jpeg(wide, orientation=6)})
    [figure] = [n for n in ar.build(where).nodes if isinstance(n, doc.Figure)]
    embedded = Image.open(io.BytesIO(figure.data))
    assert embedded.size == (200, 300)  # turned upright: taller than wide, as the camera was held
    assert figure.height_pt > figure.width_pt


def test_a_small_png_keeps_its_bytes(tmp_path: Path):
    data = png_bytes(park_plan(120, 80))
    [figure] = [n for n in ar.build(folder(tmp_path, "content:\n  - figure: {image: a.png}\n", {"a.png": data})).nodes
                if isinstance(n, doc.Figure)]  # fmt: skip
    assert figure.data == data and figure.width_pt == pytest.approx(120 / 96 * 72)


# --------------------------------------------------------------------------- refusals


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a pixel bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("a.jpg", png_bytes(park_plan(20, 20)), "image file 'a.jpg': the content is not the JPEG its extension says (it is PNG)"),
        ("a.png", b"GIF89a" + b"\x00" * 40, "image file 'a.png': the content is not the PNG its extension says (it is GIF)"),
        ("a.png", png_bytes(park_plan(200, 200))[:300], "image file 'a.png': the PNG image is damaged or truncated"),
        ("a.gif", b"GIF89a", "the extension '.gif' is not accepted"),
        ("a.png", _png_header_only(100_000, 100_000), "the image 'a.png' is 100000×100000 pixels, more than 40000000 (limit figure_pixels"),
    ],
)
def test_bad_images_are_one_located_message_each(tmp_path: Path, name: str, data: bytes, says: str):
    where = folder(tmp_path, f"content:\n  - figure:\n      image: {name}\n", {name: data})
    [message] = refused(where)
    assert message.startswith(f"{where / 'report.yaml'}:9:7: content.0.figure.image: "), message
    assert says in message


def test_a_missing_image_and_a_path_leaving_the_folder(tmp_path: Path):
    where = folder(tmp_path, "content:\n  - figure: {image: none.png}\n  - figure: {image: ../x.png}\n")
    (tmp_path / "x.png").write_bytes(png_bytes(park_plan(10, 10)))
    assert refused(where) == [
        f"{where / 'report.yaml'}:8:14: content.0.figure.image: image file 'none.png' does not exist",
        f"{where / 'report.yaml'}:9:14: content.1.figure.image: image path '../x.png' leaves the report's folder; refused",
    ]


def test_the_pixel_limit_can_be_set(tmp_path: Path):
    where = folder(tmp_path, "content:\n  - figure: {image: a.png}\n", {"a.png": png_bytes(park_plan(100, 100))})
    [message] = refused(where, Limits(figure_pixels=9_999))
    assert message.endswith("the image 'a.png' is 100×100 pixels, more than 9999 (limit figure_pixels = 9999)")
    assert ar.load(where, limits=Limits(figure_pixels=10_000)) is not None


@pytest.mark.parametrize(
    ("chart", "where", "says"),
    [
        ("{kind: bars, keys: [invest, land]}", "content.0.chart.keys", "the chart mixes units: '万元' and '亩'"),
        ("{kind: bars, keys: [invest, nothing]}", "content.0.chart.keys.1", "unknown indicator 'nothing'"),
        ("{kind: bars, keys: [invest], shape: pie}", "content.0.chart", "a bars chart cannot have the shape 'pie'"),
        ("{kind: bars, keys: [invest, invest]}", "content.0.chart.keys.1", "indicator 'invest' appears twice"),
    ],
)
def test_bad_charts_are_located(tmp_path: Path, chart: str, where: str, says: str):
    report = folder(tmp_path, f"content:\n  - chart: {chart}\n")
    [message] = refused(report)
    assert f"report.yaml:" in message and f": {where}: " in message and says in message, message


def test_a_completion_without_target_is_a_gap_that_strict_lists(tmp_path: Path):
    report = folder(tmp_path, "content:\n  - chart: {kind: completion, keys: [invest, extra]}\n")
    [chart] = [n.chart for n in ar.build(report).nodes if isinstance(n, doc.Chart)]
    assert chart.series[0].values == (0.5, None) and chart.series[0].labels == ("50.0%", "")
    with pytest.raises(ar.InputError) as caught:
        ar.load(report, strict=True)
    [problem] = [p for p in caught.value.problems if p.field.startswith("content")]
    assert problem.field == "content.0.chart.keys.1" and "lacks its value or its target" in problem.message


def test_nothing_is_written_for_a_bad_figure(tmp_path: Path):
    from annualreport.cli import main

    where = folder(tmp_path, "content:\n  - figure: {image: a.png}\n", {"a.png": b"not a png"})
    out = tmp_path / "out"
    assert main(["render", str(where), "-o", str(out), "--docx"]) == 1
    assert not out.exists()


# --------------------------------------------------------------------------- Word


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[doc.Document, bytes]:
    where = folder(tmp_path_factory.mktemp("figures"), FIGURES, {"plan.png": png_bytes(park_plan())})
    document = ar.build(where)
    data = ar.render_docx(document)
    assert data is not None
    return document, data


def test_word_picture_inline_centred_with_its_caption_below(rendered: tuple[doc.Document, bytes]):
    _, data = rendered
    word = python_docx.Document(io.BytesIO(data))
    paragraphs = word.paragraphs
    [holder] = [p for p in paragraphs if p._p.xpath(".//pic:pic")]
    caption = paragraphs[paragraphs.index(holder) + 1]
    assert caption.text == "图1\u3000园区平面图"
    assert holder.paragraph_format.keep_with_next and holder.style.paragraph_format.alignment == 1  # centred
    [shape] = [s for s in word.inline_shapes if s._inline.xpath(".//pic:pic")]
    assert abs(shape.width.pt - 14 * 15.79) < 0.5


def test_word_chart_is_a_chart_part_with_its_workbook(rendered: tuple[doc.Document, bytes]):
    from openpyxl import load_workbook

    document, data = rendered
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        types = package.read("[Content_Types].xml").decode()
        chart = package.read("word/charts/chart1.xml").decode()
        rels = package.read("word/charts/_rels/chart1.xml.rels").decode()
        book = package.read("word/embeddings/Microsoft_Excel_Worksheet2.xlsx")
    assert {"word/charts/chart1.xml", "word/charts/chart2.xml"} <= set(names)
    assert "application/vnd.openxmlformats-officedocument.drawingml.chart+xml" in types
    assert "c:barChart" in chart and '<c:barDir val="bar"/>' in chart and 'formatCode="0.0%"' in chart
    assert "relationships/package" in rels and "Microsoft_Excel_Worksheet1.xlsx" in rels
    sheet = load_workbook(io.BytesIO(book)).active
    bars = [n.chart for n in document.nodes if isinstance(n, doc.Chart)][1]
    read = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert read == [[None, "2017年", "2018年"], ["园区投资", 650, 700], ["配套投资", 40, 49.5]]
    assert [s.values for s in bars.series] == [(650.0, 40.0), (700.0, 49.5)]
    with zipfile.ZipFile(io.BytesIO(book)) as workbook:
        assert {info.date_time for info in workbook.infolist()} == {(2018, 12, 31, 0, 0, 0)}


def test_same_report_same_bytes(rendered: tuple[doc.Document, bytes]):
    document, data = rendered
    assert ar.render_docx(document) == data


def test_libreoffice_draws_the_word_chart(rendered: tuple[doc.Document, bytes], soffice: str, tmp_path: Path):
    import subprocess

    _, data = rendered
    (tmp_path / "c.docx").write_bytes(data)
    profile = (tmp_path / "profile").as_uri()  # a private profile: no lock shared with another soffice
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(tmp_path / "c.docx")], check=True, capture_output=True, timeout=300)  # fmt: skip
    with pdfplumber.open(tmp_path / "c.pdf") as pdf:
        text = squash("".join(page.extract_text() or "" for page in pdf.pages))
    for label in ("50.0%", "98.3%", "完成计划情况", "49.5", "图2"):
        assert label in text, label


# --------------------------------------------------------------------------- PDF


@needs_fonts
def test_pdf_chart_is_vector_and_the_caption_below_on_the_grid(rendered: tuple[doc.Document, bytes]):
    document, _ = rendered
    data = ar.render_pdf(document)
    assert data is not None
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = pdf.pages[0]
        [image] = first.images  # the figure; the charts draw no image
        words = first.extract_words()
        caption = next(w for w in words if w["text"].startswith("图1"))
        assert caption["top"] > image["bottom"]
        centre = (image["x0"] + image["x1"]) / 2
        assert abs(centre - (28 + 156 / 2) * MM) < 1
        pages = [p.extract_text() or "" for p in pdf.pages]
        chart_page = next(p for p in pdf.pages if "98.3%" in (p.extract_text() or ""))
        assert sum(len(p.images) for p in pdf.pages) == 1  # the figure's; charts are drawn as vectors
        assert "50.0%" in "".join(pages) and "单位：万元" in "".join(pages)
        # the paragraph after the chart sits on the grid as the paragraphs before it do: the same fraction
        # of a grid line below a grid line
        pitch = 225 / 22 * MM

        def grid_phase(word: str) -> float:
            found = next(w for p in pdf.pages for w in p.extract_words() if w["text"].startswith(word))
            return ((found["top"] - 37 * MM) / pitch) % 1

        assert grid_phase("正文二段") == pytest.approx(grid_phase("正文一段"), abs=0.03)
        assert grid_phase("正文二段") == pytest.approx(grid_phase("开头"), abs=0.03)


# --------------------------------------------------------------------------- SVG

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="120mm" height="60mm" viewBox="0 0 120 60">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#3c5a78"/><stop offset="1" stop-color="#a0aab4"/></linearGradient></defs>
  <rect x="2" y="2" width="116" height="56" fill="url(#g)" stroke="#000" stroke-width="0.5"/>
  <circle cx="30" cy="30" r="15" fill="#b4823c"/>
  <path d="M60 50 L80 10 L100 50 Z" fill="#5a7850"/>
</svg>
"""
"""A vector plan the project draws itself."""


def test_an_svg_is_vector_in_the_pdf_and_svg_with_a_png_twin_in_word(tmp_path: Path):
    where = folder(tmp_path, "content:\n  - figure: {image: plan.svg, caption: 矢量图}\n", {"plan.svg": SVG.encode()})
    document = ar.build(where)
    [figure] = [n for n in document.nodes if isinstance(n, doc.Figure)]
    assert figure.image_format == "svg" and figure.data == SVG.encode()
    assert figure.width_pt == pytest.approx(120 / 25.4 * 72, abs=0.5)  # its own 120 mm (in whole CSS pixels)
    twin = Image.open(io.BytesIO(figure.fallback))
    assert twin.format == "PNG" and twin.width == round(figure.width_pt / 72 * 300)
    word = ar.render_docx(document)
    assert word is not None
    with zipfile.ZipFile(io.BytesIO(word)) as package:
        names = package.namelist()
        body = package.read("word/document.xml").decode()
        assert package.read("word/media/figure1.svg") == SVG.encode()
    assert any(name.endswith(".png") for name in names)
    assert "asvg:svgBlip" in body or "svgBlip" in body


PLAIN_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="120mm" height="60mm" viewBox="0 0 120 60">
  <rect x="2" y="2" width="116" height="56" rx="3" fill="#a0aab4" stroke="#000" stroke-width="0.5"/>
  <circle cx="30" cy="30" r="15" fill="#b4823c"/>
  <g transform="translate(10 0)"><path d="M50 50 L70 10 C75 20 85 40 90 50 Z" fill="#5a7850"/></g>
  <polyline points="5,55 20,45 35,50" fill="none" stroke="#c00000" stroke-width="1" stroke-dasharray="2 1"/>
  <text x="60" y="56" font-size="5" font-family="Arial" text-anchor="middle">园区入口</text>
</svg>
"""
"""A vector plan whose every part has a page item: shapes, a transform, a dashed line, a text."""


@needs_fonts
def test_an_svg_is_drawn_as_paths_and_glyph_runs_in_our_faces(tmp_path: Path):
    where = folder(tmp_path, "content:\n  - figure: {image: plan.svg, caption: 矢量图}\n", {"plan.svg": PLAIN_SVG.encode()})
    document = ar.build(where)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LayoutWarning)  # nothing falls back to the bitmap
        laid_out = ar.pages(document)
    [page] = laid_out.pages
    paths = [item for item in page.items if isinstance(item, pg.Path)]
    assert not [item for item in page.items if isinstance(item, pg.Image)]
    assert len(paths) == 4  # the frame, the circle, the path, the polyline
    frame, circle, triangle, polyline = paths
    assert frame.fill == pg.Colour.from_hex("#a0aab4") and frame.stroke == pg.BLACK
    assert any(s[0] == pg.CURVE for s in frame.segments)  # rounded corners
    assert sum(s[0] == pg.CURVE for s in circle.segments) == 4
    assert polyline.fill is None and polyline.dash and polyline.stroke == pg.Colour.from_hex("#c00000")
    [figure] = [n for n in document.nodes if isinstance(n, doc.Figure)]
    scale = figure.width_pt / 120  # SVG units to points
    left, top, right, bottom = frame.bounds()
    assert right - left == pytest.approx(116 * scale + 0.5 * scale, abs=0.05)  # the stroke's half width each side
    # the translate(10 0) moved the path: its first point at x 60 of the SVG
    assert triangle.segments[0][1] - left == pytest.approx((60 - 2) * scale + 0.25 * scale, abs=0.05)
    [label] = [run for run in page.runs() if run.text == "园区入口"]
    assert label.face.postscript_name not in ("Helvetica", "ArialMT")  # the report's own face, embedded
    centre = label.x + label.width / 2
    assert centre == pytest.approx(left + 0.25 * scale + 58 * scale, abs=0.1)  # text-anchor middle at x 60
    data = write_pages(laid_out)
    assert data is not None
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = pdf.pages[0]
        assert not first.images
        assert len(first.curves) + len(first.rects) + len(first.lines) >= 4
        assert "园区入口" in squash(first.extract_text() or "")


@needs_fonts
def test_an_svg_with_a_gradient_goes_in_as_its_bitmap_and_says_so(tmp_path: Path):
    where = folder(tmp_path, "content:\n  - figure: {image: plan.svg, caption: 矢量图}\n", {"plan.svg": SVG.encode()})
    document = ar.build(where)
    with pytest.warns(LayoutWarning, match="linear gradient"):
        laid_out = ar.pages(document)
    [figure] = [n for n in document.nodes if isinstance(n, doc.Figure)]
    [image] = [item for item in laid_out.pages[0].items if isinstance(item, pg.Image)]
    assert image.data == figure.fallback  # CairoSVG's PNG twin, 300 dpi
    assert image.width == pytest.approx(figure.width_pt) and image.height == pytest.approx(figure.height_pt)
    assert not [item for item in laid_out.pages[0].items if isinstance(item, pg.Path)]


@pytest.mark.parametrize(
    ("svg", "says"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "holds a script or active content (<script>)"),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "(onload=)"),
        ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="http://example.com/a.png"/></svg>',
         "refers to something outside the file (http://example.com/a.png); refused, never fetched"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>', "(file:///etc/passwd)"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://x/y#p)"/></svg>', "(http://x/y#p)"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://x/s.css);</style></svg>', "(@import)"),
        ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
         "has a DOCTYPE or entity declarations"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "(<foreignObject>)"),
        ("<svg><rect/>", "the SVG image is damaged or truncated"),
    ],
)
def test_svgs_that_could_run_or_fetch_are_refused_at_load(tmp_path: Path, svg: str, says: str):
    where = folder(tmp_path, "content:\n  - figure:\n      image: a.svg\n", {"a.svg": svg.encode()})
    [message] = refused(where)
    assert message.startswith(f"{where / 'report.yaml'}:9:7: content.0.figure.image: image file 'a.svg': "), message
    assert says in message


def test_an_svg_with_too_many_elements_names_its_limit(tmp_path: Path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg">' + "<rect/>" * 20 + "</svg>"
    where = folder(tmp_path, "content:\n  - figure: {image: a.svg}\n", {"a.svg": svg.encode()})
    [message] = refused(where, Limits(figure_svg_elements=20))
    assert message.endswith("the SVG has more than 20 elements (limit figure_svg_elements = 20)")
    assert ar.load(where, limits=Limits(figure_svg_elements=21)) is not None


@needs_fonts
def test_a_tall_picture_or_chart_with_a_long_caption_still_fits_a_page(tmp_path: Path):
    long = "很长的图题" * 30
    body = (f"content:\n  - figure: {{image: tall.png, caption: {long}}}\n"
            f"  - chart: {{kind: bars, keys: [invest], height_lines: 20, caption: {long}}}\n")  # fmt: skip
    document = ar.build(folder(tmp_path, body, {"tall.png": png_bytes(Image.new("RGB", (300, 3000), (200, 200, 200)))}))
    assert ar.render_pdf(document) is not None  # no LayoutError: each fits one page with its caption
    pitch = document.style.page.line_pitch_pt
    for node in document.nodes:
        if isinstance(node, (doc.Figure, doc.Chart)):
            assert node.height_pt + len(node.caption_shown) * pitch <= document.style.page.block_height_pt


@needs_fonts
def test_series_colours_come_from_the_style_and_greys_is_an_option(rendered: tuple[doc.Document, bytes]):
    from dataclasses import replace

    document, data = rendered
    greys = document.style.model_copy(update={"chart": document.style.chart.model_copy(update={"greys": True})})
    grey_document = replace(document, style=greys)
    grey_data = ar.render_docx(grey_document)
    assert grey_data is not None
    with zipfile.ZipFile(io.BytesIO(data)) as coloured, zipfile.ZipFile(io.BytesIO(grey_data)) as grey:
        assert '<a:srgbClr val="3C5A78"/>' in coloured.read("word/charts/chart2.xml").decode()  # the palette's first
        grey_xml = grey.read("word/charts/chart2.xml").decode()
        assert '<a:srgbClr val="3A3A3A"/>' in grey_xml and '<a:srgbClr val="A8A8A8"/>' in grey_xml
        assert "3C5A78" not in grey_xml

    def fills(document: doc.Document) -> set[str]:
        laid_out = ar.pages(document)
        return {item.fill.hex for page in laid_out.pages for item in page.items if isinstance(item, pg.Path) and item.fill}

    assert "#3C5A78" in fills(document)
    grey_fills = fills(grey_document)
    assert {"#3A3A3A", "#A8A8A8"} <= grey_fills and "#3C5A78" not in grey_fills
