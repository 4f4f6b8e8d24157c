"""CFF to TrueType, only the glyphs a document uses: converted glyphs kept per source face, and for each
document a TrueType font assembled from exactly its glyphs.

ReportLab embeds only TrueType outlines, and the free Chinese fonts of Linux distributions (Fandol, Noto CJK)
are CFF. Converting a whole face (or its GB2312 part, 7 000+ glyphs) took 20–60 s each on a first render.
Here a face is converted glyph by glyph, as documents need them (a report uses 500–1 000 characters: 2–4 s
for the first, nothing for a later report using the same ones):

* **glyph pages** (``fonts/glyphs``): the converted glyphs of one source face, 256 code points a page,
  each a checksummed marshal record. Pages only grow; a glyph converted once is reused by every later
  document. Conversion happens under a lock per source face, so processes starting together convert once.
* **document fonts** (``fonts/converted``): a TrueType font holding exactly the glyphs one document needs
  from the face (its characters, plus ASCII and common punctuation), assembled from the pages and named
  by a digest of that set. Its bytes depend on the source face and the set only, never on what the pages
  held before, so a PDF is the same whether the cache was empty or full (ReportLab copies head, hhea and
  maxp into each embedded subset, and those describe the whole font they come from). A few recent ones
  per source are kept, for the next render of the same document.

Each converted glyph is a pure function of its source glyph (fontTools' cu2qu, max error 1 unit), and each
document font keeps its source's head.modified: equal input gives equal bytes on every machine with the
same source font.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .... import progress
from ....cache import Shelf, lock, read_checked, write_checked
from ....messages import text
from ....output import write_atomic
from .coverage import FaceInfo

# fontTools is imported where used: a run whose document fonts are all cached never imports it.

__all__ = ["BASE_CHARACTERS", "CONVERTED", "GLYPHS", "KEEP_PER_SOURCE", "Converted", "converted_copy"]

CONVERTED = Shelf("fonts/converted", 3, ".ttf")
"""Document fonts assembled from converted glyphs; bump the version when their making changes.
2: the source's head.modified kept. 3: one font per document glyph set, from glyph pages (2 was a GB2312
copy per source face, reused by any text it covered)."""

GLYPHS = Shelf("fonts/glyphs", 1, ".bin")
"""Pages of converted glyphs (and one record of the source's header tables) per source face."""

PAGE_BITS = 8
"""A page holds the glyphs of 2**PAGE_BITS consecutive code points."""

KEEP_PER_SOURCE = 16
"""Document fonts kept per source face (the most recently made); older ones are removed."""

KEEP_SECONDS = 600
"""A document font made or reused this recently is never removed, however many are newer: another process
(a service's worker, a batch) may have laid its pages out with it and not yet written them — its writers
read the file again (the OFD writer's subsetter, ReportLab's subset at save)."""

BASE_CHARACTERS = frozenset(
    [*range(0x20, 0x7F), *map(ord, "·‐–—…‘’“”、。〈〉《》「」『』【】〔〕！（），．：；？～"), 0x00A0, 0x2002, 0x2003, 0x3000]
)
"""Put in every document font that the face has, beyond the document's own characters: ASCII and the
punctuation Chinese text uses, hyphens and dashes included, in case the typesetter draws one the text does
not hold (a hyphen where it breaks a long word); and the spaces a text may hold (U+3000 ideographic space
above all), which ReportLab draws with the font's glyph but which required characters leave out."""

_META = "meta"
_HEADER_TABLES = ("head", "hhea", "OS/2", "name", "post")


@dataclass(frozen=True, slots=True)
class Converted:
    """A document font: where it is, and how many glyphs had to be converted to make it."""

    path: Path
    """The TrueType file (under the converted-fonts folder)."""
    converted_now: int
    """Glyphs converted by this call (0: every glyph came from the glyph pages, or the font was cached)."""
    assembled_now: bool
    """Whether the font file was written by this call (False: a cached one was reused)."""


def _source_hash(path: Path, index: int) -> str:
    st = path.stat()
    ident = f"{os.path.abspath(path)}\0{st.st_size}\0{st.st_mtime_ns}\0{index}"
    return hashlib.sha256(ident.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _prefix(source: Path, index: int) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", source.stem)
    return f"{stem}-{index}-{_source_hash(source, index)}-"


def wanted_codes(info: FaceInfo, characters: Iterable[int]) -> tuple[int, ...]:
    """The code points a document font of this face holds: ``characters`` and BASE_CHARACTERS it maps."""
    return tuple(sorted(code for code in {*characters, *BASE_CHARACTERS} if code in info.cmap))


def converted_copy(source: Path, index: int, info: FaceInfo, characters: Iterable[int], cache_dir: Path) -> Converted:
    """A TrueType font with the glyphs of ``characters`` (and BASE_CHARACTERS) from CFF face ``index`` of ``source``.

    Characters the face does not map are left out. Glyphs are taken from the glyph pages (under the
    cache folder) or converted and added to them; the font is written to ``cache_dir``, named by the
    source and the set of code points, and reused when already there.
    """
    codes = wanted_codes(info, characters)
    prefix = _prefix(source, index)
    digest = hashlib.sha256(",".join(map(str, codes)).encode("ascii")).hexdigest()[:16]
    dest = cache_dir / f"{prefix}{digest}-v{CONVERTED.version}{CONVERTED.suffix}"
    if dest.is_file():
        with contextlib.suppress(OSError):
            os.utime(dest)  # in use again: the newest of its source, so no process's _prune removes it now
        return Converted(dest, 0, False)
    store = _Store(prefix)
    meta, glyphs = store.read(codes)
    converted = 0
    if meta is None or len(glyphs) < len(codes):
        font = info.family + ("" if info.style.casefold() in ("regular", "") else f" {info.style}")

        @contextlib.contextmanager
        def waiting() -> Any:
            with progress.task(text("progress_wait", font=font)):
                yield

        with lock(str(GLYPHS.path / prefix), waiting):
            # Another process may have converted them while this one waited for the lock.
            meta, glyphs = store.read(codes)
            missing = [code for code in codes if code not in glyphs]
            if meta is None or missing:
                with progress.task(text("progress_convert", font=font), len(missing)) as task:
                    new_meta, new = _convert(source, index, missing, meta is None, task.advance)
                meta = meta or new_meta
                store.add(new, new_meta)
                glyphs.update(new)
                converted = len(new)
    assert meta is not None
    # Codes the face maps but draws with no glyph record (cannot happen with a sound pages) are left out.
    _assemble(meta, [(code, glyphs[code]) for code in codes if code in glyphs], dest)
    _prune(cache_dir, prefix, keep=dest)
    return Converted(dest, converted, True)


# --------------------------------------------------------------------------- glyph pages


_Glyph = tuple[int, int, int, bytes, int, int]
"""A converted glyph: (glyph id in the source, advance width, left side bearing, TrueType glyf data, number of
points, number of contours)."""


class _Store:
    """The glyph pages of one source face."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._pages: dict[int, dict[int, _Glyph]] = {}

    def _path(self, page: int | str) -> Path:
        name = page if isinstance(page, str) else f"{page:04x}"
        return GLYPHS.named(f"{self.prefix}{name}")

    def _load(self, page: int | str) -> Any:
        payload = read_checked(self._path(page))
        if payload is None:
            return None
        try:
            return marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return None

    def read(self, codes: Iterable[int]) -> tuple[dict[str, Any] | None, dict[int, _Glyph]]:
        """The header record (None when absent) and the glyphs of ``codes`` found in the pages (read afresh)."""
        meta = self._load(_META)
        if not (isinstance(meta, dict) and set(_HEADER_TABLES) | {"notdef"} <= meta.keys()):
            meta = None
        found: dict[int, _Glyph] = {}
        self._pages.clear()
        for code in codes:
            page = code >> PAGE_BITS
            entries = self._pages.get(page)
            if entries is None:
                loaded = self._load(page)
                entries = self._pages[page] = loaded if _sound_page(loaded, page) else {}
            glyph = entries.get(code)
            if glyph is not None:
                found[code] = glyph
        return meta, found

    def add(self, glyphs: Mapping[int, _Glyph], meta: dict[str, Any] | None) -> None:
        """Write the pages ``glyphs`` fall in, with what they held (the caller holds the lock and has just read them)."""
        if meta is not None:
            write_checked(self._path(_META), marshal.dumps(meta))
        by_page: dict[int, dict[int, _Glyph]] = {}
        for code, glyph in glyphs.items():
            by_page.setdefault(code >> PAGE_BITS, {})[code] = glyph
        for page, new in sorted(by_page.items()):
            old = self._pages.get(page)
            if old is None:
                loaded = self._load(page)
                old = loaded if _sound_page(loaded, page) else {}
            merged = {**old, **new}
            self._pages[page] = merged
            write_checked(self._path(page), marshal.dumps(dict(sorted(merged.items()))))


def _sound_page(page: Any, number: int) -> bool:
    if not isinstance(page, dict):
        return False
    for code, glyph in page.items():
        if not (isinstance(code, int) and code >> PAGE_BITS == number and isinstance(glyph, tuple) and len(glyph) == 6
                and isinstance(glyph[3], bytes)):  # fmt: skip
            return False
    return True


# --------------------------------------------------------------------------- conversion


def _convert(
    source: Path, index: int, codes: list[int], with_meta: bool, advance: Any
) -> tuple[dict[str, Any] | None, dict[int, _Glyph]]:
    """Convert the glyphs of ``codes`` (and, with ``with_meta``, read the header tables and .notdef)."""
    from fontTools.ttLib import TTFont

    glyphs: dict[int, _Glyph] = {}
    # lazy: only the tables touched are read; the CFF charstrings only of the glyphs drawn.
    with TTFont(source, fontNumber=index, lazy=True) as font:
        cmap = font.getBestCmap() or {}
        glyph_set = font.getGlyphSet()
        hmtx = font["hmtx"]
        by_name: dict[str, _Glyph] = {}
        for code in codes:
            name = cmap.get(code)
            if name is None:
                continue
            glyph = by_name.get(name)
            if glyph is None:
                glyph = by_name[name] = _convert_glyph(font, glyph_set, hmtx, name)
            glyphs[code] = glyph
            advance()
        meta = None
        if with_meta:
            meta = {tag: bytes(font.reader[tag]) for tag in _HEADER_TABLES}
            meta["notdef"] = _convert_glyph(font, glyph_set, hmtx, font.getGlyphOrder()[0])
    return meta, glyphs


def _convert_glyph(font: Any, glyph_set: Any, hmtx: Any, name: str) -> _Glyph:
    """One glyph's outline as TrueType quadratic contours (as fontTools' otf2ttf snippet converts them)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    # max_err 1 font unit is invisible at print sizes; CFF contours run counter-clockwise, glyf clockwise.
    glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
    glyph = pen.glyph()
    data = glyph.compile(None)  # computes the bounds: simple glyphs need no glyf table
    contours = glyph.numberOfContours
    lsb = glyph.xMin if contours else 0
    points = len(glyph.coordinates) if contours else 0
    return (font.getGlyphID(name), int(hmtx[name][0]), int(lsb), data, points, contours)


# --------------------------------------------------------------------------- document fonts


def _assemble(meta: Mapping[str, Any], glyphs: list[tuple[int, _Glyph]], dest: Path) -> None:
    """Write a TrueType font of ``glyphs`` ((code, glyph)) to ``dest`` atomically.

    Glyphs are ordered by their source glyph id (one per id, however many code points map to it). The
    header tables are the source's, with the bounds and maxima (head, hhea, maxp) of these glyphs, worked
    out here from what the pages recorded: fontTools would decompile and recompile every glyph for that.
    """
    import io
    import struct

    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    notdef: _Glyph = meta["notdef"]
    by_id = {glyph[0]: glyph for _code, glyph in glyphs if glyph[0] != 0}
    names = {gid: f"g{gid:05d}" for gid in sorted(by_id)}
    order = [".notdef", *names.values()]
    chosen = [notdef, *(by_id[gid] for gid in names)]

    font = TTFont(recalcBBoxes=False, recalcTimestamp=False)  # bounds below; head.modified stays the source's
    font.setGlyphOrder(order)
    for tag in ("head", "hhea", "OS/2", "name"):
        table = newTable(tag)
        table.decompile(meta[tag], font)
        font[tag] = table

    cmap = newTable("cmap")
    cmap.tableVersion = 0
    cmap.tables = []
    mapping = {code: names[glyph[0]] if glyph[0] else ".notdef" for code, glyph in glyphs}
    _add_cmap_subtables(cmap, mapping)
    font["cmap"] = cmap

    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name, glyph in zip(order, chosen):
        g = Glyph(glyph[3])  # compiled already: written as it is (recalcBBoxes is off)
        glyf.glyphs[name] = g
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    hmtx = newTable("hmtx")
    hmtx.metrics = {name: (glyph[1], glyph[2]) for name, glyph in zip(order, chosen)}
    font["hmtx"] = hmtx

    # What maxp.recalc and hhea.recalc would compute, from each glyph's header (contours, bounds).
    boxes = []
    for glyph in chosen:
        if len(glyph[3]) >= 10:
            _contours, x_min, y_min, x_max, y_max = struct.unpack(">hhhhh", glyph[3][:10])
            boxes.append((glyph, x_min, y_min, x_max, y_max))
    head, hhea = font["head"], font["hhea"]
    if boxes:
        head.xMin = min(b[1] for b in boxes)
        head.yMin = min(b[2] for b in boxes)
        head.xMax = max(b[3] for b in boxes)
        head.yMax = max(b[4] for b in boxes)
        hhea.minLeftSideBearing = min(g[2] for g, *_ in boxes)
        hhea.minRightSideBearing = min(g[1] - g[2] - (x1 - x0) for g, x0, _y0, x1, _y1 in boxes)
        hhea.xMaxExtent = max(g[2] + (x1 - x0) for g, x0, _y0, x1, _y1 in boxes)
    else:
        head.xMin = head.yMin = head.xMax = head.yMax = 0
        hhea.minLeftSideBearing = hhea.minRightSideBearing = hhea.xMaxExtent = 0
    hhea.advanceWidthMax = max(glyph[1] for glyph in chosen)
    head.flags |= 0x0002  # every left side bearing is the glyph's xMin, as converted
    head.glyphDataFormat = 0

    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    maxp.maxPoints = max(glyph[4] for glyph in chosen)
    maxp.maxContours = max(glyph[5] for glyph in chosen)
    maxp.maxCompositePoints = maxp.maxCompositeContours = 0
    maxp.maxZones = 1
    maxp.maxTwilightPoints = maxp.maxStorage = maxp.maxFunctionDefs = maxp.maxInstructionDefs = 0
    maxp.maxStackElements = maxp.maxSizeOfInstructions = maxp.maxComponentElements = maxp.maxComponentDepth = 0
    font["maxp"] = maxp

    post = newTable("post")  # format 3 (no glyph names), with the source's angle and underline
    post.decompile(b"\x00\x03\x00\x00" + bytes(meta["post"][4:32]), font)
    font["post"] = post
    out = io.BytesIO()
    font.save(out)
    write_atomic(dest, out.getvalue())


def _add_cmap_subtables(cmap: Any, mapping: Mapping[int, str]) -> None:
    """Format 4 (Windows BMP) and, when a code point lies beyond the BMP, format 12 (Windows full)."""
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    bmp = CmapSubtable.newSubtable(4)
    bmp.platformID, bmp.platEncID, bmp.language = 3, 1, 0
    bmp.cmap = {code: name for code, name in mapping.items() if code <= 0xFFFF}
    cmap.tables.append(bmp)
    if any(code > 0xFFFF for code in mapping):
        full = CmapSubtable.newSubtable(12)
        full.platformID, full.platEncID, full.language = 3, 10, 0
        full.cmap = dict(mapping)
        cmap.tables.append(full)


def _prune(folder: Path, prefix: str, keep: Path) -> None:
    """Remove all but the KEEP_PER_SOURCE newest document fonts of one source (and ReportLab's saved parses)."""
    from ..ttfont import forget_state

    fonts = []
    for path in folder.glob(f"{glob_escape(prefix)}*-v{CONVERTED.version}{CONVERTED.suffix}"):
        with contextlib.suppress(OSError):
            fonts.append((path.stat().st_mtime_ns, path.name, path))
    fonts.sort(reverse=True)
    recent = time.time_ns() - KEEP_SECONDS * 1_000_000_000
    for mtime, _name, path in fonts[KEEP_PER_SOURCE:]:
        if path != keep and mtime < recent:
            forget_state(str(path), 0)
            with contextlib.suppress(OSError):
                path.unlink()


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)
