"""Rendering one report to every format asked for (the CLI, the service and batches share it), and many
reports at once in worker processes (``annualreport render DIR DIR …``, ``render --all``)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Report

FORMATS = ("docx", "pdf")
"""Every output format, in the order they are rendered and written."""


@dataclass(frozen=True, slots=True)
class Said:
    """A warning a render gave: its text and its level ("warning", or "error" for a glyph no font has)."""

    level: str
    message: str


@dataclass(frozen=True, slots=True)
class Rendered:
    """The files of one report, rendered to memory, and what the render said."""

    outputs: tuple[tuple[str, bytes], ...]
    """(format, bytes) in the order of FORMATS."""
    said: tuple[Said, ...]


def render_formats(
    report: Report,
    formats: Sequence[str] = FORMATS,
    *,
    font_dirs: Sequence[str | Path] = (),
    reference: str | Path | bytes | None = None,
) -> Rendered:
    """Build ``report`` and render it to each of ``formats``; with the PDF, titles are broken by the PDF's
    fonts for the .docx of the same render too. Warnings are collected, not shown."""
    from . import build

    document = build(report)
    outputs: list[tuple[str, bytes]] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        if "pdf" in formats:
            from .render.pdf import measured_document

            document = measured_document(document, font_dirs)
        for kind in (f for f in FORMATS if f in formats):
            if kind == "pdf":
                from .render.pdf import render_pdf

                data = render_pdf(document, font_dirs=font_dirs)
            else:
                from .render.docx import render_docx

                data = render_docx(document, reference=reference)
            outputs.append((kind, data or b""))
    said = tuple(Said(getattr(w.category, "level", "warning"), str(w.message)) for w in caught)
    return Rendered(tuple(outputs), said)
