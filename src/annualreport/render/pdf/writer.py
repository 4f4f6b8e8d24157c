"""Pages as data (``render/pages.py``) serialised to PDF through ReportLab's low-level canvas (``pdfgen``).

The writer decides nothing about layout: it converts the pages' top-left coordinates to PDF's bottom-left
ones and writes what it is given — glyph runs as text operators, rules as stroked lines, paths as path
operators (``draw_path``), images (a PNG's alpha channel kept as its soft mask: a seal), the outline (open
on opening: /PageMode /UseOutlines), the document
information, the XMP packet (uncompressed, as PDF/A asks) and /Lang; dates are the build timestamp, so the
same pages give the same bytes.

Text. Each glyph run is one origin (``Tm``) and one ``TJ`` array per 256-glyph font subset ReportLab splits
a TrueType font into (a ``Tf`` between them; the text position runs on): its strings, and after each glyph
whose advance is not its own width (tracking, justification) the difference as a number — not ``Tc``,
which text extractors (pdfminer, hence pdfplumber) apply only between glyphs of one string; TJ's numbers
every reader applies. Each glyph's subset and escaped string, and its width, are worked out once per
document and font. Fonts that are neither TrueType nor CID (Type 1) go through ReportLab's
``PDFTextObject`` with an origin per glyph (``draw_runs_reference``), which also serves the test that
every glyph lands where its run says.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import XMP
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import FILL_EVEN_ODD, FILL_NON_ZERO, Canvas

from .. import pages as pg

_CAPS = {"butt": 0, "round": 1, "square": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}
_FUZZ = 1e-6


def fixed_timestamp(epoch: float) -> TimeStamp:
    """ReportLab's document timestamp pinned to ``epoch`` (/CreationDate, /ModDate)."""
    stamp = TimeStamp(invariant=True)
    stamp.t = epoch
    stamp.lt = time.gmtime(epoch)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def write_pdf(document: pg.Document, stream: io.BytesIO, *, xmp: bytes | None = None) -> None:
    """Write ``document`` as PDF to ``stream`` (fonts named by its faces must be registered with ReportLab:
    ``fonts.embed`` did so for every face a render uses; any other is registered from its file here)."""
    writer = PdfWriter(stream, document.metadata, xmp=xmp)
    outline = sorted(document.outline, key=lambda entry: entry.page)
    at = 0
    for index, page in enumerate(document.pages):
        start = at
        while at < len(outline) and outline[at].page == index:
            at += 1
        writer.page(page, outline[start:at])
    writer.close()


class PdfWriter:
    """Pages written one by one as they come (``write_pdf`` for a whole ``pages.Document``; ``render_pdf`` hands
    each page over as soon as it is laid out, so a long document's pages never all live at once)."""

    def __init__(self, stream: io.BytesIO, metadata: pg.Metadata, *, xmp: bytes | None = None) -> None:
        self.stream, self.metadata, self.xmp = stream, metadata, xmp
        self.canvas: Canvas | None = None
        self.memo: dict[Any, dict[Any, Any]] = {}
        self.entries = 0
        self.registered: set[pg.Face] = set()

    def _start(self, page: pg.Page) -> Canvas:
        meta = self.metadata
        first = next(page.runs(), None)
        canvas = Canvas(
            self.stream, pagesize=(page.width, page.height), invariant=1, lang=meta.language or None,
            initialFontName=first.face.name if first else "Helvetica",
        )  # fmt: skip
        canvas._doc._timeStamp = fixed_timestamp(meta.timestamp)
        if self.xmp is not None:
            xmp = self.xmp
            canvas._doc.Catalog.Metadata = XMP(creator=lambda _document: xmp)
        canvas.setPageCompression(1)
        canvas.setAuthor(meta.author)
        canvas.setTitle(meta.title)
        canvas.setSubject(meta.subject)
        canvas.setCreator(meta.creator)
        canvas.setProducer(meta.producer)
        canvas.setKeywords("")
        return canvas

    def page(self, page: pg.Page, outline: Sequence[pg.OutlineEntry] = ()) -> None:
        """Write one page and the outline entries that point at it, in order."""
        for run in page.runs():
            if run.face not in self.registered:
                _ensure_registered(run.face)
                self.registered.add(run.face)
        canvas = self.canvas
        if canvas is None:
            canvas = self.canvas = self._start(page)
        canvas.setPageSize((page.width, page.height))
        _draw_page(canvas, page, self.memo)
        for entry in outline:
            self.entries += 1
            key = f"h{self.entries}"
            canvas.bookmarkPage(key, fit="XYZ", left=0, top=page.height - entry.y)
            canvas.addOutlineEntry(entry.title, key, level=entry.level, closed=False)
        canvas.showPage()

    def close(self) -> None:
        """Finish the file (a document of no page gets one empty A4 page, as a PDF must have one)."""
        if self.canvas is None:
            self.page(pg.Page(595.2756, 841.8898))
        assert self.canvas is not None
        if self.entries:
            self.canvas.showOutline()  # /PageMode /UseOutlines: the outline opens with the document
        self.canvas.save()


