"""The cache folder: where it is, versioned records, atomic writes, clearing it, `annualreport cache`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from annualreport import cache, output
from annualreport.cli import main
from annualreport.errors import AnnualReportError


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(folder))
    return folder


# --------------------------------------------------------------------------- where


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(cache.CACHE_DIR_ENV)
    assert cache.cache_dir() == tmp_path / "xdg" / "annualreport"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/xdg")  # invalid by the XDG specification: ignored
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "annualreport"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "annualreport"


def test_cache_dir_on_windows_is_under_local_app_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv(cache.CACHE_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # not a Windows convention: ignored there
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert cache.cache_dir() == tmp_path / "Local" / "annualreport"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


# --------------------------------------------------------------------------- records


def test_a_record_names_its_format_version(root: Path) -> None:
    v1, v2 = cache.Shelf("fonts/faces", 1), cache.Shelf("fonts/faces", 2)
    path = v1.record("/usr/share/fonts/x.ttf")
    assert path.parent == root / "fonts" / "faces" and path.name.endswith("-v1.json")
    assert v2.record("/usr/share/fonts/x.ttf") == path.with_name(path.name.replace("-v1.json", "-v2.json"))
    assert v1.record("/usr/share/fonts/y.ttf") != path
    assert cache.Shelf("fonts/converted", 3, ".ttf").named("Fang-0-base") == root / "fonts/converted/Fang-0-base-v3.ttf"


def test_a_record_of_another_version_is_never_read(root: Path) -> None:
    v1, v2 = cache.Shelf("fonts/faces", 1), cache.Shelf("fonts/faces", 2)
    assert v1.write_json(v1.record("k"), {"cmap": "old format"})
    assert v1.read_json(v1.record("k")) == {"cmap": "old format", "version": 1}
    assert v2.read_json(v2.record("k")) is None  # another file name
    # Even a record copied under the new name (or one from a buggy writer) says its version inside.
    v2.record("k").write_bytes(v1.record("k").read_bytes())
    assert v2.read_json(v2.record("k")) is None


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b'{"version": "1"}', b"\xff\xfe"])
def test_a_damaged_record_reads_as_absent(root: Path, content: bytes) -> None:
    shelf = cache.Shelf("fonts/dirs", 1)
    path = shelf.record("k")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert shelf.read_json(path) is None


def test_shelves_live_in_the_folders_clear_removes() -> None:
    with pytest.raises(ValueError, match="'elsewhere/x'"):
        cache.Shelf("elsewhere/x", 1)


def test_writing_marks_the_folder_as_a_cache(root: Path) -> None:
    assert cache.write_bytes(cache.Shelf("fonts/reportlab", 3, ".marshal").record("k"), b"state")
    assert (root / "CACHEDIR.TAG").read_text(encoding="ascii").startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_an_unwritable_cache_only_reports_false(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: object, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache, "write_atomic", refuse)
    shelf = cache.Shelf("fonts/faces", 2)
    assert shelf.write_json(shelf.record("k"), {"a": 1}) is False
    assert shelf.read_json(shelf.record("k")) is None


def test_checked_records_refuse_torn_or_damaged_bytes(root: Path) -> None:
    path = cache.Shelf("fonts/glyphs", 1, ".bin").named("Fang-0-0000")
    assert cache.write_checked(path, b"payload") and cache.read_checked(path) == b"payload"
    data = path.read_bytes()
    for damaged in (data[:-1], data[:3], data[:4] + b"PAYLOAD", b""):
        path.write_bytes(damaged)
        assert cache.read_checked(path) is None
    assert cache.read_checked(path.with_name("absent")) is None


_HOLD = r"""
import sys, time
from annualreport import cache
with cache.lock("conversion"):
    print("held", flush=True)
    time.sleep(float(sys.argv[1]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="msvcrt locks are per process and byte: tested on POSIX")
def test_a_lock_held_elsewhere_is_waited_for_inside_waiting(root: Path) -> None:
    import contextlib
    import subprocess
    import time

    events: list[str] = []

    @contextlib.contextmanager
    def waiting():  # type: ignore[no-untyped-def]
        events.append("waiting")
        yield
        events.append("got it")

    with cache.lock("conversion", waiting):
        events.append("held")
    assert events == ["held"]  # free: taken at once, nothing said

    holder = subprocess.Popen([sys.executable, "-c", _HOLD, "1.0"], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, cache.CACHE_DIR_ENV: str(root)})  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    events.clear()
    start = time.monotonic()
    with cache.lock("conversion", waiting):
        events.append("held")
    assert holder.wait(timeout=30) == 0
    holder.stdout.close()
    assert events == ["waiting", "got it", "held"] and time.monotonic() - start > 0.5


def test_write_atomic_keeps_the_old_file_when_the_rename_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "record.json"
    output.write_atomic(target, b"old")
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)  # readable by other users of a shared cache

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        output.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["record.json"]  # no temporary file left


def test_one_atomic_writer_in_the_package() -> None:
    """Temp-file-and-rename is written once, in output.write_atomic; everything else calls it."""
    package = Path(cache.__file__).parent
    users = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if any(word in path.read_text(encoding="utf-8") for word in ("os.replace(", "mkstemp(", '.tmp"'))
    )
    assert users == ["output.py"]


# --------------------------------------------------------------------------- info and clear


def _fill(root: Path) -> None:
    cache.Shelf("fonts/faces", 2).write_json(cache.Shelf("fonts/faces", 2).record("a"), {"x": 1})
    cache.write_bytes(cache.Shelf("fonts/converted", 1, ".ttf").named("Fang-0-base"), b"\0" * 5000)
    with cache.lock("conversion"):
        pass


def test_info_counts_files_and_bytes_per_folder(root: Path) -> None:
    assert cache.info().files == 0 and cache.info().path == root  # no folder yet
    _fill(root)
    found = cache.info()
    assert found.folders["fonts/converted"] == (1, 5000)
    assert found.folders["fonts/faces"][0] == 1 and found.folders["locks"] == (1, 0)
    assert found.files == 3 and found.size == 5000 + found.folders["fonts/faces"][1]
    assert str(root) in str(found) and "4.9 KB" in str(found)


def test_clear_removes_what_annualreport_keeps_and_nothing_else(root: Path) -> None:
    _fill(root)
    (root / "notes.txt").write_text("a user's file", encoding="utf-8")
    removed = cache.clear()
    assert removed.files == 3
    assert sorted(p.name for p in root.iterdir()) == ["CACHEDIR.TAG", "notes.txt"]
    assert cache.info().files == 0
    assert cache.clear().files == 0  # clearing an empty cache is fine


def test_clear_refuses_a_folder_that_is_not_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / "fonts").mkdir(parents=True)
    (home / "fonts" / "my-font.ttf").write_bytes(b"precious")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(home))  # set to the wrong folder by mistake
    with pytest.raises(AnnualReportError, match="CACHEDIR.TAG"):
        cache.clear()
    assert (home / "fonts" / "my-font.ttf").read_bytes() == b"precious"


def test_cli_cache_info_and_clear(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(root)
    assert main(["cache"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"cache folder: {root}\n3 files, ")
    assert main(["cache", "info"]) == 0 and capsys.readouterr().out == out
    assert main(["cache", "clear"]) == 0
    assert capsys.readouterr().out == f"cleared {root}: removed 3 files (4.9 KB)\n"
    assert not (root / "fonts").exists() and not (root / "locks").exists()


def test_cli_cache_clear_refusal_is_one_line_and_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    (tmp_path / "fonts").mkdir()
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path))
    assert main(["cache", "clear"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not clearing" in err and (tmp_path / "fonts").is_dir()
