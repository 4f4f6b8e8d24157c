"""annualreport: annual work reports of Chinese local governments as data, rendered to GB/T 9704 .docx and .pdf."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Union

from .document import Document, build_document
from .errors import AnnualReportError, FontError, InputError, LayoutWarning, Problem, RenderError
from .limits import Limits
from .loader import load
from .model import Report
from .output import Target
from .style import Style, load_style

if TYPE_CHECKING:
    import docx.document

ReferenceDocx = Union[str, os.PathLike, bytes, BinaryIO, None]
"""A reference .docx for the Word output: a path, its bytes, a binary stream, or None for the built-in look."""

__all__ = [
    "AnnualReportError",
    "Document",
    "FontError",
    "InputError",
    "LayoutWarning",
    "Limits",
    "Problem",
    "ReferenceDocx",
    "RenderError",
    "Report",
    "Style",
    "build",
    "build_document",
    "import_report",
    "load",
    "load_style",
    "measured",
    "page_pngs",
    "pages",
    "reference_docx",
    "render_docx",
    "render_ofd",
    "render_pdf",
    "style_for",
    "to_docx",
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


def to_docx(report: Report | Document | str | Path, reference: ReferenceDocx = None) -> docx.document.Document:
    """The Word document as a python-docx ``Document``, to post-process before saving (a cover page, a logo, a
    seal): ``to_docx(report).save(path)``. For the same bytes from the same input use :func:`render_docx`
    (``save`` stamps the zip entries with the clock).

    ``reference``: an office's own .docx (path, bytes or binary stream) whose styles, headers, footers and page
    set-up replace the built-in ones, style by style name; its body is ignored (see :func:`reference_docx`).
    """
    from .batch import imprint_placed
    from .render.docx import to_docx as _to_docx

    document = report if isinstance(report, Document) else build(report)
    return _to_docx(imprint_placed(document), reference)


def render_docx(
    report: Report | Document | str | Path, target: Target = None, *, reference: ReferenceDocx = None
) -> bytes | None:
    """Render to .docx: written to ``target`` (path or binary stream), or returned as bytes when None. The same
    input gives the same bytes. ``reference``: as for :func:`to_docx`."""
    from .batch import imprint_placed
    from .render.docx import render_docx as _render

    document = report if isinstance(report, Document) else build(report)
    return _render(imprint_placed(document), target, reference=reference)


def reference_docx(target: Target = None) -> bytes | None:
    """The built-in reference .docx — every style, the page set-up and footers, and a short sample body — to open
    in Word, restyle and save as an office's own reference: written to ``target``, or returned as bytes."""
    from .render.docx import reference_docx as _reference_docx

    return _reference_docx(target)


def measured(document: Document, font_dirs: Sequence[str | Path] = ()) -> Document:
    """``document`` with its titles, subtitles, table captions, attachment titles and issuer broken by the real
    advance widths of the fonts the PDF draws with (``build`` uses widths at least as wide as those of the common
    Chinese faces, needing no font). Render the .docx and the PDF from the result for the same lines in both."""
    from .render.pdf import measured_document

    return measured_document(document, font_dirs)


def render_pdf(
    report: Report | Document | str | Path, target: Target = None, *, font_dirs: Sequence[str | Path] = ()
) -> bytes | None:
    """Render to .pdf: written to ``target`` (path or binary stream), or returned as bytes when None.

    Fonts are looked for in ``font_dirs``, then $ANNUALREPORT_FONT_DIR, then the system's fonts. A report (not a
    built Document) has its titles, subtitles, captions and issuer broken by those fonts' widths
    (:func:`measured`); a Document is drawn with the lines it carries.
    """
    from .render.pdf import measured_document
    from .render.pdf import render_pdf as _render

    document = report if isinstance(report, Document) else measured_document(build(report), font_dirs)
    return _render(document, target, font_dirs=font_dirs)


def render_ofd(
    report: Report | Document | str | Path, target: Target = None, *, font_dirs: Sequence[str | Path] = (),
    pages: Any = None,
) -> bytes | None:  # fmt: skip
    """Render to .ofd (GB/T 33190-2016): the very pages :func:`render_pdf` draws (same line and page breaks,
    same positions, the same faces embedded as subsets), written as an OFD package to ``target`` (path or
    binary stream), or returned as bytes when None. ``pages``: the Document's pages as :func:`pages` gave them,
    written instead of laid out again."""
    from .render.pdf import layout_pages, measured_document

    document = report if isinstance(report, Document) else measured_document(build(report), font_dirs)
    return _write_ofd(document, pages if pages is not None else layout_pages(document, font_dirs), target)


def _write_ofd(document: Document, laid_out: Any, target: Target) -> bytes | None:
    from .render.ofd import write_ofd

    meta = document.metadata
    keywords = [meta.subject, f"{meta.year}" if meta.year else ""]
    return write_ofd(laid_out, target, keywords=[word for word in dict.fromkeys(keywords) if word])


def pages(report: Report | Document | str | Path, *, font_dirs: Sequence[str | Path] = ()) -> Any:
    """The PDF's pages as data (``annualreport.render.pages.Document``: glyph runs, rules, images, outline), as
    :func:`render_pdf` lays them out, for another writer (OFD) or a preview."""
    from .render.pdf import layout_pages, measured_document

    document = report if isinstance(report, Document) else measured_document(build(report), font_dirs)
    return layout_pages(document, font_dirs)


def page_pngs(
    report: Report | Document | str | Path, dpi: float = 60, *, font_dirs: Sequence[str | Path] = ()
) -> list[bytes]:
    """Each page of the PDF :func:`render_pdf` makes, as a PNG image at ``dpi`` (needs the ``preview`` extra)."""
    from .render.pdf import measured_document
    from .render.preview import page_pngs as _page_pngs

    document = report if isinstance(report, Document) else measured_document(build(report), font_dirs)
    return _page_pngs(document, dpi, font_dirs=font_dirs)


def import_report(path: str | Path, *, indicators: bool = False, folder: str | Path | None = None) -> Report:
    """Last year's report as a Word (.docx, also as WPS saves it), text (.txt) or Markdown (.md) file, read into a
    Report: structure recognised, text kept character for character. ``indicators=True`` lifts the figures with
    units into the indicator catalogue, the text referring to them as ``{key}``. ``annualreport import`` writes it
    as report.yaml; :func:`annualreport.importer.import_file` gives the YAML text, the pictures and what each
    paragraph became.

    A .docx's pictures become figures: the Report holds each picture (read and checked when it was validated),
    so it builds and renders as it is. Their ``image:`` paths (figures/figure-N.png) name files of the report's
    folder: with ``folder``, that folder is written (report.yaml and the pictures, whole or not at all, as
    ``annualreport import`` writes it; it must not exist or be empty) and the Report is loaded from it, so the
    paths resolve there."""
    from .importer import import_file

    imported = import_file(path, indicators=indicators)
    if folder is None:
        return imported.report
    from .output import write_folder

    write_folder(folder, imported.folder_files())
    return load(folder)
