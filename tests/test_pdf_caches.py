"""The on-disk caches that keep a cold `render --pdf` fast: folder scans, fc-list output, face coverage.

Each must be reused while what it was made from is unchanged, and be made again (only where needed)
when that changes; a run whose caches all hit must not even import fontTools.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from annualreport import cache
from annualreport.render.pdf.fonts import coverage, embed, resolve, system

from .conftest import EXAMPLE_2018, missing
from .fontmaker import make_cff_font, make_font

pytestmark = pytest.mark.usefixtures("isolated_font_cache")


def _resolve(name: str, font_dir: Path, text: str = "") -> resolve.FontChoice:
    return resolve.resolve_fonts({"k": [name]}, {"k": text}, font_dirs=[font_dir])["k"]


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every font file whose name table is read (a scan that misses its cache)."""
    reads: list[Path] = []
    real = system._read_faces

    def counting(path: Path) -> list:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(system, "_read_faces", counting)
    return reads


def _touch_later(path: Path) -> None:
    """Give ``path`` a different mtime even on file systems with coarse timestamps."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


# --------------------------------------------------------------------------- folder scans


def test_folder_scan_is_reused_by_a_later_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_font(tmp_path / "fonts" / "a.ttf", "Annualreport Cache A", "报告")
    make_font(tmp_path / "fonts" / "sub" / "b.ttf", "Annualreport Cache B", "报告")
    reads = _count_reads(monkeypatch)
    assert _resolve("Annualreport Cache B", tmp_path / "fonts").face is not None
    assert sorted(p.name for p in reads) == ["a.ttf", "b.ttf"]
    resolve.clear_caches()  # as a new process would start
    reads.clear()
    choice = _resolve("Annualreport Cache B", tmp_path / "fonts", "报告")
    assert reads == []
    assert choice.face is not None and choice.face.path == tmp_path / "fonts" / "sub" / "b.ttf"


def test_font_added_in_a_subfolder_is_found_and_only_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_font(tmp_path / "fonts" / "a.ttf", "Annualreport Cache A", "报告")
    (tmp_path / "fonts" / "sub").mkdir()
    assert _resolve("Annualreport Cache C", tmp_path / "fonts").candidates[0].face is None  # not found
    make_font(tmp_path / "fonts" / "sub" / "c.ttf", "Annualreport Cache C", "报告")
    resolve.clear_caches()
    reads = _count_reads(monkeypatch)
    choice = _resolve("Annualreport Cache C", tmp_path / "fonts")
    assert choice.face is not None and choice.face.path.name == "c.ttf"
    assert [p.name for p in reads] == ["c.ttf"]


def test_new_subfolder_and_removed_font_are_noticed(tmp_path: Path) -> None:
    a = make_font(tmp_path / "fonts" / "a.ttf", "Annualreport Cache A", "报告")
    assert _resolve("Annualreport Cache A", tmp_path / "fonts").face is not None
    make_font(tmp_path / "fonts" / "new" / "deeper" / "d.ttf", "Annualreport Cache D", "报告")
    a.unlink()
    resolve.clear_caches()
    assert _resolve("Annualreport Cache A", tmp_path / "fonts").candidates[0].face is None  # not found
    assert _resolve("Annualreport Cache D", tmp_path / "fonts").face is not None


def test_font_rewritten_in_place_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_font(tmp_path / "fonts" / "a.ttf", "Annualreport Old Name", "报告")
    assert _resolve("Annualreport Old Name", tmp_path / "fonts").face is not None
    # Same file name, so the folder's mtime need not change: the file's own size/mtime must be checked.
    make_font(path, "Annualreport New Name", "报告")
    _touch_later(path)
    resolve.clear_caches()
    reads = _count_reads(monkeypatch)
    assert _resolve("Annualreport New Name", tmp_path / "fonts").face is not None
    assert [p.name for p in reads] == ["a.ttf"]
    assert _resolve("Annualreport Old Name", tmp_path / "fonts").candidates[0].face is None  # not found


@pytest.mark.parametrize("damage", ["root", "files", "faces"])
def test_damaged_scan_record_is_ignored(tmp_path: Path, damage: str) -> None:
    make_font(tmp_path / "fonts" / "a.ttf", "Annualreport Cache A", "报告")
    assert _resolve("Annualreport Cache A", tmp_path / "fonts").face is not None
    (record,) = (tmp_path / "cache" / "fonts" / "dirs").glob("*.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    if damage == "root":
        data["root"] = 5
    elif damage == "files":
        data["files"] = 5
    else:
        data["files"][0][3] = [[0, 5, None, True]]
    record.write_text(json.dumps(data), encoding="utf-8")
    resolve.clear_caches()
    assert _resolve("Annualreport Cache A", tmp_path / "fonts").face is not None


# --------------------------------------------------------------------------- faces


def test_coverage_ranges_round_trip_and_answer_membership() -> None:
    codes = frozenset([0x20, 0x21, 0x22, 0x41, 0x4E00, 0x4E01, 0x9FA5, 0x20000])
    cov = coverage.Coverage.of(codes)
    assert list(cov.starts) == [0x20, 0x41, 0x4E00, 0x9FA5, 0x20000]
    assert frozenset(cov) == codes and len(cov) == len(codes)
    assert all(c in cov for c in codes)
    assert not any(c in cov for c in (0, 0x1F, 0x23, 0x4E02, 0x9FA4, 0x1FFFF, 0x20001, "A"))
    assert coverage.Coverage.from_text(cov.to_text()) == cov
    with pytest.raises(ValueError):
        coverage.Coverage.from_text(coverage.Coverage.of([5, 1, 9]).to_text()[::-1])


def test_face_record_is_reused_and_a_damaged_one_reparsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_font(tmp_path / "f.ttf", "Annualreport Face", "报告A")
    info = coverage.face_info(path, 0)
    assert sorted(info.cmap) == sorted(map(ord, "报告A"))
    resolve.clear_caches()
    parsed: list[Path] = []
    real = coverage._parse_face
    monkeypatch.setattr(coverage, "_parse_face", lambda p, i: parsed.append(p) or real(p, i))
    assert coverage.face_info(path, 0) == info and parsed == []
    for record in (tmp_path / "cache" / "fonts" / "faces").glob("*.json"):
        data = json.loads(record.read_text(encoding="utf-8"))
        data["cmap"] = "not base64!"
        record.write_text(json.dumps(data), encoding="utf-8")
    resolve.clear_caches()
    assert coverage.face_info(path, 0) == info and parsed == [path]


def test_face_record_of_another_format_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_font(tmp_path / "f.ttf", "Annualreport Face", "报告A")
    coverage.face_info(path, 0)
    (old,) = (tmp_path / "cache" / "fonts" / "faces").glob("*.json")
    old_bytes = old.read_bytes()
    resolve.clear_caches()
    newer = cache.Shelf("fonts/faces", coverage._FACES.version + 1)
    monkeypatch.setattr(coverage, "_FACES", newer)
    parsed: list[Path] = []
    real = coverage._parse_face
    monkeypatch.setattr(coverage, "_parse_face", lambda p, i: parsed.append(p) or real(p, i))
    assert sorted(coverage.face_info(path, 0).cmap) == sorted(map(ord, "报告A"))
    assert parsed == [path]  # parsed again, not read from the record of the older format
    records = sorted(p.name for p in (tmp_path / "cache" / "fonts" / "faces").iterdir())
    assert records == sorted([old.name, old.name.replace(f"-v{newer.version - 1}.", f"-v{newer.version}.")])
    assert old.read_bytes() == old_bytes  # and that record is left to the version that wrote it


def test_every_font_cache_goes_through_the_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Folder scans, fc-list output, face records, converted fonts and ReportLab face states: all under the
    cache folder, each kind in its subfolder, each record naming its format version."""
    # A clean ReportLab registry and registration memo: the faces below are registered afresh.
    monkeypatch.setattr(pdfmetrics, "_fonts", dict(pdfmetrics._fonts))
    monkeypatch.setattr(pdfmetrics, "_dynFaceNames", dict(pdfmetrics._dynFaceNames))
    monkeypatch.setattr(embed, "_registered", {})
    make_font(tmp_path / "fonts" / "song.ttf", "Annualreport Cache Song", "报告A")
    make_cff_font(tmp_path / "fonts" / "fang.otf", "Annualreport Cache Fang", "报告A")
    choices = resolve.resolve_fonts(
        {"song": ["Annualreport Cache Song"], "fang": ["Annualreport Cache Fang"], "hei": ["No Such Font Here"]},
        {"song": "报告", "fang": "报告", "hei": "报告"}, font_dirs=[tmp_path / "fonts"],
    )  # fmt: skip
    for key in ("song", "fang"):
        face = choices[key].face
        assert face is not None
        embed.register(face)  # saves the face state ReportLab parsed
    found = sorted(str(p.relative_to(tmp_path / "cache")) for p in (tmp_path / "cache").rglob("*") if p.is_file())
    kinds = {name.split("/")[1] for name in found if name.startswith("fonts/")}
    assert kinds == {"dirs", "fc-list", "faces", "glyphs", "converted", "reportlab"}, found
    pattern = re.compile(r"fonts/(dirs|fc-list|faces)/[0-9a-f]{20}-v\d+\.json|fonts/reportlab/[0-9a-f]{20}-v\d+\.marshal"
                         r"|fonts/converted/fang-0-[0-9a-f]{16}-[0-9a-f]{16}-v\d+\.ttf"
                         r"|fonts/glyphs/fang-0-[0-9a-f]{16}-([0-9a-f]{4}|meta)-v\d+\.bin|locks/[0-9a-f]{20}\.lock|CACHEDIR\.TAG")
    assert [name for name in found if not pattern.fullmatch(name)] == []


