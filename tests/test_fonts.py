"""Tests of font resolution: name matching, coverage checks, search order and CFF conversion."""

from __future__ import annotations

import os
import time
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from annualreport import cache
from annualreport.render.pdf.fonts import convert, coverage, resolve, system
from annualreport.render.pdf.fonts.resolve import FontChoice, resolve_fonts
from annualreport.style import load_style

from .conftest import REPO, missing
from .fontmaker import make_cff_font, make_collection, make_font

# U+17000 is a Tangut ideograph: no Chinese font has it, so it is never covered.
TANGUT = "\U00017000"


pytestmark = pytest.mark.usefixtures("isolated_font_cache")


def _resolve_one(names: Sequence[str], text: str = "", **kwargs: object) -> FontChoice:
    return resolve_fonts({"k": list(names)}, {"k": text}, **kwargs)["k"]  # type: ignore[arg-type]


def system_font(name: str) -> resolve.FontFace:
    """The installed face for ``name``; skips saying what is missing (fails in CI, which installs them: .ci/run)."""
    if os.name == "posix" and shutil.which("fc-list") is None and not Path("/usr/share/fonts").is_dir():
        missing("no fc-list and no /usr/share/fonts: system fonts cannot be looked up")
    face = _resolve_one([name], convert_cff=False).candidates[0].face
    if face is None:
        missing(f"font {name!r} is not installed (Debian: {system.install_hint()})")
    assert face is not None
    return face


def _has_char(face: resolve.FontFace, ch: str) -> bool:
    with TTFont(face.source_path, fontNumber=face.source_index, lazy=True) as font:
        return ord(ch) in (font.getBestCmap() or {})


# --------------------------------------------------------------------------- basics


def test_required_characters_ignore_whitespace_and_controls() -> None:
    assert coverage.required_characters("各位 代表\n\t各位\x00\u3000a") == "各位代表a"


def test_the_hinted_debian_packages_serve_every_font_key_and_ci_installs_them() -> None:
    """What install_hint() tells users to install gives every font key of the default style a font (each key
    has a candidate whose file one of those packages ships), and .ci/run installs those packages."""
    packages = system.DEBIAN_FONT_PACKAGES
    assert system.install_hint().endswith("sudo apt-get install " + " ".join(packages))
    ci_packages = re.findall(r"^\s+([a-z0-9][a-z0-9.+-]+)\s", (REPO / ".ci" / "run").read_text(encoding="utf-8"), re.M)
    assert set(packages) <= set(ci_packages)
    if shutil.which("dpkg-query") is None:
        missing("dpkg-query (Debian) is needed to see which package ships which font file")
    shipped: dict[str, str] = {}
    for package in packages:
        listing = subprocess.run(["dpkg-query", "-L", package], capture_output=True, text=True, check=True).stdout
        shipped.update((os.path.realpath(line), package) for line in listing.splitlines() if line.startswith("/"))
    for key, names in load_style().fonts.items():
        entries = [system.find_by_name(name, ()) for name in names]
        served = [shipped.get(os.path.realpath(e.path)) for e in entries if e is not None]
        assert any(served), f"no package of the hint ships a candidate for {key}: {names}"


@pytest.mark.usefixtures("no_system_fonts")
def test_nothing_installed_falls_back_with_everything_missing() -> None:
    choice = _resolve_one(["No Such Font 1", "file:/no/such/file.ttf"], "报告")
    assert choice.face is None and not choice.substitute
    assert [c.reason for c in choice.candidates] == ["not installed", "file not found"]
    assert choice.missing == "报告"
    assert "STSong-Light" in resolve.describe({"k": choice})


def test_no_candidate_installed_takes_the_installed_face_most_like_them() -> None:
    """The built-in STSong-Light only when the machine has no Chinese font: a key none of whose candidates is
    installed is set in the nearest installed face (here a 楷体 key, served by any 楷体 the machine has)."""
    gkai = system_font("AR PL KaitiM GB")
    choice = _resolve_one(["楷体_not_installed", "KaiTi_not_installed"], "各位代表")
    assert choice.substitute and choice.likeness == "kai"
    assert choice.face is not None and choice.missing == ""
    assert choice.face == gkai  # the mainland 楷体 (GB) before FandolKai (says no region) and KaitiM Big5
    assert "no candidate is installed" in resolve.describe({"k": choice})


