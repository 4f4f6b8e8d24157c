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

from .conftest import REPO
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
