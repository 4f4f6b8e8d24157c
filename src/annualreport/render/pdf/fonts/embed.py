"""Registering the chosen faces with ReportLab: PdfFonts, load_fonts, the font warnings, font_report."""

from __future__ import annotations

import hashlib
import threading
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from ....document import Document
from ....style import Style
from ..ttfont import make_font
from ..typeset import Run
from .resolve import FontChoice, FontFace, describe, resolve_fonts
from .system import install_hint

BUILTIN_FALLBACK = "STSong-Light"
"""ReportLab's built-in Adobe-GB1 CID font: needs no file, is not embedded. The last resort."""

COMMON_DESCENT = -0.12
"""Descent written for every registered CJK face (fraction of the em). Text extractors place a glyph's
box by its font's descent; one common value keeps mixed-font lines (a 楷体 lead in a 仿宋 paragraph)
on one row for them, as they are on the page."""

_registered: dict[tuple[str, int], str] = {}
_coverage: dict[str, frozenset[int]] = {}
_lock = threading.RLock()
_warned_no_font = False


@dataclass(frozen=True, slots=True)
class PdfFonts:
    """The ReportLab font name serving each font key, and how to split text a face cannot draw."""

    names: Mapping[str, str]
    """Font key -> registered ReportLab font name."""
    coverage: Mapping[str, frozenset[int]]
    """Registered font name -> code points it can draw (empty for the built-in CID font: it draws all)."""
    choices: Mapping[str, FontChoice]
    """How each key was resolved (for `annualreport fonts` and warnings)."""

    def runs(self, text: str, key: str, size: float) -> Iterator[Run]:
        """``text`` as runs in ``key``'s font, with characters it lacks in the first font that has them."""
        primary = self.names[key]
        current, start = self._font_for(text[0], primary) if text else primary, 0
        for i, char in enumerate(text):
            font = self._font_for(char, primary)
            if font != current:
                if i > start:
                    yield Run(text[start:i], current, size)
                current, start = font, i
        if text:
            yield Run(text[start:], current, size)

    def _font_for(self, char: str, primary: str) -> str:
        if self._covers(primary, char):
            return primary
        for name in dict.fromkeys(self.names.values()):
            if self._covers(name, char):
                return name
        return _builtin()

    def uncovered(self, text: str) -> str:
        """Characters of ``text`` that no embedded font draws (they fall to the built-in CID font)."""
        embedded = [name for name in dict.fromkeys(self.names.values()) if self.coverage.get(name)]
        return "".join(
            dict.fromkeys(c for c in text if not c.isspace() and not any(ord(c) in self.coverage[n] for n in embedded))
        )

    def _covers(self, name: str, char: str) -> bool:
        cover = self.coverage.get(name)
        return cover is None or not cover or ord(char) in cover or char.isspace()


def required_text(document: Document) -> dict[str, str]:
    """Every character each font key must draw, from the roles the document's nodes set their text in."""
    style = document.style
    needed: dict[str, set[str]] = {key: set() for key in style.fonts}
    for role, text in document.texts():
        needed[style.role(role).font].update(text)
    needed[style.role("page_number").font].update(style.page_number.format.replace("{n}", "0123456789"))
    return {key: "".join(sorted(chars)) for key, chars in needed.items()}


def load_fonts(document: Document, font_dirs: Sequence[Path | str] = ()) -> PdfFonts:
    """Resolve and register the fonts ``document`` needs; warn once when there is no Chinese font at all."""
    style = document.style
    choices = resolve_fonts(style.fonts, required_text(document), font_dirs=font_dirs)
    names: dict[str, str] = {}
    coverage: dict[str, frozenset[int]] = {}
    for key, choice in choices.items():
        if choice.face is None:
            names[key] = _builtin()
            coverage[names[key]] = frozenset()
            continue
        names[key] = register(choice.face)
        coverage[names[key]] = _cmap(names[key])
    loaded = PdfFonts(names=names, coverage=coverage, choices=choices)
    if all(choice.face is None for choice in choices.values()):
        _warn_no_font()
    else:
        lacking = loaded.uncovered("".join(choice.missing for choice in choices.values()))
        if lacking:
            warnings.warn(MissingGlyphWarning(lacking), stacklevel=2)
    return loaded


def register(face: FontFace) -> str:
    """Register a TrueType face with ReportLab under a stable name; parsed once per process.

    On a tested ReportLab, what it reads from the file (names, metrics, cmap, glyph offsets) is also
    kept on disk, so a later process skips the parse (56 ms for WenQuanYi Micro Hei, 130 ms for the
    five faces of the default style); see ``ttfont.make_font``.
    """
    key = (str(face.path), face.index)
    with _lock:
        name = _registered.get(key)
        if name is None:
            digest = hashlib.sha1(f"{face.path}#{face.index}".encode()).hexdigest()[:8]
            name = f"AR{digest}"
            font = make_font(name, str(face.path), face.index)
            font.face.descent = round(COMMON_DESCENT * 1000)
            pdfmetrics.registerFont(font)
            _registered[key] = name
        return name


def _cmap(name: str) -> frozenset[int]:
    with _lock:
        cover = _coverage.get(name)
        if cover is None:
            cover = _coverage[name] = frozenset(pdfmetrics.getFont(name).face.charToGlyph)
        return cover


def _builtin() -> str:
    with _lock:
        if BUILTIN_FALLBACK not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(BUILTIN_FALLBACK))
    return BUILTIN_FALLBACK


class FontWarning(UserWarning):
    """A font problem that still lets the PDF be written."""


class MissingGlyphWarning(FontWarning):
    """Characters no installed font can draw; ReportLab's built-in STSong-Light draws them, not embedded."""

    def __init__(self, characters: str) -> None:
        self.characters = characters
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in characters[:12])
        more = f" and {len(characters) - 12} more" if len(characters) > 12 else ""
        super().__init__(
            f"no installed font draws {shown}{more}; they use the built-in STSong-Light (not embedded). "
            "Install a font that has them, or name one in the style or with --font-dir."
        )


class NoChineseFontWarning(FontWarning):
    """No Chinese font at all: the whole PDF falls back to the built-in STSong-Light."""


def _warn_no_font() -> None:
    global _warned_no_font
    if not _warned_no_font:  # once per process: a batch of reports should not repeat it
        _warned_no_font = True
        warnings.warn(
            NoChineseFontWarning(
                "no Chinese TrueType font found; the PDF uses ReportLab's built-in STSong-Light, which is not "
                f"embedded (readers without Chinese fonts show blanks). Install fonts: {install_hint()}"
            ),
            stacklevel=3,
        )


def font_report(style: Style, font_dirs: Sequence[Path | str] = (), document: Document | None = None) -> str:
    """Which file serves each role and why other candidates were passed over (`annualreport fonts`).

    With a document, coverage is checked against its text, exactly as rendering it would.
    """
    text = required_text(document) if document is not None else {}
    choices = resolve_fonts(style.fonts, text, font_dirs=font_dirs)
    lines = [describe(choices), "", "roles:"]
    for role, look in style.roles.items():
        face = choices[look.font].face
        served = f"{face.path}" + (f" #{face.index}" if face.index else "") if face else BUILTIN_FALLBACK
        lines.append(f"  {role:<18} {look.font:<13} {look.size_pt:g} pt  {served}")
    return "\n".join(lines) + "\n"


def registered_names() -> dict[tuple[str, int], str]:
    """A copy of the registrations made so far (for tests)."""
    with _lock:
        return dict(_registered)


def lock() -> threading.RLock:
    """The lock that serialises PDF builds: ReportLab's TTFont keeps per-document state."""
    return _lock
