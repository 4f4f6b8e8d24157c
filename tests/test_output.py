"""output.py: a file is replaced whole, a set of files all together or not at all, and what a killed
writer leaves behind is removed by the next write once it is old."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from annualreport import output


def test_write_all_places_every_file(tmp_path: Path):
    output.write_all([(tmp_path / "a" / "1.docx", b"one"), (tmp_path / "a" / "1.pdf", b"two")])
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["1.docx", "1.pdf"]
    assert (tmp_path / "a" / "1.pdf").read_bytes() == b"two"
    assert oct((tmp_path / "a" / "1.pdf").stat().st_mode & 0o777) == "0o644"


def test_a_folder_in_the_way_writes_nothing(tmp_path: Path):
    (tmp_path / "1.pdf").mkdir()
    (tmp_path / "1.docx").write_bytes(b"old")
    with pytest.raises(output.WriteFailed) as caught:
        output.write_all([(tmp_path / "1.docx", b"new"), (tmp_path / "1.pdf", b"new")])
    assert caught.value.path == tmp_path / "1.pdf" and isinstance(caught.value, OSError)
    assert (tmp_path / "1.docx").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.docx", "1.pdf"]


def test_a_rename_that_fails_puts_back_what_was_placed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "1.docx").write_bytes(b"old docx")
    real = os.replace

    def replace(source: str, target: str) -> None:
        if str(target).endswith("1.xml"):
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    files = [(tmp_path / "1.docx", b"new docx"), (tmp_path / "1.txt", b"new txt"), (tmp_path / "1.xml", b"new xml")]
    with pytest.raises(output.WriteFailed, match="No space left on device"):
        output.write_all(files)
    assert (tmp_path / "1.docx").read_bytes() == b"old docx"  # restored
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.docx"]  # 1.txt had no previous file: removed


def test_write_atomic_replaces_and_names_the_path_on_failure(tmp_path: Path):
    output.write_atomic(tmp_path / "f", b"1")
    output.write_atomic(tmp_path / "f", b"2")
    assert (tmp_path / "f").read_bytes() == b"2" and [p.name for p in tmp_path.iterdir()] == ["f"]
    blocker = tmp_path / "f"
    with pytest.raises(output.WriteFailed) as caught:
        output.write_atomic(blocker / "g", b"3")
    assert caught.value.path == blocker / "g"


def test_remove_stale_takes_only_old_files_of_ours(tmp_path: Path):
    target = tmp_path / "2018.pdf"
    names = {
        ".2018.pdf.abcd1234.tmp": True,  # ours, old
        ".2018.pdf.ab_d1234.old.tmp": False,  # ours, a backup: judged by its link time, which is now
        ".2018.pdf.abcd5678.tmp": False,  # ours, new
        ".2018.pdf.abc.tmp": False,  # not mkstemp's
        ".2018.docx.abcd1234.tmp": False,  # another target's
        "2018.pdf.abcd1234.tmp": False,  # not hidden: not ours
    }
    for name in names:
        (tmp_path / name).write_bytes(b"")
    old = time.time() - output.STALE_SECONDS - 60
    for name in (".2018.pdf.abcd1234.tmp", ".2018.pdf.ab_d1234.old.tmp", ".2018.pdf.abc.tmp", "2018.pdf.abcd1234.tmp"):
        os.utime(tmp_path / name, (old, old))
    removed = output.remove_stale(target)
    assert [p.name for p in removed] == [name for name, gone in names.items() if gone]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(name for name, gone in names.items() if not gone)
