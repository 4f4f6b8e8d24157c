"""Images a report names, checked before any renderer sees them: the seal (a PNG, with the standard library
alone) and figures (PNG and JPEG, with Pillow: kind, pixel count, decodable; turned and downsampled for print).

A seal is drawn by ReportLab (through Pillow) into the PDF and copied as it is into the .docx, where Word
and LibreOffice decode it. A file that is not a PNG, or a truncated or corrupt one, must be refused at
load time with a located message rather than fail in a renderer (or, worse, in Word). So the whole file
is read here chunk by chunk: the signature, every chunk's CRC, IHDR first and valid, IEND last, and the
pixel data inflated to exactly the size its header says (in pieces, so a zlib bomb costs no memory).
The side in pixels is bounded by a limit (``limits.seal_side_px``), the file's bytes by another
(``limits.seal_bytes``, applied by ``files.read_regular``).
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import dataclass

from .messages import text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Bits per pixel of each colour type at each bit depth the PNG specification allows.
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}

# Adam7: (x start, y start, x step, y step) of the seven passes.
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


class ImageError(ValueError):
    """The bytes are not a PNG we accept; the message says why (in the user's language)."""


class TooManyPixels(ImageError):
    """A side of the image is longer than the limit; the caller words it (``limits.exceeded``)."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__(f"{width}x{height}")
        self.width, self.height = width, height


@dataclass(frozen=True, slots=True)
class Png:
    """A checked PNG: its bytes and size in pixels."""

    data: bytes
    width: int
    height: int
    alpha: bool
    """Whether it can be transparent (an alpha channel or a tRNS chunk)."""


def _raw_size(width: int, height: int, bits: int, interlaced: bool) -> int:
    """Bytes of the filtered scanlines: each row a filter byte and its pixels."""
    if not interlaced:
        return height * (1 + (width * bits + 7) // 8)
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        w = (width - x0 + dx - 1) // dx if width > x0 else 0
        h = (height - y0 + dy - 1) // dy if height > y0 else 0
        if w and h:
            total += h * (1 + (w * bits + 7) // 8)
    return total


def check_png(data: bytes, max_side: int) -> Png:
    """``data`` checked as a PNG whose sides are at most ``max_side`` pixels; ImageError otherwise."""
    if not data.startswith(PNG_SIGNATURE):
        raise ImageError(text("image_not_png"))
    at = len(PNG_SIGNATURE)
    header: tuple[int, ...] | None = None
    inflater = zlib.decompressobj()
    inflated = 0
    expected = 0
    alpha = False
    ended = False
    while at < len(data):
        if len(data) - at < 12:
            raise ImageError(text("image_bad_png", detail="truncated chunk"))
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if len(body) != length or at + 12 + length > len(data):
            raise ImageError(text("image_bad_png", detail="truncated chunk"))
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise ImageError(text("image_bad_png", detail=f"bad CRC in {kind.decode('latin-1')!r}"))
        at += 12 + length
        if header is None:
            if kind != b"IHDR" or length != 13:
                raise ImageError(text("image_bad_png", detail="IHDR is not the first chunk"))
            header = struct.unpack(">IIBBBBB", body)
            width, height, depth, colour, compression, filtering, interlace = header
            if width < 1 or height < 1 or colour not in _DEPTHS or depth not in _DEPTHS[colour]:
                raise ImageError(text("image_bad_png", detail="invalid IHDR"))
            if compression or filtering or interlace > 1:
                raise ImageError(text("image_bad_png", detail="invalid IHDR"))
            if max(width, height) > max_side:
                raise TooManyPixels(width, height)
            expected = _raw_size(width, height, depth * _CHANNELS[colour], interlace == 1)
            alpha = colour in (4, 6)
        elif kind == b"tRNS":
            alpha = True
        elif kind == b"IDAT":
            try:
                while body:
                    inflated += len(inflater.decompress(body, 1 << 16))
                    if inflated > expected:
                        raise ImageError(text("image_bad_png", detail="more pixel data than the header says"))
                    body = inflater.unconsumed_tail
            except zlib.error as error:
                raise ImageError(text("image_bad_png", detail=str(error))) from None
        elif kind == b"IEND":
            ended = True
            break
    try:
        while not inflater.eof and inflated <= expected:  # output zlib still holds
            piece = inflater.decompress(inflater.unconsumed_tail, 1 << 16)
            if not piece:
                break
            inflated += len(piece)
    except zlib.error as error:
        raise ImageError(text("image_bad_png", detail=str(error))) from None
    if header is None or not ended:
        raise ImageError(text("image_bad_png", detail="no IEND chunk"))
    if inflated != expected or not inflater.eof:
        raise ImageError(text("image_bad_png", detail="pixel data shorter than the header says"))
    return Png(data=data, width=header[0], height=header[1], alpha=alpha)


# --------------------------------------------------------------------------- figures (``figure: image:``)

PICTURE_DPI = 300
"""Resolution a figure is kept at, at its printed size: larger photos are downsampled to it."""

DEFAULT_DPI = 96
"""Resolution an image without one is read at, for its default width."""

_KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}
"""What each accepted extension promises."""


@dataclass(frozen=True, slots=True)
class Picture:
    """A checked figure image: its bytes as the author gave them, kind, size in pixels and resolution."""

    data: bytes
    kind: str
    """png or jpeg."""
    width: int
    height: int
    dpi: float
    """Horizontal resolution the file states, else DEFAULT_DPI."""
    orientation: int = 1
    """EXIF orientation (1: upright; 2–8: the picture must be turned or mirrored to be upright)."""
    fallback: bytes = b""
    """For an SVG prepared for print: a PNG of it (300 dpi at its printed width), for readers without SVG."""


def _sniff(data: bytes) -> str | None:
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")):
        return "svg"
    if data.startswith((b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")):
        return {b"G": "gif", b"B": "bmp", b"I": "tiff", b"M": "tiff", b"R": "webp"}[data[:1]]
    return None


def _header_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height as the file's header states them (PNG: IHDR; JPEG: the first SOF segment), or None."""
    if kind == "png":
        return struct.unpack(">II", data[16:24]) if len(data) >= 24 and data[12:16] == b"IHDR" else None
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    return None


def check_picture(data: bytes, name: str, max_pixels: int, max_elements: int = 100_000) -> Picture:
    """``data`` checked as the image its extension says (PNG or JPEG): the content must be of that kind, at
    most ``max_pixels`` pixels (read from the header, before a pixel is decoded: a pixel bomb costs nothing),
    and decodable to the end (a truncated or corrupt file is refused here, never in a renderer)."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = _KINDS.get(suffix)
    if expected is None:
        raise ImageError(text("picture_extension", suffix=suffix or "—"))
    found = _sniff(data)
    if found == expected == "svg":
        return check_svg(data, max_elements)  # its own limit: elements, not pixels
    if found != expected:
        raise ImageError(text("picture_not_kind", expected=expected.upper(), found=(found or "?").upper()))
    size = _header_size(data, expected)  # before Pillow, whose own bomb guard refuses with its own words
    if size is not None and size[0] * size[1] > max_pixels:
        raise TooManyPixels(*size)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > max_pixels or width < 1 or height < 1:
                raise TooManyPixels(width, height)
            image.load()  # every pixel decoded: a truncated file fails here
            dpi = image.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0]
            orientation = image.getexif().get(0x0112, 1) if expected == "jpeg" else 1
    except TooManyPixels:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as error:  # fmt: skip
        raise ImageError(text("picture_corrupt", kind=expected.upper(), detail=str(error) or type(error).__name__)) from None
    dpi = float(dpi) if isinstance(dpi, (int, float)) and 10 <= float(dpi) <= 10_000 else float(DEFAULT_DPI)
    return Picture(data, expected, width, height, dpi, orientation if orientation in range(1, 9) else 1)


SVG_NS = "http://www.w3.org/2000/svg"
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.I)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px|pt|mm|cm|in|pc)?\s*$")
_PX = {"px": 1.0, None: 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_INLINE_IMAGES = ("data:image/png;base64,", "data:image/jpeg;base64,", "data:image/jpg;base64,")


class SvgRefused(ImageError):
    """An SVG that could run code or reach outside the file (a script, an event handler, an external
    reference, a DOCTYPE): refused at load time, never fetched."""


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _inside_only(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or value.lower().startswith(_INLINE_IMAGES)


def check_svg(data: bytes, max_elements: int) -> Picture:
    """An SVG checked as data that draws and does nothing else: UTF-8, no DOCTYPE (so no entities, internal or
    external), no ``script`` or ``foreignObject``, no ``on…`` event attribute, every ``href`` and ``url(…)`` a
    reference inside the file (``#id``) or an inline PNG/JPEG (``data:image/…;base64``), no ``@import``; at most
    ``max_elements`` elements. Its size comes from ``width``/``height`` (px, pt, mm, cm, in) or the viewBox, as
    CSS pixels at 96 dpi. Nothing named in it is ever fetched: a file that names anything outside is refused."""
    import xml.etree.ElementTree as ElementTree

    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SvgRefused(text("svg_encoding")) from None
    if re.search(r"<!(DOCTYPE|ENTITY)", source, re.I):
        raise SvgRefused(text("svg_doctype"))
    try:
        root = ElementTree.fromstring(source)
    except ElementTree.ParseError as error:
        raise ImageError(text("picture_corrupt", kind="SVG", detail=str(error))) from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ImageError(text("picture_not_kind", expected="SVG", found="XML"))
    count = 0
    for element in root.iter():
        count += 1
        if count > max_elements:
            raise SvgRefused(text("svg_elements", limit=max_elements))
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        if tag in ("script", "foreignObject", "iframe", "embed", "object"):
            raise SvgRefused(text("svg_active", what=f"<{tag}>"))
        for name, value in element.attrib.items():
            local = _local(name)
            if local.lower().startswith("on"):
                raise SvgRefused(text("svg_active", what=f"{local}="))
            if local == "href" and not _inside_only(value):
                raise SvgRefused(text("svg_external", reference=value[:80]))
            for target in _URL.findall(value):
                if not _inside_only(target):
                    raise SvgRefused(text("svg_external", reference=target[:80]))
        if tag == "style" and element.text:
            if "@import" in element.text:
                raise SvgRefused(text("svg_external", reference="@import"))
            for target in _URL.findall(element.text):
                if not _inside_only(target):
                    raise SvgRefused(text("svg_external", reference=target[:80]))
    width, height = _svg_size(root)
    return Picture(data, "svg", max(1, round(width)), max(1, round(height)), float(DEFAULT_DPI))


def _svg_size(root: object) -> tuple[float, float]:
    """Width and height in CSS pixels: the attributes, else the viewBox, else 300 × 150 (CSS's default)."""
    attrib = getattr(root, "attrib", {})
    sizes = []
    for name in ("width", "height"):
        found = _LENGTH.match(attrib.get(name, ""))
        sizes.append(float(found.group(1)) * _PX[found.group(2)] if found else None)
    box = [float(v) for v in re.split(r"[\s,]+", attrib.get("viewBox", "").strip()) if re.fullmatch(r"-?[0-9.]+", v)]
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        if sizes[0] is None and sizes[1] is None:
            return box[2], box[3]
        if sizes[0] is None:
            return sizes[1] * box[2] / box[3], sizes[1]  # type: ignore[operator]
        if sizes[1] is None:
            return sizes[0], sizes[0] * box[3] / box[2]
    return sizes[0] or 300.0, sizes[1] or 150.0


SEAL_SVG_DPI = 600
"""An SVG seal is drawn once as a PNG at this resolution for its largest size (60 mm: 1,417 pixels across)."""
SEAL_SVG_MAX_MM = 60.0


def seal_png_from_svg(data: bytes, max_elements: int) -> bytes:
    """An SVG seal (checked as ``check_svg`` checks a figure) as the PNG every writer embeds: transparent where
    the SVG draws nothing, SEAL_SVG_DPI at the largest seal size, its aspect kept. The same SVG gives the same
    bytes. Needs the svg extra (CairoSVG)."""
    import cairosvg

    picture = check_svg(data, max_elements)
    width = round(SEAL_SVG_MAX_MM / 25.4 * SEAL_SVG_DPI)
    if picture.height > picture.width:  # the longer side gets the pixels
        width = max(1, round(width * picture.width / picture.height))
    return bytes(cairosvg.svg2png(bytestring=data, output_width=width, unsafe=False))


def svg_available() -> bool:
    """Whether the optional SVG libraries are installed (``pip install 'annualreport[svg]'``)."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("svglib", "cairosvg"))


def upright_size(picture: Picture) -> tuple[int, int]:
    """Width and height in pixels once turned as its EXIF orientation says."""
    if picture.orientation in (5, 6, 7, 8):
        return picture.height, picture.width
    return picture.width, picture.height


def prepare_picture(picture: Picture, width_pt: float) -> Picture:
    """The picture as it is embedded when printed ``width_pt`` wide: turned upright (EXIF), and downsampled
    to PICTURE_DPI at that width when it has more pixels than that (a phone photo of 4000 pixels printed
    156 mm wide keeps 1843). Unchanged when neither applies; re-encoded without metadata otherwise (the
    same input gives the same bytes: no clock, no random state in PNG or JPEG encoding)."""
    width, height = upright_size(picture)
    most = max(1, round(width_pt / 72 * PICTURE_DPI))
    if picture.kind == "svg":  # kept as it is (vector); a PNG beside it for readers that cannot draw SVG
        import cairosvg

        # unsafe=False: no entities, no files beyond the SVG; check_svg refused anything it could fetch anyway
        png = cairosvg.svg2png(bytestring=picture.data, output_width=most, unsafe=False)
        return Picture(picture.data, "svg", width, height, picture.dpi, 1, png)
    if picture.orientation == 1 and width <= most * 1.05:
        return picture
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(Image.open(io.BytesIO(picture.data)))
    if width > most:
        image = image.resize((most, max(1, round(height * most / width))), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if picture.kind == "jpeg":
        image.convert("RGB" if image.mode not in ("L", "RGB", "CMYK") else image.mode).save(
            out, "JPEG", quality=88, optimize=True, dpi=(PICTURE_DPI, PICTURE_DPI)
        )
    else:
        image.save(out, "PNG", optimize=False, compress_level=9, dpi=(PICTURE_DPI, PICTURE_DPI))
    return Picture(out.getvalue(), picture.kind, image.width, image.height, float(PICTURE_DPI), 1)
