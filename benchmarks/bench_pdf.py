"""Benchmark the PDF renderer on examples/2018 and compare it with LibreOffice converting the .docx.

Measures, each as median (min-max) of several runs:

* in-process ``render_pdf`` of the built document, after warm-up renders (fonts resolved and
  registered, so this is the cost of one more report in a long-running process);
* a cold command line, ``annualreport render examples/2018 --pdf -o TMP``: a new Python process
  each time (the operating system's file cache and annualreport's on-disk font caches are warm:
  one untimed run first fills them);
* ``soffice --headless --convert-to pdf`` of the same report's .docx (written by
  ``annualreport render --docx``), with a private LibreOffice profile; the first run creates that
  profile and is excluded as warm-up;

and the ratio of LibreOffice's time to ours. ``--against REV`` also measures a baseline, interleaved
with the current tree in one run: the whole ``src`` tree as of REV, and says whether both give the same
bytes.

Run with the project's virtual environment: ``.venv/bin/python benchmarks/bench_pdf.py`` (or ``make bench``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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
# Runs in a fresh interpreter, so each tree is measured the same way and its imports stay its own.
_IN_PROCESS = r"""
import hashlib, json, os, sys, time
clock = time.process_time if os.environ.get("BENCH_CLOCK") == "cpu" else time.perf_counter
import annualreport
from annualreport.render.pdf import render_pdf
src, warm, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
document = annualreport.build(src)
first = None
for _ in range(warm):
    first = render_pdf(document)
times = []
for _ in range(runs):
    t = clock()
    data = render_pdf(document)
    times.append(clock() - t)
print(json.dumps({"times": times, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                  "stable": first is None or first == data}))
"""

# One cold process, timed by phase (the CLI does the same steps; this names them).
_PHASES = r"""
import time
t0 = time.perf_counter()
import annualreport.cli
import annualreport
t1 = time.perf_counter()
import sys, json
document = annualreport.build(sys.argv[1])
t2 = time.perf_counter()
from annualreport.render import pdf
from annualreport.render.pdf.fonts import embed as pdf_fonts
t3 = time.perf_counter()
from annualreport.render.pdf.fonts import resolve as fonts
fonts.resolve_fonts(document.style.fonts, pdf_fonts.required_text(document))
t4 = time.perf_counter()
pdf_fonts.load_fonts(document)
t5 = time.perf_counter()
pdf.render_pdf(document)
t6 = time.perf_counter()
print(json.dumps({"import annualreport": t1 - t0, "load + build": t2 - t1, "import PDF renderer": t3 - t2,
                  "resolve fonts": t4 - t3, "register fonts": t5 - t4, "first render": t6 - t5,
                  "fontTools imported": "fontTools" in sys.modules}))
"""

# A report N times the example (its sections repeated), in a fresh process: the whole process's time (cold: Python
# start, imports, load, build, fonts, render) and a second render of the same document (in-process).
_SCALED = r"""
import os, time
cpu = os.environ.get("BENCH_CLOCK") == "cpu"
clock = time.process_time if cpu else time.perf_counter
t0 = 0.0 if cpu else clock()  # CPU time counts from the process's start (the interpreter's own start included)
import hashlib, json, re, sys
import annualreport as ar
from annualreport.render.pdf import render_pdf
report = ar.load(sys.argv[1])
report = report.model_copy(update={"sections": list(report.sections) * int(sys.argv[2])})
data = render_pdf(ar.measured(ar.build(report)))
t1 = clock()
document = ar.build(report)
t2 = clock()
again = render_pdf(document)
t3 = clock()
pages = len(re.findall(rb"/Type /Page(?![A-Za-z])", again))
print(json.dumps({"cold": t1 - t0, "in-process": t3 - t2, "pages": pages, "bytes": len(again)}))
"""


@dataclass
class Tree:
    """A source tree to measure: its src folder goes first on PYTHONPATH."""

    label: str
    src: Path
    pycache: Path | None = None
    """Where bytecode is cached (PYTHONPYCACHEPREFIX), or None to compile every module in every process."""
    samples: dict[str, list[float]] = field(default_factory=dict)
    notes: dict[str, object] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(self.src), *filter(None, [env.get("PYTHONPATH", "")])])
        if CPU:
            env["BENCH_CLOCK"] = "cpu"
        if self.pycache is None:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
        else:
            # As an installed package runs: modules compiled once (by the warm-up run), not in every process.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(self.pycache)
        return env


def _cli() -> list[str]:
    """The console script beside this interpreter (what users run), else ``python -m annualreport.cli``."""
    script = Path(sys.executable).with_name("annualreport")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "annualreport.cli"]


def _baseline(rev: str, workdir: Path) -> Path:
    """The whole ``src`` tree as of ``rev`` (the code moves between modules, so no file-by-file mix)."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(workdir)], input=archive.stdout, check=True)
    return workdir / "src"


