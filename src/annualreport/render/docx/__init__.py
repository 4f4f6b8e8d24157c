"""The Word format: a .docx laid out on the GB/T 9704 document grid, with real Word styles."""

from .renderer import DocxRenderer, render_docx

__all__ = ["DocxRenderer", "render_docx"]
