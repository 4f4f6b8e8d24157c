"""The Word format: a .docx laid out on the GB/T 9704 document grid, with real Word styles, built with python-docx."""

from .reference import Reference, ReferenceDocxError, reference_docx
from .renderer import DocxRenderer, render_docx, to_docx

__all__ = ["DocxRenderer", "Reference", "ReferenceDocxError", "reference_docx", "render_docx", "to_docx"]
