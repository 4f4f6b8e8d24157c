"""Issue 15's Measure: time and peak memory of validate + render --pdf on the two big inputs.

* **report 100x**: examples/2018 with its sections repeated 100 times (800 level-1 sections, 3,800
  blocks, ~1.4 MB of YAML), written to a file: ``load`` (what ``validate`` runs) + ``build`` + ``render_pdf``.
* **paragraph 80k**: a report whose one body paragraph is 80,000 characters of ordinary Chinese text. The
  default ``paragraph_chars`` limit (20,000) refuses it, so it is loaded with ``Limits(paragraph_chars=
  100_000)``: what a service that raised the limit would pay.

Each run is a fresh Python process (``ru_maxrss`` is then that render's peak resident memory, Python,
ReportLab and the fonts included), after the font caches are warm; figures are medians of ``--runs``
(default 3) with min-max. A run past ``--timeout`` seconds is reported as such.

    .venv/bin/python benchmarks/bench_stress.py
    .venv/bin/python benchmarks/bench_stress.py --only paragraph --runs 5 --json out.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "2018" / "report.yaml"

_RUN = r"""
import json, re, resource, sys, time, warnings
warnings.simplefilter("ignore")
started = time.perf_counter()
import annualreport as ar
from annualreport.limits import Limits
path, chars = sys.argv[1], int(sys.argv[2])
t0 = time.perf_counter()
report = ar.load(path, limits=Limits(paragraph_chars=chars) if chars else None)
t1 = time.perf_counter()
data = ar.render_pdf(ar.build(report))
t2 = time.perf_counter()
print(json.dumps({"validate": t1 - t0, "render": t2 - t1, "total": t2 - started,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "pages": len(re.findall(rb"/Type /Page(?![A-Za-z])", data)), "bytes": len(data)}))
"""

HANZI = "全力打造四大主导产业基地和一个核心示范区，养殖产业基地建设建成养殖小区发展养殖专业村。"


def make_inputs(folder: Path) -> dict[str, tuple[Path, int]]:
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return True  # each repeat written out: 100 aliases of the sections would exceed alias_nodes

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["sections"] = data["sections"] * 100
    big = folder / "big" / "report.yaml"
    big.parent.mkdir()
    big.write_text(yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    paragraph = folder / "paragraph" / "report.yaml"
    paragraph.parent.mkdir()
    text = (HANZI * (80_000 // len(HANZI) + 1))[:80_000]
    paragraph.write_text(yaml.safe_dump({"title": "测试", "year": 2018, "content": [text]}, allow_unicode=True),
                         encoding="utf-8")  # fmt: skip
    return {"report 100x": (big, 0), "paragraph 80k": (paragraph, 100_000)}


def measure(path: Path, chars: int, timeout: float) -> dict[str, float] | None:
    try:
        result = subprocess.run([sys.executable, "-c", _RUN, str(path), str(chars)], capture_output=True,
                                text=True, timeout=timeout)  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0:
        raise SystemExit(f"{path}: exit {result.returncode}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--only", choices=("report", "paragraph"))
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = make_inputs(Path(tmp))
        small = Path(tmp) / "warm" / "report.yaml"
        small.parent.mkdir()
        small.write_text("title: 预热\nyear: 2018\ncontent: [预热]\n", encoding="utf-8")
        measure(small, 0, args.timeout)  # the font caches filled, not timed
        for name, (path, chars) in inputs.items():
            if args.only and not name.startswith(args.only):
                continue
            runs = [measure(path, chars, args.timeout) for _ in range(args.runs)]
            done = [r for r in runs if r is not None]
            if len(done) < len(runs):
                print(f"{name}: {len(runs) - len(done)} of {len(runs)} runs over {args.timeout:.0f} s")
            if not done:
                continue
            summary = {key: statistics.median(r[key] for r in done) for key in done[0]}
            spread = {key: (min(r[key] for r in done), max(r[key] for r in done)) for key in ("total", "maxrss_mb")}
            results[name] = {"median": summary, "min_max": spread, "runs": len(done)}
            print(
                f"{name}: validate {summary['validate']:.2f} s + render {summary['render']:.2f} s "
                f"(process {summary['total']:.2f} s, {spread['total'][0]:.2f}-{spread['total'][1]:.2f}), "
                f"peak RSS {summary['maxrss_mb']:.0f} MB ({spread['maxrss_mb'][0]:.0f}-{spread['maxrss_mb'][1]:.0f}), "
                f"{summary['pages']:.0f} pages, n={len(done)}"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
