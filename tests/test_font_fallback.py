"""Fonts by likeness: a character a role's font lacks is drawn from the installed face most like it that has it
(for 仿宋 another 仿宋, then 楷体, then 宋体, never 黑体 while a serif has it), embedded, and said in a warning.

Every font here is made by tests/fontmaker.py and the machine's own fonts are out of sight (``no_system_fonts``),
so these tests give the same answers on every machine.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

import annualreport as ar
from annualreport import cli
from annualreport.render.pdf.fonts import embed, likeness, resolve

from .conftest import REPO
from .fontmaker import make_cff_font, make_font

pytestmark = [pytest.mark.usefixtures("no_system_fonts"), pytest.mark.filterwarnings("ignore::DeprecationWarning:pdfminer")]

# What every test font has: ASCII, the punctuation used, and the characters of the reports below but the rare ones.
COMMON = "".join(map(chr, range(0x20, 0x7F))) + "—…，。、：；“”（）测试王同志李张刘杰年度工作报告" + likeness.CHINESE_PROBE
KUN = "堃"  # in names (王堃), outside GB2312: 仿宋_GB2312 and FandolFang lack it
EXT_B = "\U00021484"  # 𡒄, CJK Extension B


def report(text: str) -> ar.Document:
    data = {"title": "测试", "year": 2018, "content": [text]}
    return ar.build_document(ar.Report.model_validate(data), style(ar.load_style()))


def style(base: ar.Style) -> ar.Style:
    """The default style with each font key served by one test family (named for its class)."""
    fonts = {"xiaobiaosong": ("Annualreport Test XiaoBiaoSong",), "fangsong": ("Annualreport Test FangSong",),
             "heiti": ("Annualreport Test Hei",), "kaiti": ("Annualreport Test Kai",),
             "songti": ("Annualreport Test Song",)}  # fmt: skip
    return base.model_copy(update={"fonts": fonts})


def fonts(folder: Path, **extra: str) -> Path:
    """One font per key of ``style``, each with COMMON plus ``extra[key]`` (keys: xbs, fang, hei, kai, song)."""
    for key, family in (("xbs", "XiaoBiaoSong"), ("fang", "FangSong"), ("hei", "Hei"), ("kai", "Kai"), ("song", "Song")):
        make_font(folder / f"{key}.ttf", f"Annualreport Test {family}", COMMON + extra.get(key, ""))
    return folder


def render(document: ar.Document, font_dir: Path) -> tuple[bytes, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        data = ar.render_pdf(document, font_dirs=[font_dir])
    assert data is not None
    return data, [w for w in said if issubclass(w.category, embed.FontWarning)]


def drawn_by(data: bytes) -> dict[str, set[str]]:
    """Each character on the pages -> the PostScript names of the fonts drawing it (subset prefix dropped)."""
    found: dict[str, set[str]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                found.setdefault(char["text"], set()).add(char["fontname"].split("+", 1)[-1])
    return found


# --------------------------------------------------------------------------- the classes


@pytest.mark.parametrize(
    ("names", "expected"),
    [(["仿宋_GB2312"], "fangsong"), (["FandolFang"], "fangsong"), (["STFangsong"], "fangsong"), (["楷体_GB2312"], "kai"),
     (["AR PL KaitiM GB"], "kai"), (["黑体"], "hei"), (["WenQuanYi Micro Hei"], "hei"), (["Noto Sans CJK SC"], "hei"),
     (["方正小标宋简体"], "song"), (["SimSun"], "song"), (["Noto Serif CJK SC Bold"], "song"), (["AR PL UMing CN"], "song"),
     (["AR PL SungtiL GB"], "song"), (["Latin Modern Roman"], likeness.OTHER)],
)  # fmt: skip
def test_faces_are_classed_by_their_names(names: list[str], expected: str) -> None:
    assert likeness.classify(names) == expected


def test_every_key_of_the_default_style_has_the_class_of_its_first_candidate() -> None:
    classes = {key: likeness.key_class(names) for key, names in ar.load_style().fonts.items()}
    assert classes == {"xiaobiaosong": "song", "fangsong": "fangsong", "heiti": "hei", "kaiti": "kai", "songti": "song"}
    assert likeness.key_class(["/fonts/simfang.ttf"]) == "fangsong"  # a path: by its file name


def test_fallback_orders_put_like_before_unlike() -> None:
    assert likeness.order_for("fangsong") == ("fangsong", "kai", "song", "hei", likeness.OTHER)
    assert likeness.order_for("kai") == ("kai", "fangsong", "song", "hei", likeness.OTHER)
    assert likeness.order_for("hei")[:2] == ("hei", "song")


def test_mainland_faces_rank_before_other_regions() -> None:
    assert likeness.region(["Noto Serif CJK SC"]) == 0 and likeness.region(["AR PL KaitiM GB"]) == 0
    assert likeness.region(["FandolFang"]) == 1
    assert likeness.region(["Noto Serif CJK TC"]) == 2 and likeness.region(["AR PL KaitiM Big5"]) == 2


# --------------------------------------------------------------------------- borrowing in a render


def test_fangsong_borrows_from_a_song_not_a_hei(tmp_path: Path) -> None:
    """The brief's case: 仿宋 lacks 堃, 黑体 and 宋体 have it: the 宋体 draws it, and the warning says so."""
    folder = fonts(tmp_path / "fonts", hei=KUN, song=KUN)
    data, said = render(report(f"王{KUN}同志。"), folder)
    (warning,) = said
    assert warning.category is embed.BorrowedGlyphsWarning
    message = str(warning.message)
    assert message.startswith("fangsong (仿宋; body): 1 character that Annualreport Test FangSong lacks are borrowed: ")
    assert f"{KUN} from Annualreport Test Song Regular ({folder / 'song.ttf'}), a 宋体" in message
    loan = warning.message.borrowed[0]  # type: ignore[union-attr]
    assert (loan.characters, loan.face.family, loan.likeness) == (KUN, "Annualreport Test Song", "song")
    assert warning.message.roles == ("body",)  # type: ignore[union-attr]
    drawn = drawn_by(data)
    assert drawn[KUN] == {"AnnualreportTestSong-Regular"}  # embedded (pdfplumber reads it from the font's subset)
    assert drawn["王"] == drawn["同"] == {"AnnualreportTestFangSong-Regular"}
    assert b"STSong" not in data


