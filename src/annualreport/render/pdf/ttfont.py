"""ReportLab's TrueType font, extended: a saved parse, memory-mapped files, cheaper font-stream compression.

The one module that subclasses ReportLab's TrueType internals (TTFontFace, TTFont, its Flate filter).
``make_font`` uses the extension only on the ReportLab versions it was tested against
(``TESTED_REPORTLAB``); on any other it returns ReportLab's own TTFont, which writes the same PDF
(the font streams compressed at ReportLab's level), only slower.
"""

from __future__ import annotations

import array
import contextlib
import marshal
import mmap
import os
import re
import sys
import zlib
from collections.abc import Iterator, Mapping, Sequence
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, ttfonts
# Only long-standing public classes are named at import time (they are subclassed); the rest of
# ttfonts is looked up when used, so importing this module cannot fail on another ReportLab.
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from ... import cache

__all__ = ["FONT_ZLIB_LEVEL", "TESTED_REPORTLAB", "extension_enabled", "forget_state", "make_font", "reportlab_version"]

TESTED_REPORTLAB = ((5, 0), (5, 1))
"""ReportLab releases (major, minor) whose TrueType internals this module was tested against, by
tests/test_pdf_ttfont.py. Keep in step with the reportlab pin in pyproject.toml; to widen both, run
that test file on the new release first."""

FONT_ZLIB_LEVEL = 1
"""zlib level of the embedded font subsets. ReportLab's default, 6, spends ~20 ms of a 75 ms build
compressing ~730 KB of glyph data; level 1 takes ~9 ms for a file ~7 % larger (Flate either way)."""


def reportlab_version() -> tuple[int, int] | None:
    """(major, minor) of the installed ReportLab, or None when its version string is not "N.N..."."""
    m = re.match(r"(\d+)\.(\d+)", reportlab.Version)
    return (int(m.group(1)), int(m.group(2))) if m else None


def extension_enabled() -> bool:
    """Whether ``make_font`` builds the extended font: only on a tested ReportLab."""
    return reportlab_version() in TESTED_REPORTLAB


def make_font(name: str, path: str, index: int) -> TTFont:
    """A ReportLab TrueType font named ``name`` for face ``index`` of ``path``.

    The extended one (``_Font`` over ``_Face``) on a tested ReportLab; ReportLab's own TTFont, which
    parses the file itself on every run, otherwise.
    """
    if extension_enabled():
        return _Font(name, _Face(path, index))
    return TTFont(name, path, subfontIndex=index)


class _FastFlate(pdfdoc.PDFStreamFilterZCompress):
    """FlateDecode at FONT_ZLIB_LEVEL; set on our font streams only, ReportLab's shared filter is untouched."""

    def encode(self, text: str | bytes) -> bytes:
        if isinstance(text, str):
            text = text.encode("utf8")
        return zlib.compress(text, FONT_ZLIB_LEVEL)


_FAST_FLATE = _FastFlate()
_STATES = cache.Shelf("fonts/reportlab", 3, ".marshal")
"""Saved face states (``_Face``); the ReportLab version is part of each record's key as well."""
_NAME_TAG = "TTFNameBytes"


class _Face(TTFontFace):
    """ReportLab's TrueType face, with four changes that leave the PDF's content as it was (``_Font`` adds a
    fifth, which mends the text of characters beyond the BMP):

    * what ``extractInfo`` reads from the file is saved on disk (marshal, keyed by path, face index,
      size, mtime and ReportLab's version) and restored by later processes instead of parsed again;
    * the file is memory-mapped rather than read whole (23 MB for the default style, ~12 ms), as
      FreeType does: only the pages of the glyphs used are read;
    * tables are sliced out of the file once, not once per 256-glyph subset, and the glyf table (several
      MB in a CJK font) not at all: makeSubset only slices single glyphs out of it;
    * the embedded subsets are compressed at FONT_ZLIB_LEVEL.
    """

    def __init__(self, filename: str, subfont_index: int) -> None:
        self._state_path = _state_path(filename, subfont_index)
        self._tables: dict[str, Any] = {}
        data = _map_file(filename)
        if data is not None:  # TTFontParser.readFile then keeps it, and does not set filename itself
            self._ttf_data, self.filename = data, filename
        super().__init__(filename, validate=0, subfontIndex=subfont_index)

    def extractInfo(self, charInfo: int = 1) -> None:  # noqa: N802 - ReportLab's name
        state = _load_state(self._state_path) if self._state_path is not None and charInfo else None
        if state is not None:
            self.__dict__.update(state)
            self._pdfScale = _pdf_scale(self.unitsPerEm)
            return
        before = dict(self.__dict__)
        super().extractInfo(charInfo)
        if self._state_path is not None and charInfo:
            changed = {k: v for k, v in self.__dict__.items() if k not in before or before[k] is not v}
            _save_state(self._state_path, changed)

    @property
    def glyphToChar(self) -> dict[int, list[int]]:  # noqa: N802 - ReportLab's name
        # Only shaping (uharfbuzz) reads it: restored faces keep it marshalled until then (saves ~6 ms a run).
        value = self.__dict__.get("_glyph_to_char")
        if value is None:
            value = self.__dict__["_glyph_to_char"] = marshal.loads(self.__dict__.pop("_glyph_to_char_blob"))
        return value

    @glyphToChar.setter
    def glyphToChar(self, value: dict[int, list[int]]) -> None:  # noqa: N802
        self.__dict__["_glyph_to_char"] = value
        self.__dict__.pop("_glyph_to_char_blob", None)

    def get_table(self, tag: str) -> Any:
        table = self._tables.get(tag)
        if table is None:
            if tag == "glyf":
                pos, length = self.get_table_pos(tag)
                table = _Window(self._ttf_data, pos, length)
            else:
                table = super().get_table(tag)
            self._tables[tag] = table
        return table

    def addSubsetObjects(self, doc: Any, fontname: str, subset: Sequence[int]) -> Any:  # noqa: N802
        ref = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if isinstance(stream, pdfdoc.PDFStream) and stream.filters == [pdfdoc.PDFZCompress]:
            stream.filters = [_FAST_FLATE]
        return ref


