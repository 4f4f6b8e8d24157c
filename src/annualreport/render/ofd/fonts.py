"""The OFD's embedded fonts: each face of the pages subset by fontTools to the characters drawn in it.

A face is the very file the PDF embeds (``pages.Face.path``: for a CFF face, the TrueType copy the PDF's font
conversion made), so both formats show the same glyphs. The subset keeps what a reader needs to draw text
positioned glyph by glyph — outlines, the ``cmap`` of the drawn characters, metrics, names — and drops layout
features (OFD text carries every glyph's position, nothing is shaped) and hinting. The timestamps in ``head``
are the source file's: the same pages give the same bytes on any day.
"""

from __future__ import annotations

import array
import bisect
import io
import logging
import os
import struct
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, KeysView
from dataclasses import dataclass
from typing import BinaryIO

from fontTools import subset
from fontTools.ttLib import TTFont

from .. import pages as pg

__all__ = ["EmbeddedFont", "subset_face"]

_MEMO_SIZE = 16
_memo: OrderedDict[tuple[str, int, int, frozenset[str]], EmbeddedFont] = OrderedDict()
_memo_lock = threading.Lock()
_quiet_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class EmbeddedFont:
    """A subset ready to be written into the package, with what ``PublicRes.xml`` says of it."""

    data: bytes
    family: str
    """The family name (name ID 1), "" if the font has none."""
    bold: bool
    italic: bool


def _options() -> subset.Options:
    options = subset.Options()
    options.layout_features = []  # every glyph is placed by the page model: nothing to shape
    options.hinting = False
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["DSIG", "FFTM", "mort", "morx"]
    return options


def subset_face(face: pg.Face, characters: Iterable[str]) -> EmbeddedFont:
    """``face`` cut down to ``characters`` (and .notdef). Remembered for the last few (file, size, characters):
    a file that changes size is read again."""
    wanted = frozenset(characters)
    key = (face.path, face.index, os.stat(face.path).st_size, wanted)
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    # fontTools' notes on tables it drops or on padding past a table's end are not the user's to act on.
    logger = logging.getLogger("fontTools")
    with _quiet_lock:
        level = logger.level
        logger.setLevel(logging.ERROR)
        try:
            embedded = _subset(face, wanted)
        finally:
            logger.setLevel(level)
    with _memo_lock:
        _memo[key] = embedded
        while len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
    return embedded


def _subset(face: pg.Face, wanted: frozenset[str]) -> EmbeddedFont:
    with open(face.path, "rb") as file:
        tables = _Source(file, face.index)
        if {"glyf", "loca", "cmap", "hmtx", "hhea", "maxp", "head"} <= tables.keys():
            style = struct.unpack_from(">H", tables["head"], 44)[0]
            family = _family(tables["name"]) if "name" in tables else ""
            subset_data = _truetype_subset(tables, [ord(char) for char in wanted])
            return EmbeddedFont(subset_data, family, bool(style & 1), bool(style & 2))
    return _fonttools_subset(face, wanted)


def _fonttools_subset(face: pg.Face, wanted: frozenset[str]) -> EmbeddedFont:
    """Any other face (CFF outlines): fontTools' subsetter."""
    font = TTFont(face.path, fontNumber=face.index, lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    try:
        names = font["name"]
        family = names.getBestFamilyName() or ""
        style = font["head"].macStyle
        subsetter = subset.Subsetter(_options())
        subsetter.populate(unicodes={ord(char) for char in wanted})
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out, reorderTables=True)
    finally:
        font.close()
    return EmbeddedFont(out.getvalue(), family, bool(style & 1), bool(style & 2))


# ------------------------------------------------------------------ TrueType subsets without decompiling


_KEPT_TABLES = ("OS/2", "cvt ", "fpgm", "gasp", "name", "prep")
"""Copied as they are; head, hhea, maxp, hmtx, loca, glyf, cmap and post are rewritten; the rest (layout,
vertical metrics, bitmaps, tables indexed by glyph) dropped."""


class _Source:
    """A face's tables read from its file when first asked for; glyphs one by one (a CJK font's glyph table
    is megabytes, of which a report draws a few hundred glyphs)."""

    def __init__(self, file: BinaryIO, index: int) -> None:
        self.file = file
        start = struct.unpack(">I", self._read(12 + 4 * index, 4))[0] if self._read(0, 4) == b"ttcf" else 0
        (count,) = struct.unpack(">H", self._read(start + 4, 2))
        directory = self._read(start + 12, 16 * count)
        self.where: dict[str, tuple[int, int]] = {}
        for i in range(count):
            tag, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * i)
            self.where[tag.decode("latin-1")] = (offset, length)
        self.read: dict[str, bytes] = {}

    def _read(self, offset: int, length: int) -> bytes:
        self.file.seek(offset)
        return self.file.read(length)

    def __contains__(self, tag: str) -> bool:
        return tag in self.where

    def keys(self) -> KeysView[str]:
        return self.where.keys()

    def __getitem__(self, tag: str) -> bytes:
        if tag not in self.read:
            self.read[tag] = self._read(*self.where[tag])
        return self.read[tag]

    def glyph(self, start: int, end: int) -> bytes:
        """Bytes ``start`` to ``end`` of the glyph table."""
        offset, length = self.where["glyf"]
        end = min(end, length)
        return self._read(offset + start, end - start) if end > start else b""


