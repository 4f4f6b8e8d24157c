"""Shared fixtures: repository paths, the seed text, pdfgrid, the session's cache folder, LibreOffice, a clean
message language. Everything a test reads is in the repository: a clone on its own runs the whole suite."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_2018 = REPO / "examples" / "2018"
SEED = REPO / "tests" / "data" / "000_d4c0a3dfd0b03354.txt"
"""The report examples/2018 reproduces, as plain text (a copy of shared/seed/000_d4c0a3dfd0b03354.txt)."""
TEST_CACHE_ENV = "ANNUALREPORT_TEST_CACHE_DIR"
"""Environment variable: a cache folder for the tests to keep between sessions (default: a new one per session)."""

WHITESPACE = re.compile(r"\s+")


def unchecked_report(data: dict) -> "Report":
    """A report with the model's field checks but without the limits and table rules the loader adds
    (``limits.check_report``): what a caller who lifts the limits, or builds a report in code, may hand
    the build step. The layout has to survive it; the refusals themselves are tested in test_limits.py."""
    from annualreport.model import Report

    return Report.model_validate(data, context={"loader": True})


def squash(text: str) -> str:
    """Text with every kind of whitespace removed (the seed comparison ignores whitespace)."""
    return WHITESPACE.sub("", text)


def missing(reason: str) -> None:
    """Skip a test for want of something on this machine; in CI, which installs all of it (.ci/run), fail."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The cache folder of the whole session, never the user's (~/.cache/annualreport).

    A new temporary folder per session, as CI starts: the first PDF render with the default style converts
    FandolFang and Noto Serif CJK SC Bold to TrueType (a minute or so), once, and every later render and
    subprocess reuses them. $ANNUALREPORT_TEST_CACHE_DIR names a folder to keep between sessions instead.
    """
    from annualreport import cache

    kept = os.environ.get(TEST_CACHE_ENV)
    folder = Path(kept) if kept else tmp_path_factory.mktemp("annualreport-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv(cache.CACHE_DIR_ENV, str(folder))  # subprocesses inherit it
    yield folder
    patch.undo()


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests expect English messages unless they ask for Chinese."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session")
def pdfgrid() -> ModuleType:
    """The page-grid measuring tool (tests/tools/pdfgrid.py, a copy of shared/tools/pdfgrid.py)."""
    from .tools import pdfgrid

    return pdfgrid


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's command, found before any test starts converting (skips without it; fails in CI)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        missing("LibreOffice (soffice) is not installed")
    assert found is not None
    return found


def libreoffice_pdf_with_blank_pages(soffice: str, source: Path, outdir: Path) -> Path:
    """``source`` (.docx) converted to PDF by LibreOffice with a private profile, keeping the blank pages it inserts
    for an even-page section start (``IsSkipEmptyPages`` false: its PDF export leaves them out unless told, and a
    printer gets them). The PDF's path; fails with LibreOffice's output when there is none."""
    import subprocess

    export = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
    command = [soffice, f"-env:UserInstallation={(outdir / 'profile').as_uri()}", "--headless", "--convert-to",
               export, "--outdir", str(outdir), str(source)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    pdf = outdir / (source.stem + ".pdf")
    assert pdf.is_file(), result.stdout + result.stderr
    return pdf


@pytest.fixture(scope="session")
def chinese_fonts(session_cache: Path) -> None:
    """Some font is installed for every font key of the default style (needs_fonts in test_pdf.py).

    Looked up when a test first needs it, in the session's cache folder; not at collection, which comes first.
    """
    import annualreport as ar
    from annualreport.render.pdf.fonts import resolve, system

    choices = resolve.resolve_fonts(ar.load_style().fonts, {}, convert_cff=False)  # a CFF face found will do
    if not all(any(c.face is not None for c in choice.candidates) for choice in choices.values()):
        missing(f"Chinese TrueType/CFF fonts are not installed ({system.install_hint()})")


@pytest.fixture
def isolated_font_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Converted fonts and cache records go to a temporary folder; nothing an earlier test found is remembered."""
    from annualreport import cache
    from annualreport.render.pdf.fonts import resolve, system

    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(system.FONT_DIR_ENV, raising=False)
    resolve.clear_caches()
    yield
    resolve.clear_caches()


@pytest.fixture
def no_system_fonts(isolated_font_cache: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's fonts are out of sight (no fc-list, no system folder): only font_dirs are searched, as on a
    machine with no Chinese font at all, and tests built on fonts made by tests/fontmaker.py run alike anywhere."""
    from annualreport.render.pdf.fonts import system

    monkeypatch.setattr(system, "_system_locations", lambda: iter(()))

