"""Fonts for the PDF: finding font files, coverage, likeness, CFF → TrueType conversion, resolving a role to
faces (and where the characters it lacks are borrowed from), and registering the chosen faces with ReportLab."""

from .coverage import required_characters
from .embed import (
    BUILTIN_FALLBACK,
    BorrowedGlyphsWarning,
    FontWarning,
    MissingGlyphWarning,
    NoChineseFontWarning,
    PdfFonts,
    SubstituteFontWarning,
    font_report,
    load_fonts,
    required_text,
)
from .resolve import Borrowing, Candidate, FontChoice, FontFace, clear_caches, describe, resolve_fonts
from .system import DEBIAN_FONT_PACKAGES, FONT_DIR_ENV, install_hint

__all__ = [
    "BUILTIN_FALLBACK",
    "DEBIAN_FONT_PACKAGES",
    "FONT_DIR_ENV",
    "BorrowedGlyphsWarning",
    "Borrowing",
    "Candidate",
    "FontChoice",
    "FontFace",
    "FontWarning",
    "MissingGlyphWarning",
    "NoChineseFontWarning",
    "PdfFonts",
    "SubstituteFontWarning",
    "clear_caches",
    "describe",
    "font_report",
    "install_hint",
    "load_fonts",
    "required_characters",
    "required_text",
    "resolve_fonts",
]
