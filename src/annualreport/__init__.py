"""annualreport: annual work reports of Chinese local governments as data, rendered to GB/T 9704 .docx and .pdf."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .document import Document, build_document
from .errors import AnnualReportError, FontError, InputError, LayoutWarning, Problem, RenderError
from .loader import load
from .model import Report
from .output import Target
from .style import Style, load_style

__all__ = [
    "AnnualReportError",
    "Document",
    "FontError",
    "InputError",
    "LayoutWarning",
    "Problem",
    "RenderError",
    "Report",
    "Style",
    "build",
    "build_document",
    "load",
    "load_style",
    "render_docx",
    "render_pdf",
    "style_for",
]

__version__ = "0.1.0"


def style_for(report: Report) -> Style:
    """The style a report names, looked up beside the report first, then among the built-in styles."""
    return load_style(report.style, report.source_dir)


def build(report: Report | str | Path, style: Style | None = None) -> Document:
    """Resolve a report (or the path of one) into the renderer-neutral Document."""
    if not isinstance(report, Report):
        report = load(report)
    return build_document(report, style or style_for(report))


def render_docx(report: Report | Document | str | Path, target: Target = None) -> bytes | None:
    """Render to .docx: written to ``target`` (path or binary stream), or returned as bytes when None."""
    from .render.docx import render_docx as _render

    document = report if isinstance(report, Document) else build(report)
    return _render(document, target)


def render_pdf(
    report: Report | Document | str | Path, target: Target = None, *, font_dirs: Sequence[str | Path] = ()
) -> bytes | None:
    """Render to .pdf: written to ``target`` (path or binary stream), or returned as bytes when None.

    Fonts are looked for in ``font_dirs``, then $ANNUALREPORT_FONT_DIR, then the system's fonts.
    """
    from .render.pdf import render_pdf as _render

    document = report if isinstance(report, Document) else build(report)
    return _render(document, target, font_dirs=font_dirs)
