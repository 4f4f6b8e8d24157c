"""Pages as data (``render/pages.py``) serialised as an OFD package (GB/T 33190-2016), the zip China's
e-government exchanges and archives fixed-layout documents in.

The writer decides nothing about layout: the pages the PDF is drawn from are written again, in OFD's units
(millimetres, origin top-left, y down — the page model's own orientation, so only the unit changes)::

    OFD.xml                      DocInfo (DocID, title, author = issuer, subject, dates, keywords, creator)
    Doc_0/Document.xml           CommonData (MaxUnitID, PageArea, resources), the page list, the outline
    Doc_0/PublicRes.xml          the fonts, each with its embedded file
    Doc_0/DocumentRes.xml        images (MultiMedia), when a page has one
    Doc_0/Res/font_N.ttf         each face subset to the characters drawn in it (``fonts.subset_face``)
    Doc_0/Res/image_N.png|.jpg   each distinct image once (a seal, a figure)
    Doc_0/Pages/Page_K/Content.xml   one Body layer: the page's items in paint order

A glyph run is a TextObject whose TextCode puts its first character at the run's origin and each next one
``DeltaX`` further (``g N D`` for N equal steps), every position rounded once to the micrometre (so rounding
never accumulates along a line); rules, filled rectangles and paths (a chart's bars and axes, an SVG figure's
shapes: M/L/B/C AbbreviatedData, stroke and fill colours, width, dashes) are PathObjects; images (a seal, a
PNG or JPEG figure) ImageObjects scaled by their CTM; links the page's CLICK actions over their area. IDs are numbered in the order things are
written, the zip's entries are sorted and dated by the build timestamp: the same pages give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import time
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ...output import Target, deliver
from .. import pages as pg
from .fonts import subset_face

__all__ = ["NAMESPACE", "write_ofd"]

NAMESPACE = "http://www.ofdspec.org/2016"
MM_PER_PT = 25.4 / 72
_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
_ROOT = f'xmlns:ofd="{NAMESPACE}"'
_CAPS = {"butt": "Butt", "round": "Round", "square": "Square"}
_JOINS = {"miter": "Miter", "round": "Round", "bevel": "Bevel"}
_OPERATORS = {pg.MOVE: "M", pg.LINE: "L", pg.CURVE: "B", pg.CLOSE: "C"}
_DESCENT = 0.25
"""How far below the baseline a text object's boundary reaches, in ems (CJK faces descend 0.12–0.2 em)."""


def _um(points: float) -> int:
    """Points → whole micrometres: the one rounding every coordinate goes through."""
    return round(points * MM_PER_PT * 1000)


@functools.lru_cache(maxsize=8192)  # a page repeats a few steps, sizes and margins thousands of times
def _num(micrometres: int) -> str:
    """Micrometres as millimetres, no trailing zeros."""
    sign = "-" if micrometres < 0 else ""
    whole, part = divmod(abs(micrometres), 1000)
    return f"{sign}{whole}" if not part else f"{sign}{whole}.{part:03d}".rstrip("0")


def _mm(points: float) -> str:
    return _num(_um(points))


def _box(x: int, y: int, width: int, height: int) -> str:
    return f"{_num(x)} {_num(y)} {_num(width)} {_num(height)}"


@functools.lru_cache(maxsize=64)
def _colour(colour: pg.Colour) -> str:
    """RGB 0–255, OFD's default colour space."""
    return " ".join(str(max(0, min(255, round(c * 255)))) for c in (colour.r, colour.g, colour.b))


def _deltas(steps: Sequence[int]) -> str:
    """DeltaX: three or more equal steps as ``g N D`` (GB/T 33190 11.3), the rest one by one."""
    out: list[str] = []
    i = 0
    while i < len(steps):
        j = i
        while j < len(steps) and steps[j] == steps[i]:
            j += 1
        if j - i >= 3:
            out.append(f"g {j - i} {_num(steps[i])}")
        else:
            out.extend(_num(step) for step in steps[i:j])
        i = j
    return " ".join(out)


