"""The OFD's embedded fonts: each face of the pages subset by fontTools to the characters drawn in it.

A face is the very file the PDF embeds (``pages.Face.path``: for a CFF face, the TrueType copy the PDF's font
conversion made), so both formats show the same glyphs. The subset keeps what a reader needs to draw text
positioned glyph by glyph — outlines, the ``cmap`` of the drawn characters, metrics, names — and drops layout
features (OFD text carries every glyph's position, nothing is shaped) and hinting. The timestamps in ``head``
are the source file's: the same pages give the same bytes on any day.
"""

from __future__ import annotations

import io
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

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