def test_another_fangsong_then_a_kai_come_before_the_song(tmp_path: Path) -> None:
    folder = fonts(tmp_path / "fonts", hei=KUN, song=KUN, kai=KUN)
    document = report(f"王{KUN}同志。")
    data, said = render(document, folder)
    assert drawn_by(data)[KUN] == {"AnnualreportTestKai-Regular"}  # 楷体 before 宋体
    # A second 仿宋, installed but in no candidate list, comes before them both.
    make_font(folder / "other-fang.ttf", "Annualreport Other FangSong", COMMON + KUN)
    resolve.clear_caches()
    data, said = render(document, folder)
    assert drawn_by(data)[KUN] == {"AnnualreportOtherFangSong-Regular"}
    assert "from Annualreport Other FangSong Regular" in str(said[0].message) and "a 仿宋" in str(said[0].message)


def test_heiti_borrows_from_a_sans(tmp_path: Path) -> None:
    folder = fonts(tmp_path / "fonts", song=KUN, kai=KUN)
    make_font(folder / "sans.ttf", "Annualreport Plain Sans", COMMON + KUN)
    choices = resolve.resolve_fonts(style(ar.load_style()).fonts, {"heiti": f"一、王{KUN}"}, font_dirs=[folder])
    (loan,) = choices["heiti"].borrowed
    assert (loan.characters, loan.face.family, loan.likeness) == (KUN, "Annualreport Plain Sans", "hei")


