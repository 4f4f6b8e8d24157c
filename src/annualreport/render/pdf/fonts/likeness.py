"""Which fonts look alike: a class per face (仿宋, 楷体, 宋体, 黑体) read from its names, and for each class
the order in which the others stand in for it.

These tables decide every borrowing: a character a font key's face lacks is drawn by the installed face
ranked first here (``rank``) that has it. A font key's own class is read from its candidate names (the
first that says one: 仿宋_GB2312 → fangsong), so a style needs no extra setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["CHINESE_PROBE", "CLASS_LABELS", "FALLBACK_ORDER", "NAME_PATTERNS", "OTHER", "REGION_PATTERNS", "classify", "key_class",
           "order_for", "region"]  # fmt: skip

OTHER = "other"
"""The class of a face whose names say none of the classes below (Latin fonts, symbol fonts, Unifont…)."""

CLASS_LABELS = {"fangsong": "仿宋", "kai": "楷体", "song": "宋体", "hei": "黑体", OTHER: "other"}
"""How warnings and `annualreport fonts` name each class."""

NAME_PATTERNS: tuple[tuple[str, str], ...] = (
    # Tried in this order on every name of a face (case folded, spaces removed); the first match decides.
    # 仿宋 before 宋 ("FangSong" ends in "song"), 楷 before the rest.
    ("fangsong", r"fang|仿宋"),
    ("kai", r"kai|楷"),
    ("hei", r"hei|sans|gothic|黑|yahei|dengxian|等线|圆|yuan"),
    ("song", r"song|sung|ming|serif|mincho|宋|明|simsun|hanamin|babelstone|batang|myeongjo|jigmo"),
)
"""Family-name patterns of each class (regular expressions)."""

FALLBACK_ORDER: dict[str, tuple[str, ...]] = {
    # 仿宋: another 仿宋, then 楷体, then a serif 宋体; 黑体 only when no serif has the character.
    "fangsong": ("fangsong", "kai", "song", "hei"),
    # 楷体: another 楷体, then 仿宋, then 宋体.
    "kai": ("kai", "fangsong", "song", "hei"),
    # 宋体 (and 小标宋): another 宋体, then the other serifs.
    "song": ("song", "fangsong", "kai", "hei"),
    # 黑体: a sans; then a serif rather than nothing.
    "hei": ("hei", "song", "fangsong", "kai"),
}
"""For a font key of each class, the classes to borrow from, nearest first; faces of no class come last."""

REGION_PATTERNS: tuple[tuple[int, str], ...] = (
    # Faces made for mainland Chinese (GB forms) first; then those saying nothing; then those made for
    # Taiwan, Hong Kong, Japan or Korea, whose glyphs of the same character may differ in form.
    (0, r"cjksc|hanssc|sc$|gb|cn$|prc|hans|简|gbk"),
    (2, r"cjk(tc|hk|jp|kr)|hans?(tc|hk|jp|kr)|big5|tw|hk$|jp$|kr$|繁|hant|japan|korea"),
)
"""(rank, pattern) tried in order on a face's names; a face matching none ranks 1."""

CHINESE_PROBE = "的一是在不了有和人这中大为上个国"
"""A face drawing all of these is a Chinese font: only such a face stands in for a key none of whose candidates
is installed (a Latin font covering the page numbers does not), and with none installed the PDF falls back to
the built-in STSong-Light."""

_COMPILED = tuple((cls, re.compile(pattern)) for cls, pattern in NAME_PATTERNS)
_REGIONS = tuple((rank, re.compile(pattern)) for rank, pattern in REGION_PATTERNS)


def _norm(name: str) -> str:
    return "".join(name.split()).casefold()


def classify(names: Iterable[str]) -> str:
    """The class the names of a face (or a candidate) say, or OTHER."""
    normalised = [_norm(n) for n in names]
    for cls, pattern in _COMPILED:
        if any(pattern.search(n) for n in normalised):
            return cls
    return OTHER


def key_class(candidates: Iterable[str]) -> str:
    """A font key's class: that of its first candidate whose name says one (song when none does)."""
    for name in candidates:
        cls = classify([name.replace("\\", "/").rsplit("/", 1)[-1]])  # a path: its file name
        if cls != OTHER:
            return cls
    return "song"


def order_for(cls: str) -> tuple[str, ...]:
    """The classes a key of class ``cls`` borrows from, nearest first, OTHER last."""
    return (*FALLBACK_ORDER.get(cls, FALLBACK_ORDER["song"]), OTHER)


def region(names: Iterable[str]) -> int:
    """0 for a face made for mainland Chinese, 2 for another region's, 1 when its names do not say."""
    normalised = [_norm(n) for n in names]
    for rank, pattern in _REGIONS:
        if any(pattern.search(n) for n in normalised):
            return rank
    return 1
