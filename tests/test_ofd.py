"""OFD output (issue 14): the PDF's pages written as an OFD package — its parts, units and positions, its fonts,
validity against the GB/T 33190-2016 schemas, determinism, and a read-back by an independent reader (easyofd)."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image

import annualreport as ar
from annualreport.render import pages as pg
from annualreport.render.ofd import NAMESPACE, write_ofd
from annualreport.render.pdf import write_pages

from .conftest import REPO, squash
from .fontmaker import make_font
from .test_seal import report_folder

EXAMPLE = REPO / "examples" / "2018"
XSD = REPO / "tests" / "data" / "ofd-xsd"
NS = {"ofd": NAMESPACE}
MM = 25.4 / 72
SCHEMA_OF = {"OFD.xml": "OFD.xsd", "Document.xml": "Document.xsd", "PublicRes.xml": "Res.xsd",
             "DocumentRes.xml": "Res.xsd", "Content.xml": "Page.xsd"}  # fmt: skip

needs_fonts = pytest.mark.usefixtures("chinese_fonts")


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def glyph_positions(text_object: etree._Element) -> list[tuple[str, float, float]]:
    """(character, x, baseline) in page millimetres, as GB/T 33190 11.3 defines TextCode's X, Y and DeltaX
    (``g N D``: N steps of D) — read independently of the writer."""
    bx, by = (float(v) for v in text_object.get("Boundary").split()[:2])
    out = []
    for code in text_object.findall("ofd:TextCode", NS):
        tokens = (code.get("DeltaX") or "").split()
        steps: list[float] = []
        i = 0
        while i < len(tokens):
            if tokens[i] == "g":
                steps += [float(tokens[i + 2])] * int(tokens[i + 1])
                i += 3
            else:
                steps.append(float(tokens[i]))
                i += 1
        x, y = bx + float(code.get("X")), by + float(code.get("Y"))
        for n, char in enumerate(code.text):
            out.append((char, x, y))
            if n < len(steps):
                x += steps[n]
    return out


@pytest.fixture(scope="module")
def schemas() -> dict[str, etree.XMLSchema]:
    return {name: etree.XMLSchema(etree.parse(str(XSD / name))) for name in set(SCHEMA_OF.values())}


def assert_valid(package: dict[str, bytes], schemas: dict[str, etree.XMLSchema]) -> None:
    checked = 0
    for name, data in package.items():
        if name.endswith(".xml"):
            schema = schemas[SCHEMA_OF[name.rsplit("/", 1)[-1]]]
            assert schema.validate(xml(data)), f"{name}: {schema.error_log}"
            checked += 1
    assert checked >= 4


# ------------------------------------------------------------------ hand-made pages


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[pg.Document, Path]:
    folder = tmp_path_factory.mktemp("ofd")
    font = make_font(folder / "Test.ttf", "OfdTest", "年度报告总结一二三ABC")
    face = pg.Face(str(font), 0, "OfdTest-Regular", "OfdTestFace")
    png = io.BytesIO()
    seal = Image.new("RGBA", (8, 8), (255, 0, 0, 0))
    seal.putpixel((3, 3), (255, 0, 0, 255))
    seal.save(png, "PNG")
    page = pg.Page(595.2756, 841.8898, (
        pg.GlyphRun(face, 16, 79.37, 100.5, "年度报告", (18.0, 18.0, 18.0, 18.0), pg.Colour(0, 0, 1)),
        pg.GlyphRun(face, 10.5, 79.37, 130.0, " A&B<总结 ", (5.25, 5.25, 5.5, 5.25, 5.25, 10.5, 10.5, 5.25)),
        pg.Rule(79.37, 150, 515.9, 150, 2, pg.Colour.from_hex("#FF0000"), "round"),
        pg.Rect(100, 200, 50, 30, pg.Colour.from_hex("#336699")),
        pg.Image(300, 180, 120, 120, data=png.getvalue(), z=-1),
        pg.Link(79.37, 85, 72, 20, "https://example.org/?a=1&b=2"),
    ), "— 1 —", 1)  # fmt: skip
    second = pg.Page(595.2756, 841.8898, (pg.GlyphRun(face, 16, 90, 200, "一二三", (16.0, 16.0, 16.0)),), None, 2)
    document = pg.Document(
        (page, second),
        (pg.OutlineEntry("一、总体", 0, 0, 90.0), pg.OutlineEntry("（一）细节", 1, 1, 180.0),
         pg.OutlineEntry("二、其他", 0, 1, 300.0)),
        pg.Metadata(title="测试报告", author="某镇人民政府", subject="测试", language="zh-CN", creator="annualreport",
                    timestamp=1546214400.0),
    )  # fmt: skip
    return document, font


def test_the_package_has_the_parts_of_an_ofd(made: tuple[pg.Document, Path]) -> None:
    document, _ = made
    data = write_ofd(document, keywords=["2018", "测试"])
    assert data is not None
    package = parts(data)
    assert list(package) == sorted(package)
    assert set(package) == {
        "OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml", "Doc_0/DocumentRes.xml", "Doc_0/Res/font_1.ttf",
        "Doc_0/Res/image_2.png", "Doc_0/Pages/Page_0/Content.xml", "Doc_0/Pages/Page_1/Content.xml",
    }  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2018, 12, 31, 0, 0, 0)}
    info = xml(package["OFD.xml"]).find("ofd:DocBody/ofd:DocInfo", NS)
    assert info.findtext("ofd:Title", namespaces=NS) == "测试报告"
    assert info.findtext("ofd:Author", namespaces=NS) == "某镇人民政府"
    assert info.findtext("ofd:CreationDate", namespaces=NS) == "2018-12-31"
    assert [k.text for k in info.findall("ofd:Keywords/ofd:Keyword", NS)] == ["2018", "测试"]
    assert len(info.findtext("ofd:DocID", namespaces=NS)) == 32
    root = xml(package["Doc_0/Document.xml"])
    assert root.findtext("ofd:CommonData/ofd:PageArea/ofd:PhysicalBox", namespaces=NS) == "0 0 210 297"
    pages = [(p.get("ID"), p.get("BaseLoc")) for p in root.findall("ofd:Pages/ofd:Page", NS)]
    assert [loc for _, loc in pages] == ["Pages/Page_0/Content.xml", "Pages/Page_1/Content.xml"]
    ids = [int(e.get("ID")) for part in package.values() if part[:5] == b"<?xml" for e in xml(part).iter() if e.get("ID")]
    assert len(ids) == len(set(ids)) and int(root.findtext("ofd:CommonData/ofd:MaxUnitID", namespaces=NS)) == max(ids)
    # The outline mirrors the PDF's: nested by level, each entry going to its page at its top.
    (first, second) = root.findall("ofd:Outlines/ofd:OutlineElem", NS)
    assert (first.get("Title"), second.get("Title")) == ("一、总体", "二、其他")
    (child,) = first.findall("ofd:OutlineElem", NS)
    dest = child.find(".//ofd:Dest", NS)
    assert child.get("Title") == "（一）细节" and dest.get("PageID") == pages[1][0]
    assert float(dest.get("Top")) == pytest.approx(180 * MM, abs=0.001)


def test_every_glyph_sits_where_the_page_puts_it(made: tuple[pg.Document, Path]) -> None:
    document, _ = made
    package = parts(write_ofd(document) or b"")
    layer = xml(package["Doc_0/Pages/Page_0/Content.xml"]).find("ofd:Content/ofd:Layer", NS)
    objects = list(layer)
    # Paint order: the image (z -1) first, then text, rule and rectangle as listed.
    assert [etree.QName(o).localname for o in objects] == ["ImageObject", "TextObject", "TextObject", "PathObject", "PathObject"]
    runs = list(document.pages[0].runs())
    for run, text_object in zip(runs, objects[1:3]):
        assert float(text_object.get("Size")) == pytest.approx(run.size * MM, abs=0.001)
        got = glyph_positions(text_object)
        assert "".join(g[0] for g in got) == run.text.strip()
        origins = {i: (x * MM, c) for i, (x, c) in enumerate(run.origins())}
        start = len(run.text) - len(run.text.lstrip())
        for n, (char, x, y) in enumerate(got):
            ox, oc = origins[start + n]
            assert char == oc and x == pytest.approx(ox, abs=0.0011) and y == pytest.approx(run.y * MM, abs=0.0011)
    assert objects[1].find("ofd:FillColor", NS).get("Value") == "0 0 255"
    assert objects[2].findtext("ofd:TextCode", namespaces=NS) == "A&B<总结"  # escaped in the XML, the spaces trimmed
    rule, rect = objects[3], objects[4]
    assert rule.get("Cap") == "Round" and float(rule.get("LineWidth")) == pytest.approx(2 * MM, abs=0.001)
    assert rule.find("ofd:StrokeColor", NS).get("Value") == "255 0 0"
    bx, by = (float(v) for v in rule.get("Boundary").split()[:2])
    _, x0, y0, _, x1, y1 = rule.findtext("ofd:AbbreviatedData", namespaces=NS).split()
    assert (bx + float(x0), by + float(y0)) == pytest.approx((79.37 * MM, 150 * MM), abs=0.002)
    assert (bx + float(x1), by + float(y1)) == pytest.approx((515.9 * MM, 150 * MM), abs=0.002)
    assert rect.get("Fill") == "true" and rect.get("Stroke") == "false"
    assert [float(v) for v in rect.get("Boundary").split()] == pytest.approx([100 * MM, 200 * MM, 50 * MM, 30 * MM], abs=0.002)
    assert rect.find("ofd:FillColor", NS).get("Value") == "51 102 153"
    image = objects[0]
    assert [float(v) for v in image.get("Boundary").split()] == pytest.approx([300 * MM, 180 * MM, 120 * MM, 120 * MM], abs=0.002)
    assert image.get("CTM").split()[1:3] == ["0", "0"]
    media = xml(package["Doc_0/DocumentRes.xml"]).find("ofd:MultiMedias/ofd:MultiMedia", NS)
    assert media.get("ID") == image.get("ResourceID") and media.get("Format") == "PNG"
    kept = Image.open(io.BytesIO(package["Doc_0/Res/" + media.findtext("ofd:MediaFile", namespaces=NS)]))
    assert kept.mode == "RGBA" and kept.getpixel((0, 0))[3] == 0 and kept.getpixel((3, 3)) == (255, 0, 0, 255)
    action = xml(package["Doc_0/Pages/Page_0/Content.xml"]).find("ofd:Actions/ofd:Action", NS)
    assert action.get("Event") == "CLICK" and action.find("ofd:URI", NS).get("URI") == "https://example.org/?a=1&b=2"


def test_the_embedded_font_is_a_subset_of_the_same_face(made: tuple[pg.Document, Path]) -> None:
    document, source_path = made
    package = parts(write_ofd(document) or b"")
    (font,) = xml(package["Doc_0/PublicRes.xml"]).findall("ofd:Fonts/ofd:Font", NS)
    assert font.get("FontName") == "OfdTest-Regular" and font.get("FamilyName") == "OfdTest"
    subset = TTFont(io.BytesIO(package["Doc_0/Res/" + font.findtext("ofd:FontFile", namespaces=NS)]))
    source = TTFont(source_path)
    drawn = set("年度报告A&B<总结一二三") & {chr(c) for c in source.getBestCmap()}
    assert {chr(c) for c in subset.getBestCmap()} == drawn  # exactly what the pages draw, not the font's C
    for char in "年A":
        mine, theirs = subset.getBestCmap()[ord(char)], source.getBestCmap()[ord(char)]
        assert subset["hmtx"][mine] == source["hmtx"][theirs]
        assert subset["glyf"][mine].getCoordinates(subset["glyf"])[0] == source["glyf"][theirs].getCoordinates(source["glyf"])[0]
    assert subset["head"].modified == source["head"].modified  # never the clock


def test_the_package_validates_against_the_ofd_schemas(made: tuple[pg.Document, Path], schemas: dict) -> None:
    document, _ = made
    package = parts(write_ofd(document) or b"")
    assert_valid(package, schemas)
    # The check can fail: a text object without its font is refused.
    broken = package["Doc_0/Pages/Page_1/Content.xml"].replace(b' Font="1"', b"")
    assert not schemas["Page.xsd"].validate(xml(broken))


def test_same_pages_same_bytes(made: tuple[pg.Document, Path]) -> None:
    document, _ = made
    target = io.BytesIO()
    assert write_ofd(document, target) is None
    assert target.getvalue() == write_ofd(document)


# ------------------------------------------------------------------ a real report


@pytest.fixture(scope="module")
def example_pages() -> pg.Document:
    return ar.pages(EXAMPLE)


@pytest.fixture(scope="module")
def example_ofd(example_pages: pg.Document) -> bytes:
    data = ar.render_ofd(EXAMPLE)
    assert data is not None
    return data


@needs_fonts
def test_the_example_validates_and_renders_the_same_twice(example_ofd: bytes, schemas: dict) -> None:
    assert_valid(parts(example_ofd), schemas)
    assert ar.render_ofd(EXAMPLE) == example_ofd


@needs_fonts
def test_the_example_embeds_the_pdfs_faces(example_ofd: bytes, example_pages: pg.Document) -> None:
    package = parts(example_ofd)
    fonts = xml(package["Doc_0/PublicRes.xml"]).findall("ofd:Fonts/ofd:Font", NS)
    assert [f.get("FontName") for f in fonts] == [face.postscript_name for face in example_pages.faces()]
    for font in fonts:
        assert "Doc_0/Res/" + font.findtext("ofd:FontFile", namespaces=NS) in package


def easyofd_read(data: bytes, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The package as easyofd (an independent OFD reader, renoyuan/easyofd on PyPI) parses it."""
    monkeypatch.chdir(folder)  # easyofd unpacks the package into the working folder
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its own sources' invalid escapes, PyMuPDF's deprecations
        from easyofd.parser_ofd import OFDParser

        return OFDParser(base64.b64encode(data).decode("ascii"))()


