"""What Word and WPS are told of each family in the font table: the stock Windows faces to use when the named one
is missing (``w:altName``), and the PANOSE number, character set, family and pitch Word itself writes for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WINDOWS_FACES = frozenset({"宋体", "新宋体", "黑体", "仿宋", "楷体", "微软雅黑", "等线",
                           "华文中宋", "华文宋体", "华文仿宋", "华文楷体", "华文细黑", "华文黑体"})  # fmt: skip
"""Chinese faces a Windows 10/11 (zh-CN) has out of the box, and the 华文 faces Microsoft Office installs with it:
the substitutes worth naming for 仿宋_GB2312, 楷体_GB2312 and 方正小标宋简体, which a stock machine lacks."""


@dataclass(frozen=True, slots=True)
class FontEntry:
    """One ``w:font`` of fontTable.xml."""

    name: str
    """The family the styles name (``w:name``)."""
    alternatives: tuple[str, ...] = ()
    """``w:altName``, comma-separated (ECMA-376 17.8.3.1): the faces Word looks for when ``name`` is missing."""
    panose: str | None = None
    """``w:panose1``: ten PANOSE bytes in hex, as Word writes them for the face (only where known)."""
    family: str = "auto"
    """``w:family``: auto, roman, swiss, modern …"""
    pitch: str = "variable"
    """``w:pitch``: fixed, variable or default."""

    @property
    def charset(self) -> str | None:
        """``w:charset`` in hex: 86 (134, GB2312) for a Chinese name, which tells Word and WPS the face is Chinese."""
        return None if self.name.isascii() else "86"


KNOWN: dict[str, tuple[str, str, str]] = {
    "宋体": ("02010600030101010101", "auto", "variable"),
    "黑体": ("02010609060101010101", "modern", "fixed"),
    "楷体": ("02010609060101010101", "modern", "fixed"),
    "仿宋": ("02010609060101010101", "modern", "fixed"),
    "仿宋_GB2312": ("02010609030101010101", "modern", "fixed"),
}
"""PANOSE, family and pitch of the faces whose font-table entries Word writes the same in every document seen."""


def font_entry(candidates: Sequence[str]) -> FontEntry:
    """The entry of the family a font key names first: its alternatives are the stock Windows faces among the later
    candidates (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 华文中宋, 宋体), in the style's order; a face
    that is itself stock (黑体, 宋体) gets the English name that follows it (SimHei, SimSun) as Word writes it."""
    name = candidates[0]
    fallbacks = tuple(dict.fromkeys(c for c in candidates[1:] if c in WINDOWS_FACES and c != name))
    if not fallbacks:
        following = candidates[1] if len(candidates) > 1 else None
        if following and following.isascii() and not name.isascii():
            fallbacks = (following,)
    panose, family, pitch = KNOWN.get(name, (None, "auto", "variable"))
    return FontEntry(name, fallbacks, panose, family, pitch)
