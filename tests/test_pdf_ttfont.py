"""render/pdf/ttfont.py: the extended ReportLab TrueType font gives exactly what stock ReportLab gives, and is
used only on a tested ReportLab. Every test here builds its own font (tests/fontmaker.py): no font needs to be
installed."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
import reportlab
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas

import annualreport as ar
from annualreport import cache
from annualreport.render.pdf import ttfont
from annualreport.render.pdf.fonts.embed import required_text

from .conftest import REPO
from .fontmaker import CJK_SAMPLE, make_collection, make_font

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pdfminer")

# A report whose text needs more than 256 glyphs (ReportLab then writes more than one subset of the font).
REPORT = {
    "title": "二〇一八年度工作总结",
    "year": 2018,
    "issuer": "大沁他拉镇人民政府",
    "date": "2019-01-15",
    "content": [
        "全力打造“四大主导产业基地和一个核心示范区”，建设棚舍8.5万平方米（窖池6.5万立方米）。",
        {"lead": "养殖产业基地建设", "text": "牛羊存栏达到22.1万头（只），免疫率达到100%……"},
        CJK_SAMPLE[:150],
        CJK_SAMPLE[150:] + "。Annual report, PM2.5 — ÅÅ。",
    ],
}


def _text_of_report() -> str:
    style = ar.load_style()
    document = ar.build_document(ar.Report.model_validate(REPORT), style)
    return "".join(required_text(document).values())


@pytest.fixture(scope="module", params=["ttf", "ttc#1"])
def font_file(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int]:
    """A TrueType font covering REPORT (2048 units per em, composite glyphs): a .ttf, or face 1 of a .ttc."""
    folder = tmp_path_factory.mktemp("ttfont")
    chars = "".join(sorted(set(_text_of_report()) - {"Å"}))
    song = make_font(folder / "song.ttf", "AR Test Song", chars, units_per_em=2048, composites="Å")
    if request.param == "ttf":
        return str(song), 0
    other = make_font(folder / "other.ttf", "AR Test Other", "报告")
    return str(make_collection(folder / "both.ttc", other, song)), 1


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    yield


def _comparable(face: TTFontFace) -> dict[str, object]:
    ours = ("_pdfScale", "_tables", "_state_path", "_glyph_to_char", "_glyph_to_char_blob")
    out = {k: v for k, v in vars(face).items() if k not in ours}
    out["_ttf_data"] = bytes(face._ttf_data)  # ours is the file memory-mapped
    out["glyphToChar"] = face.glyphToChar  # ours keeps it marshalled until asked for
    # Ours are arrays behind the same indexing: compare element by element, types included.
    out["hmetrics"] = [(type(aw), aw, type(lsb), lsb) for aw, lsb in face.hmetrics]
    out["glyphPos"] = [(type(p), p) for p in face.glyphPos]
    out["widths"] = [(type(w), w) for w in face.charWidths.values()]
    out["names"] = {k: (type(v), getattr(v, "ustr", None)) for k, v in out.items() if isinstance(v, bytes)}
    out["scale"] = [face._pdfScale(v) for v in (1, 7, 1000, 2048)]
    return out


# --------------------------------------------------------------------------- the face


def test_restored_face_equals_the_parsed_one(font_file: tuple[str, int], tmp_path: Path) -> None:
    path, index = font_file
    plain = TTFontFace(path, subfontIndex=index)
    first = ttfont._Face(path, index)  # parses and saves
    state = list((tmp_path / "cache" / "fonts" / "reportlab").glob("*-v3.marshal"))
    assert len(state) == 1
    again = ttfont._Face(path, index)  # restores
    assert "_glyph_to_char_blob" in vars(again) and "charToGlyph" in vars(again)
    expected = _comparable(plain)
    assert len(plain.charToGlyph) > 256 and plain.unitsPerEm == 2048
    assert any(type(aw) is float for aw, _ in plain.hmetrics)  # the scaled tail advances are there too
    assert _comparable(first) == expected
    assert _comparable(again) == expected


def test_damaged_state_is_parsed_again(font_file: tuple[str, int], tmp_path: Path) -> None:
    path, index = font_file
    ttfont._Face(path, index)
    (state,) = (tmp_path / "cache" / "fonts" / "reportlab").glob("*.marshal")
    data = bytearray(state.read_bytes())
    data[len(data) // 2] ^= 0xFF
    state.write_bytes(bytes(data))
    assert ttfont._load_state(state) is None
    face = ttfont._Face(path, index)
    assert _comparable(face) == _comparable(TTFontFace(path, subfontIndex=index))
    assert ttfont._load_state(state) is not None  # written anew


def test_font_sets_what_ttfont_init_sets(font_file: tuple[str, int]) -> None:
    path, index = font_file
    ours = ttfont._Font("ARTestFont", ttfont._Face(path, index))
    theirs = TTFont("ARTestFont", path, subfontIndex=index)
    assert set(vars(ours)) == set(vars(theirs))
    for key, value in vars(theirs).items():
        if key == "face":
            continue
        mine = vars(ours)[key]
        assert type(mine) is type(value), key
        if isinstance(value, (str, bool, int, type(None))):
            assert mine == value, key


def test_faster_compression_stays_on_our_font_streams(font_file: tuple[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    path, index = font_file
    name = "ARTestCompression"
    # ReportLab maps a second registration of a face to the first font object: start from a clean registry.
    monkeypatch.setattr(pdfmetrics, "_fonts", dict(pdfmetrics._fonts))
    monkeypatch.setattr(pdfmetrics, "_dynFaceNames", {})
    pdfmetrics.registerFont(ttfont._Font(name, ttfont._Face(path, index)))
    canvas = Canvas(io.BytesIO())
    canvas.setFont(name, 16)
    canvas.drawString(10, 10, "全力打造四大主导产业基地" + CJK_SAMPLE)
    canvas.showPage()
    canvas.save()
    streams = [o for k, o in canvas._doc.idToObject.items() if str(k).startswith("fontFile:")]
    assert len(streams) >= 2 and all(s.filters == [ttfont._FAST_FLATE] for s in streams)
    assert type(pdfdoc.PDFZCompress) is pdfdoc.PDFStreamFilterZCompress  # ReportLab's shared filter untouched
    assert ttfont._FAST_FLATE.pdfname == "FlateDecode"
    assert zlib.decompress(ttfont._FAST_FLATE.encode(b"x" * 1000)) == b"x" * 1000


def test_hmetrics_keep_ints_and_the_scaled_tail_advance() -> None:
    metrics = [(1000, 5), (500, 0), (1000, 65535)] + [(488.28125, 7)] * 3
    packed = ttfont._HMetrics.pack(metrics)
    assert packed is not None
    restored = ttfont._HMetrics.unpack(packed)
    assert len(restored) == 6 and list(restored) == metrics
    assert [type(aw) for aw, _ in restored] == [int] * 3 + [float] * 3
    assert restored[-1] == metrics[-1] and restored[2] == (1000, 65535)
    with pytest.raises(IndexError):
        restored[6]
    assert ttfont._HMetrics.pack([(1000, 5), (488.28125, 7), (500.0, 7)]) is None  # not one tail advance: kept as a list


def test_glyf_window_slices_like_the_table_bytes(font_file: tuple[str, int]) -> None:
    path, index = font_file
    window = ttfont._Face(path, index).get_table("glyf")
    table = TTFontFace(path, subfontIndex=index).get_table("glyf")
    assert isinstance(window, ttfont._Window) and len(window) == len(table) > 1000
    n = len(table)
    for key in (slice(0, 10), slice(100, 50), slice(n - 5, n + 10), slice(5, None), slice(-8, None), slice(0, 9, 2)):
        assert window[key] == table[key], key
    assert bytes(window) == table


# --------------------------------------------------------------------------- which ReportLab


@pytest.mark.parametrize(
    ("version", "enabled"),
    [("5.0.0", True), ("5.0.1", True), ("5.1.0", True), ("5.1.12", True), ("5.2.0", False), ("4.4.10", False),
     ("6.0", False), ("10.1.0", False), ("5", False), ("unknown", False)],
)  # fmt: skip
def test_extension_only_on_tested_reportlab(
    version: str, enabled: bool, font_file: tuple[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reportlab, "Version", version)
    assert ttfont.extension_enabled() is enabled
    font = ttfont.make_font("ARTestWhich", *font_file)
    assert type(font) is (ttfont._Font if enabled else TTFont)
    assert type(font.face) is (ttfont._Face if enabled else TTFontFace)


def test_pin_names_the_tested_minor_versions() -> None:
    """pyproject.toml's reportlab specifier allows exactly the minor versions in TESTED_REPORTLAB."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    (spec,) = re.findall(r'"reportlab([^"]*)"', text)
    m = re.fullmatch(r">=(\d+)\.(\d+),<(\d+)\.(\d+)", spec)
    assert m, f"expected reportlab>=X.Y,<X.Z, found {spec!r}"
    major, low, major_high, high = map(int, m.groups())
    assert major == major_high
    assert {(major, minor) for minor in range(low, high)} == set(ttfont.TESTED_REPORTLAB)
    assert ttfont.extension_enabled(), f"ReportLab {reportlab.Version} is installed, outside the pin"