def _ensure_registered(face: pg.Face) -> None:
    if face.name in pdfmetrics.getRegisteredFontNames():
        return
    from .ttfont import make_font

    pdfmetrics.registerFont(make_font(face.name, face.path, face.index))


def _draw_page(canvas: Canvas, page: pg.Page, memo: dict[Any, dict[Any, Any]]) -> None:
    items = page.painted()
    i, n = 0, len(items)
    while i < n:
        item = items[i]
        if isinstance(item, pg.GlyphRun):
            j = i
            while j < n and isinstance(items[j], pg.GlyphRun):
                j += 1
            draw_runs(canvas, items[i:j], page.height, memo)  # type: ignore[arg-type]
            i = j
            continue
        if isinstance(item, pg.Rule):
            canvas.saveState()
            canvas.setStrokeColorRGB(item.colour.r, item.colour.g, item.colour.b)
            canvas.setLineWidth(item.width)
            canvas.setLineCap(_CAPS.get(item.cap, 0))
            canvas.line(item.x0, page.height - item.y0, item.x1, page.height - item.y1)
            canvas.restoreState()
        elif isinstance(item, pg.Rect):
            canvas.saveState()
            canvas.setFillColorRGB(item.colour.r, item.colour.g, item.colour.b)
            canvas.rect(item.x, page.height - item.y - item.height, item.width, item.height, stroke=0, fill=1)
            canvas.restoreState()
        elif isinstance(item, pg.Path):
            draw_path(canvas, item, page.height)
        elif isinstance(item, pg.Image):
            source = ImageReader(io.BytesIO(item.data)) if item.data else item.path
            y = page.height - item.y - item.height
            png = item.data.startswith(b"\x89PNG") if item.data else item.path.lower().endswith(".png")
            canvas.drawImage(source, item.x, y, item.width, item.height, mask="auto" if png else None)
        elif isinstance(item, pg.Link):
            y = page.height - item.y - item.height
            canvas.linkURL(item.uri, (item.x, y, item.x + item.width, y + item.height), relative=0)
        i += 1


def draw_path(canvas: Canvas, path: pg.Path, page_height: float) -> None:
    """A ``pages.Path`` as PDF path operators (m, l, c, h), then stroked and/or filled (S, f, B; f*, B* for the
    even-odd rule) in its colours, width, dash, caps and joins."""
    canvas.saveState()
    if path.stroke is not None:
        canvas.setStrokeColorRGB(path.stroke.r, path.stroke.g, path.stroke.b)
        canvas.setLineWidth(path.width)
        canvas.setLineCap(_CAPS.get(path.cap, 0))
        canvas.setLineJoin(_JOINS.get(path.join, 0))
        if path.dash:
            canvas.setDash(list(path.dash), 0)
    if path.fill is not None:
        canvas.setFillColorRGB(path.fill.r, path.fill.g, path.fill.b)
    shape = canvas.beginPath()
    for segment in path.segments:
        kind = segment[0]
        if kind == pg.MOVE:
            shape.moveTo(segment[1], page_height - segment[2])
        elif kind == pg.LINE:
            shape.lineTo(segment[1], page_height - segment[2])
        elif kind == pg.CURVE:
            x1, y1, x2, y2, x3, y3 = segment[1:]
            shape.curveTo(x1, page_height - y1, x2, page_height - y2, x3, page_height - y3)
        else:
            shape.close()
    canvas.drawPath(shape, stroke=int(path.stroke is not None), fill=int(path.fill is not None),
                    fillMode=FILL_EVEN_ODD if path.even_odd else FILL_NON_ZERO)  # fmt: skip
    canvas.restoreState()


def _emittable(font: Any) -> bool:
    """Whether ``draw_runs`` writes this font's operators itself: TrueType (not shaped) or CID fonts."""
    if font._dynamicFont:
        return not getattr(font, "shapable", False)
    return bool(font._multiByte) and hasattr(font, "formatForPdf")