# --------------------------------------------------------------------------- system fonts


def test_first_installed_candidate_is_chosen() -> None:
    wqy = system_font("WenQuanYi Micro Hei")
    system_font("AR PL SungtiL GB")
    choice = _resolve_one(
        ["黑体_not_installed", "WenQuanYi Micro Hei", "AR PL SungtiL GB"], "各位代表：现在，我代表市人民政府"
    )
    assert choice.face == wqy
    assert choice.face.path.name == "wqy-microhei.ttc" and choice.face.index == 0
    assert choice.face.outlines == "truetype" and not choice.face.converted
    assert choice.missing == ""
    first, second = choice.candidates  # the candidate after the chosen one is not examined
    assert (first.face, first.reason, first.chosen) == (None, "not installed", False)
    assert (second.reason, second.chosen) == ("chosen", True)


def test_names_match_in_any_language_case_and_spacing() -> None:
    wqy = system_font("WenQuanYi Micro Hei")
    for name in ("文泉驿微米黑", "wenquanyimicrohei", "WenQuanYiMicroHei", "  WENQUANYI micro  hei "):
        assert _resolve_one([name]).face == wqy, name
    gkai = system_font("AR PL KaitiM GB")
    assert _resolve_one(["GBZenKai-Medium"]).face == gkai  # PostScript name
    assert _resolve_one(["文鼎ＰＬ简中楷"]).face == gkai


def test_family_name_prefers_the_regular_face_and_full_name_picks_one() -> None:
    regular = system_font("Noto Serif CJK SC")
    assert regular.source_path.name == "NotoSerifCJK-Regular.ttc"
    assert regular.index == 2 and regular.family == "Noto Serif CJK SC"
    bold = system_font("Noto Serif CJK SC Bold")
    assert bold.source_path.name == "NotoSerifCJK-Bold.ttc" and bold.style == "Bold"


def test_font_lacking_characters_is_passed_over(tmp_path: Path) -> None:
    gkai = system_font("AR PL KaitiM GB")
    # 镕 (朱镕基) is outside GB2312, which is all gkai00mp covers; the next candidate (a font made here,
    # standing in for a fuller Kai such as AR PL UKai) has it.
    assert not _has_char(gkai, "镕")
    kai = make_font(tmp_path / "fonts" / "kai.ttf", "Annualreport Test Kai", "朱镕基同志")
    choice = _resolve_one(["AR PL KaitiM GB", "Annualreport Test Kai"], "朱镕基同志", font_dirs=[tmp_path / "fonts"])
    skipped, chosen = choice.candidates
    assert skipped.face == gkai and skipped.reason == "lacks 1 character: 镕"
    assert chosen.chosen and choice.face is not None and choice.face.path == kai
    assert choice.missing == ""


def test_missing_reported_when_no_candidate_covers() -> None:
    system_font("AR PL KaitiM GB")
    wqy = system_font("WenQuanYi Micro Hei")
    choice = _resolve_one(["AR PL KaitiM GB", "WenQuanYi Micro Hei"], f"朱镕基{TANGUT}")
    # gkai lacks 2 characters, WenQuanYi only the Tangut one: the one covering most is chosen.
    assert choice.face == wqy
    assert choice.missing == TANGUT
    gkai_c, wqy_c = choice.candidates
    assert gkai_c.reason.startswith("lacks 2 characters:") and not gkai_c.chosen
    assert wqy_c.chosen and "lacks 1 character" in wqy_c.reason
    report = resolve.describe({"kaiti": choice})
    assert "cannot draw 1 character" in report and TANGUT in report


def test_ties_go_to_the_earlier_candidate() -> None:
    gkai = system_font("AR PL KaitiM GB")
    system_font("WenQuanYi Micro Hei")
    choice = _resolve_one(["AR PL KaitiM GB", "WenQuanYi Micro Hei"], f"报告{TANGUT}")
    assert choice.face == gkai and choice.missing == TANGUT