def test_a_cff_lender_is_converted_and_embedded(tmp_path: Path) -> None:
    folder = fonts(tmp_path / "fonts", hei=KUN)
    (folder / "song.ttf").unlink()
    make_cff_font(folder / "song.otf", "Annualreport Test Song", COMMON + KUN)
    data, said = render(report(f"王{KUN}同志。"), folder)
    loan = said[0].message.borrowed[0]  # type: ignore[union-attr]
    assert loan.face.converted and loan.face.source_path == folder / "song.otf"
    assert drawn_by(data)[KUN] == {"AnnualreportTestSong-Regular"}


def test_rare_characters_are_looked_for_in_every_installed_font(tmp_path: Path) -> None:
    """A face in no candidate list and of no class (a font of rare characters) still lends what only it has."""
    folder = fonts(tmp_path / "fonts", song=KUN)
    make_font(folder / "rare.ttf", "Annualreport Rare Glyphs", "AB" + EXT_B)
    data, said = render(report(f"李{EXT_B}、王{KUN}同志。"), folder)
    (warning,) = said
    borrowed = {loan.characters: (loan.face.family, loan.likeness) for loan in warning.message.borrowed}  # type: ignore[union-attr]
    assert borrowed == {KUN: ("Annualreport Test Song", "song"), EXT_B: ("Annualreport Rare Glyphs", likeness.OTHER)}
    assert "2 characters" in str(warning.message)
    assert drawn_by(data)[EXT_B] == {"AnnualreportRareGlyphs-Regular"}


def test_one_warning_per_key_naming_the_roles(tmp_path: Path) -> None:
    folder = fonts(tmp_path / "fonts", song=KUN + "喆", hei="喆")
    data = {"title": "测试", "year": 2018, "issuer": f"王{KUN}", "content": [f"王{KUN}、张喆同志。"]}
    document = ar.build_document(ar.Report.model_validate(data), style(ar.load_style()))
    _pdf, said = render(document, folder)
    (warning,) = said
    assert warning.message.key == "fangsong" and warning.message.roles == ("body", "signature")  # type: ignore[union-attr]
    assert f"喆 {KUN} from Annualreport Test Song" in str(warning.message)  # in code point order


def test_character_no_installed_font_has_is_an_error_level_warning(tmp_path: Path) -> None:
    folder = fonts(tmp_path / "fonts", song=KUN)
    data, said = render(report(f"王{KUN}、李{EXT_B}同志。"), folder)
    kinds = [w.category for w in said]
    assert kinds == [embed.BorrowedGlyphsWarning, embed.MissingGlyphWarning]
    missing = said[1].message
    assert missing.level == "error" and missing.characters == EXT_B and missing.roles == ("body",)  # type: ignore[union-attr]
    assert "U+21484" in str(missing) and "in body" in str(missing)
    # Printed as the body font's (embedded) empty box, which ReportLab maps to U+0000 for text extraction; the
    # built-in STSong-Light is not used while there are fonts.
    assert drawn_by(data)["\x00"] == {"AnnualreportTestFangSong-Regular"} and EXT_B not in drawn_by(data)
    assert b"STSong" not in data


def test_a_key_without_any_installed_candidate_takes_the_nearest_face(tmp_path: Path) -> None:
    folder = fonts(tmp_path / "fonts")
    (folder / "kai.ttf").unlink()
    data = {"title": "测试", "year": 2018, "subtitle": "年度工作报告", "content": ["王同志。"]}
    document = ar.build_document(ar.Report.model_validate(data), style(ar.load_style()))
    pdf, said = render(document, folder)
    (warning,) = said
    assert warning.category is embed.SubstituteFontWarning
    assert str(warning.message).startswith("kaiti (楷体; subtitle): none of its fonts (Annualreport Test Kai) is installed; "
                                           "using Annualreport Test FangSong Regular")  # fmt: skip
    assert drawn_by(pdf)["年"] == {"AnnualreportTestFangSong-Regular"}  # 楷体 → 仿宋, the next in its order