class _Window:
    """Part of the font data that slices like the bytes of that part, without copying it first."""

    __slots__ = ("data", "start", "length")

    def __init__(self, data: Any, start: int, length: int) -> None:
        self.data, self.start, self.length = data, start, length

    def __getitem__(self, key: slice) -> bytes:
        start, stop, step = key.indices(self.length)
        if step != 1:
            return bytes(self)[key]
        return bytes(self.data[self.start + start : self.start + max(start, stop)])

    def __len__(self) -> int:
        return self.length

    def __bytes__(self) -> bytes:
        return bytes(self.data[self.start : self.start + self.length])


def _map_file(filename: str) -> Any:
    """The font file mapped read-only, or None to let ReportLab read it (also when HarfBuzz shaping is
    available: ReportLab hands the data to it as bytes)."""
    if ttfonts.uharfbuzz is not None:
        return None
    try:
        with open(filename, "rb") as f:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None


class _Font(TTFont):
    """A ReportLab TTFont over a ready ``_Face``: TTFont.__init__ would parse the file itself.

    Sets exactly what TTFont.__init__ sets (tests/test_pdf_ttfont.py compares the two).
    """

    def __init__(self, name: str, face: _Face) -> None:  # noqa: super-init-not-called
        self.fontName = name
        self.face = face
        self.encoding = ttfonts.TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - ReportLab's name
        """ReportLab's objects, with the ToUnicode map of characters beyond the BMP (CJK Extension B names:
        𡒄) written as UTF-16 surrogate pairs: ReportLab writes their code point as five hex digits, which
        readers take as another character, so the text would not copy or search as written."""
        state = self.state.get(doc)
        subsets = list(state.subsets) if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if any(code > 0xFFFF for code in subset):
                parts = (ttfonts.SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)
                stream = doc.idToObject.get("toUnicodeCMap:" + b"".join(parts).decode("pdfdoc"))
                if isinstance(stream, pdfdoc.PDFStream) and isinstance(stream.content, str):
                    stream.content = _BEYOND_BMP.sub(_surrogates, stream.content)


_BEYOND_BMP = re.compile(r"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", re.M)


def _surrogates(match: re.Match[str]) -> str:
    code = int(match.group(2), 16) - 0x10000
    return f"{match.group(1)}<{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}>"


def _pdf_scale(units_per_em: int) -> Any:
    # As TTFontFile.extractInfo builds it (a lambda cannot be saved).
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def forget_state(filename: str, index: int) -> None:
    """Remove the saved parse of face ``index`` of a font file that is about to be deleted."""
    path = _state_path(filename, index)
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()


def _state_path(filename: str, index: int) -> Path | None:
    try:
        st = os.stat(filename)
    except OSError:
        return None
    key = f"{os.path.abspath(filename)}\0{index}\0{st.st_size}\0{st.st_mtime_ns}\0{reportlab.Version}\0{sys.byteorder}"
    return _STATES.record(key)