class _Ids:
    """The document's object IDs, 1, 2, … in the order things are written (MaxUnitID is the last)."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


def _trimmed(run: pg.GlyphRun) -> tuple[float, str, tuple[float, ...]]:
    """The run without leading and trailing white space (x moved past the leading): XML readers commonly
    strip it from element text, which would shift every glyph after it."""
    text, advances, x = run.text, run.advances, run.x
    start = 0
    while start < len(text) and text[start].isspace():
        x += advances[start]
        start += 1
    end = len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    return x, text[start:end], advances[start:end]


def _text_object(run: pg.GlyphRun, object_id: int, font_id: int) -> str:
    x, text, advances = _trimmed(run)
    origins = [x]
    for advance in advances[:-1]:
        origins.append(origins[-1] + advance)
    xs = [_um(origin) for origin in origins]
    end = _um(origins[-1] + advances[-1])
    size = _um(run.size)
    top = _um(run.y - run.size)
    baseline = _um(run.y) - top
    boundary = _box(xs[0], top, max(end - xs[0], size), baseline + round(size * _DESCENT))
    steps = [b - a for a, b in zip(xs, xs[1:])]
    delta = f' DeltaX="{_deltas(steps)}"' if steps else ""
    return (
        f'<ofd:TextObject ID="{object_id}" Boundary="{boundary}" Font="{font_id}" Size="{_num(size)}">'
        f'<ofd:FillColor Value="{_colour(run.colour)}"/>'
        f'<ofd:TextCode X="0" Y="{_num(baseline)}"{delta}>{escape(text)}</ofd:TextCode></ofd:TextObject>'
    )


def _rule_object(rule: pg.Rule, object_id: int) -> str:
    half = rule.width / 2
    left, right = min(rule.x0, rule.x1) - half, max(rule.x0, rule.x1) + half
    top, bottom = min(rule.y0, rule.y1) - half, max(rule.y0, rule.y1) + half
    bx, by = _um(left), _um(top)
    path = (
        f"M {_num(_um(rule.x0) - bx)} {_num(_um(rule.y0) - by)} L {_num(_um(rule.x1) - bx)} {_num(_um(rule.y1) - by)}"
    )
    colour = _colour(rule.colour)
    # The fill colour too (never used: Fill is false): some readers take a path's colour from it alone.
    return (
        f'<ofd:PathObject ID="{object_id}" Boundary="{_box(bx, by, _um(right) - bx, _um(bottom) - by)}" '
        f'LineWidth="{_mm(rule.width)}" Cap="{_CAPS.get(rule.cap, "Butt")}">'
        f'<ofd:StrokeColor Value="{colour}"/><ofd:FillColor Value="{colour}"/>'
        f"<ofd:AbbreviatedData>{path}</ofd:AbbreviatedData></ofd:PathObject>"
    )


def _rect_object(rect: pg.Rect, object_id: int) -> str:
    x, y = _um(rect.x), _um(rect.y)
    w, h = _um(rect.x + rect.width) - x, _um(rect.y + rect.height) - y
    path = f"M 0 0 L {_num(w)} 0 L {_num(w)} {_num(h)} L 0 {_num(h)} C"
    return (
        f'<ofd:PathObject ID="{object_id}" Boundary="{_box(x, y, w, h)}" Stroke="false" Fill="true">'
        f'<ofd:FillColor Value="{_colour(rect.colour)}"/>'
        f"<ofd:AbbreviatedData>{path}</ofd:AbbreviatedData></ofd:PathObject>"
    )


def _path_object(path: pg.Path, object_id: int) -> str:
    """A ``pages.Path`` as a PathObject: its Boundary the points' box (the stroke's half width around it), the
    segments as AbbreviatedData relative to it (M, L, B for a cubic Bézier curve, C to close)."""
    left, top, right, bottom = path.bounds()
    bx, by = _um(left), _um(top)
    data: list[str] = []
    for segment in path.segments:
        data.append(_OPERATORS[segment[0]])
        for i in range(1, len(segment), 2):
            data.append(f"{_num(_um(segment[i]) - bx)} {_num(_um(segment[i + 1]) - by)}")
    attributes = [f'ID="{object_id}" Boundary="{_box(bx, by, max(_um(right) - bx, 1), max(_um(bottom) - by, 1))}"']
    if path.stroke is None:
        attributes.append('Stroke="false"')
    else:
        attributes.append(f'LineWidth="{_mm(path.width)}"')
        if path.cap != "butt":
            attributes.append(f'Cap="{_CAPS.get(path.cap, "Butt")}"')
        if path.join != "miter":
            attributes.append(f'Join="{_JOINS.get(path.join, "Miter")}"')
        if path.dash:
            attributes.append(f'DashPattern="{" ".join(_mm(d) for d in path.dash)}"')
    if path.fill is not None:
        attributes.append('Fill="true"')
        if path.even_odd:
            attributes.append('Rule="Even-Odd"')
    colours = ""
    if path.stroke is not None:
        colours += f'<ofd:StrokeColor Value="{_colour(path.stroke)}"/>'
    if path.fill is not None:
        colours += f'<ofd:FillColor Value="{_colour(path.fill)}"/>'
    elif path.stroke is not None:  # never used (Fill is false), as for rules: some readers take a path's colour from it
        colours += f'<ofd:FillColor Value="{_colour(path.stroke)}"/>'
    return (
        f"<ofd:PathObject {' '.join(attributes)}>{colours}"
        f"<ofd:AbbreviatedData>{' '.join(data)}</ofd:AbbreviatedData></ofd:PathObject>"
    )


def _image_object(image: pg.Image, object_id: int, resource_id: int) -> str:
    x, y = _um(image.x), _um(image.y)
    w, h = _um(image.x + image.width) - x, _um(image.y + image.height) - y
    return (
        f'<ofd:ImageObject ID="{object_id}" Boundary="{_box(x, y, w, h)}" '
        f'CTM="{_num(w)} 0 0 {_num(h)} 0 0" ResourceID="{resource_id}"/>'
    )


def _link_action(link: pg.Link) -> str:
    x, y = _um(link.x), _um(link.y)
    x1, y1 = _um(link.x + link.width), _um(link.y + link.height)
    return (
        f'<ofd:Action Event="CLICK"><ofd:Region><ofd:Area Start="{_num(x)} {_num(y)}">'
        f'<ofd:Line Point1="{_num(x1)} {_num(y)}"/><ofd:Line Point1="{_num(x1)} {_num(y1)}"/>'
        f'<ofd:Line Point1="{_num(x)} {_num(y1)}"/><ofd:Close/></ofd:Area></ofd:Region>'
        f"<ofd:URI URI={quoteattr(link.uri)}/></ofd:Action>"
    )


def _image_bytes(image: pg.Image) -> bytes:
    return image.data if image.data else Path(image.path).read_bytes()


def _image_format(data: bytes) -> tuple[str, str]:
    """(Format attribute, file extension) from the encoded image's signature."""
    if data.startswith(b"\x89PNG"):
        return "PNG", "png"
    if data.startswith(b"\xff\xd8"):
        return "JPEG", "jpg"
    return "", "bin"


