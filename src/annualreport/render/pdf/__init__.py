"""The PDF format: pages typeset and paginated on the GB/T 9704 grid by our own line breaker and paginator, as
pages as data (``render/pages.py``), written with ReportLab's canvas."""

from .renderer import (
    PdfRenderer,
    font_advances,
    imprint_placed,
    layout_pages,
    measured_document,
    render_pdf,
    write_pages,
)

__all__ = [
    "PdfRenderer",
    "font_advances",
    "imprint_placed",
    "layout_pages",
    "measured_document",
    "render_pdf",
    "write_pages",
]
