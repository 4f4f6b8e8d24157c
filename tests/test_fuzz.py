"""Issue 15 point 7: a property test over generated reports (tests/fuzzing.py).

Property: for every generated report, ``load`` (what ``validate`` runs) either refuses it with an
InputError whose every problem is located (its file, and a line or a field), or accepts it, and then
``build``, ``render_docx`` and ``render_pdf`` all succeed — no other exception, no warning but a
FontWarning (random characters no installed font draws), a whole zip and a whole PDF. Each report runs in
a worker process under a memory bound (RLIMIT_AS, fuzzing.MEMORY) and a time bound (fuzzing.TIMEOUT).

In the test suite: a fixed seed (derandomize) and ANNUALREPORT_FUZZ_EXAMPLES reports (default 100; under a
minute here once the fonts are cached), the first failure shrunk by hypothesis to a small report. ``make
fuzz`` runs the same property much longer (the ``fuzz`` profile: 5,000 reports, a seed of its choosing):
every crash is saved under build/fuzz/ and counted instead of stopping the run, and a summary line says
how many reports ran and how many crashed (docs/fuzzing.md).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
pytest.importorskip("resource")  # POSIX: the worker's memory bound

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from . import fuzzing  # noqa: E402
from .conftest import REPO  # noqa: E402

FUZZ_MODE = os.environ.get("ANNUALREPORT_FUZZ") == "1"
"""``make fuzz``: count and save crashes instead of stopping at the first."""

EXAMPLES = int(os.environ.get("ANNUALREPORT_FUZZ_EXAMPLES", "5000" if FUZZ_MODE else "100"))
CLI_EXAMPLES = int(os.environ.get("ANNUALREPORT_FUZZ_CLI_EXAMPLES", "8"))
SEED = os.environ.get("ANNUALREPORT_FUZZ_SEED") or None
CRASH_DIR = Path(os.environ.get("ANNUALREPORT_FUZZ_DIR", str(REPO / "build" / "fuzz")))

KNOWN: dict[str, str] = {}
"""Crashes already reported and being fixed elsewhere: in the suite they make the test xfail (visibly, with
their count) instead of failing it, so that any other crash still fails it; ``make fuzz`` and
ANNUALREPORT_FUZZ_STRICT=1 count them as crashes. Remove an entry when its fix lands."""
STRICT = FUZZ_MODE or os.environ.get("ANNUALREPORT_FUZZ_STRICT") == "1"

settings.register_profile(
    "ci",
    derandomize=True,  # the same reports on every run: a failure is a bug, never a flake
    database=None,  # nothing remembered between runs (derandomize would not read it anyway)
    deadline=None,  # time is bounded per report by the worker (fuzzing.TIMEOUT), not by hypothesis
    max_examples=EXAMPLES,
    # Generating a report draws a few thousand choices (a section tree with tables is big by design);
    # too_slow would flag that generation, not the code under test, which the worker times.
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    parent=settings.get_profile("ci"),
    derandomize=SEED is None,
    max_examples=EXAMPLES,
)


@pytest.fixture(scope="module")
def worker(session_cache: Path) -> Iterator[fuzzing.Worker]:
    found = fuzzing.Worker()
    yield found
    found.close()


class Tally:
    """What a run saw: reports, outcomes, crashes (in fuzz mode, saved rather than raised)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.outcomes: Counter[str] = Counter()
        self.known: Counter[str] = Counter()
        self.crashes: list[str] = []
        self.font_warnings = 0
        self.slowest = 0.0
        self.started = time.perf_counter()

    def crash(self, case: fuzzing.Case, why: str) -> None:
        """A crash: raised at once (and shrunk by hypothesis) in the suite; saved and counted under make fuzz."""
        known = next((name for name in KNOWN if name in why), None)
        if known is not None and not STRICT:
            self.known[known] += 1
            self.outcomes["known"] += 1
            return
        self.outcomes["crash"] += 1
        if not FUZZ_MODE:
            pytest.fail(f"{why}\n--- report ({case.name}) ---\n{case.source()[:3000]!r}\nfiles: {list(case.extra_files)}")
        number = len(self.crashes)
        folder = CRASH_DIR / f"{self.name}-{SEED or 'derandomized'}-{number:03d}"
        shutil.rmtree(folder, ignore_errors=True)
        case.write(folder)
        (folder / "CRASH.txt").write_text(why, encoding="utf-8")
        self.crashes.append(str(folder))

    def count(self) -> None:
        """After each report: a progress line every 100 reports under make fuzz (build/fuzz/progress-SEED)."""
        ran = sum(self.outcomes.values())
        if FUZZ_MODE and ran % 100 == 0:
            CRASH_DIR.mkdir(parents=True, exist_ok=True)
            with (CRASH_DIR / f"progress-{SEED or 'derandomized'}.txt").open("a", encoding="utf-8") as out:
                out.write(self.summary(final=False) + "\n")

    def summary(self, final: bool = True) -> str:
        seconds = time.perf_counter() - self.started
        ran = sum(self.outcomes.values())
        line = (
            f"fuzz {self.name}: {ran} reports in {seconds:.0f} s, {self.outcomes['crash']} crashed "
            f"({self.outcomes['ok']} rendered, {self.outcomes['input_error']} refused with located problems; "
            f"{self.font_warnings} font warnings; slowest {self.slowest:.2f} s; seed {SEED or 'derandomized'})"
        )
        if self.known:
            line += f"; known, not failed: {dict(self.known)}"
        if FUZZ_MODE and final:
            CRASH_DIR.mkdir(parents=True, exist_ok=True)
            record = {"name": self.name, "seed": SEED, "reports": ran, "seconds": seconds, **self.outcomes,
                      "crash_folders": self.crashes}  # fmt: skip
            with (CRASH_DIR / "summary.jsonl").open("a", encoding="utf-8") as out:
                out.write(json.dumps(record) + "\n")
        return line


