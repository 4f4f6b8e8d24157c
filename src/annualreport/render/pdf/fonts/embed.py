"""Registering the chosen faces with ReportLab: PdfFonts, load_fonts, the font warnings, font_report."""

from __future__ import annotations

import re

import hashlib
import threading
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from ....document import Document
from ...pages import Face
from ....style import Style
from ..ttfont import make_font
from ..typeset import Run
from .likeness import CLASS_LABELS
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
_faces: dict[str, Face] = {}
_lock = threading.RLock()
_warned_no_font = False


@dataclass(frozen=True, slots=True)
class PdfFonts:
    """The ReportLab font name serving each font key, and the faces drawing the characters it lacks."""

    names: Mapping[str, str]
    """Font key -> registered ReportLab font name."""
    coverage: Mapping[str, frozenset[int]]
    """Registered font name -> code points it can draw (empty for the built-in CID font: it draws all)."""
    choices: Mapping[str, FontChoice]
    """How each key was resolved (for `annualreport fonts` and warnings)."""
    borrowed: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Font key -> character -> registered font name drawing it for that key (the face most like the key's
    that has it: ``FontChoice.borrowed``)."""

    def runs(self, text: str, key: str, size: float) -> Iterator[Run]:
        """``text`` as runs in ``key``'s font, with the characters it lacks in the faces it borrows them from.

        A character no installed font has stays in the key's font (its .notdef box, and the error-level
        MissingGlyphWarning said so).
        """
        primary = self.names[key]
        cover = self.coverage.get(primary) or None
        lent = self.borrowed.get(key, {})
        current, start = primary, 0
        for i, char in enumerate(text):
            font = primary if cover is None or ord(char) in cover or char.isspace() else lent.get(char, primary)
            if font != current:
                if i > start:
                    yield Run(text[start:i], current, size)
                current, start = font, i
        if text:
            yield Run(text[start:], current, size)

    def uncovered(self, text: str) -> str:
        """Characters of ``text`` that no embedded font draws."""
        embedded = [name for name in dict.fromkeys(self.names.values()) if self.coverage.get(name)]
        embedded += [name for lent in self.borrowed.values() for name in lent.values()]
        return "".join(
            dict.fromkeys(c for c in text if not c.isspace() and not any(ord(c) in self.coverage[n] for n in embedded))
        )


def required_text(document: Document) -> dict[str, str]:
    """Every character each font key must draw, from the roles the document's nodes set their text in."""
    return {key: "".join(sorted(chars)) for key, chars in _required_by_role(document)[0].items()}


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]{6}")


def _required_by_role(document: Document) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The characters of each font key, and of each role (page numbers under "page_number")."""
    style = document.style
    needed: dict[str, set[str]] = {key: set() for key in style.fonts}
    by_role: dict[str, set[str]] = {}
    for role, text in document.texts():
        needed[style.role(role).font].update(text)
        by_role.setdefault(role, set()).update(text)
        if _LATIN.search(text):  # the line breaker may hyphenate a long Latin word
            needed[style.role(role).font].add("-")
            by_role[role].add("-")
    numbers = style.page_number.format.replace("{n}", "0123456789")
    needed[style.role("page_number").font].update(numbers)
    by_role.setdefault("page_number", set()).update(numbers)
    return needed, by_role


def load_fonts(document: Document, font_dirs: Sequence[Path | str] = ()) -> PdfFonts:
    """Resolve and register the fonts ``document`` needs, and say what had to be borrowed or cannot be drawn.

    Warns (``warnings``) with one BorrowedGlyphsWarning per font key that borrows characters, one
    SubstituteFontWarning per key none of whose candidates is installed, a MissingGlyphWarning (error
    level) naming characters no installed font draws, and NoChineseFontWarning (once per process) when
    there is no Chinese font at all.
    """
    style = document.style
    needed, by_role = _required_by_role(document)
    text = {key: "".join(sorted(chars)) for key, chars in needed.items()}
    choices = resolve_fonts(style.fonts, text, font_dirs=font_dirs)
    names: dict[str, str] = {}
    coverage: dict[str, frozenset[int]] = {}
    borrowed: dict[str, dict[str, str]] = {}
    for key, choice in choices.items():
        if choice.face is None:
            names[key] = _builtin()
            coverage[names[key]] = frozenset()
            continue
        names[key] = register(choice.face)
        coverage[names[key]] = _cmap(names[key])
        for loan in choice.borrowed:
            lender = register(loan.face)
            coverage[lender] = _cmap(lender)
            borrowed.setdefault(key, {}).update(dict.fromkeys(loan.characters, lender))
    loaded = PdfFonts(names=names, coverage=coverage, choices=choices, borrowed=borrowed)
    if all(choice.face is None for choice in choices.values()):
        _warn_no_font()
        return loaded
    for key, choice in choices.items():
        if choice.face is None:
            continue
        if choice.substitute:
            warnings.warn(SubstituteFontWarning(key, _roles(style, key, None, by_role), choice), stacklevel=2)
        if choice.borrowed:
            chars = "".join(loan.characters for loan in choice.borrowed)
            warnings.warn(BorrowedGlyphsWarning(key, _roles(style, key, chars, by_role), choice), stacklevel=2)
    missing = {key: choice.missing for key, choice in choices.items() if choice.face is not None and choice.missing}
    if missing:
        chars = "".join(dict.fromkeys("".join(missing.values())))
        roles = tuple(dict.fromkeys(r for key, m in missing.items() for r in _roles(style, key, m, by_role)))
        warnings.warn(MissingGlyphWarning(chars, roles), stacklevel=2)
    return loaded


def _roles(style: Style, key: str, chars: str | None, by_role: Mapping[str, set[str]]) -> tuple[str, ...]:
    """The roles set in ``key``'s font whose text has any of ``chars`` (None: every role of the key that has text)."""
    wanted = None if chars is None else set(chars)
    return tuple(
        role for role, look in style.roles.items()
        if look.font == key and by_role.get(role) and (wanted is None or wanted & by_role[role])
    )  # fmt: skip


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
            # ReportLab hands out the first font registered under a PostScript name for every later one with that
            # name: another document's font of the same source face (another glyph set) would stand in for this
            # one. Forgetting that name (as TTFont.unregister does) registers this font as itself.
            faces = getattr(pdfmetrics, "_dynFaceNames", None)
            if isinstance(faces, dict):
                faces.pop(font.face.name, None)
            pdfmetrics.registerFont(font)
            _registered[key] = name
        return name


