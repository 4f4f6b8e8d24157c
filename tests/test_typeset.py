"""Line breaking and justification of annualreport.render.pdf.typeset, with a fake monospaced measure."""

from __future__ import annotations

import re

import pytest

from annualreport.render.pdf.typeset import CANNOT_END, CANNOT_START, Line, Run, slice_runs, typeset

LINE = 442.2  # 156 mm
CS = -0.21  # tracking that puts 28 cells of 16 pt on 156 mm
CELL = 16 + CS


def measure(text: str, font: str, size: float) -> float:
    """Hanzi and full-width marks one em, spaces a quarter, everything else half (like SimFang)."""
    return sum(size if ord(c) >= 0x2000 else size / 4 if c == " " else size / 2 for c in text)


def lay(text: str, width: float = LINE, **kw: object) -> tuple[Line, ...]:
    kw.setdefault("char_space", CS)
    return typeset([Run(text, "S", 16)], measure, width, **kw)  # type: ignore[arg-type]


def texts(lines: tuple[Line, ...]) -> list[str]:
    return [line.text for line in lines]


def assert_justified(lines: tuple[Line, ...], width: float = LINE) -> None:
    for line in lines[:-1]:
        assert line.extent == pytest.approx(width, abs=1e-6), line.text
        xs = [f.x for f in line.fragments]
        assert xs == sorted(xs)


def assert_kinsoku(lines: tuple[Line, ...]) -> None:
    for prev, line in zip(lines, lines[1:]):
        assert line.text[0] not in CANNOT_START, (prev.text, line.text)
        assert prev.text[-1] not in CANNOT_END, (prev.text, line.text)


HANZI = "全力打造四大主导产业基地和一个核心示范区养殖产业基地建设建成养殖小区发展养殖专业村"


def test_28_full_width_characters_per_line() -> None:
    lines = lay(HANZI * 4)
    assert [len(t) for t in texts(lines)[:-1]] == [28] * (len(lines) - 1)
    assert_justified(lines)
    # 28 cells of 15.79 pt leave 0.08 pt: the hanzi stay on the cell grid.
    assert lines[0].fragments[27].x == pytest.approx(27 * CELL, abs=0.1)


def test_text_is_preserved_and_last_line_is_flush_left() -> None:
    text = "全力打造“四大主导产业基地和一个核心示范区”。建设棚舍8.5万平方米、窖池6.5万立方米，畜禽免疫率达到100%。" * 3
    lines = lay(text, first_indent=2 * CELL)
    assert "".join(texts(lines)) == text
    assert_justified(lines)
    assert lines[0].fragments[0].x == pytest.approx(2 * CELL)
    assert lines[-1].extent == pytest.approx(lines[-1].natural_width)


def test_no_closing_mark_starts_and_no_opening_mark_ends_a_line() -> None:
    text = "（“这是一段，”他说：“满是标点。”）《规则》、【注】；？！“引号”……——‘单引’。" * 12
    for indent in range(0, 20):  # deeper indents leave room for only "（“" and force a bad break
        lines = lay(text, first_indent=indent * CELL)
        assert "".join(texts(lines)) == text
        assert_kinsoku(lines)
        assert_justified(lines)


def test_closing_mark_is_squeezed_in_when_the_line_has_punctuation() -> None:
    text = "字" * 10 + "，" + "字" * 17 + "，" + "字" * 5 + "。" + "后" * 20
    lines = lay(text)
    assert len(lines[0].text) == 29 and lines[0].text.endswith("字，")
    assert lines[0].extent == pytest.approx(LINE)
    # A quarter em comes out of the comma's blank; the rest is spread evenly (under 1/32 em a gap).
    xs = [f.x for f in lines[0].fragments]
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    even = gaps[0]
    assert CELL - 0.5 < even < CELL
    assert gaps[10] == pytest.approx(even - 4)
    assert all(g == pytest.approx(even) for i, g in enumerate(gaps) if i != 10)


