"""Small fonts built by the tests themselves (fontTools FontBuilder), so font tests run on every machine."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont

# A CJK sample for fonts that are to be embedded: enough distinct glyphs (over 256) that ReportLab
# splits them into more than one subset, as it does with a real report.
CJK_SAMPLE = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 300))


def _glyph_name(char: str) -> str:
    return f"u{ord(char):05X}"


def _advance(char: str, units_per_em: int) -> int:
    """Full-width for CJK and full-width forms, half for the rest (as in a Chinese font)."""
    return units_per_em if ord(char) >= 0x2E80 or char in "—…“”‘’·" else units_per_em // 2


def _outline(pen: object, code: int, width: int, units_per_em: int) -> None:
    """A box whose height depends on the code point, so no two glyphs are alike; a notch for odd ones."""
    top = units_per_em * (500 + code % 300) // 1000
    left, right = width // 10, width - width // 10
    pen.moveTo((left, 0))  # type: ignore[attr-defined]
    pen.lineTo((left, top))  # type: ignore[attr-defined]
    pen.lineTo((right, top))  # type: ignore[attr-defined]
    pen.lineTo((right, 0))  # type: ignore[attr-defined]
    pen.closePath()  # type: ignore[attr-defined]
    if code % 2:
        mid = (left + right) // 2
        pen.moveTo((mid - 10, top // 4))  # type: ignore[attr-defined]
        pen.lineTo((mid + 10, top // 4))  # type: ignore[attr-defined]
        pen.lineTo((mid + 10, top // 2))  # type: ignore[attr-defined]
        pen.closePath()  # type: ignore[attr-defined]


def _names(family: str, style: str) -> dict[str, str]:
    ps = re.sub(r"[^A-Za-z0-9-]", "", f"{family}-{style}") or "TestFont-Regular"
    return {"familyName": family, "styleName": style, "fullName": f"{family} {style}", "psName": ps,
            "uniqueFontIdentifier": ps, "version": "Version 1.000"}  # fmt: skip


def make_font(
    path: Path,
    family: str,
    chars: str,
    *,
    style: str = "Regular",
    fs_type: int = 0,
    units_per_em: int = 1000,
    composites: Sequence[str] = (),
) -> Path:
    """Write a TrueType font named ``family`` with a glyph for each of ``chars``; returns ``path``.

    ``composites`` are further characters whose glyphs are built from two components (the glyphs of the
    first two of ``chars``), as accented letters are in real fonts.
    """
    chars = "".join(dict.fromkeys(chars))
    names = [".notdef"] + [_glyph_name(c) for c in chars] + [_glyph_name(c) for c in composites]
    fb = FontBuilder(units_per_em, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): _glyph_name(c) for c in (*chars, *composites)})
    glyphs = {}
    metrics = {}
    for char in (None, *chars):
        width = units_per_em if char is None else _advance(char, units_per_em)
        pen = TTGlyphPen(None)
        _outline(pen, 0 if char is None else ord(char), width, units_per_em)
        name = ".notdef" if char is None else _glyph_name(char)
        glyphs[name] = pen.glyph()
        metrics[name] = (width, width // 10)
    for char in composites:
        pen = TTGlyphPen(glyphs)
        pen.addComponent(_glyph_name(chars[0]), (1, 0, 0, 1, 0, 0))
        pen.addComponent(_glyph_name(chars[1]), (1, 0, 0, 1, 0, units_per_em // 2))
        glyphs[_glyph_name(char)] = pen.glyph()
        metrics[_glyph_name(char)] = (units_per_em, units_per_em // 10)
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics(metrics)
    ascent, descent = units_per_em * 88 // 100, -(units_per_em * 12 // 100)
    fb.setupHorizontalHeader(ascent=ascent, descent=descent)
    fb.setupNameTable(_names(family, style))
    fb.setupOS2(fsType=fs_type, sTypoAscender=ascent, sTypoDescender=descent, usWinAscent=ascent,
                usWinDescent=-descent)  # fmt: skip
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


def make_cff_font(path: Path, family: str, chars: str, *, style: str = "Regular") -> Path:
    """Write an OpenType font with CFF outlines (which ReportLab refuses: it is converted first)."""
    chars = "".join(dict.fromkeys(chars))
    names = [".notdef"] + [_glyph_name(c) for c in chars]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): _glyph_name(c) for c in chars})
    charstrings = {}
    metrics = {}
    for char in (None, *chars):
        width = 1000 if char is None else _advance(char, 1000)
        pen = T2CharStringPen(width, None)
        _outline(pen, 0 if char is None else ord(char), width, 1000)
        name = ".notdef" if char is None else _glyph_name(char)
        charstrings[name] = pen.getCharString()
        metrics[name] = (width, width // 10)
    names_table = _names(family, style)
    fb.setupCFF(names_table["psName"], {"FullName": names_table["fullName"]}, charstrings, {})
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable(names_table)
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


def make_collection(path: Path, *members: Path) -> Path:
    """Write a .ttc holding ``members`` in order."""
    collection = TTCollection()
    collection.fonts = [TTFont(m) for m in members]
    path.parent.mkdir(parents=True, exist_ok=True)
    collection.save(str(path))
    return path
