"""The seal (GB/T 9704 7.3.5.1): `seal: seal.png` checked at load time with one located message per problem,
placed once in millimetres by the build, drawn at its real size behind issuer and date in the PDF (an image)
and the .docx (a floating picture), red kept, and where LibreOffice draws the .docx within 1 mm of the PDF."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from PIL import Image, ImageDraw

import annualreport as ar
from annualreport import images
from annualreport.cli import main
from annualreport.document import Seal, Signature, BlankLine, seal_blank_lines
from annualreport.limits import Limits
from annualreport.style import MM, load_style

RED = (230, 0, 18)
ISSUER = "大沁他拉镇人民政府"
DATE_TEXT = "2019年1月15日"
PARAGRAPH = "全镇上下围绕年初确定的目标任务，攻坚克难，真抓实干，各项工作取得了新的成效。"


def seal_png(pixels: int = 500, **save: object) -> bytes:
    """A red ring with a star on a transparent square: a stand-in for an official seal."""
    image = Image.new("RGBA", (pixels, pixels), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = max(2, pixels // 25)
    draw.ellipse((ring // 2, ring // 2, pixels - 1 - ring // 2, pixels - 1 - ring // 2), outline=(*RED, 255), width=ring)
    draw.regular_polygon((pixels / 2, pixels / 2, pixels / 7), 5, fill=(*RED, 255))
    out = io.BytesIO()
    image.save(out, "PNG", **save)
    return out.getvalue()


def report_folder(folder: Path, *, paragraphs: int = 3, seal: str | None = "seal.png", size: float | None = None,
                  issuer: str | None = ISSUER, png: bytes | None = None) -> Path:  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["title: 2018年度工作总结", "year: 2018", "date: 2019-01-15"]
    if issuer:
        lines.append(f"issuer: {issuer}")
    if seal:
        lines.append(f"seal: {seal}")
    if size is not None:
        lines.append(f"seal_size_mm: {size}")
    lines.append("content:")
    lines += [f"  - {PARAGRAPH}"] * paragraphs
    (folder / "report.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "seal.png").write_bytes(seal_png() if png is None else png)
    return folder


def refused(folder: Path, limits: Limits | None = None) -> list[str]:
    with pytest.raises(ar.InputError) as caught:
        ar.load(folder, limits=limits)
    return [str(p) for p in caught.value.problems]


# --------------------------------------------------------------------------- input


def test_a_seal_loads_and_is_checked_whole(tmp_path: Path):
    report = ar.load(report_folder(tmp_path))
    assert report.seal == "seal.png" and report.seal_size_mm == 42
    assert report.seal_image is not None and report.seal_image.data == (tmp_path / "seal.png").read_bytes()
    assert (report.seal_image.width, report.seal_image.height, report.seal_image.alpha) == (500, 500, True)


@pytest.mark.parametrize(
    ("png", "says"),
    [
        (b"GIF89a not a png", "not a PNG image"),
        (seal_png()[:-30], "damaged PNG"),
        (seal_png()[:40] + bytes([seal_png()[40] ^ 1]) + seal_png()[41:], "damaged PNG"),
        (b"", "not a PNG image"),
    ],
    ids=["gif", "truncated", "bit-flip", "empty"],
)
def test_a_seal_that_is_not_a_png_is_one_located_message(tmp_path: Path, png: bytes, says: str):
    folder = report_folder(tmp_path, png=png)
    [message] = refused(folder)
    assert message.startswith(f"{folder / 'report.yaml'}:5:1: seal: seal file 'seal.png': "), message
    assert says in message


def test_a_seal_too_large_names_its_limit(tmp_path: Path):
    folder = report_folder(tmp_path)
    size = (folder / "seal.png").stat().st_size
    [message] = refused(folder, Limits(seal_bytes=size - 1))
    assert message.startswith(f"{folder / 'report.yaml'}:5:1: seal: ")
    assert message.endswith(f"the seal file 'seal.png' is larger than {size - 1} bytes (limit seal_bytes = {size - 1})")
    [message] = refused(folder, Limits(seal_side_px=499))
    assert message.endswith("the seal image 'seal.png' is 500×500 pixels, a side longer than 499 (limit seal_side_px = 499)")
    assert ar.load(folder, limits=Limits(seal_bytes=size, seal_side_px=500)).seal_image is not None


def test_a_seal_without_an_issuer(tmp_path: Path):
    folder = report_folder(tmp_path, issuer=None)
    assert refused(folder) == [
        f"{folder / 'report.yaml'}:4:1: seal: a seal without an issuer: the seal presses on the issuer's name, "
        "so give issuer"
    ]


def test_seal_paths_and_sizes(tmp_path: Path):
    folder = report_folder(tmp_path / "r", seal="../seal.png")
    (tmp_path / "seal.png").write_bytes(seal_png())
    assert refused(folder) == [f"{folder / 'report.yaml'}:5:1: seal: seal path '../seal.png' leaves the report's folder; refused"]
    folder = report_folder(tmp_path / "s", seal="nope.png")
    assert refused(folder) == [f"{folder / 'report.yaml'}:5:1: seal: seal file 'nope.png' does not exist"]
    folder = report_folder(tmp_path / "t", seal=".")
    assert "not a regular file" in refused(folder)[0]
    for size, says in (("'42'", "expected a number"), (10, "must be at least 20"), (61, "at most 60")):
        folder = report_folder(tmp_path / f"size{size}".replace("'", ""), size=size)  # type: ignore[arg-type]
        [message] = refused(folder)
        assert ":6:1: seal_size_mm: " in message and says in message, message


def test_nothing_is_written_for_a_bad_seal(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = report_folder(tmp_path / "r", png=b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    out = tmp_path / "out"
    assert main(["render", str(folder), "-o", str(out), "--docx", "--pdf"]) == 1
    assert "seal: seal file 'seal.png': not a PNG image" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_png_checks_of_every_kind():
    palette = Image.new("P", (30, 20), 0)
    out = io.BytesIO()
    palette.save(out, "PNG", transparency=0)
    assert images.check_png(out.getvalue(), 30) == images.Png(out.getvalue(), 30, 20, True)
    grey = io.BytesIO()
    Image.new("L", (7, 3), 9).save(grey, "PNG")
    assert not images.check_png(grey.getvalue(), 7).alpha
    with pytest.raises(images.TooManyPixels):
        images.check_png(out.getvalue(), 29)
    # more pixel data than the header says: IDAT of a larger image under this one's header
    big = seal_png(40)
    small = seal_png(20)
    head = small[: 8 + 25]  # signature + IHDR chunk
    idat = big[8 + 25 :]
    with pytest.raises(images.ImageError, match="pixel data"):
        images.check_png(head + idat, 100)


# --------------------------------------------------------------------------- build


def test_the_build_places_the_seal_once_in_millimetres(tmp_path: Path):
    style = load_style("gbt9704")
    pitch_mm = style.page.line_pitch_pt / MM
    document = ar.build(report_folder(tmp_path, size=45))
    [signature] = [n for n in document.nodes if isinstance(n, Signature)]
    blank = document.nodes[document.nodes.index(signature) - 1]
    assert isinstance(blank, BlankLine) and blank.count == seal_blank_lines(45, style) == 2
    seal = signature.seal
    assert isinstance(seal, Seal) and seal.size_mm == 45
    # sealed layout: date 4 characters in, issuer centred over it, the seal centred on both
    assert signature.date_right_chars == style.signature.sealed_date_right_indent_chars
    cell_mm = style.page.char_cell_pt / MM
    date_centre = (4 + 6.5 / 2) * cell_mm  # 2019年1月15日: 4 half-width digits, 年, 1, 月, 15, 日
    assert seal.centre_right_mm == pytest.approx(date_centre, abs=0.01)
    issuer_centre = signature.issuer_right_chars + len(ISSUER) / 2
    assert issuer_centre * cell_mm == pytest.approx(seal.centre_right_mm, abs=0.01)
    # its centre on the middle of the issuer's line: issuer and date below the centre; its top clear of the
    # text and less than one line below it
    assert seal.centre_down_mm == pytest.approx(pitch_mm / 2, abs=0.01)
    top_below_text = blank.count * pitch_mm + seal.centre_down_mm - seal.size_mm / 2
    assert 0 <= top_below_text < pitch_mm
    for size in (20, 42, 60):
        lines = seal_blank_lines(size, style)
        assert 0 <= lines * pitch_mm + pitch_mm / 2 - size / 2 < pitch_mm


# --------------------------------------------------------------------------- PDF


def _seal_and_text(pdf: Path) -> list[dict]:
    """Per page with an image or the signature: the images' boxes, the issuer's and the date's lines and the
    bottom of the text above them, in millimetres."""
    found = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            lines: dict[int, list[dict]] = {}
            for c in page.chars:
                if c["text"].strip():
                    lines.setdefault(round(c["bottom"]), []).append(c)
            shown = {key: "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"])) for key, chars in lines.items()}
            boxes: dict = {
                "page": page.page_number,
                "images": [{k: image[k] / MM for k in ("x0", "x1", "top", "bottom")} for image in page.images],
            }
            issuer = [key for key, text in shown.items() if text == ISSUER]
            date = [key for key, text in shown.items() if text == DATE_TEXT]
            if issuer and date:
                boxes["issuer"], boxes["date"] = _box(lines[issuer[0]]), _box(lines[date[0]])
                above = [key for key in lines if key < issuer[0] - 5]
                boxes["text_bottom"] = max(c["bottom"] for c in lines[max(above)]) / MM if above else None
            if boxes["images"] or "issuer" in boxes:
                found.append(boxes)
    return found


def _box(chars: list[dict]) -> dict[str, float]:
    return {
        "x0": min(c["x0"] for c in chars) / MM, "x1": max(c["x1"] for c in chars) / MM,
        "top": min(c["top"] for c in chars) / MM, "bottom": max(c["bottom"] for c in chars) / MM,
    }  # fmt: skip


def _centre(box: dict[str, float]) -> tuple[float, float]:
    return (box["x0"] + box["x1"]) / 2, (box["top"] + box["bottom"]) / 2


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, chinese_fonts: None) -> Path:
    folder = report_folder(tmp_path_factory.mktemp("seal") / "r", paragraphs=6)
    document = ar.measured(ar.build(folder))
    ar.render_pdf(document, folder / "r.pdf")
    ar.render_docx(document, folder / "r.docx")
    return folder


def _check_placement(boxes: dict, size_mm: float, *, date_width_as_drawn: bool = True) -> None:
    """Size, 居中下压 and the top within one line of the text. ``date_width_as_drawn``: the date is as wide as
    the build counted it (our PDF); LibreOffice, without the 仿宋 face, draws it wider, from the same right edge."""
    [image] = boxes["images"]
    assert image["x1"] - image["x0"] == pytest.approx(size_mm, abs=0.05)
    assert image["bottom"] - image["top"] == pytest.approx(size_mm, abs=0.05)
    seal_x, seal_y = _centre(image)
    issuer_x, issuer_y = _centre(boxes["issuer"])
    date_x, date_y = _centre(boxes["date"])
    assert abs(seal_x - issuer_x) < 1  # 居中
    if date_width_as_drawn:
        assert abs(seal_x - date_x) < 1
    assert abs(seal_y - issuer_y) < 1  # the issuer on the seal's middle ...
    assert date_y > seal_y + 5 and boxes["date"]["bottom"] < image["bottom"]  # ... the date below it, pressed on
    top_gap = image["top"] - boxes["text_bottom"]
    assert 0 < top_gap < 10.2  # 上距正文一行之内, not on the text


def test_pdf_draws_the_seal_at_its_size_over_issuer_and_date(rendered: Path):
    [boxes] = _seal_and_text(rendered / "r.pdf")
    _check_placement(boxes, 42)
    # the build's millimetres exactly: from the block's right edge (A4, 28 mm + 156 mm block)
    seal_x, _ = _centre(boxes["images"][0])
    [signature] = [n for n in ar.build(rendered).nodes if isinstance(n, Signature)]
    assert 28 + 156 - seal_x == pytest.approx(signature.seal.centre_right_mm, abs=0.3)


def test_pdf_keeps_the_red_and_the_transparency(rendered: Path):
    from pypdf import PdfReader

    [page] = [p for p in PdfReader(rendered / "r.pdf").pages if p.images]
    [picture] = page.images
    image = picture.image.convert("RGBA")
    width, height = image.size
    ring = image.getpixel((width // 2, max(1, width // 50)))  # on the ring at the top
    assert ring[:3] == RED and ring[3] > 200
    assert image.getpixel((width // 2, height // 2))[:3] == RED  # the star
    assert image.getpixel((3, 3))[3] == 0  # outside the ring: transparent (the soft mask)


def test_seal_stays_with_the_signature_on_its_page(tmp_path: Path, chinese_fonts: None):
    """Whatever the length of the text, the seal is on the page of issuer and date, inside the page."""
    for paragraphs in (19, 20, 21):  # 19: the date on the last line of page 2; 20, 21: all on page 3
        folder = report_folder(tmp_path / str(paragraphs), paragraphs=paragraphs)
        ar.render_pdf(folder, folder / "r.pdf")
        pages = _seal_and_text(folder / "r.pdf")
        [boxes] = [p for p in pages if p["images"]]
        assert "issuer" in boxes and boxes["text_bottom"] is not None, (paragraphs, pages)
        _check_placement(boxes, 42)


def test_same_bytes_twice(tmp_path: Path, chinese_fonts: None):
    folder = report_folder(tmp_path)
    document = ar.measured(ar.build(folder))
    assert ar.render_pdf(document) == ar.render_pdf(document)
    assert ar.render_docx(document) == ar.render_docx(document)


# --------------------------------------------------------------------------- .docx


WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_docx_anchor_floats_behind_the_text(rendered: Path):
    with zipfile.ZipFile(rendered / "r.docx") as package:
        body = etree.fromstring(package.read("word/document.xml"))
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        assert [package.read(name) for name in media] == [(rendered / "seal.png").read_bytes()]  # the red as given
    [anchor] = body.iter(WP + "anchor")
    assert not list(body.iter(WP + "inline"))
    assert anchor.get("behindDoc") == "1" and anchor.find(WP + "wrapNone") is not None
    extent = anchor.find(WP + "extent")
    assert (extent.get("cx"), extent.get("cy")) == ("1512000", "1512000")  # 42 mm
    [signature] = [n for n in ar.build(rendered).nodes if isinstance(n, Signature)]
    seal = signature.seal
    horizontal, vertical = anchor.find(WP + "positionH"), anchor.find(WP + "positionV")
    assert horizontal.get("relativeFrom") == "margin"
    assert int(horizontal.findtext(WP + "posOffset")) == round((156 - seal.centre_right_mm - 21) * 36000)
    assert vertical.get("relativeFrom") == "paragraph"
    assert int(vertical.findtext(WP + "posOffset")) == round((seal.centre_down_mm - 21) * 36000)
    paragraph = anchor.getparent()
    while paragraph.tag != W + "p":
        paragraph = paragraph.getparent()
    assert "".join(t.text for t in paragraph.iter(W + "t")) == ISSUER  # anchored to the issuer's paragraph


def test_libreoffice_draws_the_docx_seal_where_the_pdf_has_it(rendered: Path, soffice: str, tmp_path: Path):
    command = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
               "pdf", "--outdir", str(tmp_path), str(rendered / "r.docx")]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    converted = tmp_path / "r.pdf"
    assert converted.is_file(), result.stdout + result.stderr
    [office] = _seal_and_text(converted)
    [ours] = _seal_and_text(rendered / "r.pdf")
    _check_placement(office, 42, date_width_as_drawn=False)
    assert abs(office["date"]["x1"] - ours["date"]["x1"]) < 1
    # relative to the issuer, within 1 mm of the PDF's
    for key in ("x0", "top"):
        office_offset = office["images"][0][key] - office["issuer"][key]
        our_offset = ours["images"][0][key] - ours["issuer"][key]
        assert abs(office_offset - our_offset) < 1, (key, office_offset, our_offset)
    assert abs(office["images"][0]["x0"] - ours["images"][0]["x0"]) < 1


# --------------------------------------------------------------------------- an SVG seal

SEAL_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="42mm" height="42mm" viewBox="0 0 100 100">'
    '<circle cx="50" cy="50" r="46" fill="none" stroke="#E60012" stroke-width="4"/>'
    '<polygon points="50,30 56,46 73,46 59,56 64,72 50,62 36,72 41,56 27,46 44,46" fill="#E60012"/>'
    "</svg>"
)


def _svg_folder(folder: Path, svg: str = SEAL_SVG) -> Path:
    report_folder(folder, paragraphs=6, seal="seal.svg")
    (folder / "seal.svg").write_text(svg, encoding="utf-8")
    return folder


def test_an_svg_seal_is_drawn_at_its_size_red_and_transparent(tmp_path: Path, chinese_fonts: None):
    from pypdf import PdfReader

    folder = _svg_folder(tmp_path / "r")
    report = ar.load(folder)
    assert report.seal_image is not None and report.seal_image.alpha
    assert report.seal_image.width == round(images.SEAL_SVG_MAX_MM / 25.4 * images.SEAL_SVG_DPI)  # 600 dpi at 60 mm
    ar.render_pdf(ar.measured(ar.build(report)), folder / "r.pdf")
    [boxes] = _seal_and_text(folder / "r.pdf")
    _check_placement(boxes, 42)
    [page] = [p for p in PdfReader(folder / "r.pdf").pages if p.images]
    image = page.images[0].image.convert("RGBA")
    width, height = image.size
    assert image.getpixel((width // 2, height // 2))[:3] == RED  # the star, in the SVG's red
    assert image.getpixel((3, 3))[3] == 0  # outside the ring: transparent
    assert ar.render_pdf(ar.load(folder)) == ar.render_pdf(ar.load(folder))  # the same bytes


def test_an_svg_seal_that_names_anything_outside_is_refused(tmp_path: Path):
    hostile = SEAL_SVG.replace("</svg>", '<image href="file:///etc/passwd" width="10" height="10"/></svg>')
    [problem] = refused(_svg_folder(tmp_path / "r", hostile))
    assert problem.startswith(f"{tmp_path / 'r' / 'report.yaml'}:5:") and "seal" in problem and "/etc/passwd" in problem