def test_previous_character_is_pushed_when_nothing_can_be_squeezed() -> None:
    text = "字" * 28 + "。" + "后" * 20
    lines = lay(text)
    assert texts(lines)[:2] == ["字" * 27, "字。" + "后" * 20]
    assert_justified(lines)


def test_opening_mark_goes_to_the_next_line() -> None:
    text = "字" * 27 + "《规则》" + "后" * 20
    lines = lay(text)
    assert texts(lines)[0] == "字" * 27
    assert texts(lines)[1].startswith("《规则》")
    assert_justified(lines)


@pytest.mark.parametrize("tail", ["（“……。”）", "……", "——", "。”", "％"])
def test_runs_of_closing_marks_at_the_line_end(tail: str) -> None:
    for n in range(20, 29):
        text = "字" * n + "引" + tail + "后" * 30
        lines = lay(text)
        assert "".join(texts(lines)) == text
        assert_kinsoku(lines)
        assert_justified(lines)


@pytest.mark.parametrize("mark", ["……", "——"])
def test_two_em_marks_are_never_split(mark: str) -> None:
    for n in range(24, 30):
        lines = lay("字" * n + mark + "后" * 30)
        assert all(not t.endswith(mark[0]) or t.endswith(mark) for t in texts(lines))
        assert all(not t.startswith(mark[0]) for t in texts(lines))


@pytest.mark.parametrize("number", ["2019", "17.15", "100%", "624,000", "8.35", "COVID-19"])
def test_numbers_and_words_are_never_split(number: str) -> None:
    for n in range(20, 29):
        text = "字" * n + number + "万亩，" + "后" * 30
        lines = lay(text)
        assert "".join(texts(lines)) == text
        assert any(number in t for t in texts(lines))
        assert_justified(lines)
        # A number is one fragment: justification space never goes inside it.
        assert any(f.text.startswith(number) or f.text == number for line in lines for f in line.fragments)


def test_justification_space_goes_between_units_only() -> None:
    lines = lay("建成养殖小区6处，发展养殖专业村17个、养殖大户205户。" * 4)
    for line in lines[:-1]:
        digits = [f.text for f in line.fragments if re.search(r"\d", f.text)]
        assert all(re.fullmatch(r"\d+", d) for d in digits), digits
        hanzi = [f for f in line.fragments if "\u4e00" <= f.text <= "\u9fff"]
        pos = {id(f): i for i, f in enumerate(line.fragments)}
        gaps = [b.x - a.x for a, b in zip(hanzi, hanzi[1:]) if pos[id(b)] - pos[id(a)] == 1]
        assert max(gaps) - min(gaps) < 1e-6


def test_latin_text_breaks_at_spaces() -> None:
    text = "The quick brown fox jumps over the lazy dog and keeps running far away from home " * 3
    lines = lay(text, width=200, char_space=0.0)
    words = text.split()
    assert " ".join(t.strip() for t in texts(lines)).split() == words
    for line in lines:
        assert not line.text.startswith(" ") and not line.text.endswith(" ")
        assert line.natural_width <= 200 + 1e-6
    assert_justified(lines, 200)


def test_latin_word_in_chinese_moves_whole() -> None:
    text = "字" * 26 + "Annual" + "报告" * 20
    lines = lay(text)
    assert texts(lines)[0] == "字" * 26
    assert texts(lines)[1].startswith("Annual")


def test_over_long_token_is_broken_by_characters() -> None:
    token = "A" * 100  # letters: a word without syllable breaks, cut between letters with a hyphen
    lines = lay("前" + token + "后", width=100, char_space=0.0)
    assert "".join(t.removesuffix("-") for t in texts(lines)) == "前" + token + "后"
    assert all(t.endswith("A-") for t in texts(lines)[1:-1])
    assert all(line.natural_width <= 100 + 1e-6 for line in lines)
    assert len(lines) >= 8


def test_line_made_only_of_punctuation() -> None:
    text = "。" * 70
    lines = lay(text)
    assert "".join(texts(lines)) == text
    assert all(line.extent <= LINE + 1e-6 for line in lines)
    assert len(lay("。”）")) == 1