def _cmap_lookup(cmap: bytes, codes: Iterable[int]) -> dict[int, int]:
    """Code point → glyph ID for ``codes``, from the font's Unicode subtable (format 12, else 4)."""
    (count,) = struct.unpack_from(">H", cmap, 2)
    records = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        records.setdefault(struct.unpack_from(">H", cmap, offset)[0], {})[(platform, encoding)] = offset
    found: dict[int, int] = {}
    for offset in (o for key in ((3, 10), (0, 6), (0, 4)) if (o := records.get(12, {}).get(key)) is not None):
        (groups,) = struct.unpack_from(">I", cmap, offset + 12)
        flat = struct.unpack_from(f">{3 * groups}I", cmap, offset + 16)
        starts = flat[0::3]
        for code in codes:
            i = bisect.bisect_right(starts, code) - 1
            if i >= 0 and code <= flat[3 * i + 1]:
                found[code] = flat[3 * i + 2] + code - starts[i]
        return found
    for offset in (o for key in ((3, 1), (0, 3), (0, 4), (0, 1), (0, 0)) if (o := records.get(4, {}).get(key)) is not None):
        segments = struct.unpack_from(">H", cmap, offset + 6)[0] // 2
        ends = struct.unpack_from(f">{segments}H", cmap, offset + 14)
        starts = struct.unpack_from(f">{segments}H", cmap, offset + 16 + 2 * segments)
        deltas = struct.unpack_from(f">{segments}H", cmap, offset + 16 + 4 * segments)
        ranges_at = offset + 16 + 6 * segments
        ranges = struct.unpack_from(f">{segments}H", cmap, ranges_at)
        for code in codes:
            i = bisect.bisect_left(ends, code)
            if i == segments or starts[i] > code:
                continue
            if ranges[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                glyph = struct.unpack_from(">H", cmap, ranges_at + 2 * i + ranges[i] + 2 * (code - starts[i]))[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                found[code] = glyph
        return found
    raise ValueError("no Unicode cmap")


def _components(glyph: bytes) -> list[int]:
    """Byte offsets of the glyph-index fields of a composite glyph's components ([] for a simple glyph)."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph, 0)[0] >= 0:
        return []
    fields = []
    at = 10
    while True:
        flags = struct.unpack_from(">H", glyph, at)[0]
        fields.append(at + 2)
        at += 4 + (4 if flags & 0x0001 else 2)
        at += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
        if not flags & 0x0020:
            return fields


def _family(name: bytes) -> str:
    """The typographic family (name ID 16), else the family (1): Windows Unicode names first."""
    _, count, strings = struct.unpack_from(">HHH", name, 0)
    found: dict[tuple[int, int], str] = {}
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", name, 6 + 12 * i)
        if name_id not in (1, 16):
            continue
        raw = bytes(name[strings + offset : strings + offset + length])
        if platform == 3 and encoding in (0, 1, 10):
            rank = 0 if language == 0x409 else 1
            found.setdefault((name_id, rank), raw.decode("utf-16-be", "replace"))
        elif platform == 1 and encoding == 0:
            found.setdefault((name_id, 2), raw.decode("latin-1"))
    for key in sorted(found, key=lambda k: (-k[0], k[1])):
        return found[key]
    return ""


def _checksum(data: bytes) -> int:
    words = array.array("I", data + b"\0" * (-len(data) % 4))
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """A TrueType file of ``tables``: sorted directory, 4-byte aligned, checksums and head's adjustment."""
    tags = sorted(tables)
    power = 1 << (len(tags).bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, len(tags), power * 16, power.bit_length() - 1, len(tags) * 16 - power * 16)
    offset = 12 + 16 * len(tags)
    directory, body = [], []
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset, len(data)))
        body.append(data + b"\0" * (-len(data) % 4))
        offset += len(data) + (-len(data) % 4)
    font = bytearray(header + b"".join(directory) + b"".join(body))
    head_at = struct.unpack_from(">I", font, 12 + 16 * tags.index("head") + 8)[0]
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def _cmap(mapping: dict[int, int]) -> bytes:
    """A cmap of ``mapping``: format 4 (3, 1) for the BMP, and format 12 (3, 10) when a code lies beyond."""
    bmp = sorted(code for code in mapping if code <= 0xFFFE)
    segments = len(bmp) + 1
    power = 1 << (segments.bit_length() - 1)
    ends = bmp + [0xFFFF]
    deltas = [(mapping[code] - code) & 0xFFFF for code in bmp] + [1]
    format4 = struct.pack(">7H", 4, 16 + 8 * segments, 0, 2 * segments, 2 * power, power.bit_length() - 1,
                          2 * segments - 2 * power)  # fmt: skip
    format4 += struct.pack(f">{segments}H", *ends) + b"\0\0" + struct.pack(f">{segments}H", *ends)
    format4 += struct.pack(f">{segments}H", *deltas) + b"\0\0" * segments
    subtables = [((3, 1), format4)]
    if any(code > 0xFFFE for code in mapping):
        codes = sorted(mapping)
        format12 = struct.pack(">HHIII", 12, 0, 16 + 12 * len(codes), 0, len(codes))
        format12 += b"".join(struct.pack(">III", code, code, mapping[code]) for code in codes)
        subtables.append(((3, 10), format12))
    out = struct.pack(">HH", 0, len(subtables))
    offset = 4 + 8 * len(subtables)
    for (platform, encoding), table in subtables:
        out += struct.pack(">HHI", platform, encoding, offset)
        offset += len(table)
    return out + b"".join(table for _, table in subtables)