def test_no_chinese_font_at_all_falls_back_to_stsong(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_font(tmp_path / "fonts" / "latin.ttf", "Annualreport Latin Only", COMMON[:95])
    monkeypatch.setattr(embed, "_warned_no_font", False)
    _pdf, said = render(report("王同志。"), tmp_path / "fonts")
    assert [w.category for w in said] == [embed.NoChineseFontWarning]


# --------------------------------------------------------------------------- the command line


def _report_dir(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "report"
    (folder / "styles").mkdir(parents=True)
    toml = (REPO / "src" / "annualreport" / "styles" / "gbt9704.toml").read_text(encoding="utf-8")
    names = {"xiaobiaosong": "XiaoBiaoSong", "fangsong": "FangSong", "heiti": "Hei", "kaiti": "Kai", "songti": "Song"}
    for key, family in names.items():
        toml = re.sub(rf"^{key} = \[.*\]$", f'{key} = ["Annualreport Test {family}"]', toml, flags=re.M)
    (folder / "styles" / "test.toml").write_text(toml, encoding="utf-8")
    (folder / "report.yaml").write_text(f"title: 测试\nyear: 2018\nstyle: test\ncontent:\n  - {text}\n", encoding="utf-8")
    return folder


def test_render_says_what_was_borrowed_and_what_cannot_be_drawn(tmp_path: Path, capsys: Any) -> None:
    folder = fonts(tmp_path / "fonts", song=KUN)
    src = _report_dir(tmp_path, f"王{KUN}、李{EXT_B}同志。")
    out = tmp_path / "out"
    args = ["render", str(src), "--pdf", "-o", str(out), "--font-dir", str(folder)]
    assert cli.main(args) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":", 2)[1].strip() for line in err if line.startswith("annualreport: ")] == ["warning", "error"]
    assert err[0].startswith(f"annualreport: warning: fangsong (仿宋; body): 1 character that Annualreport Test "
                             f"FangSong lacks are borrowed: {KUN} from Annualreport Test Song Regular")  # fmt: skip
    assert err[1].startswith(f"annualreport: error: no installed font draws {EXT_B} (U+21484) in body")
    assert (out / "report.pdf").is_file()

    # --strict: the error fails the render, and nothing is written.
    strict = tmp_path / "strict"
    assert cli.main([*args[:-3], str(strict), "--font-dir", str(folder), "--strict"]) == 1
    assert "nothing written (--strict)" in capsys.readouterr().err
    assert not strict.exists()
    # Borrowing alone is no error, even with --strict.
    (src / "report.yaml").write_text(f"title: 测试\nyear: 2018\nstyle: test\ncontent:\n  - 王{KUN}同志。\n", encoding="utf-8")
    assert cli.main([*args[:-3], str(strict), "--font-dir", str(folder), "--strict"]) == 0
    assert (strict / "report.pdf").is_file()


def test_faces_fontconfig_says_lack_a_character_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Learning that no face has a rare character must not read every installed face: a face fontconfig lists
    is read only if fontconfig says it has the character (and then lends it as usual)."""
    from annualreport.render.pdf.fonts import coverage, system

    folder = fonts(tmp_path / "fonts", song=KUN)
    rare = make_font(folder / "rare.ttf", "Annualreport Rare Glyphs", "AB" + EXT_B)
    answers: dict[str, frozenset[tuple[str, int]]] = {EXT_B: frozenset()}
    monkeypatch.setattr(system, "fontconfig_knows", lambda path, index: path == str(rare))
    monkeypatch.setattr(system, "fontconfig_faces_with", lambda char: answers.get(char, frozenset()))
    parsed: list[Path] = []
    real = coverage._parse_face
    monkeypatch.setattr(coverage, "_parse_face", lambda p, i: parsed.append(p) or real(p, i))
    choices = resolve.resolve_fonts(style(ar.load_style()).fonts, {"fangsong": f"王{EXT_B}"}, font_dirs=[folder])
    assert choices["fangsong"].missing == EXT_B and rare not in parsed
    resolve.clear_caches()
    answers[EXT_B] = frozenset([(str(rare), 0)])
    choices = resolve.resolve_fonts(style(ar.load_style()).fonts, {"fangsong": f"王{EXT_B}"}, font_dirs=[folder])
    assert [loan.face.family for loan in choices["fangsong"].borrowed] == ["Annualreport Rare Glyphs"]
