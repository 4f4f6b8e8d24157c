"""Shared fixtures: repository paths, the seed text, and a clean message language."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_2018 = REPO / "examples" / "2018"
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_d4c0a3dfd0b03354.txt"
PDFGRID = SHARED / "tools" / "pdfgrid.py"

WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text with every kind of whitespace removed (the seed comparison ignores whitespace)."""
    return WHITESPACE.sub("", text)


def missing(reason: str) -> None:
    """Skip a test for want of something on this machine; in CI, which installs all of it (.ci/run), fail."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"the seed report is not beside the repository ({SEED})")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests expect English messages unless they ask for Chinese."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def load_pdfgrid() -> ModuleType:
    """The shared page-grid measuring tool, imported from beside the repository (skips where absent)."""
    if not PDFGRID.is_file():
        pytest.skip(f"pdfgrid.py is not beside the repository ({PDFGRID})")
    spec = importlib.util.spec_from_file_location("pdfgrid", PDFGRID)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def pdfgrid() -> ModuleType:
    return load_pdfgrid()


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