class _Package:
    """The package being written: IDs, fonts and images by first use, the parts."""

    def __init__(self, document: pg.Document) -> None:
        self.document = document
        self.ids = _Ids()
        self.faces = document.faces()
        self.font_ids = {face: self.ids.next() for face in self.faces}
        self.images: dict[bytes, tuple[int, bytes]] = {}  # digest -> (ID, data)
        for page in document.pages:
            for item in page.painted():
                if isinstance(item, pg.Image):
                    data = _image_bytes(item)
                    digest = hashlib.sha256(data).digest()
                    if digest not in self.images:
                        self.images[digest] = (self.ids.next(), data)
        self.parts: dict[str, bytes] = {}

    def page(self, page: pg.Page, index: int) -> int:
        """Write Pages/Page_<index>/Content.xml; its ID."""
        page_id, layer_id = self.ids.next(), self.ids.next()
        out = [
            _HEADER, f"<ofd:Page {_ROOT}><ofd:Area><ofd:PhysicalBox>0 0 {_mm(page.width)} {_mm(page.height)}"
            f'</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="{layer_id}" Type="Body">',
        ]  # fmt: skip
        links: list[str] = []
        for item in page.painted():
            if isinstance(item, pg.GlyphRun):
                if item.text.strip():
                    out.append(_text_object(item, self.ids.next(), self.font_ids[item.face]))
            elif isinstance(item, pg.Rule):
                out.append(_rule_object(item, self.ids.next()))
            elif isinstance(item, pg.Rect):
                out.append(_rect_object(item, self.ids.next()))
            elif isinstance(item, pg.Path):
                out.append(_path_object(item, self.ids.next()))
            elif isinstance(item, pg.Image):
                resource = self.images[hashlib.sha256(_image_bytes(item)).digest()][0]
                out.append(_image_object(item, self.ids.next(), resource))
            elif isinstance(item, pg.Link):
                links.append(_link_action(item))
        out.append("</ofd:Layer></ofd:Content>")
        if links:
            out.append("<ofd:Actions>" + "".join(links) + "</ofd:Actions>")
        out.append("</ofd:Page>")
        self.parts[f"Doc_0/Pages/Page_{index}/Content.xml"] = "".join(out).encode("utf-8")
        return page_id

    def fonts(self) -> None:
        """PublicRes.xml and the subset font files."""
        used: dict[pg.Face, set[str]] = {face: set() for face in self.faces}
        for page in self.document.pages:
            for run in page.runs():
                used[run.face].update(run.text)
        out = [_HEADER, f'<ofd:Res {_ROOT} BaseLoc="Res"><ofd:Fonts>']
        for face in self.faces:
            font_id = self.font_ids[face]
            name = quoteattr(face.postscript_name or face.name)
            if not face.path:  # a font no file holds (the PDF's built-in CID fallback): named only
                out.append(f'<ofd:Font ID="{font_id}" FontName={name}/>')
                continue
            font = subset_face(face, used[face])
            file = f"font_{font_id}.ttf"
            self.parts[f"Doc_0/Res/{file}"] = font.data
            family = f" FamilyName={quoteattr(font.family)}" if font.family else ""
            style = (' Bold="true"' if font.bold else "") + (' Italic="true"' if font.italic else "")
            out.append(f'<ofd:Font ID="{font_id}" FontName={name}{family}{style}><ofd:FontFile>{file}</ofd:FontFile></ofd:Font>')
        out.append("</ofd:Fonts></ofd:Res>")
        self.parts["Doc_0/PublicRes.xml"] = "".join(out).encode("utf-8")

    def media(self) -> bool:
        """DocumentRes.xml and the image files; False when there are none."""
        if not self.images:
            return False
        out = [_HEADER, f'<ofd:Res {_ROOT} BaseLoc="Res"><ofd:MultiMedias>']
        for image_id, data in self.images.values():
            kind, extension = _image_format(data)
            file = f"image_{image_id}.{extension}"
            self.parts[f"Doc_0/Res/{file}"] = data
            form = f' Format="{kind}"' if kind else ""
            out.append(f'<ofd:MultiMedia ID="{image_id}" Type="Image"{form}><ofd:MediaFile>{file}</ofd:MediaFile></ofd:MultiMedia>')
        out.append("</ofd:MultiMedias></ofd:Res>")
        self.parts["Doc_0/DocumentRes.xml"] = "".join(out).encode("utf-8")
        return True


