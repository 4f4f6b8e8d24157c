"""PNG previews of a document's pages (the browser editor's live preview; tests that look at pages).

The pages are written as PDF (``render/pdf``: the very file a render delivers) and rasterised by PDFium
through pypdfium2 — the engine of Chrome's PDF viewer, with wheels on PyPI for every platform and no system
library to install, already installed with pdfplumber. So a preview shows exactly what the PDF shows,
fonts and all, and drawing pages twice (once as PDF operators, once as pixels) never drifts apart.
pypdfium2 is the ``preview`` extra; without it ``page_pngs`` raises ``RenderError`` saying so.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import document as doc
from ..errors import RenderError
from ..messages import text
from . import pages as pg

_LOCK = threading.Lock()
"""PDFium is not thread-safe: one rasterisation at a time."""


def page_pngs(
    source: doc.Document | pg.Document | bytes, dpi: float = 60, *, font_dirs: Sequence[Path | str] = ()
) -> list[bytes]:
    """Each page of ``source`` (a built document, pages as data, or a PDF's bytes) as a PNG, ``dpi`` dots per inch
    (60: an A4 page 496 x 702 pixels), white behind the page, in RGB."""
    if isinstance(source, bytes):
        pdf = source
    elif isinstance(source, pg.Document):
        from .pdf.renderer import write_pages

        pdf = write_pages(source)
    else:
        from .pdf import render_pdf

        pdf = render_pdf(source, font_dirs=font_dirs)  # type: ignore[assignment]
    assert pdf is not None
    return rasterise(pdf, dpi)


def rasterise(pdf: bytes, dpi: float = 60) -> list[bytes]:
    """The pages of a PDF as PNG images."""
    try:
        import pypdfium2
    except ImportError as error:  # the preview extra is not installed
        raise RenderError(text("preview_needs_pdfium")) from error
    out: list[bytes] = []
    with _LOCK:
        document: Any = pypdfium2.PdfDocument(pdf)
        try:
            for index in range(len(document)):
                page = document[index]
                try:
                    image = page.render(scale=dpi / 72, may_draw_forms=False).to_pil().convert("RGB")
                finally:
                    page.close()
                buffer = io.BytesIO()
                # zlib level 1: half the time of the default level 6 for a few per cent more bytes
                image.save(buffer, format="PNG", compress_level=1)
                out.append(buffer.getvalue())
        finally:
            document.close()
    return out
