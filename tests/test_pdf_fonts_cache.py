"""ReportLab faces restored from the on-disk state behave exactly like faces ReportLab parses itself."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas

from annualreport import cache
from annualreport.render.pdf.fonts import embed as pdf_fonts

from .conftest import EXAMPLE_2018

FONT_FILES = [
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0),
]


@pytest.fixture
def font_file() -> tuple[str, int]:
    found = next(((p, i) for p, i in FONT_FILES if Path(p).exists()), None)
    if found is None:
        pytest.skip("no TrueType Chinese font (fonts-wqy-microhei or fonts-arphic-gbsn00lp) installed")
    return found


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


def test_restored_face_equals_the_parsed_one(font_file: tuple[str, int], tmp_path: Path) -> None:
    path, index = font_file
    plain = TTFontFace(path, subfontIndex=index)
    first = pdf_fonts._Face(path, index)  # parses and saves
    state = list((tmp_path / "cache" / "fonts" / "reportlab").glob("*.marshal"))
    assert len(state) == 1
    again = pdf_fonts._Face(path, index)  # restores
    assert "_glyph_to_char_blob" in vars(again) and "charToGlyph" in vars(again)
    expected = _comparable(plain)
    assert _comparable(first) == expected
    assert _comparable(again) == expected


def test_damaged_state_is_parsed_again(font_file: tuple[str, int], tmp_path: Path) -> None:
    path, index = font_file
    pdf_fonts._Face(path, index)
    (state,) = (tmp_path / "cache" / "fonts" / "reportlab").glob("*.marshal")
    data = bytearray(state.read_bytes())
    data[len(data) // 2] ^= 0xFF
    state.write_bytes(bytes(data))
    assert pdf_fonts._load_state(state) is None
    face = pdf_fonts._Face(path, index)
    assert _comparable(face) == _comparable(TTFontFace(path, subfontIndex=index))
    assert pdf_fonts._load_state(state) is not None  # written anew


def test_font_sets_what_ttfont_init_sets(font_file: tuple[str, int]) -> None:
    path, index = font_file
    ours = pdf_fonts._Font("ARTestFont", pdf_fonts._Face(path, index))
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
    pdfmetrics.registerFont(pdf_fonts._Font(name, pdf_fonts._Face(path, index)))
    canvas = Canvas(io.BytesIO())
    canvas.setFont(name, 16)
    canvas.drawString(10, 10, "全力打造四大主导产业基地")
    canvas.showPage()
    canvas.save()
    streams = [o for k, o in canvas._doc.idToObject.items() if str(k).startswith("fontFile:")]
    assert streams and all(s.filters == [pdf_fonts._FAST_FLATE] for s in streams)
    assert type(pdfdoc.PDFZCompress) is pdfdoc.PDFStreamFilterZCompress  # ReportLab's shared filter untouched
    assert pdf_fonts._FAST_FLATE.pdfname == "FlateDecode"
    assert zlib.decompress(pdf_fonts._FAST_FLATE.encode(b"x" * 1000)) == b"x" * 1000


_RENDER = r"""
import sys
from annualreport.render.pdf.fonts import embed as pdf_fonts
mode, src, out = sys.argv[1:]
pdf_fonts.FONT_ZLIB_LEVEL = 6  # ReportLab's own level, so the bytes can be compared
if mode == "reportlab":  # ReportLab's TTFont, parsing every file itself
    from reportlab.pdfbase.ttfonts import TTFont
    pdf_fonts._Face = lambda path, index: (path, index)
    pdf_fonts._Font = lambda name, face: TTFont(name, face[0], subfontIndex=face[1])
elif mode == "parsed":
    pdf_fonts._state_path = lambda path, index: None
import annualreport
annualreport.render_pdf(src, out)
"""


@pytest.mark.usefixtures("font_file")
def test_pdf_bytes_equal_with_parsed_restored_and_reportlab_faces(tmp_path: Path) -> None:
    # The user's cache (conversions of the CFF fonts take seconds in a fresh one), state in a fresh folder.
    env = {k: v for k, v in os.environ.items() if k != cache.CACHE_DIR_ENV}
    outputs = {}
    for mode in ("parsed", "warm-up", "restored", "reportlab"):
        out = tmp_path / f"{mode}.pdf"
        subprocess.run([sys.executable, "-c", _RENDER, mode, str(EXAMPLE_2018), str(out)], env=env, check=True)
        outputs[mode] = out.read_bytes()
    assert outputs["parsed"] == outputs["restored"] == outputs["reportlab"]


def test_hmetrics_keep_ints_and_the_scaled_tail_advance() -> None:
    metrics = [(1000, 5), (500, 0), (1000, 65535)] + [(488.28125, 7)] * 3
    packed = pdf_fonts._HMetrics.pack(metrics)
    assert packed is not None
    restored = pdf_fonts._HMetrics.unpack(packed)
    assert len(restored) == 6 and list(restored) == metrics
    assert [type(aw) for aw, _ in restored] == [int] * 3 + [float] * 3
    assert restored[-1] == metrics[-1] and restored[2] == (1000, 65535)
    with pytest.raises(IndexError):
        restored[6]
    assert pdf_fonts._HMetrics.pack([(1000, 5), (488.28125, 7), (500.0, 7)]) is None  # not one tail advance: kept as a list


def test_glyf_window_slices_like_the_table_bytes(font_file: tuple[str, int]) -> None:
    path, index = font_file
    window = pdf_fonts._Face(path, index).get_table("glyf")
    table = TTFontFace(path, subfontIndex=index).get_table("glyf")
    assert isinstance(window, pdf_fonts._Window) and len(window) == len(table)
    n = len(table)
    for key in (slice(0, 10), slice(100, 50), slice(n - 5, n + 10), slice(5, None), slice(-8, None), slice(0, 9, 2)):
        assert window[key] == table[key], key
    assert bytes(window) == table
