"""The PDF format: pages typeset on the GB/T 9704 grid by our own line breaker and written with ReportLab."""

from .renderer import PdfRenderer, font_advances, measured_document, render_pdf

__all__ = ["PdfRenderer", "font_advances", "measured_document", "render_pdf"]
