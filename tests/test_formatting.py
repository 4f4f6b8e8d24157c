"""Tests for annualreport.formatting: numbers, ranges, changes, dates and Chinese numerals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import pytest

from annualreport.formatting import (
    DASH,
    RANGE_SEPARATOR,
    chinese_numeral,
    format_change,
    format_completion,
    format_date,
    format_quantity,
    format_range,
    year_in_chinese,
)

NBSP = "\xa0"
NNBSP = "\u202f"


# --------------------------------------------------------------------------- plain


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (0, "", "0"),
        (D("0"), "个", "0个"),
        (7, "处", "7处"),
        (8800, "人次", "8800人次"),
        (7000, "亩", "7000亩"),
        (20600, "", "20600"),  # the seed writes 1187户, 4441亩: no grouping by default
        (206000, "头（只）", "206000头（只）"),
        (27360000, "元", "27360000元"),
        (D("17.15"), "万亩", "17.15万亩"),
        (D("8.50"), "万平方米", "8.50万平方米"),
        (D("0.10"), "", "0.10"),
        (D("1234567.891"), "", "1234567.891"),
        (D("1E+3"), "", "1000"),
        (D("-35"), "人", "-35人"),
        (D("-0.00"), "", "0.00"),
        (-0, "", "0"),
    ],
)
def test_plain_keeps_decimal_precision(value: D | int, unit: str, expected: str) -> None:
    assert format_quantity(value, unit=unit) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("8.5"), 2, "8.50"),
        (D("17.15"), 1, "17.2"),  # half up, not banker's (17.2 either way; next case decides)
        (D("0.125"), 2, "0.13"),  # half-even would give 0.12
        (D("2.5"), 0, "3"),
        (D("-2.5"), 0, "-3"),
        (D("1234567.891"), 0, "1234568"),
        (7, 2, "7.00"),
    ],
)
def test_plain_places_round_half_up(value: D | int, places: int, expected: str) -> None:
    assert format_quantity(value, places=places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (8800, "8800"),  # four digits stay ungrouped even when asked
        (9999, "9999"),
        (20600, "20,600"),
        (624000, "624,000"),
        (D("1234567.891"), "1,234,567.891"),
        (D("-1234567.891"), "-1,234,567.891"),
    ],
)
def test_grouping_only_from_five_digits(value: D | int, expected: str) -> None:
    assert format_quantity(value, group=True) == expected


def test_zh_cn_minus_is_ascii_hyphen_minus() -> None:
    # GB/T 15835 accepts "-" or "−"; we use the CLDR zh_CN symbol, which is U+002D.
    assert format_quantity(D("-17.15")) == "-17.15"
    assert format_quantity(D("-22000"), display="compact") == "-2.2万"


# --------------------------------------------------------------------------- compact


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (0, "", "0"),
        (7, "个", "7个"),
        (8800, "", "8800"),
        (D("8800.0"), "人次", "8800人次"),  # compact trims trailing zeros
        (9999, "", "9999"),
        (10000, "", "1万"),
        (20600, "元", "2.06万元"),
        (22000, "", "2.2万"),
        (22000, "亩", "2.2万亩"),
        (206000, "头（只）", "20.6万头（只）"),
        (27360000, "元", "2736万元"),
        (1234567, "", "123.4567万"),  # exact: never rounds without places
        (100000000, "", "1亿"),
        (150000000, "", "1.5亿"),
        (D("150000000.00"), "", "1.5亿"),
        (D("345000000"), "元", "3.45亿元"),
        (D("1.5E12"), "元", "1.5万亿元"),
        (D("-150000000"), "", "-1.5亿"),
        (D("0.50"), "", "0.5"),
    ],
)
def test_compact_wan_yi(value: D | int, unit: str, expected: str) -> None:
    assert format_quantity(value, unit=unit, display="compact") == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (D("20.6"), "万头（只）", "20.6万头（只）"),  # value already in 万: unit verbatim
        (D("8.5"), "万平方米", "8.5万平方米"),
        (355, "万元", "355万元"),
        (D("0.5"), "万元", "0.5万元"),  # never demoted to 5000元
        (22000, "万元", "2.2亿元"),  # promoted rather than 2.2万万元
        (D("3.45"), "亿元", "3.45亿元"),
    ],
)
def test_compact_unit_already_in_wan(value: D | int, unit: str, expected: str) -> None:
    assert format_quantity(value, unit=unit, display="compact") == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (1234567, 1, "123.5万"),
        (1234567, 0, "123万"),
        (1235000, 0, "124万"),  # half up
        (1500000, 2, "150万"),  # places caps digits; zeros still trimmed
        (99999600, 1, "1亿"),  # rounding carries into the next word, not 10000万
        (99996, 0, "10万"),
        (9999, 0, "9999"),
        (D("9999.6"), 0, "1万"),
    ],
)
def test_compact_places(value: D | int, places: int, expected: str) -> None:
    assert format_quantity(value, display="compact", places=places) == expected


# --------------------------------------------------------------------------- percent


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("81.9"), None, "81.9%"),
        (100, None, "100%"),
        (D("34.05"), None, "34.05%"),
        (D("0"), None, "0%"),
        (D("12.50"), None, "12.50%"),
        (D("81.95"), 1, "82.0%"),
        (D("-3.2"), None, "-3.2%"),
    ],
)
def test_percent(value: D | int, places: int | None, expected: str) -> None:
    assert format_quantity(value, display="percent", places=places) == expected


def test_percent_ignores_unit() -> None:
    assert format_quantity(D("81.9"), display="percent", unit="元") == "81.9%"


# --------------------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (8800, {"unit": "人次", "qualifier": "余"}, "8800余人次"),
        (900, {"unit": "名", "qualifier": "多"}, "900多名"),
        (20000, {"unit": "人次", "qualifier": "余", "display": "compact"}, "2万余人次"),
        (2, {"unit": "万人次", "qualifier": "余"}, "2万余人次"),  # 余 after 万, not 2余万人次
        (1500, {"unit": "元", "qualifier": "以上"}, "1500元以上"),
        (30, {"unit": "分钟", "qualifier": "左右"}, "30分钟左右"),
        (50, {"unit": "人", "qualifier": "上下"}, "50人上下"),
        (300, {"unit": "人", "qualifier": "约"}, "约300人"),
        (100, {"unit": "户", "qualifier": "近"}, "近100户"),
        (150000000, {"unit": "元", "qualifier": "超", "display": "compact"}, "超1.5亿元"),
        (30, {"display": "percent", "qualifier": "以上"}, "30%以上"),
        (30, {"display": "percent", "qualifier": "约"}, "约30%"),
        (100, {"unit": "人", "qualifier": "逾", "qualifier_position": "before"}, "逾100人"),
        (5, {"unit": "人", "qualifier": "余", "qualifier_position": "after_unit"}, "5人余"),
        # The author's 60余万元: before the 万 word; after_number keeps 60万余元.
        (60, {"unit": "万元", "qualifier": "余", "qualifier_position": "after_digits"}, "60余万元"),
        (60, {"unit": "万元", "qualifier": "余", "qualifier_position": "after_number"}, "60万余元"),
        (600000, {"unit": "元", "qualifier": "多", "qualifier_position": "after_digits", "display": "compact"}, "60多万元"),
        (8800, {"unit": "人次", "qualifier": "余", "qualifier_position": "after_digits"}, "8800余人次"),
    ],
)
def test_qualifier_positions(value: D | int, kwargs: dict[str, str], expected: str) -> None:
    assert format_quantity(value, **kwargs) == expected  # type: ignore[arg-type]


def test_unknown_qualifier_names_it_and_lists_known() -> None:
    with pytest.raises(ValueError, match="'大约'") as info:
        format_quantity(300, unit="人", qualifier="大约")
    for known in ("约", "近", "超", "余", "多", "以上", "左右", "上下"):
        assert known in str(info.value)


def test_qualifier_inside_percentage_rejected() -> None:
    with pytest.raises(ValueError, match="余"):
        format_quantity(30, display="percent", qualifier="余")


def test_bad_qualifier_position_and_display() -> None:
    with pytest.raises(ValueError, match="qualifier_position"):
        format_quantity(3, qualifier="约", qualifier_position="middle")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="display"):
        format_quantity(3, display="scientific")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- input checks


def test_float_rejected() -> None:
    with pytest.raises(TypeError, match="Decimal"):
        format_quantity(17.15)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_quantity(True)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), D("-Infinity")])
def test_non_finite_rejected(value: D) -> None:
    with pytest.raises(ValueError, match="finite"):
        format_quantity(value)


def test_negative_places_rejected() -> None:
    with pytest.raises(ValueError, match="places"):
        format_quantity(3, places=-1)


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (D("1E+20"), {"places": 12}, "100000000000000000000.000000000000"),
        (D("1234567890123456789"), {"places": 10}, "1234567890123456789.0000000000"),
        (D("1e30"), {}, "1" + "0" * 30),
        (D("1e30"), {"display": "compact"}, "1000000000000000000万亿"),
        (D("1e30"), {"display": "percent", "places": 2}, "1" + "0" * 30 + ".00%"),
        (D("1e30"), {"display": "compact", "locale": "en_US", "places": 1}, "1000000000000000000T"),
        (D("99999999999999999999999999999.95"), {"places": 1}, "100000000000000000000000000000.0"),
    ],
)  # fmt: skip
def test_large_and_fine_values_are_formatted_exactly(value: D, kwargs: dict, expected: str) -> None:
    """The default 28-digit context made quantize raise decimal.InvalidOperation on each of these."""
    assert format_quantity(value, **kwargs) == expected


def test_large_changes_and_rates_are_formatted_exactly() -> None:
    assert format_change(D("1E+20"), D("1"), places=12) == ("+99999999999999999999.000000000000", "+" + "9" * 20 + "00.0%")
    assert format_completion(D("1e30"), D("1e-30")) == "1" + "0" * 62 + ".0%"


@pytest.mark.parametrize("value", [D("1e-999999999"), D("1e999999999"), D("1e-101"), D("1e100")])
def test_values_beyond_a_hundred_digits_a_side_are_refused_at_once(value: D) -> None:
    """1E-999999999 printed a billion zeros (2 GB); no figure has more than 100 digits either side."""
    with pytest.raises(ValueError, match="at most 100 digits each side of the point"):
        format_quantity(value)
    with pytest.raises(ValueError, match="places"):
        format_quantity(1, places=101)
    assert format_quantity(D("1e-100")) == "0." + "0" * 99 + "1"


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("low", "high", "kwargs", "expected"),
    [
        (900000000, 1600000000, {"display": "compact"}, "9亿～16亿"),
        (9, 16, {"unit": "亿元"}, "9亿～16亿元"),
        (15, 30, {"display": "percent"}, "15%～30%"),
        (100, 150, {"unit": "kg"}, "100～150kg"),
        (100, 150, {"unit": "亩"}, "100～150亩"),
        (8000, 22000, {"unit": "亩", "display": "compact"}, "8000～2.2万亩"),
        (100, 150, {"unit": "kg", "qualifier": "约"}, "约100～150kg"),
        (1500, 2000, {"unit": "元", "qualifier": "左右"}, "1500～2000元左右"),
        (D("-5"), D("-3"), {"unit": "℃"}, "-5～-3℃"),
        (5, 5, {}, "5～5"),
    ],
)
def test_range(low: D | int, high: D | int, kwargs: dict[str, str], expected: str) -> None:
    assert format_range(low, high, **kwargs) == expected  # type: ignore[arg-type]


def test_range_separator_is_fullwidth_tilde() -> None:
    assert RANGE_SEPARATOR == "\uff5e"
    assert format_range(1, 2, separator="—") == "1—2"


def test_range_rejects_inverted_and_inner_qualifier() -> None:
    with pytest.raises(ValueError, match="greater"):
        format_range(150, 100)
    with pytest.raises(ValueError, match="余"):
        format_range(100, 150, unit="人", qualifier="余")


# --------------------------------------------------------------------------- changes


@pytest.mark.parametrize(
    ("current", "previous", "kwargs", "expected"),
    [
        (10800, 9600, {}, ("+1200", "+12.5%")),
        (100, 135, {}, ("-35", "-25.9%")),
        (100, 100, {}, ("0", "0.0%")),
        (D("17.15"), D("17.15"), {}, ("0.00", "0.0%")),
        (D("17.15"), D("15.00"), {}, ("+2.15", "+14.3%")),
        (5, 0, {}, ("+5", DASH)),
        (0, 0, {}, ("0", DASH)),
        (5, None, {}, (DASH, DASH)),
        (None, 5, {}, (DASH, DASH)),
        (10800, 9600, {"unit": "人"}, ("+1200人", "+12.5%")),
        (206000, 184000, {"unit": "头（只）", "display": "compact"}, ("+2.2万头（只）", "+12.0%")),
        (D("84.4"), D("81.9"), {"display": "percent"}, ("+2.5个百分点", "+3.1%")),
        (D("81.9"), D("84.4"), {"display": "percent"}, ("-2.5个百分点", "-3.0%")),
        (D("100"), D("100"), {"display": "percent"}, ("0个百分点", "0.0%")),
        (10800, 9600, {"rate_places": 2}, ("+1200", "+12.50%")),
        (D("1.004"), D("1"), {"places": 2}, ("0.00", "+0.4%")),  # sign follows the printed value
        (D("1.0004"), D("1"), {}, ("+0.0004", "0.0%")),
        (-50, -100, {}, ("+50", "+50.0%")),  # relative to |previous|: less negative is up
    ],
)
def test_change(
    current: D | int | None, previous: D | int | None, kwargs: dict[str, object], expected: tuple[str, str]
) -> None:
    assert format_change(current, previous, **kwargs) == expected  # type: ignore[arg-type]


def test_change_other_locale() -> None:
    assert format_change(D("81.9"), D("84.4"), display="percent", locale="de_DE") == (
        "-2,5 pp",
        f"-3,0{NBSP}%",
    )
    assert format_change(D("1300.5"), D("1200"), locale="en_US") == ("+100.5", "+8.4%")


# --------------------------------------------------------------------------- completion


@pytest.mark.parametrize(
    ("current", "target", "expected"),
    [
        (D("105.3"), 100, "105.3%"),
        (1053, 1000, "105.3%"),
        (100, 100, "100.0%"),
        (2, 3, "66.7%"),
        (D("0.0005"), 1, "0.1%"),  # 0.05 half up
        (0, 100, "0.0%"),
        (5, 0, DASH),
        (5, None, DASH),
        (None, 5, DASH),
    ],
)
def test_completion(current: D | int | None, target: D | int | None, expected: str) -> None:
    assert format_completion(current, target) == expected


def test_completion_places_and_locale() -> None:
    assert format_completion(2, 3, places=2) == "66.67%"
    assert format_completion(2, 3, locale="de_DE") == f"66,7{NBSP}%"


# --------------------------------------------------------------------------- other locales


def test_other_locale_decimal_separator() -> None:
    assert format_quantity(D("17.15"), locale="en_US") == "17.15"
    assert format_quantity(D("17.15"), locale="de_DE") == "17,15"
    assert format_quantity(D("1234567.891"), locale="de_DE") == "1234567,891"
    assert format_quantity(D("1234567.891"), group=True, locale="de_DE") == "1.234.567,891"
    assert format_quantity(D("1234567.891"), group=True, locale="en_US") == "1,234,567.891"
    assert format_quantity(D("1234567.891"), group=True, locale="fr_FR") == f"1{NNBSP}234{NNBSP}567,891"
    assert format_quantity(D("8.50"), unit=" kg", locale="de_DE") == "8,50 kg"


def test_other_locale_percent_uses_locale_pattern() -> None:
    assert format_quantity(D("81.9"), display="percent", locale="en_US") == "81.9%"
    assert format_quantity(D("81.9"), display="percent", locale="de_DE") == f"81,9{NBSP}%"


def test_other_locale_compact_is_babel_short() -> None:
    assert format_quantity(206000, display="compact", locale="en_US") == "206K"
    assert format_quantity(1234567, display="compact", locale="en_US") == "1.234567M"  # exact
    assert format_quantity(2500, display="compact", places=0, locale="en_US") == "3K"  # half up
    assert format_quantity(150000000, unit=" t", display="compact", locale="en_US") == "150M t"
    # No 万 for other locales: the unit is appended verbatim.
    assert format_quantity(D("20.6"), unit="万", display="compact", locale="en_US") == "20.6万"


def test_zh_hant_uses_its_own_words() -> None:
    assert format_quantity(150000000, display="compact", locale="zh_TW") == "1.5億"
    assert format_quantity(22000, display="compact", locale="zh_TW") == "2.2萬"


def test_locale_object_accepted() -> None:
    from babel import Locale

    assert format_quantity(22000, display="compact", locale=Locale.parse("zh_CN")) == "2.2万"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2019, 1, 15), "2019年1月15日"),
        (date(2019, 1, 5), "2019年1月5日"),
        (date(2018, 12, 31), "2018年12月31日"),
        (datetime(2019, 3, 1, 8, 30), "2019年3月1日"),
    ],
)
def test_date_zh(d: date, expected: str) -> None:
    assert format_date(d) == expected


def test_date_other_locales() -> None:
    assert format_date(date(2019, 1, 5), "en_US") == "January 5, 2019"
    assert format_date(date(2019, 1, 5), "de_DE") == "5. Januar 2019"
    assert format_date(date(2019, 1, 5), "zh_TW") == "2019年1月5日"


# --------------------------------------------------------------------------- numerals


def _expected_numeral(n: int) -> str:
    """Independent spelling for 1..120, built from words rather than digit arithmetic."""
    ones = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    tens = ["", "十", "二十", "三十", "四十", "五十", "六十", "七十", "八十", "九十"]
    if n < 10:
        return ones[n]
    if n < 100:
        return tens[n // 10] + ones[n % 10]
    if n == 100:
        return "一百"
    if n < 110:
        return "一百零" + ones[n - 100]
    # After 百 the tens keep their 一: 一百一十, not 一百十.
    tens_after_hundred = ["", "一十"] + tens[2:]
    return "一百" + tens_after_hundred[(n - 100) // 10] + ones[n % 10]


@pytest.mark.parametrize("n", range(1, 121))
def test_chinese_numeral_1_to_120(n: int) -> None:
    assert chinese_numeral(n) == _expected_numeral(n)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (200, "二百"),
        (205, "二百零五"),
        (350, "三百五十"),
        (999, "九百九十九"),
    ],
)
def test_chinese_numeral_table(n: int, expected: str) -> None:
    assert chinese_numeral(n) == expected


@pytest.mark.parametrize("n", [0, -1, 1000])
def test_chinese_numeral_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match="1..999"):
        chinese_numeral(n)


def test_chinese_numeral_type() -> None:
    with pytest.raises(TypeError):
        chinese_numeral(True)
    with pytest.raises(TypeError):
        chinese_numeral(1.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2018, "二〇一八"), (2000, "二〇〇〇"), (2019, "二〇一九"), (1949, "一九四九")],
)
def test_year_in_chinese(year: int, expected: str) -> None:
    assert year_in_chinese(year) == expected
    assert "零" not in year_in_chinese(year)


def test_year_in_chinese_rejects_nonpositive() -> None:
    with pytest.raises(ValueError):
        year_in_chinese(0)