def test_empty_text_is_one_empty_line() -> None:
    for text in ("", "   "):
        (line,) = lay(text)
        assert line.fragments == () and line.natural_width == 0.0
    assert len(typeset([], measure, LINE)) == 1


def test_mixed_fonts_in_one_paragraph() -> None:
    runs = [Run("1.完善机构，确保成效。", "Hei", 16), Run("建立“一体两翼”作战体系，" * 5, "Song", 16)]
    lines = typeset(runs, measure, LINE, first_indent=2 * CELL, char_space=CS)
    assert "".join(texts(lines)) == runs[0].text + runs[1].text
    first = "".join(f.text for f in lines[0].fragments if f.font == "Hei")
    assert first == runs[0].text
    assert {f.font for line in lines[1:] for f in line.fragments} == {"Song"}
    assert_justified(lines)


def test_mixed_sizes_measure_each_run() -> None:
    runs = [Run("大" * 5, "S", 22), Run("小" * 10, "S", 16)]
    (line,) = typeset(runs, measure, LINE, align="left")
    assert line.natural_width == pytest.approx(5 * 22 + 10 * 16)


@pytest.mark.parametrize(("align", "x0"), [("left", 0.0), ("center", (LINE - 160) / 2), ("right", LINE - 160)])
def test_alignments(align: str, x0: float) -> None:
    (line,) = typeset([Run("字" * 10, "S", 16)], measure, LINE, align=align)  # type: ignore[arg-type]
    assert line.fragments[0].x == pytest.approx(x0)
    assert line.text == "字" * 10


def test_non_justified_lines_are_not_stretched() -> None:
    lines = lay(HANZI * 2 + "，的", align="left", char_space=0.0)
    assert all(len(line.fragments) == 1 for line in lines)


def test_single_unit_line_is_left_aligned() -> None:
    lines = lay("A" * 10 + " " + "B" * 10, width=100, char_space=0.0)
    assert texts(lines) == ["A" * 10, "B" * 10]
    assert lines[0].fragments[0].x == 0.0 and lines[0].extent == pytest.approx(80)


def test_slice_runs_continues_a_paragraph() -> None:
    runs = [Run("一二三", "A", 16), Run("", "A", 16), Run("四五", "B", 16)]
    assert slice_runs(runs, 2) == (Run("三", "A", 16), Run("四五", "B", 16))
    assert slice_runs(runs, 3) == (Run("四五", "B", 16),)


def test_line_start_offsets_allow_continuation() -> None:
    text = "建立“一体两翼”作战体系，由镇扶贫攻坚指挥部任总“舵手”。" * 6
    lines = lay(text)
    rest = lay(text[lines[2].start :])
    assert texts(rest) == texts(lines)[2:]


def test_non_positive_width_is_rejected() -> None:
    with pytest.raises(ValueError):
        lay("字", width=0)


# --- any length of unbroken text, in time linear in it ----------------------------------------------


class CountingMeasure:
    """The fake measure, counting the characters it is asked to measure (the work breaking does)."""

    def __init__(self) -> None:
        self.chars = 0

    def __call__(self, text: str, font: str, size: float) -> float:
        self.chars += len(text)
        return measure(text, font, size)