# --------------------------------------------------------------------------- fc-list


def _fc_record(tmp_path: Path) -> Path:
    records = list((tmp_path / "cache" / "fonts" / "fc-list").glob("*.json"))
    assert len(records) == 1
    return records[0]


@pytest.fixture
def fc_list_available() -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("fontconfig's fc-list is not used on Windows and macOS")
    if system._fc_list() is None:
        missing("fc-list (fontconfig) is not installed")
    resolve.clear_caches()


@pytest.mark.usefixtures("fc_list_available")
def test_fc_list_output_is_reused_while_nothing_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = system._fc_list()
    assert first is not None
    record = _fc_record(tmp_path)
    resolve.clear_caches()
    monkeypatch.setattr(system, "_run_fc_list", lambda exe: pytest.fail("fc-list ran although nothing changed"))
    again = system._fc_list()
    assert again is not None and again.by_name == first.by_name
    assert json.loads(record.read_text(encoding="utf-8"))["lines"]


@pytest.mark.usefixtures("fc_list_available")
def test_fc_list_runs_again_when_a_watched_path_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system._fc_list()
    record = _fc_record(tmp_path)
    data = json.loads(record.read_text(encoding="utf-8"))
    # Pretend a font folder fontconfig reads was modified since: its recorded mtime no longer matches.
    folder = next(p for p, m in data["stamps"].items() if m is not None and os.path.isdir(p))
    data["stamps"][folder] -= 1
    record.write_text(json.dumps(data), encoding="utf-8")
    resolve.clear_caches()
    ran: list[str] = []
    real = system._run_fc_list
    monkeypatch.setattr(system, "_run_fc_list", lambda exe: ran.append(exe) or real(exe))
    assert system._fc_list() is not None and len(ran) == 1