def _outline(entries: Sequence[pg.OutlineEntry], page_ids: Sequence[int]) -> str:
    """The bookmarks as nested OutlineElems, each going to its page at the top of what it names."""
    out: list[str] = []
    open_levels: list[int] = []
    for entry in entries:
        while open_levels and open_levels[-1] >= entry.level:
            out.append("</ofd:OutlineElem>")
            open_levels.pop()
        page = min(max(entry.page, 0), len(page_ids) - 1)
        out.append(
            f"<ofd:OutlineElem Title={quoteattr(entry.title)}><ofd:Actions><ofd:Action Event=\"CLICK\"><ofd:Goto>"
            f'<ofd:Dest Type="XYZ" PageID="{page_ids[page]}" Left="0" Top="{_mm(entry.y)}"/>'
            "</ofd:Goto></ofd:Action></ofd:Actions>"
        )
        open_levels.append(entry.level)
    out.extend("</ofd:OutlineElem>" for _ in open_levels)
    return "<ofd:Outlines>" + "".join(out) + "</ofd:Outlines>" if entries else ""


def _date(epoch: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(epoch))


def _doc_info(meta: pg.Metadata, doc_id: str, keywords: Iterable[str]) -> str:
    def element(name: str, value: str) -> str:
        return f"<ofd:{name}>{escape(value)}</ofd:{name}>" if value else ""

    words = "".join(f"<ofd:Keyword>{escape(word)}</ofd:Keyword>" for word in keywords if word)
    return (
        "<ofd:DocInfo>" + element("DocID", doc_id) + element("Title", meta.title) + element("Author", meta.author)
        + element("Subject", meta.subject) + element("CreationDate", _date(meta.timestamp))
        + element("ModDate", _date(meta.timestamp)) + (f"<ofd:Keywords>{words}</ofd:Keywords>" if words else "")
        + element("Creator", meta.creator) + "</ofd:DocInfo>"
    )  # fmt: skip