def _truetype_subset(tables: _Source, codes: Iterable[int]) -> bytes:
    """The font of ``tables`` cut to the glyphs of ``codes`` (and .notdef, and composite glyphs' parts),
    renumbered in their order in the font."""
    head, hhea, maxp, loca, hmtx = (tables[t] for t in ("head", "hhea", "maxp", "loca", "hmtx"))
    glyphs = struct.unpack_from(">H", maxp, 4)[0]
    long_offsets = struct.unpack_from(">h", head, 50)[0]
    offsets = array.array("I" if long_offsets else "H")
    offsets.frombytes(loca[: (glyphs + 1) * (4 if long_offsets else 2)])
    if sys.byteorder == "little":
        offsets.byteswap()
    scale = 1 if long_offsets else 2
    mapping = {code: glyph for code, glyph in _cmap_lookup(tables["cmap"], codes).items() if glyph < glyphs}
    kept: set[int] = set()
    read: dict[int, bytes] = {}
    pending = [0, *mapping.values()]
    while pending:
        glyph = pending.pop()
        if glyph in kept or glyph >= glyphs:
            continue
        kept.add(glyph)
        data = read[glyph] = tables.glyph(scale * offsets[glyph], scale * offsets[glyph + 1])
        pending += [struct.unpack_from(">H", data, at)[0] for at in _components(data)]
    order = sorted(kept)
    new_id = {old: new for new, old in enumerate(order)}
    metrics = struct.unpack_from(">H", hhea, 34)[0]
    new_glyf, new_loca, new_hmtx = bytearray(), [0], bytearray()
    for old in order:
        data = bytearray(read[old])
        for at in _components(bytes(data)):
            struct.pack_into(">H", data, at, new_id.get(struct.unpack_from(">H", data, at)[0], 0))
        new_glyf += data + b"\0" * (-len(data) % 4)
        new_loca.append(len(new_glyf))
        if old < metrics:
            new_hmtx += hmtx[4 * old : 4 * old + 4]
        else:
            lsb = 4 * metrics + 2 * (old - metrics)
            new_hmtx += hmtx[4 * metrics - 4 : 4 * metrics - 2]  # the last advance, then the glyph's own lsb
            new_hmtx += hmtx[lsb : lsb + 2]
    new_head = bytearray(head)
    struct.pack_into(">I", new_head, 8, 0)
    struct.pack_into(">h", new_head, 50, 1)
    new_hhea = bytearray(hhea)
    struct.pack_into(">H", new_hhea, 34, len(order))
    new_maxp = bytearray(maxp)
    struct.pack_into(">H", new_maxp, 4, len(order))
    post = bytearray(tables["post"][:32]) if "post" in tables else bytearray(32)
    struct.pack_into(">I", post, 0, 0x00030000)
    out = {tag: bytes(tables[tag]) for tag in _KEPT_TABLES if tag in tables}
    out.update({
        "head": bytes(new_head), "hhea": bytes(new_hhea), "maxp": bytes(new_maxp), "hmtx": bytes(new_hmtx),
        "loca": struct.pack(f">{len(new_loca)}I", *new_loca), "glyf": bytes(new_glyf), "post": bytes(post),
        "cmap": _cmap({code: new_id[glyph] for code, glyph in mapping.items()}),
    })  # fmt: skip
    return _sfnt(out)