@pytest.mark.usefixtures("fc_list_available")
def test_fc_list_runs_again_under_another_fontconfig_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system._fc_list()
    resolve.clear_caches()
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "absent-fonts.conf"))
    ran: list[str] = []
    monkeypatch.setattr(system, "_run_fc_list", lambda exe: ran.append(exe) or ["/x/y.ttf\t0\tX\tRegular\tX\tX"])
    location = system._fc_list()
    assert ran and location is not None and "x" in location.by_name


@pytest.mark.usefixtures("fc_list_available")
def test_fontconfig_names_the_faces_with_a_character() -> None:
    assert system.fontconfig_faces_with("A") is None  # fc-list not read yet in this process: no answer
    resolve.clear_caches()
    assert system._fc_list() is not None
    faces = system.fontconfig_faces_with("A")
    assert faces and all(system.fontconfig_knows(path, index) for path, index in faces)
    assert system.fontconfig_faces_with("\U00017000") == frozenset()  # a Tangut ideograph: no font here has it
    assert not system.fontconfig_knows("/no/such/font.ttf", 0)


def test_stamps_of_missing_and_present_paths(tmp_path: Path) -> None:
    present = tmp_path / "here"
    present.mkdir()
    stamps = system._stamps({str(present): None, str(tmp_path / "absent"): None})
    assert stamps == {str(present): present.stat().st_mtime_ns, str(tmp_path / "absent"): None}
    lines = [f"{tmp_path}/a/b/c.ttf\t0\tF\tRegular\tF\tF"]
    watched = system._fc_stamps("/usr/bin/fc-list", lines)
    assert {f"{tmp_path}/a/b", f"{tmp_path}/a", str(tmp_path), "/"} <= set(watched)


