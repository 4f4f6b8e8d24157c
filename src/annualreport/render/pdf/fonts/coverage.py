"""Character coverage: which code points a face draws (kept on disk per font file), required characters."""

from __future__ import annotations

import array
import binascii
import bisect
import operator
import os
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ....cache import Shelf

# fontTools is imported where used: a run whose face records all hit does not import it (~20 ms).

__all__ = ["Coverage", "FaceInfo", "clear", "face_info", "known_face_info", "required_characters"]

_FACES = Shelf("fonts/faces", 2)
"""What resolution needs from a face (``FaceInfo``); 2: the cmap as base64 arrays of range bounds."""


class Coverage:
    """A set of code points kept as sorted, disjoint ranges (two arrays of bounds).

    A CJK face maps 20 000-40 000 code points in a few thousand ranges: expanding them into a set, or
    even reading them back as lists of Python ints, took ~3 ms a face on every run, while resolution
    only asks about the few hundred characters in use.
    """

    __slots__ = ("starts", "ends")

    def __init__(self, starts: array.array[int], ends: array.array[int]) -> None:
        if len(starts) != len(ends):
            raise ValueError("as many range starts as ends are needed")
        self.starts, self.ends = starts, ends

    @classmethod
    def of(cls, codes: Iterator[int] | Sequence[int] | frozenset[int]) -> Coverage:
        starts, ends = array.array("I"), array.array("I")
        for code in sorted(codes):
            if ends and ends[-1] == code - 1:
                ends[-1] = code
            else:
                starts.append(code)
                ends.append(code)
        return cls(starts, ends)

    def to_text(self) -> str:
        """Both arrays as one base64 string of little-endian uint32: starts, then ends."""
        data = array.array("I", self.starts)
        data.extend(self.ends)
        if sys.byteorder == "big":
            data.byteswap()
        return binascii.b2a_base64(data.tobytes(), newline=False).decode("ascii")

    @classmethod
    def from_text(cls, text: str) -> Coverage:
        data = array.array("I")
        data.frombytes(binascii.a2b_base64(text))
        if sys.byteorder == "big":
            data.byteswap()
        half = len(data) // 2
        starts, ends = data[:half], data[half:]
        # Each start <= its end < the next start (map over operator functions runs without a Python frame).
        if len(data) % 2 or not all(map(operator.le, starts, ends)) or not all(map(operator.lt, ends, starts[1:])):
            raise ValueError("damaged code point ranges")
        return cls(starts, ends)

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, int):
            return False
        i = bisect.bisect_right(self.starts, code) - 1
        return i >= 0 and code <= self.ends[i]

    def __iter__(self) -> Iterator[int]:
        for start, end in zip(self.starts, self.ends):
            yield from range(start, end + 1)

    def __len__(self) -> int:
        return sum(self.ends) - sum(self.starts) + len(self.starts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Coverage) and (self.starts, self.ends) == (other.starts, other.ends)

    def __hash__(self) -> int:
        return hash((self.starts.tobytes(), self.ends.tobytes()))

    def __repr__(self) -> str:
        return f"Coverage({len(self)} code points in {len(self.starts)} ranges)"


@dataclass(frozen=True, slots=True)
class FaceInfo:
    """What resolution needs from one face: parsed once per process and file version."""

    cmap: Coverage
    """Code points the face maps to a glyph."""
    family: str
    """English (typographic) family name."""
    style: str
    """English style name."""
    outlines: Literal["truetype", "cff", "cff2", "none"]
    """Outline tables present: glyf, CFF, CFF2, or none (bitmap-only)."""
    fs_type: int
    """OS/2 embedding-licence bits."""


_FACE_CACHE: dict[tuple[str, int, int, int], FaceInfo] = {}


def clear() -> None:
    """Forget the faces parsed so far (the caller holds the resolution lock)."""
    _FACE_CACHE.clear()


def required_characters(text: str) -> str:
    """The characters of ``text`` a font must draw, each once, in order of first use.

    Whitespace and control characters are left out: ReportLab lays them out as space or not at all.
    """
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in seen and not ch.isspace() and unicodedata.category(ch) != "Cc":
            seen[ch] = None
    return "".join(seen)


# --------------------------------------------------------------------------- faces


def face_info(path: Path, index: int) -> FaceInfo:
    """Coverage and outline format of one face; parsed once per file version, then read from the cache.

    Parsing a CJK font's cmap with fontTools takes 30–60 ms per file; a command-line run resolves five
    keys, so the parsed facts are also kept on disk (a few KB per face, keyed by path, size and mtime).
    """
    st = path.stat()
    key = (os.path.abspath(path), index, st.st_size, st.st_mtime_ns)
    cached = _FACE_CACHE.get(key)
    if cached is not None:
        return cached
    record = _FACES.record(repr(key))
    info = _read_face_record(record)
    if info is None:
        info = _parse_face(path, index)
        _write_face_record(record, info)
    _FACE_CACHE[key] = info
    return info


def known_face_info(path: Path, index: int) -> FaceInfo | None:
    """``face_info`` when the face was parsed before (in this process or on disk), else None: never parses."""
    try:
        st = path.stat()
    except OSError:
        return None
    key = (os.path.abspath(path), index, st.st_size, st.st_mtime_ns)
    cached = _FACE_CACHE.get(key)
    if cached is None:
        cached = _read_face_record(_FACES.record(repr(key)))
        if cached is not None:
            _FACE_CACHE[key] = cached
    return cached


def _parse_face(path: Path, index: int) -> FaceInfo:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        # The table directory alone tells the outline format: no outline is parsed.
        outlines: Literal["truetype", "cff", "cff2", "none"]
        if "glyf" in font:
            outlines = "truetype"
        elif "CFF " in font:
            outlines = "cff"
        elif "CFF2" in font:
            outlines = "cff2"
        else:
            outlines = "none"
        # Only the code points matter, not the glyph names: placeholder names spare reading them (a CFF face's
        # charset: 65 535 names in Noto CJK, ~0.1 s a face).
        if "maxp" in font:
            font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
        best = font.getBestCmap() or {}
        return FaceInfo(
            cmap=Coverage.of(best),
            family=_english_name(font, 16, 1) or path.stem,
            style=_english_name(font, 17, 2) or "Regular",
            outlines=outlines,
            fs_type=int(font["OS/2"].fsType) if "OS/2" in font else 0,
        )


def _english_name(font: object, *ids: int) -> str:
    """The first of name IDs ``ids`` found, preferring Windows US English, then any record."""
    name_table = font["name"]  # type: ignore[index]
    for name_id in ids:
        value = name_table.getName(name_id, 3, 1, 0x409) or name_table.getName(name_id, 1, 0, 0)
        if value is not None:
            return str(value)
    for name_id in ids:
        value = name_table.getDebugName(name_id)
        if value:
            return str(value)
    return ""


def _read_face_record(record: Path) -> FaceInfo | None:
    data = _FACES.read_json(record)
    if data is None:
        return None
    try:
        cmap = Coverage.from_text(data["cmap"])
        return FaceInfo(cmap, data["family"], data["style"], data["outlines"], int(data["fs_type"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # damaged: parse the font again


def _write_face_record(record: Path, info: FaceInfo) -> None:
    data = {"family": info.family, "style": info.style, "outlines": info.outlines, "fs_type": info.fs_type,
            "cmap": info.cmap.to_text()}  # fmt: skip
    _FACES.write_json(record, data)