class _HMetrics:
    """ReportLab's hmetrics list, [(advance, lsb), ...] per glyph, kept as two arrays.

    TTFontFile.extractInfo appends (advance, lsb) as read for the first numberOfHMetrics glyphs, then
    (the last advance scaled to 1/1000 em, lsb) for the rest; makeSubset only indexes it. Restoring
    50 000 tuples was a third of the time to restore a face.
    """

    __slots__ = ("advances", "lsbs", "tail")

    def __init__(self, advances: array.array[int], lsbs: array.array[int], tail: Any) -> None:
        self.advances, self.lsbs, self.tail = advances, lsbs, tail

    @classmethod
    def pack(cls, hmetrics: Sequence[tuple[Any, Any]]) -> tuple[str, bytes, bytes, Any] | None:
        """The marshal form of a list this class can stand for, else None (then the list itself is kept)."""
        n = 0
        while n < len(hmetrics) and all(type(v) is int and 0 <= v <= 0xFFFF for v in hmetrics[n]):
            n += 1
        tail = hmetrics[n][0] if n < len(hmetrics) else None
        rest = hmetrics[n:]
        if not all(type(aw) is type(tail) and aw == tail and type(lsb) is int and 0 <= lsb <= 0xFFFF for aw, lsb in rest):
            return None
        advances = array.array("H", (aw for aw, _lsb in hmetrics[:n]))
        lsbs = array.array("H", (lsb for _aw, lsb in hmetrics))
        return (_HMETRICS_TAG, advances.tobytes(), lsbs.tobytes(), tail)

    @classmethod
    def unpack(cls, packed: tuple[str, bytes, bytes, Any]) -> _HMetrics:
        advances, lsbs = array.array("H"), array.array("H")
        advances.frombytes(packed[1])
        lsbs.frombytes(packed[2])
        return cls(advances, lsbs, packed[3])

    def __getitem__(self, i: int) -> tuple[Any, int]:
        lsb = self.lsbs[i]  # raises IndexError as the list would
        if i < 0:
            i += len(self.lsbs)
        return (self.advances[i] if i < len(self.advances) else self.tail), lsb

    def __len__(self) -> int:
        return len(self.lsbs)

    def __iter__(self) -> Iterator[tuple[Any, int]]:
        return (self[i] for i in range(len(self.lsbs)))


_HMETRICS_TAG = "hmetrics"
_ARRAY_TAG = "array"


def _encode(key: str, value: Any, floats: dict[float, float]) -> Any:
    if isinstance(value, ttfonts.TTFNameBytes):
        return (_NAME_TAG, bytes(value), value.ustr)
    if key == "hmetrics" and isinstance(value, list):
        return _HMetrics.pack(value) or value
    if key == "glyphPos" and isinstance(value, list) and all(type(v) is int and 0 <= v < 2**32 for v in value):
        return (_ARRAY_TAG, "I", array.array("I", value).tobytes())
    if key == "charWidths" and isinstance(value, dict):
        # One float object per distinct width: marshal then writes references, and loads them in a third of the time.
        return {code: floats.setdefault(width, width) for code, width in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, tuple) and value:
        if value[0] == _NAME_TAG and len(value) == 3:
            name = bytes.__new__(ttfonts.TTFNameBytes, value[1])
            name.ustr = value[2]
            return name
        if value[0] == _HMETRICS_TAG and len(value) == 4:
            return _HMetrics.unpack(value)
        if value[0] == _ARRAY_TAG and len(value) == 3:
            data = array.array(value[1])
            data.frombytes(value[2])
            return data
    return value


def _save_state(path: Path, state: Mapping[str, Any]) -> None:
    """Write the state with a checksum, atomically; skipped when a value is of a type marshal cannot keep."""
    floats: dict[float, float] = {}
    saved = {k: _encode(k, v, floats) for k, v in state.items() if k not in ("_pdfScale", "_glyph_to_char")}
    try:
        if "_glyph_to_char" in state:
            saved["_glyph_to_char_blob"] = marshal.dumps(state["_glyph_to_char"])
        payload = marshal.dumps(saved)
    except ValueError:
        return  # something new in a later ReportLab: that face is simply parsed every time
    cache.write_bytes(path, zlib.crc32(payload).to_bytes(4, "big") + payload)


def _load_state(path: Path) -> dict[str, Any] | None:
    # marshal is what Python's own .pyc files use; the checksum keeps a torn or damaged file away from it.
    data = cache.read_bytes(path)
    if data is None:
        return None
    check, payload = data[:4], data[4:]
    if len(check) != 4 or zlib.crc32(payload) != int.from_bytes(check, "big"):
        return None
    try:
        state = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    needed = {"charToGlyph", "charWidths", "unitsPerEm", "name", "_glyph_to_char_blob"}
    if not isinstance(state, dict) or not needed <= state.keys():
        return None
    return {k: _decode(v) for k, v in state.items()}
