"""Benchmark the first PDF render on a new machine: `annualreport render examples/2018 --pdf` with an empty cache.

Each run is a new process with a new, empty ``$ANNUALREPORT_CACHE_DIR`` (the operating system's file cache is
warm: the font files were read before), so it pays for everything a first render does: fc-list, folder scans,
face coverage, converting the CFF fonts (FandolFang, Noto Serif CJK) to TrueType, ReportLab's parse. Measured per
run: wall time, the process's CPU time (user + system) and its peak memory; printed as median (min-max).

``--against REV`` also measures the ``src`` tree as of git REV, interleaved with the current one, and says whether
both give the same PDF bytes (and whether each gives the same bytes every run: the cache is new each time).

Run with the project's virtual environment: ``.venv/bin/python benchmarks/bench_first_render.py [--runs 3]``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "2018"


@dataclass
class Tree:
    label: str
    src: Path
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    digests: set[str] = field(default_factory=set)

    def env(self, cache: Path) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(self.src), *filter(None, [env.get("PYTHONPATH", "")])])
        env["ANNUALREPORT_CACHE_DIR"] = str(cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env


def _baseline(rev: str, workdir: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(workdir)], input=archive.stdout, check=True)
    return workdir / "src"


def first_render(tree: Tree, work: Path) -> None:
    """One render in a new process with an empty cache; wall, CPU and peak memory from the kernel (wait4)."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    out = Path(tempfile.mkdtemp(prefix="out-", dir=work))
    cmd = [sys.executable, "-m", "annualreport.cli", "render", str(EXAMPLE), "--pdf", "-o", str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=tree.env(cache), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{tree.label}: render failed ({proc.returncode}):\n{err}")
    tree.wall.append(wall)
    tree.cpu.append(usage.ru_utime + usage.ru_stime)
    tree.rss_mb.append(usage.ru_maxrss / 1024)  # KB on Linux
    tree.digests.add(hashlib.sha256((out / "2018.pdf").read_bytes()).hexdigest())
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)


def _fmt(values: Sequence[float], unit: str = "s", digits: int = 1) -> str:
    return f"{statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f}-{max(values):.{digits}f}, n={len(values)})"


def _load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except (OSError, AttributeError):
        return "n/a"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="first renders per tree (default 3)")
    parser.add_argument("--against", metavar="REV", help="also measure the src tree as of git REV, interleaved")
    args = parser.parse_args(argv)
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="bench-first-") as tmp:
        work = Path(tmp)
        trees = [Tree("current", REPO / "src")]
        if args.against:
            trees.insert(0, Tree(f"baseline ({args.against})", _baseline(args.against, work)))
        for _ in range(args.runs):
            for tree in trees:
                first_render(tree, work)
    print(f"machine: {os.cpu_count()} cores; load average (1, 5, 15 min) before {load_before}, after {_load()}")
    print(f"report: {EXAMPLE.relative_to(REPO)}, `annualreport render --pdf`, a new empty cache folder each run")
    for tree in trees:
        print(f"\n[{tree.label}]")
        print(f"  wall        {_fmt(tree.wall)}")
        print(f"  CPU (u+s)   {_fmt(tree.cpu)}")
        print(f"  peak memory {_fmt(tree.rss_mb, 'MB', 0)}")
        print(f"  same PDF bytes every run: {len(tree.digests) == 1} ({', '.join(sorted(d[:16] for d in tree.digests))})")
    if len(trees) == 2:
        print(f"\nbaseline and current PDFs identical: {trees[0].digests == trees[1].digests}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