def _number(value: float) -> str:
    """A TJ adjustment (thousandths of an em): three decimals, so a glyph lands within 0.0001 pt."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def draw_runs(canvas: Canvas, runs: Sequence[pg.GlyphRun], page_height: float, memo: dict[Any, dict[Any, Any]]) -> None:
    """The runs as one text object, its operators written directly (see the module): per run one origin
    (``Tm``) and one ``TJ`` per font subset, each glyph's advance beyond its own width an adjustment."""
    if not all(_emittable(pdfmetrics.getFont(run.face.name)) for run in runs):
        draw_runs_reference(canvas, runs, page_height)
        return
    doc = canvas._doc
    escape = canvas._escape
    tm = "1 0 0 1 " if canvas.bottomup else "1 0 0 -1 "
    code = ["BT"]
    add = code.append
    current: tuple[str, float] = ("", 0.0)
    colour = pg.BLACK
    font: Any = None
    glyphs: dict[str, tuple[int, str]] = {}
    widths: dict[str, float] = {}
    tf = ""
    cid_name = ""
    numbers: dict[float, str] = memo.setdefault("numbers", {})
    subsets: dict[int, str] = {}
    for run in runs:
        name = run.face.name
        if run.colour != colour:
            colour = run.colour
            add(f"{fp_str(colour.r, colour.g, colour.b)} rg")
        if (name, run.size) != current:
            current = (name, run.size)
            font = pdfmetrics.getFont(name)
            tf = f" {fp_str(run.size)} Tf {fp_str(run.size * 1.2)} TL"
            glyphs = memo.setdefault(name, {})
            widths = memo.setdefault((name, run.size), {})
            subsets = memo.setdefault(("subsets", name), {})
            cid_name = "" if font._dynamicFont else doc.getInternalFontName(name)
        add(tm + fp_str(run.x, page_height - run.y) + " Tm")
        scale = 1000 / run.size
        subset_now = -1
        out: list[str] = []
        shown: list[str] = []
        for char, advance in zip(run.text, run.advances):
            glyph = glyphs.get(char)
            if glyph is None:
                if cid_name:
                    glyph = glyphs[char] = (0, font.formatForPdf(char))
                else:
                    ((n, t),) = font.splitString(char, doc)
                    glyph = glyphs[char] = (n, escape(t))
            n, string = glyph
            if n != subset_now:
                if shown:
                    out.append(f"({''.join(shown)})")
                    shown = []
                if out:
                    add(f"[{' '.join(out)}] TJ")
                    out = []
                if cid_name:
                    add(cid_name + tf)
                else:
                    subset = subsets.get(n)
                    if subset is None:
                        subset = subsets[n] = font.getSubsetInternalName(n, doc)
                    add(subset + tf)
                subset_now = n
            shown.append(string)
            width = widths.get(char)
            if width is None:
                width = widths[char] = stringWidth(char, name, run.size)
            adjust = (width - advance) * scale
            if adjust > 0.0005 or adjust < -0.0005:
                number = numbers.get(adjust)
                if number is None:
                    number = numbers[adjust] = _number(adjust)
                out.append(f"({''.join(shown)})")
                out.append(number)
                shown = []
        if shown:
            out.append(f"({''.join(shown)})")
        if out:
            add(f"[{' '.join(out)}] TJ")
    if colour != pg.BLACK:
        add("0 0 0 rg")
    add("ET")
    canvas.addLiteral(" ".join(code))


def draw_runs_reference(canvas: Canvas, runs: Sequence[pg.GlyphRun], page_height: float) -> None:
    """The same drawing through ReportLab's PDFTextObject: the reference ``draw_runs`` must match."""
    text = canvas.beginText()
    current: tuple[str, float] = ("", 0.0)
    colour = pg.BLACK
    for run in runs:
        if run.colour != colour:
            colour = run.colour
            text.setFillColorRGB(colour.r, colour.g, colour.b)
        if (run.face.name, run.size) != current:
            current = (run.face.name, run.size)
            text.setFont(run.face.name, run.size)
        y = page_height - run.y
        natural = all(
            abs(stringWidth(c, run.face.name, run.size) - a) <= _FUZZ for c, a in zip(run.text, run.advances)
        )
        for x, chars in ((run.x, run.text),) if natural else run.origins():
            text.setTextOrigin(x, y)
            text.textOut(chars)
    if colour != pg.BLACK:
        text.setFillColorRGB(0, 0, 0)
    canvas.drawText(text)
