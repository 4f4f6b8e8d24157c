"""CFF to TrueType: a subset of a CFF face converted to quadratic outlines, cached once per source file."""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

from ....cache import Shelf, lock
from ....output import write_atomic
from .coverage import FaceInfo, base_charset, face_info, outside_base

# fontTools is imported where used: most runs find their converted copies and never convert.

__all__ = ["CONVERTED", "converted_copy"]

CONVERTED = Shelf("fonts/converted", 2, ".ttf")
"""CFF fonts converted to TrueType; bump the version when the conversion changes.
2: the source's head.modified kept (1 wrote the time of conversion, so PDFs differed by cache)."""


def _source_hash(path: Path, index: int) -> str:
    st = path.stat()
    ident = f"{os.path.abspath(path)}\0{st.st_size}\0{st.st_mtime_ns}\0{index}"
    return hashlib.sha256(ident.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _otf_to_ttf(font: object) -> None:
    """Replace the CFF outlines of a fontTools TTFont by quadratic glyf ones (fontTools' otf2ttf snippet)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    tt = font  # a fontTools.ttLib.TTFont; typed loosely because fontTools ships no type hints
    glyph_order = tt.getGlyphOrder()  # type: ignore[attr-defined]
    glyph_set = tt.getGlyphSet()  # type: ignore[attr-defined]
    glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        # max_err 1 font unit is invisible at print sizes; CFF contours run counter-clockwise, glyf clockwise.
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()

    tt["loca"] = newTable("loca")  # type: ignore[index]
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    tt["glyf"] = glyf  # type: ignore[index]
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in tt:  # type: ignore[operator]
            del tt[tag]  # type: ignore[attr-defined]
    # A CFF2 font's variation data refers to CFF2 outlines; the converted font is its default instance.
    for tag in ("fvar", "avar", "HVAR", "VVAR", "MVAR", "STAT", "gvar", "cvar"):
        if tag in tt:  # type: ignore[operator]
            del tt[tag]  # type: ignore[attr-defined]
    glyf.compile(tt)  # computes each glyph's bounds, needed for the side bearings below
    hmtx = tt["hmtx"]  # type: ignore[index]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)

    # CFF fonts carry maxp 0.5; glyf fonts need 1.0 (ReportLab refuses anything else).
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max((len(getattr(g, "components", None) or []) for g in glyphs.values()), default=0)
    tt["maxp"] = maxp  # type: ignore[index]
    maxp.compile(tt)

    # post format 3 has no glyph names; format 2 keeps the CFF charset's names.
    post = tt["post"]  # type: ignore[index]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    tt.sfntVersion = "\x00\x01\x00\x00"  # type: ignore[attr-defined]


def _convert(source: Path, index: int, unicodes: frozenset[int], dest: Path) -> None:
    """Subset one CFF face to ``unicodes``, convert it to TrueType outlines and write ``dest`` atomically."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    # Keep every name record: the family names in all languages are how the copy is recognised.
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    # ReportLab uses neither hints nor OpenType layout; dropping them saves time and space.
    options.hinting = False
    options.layout_features = []
    options.drop_tables = [*options.drop_tables, "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG"]

    with TTFont(source, fontNumber=index) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(unicodes))
        subsetter.subset(font)
        _otf_to_ttf(font)
        # The source's modification date, not the time of conversion: the embedded subsets carry the head
        # table, so a PDF would otherwise differ from machine to machine (and cache to cache).
        font.recalcTimestamp = False
        out = io.BytesIO()
        font.save(out)
    # Written beside the target and renamed: another process never sees a half-written file.
    write_atomic(dest, out.getvalue())


def converted_copy(source: Path, index: int, info: FaceInfo, required: str, cache_dir: Path) -> tuple[Path, bool]:
    """A TrueType copy of a CFF face covering GB2312 and ``required``; (path, whether converted now)."""
    wanted = frozenset(code for code in map(ord, required) if code in info.cmap)
    extra = outside_base(wanted)
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", source.stem)
    prefix = f"{stem}-{index}-{_source_hash(source, index)}-"
    ending = f"-v{CONVERTED.version}{CONVERTED.suffix}"  # as Shelf.named writes it

    def reusable() -> Path | None:
        # Usually the text is all GB2312 and one "base" copy serves every report; a report with rarer
        # characters gets its own copy, but any existing copy that already covers the text is reused.
        base = cache_dir / f"{prefix}base{ending}"
        if not extra and base.is_file():
            return base  # covers the text by construction: no need to parse it (saves ~30 ms a font)
        existing = sorted(cache_dir.glob(f"{prefix}*{ending}"), key=lambda p: (p != base, p.name))
        for path in existing:
            try:
                cmap = face_info(path, 0).cmap
                if all(code in cmap for code in wanted):
                    return path
            except Exception:  # noqa: BLE001 - a damaged cache file is simply converted again
                continue
        return None

    found = reusable()
    if found is not None:
        return found, False
    with lock(str(cache_dir / prefix)):
        # Another process may have finished the same conversion while this one waited for the lock.
        found = reusable()
        if found is not None:
            return found, False
        tag = "base" if not extra else hashlib.sha256("".join(sorted(map(chr, extra))).encode()).hexdigest()[:10]
        dest = cache_dir / f"{prefix}{tag}{ending}"
        _convert(source, index, frozenset(c for c in base_charset() if c in info.cmap) | wanted, dest)
        return dest, True