def test_describe_lists_choice_and_passed_over_candidates() -> None:
    system_font("WenQuanYi Micro Hei")
    choices = resolve_fonts({"heiti": ["黑体", "WenQuanYi Micro Hei"]}, {"heiti": "一、"})
    report = resolve.describe(choices)
    assert report.splitlines()[0].startswith("heiti (黑体): /") and "wqy-microhei.ttc" in report
    assert "- 黑体: not installed" in report and "* WenQuanYi Micro Hei: chosen" in report


def test_resolution_is_memoised(monkeypatch: pytest.MonkeyPatch) -> None:
    system_font("WenQuanYi Micro Hei")
    calls: list[str] = []
    original = resolve._resolve_all

    def counting(families: dict[str, object], *args: object) -> dict[str, FontChoice]:
        calls.extend(families)
        return original(families, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(resolve, "_resolve_all", counting)
    families = {"heiti": ["WenQuanYi Micro Hei"]}
    first = resolve_fonts(families, {"heiti": "各位代表"})
    second = resolve_fonts(families, {"heiti": "代表各位 "})  # same characters: same answer
    assert first == second and calls == ["heiti"]
    resolve_fonts(families, {"heiti": "各位代表们"})
    assert calls == ["heiti", "heiti"]


# --------------------------------------------------------------------------- explicit places and paths


def test_font_dirs_are_searched(tmp_path: Path) -> None:
    font = make_font(tmp_path / "fonts" / "sub" / "test.ttf", "Annualreport Test Sans", "报告A")
    assert _resolve_one(["Annualreport Test Sans"]).candidates[0].reason == "not installed"
    choice = _resolve_one(["Annualreport Test Sans"], "报告", font_dirs=[tmp_path / "fonts"])
    assert choice.face is not None and choice.face.path == font and choice.face.family == "Annualreport Test Sans"


def test_env_font_dir_is_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    font = make_font(tmp_path / "envfonts" / "test.ttf", "Annualreport Env Sans", "报告")
    monkeypatch.setenv(system.FONT_DIR_ENV, os.pathsep.join([str(tmp_path / "absent"), str(tmp_path / "envfonts")]))
    choice = _resolve_one(["Annualreport Env Sans"], "报告")
    assert choice.face is not None and choice.face.path == font


def test_font_dirs_come_before_env_and_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system_font("WenQuanYi Micro Hei")
    mine = make_font(tmp_path / "a" / "mine.ttf", "WenQuanYi Micro Hei", "报告")
    env = make_font(tmp_path / "b" / "env.ttf", "WenQuanYi Micro Hei", "报告")
    monkeypatch.setenv(system.FONT_DIR_ENV, str(tmp_path / "b"))
    assert _resolve_one(["WenQuanYi Micro Hei"], font_dirs=[tmp_path / "a"]).face.path == mine  # type: ignore[union-attr]
    assert _resolve_one(["WenQuanYi Micro Hei"]).face.path == env  # type: ignore[union-attr]


def test_collection_face_is_matched_by_its_own_family(tmp_path: Path) -> None:
    a = make_font(tmp_path / "parts" / "a.ttf", "Annualreport TTC A", "报")
    b = make_font(tmp_path / "parts" / "b.ttf", "Annualreport TTC B", "报告")
    ttc = make_collection(tmp_path / "fonts" / "both.ttc", a, b)
    choice = _resolve_one(["Annualreport TTC B"], "报告", font_dirs=[tmp_path / "fonts"])
    assert choice.face is not None and (choice.face.path, choice.face.index) == (ttc, 1)


def test_path_candidates_with_face_index(tmp_path: Path) -> None:
    a = make_font(tmp_path / "parts" / "a.ttf", "Annualreport TTC A", "报")
    b = make_font(tmp_path / "parts" / "b.ttf", "Annualreport TTC B", "报告")
    ttc = make_collection(tmp_path / "both.ttc", a, b)
    for name in (f"{ttc}#1", f"file:{ttc}#1", ttc.as_uri() + "#1"):
        choice = _resolve_one([name], "报告")
        assert choice.face is not None and (choice.face.path, choice.face.index) == (ttc, 1), name
        assert choice.face.family == "Annualreport TTC B"
    # Face 0 lacks 告, so it is passed over for face 1.
    choice = _resolve_one([f"{ttc}#5", str(ttc), f"{ttc}#1"], "报告")
    assert [c.reason for c in choice.candidates] == ["no face #5 (the file has 2)", "lacks 1 character: 告", "chosen"]
    assert choice.face is not None and choice.face.index == 1


def test_font_forbidding_embedding_is_passed_over(tmp_path: Path) -> None:
    locked = make_font(tmp_path / "locked.ttf", "Locked", "报告", fs_type=0x0002)
    free = make_font(tmp_path / "free.ttf", "Free", "报告")
    choice = _resolve_one([str(locked), str(free)], "报告")
    assert "forbid embedding" in choice.candidates[0].reason
    assert choice.face is not None and choice.face.path == free


# --------------------------------------------------------------------------- CFF


def test_cff_collection_face_detected_and_passed_over_without_conversion() -> None:
    noto = system_font("Noto Serif CJK SC")
    choice = _resolve_one([f"{noto.source_path}#{noto.source_index}"], "报告", convert_cff=False)
    (cand,) = choice.candidates
    assert cand.face is not None and cand.face.outlines == "cff" and cand.face.index == noto.source_index
    assert cand.reason == "CFF outlines: ReportLab cannot embed them" and not cand.chosen
    # No candidate usable: the installed TrueType face most like a Noto Serif (a 宋体) stands in.
    assert choice.substitute and choice.likeness == "song"
    assert choice.face is not None and choice.face.outlines == "truetype" and choice.missing == ""


def _count_conversions(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """Record the code points of every conversion (each call of convert._convert)."""
    conversions: list[list[int]] = []
    original = convert._convert

    def counting(source: Path, index: int, codes: list[int], *args: object) -> object:
        conversions.append(list(codes))
        return original(source, index, codes, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(convert, "_convert", counting)
    return conversions


def test_cff_font_converted_to_truetype_only_the_glyphs_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fang = system_font("FandolFang")
    assert fang.outlines == "cff" and fang.source_path.suffix == ".otf"
    conversions = _count_conversions(monkeypatch)
    converted = tmp_path / "converted"
    text = "二〇二五年政府工作报告"
    choice = _resolve_one(["仿宋_GB2312", "FandolFang"], text, cache_dir=converted)
    face = choice.face
    assert face is not None and face.outlines == "truetype" and face.converted
    assert face.source_path == fang.source_path and face.path.parent == converted and face.index == 0
    assert face.family == "FandolFang"
    wanted = convert.wanted_codes(coverage.face_info(fang.source_path, 0), map(ord, text))
    assert len(conversions) == 1 and sorted(conversions[0]) == list(wanted)  # the text, ASCII, punctuation
    reason = f"chosen; CFF outlines, {len(wanted)} glyphs converted to TrueType now (cached at {face.path})"
    assert choice.candidates[1].reason == reason
    assert choice.missing == "" and choice.borrowed == ()
    assert [p.name for p in converted.iterdir() if not p.name.startswith(".")] == [face.path.name]

    with TTFont(face.path) as font:
        assert "glyf" in font and "CFF " not in font and font["maxp"].tableVersion == 0x00010000
        assert set(font.getBestCmap()) == set(wanted)
        with TTFont(fang.source_path, lazy=True) as source:
            assert font["head"].modified == source["head"].modified
    from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

    rl = RLTTFont("AnnualreportTestFang", str(face.path))
    assert all(ord(c) in rl.face.charToGlyph for c in text)

    # A new process (caches cleared) reuses the document font instead of converting again.
    resolve.clear_caches()
    again = _resolve_one(["仿宋_GB2312", "FandolFang"], text, cache_dir=converted)
    assert again.face == face and "converted to TrueType earlier" in again.candidates[1].reason
    assert len(conversions) == 1


def test_changed_cff_source_is_converted_again(tmp_path: Path) -> None:
    src = make_cff_font(tmp_path / "Fang.otf", "Annualreport Test Fang", "ab⠁⠃报告")
    converted = tmp_path / "converted"
    first = _resolve_one([str(src)], "⠁⠃", cache_dir=converted).face
    assert first is not None and first.converted
    os.utime(src, ns=(src.stat().st_atime_ns, src.stat().st_mtime_ns + 10**9))
    resolve.clear_caches()
    second = _resolve_one([str(src)], "⠁⠃", cache_dir=converted).face
    assert second is not None and second.path != first.path and second.path.is_file()


def test_each_text_gets_its_own_font_from_glyphs_converted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document font holds exactly its text's glyphs (with ASCII and punctuation); a later text converts only
    the glyphs no earlier one needed, and the same text finds its font again."""
    src = str(make_cff_font(tmp_path / "Fang.otf", "Annualreport Test Fang", "ab，。⠁⠃报告工作"))
    converted = tmp_path / "converted"
    conversions = _count_conversions(monkeypatch)
    narrow = _resolve_one([src], "报告", cache_dir=converted).face
    wide = _resolve_one([src], "报告工作⠁", cache_dir=converted).face
    assert narrow is not None and wide is not None and narrow.path != wide.path
    assert [sorted(map(chr, c)) for c in conversions] == [sorted("ab，。报告"), sorted("工作⠁")]
    with TTFont(narrow.path) as font:
        assert set(font.getBestCmap()) == set(map(ord, "ab，。报告"))  # ⠃ and 工作 only in the fonts that use them
    resolve.clear_caches()
    assert _resolve_one([src], "报告", cache_dir=converted).face == narrow
    assert _resolve_one([src], "工作", cache_dir=converted).face not in (narrow, wide)
    assert len(conversions) == 2  # 工作 and the rest were converted already


def test_document_font_does_not_depend_on_what_was_converted_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Made from an empty cache, or from glyph pages filled by other texts at other times (another "now"), a
    text's font has the same bytes: the embedded subsets, and so the PDF, cannot depend on the cache."""
    from fontTools.ttLib.tables import _h_e_a_d

    src = make_cff_font(tmp_path / "Fang.otf", "Annualreport Test Fang", "报告AB工作⠁")
    info = coverage.face_info(src, 0)
    with TTFont(src) as font:
        source_date = font["head"].modified
    results = []
    for n, (now, before) in enumerate([(source_date + 10**6, ""), (source_date + 10**8, "工作⠁报"), (source_date, "⠁")]):
        monkeypatch.setattr(_h_e_a_d, "timestampNow", lambda now=now: now)
        monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / f"cache{n}"))
        folder = tmp_path / f"cache{n}" / "converted"
        if before:
            convert.converted_copy(src, 0, info, map(ord, before), folder)
        made = convert.converted_copy(src, 0, info, map(ord, "报告AB"), folder)
        results.append((made.path.name, made.path.read_bytes()))
    assert len(set(results)) == 1
    with TTFont(tmp_path / "cache0" / "converted" / results[0][0]) as font:
        assert font["head"].modified == source_date and "glyf" in font


def test_only_the_newest_document_fonts_of_a_source_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert, "KEEP_PER_SOURCE", 3)
    chars = "报告工作总结年度"
    src = make_cff_font(tmp_path / "Fang.otf", "Annualreport Test Fang", chars)
    info = coverage.face_info(src, 0)
    folder = tmp_path / "converted"
    made = []
    for n, char in enumerate(chars[:5]):
        path = convert.converted_copy(src, 0, info, [ord(char)], folder).path
        os.utime(path, ns=(path.stat().st_atime_ns, 10**18 + n * 10**9))  # made in this order
        made.append(path.name)
    assert sorted(p.name for p in folder.iterdir()) == sorted(made[-3:])