CPU = False
"""--cpu: time is CPU time (user + system) rather than wall time, for a machine others share."""


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(cmd: Sequence[str], env: dict[str, str], cwd: Path) -> float:
    """Wall time of a command, or with --cpu the CPU time of it and the processes it waited for."""
    clock = _children_cpu if CPU else time.perf_counter
    t = clock()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=False)
    elapsed = clock() - t
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode(errors='replace')}")
    return elapsed


def measure_in_process(trees: Sequence[Tree], runs: int, warm: int, rounds: int) -> None:
    """``runs`` timed renders per tree, in ``rounds`` fresh processes taken in turn across the trees."""
    per_round = -(-runs // rounds)
    for _ in range(rounds):
        for tree in trees:
            proc = subprocess.run(
                [sys.executable, "-c", _IN_PROCESS, str(EXAMPLE), str(warm), str(per_round)],
                env=tree.env(), cwd=REPO, capture_output=True, check=False,
            )  # fmt: skip
            if proc.returncode != 0:
                raise SystemExit(f"in-process benchmark failed for {tree.label}:\n{proc.stderr.decode(errors='replace')}")
            result = json.loads(proc.stdout)
            tree.samples.setdefault("in-process", []).extend(result["times"])
            stable = bool(tree.notes.get("stable", True)) and result["stable"]
            if tree.notes.get("sha256", result["sha256"]) != result["sha256"]:
                stable = False  # another process gave other bytes
            tree.notes.update(sha256=result["sha256"], size=result["size"], stable=stable)


def measure_cold(trees: Sequence[Tree], runs: int, out: Path) -> None:
    cmd = [*_cli(), "render", str(EXAMPLE), "--pdf", "-o", str(out)]
    for tree in trees:  # untimed: fills bytecode and font caches
        _time(cmd, tree.env(), REPO)
    for _ in range(runs):
        for tree in trees:  # interleaved, so drift in the machine's load hits every tree alike
            tree.samples.setdefault("cold CLI", []).append(_time(cmd, tree.env(), REPO))


def measure_phases(trees: Sequence[Tree], runs: int) -> None:
    for tree in trees:
        rows: list[dict[str, float]] = []
        for _ in range(runs):
            proc = subprocess.run([sys.executable, "-c", _PHASES, str(EXAMPLE)], env=tree.env(), cwd=REPO,
                                  capture_output=True, check=True)  # fmt: skip
            rows.append(json.loads(proc.stdout))
        tree.notes["phases"] = {k: statistics.median(r[k] for r in rows) for k in rows[0] if k != "fontTools imported"}
        tree.notes["fontTools imported"] = rows[-1]["fontTools imported"]


def measure_soffice(tree: Tree, runs: int, work: Path) -> tuple[list[float] | None, str]:
    """LibreOffice converting the report's .docx; (times, note) or (None, why it was skipped)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None, "skipped: soffice (LibreOffice) is not installed"
    renderer = tree.src / "annualreport" / "render" / "docx"
    if not (renderer.with_suffix(".py").is_file() or (renderer / "__init__.py").is_file()):  # a module, or a package
        return None, "skipped: the .docx renderer (annualreport.render.docx) is not there yet"
    docx_dir = work / "docx"
    proc = subprocess.run([*_cli(), "render", str(EXAMPLE), "--docx", "-o", str(docx_dir)], env=tree.env(),
                          cwd=REPO, capture_output=True, check=False)  # fmt: skip
    docx = docx_dir / "2018.docx"
    if proc.returncode != 0 or not docx.is_file():
        return None, f"skipped: `annualreport render --docx` failed: {proc.stderr.decode(errors='replace').strip()}"
    profile = (work / "lo-profile").as_uri()
    outdir = work / "soffice"
    cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]
    env = dict(os.environ)
    _time(cmd, env, work)  # warm-up: creates the private profile (excluded)
    times = [_time(cmd, env, work) for _ in range(runs)]
    if not (outdir / "2018.pdf").is_file():
        return None, "skipped: soffice wrote no PDF"
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return times, f"{version or exe}; first run (profile creation) excluded as warm-up"


def measure_scaled(trees: Sequence[Tree], factors: Sequence[int], runs: int) -> None:
    """Reports ``factors`` times the example, ``runs`` fresh processes each, interleaved between the trees."""
    for factor in factors:
        for _ in range(runs):
            for tree in trees:
                proc = subprocess.run([sys.executable, "-c", _SCALED, str(EXAMPLE), str(factor)], env=tree.env(),
                                      cwd=REPO, capture_output=True, check=False)  # fmt: skip
                if proc.returncode != 0:
                    raise SystemExit(f"{factor}x failed: {proc.stderr.decode(errors='replace')[-2000:]}")
                result = json.loads(proc.stdout)
                for key in ("cold", "in-process"):
                    tree.samples.setdefault(f"{key} {factor}x", []).append(result[key])
                tree.notes[f"pages {factor}x"] = result["pages"]


def growth_exponent(sizes: Sequence[float], seconds: Sequence[float]) -> float:
    """The k of time ~ size^k, least squares on log-log."""
    import math

    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def _fmt(samples: Sequence[float]) -> str:
    ms = [s * 1000 for s in samples]
    return f"{statistics.median(ms):8.1f} ms  ({min(ms):.1f}-{max(ms):.1f}, n={len(ms)})"


def _loadavg() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (OSError, AttributeError):
        return "n/a"


def machine() -> str:
    import reportlab

    from annualreport import cache
    from annualreport.render.pdf import ttfont

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    extension = "on" if ttfont.extension_enabled() else "off (untested ReportLab: stock TTFont)"
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores{', ' + cpu if cpu else ''}; "
        f"Python {platform.python_version()}, ReportLab {reportlab.Version} (ttfont extension {extension}); "
        f"cache folder {cache.cache_dir()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed in-process renders (default 30)")
    parser.add_argument("--warm", type=int, default=3, help="untimed in-process renders first (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="processes the in-process runs are spread over (default 3)")
    parser.add_argument("--cold-runs", type=int, default=9, help="timed cold CLI runs (default 9)")
    parser.add_argument("--soffice-runs", type=int, default=5, help="timed soffice runs after the warm-up (default 5)")
    parser.add_argument("--no-soffice", action="store_true", help="skip LibreOffice")
    parser.add_argument("--phases", type=int, default=0, metavar="N", help="also time N cold processes by phase")
    parser.add_argument("--against", metavar="REV", help="also measure the whole src tree as of git REV, side by side")
    parser.add_argument(
        "--no-bytecode", action="store_true",
        help="cold runs compile every module from source (PYTHONDONTWRITEBYTECODE=1), as in a fresh checkout",
    )  # fmt: skip
    parser.add_argument("--scales", default="10,50", help="also reports this many times the example (default 10,50; '' for none)")
    parser.add_argument("--scale-runs", type=int, default=3, help="fresh processes per scaled report and tree (default 3)")
    parser.add_argument("--cpu", action="store_true",
                        help="measure CPU time (user + system, children included) instead of wall time: "
                             "on a machine others share, wall time measures their load")  # fmt: skip
    parser.add_argument("--json", metavar="FILE", help="also write the raw samples as JSON")
    args = parser.parse_args(argv)
    global CPU
    CPU = args.cpu
    factors = [int(f) for f in args.scales.split(",") if f.strip()]
    if args.runs < 30 or args.cold_runs < 7 or args.soffice_runs < 5:
        print("note: fewer runs than the documented minimum (30 / 7 / 5)", file=sys.stderr)

    load_before = _loadavg()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        work = Path(tmp)
        pycache = None if args.no_bytecode else work / "pycache"
        trees = [Tree("current", REPO / "src", pycache)]
        if args.against:
            trees.insert(0, Tree(f"baseline ({args.against})", _baseline(args.against, work), pycache))
        measure_in_process(trees, args.runs, args.warm, args.rounds)
        measure_cold(trees, args.cold_runs, work / "out")
        if args.phases:
            measure_phases(trees, args.phases)
        if factors:
            measure_scaled(trees, [1, *factors], args.scale_runs)
        soffice, soffice_note = (None, "skipped (--no-soffice)") if args.no_soffice else measure_soffice(
            trees[-1], args.soffice_runs, work
        )

    print(f"machine: {machine()}")
    print(f"load average (1 min) before/after: {load_before} / {_loadavg()} (other work on the machine skews cold runs)")
    print(f"report: {EXAMPLE.relative_to(REPO)}; {'CPU' if CPU else 'wall'} time, medians (min-max, n); "
          f"bytecode {'not cached (compiled in every process)' if args.no_bytecode else 'cached by the warm-up run'}")
    for tree in trees:
        print(f"\n[{tree.label}]  PDF {tree.notes['size']} bytes, sha256 {str(tree.notes['sha256'])[:16]}, "
              f"same bytes every render and process: {tree.notes['stable']}")  # fmt: skip
        print(f"  in-process render_pdf (after {args.warm} warm-up) {_fmt(tree.samples['in-process'])}")
        print(f"  cold `annualreport render --pdf`         {_fmt(tree.samples['cold CLI'])}")
        for phase, seconds in dict(tree.notes.get("phases", {})).items():
            print(f"      {phase:<22} {seconds * 1000:7.1f} ms")
        if "fontTools imported" in tree.notes:
            print(f"      fontTools imported: {tree.notes['fontTools imported']}")
        for factor in [1, *factors] if factors else []:
            pages = tree.notes[f"pages {factor}x"]
            print(f"  {factor}x report ({pages} pages): in-process {_fmt(tree.samples[f'in-process {factor}x'])}")
            print(f"  {'':>{len(str(factor)) + 9 + len(str(pages)) + 8}}cold       {_fmt(tree.samples[f'cold {factor}x'])}")
        if factors:
            sizes = [1, *factors]
            for key in ("in-process", "cold"):
                times = [statistics.median(tree.samples[f"{key} {f}x"]) for f in sizes]
                print(f"  growth exponent, {key} (time ~ size^k over 1x, {', '.join(f'{f}x' for f in factors)}): "
                      f"k = {growth_exponent(sizes, times):.2f}")
    if len(trees) == 2:
        base, cur = trees
        same = base.notes["sha256"] == cur.notes["sha256"]
        print(f"\nbaseline and current PDFs identical: {same}")
        for key in ("in-process", "cold CLI"):
            b, c = statistics.median(base.samples[key]), statistics.median(cur.samples[key])
            print(f"  {key:<11} {b * 1000:7.1f} -> {c * 1000:7.1f} ms  ({(c - b) / b * 100:+.0f} %)")
    print()
    if soffice is None:
        print(f"soffice: {soffice_note}")
    else:
        cur = trees[-1]
        print(f"soffice --convert-to pdf of 2018.docx      {_fmt(soffice)}  [{soffice_note}]")
        s = statistics.median(soffice)
        print(f"ratio soffice / cold CLI:   {s / statistics.median(cur.samples['cold CLI']):.2f}x")
        print(f"ratio soffice / in-process: {s / statistics.median(cur.samples['in-process']):.1f}x")
    if args.json:
        data = {t.label: {"samples": t.samples, "notes": t.notes} for t in trees}
        data["soffice"] = {"samples": soffice, "note": soffice_note}
        data["machine"] = machine()
        Path(args.json).write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
