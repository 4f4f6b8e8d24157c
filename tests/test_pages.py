"""Pages as data (render/pages.py), the PDF writer that serialises them, and PNG previews of them."""

from __future__ import annotations

import io
from dataclasses import FrozenInstanceError
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

import annualreport as ar
from annualreport.render import pages as pg
from annualreport.render.pdf import write_pages
from annualreport.render.preview import page_pngs, rasterise

from .conftest import REPO, missing
from .test_seal import report_folder

EXAMPLE = REPO / "examples" / "2018"
A4_MM = (210, 297)

needs_fonts = pytest.mark.usefixtures("chinese_fonts")


@pytest.fixture(scope="module")
def pages() -> pg.Document:
    return ar.pages(EXAMPLE)


def test_a_page_model_is_frozen_and_checks_its_runs() -> None:
    face = pg.Face("/x.ttf", 0, "X-Regular", "X")
    run = pg.GlyphRun(face, 16, 10, 20, "年度", (16.0, 15.5))
    with pytest.raises(FrozenInstanceError):
        run.x = 0  # type: ignore[misc]
    assert list(run.origins()) == [(10, "年"), (26.0, "度")] and run.width == 31.5
    with pytest.raises(ValueError):
        pg.GlyphRun(face, 16, 0, 0, "年度", (16.0,))
    seal = pg.Image(0, 0, 10, 10, data=b"png", z=-1)
    page = pg.Page(100, 100, (run, pg.Rule(0, 0, 1, 1, 0.5), seal))
    assert page.painted()[0] is seal  # behind the text
    assert pg.Colour.from_hex("#C00000").hex == "#C00000"


@needs_fonts
def test_pages_are_the_pdf_laid_out(pages: pg.Document, tmp_path: Path) -> None:
    pdf = ar.render_pdf(EXAMPLE)
    assert pdf is not None
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        assert len(opened.pages) == len(pages.pages)
        for page, drawn in zip(pages.pages, opened.pages):
            assert (page.width, page.height) == pytest.approx((drawn.width, drawn.height))
            assert page.text().replace(" ", "") == "".join(c["text"] for c in drawn.chars).replace(" ", "")
            # Top-left origin: each run's first glyph where pdfplumber finds it (its baseline from the top).
            run = next(page.runs())
            first = drawn.chars[0]
            assert run.x == pytest.approx(first["x0"], abs=0.01)
            assert page.height - run.y == pytest.approx(first["matrix"][5], abs=0.01)
    # Every face names the file the PDF embedded it from, so another writer can embed the same one.
    assert all(Path(face.path).is_file() and face.postscript_name for face in pages.faces())
    labels = [page.label for page in pages.pages]
    assert labels[0] == "— 1 —" and all(label is None or label == f"— {n} —" for n, label in enumerate(labels, 1))
    assert [entry.level for entry in pages.outline][:1] == [0]
    assert all(0 <= entry.page < len(pages.pages) and 0 <= entry.y <= page.height for entry in pages.outline)


@needs_fonts
def test_written_pages_are_deterministic(pages: pg.Document) -> None:
    assert write_pages(pages) == write_pages(pages)


@needs_fonts
def test_png_previews_are_a4_pages_with_ink(pages: pg.Document) -> None:
    pngs = page_pngs(pages, dpi=60)
    assert len(pngs) == len(pages.pages)
    for png in pngs:
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.mode == "RGB"
        width, height = (round(side / 25.4 * 60) for side in A4_MM)
        assert abs(image.width - width) <= 1 and abs(image.height - height) <= 1
        data = image.tobytes()
        ink = sum(1 for i in range(0, len(data), 3) if data[i] + data[i + 1] + data[i + 2] < 3 * 128)
        assert ink > 500  # text, not a blank page
    assert pngs == page_pngs(pages, dpi=60)  # the same pixels every time


@needs_fonts
def test_preview_shows_the_seal_in_red(tmp_path: Path) -> None:
    folder = report_folder(tmp_path / "r")
    png = ar.page_pngs(folder, dpi=72)[-1]
    image = Image.open(io.BytesIO(png))
    data = image.tobytes()
    red = sum(1 for i in range(0, len(data), 3) if data[i] > 180 and data[i + 1] < 90 and data[i + 2] < 90)
    assert red > 200, red


def test_rasterise_takes_a_pdf_of_any_page_size() -> None:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(144, 72))
    canvas.rect(0, 0, 72, 72, fill=1)
    canvas.showPage()
    canvas.save()
    (png,) = rasterise(out.getvalue(), dpi=72)
    image = Image.open(io.BytesIO(png))
    assert image.size == (144, 72)
    assert image.getpixel((10, 10)) == (0, 0, 0) and image.getpixel((130, 10)) == (255, 255, 255)


