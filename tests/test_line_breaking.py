"""Issue 9, point 1: break opportunities inside URLs, e-mail addresses, long Latin words and long digit strings,
kinsoku after them, and no line spread too thin where a break elsewhere avoids it (fake monospaced measure)."""

from __future__ import annotations

from annualreport.render.pdf.typeset import MAX_STRETCH, Line

from .test_typeset import CELL, CS, LINE, assert_kinsoku, lay, measure, texts


def assert_not_over_stretched(lines: tuple[Line, ...], size: float = 16) -> None:
    """No justified line widens the gap between two characters by more than a quarter em (the fragments are
    drawn at their natural width; every gap between them is justification space)."""
    for line in lines[:-1]:
        spans = [(f.x, f.x + measure(f.text, f.font, f.size) + CS * len(f.text)) for f in line.fragments]
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert start - end <= MAX_STRETCH * size + 1e-6, line.text


def unhyphenated(lines: tuple[Line, ...]) -> str:
    return "".join(t.removesuffix("-") for t in texts(lines))


def test_url_breaks_only_after_its_separators_and_keeps_kinsoku() -> None:
    url = "https://www.naiman.gov.cn/zwgk/2019/xxgk_notice.html?id=2019-0315&type=report"
    for n in range(10, 28):
        text = "字" * n + url + "。后" + "后" * 30
        lines = lay(text)
        assert "".join(texts(lines)) == text
        assert_kinsoku(lines)
        assert_not_over_stretched(lines)
        for line in lines[:-1]:
            if line.text[-1] not in "字后。":  # a line ending inside the URL ends after a separator
                assert line.text[-1] in "/.-_?&=@", line.text


def test_email_breaks_after_at_and_dots() -> None:
    mail = "office_dqtl@tongliao-county.gov.cn"
    lines = lay("字" * 20 + "联系邮箱" + mail + "，后" * 20)
    assert texts(lines)[0] == "字" * 20 + "联系邮箱office_"
    assert texts(lines)[1].startswith("dqtl@tongliao-county.gov.cn，")


def test_long_latin_word_is_hyphenated_at_a_syllable() -> None:
    lines = lay("字" * 20 + "Internationalization of standards" + "后" * 30)
    assert texts(lines)[0] == "字" * 20 + "International-"
    assert texts(lines)[1].startswith("ization of")
    assert_not_over_stretched(lines)


def test_word_without_a_fitting_syllable_break_is_cut_between_letters_as_a_last_resort() -> None:
    text = "字" * 8 + "characteristically telecommunications等议题（environmentally），" + "后" * 30
    lines = lay(text)
    assert_kinsoku(lines)
    assert_not_over_stretched(lines)
    assert unhyphenated(lines) == text


def test_short_words_are_not_hyphenated() -> None:
    lines = lay("字" * 24 + "annual report is " + "后" * 30)
    assert not any(t.endswith("-") for t in texts(lines))


def test_long_digit_string_is_cut_only_when_nothing_else_fits() -> None:
    digits = "1234567890" * 4
    # After a few hanzi the 40 digits would leave the line spread thin: they are cut, filling it.
    lines = lay("字" * 22 + digits + "，后" + "后" * 30)
    assert texts(lines)[0].startswith("字" * 22 + "1") and lines[0].natural_width > LINE - 9
    assert_kinsoku(lines)
    assert_not_over_stretched(lines)
    # With a line of hanzi to spread the slack over, a long number moves whole.
    lines = lay("字" * 26 + "12345678" + "后" * 30)
    assert texts(lines)[0] == "字" * 26 and texts(lines)[1].startswith("12345678")


def test_two_em_marks_stay_whole_after_urls_and_numbers() -> None:
    for mark in ("……", "——"):
        for n in range(14, 28):
            text = "字" * n + "www.example.org/a_b" + mark + "后" * 10 + "1234567890" * 4 + mark + "后" * 30
            lines = lay(text)
            assert "".join(texts(lines)) == text
            assert all(not t.startswith(mark[0]) for t in texts(lines))
            assert all(not t.endswith(mark[0]) or t.endswith(mark) for t in texts(lines))


def test_no_closing_mark_starts_a_line_after_a_long_run() -> None:
    for run in ("https://example.com/" + "abcdefghij" * 5, "1" * 60, "Pneumonoultramicroscopicsilicovolcanoconiosis"):
        for n in range(0, 28, 3):
            for mark in "，。）》”；：":
                assert_kinsoku(lay("字" * n + run + mark + "后" * 40))


def test_no_line_is_over_stretched_where_a_break_elsewhere_avoids_it() -> None:
    text = ("各生调调上不乡进新感作业稳新，详见https://www.gov.cn/zhengce/content/2018-06/01/content_5295304.htm，"
            "项目编码1234567890123456789012345678901234567890，外方代表介绍了infrastructure environmentally"
            "等议题（internationalization），联系邮箱zhang.san@naiman.gov.cn。")  # fmt: skip
    for cut in range(0, 15):  # every position of the URL, number and words on the line
        lines = lay(text[cut:] * 3, first_indent=2 * CELL)
        assert_not_over_stretched(lines)
        assert_kinsoku(lines)