@needs_fonts
def test_easyofd_reads_the_example_text_in_order_and_in_place(
    example_ofd: bytes, example_pages: pg.Document, seed_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """easyofd's reading of every character (its own arithmetic of Boundary, X, Y and DeltaX) agrees with the
    PDF of the same pages as pdfplumber reads it: the same text in the same order on each page, and every
    fifth character within 0.2 mm; every line of the seed's text is there, in order."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from easyofd.draw.draw_pdf import DrawPDF
    (doc,) = easyofd_read(example_ofd, tmp_path, monkeypatch)
    assert [round(v, 3) for v in doc["default_page_size"]] == [0, 0, 210, 297]
    assert sorted(doc["page_info"]) == list(range(len(example_pages.pages)))
    pdf = write_pages(example_pages) or b""
    cmp_offset = DrawPDF.cmp_offset
    compared = 0
    body = squash("".join(cell["text"] for number in sorted(doc["page_info"]) for cell in doc["page_info"][number]["text_list"]
                          if not re.fullmatch(r"—\s*\d+\s*—", cell["text"])))  # page numbers interrupt paragraphs
    position = 0
    for line in filter(None, map(squash, seed_text.splitlines())):
        found = body.find(line, position)
        assert found >= 0, f"missing or out of order: {line[:30]}"
        position = found + len(line)
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        for number, (page, pdf_page) in enumerate(zip(example_pages.pages, opened.pages)):
            read: list[tuple[str, float, float]] = []
            for cell in doc["page_info"][number]["text_list"]:
                xs = cmp_offset(None, cell["pos"][0], cell["X"], cell["DeltaX"], cell["text"], {}, "X")
                ys = cmp_offset(None, cell["pos"][1], cell["Y"], cell["DeltaY"], cell["text"], {}, "Y")
                read += [(c, x, y) for c, x, y in zip(cell["text"], xs, ys) if not c.isspace()]
            squashed = "".join(page.text().split())
            assert "".join(c for c, _, _ in read) == squashed
            chars = [c for c in pdf_page.chars if not c["text"].isspace()]
            assert "".join(c["text"] for c in chars) == squashed  # the PDF draws them in the same order
            for (char, x, y), pdf_char in list(zip(read, chars))[::5]:
                assert char == pdf_char["text"]
                assert abs(x - pdf_char["x0"] * MM) <= 0.2
                assert abs(y - (pdf_page.height - pdf_char["matrix"][5]) * MM) <= 0.2
                compared += 1
    assert compared > 500


@needs_fonts
def test_easyofd_draws_the_pages(example_ofd: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """easyofd's own drawing of the package (to PDF, then PNG): one page per page, ink where the text is."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from easyofd.draw.draw_pdf import DrawPDF
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont as RLTTFont
    data = easyofd_read(example_ofd, tmp_path, monkeypatch)
    # easyofd draws every character in a font it calls 宋体 (its reading of the embedded fonts aside): give it one.
    font = tmp_path / "song.ttf"
    font.write_bytes(parts(example_ofd)["Doc_0/Res/font_3.ttf"])
    pdfmetrics.registerFont(RLTTFont("宋体", str(font)))
    drawn = DrawPDF(data)()
    with pdfplumber.open(io.BytesIO(drawn)) as opened:
        assert len(opened.pages) == 7
        first = opened.pages[0]
        scale = first.width / 210  # easyofd draws 200/25.4 points per millimetre
        title = [c for c in first.chars if c["text"] in "年度工作总结"][:1]
        assert title and 30 < title[0]["top"] / scale < 45  # the title's line, 37–47 mm down
        png = first.to_image(resolution=30).original
        assert png.convert("L").getextrema()[0] < 128  # ink


# ------------------------------------------------------------------ doors


@needs_fonts
def test_cli_writes_the_ofd(tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "annualreport.cli"]
    done = subprocess.run([*cli, "render", str(EXAMPLE), "--ofd", "-o", str(tmp_path)], capture_output=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2018.ofd"]
    out = subprocess.run([*cli, "render", str(EXAMPLE), "--ofd", "-o", "-"], capture_output=True)
    assert out.returncode == 0 and out.stdout == (tmp_path / "2018.ofd").read_bytes()
    both = subprocess.run([*cli, "render", str(EXAMPLE), "--ofd", "--pdf", "-o", "-"], capture_output=True)
    assert both.returncode == 2 and b"--ofd" in both.stderr
    fonts = subprocess.run([*cli, "fonts", str(EXAMPLE)], capture_output=True, text=True)
    assert fonts.returncode == 0
    listed = fonts.stdout.split("faces the PDF and the OFD embed", 1)[1]
    assert "FandolFang-Regular" in listed or "FangSong" in listed


def test_a_composite_glyph_keeps_its_parts_in_a_collections_face(tmp_path: Path) -> None:
    """A composite glyph (as accented letters are built) brings its components along, renumbered; a face of a
    .ttc is read at its own index."""
    from .fontmaker import make_collection

    other = make_font(tmp_path / "Other.ttf", "Other", "甲乙")
    font = make_font(tmp_path / "Comp.ttf", "Comp", "ABCDEFGH", composites=["É"])
    collection = make_collection(tmp_path / "Both.ttc", other, font)
    face = pg.Face(str(collection), 1, "Comp-Regular", "CompFace")
    document = pg.Document((pg.Page(200, 200, (pg.GlyphRun(face, 12, 10, 20, "ÉH", (12.0, 6.0)),)),))
    package = parts(write_ofd(document) or b"")
    subset = TTFont(io.BytesIO(package["Doc_0/Res/font_1.ttf"]))
    source = TTFont(font)
    assert sorted(subset.getGlyphOrder()) and len(subset.getGlyphOrder()) == 5  # .notdef, A, B (the parts), É, H
    glyph = subset["glyf"][subset.getBestCmap()[ord("É")]]
    assert glyph.isComposite()
    ours = glyph.getCoordinates(subset["glyf"])[0]
    theirs = source["glyf"][source.getBestCmap()[ord("É")]].getCoordinates(source["glyf"])[0]
    assert list(ours) == list(theirs) and len(ours) > 0


@needs_fonts
def test_a_seal_is_an_image_behind_the_text(tmp_path: Path, schemas: dict) -> None:
    """A report with a seal: its PNG, alpha kept, in DocumentRes; drawn first on its page (behind the issuer),
    in the box the PDF gives it."""
    folder = report_folder(tmp_path / "sealed")
    laid_out = ar.pages(folder)
    ((number, seal),) = [(n, i) for n, p in enumerate(laid_out.pages) for i in p.items if isinstance(i, pg.Image)]
    package = parts(ar.render_ofd(folder) or b"")
    assert_valid(package, schemas)
    layer = xml(package[f"Doc_0/Pages/Page_{number}/Content.xml"]).find("ofd:Content/ofd:Layer", NS)
    first = layer[0]
    assert etree.QName(first).localname == "ImageObject" and len(layer) > 1
    box = [float(v) for v in first.get("Boundary").split()]
    assert box == pytest.approx([seal.x * MM, seal.y * MM, seal.width * MM, seal.height * MM], abs=0.002)
    media = xml(package["Doc_0/DocumentRes.xml"]).find("ofd:MultiMedias/ofd:MultiMedia", NS)
    kept = package["Doc_0/Res/" + media.findtext("ofd:MediaFile", namespaces=NS)]
    assert kept == (folder / "seal.png").read_bytes() and Image.open(io.BytesIO(kept)).mode == "RGBA"