@pytest.mark.parametrize("n", [10_000, 80_000])
def test_unbroken_number_is_cut_with_linear_work(n: int) -> None:
    # One token with no break opportunity: each cut used to measure the whole rest of it again.
    text = ("1234567890" * (n // 10 + 1))[:n]
    counting = CountingMeasure()
    lines = typeset([Run(text, "S", 16)], counting, LINE, char_space=CS)
    assert "".join(texts(lines)) == text
    assert all(line.natural_width <= LINE + 0.01 for line in lines)
    assert len(lines) == pytest.approx(n * (8 + CS) / LINE, rel=0.05)  # lines are filled, not cut short
    assert counting.chars <= 4 * n


def test_unbroken_number_cut_matches_short_token_rules() -> None:
    # A token just over the long-token threshold is cut where measuring every prefix would cut it.
    for n in (60, 64, 65, 70, 130):
        lines = lay("前" * 3 + "9" * n + "后", width=100, char_space=CS)
        assert "".join(texts(lines)) == "前" * 3 + "9" * n + "后"
        for line in lines:
            assert line.natural_width <= 100 + 0.01
        full = [line for line in lines if set(line.text) == {"9"}]
        assert all(len(line.text) == int((100 + 0.01) // (8 + CS)) for line in full[:-1])


def test_url_and_long_number_break_rather_than_overflow() -> None:
    url = "https://example.com/" + "abcdefghij" * 20 + "?q=1&r=2"
    for text in ("网址" + url + "为准。", "数字" + "1" * 40 + "结束", "编号" + "ABC-" * 30 + "止"):
        for width in (LINE, 200.0, 100.0, 30.0):
            lines = lay(text, width=width)
            if text.startswith("编号"):  # cut after its own hyphens, or between letters with one added
                assert "".join(texts(lines)).replace("-", "") == text.replace("-", "")
            else:
                assert "".join(texts(lines)) == text
            assert all(line.natural_width <= width + 0.01 for line in lines), (text, width)


def test_mixed_run_boundary_inside_a_long_token() -> None:
    # A long token across two runs of different sizes: each piece measured in its own run.
    runs = [Run("7" * 100, "S", 16), Run("7" * 100, "S", 12)]
    lines = typeset(runs, measure, 100.0)
    assert "".join(texts(lines)) == "7" * 200
    assert all(line.natural_width <= 100 + 0.01 for line in lines)
    assert [len(t) for t in texts(lines)][:3] == [12, 12, 12]  # 8 pt digits
    assert max(len(t) for t in texts(lines)) == 16  # 6 pt digits


def test_long_paragraph_of_hanzi_and_long_numbers_breaks_with_linear_work() -> None:
    text = (HANZI + "，2019年" + "1" * 70 + "。") * (200_000 // (len(HANZI) + 78))
    counting = CountingMeasure()
    lines = typeset([Run(text, "S", 16)], counting, LINE, char_space=CS, first_indent=2 * CELL)
    assert sum(len(line.text) for line in lines) == len(text)
    assert counting.chars <= 2 * len(text)


def test_unbreakable_stretch_longer_than_a_line_is_cut_where_it_starts() -> None:
    # "网址" used to stand alone on the first line, spread over all of it, the URL pushed to the next.
    url = "https://example.com/" + "abcdefghij" * 20
    lines = lay("网址" + url + "为准。", first_indent=2 * CELL)
    assert lines[0].text.startswith("网址https://")
    assert lines[0].extent == pytest.approx(LINE)
    assert lines[0].natural_width > LINE - 2 * CELL - 8  # filled: cut within a character of the end
    # Justification space goes between 网, 址 and the URL, not between "https", ":" and "/".
    assert any(f.text.startswith("https://example.com/") for f in lines[0].fragments)
    assert "".join(texts(lines)) == "网址" + url + "为准。"


def test_url_breaks_after_its_separators() -> None:
    # A URL may end a line after / . - _ ? & = @ (after the last of a run: "https://" stays whole).
    lines = lay("字" * 24 + "https://a.cn/x" + "后" * 20)
    assert texts(lines)[0] == "字" * 24 + "https://" and texts(lines)[1].startswith("a.cn/x后")
    assert_justified(lines)
    lines = lay("字" * 22 + "https://a.cn/x" + "后" * 20)
    assert texts(lines)[0] == "字" * 22 + "https://a." and texts(lines)[1].startswith("cn/x后")


def test_short_number_and_word_still_move_whole() -> None:
    for token in ("2019", "17.15", "Annual", "COVID-19"):
        lines = lay("字" * 27 + token + "后" * 20)
        assert texts(lines)[0] == "字" * 27 and texts(lines)[1].startswith(token)
