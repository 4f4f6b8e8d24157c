"""Benchmark the OFD writer on examples/2018 against the PDF writer, both from the same pages as data.

Measures, as median (min-max) of ``--runs`` runs (default 15), in one process:

* layout once (``annualreport.pages``: typesetting and pagination, shared by both formats, not timed);
* ``write_pages`` (PDF) and ``write_ofd`` (OFD) of those pages, interleaved run by run, each "cold" (the OFD
  writer's remembered font subsets cleared first, so every run subsets the faces again; ReportLab's parsed
  fonts stay registered, as they are after the layout of any render) and the OFD also "warm" (its subsets
  remembered, as in a long-running process rendering the same report again);
* the end-to-end ``annualreport.render_pdf`` and ``render_ofd`` of the report (layout included);

and the sizes of both files. Prints a table, or JSON with ``--json``.

Run with the project's virtual environment: ``.venv/bin/python benchmarks/bench_ofd.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "2018"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import annualreport as ar
    from annualreport.render.ofd import fonts as ofd_fonts
    from annualreport.render.ofd import write_ofd
    from annualreport.render.pdf import write_pages

    pages = ar.pages(EXAMPLE)
    pdf, ofd = write_pages(pages) or b"", write_ofd(pages) or b""  # warm-up, and the sizes
    times: dict[str, list[float]] = {"pdf": [], "ofd cold": [], "ofd warm": [], "render_pdf": [], "render_ofd": []}
    for _ in range(args.runs):
        times["pdf"].append(timed(lambda: write_pages(pages)))
        ofd_fonts._memo.clear()
        times["ofd cold"].append(timed(lambda: write_ofd(pages)))
        times["ofd warm"].append(timed(lambda: write_ofd(pages)))
    for _ in range(max(3, args.runs // 3)):
        times["render_pdf"].append(timed(lambda: ar.render_pdf(EXAMPLE)))
        ofd_fonts._memo.clear()
        times["render_ofd"].append(timed(lambda: ar.render_ofd(EXAMPLE)))
    result = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "pages": len(pages.pages),
        "bytes": {"pdf": len(pdf), "ofd": len(ofd)},
        "seconds": {name: summary(values) for name, values in times.items()},
    }
    pdf_median = result["seconds"]["pdf"]["median"]
    result["ofd cold / pdf"] = result["seconds"]["ofd cold"]["median"] / pdf_median
    result["ofd warm / pdf"] = result["seconds"]["ofd warm"]["median"] / pdf_median
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
        return 0
    print(f"examples/2018: {result['pages']} pages; PDF {len(pdf):,} bytes, OFD {len(ofd):,} bytes")
    for name, stats in result["seconds"].items():
        print(f"  {name:<11} {stats['median'] * 1000:7.1f} ms  ({stats['min'] * 1000:.1f}-{stats['max'] * 1000:.1f}, {stats['runs']} runs)")
    print(f"  OFD / PDF (writers, same pages): cold {result['ofd cold / pdf']:.2f}x, warm {result['ofd warm / pdf']:.2f}x")
    print(f"  load average {result['machine']['load']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