def _zip(parts: dict[str, bytes], epoch: float) -> bytes:
    """The parts as a zip: sorted, every entry dated ``epoch`` (within the zip format's 1980–2107). XML is
    deflated at level 6; font subsets at level 1, as the PDF's are (level 6 saves 5 % for twice the time,
    benchmarks/README.md); images, already compressed, are stored."""
    stamp = time.gmtime(min(max(epoch, 315532800), 4354819199))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, date_time=tuple(stamp)[:6])
            stored = name.startswith("Doc_0/Res/image_")
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, parts[name], compresslevel=None if stored else 1 if name.endswith(".ttf") else 6)
    return buffer.getvalue()


def write_ofd(document: pg.Document, target: Target = None, *, keywords: Sequence[str] = ()) -> bytes | None:
    """Write ``document`` (pages as data) as an OFD package: to ``target`` (path or binary stream), or returned
    as bytes."""
    if not document.pages:
        raise ValueError("an OFD has at least one page")
    package = _Package(document)
    package.fonts()
    has_media = package.media()
    page_ids = [package.page(page, index) for index, page in enumerate(document.pages)]
    first = document.pages[0]
    pages = "".join(
        f'<ofd:Page ID="{page_id}" BaseLoc="Pages/Page_{index}/Content.xml"/>' for index, page_id in enumerate(page_ids)
    )
    resources = "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>" + (
        "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>" if has_media else ""
    )
    package.parts["Doc_0/Document.xml"] = (
        f"{_HEADER}<ofd:Document {_ROOT}><ofd:CommonData><ofd:MaxUnitID>{package.ids.last}</ofd:MaxUnitID>"
        f"<ofd:PageArea><ofd:PhysicalBox>0 0 {_mm(first.width)} {_mm(first.height)}</ofd:PhysicalBox></ofd:PageArea>"
        f"{resources}</ofd:CommonData><ofd:Pages>{pages}</ofd:Pages>{_outline(document.outline, page_ids)}"
        + ("<ofd:VPreferences><ofd:PageMode>UseOutlines</ofd:PageMode></ofd:VPreferences>" if document.outline else "")
        + "</ofd:Document>"
    ).encode("utf-8")
    digest = hashlib.sha256()
    for name in sorted(package.parts):
        digest.update(name.encode("utf-8") + b"\0" + package.parts[name])
    # DocID: 32 hex digits (the standard's UUID form) that are the content's, not the clock's.
    info = _doc_info(document.metadata, digest.hexdigest()[:32], keywords)
    package.parts["OFD.xml"] = (
        f'{_HEADER}<ofd:OFD {_ROOT} Version="1.0" DocType="OFD"><ofd:DocBody>{info}'
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    ).encode("utf-8")
    return deliver(_zip(package.parts, document.metadata.timestamp), target)