# --------------------------------------------------------------------------- the whole run


def test_cold_render_with_warm_caches_does_not_import_fonttools(session_cache: Path) -> None:
    """The second process of a pair finds every font fact on disk: fontTools is not even imported."""
    code = (
        "import sys, annualreport\n"
        "from annualreport.render.pdf import render_pdf\n"
        f"render_pdf(annualreport.build({str(EXAMPLE_2018)!r}))\n"
        "print('fontTools' in sys.modules, 'urllib.request' in sys.modules)\n"
    )
    # The session's cache folder, as test_pdf uses: a fresh one would convert the CFF fonts (a minute) first.
    env = {**os.environ, cache.CACHE_DIR_ENV: str(session_cache)}
    run = lambda: subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: E731
    run()
    assert run().stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------- converted fonts and the PDF's bytes


@pytest.mark.usefixtures("no_system_fonts")
def test_pdf_bytes_do_not_depend_on_what_the_cache_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Render A on an empty cache; on another, render B and then A: both As are the same bytes (the body face is
    CFF, so each report gets a font of its own glyphs, assembled from pages B filled first). And B is drawn in
    B's font: ReportLab would hand A's font (the same PostScript name) to B if it were let."""
    import pdfplumber

    import annualreport as ar

    from .test_font_fallback import COMMON, fonts, report

    folder = fonts(tmp_path / "fonts")
    (folder / "fang.ttf").unlink()
    make_cff_font(folder / "fang.otf", "Annualreport Test FangSong", COMMON)
    text_a, text_b = "王同志年度工作。", "李张刘杰报告。"
    registered = dict(embed._registered)

    def render(cache_dir: str, text: str) -> bytes:
        monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / cache_dir))
        resolve.clear_caches()  # as a new process finds nothing resolved
        monkeypatch.setattr(embed, "_registered", dict(registered))
        data = ar.render_pdf(report(text), font_dirs=[folder])
        assert data is not None
        return data

    a_empty = render("empty", text_a)
    b = render("filled", text_b)
    a_warm = render("filled", text_a)
    assert a_warm == a_empty
    assert len(list((tmp_path / "filled" / "fonts" / "converted").glob("fang-*.ttf"))) == 2  # one per report
    with pdfplumber.open(io.BytesIO(b)) as pdf:
        body = [c for c in pdf.pages[0].chars if "FangSong" in c["fontname"]]
    assert "".join(c["text"] for c in body) == text_b