def located(problem: dict[str, Any], folder: Path) -> str | None:
    """Why a problem is not a clean located one, or None when it is."""
    if not problem["message"] or not str(problem["message"]).strip():
        return "an empty message"
    if "internal error" in problem["message"].lower() or "Traceback" in problem["message"]:
        return "an internal error"
    if not problem["file"] or not str(Path(problem["file"]).resolve()).startswith(str(folder.resolve())):
        return f"no file of the report's (file {problem['file']!r})"
    if problem["line"] is None and not problem["field"]:
        # Whole-file problems carry neither: the file is empty, undecodable, or not a mapping.
        whole_file = ("empty", "encoding", "utf-8", "gb18030", "mapping", "object", "document", "decode")
        if not any(word in problem["message"].lower() for word in whole_file):
            return "neither a line nor a field"
    return None


def check_library(worker: fuzzing.Worker, case: fuzzing.Case, tally: Tally) -> None:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        case.write(folder)
        try:
            answer = worker.run({"kind": "library", "dir": str(folder), "name": case.name})
        except fuzzing.WorkerCrash as crash:
            tally.crash(case, f"worker: {crash}")
            return
        tally.slowest = max(tally.slowest, answer["wall"])
        tally.font_warnings += answer["font_warnings"]
        if answer["outcome"] == "crash":
            tally.crash(case, f"{answer['stage']} raised:\n{answer['crash']}")
        elif answer["warnings"]:
            tally.crash(case, f"unexpected warnings: {answer['warnings']}")
        elif answer["outcome"] == "input_error":
            bad = [(p, why) for p in answer["problems"] if (why := located(p, folder))]
            if not answer["problems"] or bad:
                tally.crash(case, f"InputError with a problem that is not located: {bad or 'no problems'}")
            else:
                tally.outcomes["input_error"] += 1
        else:
            tally.outcomes["ok"] += 1
    finally:
        tally.count()
        shutil.rmtree(folder, ignore_errors=True)


def test_generated_reports_load_and_render(worker: fuzzing.Worker) -> None:
    """Every generated report is refused with located problems, or renders to .docx and .pdf."""
    tally = Tally("library")

    @settings(settings.get_profile("fuzz" if FUZZ_MODE else "ci"))
    @given(fuzzing.cases())
    def run(case: fuzzing.Case) -> None:
        check_library(worker, case, tally)

    run = hypothesis.seed(int(SEED))(run) if SEED is not None else run
    try:
        run()
    finally:
        print("\n" + tally.summary())
    assert not tally.crashes, f"{len(tally.crashes)} crashes, saved in {CRASH_DIR}"
    assert tally.outcomes["ok"] >= EXAMPLES // 10, f"too few generated reports were valid: {tally.outcomes}"
    if tally.known:
        pytest.xfail("; ".join(f"{n} reports hit {name}: {KNOWN[name]}" for name, n in tally.known.items()))


def test_generated_reports_through_the_command_line(worker: fuzzing.Worker) -> None:
    """A few generated reports through ``annualreport validate`` and ``render``: validate exits 0 or 1 (never
    3, an internal error), render exits as validate did, and writes both files on 0 and none on 1."""
    tally = Tally("cli")

    @settings(settings.get_profile("ci"), max_examples=CLI_EXAMPLES)
    @given(fuzzing.cases(), st.booleans())
    def run(case: fuzzing.Case, json_output: bool) -> None:
        folder = Path(tempfile.mkdtemp(prefix="fuzz-cli-"))
        try:
            case.write(folder / "in")
            flags = ["--json"] if json_output else []
            try:
                validate = worker.run({"kind": "cli", "cwd": str(folder), "argv": ["validate", "in", *flags]})
                render = worker.run({"kind": "cli", "cwd": str(folder),
                                     "argv": ["render", "in", "--docx", "--pdf", "-o", "out", *flags]})  # fmt: skip
            except fuzzing.WorkerCrash as crash:
                tally.crash(case, f"worker: {crash}")
                return
            written = sorted(p.name for p in (folder / "out").iterdir()) if (folder / "out").exists() else []
            shown = f"validate: {validate}\nrender: {render}\nwritten: {written}"
            if validate["status"] not in (0, 1) or render["status"] != validate["status"]:
                tally.crash(case, f"exit statuses disagree or are not 0/1\n{shown}")
            elif written != (["in.docx", "in.pdf"] if validate["status"] == 0 else []):
                tally.crash(case, f"wrong files written\n{shown}")
            elif "Traceback" in validate["stderr"] + render["stderr"]:
                tally.crash(case, f"a traceback\n{shown}")
            elif json_output and validate["status"] == 1 and not json.loads(validate["stdout"]):
                tally.crash(case, f"--json printed no problems\n{shown}")
            else:
                tally.outcomes["ok" if validate["status"] == 0 else "input_error"] += 1
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    try:
        run()
    finally:
        print("\n" + tally.summary())
    assert not tally.crashes
