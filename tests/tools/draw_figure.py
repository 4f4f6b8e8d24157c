"""Draws the test fixtures' figure image with Pillow: a plan of a greenhouse park (no third-party photos).

    .venv/bin/python -m tests.tools.draw_figure tests/fixtures/full/park.png

The drawing is made of rectangles and lines only, so the same Pillow writes the same bytes; tests may also
call :func:`park_plan` to make images of other sizes.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw


def park_plan(width: int = 600, height: int = 360, mode: str = "RGB") -> Image.Image:
    """Rows of greenhouses (grey) along two roads (white), a field (green) and a pond (blue)."""
    if width < 120 or height < 80:  # too small to draw: the standard plan made smaller
        return park_plan(600, 360, mode).resize((width, height))
    image = Image.new(mode, (width, height), (214, 206, 178))
    draw = ImageDraw.Draw(image)
    road = max(4, height // 24)
    draw.rectangle((0, height // 2 - road // 2, width, height // 2 + road // 2), fill=(250, 250, 250))
    draw.rectangle((width // 3 - road // 2, 0, width // 3 + road // 2, height), fill=(250, 250, 250))
    step_x, step_y = max(6, width // 20), max(6, height // 12)
    for x in range(width // 3 + road, width - step_x, step_x):
        for y in list(range(road, height // 2 - step_y, step_y)) + list(range(height // 2 + road, height - step_y, step_y)):
            draw.rectangle((x + 2, y + 2, x + step_x - 2, y + step_y - 3), fill=(150, 160, 170), outline=(90, 100, 110))
    draw.rectangle((road, road, width // 3 - road, height // 2 - road), fill=(120, 160, 90))
    draw.ellipse((road * 2, height // 2 + road * 2, width // 3 - road * 2, height - road * 2), fill=(110, 150, 200))
    return image


def png_bytes(image: Image.Image) -> bytes:
    """``image`` as PNG bytes (no metadata)."""
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


if __name__ == "__main__":
    Path(sys.argv[1]).write_bytes(png_bytes(park_plan()))
