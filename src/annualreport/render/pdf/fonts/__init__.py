"""Fonts for the PDF: finding font files, coverage, CFF → TrueType conversion, resolving a role to faces,
and registering the chosen faces with ReportLab."""

from .coverage import required_characters
from .embed import (
    BUILTIN_FALLBACK,
    FontWarning,
    MissingGlyphWarning,
    NoChineseFontWarning,
    PdfFonts,
    font_report,
    load_fonts,
    required_text,
)
from .resolve import Candidate, FontChoice, FontFace, clear_caches, describe, resolve_fonts
from .system import DEBIAN_FONT_PACKAGES, FONT_DIR_ENV, install_hint

__all__ = [
    "BUILTIN_FALLBACK",
    "DEBIAN_FONT_PACKAGES",
    "FONT_DIR_ENV",
    "Candidate",
    "FontChoice",
    "FontFace",
    "FontWarning",
    "MissingGlyphWarning",
    "NoChineseFontWarning",
    "PdfFonts",
    "clear_caches",
    "describe",
    "font_report",
    "install_hint",
    "load_fonts",
    "required_characters",
    "required_text",
    "resolve_fonts",
]