# --------------------------------------------------------------------------- whole PDFs

_RENDER = r"""
import json, os, sys
import annualreport as ar
import reportlab
from annualreport.render.pdf import ttfont
mode, font, report, out = sys.argv[1:]
if mode == "untested":  # a ReportLab release ttfont.py was not tested against: stock TTFont
    reportlab.Version = "5.2.0"
elif mode == "parsed":  # the extension, parsing the file (no saved state)
    ttfont._state_path = lambda path, index: None
style = ar.load_style()
style = style.model_copy(update={"fonts": {key: (font,) for key in style.fonts}})
document = ar.build_document(ar.Report.model_validate(json.loads(open(report, encoding="utf-8").read())), style)
for level in (6, ttfont.FONT_ZLIB_LEVEL):  # ReportLab's own level, then the extension's
    ttfont.FONT_ZLIB_LEVEL = level
    ar.render_pdf(document, f"{out}-{level}.pdf")
print(ttfont.extension_enabled())
"""
MODES = ("parsed", "warm-up", "restored", "untested")


@pytest.fixture(scope="module")
def renders(font_file: tuple[str, int], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], bytes]:
    """REPORT rendered in a new process per mode (in this order), at ReportLab's compression level and ours."""
    folder = tmp_path_factory.mktemp("renders")
    report = folder / "report.json"
    report.write_text(json.dumps(REPORT, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, cache.CACHE_DIR_ENV: str(folder / "cache")}
    outputs = {}
    for mode in MODES:
        proc = subprocess.run(
            [sys.executable, "-c", _RENDER, mode, f"{font_file[0]}#{font_file[1]}", str(report), str(folder / mode)],
            capture_output=True, text=True, check=True, env=env,
        )  # fmt: skip
        assert proc.stderr == ""  # no warning: every character in the test font, nothing fell back
        assert proc.stdout.split() == [str(mode != "untested")]
        for level in {6, ttfont.FONT_ZLIB_LEVEL}:
            outputs[mode, level] = (folder / f"{mode}-{level}.pdf").read_bytes()
    assert list((folder / "cache" / "fonts" / "reportlab").glob("*.marshal"))  # "restored" had a state to restore
    return outputs


def test_pdf_bytes_equal_with_parsed_restored_and_stock_faces(renders: dict[tuple[str, int], bytes]) -> None:
    """At ReportLab's own compression level, the extension (parsing, or restoring a saved state) and stock
    TTFont (ReportLab taken for an untested release) write the same bytes."""
    first = renders["parsed", 6]
    assert all(renders[mode, 6] == first for mode in MODES)
    assert first.count(b"/FontFile2") >= 2  # more than one subset of the test font embedded


def _plain(obj: object) -> object:
    """A PDF object as plain Python values (references as their numbers), comparable across readers."""
    if isinstance(obj, IndirectObject):
        return ("ref", obj.idnum, obj.generation)
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    return repr(obj)


def _objects(data: bytes) -> list[tuple[object, bytes | None]]:
    """Every object of a PDF: streams as (dictionary less /Length, decompressed data), others as they are."""
    reader = PdfReader(io.BytesIO(data))
    out: list[tuple[object, bytes | None]] = []
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(IndirectObject(number, 0, reader))
        if isinstance(obj, StreamObject):
            out.append((_plain({k: v for k, v in obj.items() if k != "/Length"}), obj.get_data()))
        else:
            out.append((_plain(obj), None))
    return out


def _glyphs(data: bytes) -> list[tuple[object, ...]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(p.page_number, c["text"], c["fontname"], round(c["x0"], 3), round(c["top"], 3), c["size"])
                for p in pdf.pages for c in p.chars]  # fmt: skip


def test_untested_reportlab_gives_the_same_pdf_but_for_font_compression(
    renders: dict[tuple[str, int], bytes],
) -> None:
    """At the extension's own compression level (FONT_ZLIB_LEVEL, 1) the bytes legitimately differ from stock
    ReportLab's (level 6) in the embedded font streams, and only there: every object, with streams
    decompressed, is the same, and so is every glyph's text, font and position."""
    ours, stock = renders["restored", ttfont.FONT_ZLIB_LEVEL], renders["untested", ttfont.FONT_ZLIB_LEVEL]
    assert ours != stock
    assert _objects(ours) == _objects(stock)
    glyphs = _glyphs(ours)
    assert len(glyphs) > 300 and glyphs == _glyphs(stock)


def test_characters_beyond_the_bmp_extract_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ReportLab writes a ToUnicode entry of 𡒄 (U+21484) as five hex digits, which readers take as another
    character; the extended font writes a UTF-16 surrogate pair, so the name copies and searches as written."""
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    rare = "王\U00021484同志"
    path = make_font(tmp_path / "rare.ttf", "Annualreport Rare", rare)
    other = make_font(tmp_path / "rare2.ttf", "Annualreport Rare Two", rare)  # ReportLab shares fonts by PostScript name
    texts = {}
    for kind, font in (("extended", ttfont.make_font("ARTestRare", str(path), 0)), ("stock", TTFont("ARTestRare2", str(other)))):
        stream = io.BytesIO()
        canvas = Canvas(stream)
        pdfmetrics.registerFont(font)
        canvas.setFont(font.fontName, 16)
        canvas.drawString(72, 720, rare)
        canvas.save()
        with pdfplumber.open(io.BytesIO(stream.getvalue())) as pdf:
            texts[kind] = "".join(c["text"] for c in pdf.pages[0].chars)
    assert texts["extended"] == rare
    assert texts["stock"] != rare  # ReportLab's own (if this fails, ReportLab mended it: the override can go)


def test_forget_state_removes_the_saved_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    path = make_font(tmp_path / "a.ttf", "Annualreport Forget", "报告")
    ttfont.make_font("ARTestForget", str(path), 0)
    state = ttfont._state_path(str(path), 0)
    assert state is not None and state.is_file()
    ttfont.forget_state(str(path), 0)
    assert not state.exists()