def face_of(name: str) -> Face:
    """The page model's ``Face`` of a registered font name: its file, subfont index and PostScript name (the
    built-in CID fallback has no file)."""
    face = _faces.get(name)
    if face is None:
        with _lock:
            files = {registered: key for key, registered in _registered.items()}
            path, index = files.get(name, ("", 0))
            font = pdfmetrics.getFont(name)
            postscript = getattr(getattr(font, "face", None), "name", name)
            if isinstance(postscript, bytes):
                postscript = postscript.decode("latin-1")
            face = _faces[name] = Face(path, index, str(postscript), name)
    return face


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

    level = "warning"
    """How the command line prints it: "warning", or "error" (and ``render --strict`` then fails)."""


def _face_label(face: FontFace) -> str:
    index = f"#{face.source_index}" if face.source_index else ""
    return f"{face.family} {face.style} ({face.source_path}{index})"


def _shown(characters: str, limit: int = 12) -> str:
    more = f" and {len(characters) - limit} more" if len(characters) > limit else ""
    return " ".join(characters[:limit]) + more


class BorrowedGlyphsWarning(FontWarning):
    """Characters a font key's face lacks, drawn (and embedded) from the installed face most like it that has them
    (``likeness.FALLBACK_ORDER``: for 仿宋 another 仿宋, then 楷体, then 宋体). One per font key.

    Attributes: ``key``, ``roles`` (the roles whose text has the characters), ``borrowed`` (the
    ``resolve.Borrowing`` records: characters, face, class), ``face`` (the key's own face).
    """

    def __init__(self, key: str, roles: Sequence[str], choice: FontChoice) -> None:
        self.key, self.roles, self.borrowed, self.face = key, tuple(roles), choice.borrowed, choice.face
        own = CLASS_LABELS.get(choice.likeness, choice.likeness)
        parts = [
            f"{_shown(loan.characters)} from {_face_label(loan.face)}, a {CLASS_LABELS.get(loan.likeness, loan.likeness)}"
            for loan in choice.borrowed
        ]
        count = sum(len(loan.characters) for loan in choice.borrowed)
        family = choice.face.family if choice.face is not None else "?"
        super().__init__(
            f"{key} ({own}; {', '.join(self.roles) or 'no role'}): {count} character{'s' if count != 1 else ''} "
            f"that {family} lacks are borrowed: " + "; ".join(parts)
        )


class SubstituteFontWarning(FontWarning):
    """None of a font key's candidates is installed: its text is set in the installed face most like them."""

    def __init__(self, key: str, roles: Sequence[str], choice: FontChoice) -> None:
        self.key, self.roles, self.face = key, tuple(roles), choice.face
        assert choice.face is not None
        own = CLASS_LABELS.get(choice.likeness, choice.likeness)
        names = ", ".join(c.name for c in choice.candidates[:4]) + (", …" if len(choice.candidates) > 4 else "")
        super().__init__(
            f"{key} ({own}; {', '.join(self.roles) or 'no role'}): none of its fonts ({names}) is installed; "
            f"using {_face_label(choice.face)} instead. {install_hint()}"
        )


class MissingGlyphWarning(FontWarning):
    """Characters no installed font can draw (error level): they print as empty boxes (.notdef) of the role's
    font, which is embedded. ``characters`` lists them, ``roles`` the roles whose text has them."""

    level = "error"

    def __init__(self, characters: str, roles: Sequence[str] = ()) -> None:
        self.characters, self.roles = characters, tuple(roles)
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in characters[:12])
        more = f" and {len(characters) - 12} more" if len(characters) > 12 else ""
        where = f" in {', '.join(self.roles)}" if self.roles else ""
        super().__init__(
            f"no installed font draws {shown}{more}{where}; they print as empty boxes. "
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