def test_the_writer_draws_every_kind_of_item(tmp_path: Path) -> None:
    """A page written from data alone: a face the PDF has not seen registered from its file, every item kind,
    top-left coordinates turned into PDF's, the outline pointing at its page."""
    import pypdf
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    if not font.exists():
        missing("no WenQuanYi Micro Hei (fonts-wqy-microhei) installed")
    face = pg.Face(str(font), 0, "WenQuanYiMicroHei", "PagesTestFace")
    text = "年度报告"
    advances = tuple(16.0 + 2.0 for _ in text)
    png = io.BytesIO()
    Image.new("RGBA", (4, 4), (255, 0, 0, 255)).save(png, "PNG")
    page = pg.Page(300, 200, (
        pg.GlyphRun(face, 16, 20, 50, text, advances, pg.Colour(0, 0, 1)),
        pg.Rule(10, 100, 290, 100, 2, pg.Colour.from_hex("#FF0000"), "round"),
        pg.Rect(10, 120, 50, 30, pg.BLACK),
        pg.Image(200, 120, 40, 40, data=png.getvalue(), z=-1),
        pg.Link(20, 30, 80, 25, "https://example.org/"),
    ), "— 1 —", 1)  # fmt: skip
    document = pg.Document(
        (page, pg.Page(300, 200, (), None, 2)),
        (pg.OutlineEntry("一、总体情况", 0, 1, 10.0),),
        pg.Metadata(title="测试", author="某镇", language="zh-CN", timestamp=1546214400.0),
    )
    pdf = write_pages(document)
    assert pdf is not None and pdf == write_pages(document)
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        first = opened.pages[0]
        chars = first.chars
        assert "".join(c["text"] for c in chars) == text
        assert [round(c["x0"], 2) for c in chars] == [20.0, 38.0, 56.0, 74.0]  # each advance 18 pt
        assert all(round(c["matrix"][5], 2) == 150.0 for c in chars)  # baseline 50 pt below the top of 200
        assert stringWidth(text[0], face.name, 16) != 18  # so the TJ numbers, not the glyphs' widths, place them
        (rule,) = [line for line in first.lines if line["linewidth"] == 2]
        assert (rule["x0"], rule["top"], rule["x1"]) == (10, 100, 290)
        assert any(r["x0"] == 10 and r["top"] == 120 and r["width"] == 50 and r["height"] == 30 for r in first.rects)
        (image,) = first.images
        assert (round(image["x0"]), round(image["top"]), round(image["width"])) == (200, 120, 40)
        assert first.hyperlinks[0]["uri"] == "https://example.org/"
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    (entry,) = reader.outline
    assert entry.title == "一、总体情况" and reader.get_destination_page_number(entry) == 1
    assert reader.metadata.title == "测试" and reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_a_path_is_checked_and_drawn_as_its_segments() -> None:
    """A Path refuses a malformed segment; the PDF writer draws its lines and curves filled and stroked where
    the page puts them (top-left turned into PDF's), its dash and the even-odd rule as operators; the OFD
    writer as a PathObject whose AbbreviatedData is relative to its Boundary, valid against the schemas."""
    import zipfile

    from lxml import etree

    from annualreport.render.ofd import write_ofd

    from .test_ofd import NS, XSD

    with pytest.raises(ValueError, match="not a path segment"):
        pg.Path(((pg.MOVE, 1.0),))
    shape = pg.Path(
        ((pg.MOVE, 10, 20), (pg.LINE, 110, 20), (pg.CURVE, 120, 20, 120, 60, 110, 60), (pg.LINE, 10, 60), (pg.CLOSE,)),
        stroke=pg.Colour.from_hex("#C00000"), fill=pg.Colour.from_hex("#3C5A78"), width=2, dash=(3, 2),
        join="round", even_odd=True,
    )  # fmt: skip
    assert shape.bounds() == (9, 19, 121, 61)
    document = pg.Document((pg.Page(300, 200, (shape,), None, 1),), metadata=pg.Metadata(timestamp=1546214400.0))
    pdf = write_pages(document)
    assert pdf is not None
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        (curve,) = opened.pages[0].curves
        assert (round(curve["x0"]), round(curve["top"]), round(curve["bottom"])) == (10, 20, 60)
        assert 110 <= curve["x1"] <= 120  # pdfplumber's box of the curve: its end points, or its control points too
        assert curve["fill"] and curve["stroke"] and curve["linewidth"] == 2
        assert tuple(round(c, 2) for c in curve["non_stroking_color"]) == (0.24, 0.35, 0.47)
        assert curve["dash"][0] == [3, 2]
    import pypdf

    content = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    assert " c " in content and "B*" in content and "[3 2] 0 d" in content  # a curve, even-odd fill and stroke, the dash
    package = write_ofd(document)
    assert package is not None
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        page = etree.fromstring(archive.read("Doc_0/Pages/Page_0/Content.xml"))
    assert etree.XMLSchema(etree.parse(str(XSD / "Page.xsd"))).validate(page)
    (obj,) = page.iterfind(".//ofd:PathObject", NS)
    assert obj.get("Fill") == "true" and obj.get("Rule") == "Even-Odd" and obj.get("Join") == "Round"
    assert obj.get("Boundary") == "3.175 6.703 39.511 14.816"  # (9, 19) to (121, 61) points in millimetres
    assert obj.findtext("ofd:AbbreviatedData", namespaces=NS).split()[:4] == ["M", "0.353", "0.353", "L"]
    assert obj.findtext("ofd:AbbreviatedData", namespaces=NS).split()[-1] == "C"
    assert obj.find("ofd:StrokeColor", NS).get("Value") == "192 0 0" and obj.get("DashPattern") == "1.058 0.706"
