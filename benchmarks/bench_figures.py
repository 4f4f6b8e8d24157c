"""Benchmark figures and charts: examples/2018 with two charts and one figure against examples/2018 with none.

The two variants are made in a temporary folder from examples/2018/report.yaml:

* **without**: the example with its ``chart:`` block taken out;
* **with**: the example as it is (its completion chart), plus a shares chart of 产业结构调整 (优质牧草和青贮
  种植 8.8 and 高效特色经济作物种植 8.35 万亩, the seed's figures) and one figure, a 2400 × 1600 JPEG photo-like
  drawing made here with Pillow (downsampled to 300 dpi at its printed width by the build).

For each, in-process: ``render_pdf(document)``, ``render_ofd(document)`` and ``render_docx(document)`` of the built
document (built once: the renderers' cost), after warm-up; the median (min–max) of ``--runs`` renders, the
variants interleaved; and the size of each file. Checks that two renders give the same bytes.

Run with the project's virtual environment: ``.venv/bin/python benchmarks/bench_figures.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "2018"

SHARES = """      - chart:
          kind: shares
          keys: [forage, cash_crops]
          caption: 产业结构调整构成
          height_lines: 8
      - figure: {image: photo.jpg, caption: 设施农业示范区（示意）, width_chars: 22}
"""
"""Inserted after section 一's indicator table."""


def photo() -> bytes:
    """A photo-like JPEG (gradients and noise-free shapes, so its size is that of a real photo's order)."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = 2400, 1600
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x = (i * 397) % width
        y = (i * 211) % height
        draw.rectangle((x, y, x + 300, y + 120), fill=((i * 53) % 255, (i * 97) % 255, (i * 31) % 255))
    image = image.filter(ImageFilter.GaussianBlur(3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def variants(folder: Path) -> dict[str, Path]:
    text = (EXAMPLE / "report.yaml").read_text(encoding="utf-8")
    start = text.index("      - chart:\n")
    end = text.index("          height_lines: 7\n") + len("          height_lines: 7\n")
    without = text[:start] + text[end:]
    anchor = "  - title: 精准扶贫精准脱贫稳步实施\n"
    with_more = text.replace(anchor, SHARES + anchor, 1)
    paths = {}
    for name, body in (("without", without), ("with", with_more)):
        (folder / name).mkdir()
        (folder / name / "report.yaml").write_text(body, encoding="utf-8")
        paths[name] = folder / name
    (folder / "with" / "photo.jpg").write_bytes(photo())
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    import annualreport as ar

    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        paths = variants(Path(tmp))
        documents = {name: ar.measured(ar.build(path)) for name, path in paths.items()}
        for name, document in documents.items():
            kinds = [type(n).__name__ for n in document.nodes]
            print(f"{name}: {kinds.count('Chart')} charts, {kinds.count('Figure')} figures")
        times: dict[tuple[str, str], list[float]] = {}
        sizes: dict[tuple[str, str], int] = {}
        renderers = {"pdf": ar.render_pdf, "ofd": ar.render_ofd, "docx": ar.render_docx}
        for _ in range(args.warmup):
            for name, document in documents.items():
                for kind, render in renderers.items():
                    data = render(document)
                    assert data is not None
                    sizes[(name, kind)] = len(data)
                    assert render(document) == data, f"{name} {kind}: two renders differ"
        for _ in range(args.runs):
            for name, document in documents.items():
                for kind, render in renderers.items():
                    start = time.perf_counter()
                    render(document)
                    times.setdefault((name, kind), []).append(time.perf_counter() - start)
    result = {}
    for (name, kind), values in sorted(times.items()):
        entry = {
            "median_ms": round(statistics.median(values) * 1000, 1),
            "min_ms": round(min(values) * 1000, 1),
            "max_ms": round(max(values) * 1000, 1),
            "runs": len(values),
            "bytes": sizes[(name, kind)],
        }
        result[f"{kind} {name}"] = entry
        print(f"{kind:4} {name:7}: {entry['median_ms']:8.1f} ms median ({entry['min_ms']}–{entry['max_ms']}, "
              f"{entry['runs']} runs), {entry['bytes']:,} bytes")  # fmt: skip
    print(f"load average before {load[0]:.2f}, after {os.getloadavg()[0]:.2f} (2 cores; other work skews the times)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