def test_a_document_font_used_in_the_last_minutes_is_never_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process may have laid its pages out with it and not yet written them (a service's worker)."""
    monkeypatch.setattr(convert, "KEEP_PER_SOURCE", 1)
    chars = "报告工作"
    src = make_cff_font(tmp_path / "Fang.otf", "Annualreport Test Fang", chars)
    info = coverage.face_info(src, 0)
    folder = tmp_path / "converted"
    made = [convert.converted_copy(src, 0, info, [ord(char)], folder).path for char in chars]
    assert all(path.is_file() for path in made)  # four fonts, one kept by count, three by being recent
    old = time.time_ns() - (convert.KEEP_SECONDS + 60) * 10**9
    os.utime(made[0], ns=(old, old))
    convert.converted_copy(src, 0, info, [ord("报"), ord("告")], folder)
    assert not made[0].exists() and all(path.is_file() for path in made[1:])


_CONVERT = r"""
import hashlib, sys, time
from pathlib import Path
import annualreport as ar
from annualreport.render.pdf.fonts import convert, embed, resolve, system
font, log, start = sys.argv[1:]
system._system_locations = lambda: iter(())  # only the test font: every key of the style is set in it
real = convert._convert

def slow(source, index, codes, *args):
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"{len(codes)}\n")
    time.sleep(1.0)  # every other process reaches the lock meanwhile
    return real(source, index, codes, *args)

convert._convert = slow
style = ar.load_style()
style = style.model_copy(update={"fonts": {key: (font,) for key in style.fonts}})
report = ar.Report.model_validate({"title": "报告", "year": 2018, "content": ["报告AB"]})
while not Path(start).exists():  # all four start together
    time.sleep(0.005)
document = ar.build_document(report, style)
pdf = ar.render_pdf(document)
choice = resolve.resolve_fonts(style.fonts, embed.required_text(document))["fangsong"]  # as the render chose
print(choice.face.path)
print(choice.candidates[0].reason)
print(hashlib.sha256(pdf).hexdigest())
"""


def test_concurrent_first_renders_convert_once_and_leave_one_sound_cache(tmp_path: Path) -> None:
    src = make_cff_font(tmp_path / "Fang.otf", "Annualreport Test Fang", " 0123456789—报告AB")
    log, start = tmp_path / "conversions.log", tmp_path / "start"
    env = {**os.environ, cache.CACHE_DIR_ENV: str(tmp_path / "cache")}
    run = [sys.executable, "-c", _CONVERT, str(src), str(log), str(start)]
    procs = [subprocess.Popen(run, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    start.touch()
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err for _, err in results]
    paths = {out.splitlines()[0] for out, _ in results}
    reasons = sorted(out.splitlines()[1].split(" (cached")[0] for out, _ in results)
    # One process converted the 16 glyphs (text, page numbers) while three waited; every key shares the one font.
    assert log.read_text(encoding="utf-8").splitlines() == ["16"]
    assert reasons == ["chosen; CFF outlines, 16 glyphs converted to TrueType now"] + [
        "chosen; CFF outlines, converted to TrueType earlier"] * 3  # fmt: skip
    (path,) = paths
    folder = tmp_path / "cache" / "fonts" / "converted"
    assert [p.name for p in folder.iterdir()] == [Path(path).name]  # no temporary file left behind
    glyphs = tmp_path / "cache" / "fonts" / "glyphs"
    pages = sorted(re.sub(r"-[0-9a-f]{16}-", "-H-", p.name) for p in glyphs.iterdir())
    assert pages == ["Fang-0-H-0000-v1.bin", "Fang-0-H-0020-v1.bin", "Fang-0-H-0054-v1.bin", "Fang-0-H-0062-v1.bin",
                     "Fang-0-H-meta-v1.bin"]  # fmt: skip
    assert all(cache.read_checked(page) is not None for page in glyphs.iterdir())  # whole, checksums right
    with TTFont(path) as font:
        assert "glyf" in font and "CFF " not in font and {ord(c) for c in "报告AB"} <= set(font.getBestCmap())
    from reportlab.pdfbase.ttfonts import TTFontFace

    assert {ord(c) for c in "报告AB"} <= set(TTFontFace(path).charToGlyph)
    # The four PDFs are the same, and the same again from the cache they left.
    pdfs = {out.splitlines()[2] for out, _ in results}
    again = subprocess.run([*run[:-1], str(start)], env=env, capture_output=True, text=True, check=True)
    assert len(pdfs) == 1 and again.stdout.splitlines()[2] in pdfs
    assert log.read_text(encoding="utf-8").splitlines() == ["16"]
