"""PNG images a report names (the seal, ``seal:``): checked with the standard library alone before any
renderer sees them.

A seal is drawn by ReportLab (through Pillow) into the PDF and copied as it is into the .docx, where Word
and LibreOffice decode it. A file that is not a PNG, or a truncated or corrupt one, must be refused at
load time with a located message rather than fail in a renderer (or, worse, in Word). So the whole file
is read here chunk by chunk: the signature, every chunk's CRC, IHDR first and valid, IEND last, and the
pixel data inflated to exactly the size its header says (in pieces, so a zlib bomb costs no memory).
The side in pixels is bounded by a limit (``limits.seal_side_px``), the file's bytes by another
(``limits.seal_bytes``, applied by ``files.read_regular``).
"""

from __future__ import annotations

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
