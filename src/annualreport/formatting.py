"""Locale-aware text for indicator values, changes, ranges, dates and Chinese numerals (GB/T 15835-2011)."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import Literal, NamedTuple

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    format_percent,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
)

__all__ = [
    "AFTER_NUMBER_QUALIFIERS",
    "AFTER_UNIT_QUALIFIERS",
    "BEFORE_QUALIFIERS",
    "QUALIFIER_POSITIONS",
    "DASH",
    "RANGE_SEPARATOR",
    "Display",
    "QualifierPosition",
    "chinese_numeral",
    "format_change",
    "format_completion",
    "format_date",
    "format_quantity",
    "format_range",
    "year_in_chinese",
]

Display = Literal["plain", "compact", "percent"]
QualifierPosition = Literal["auto", "before", "after_digits", "after_number", "after_unit"]
"""Where a qualifier goes: ``before`` 约300人; ``after_digits`` 60余万元 (before the 万/亿 word); ``after_number``
8800余人次, 2万余人次 (after the 万/亿 word); ``after_unit`` 1500元以上; ``auto`` the place GB/T 15835 gives the word."""
QUALIFIER_POSITIONS: tuple[str, ...] = ("auto", "before", "after_digits", "after_number", "after_unit")

BEFORE_QUALIFIERS = ("约", "近", "超")
"""Written in front of the number: 约300人."""
AFTER_NUMBER_QUALIFIERS = ("余", "多")
"""Written between the number (with its 万/亿) and the unit: 8800余人次, 2万余人次."""
AFTER_UNIT_QUALIFIERS = ("以上", "以下", "左右", "上下")
"""Written after the unit: 1500元以上."""

RANGE_SEPARATOR = "\uff5e"  # ～ FULLWIDTH TILDE, the range mark GB/T 15835 shows.
DASH = "\u2014"  # — shown where a rate cannot be computed (no base value).

_POSITIONS: dict[str, str] = {
    **{q: "before" for q in BEFORE_QUALIFIERS},
    **{q: "after_number" for q in AFTER_NUMBER_QUALIFIERS},
    **{q: "after_unit" for q in AFTER_UNIT_QUALIFIERS},
}
_DISPLAYS = ("plain", "compact", "percent")

# Fallback when a babel release lacks the zh compact data we read the words from.
_ZH_MAGNITUDES_FALLBACK = ((4, "万"), (8, "亿"), (12, "万亿"))

MAX_DIGITS_EACH_SIDE = 100
"""Numbers formatted here have at most this many digits before the point and after it (and ``places``
at most this many): 1E-999999999 would otherwise print a billion zeros. The loader's limits are far
tighter (limits.Limits.indicator_integer_digits, indicator_places)."""

# GB/T 15835: digits may be grouped only in numbers of five or more integer digits.
_GROUPING_THRESHOLD = Decimal(10000)

# The numeric core of an LDML pattern ("#,##0.###"); replaced to control digits exactly.
_PATTERN_CORE = re.compile(r"[#0,.]+")

_CN_DIGITS = "零一二三四五六七八九"
_CN_YEAR_DIGITS = "〇一二三四五六七八九"  # 〇, not 零, in numbering (GB/T 15835).


# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=32)
def _parse_locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


def _locale(locale: str | Locale) -> Locale:
    return locale if isinstance(locale, Locale) else _parse_locale(locale)


def _is_zh(loc: Locale) -> bool:
    return loc.language == "zh"


def _as_decimal(value: object, name: str) -> Decimal:
    # bool is an int subclass; True as a quantity is always a caller bug.
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        hint = " (floats carry binary rounding error; pass Decimal(str(x)))" if isinstance(value, float) else ""
        raise TypeError(f"{name} must be Decimal or int, got {type(value).__name__}{hint}")
    d = Decimal(value)
    if not d.is_finite():
        raise ValueError(f"{name} must be a finite number, got {d}")
    if d and not -MAX_DIGITS_EACH_SIDE <= d.adjusted() < MAX_DIGITS_EACH_SIDE or -_exponent(d) > MAX_DIGITS_EACH_SIDE:
        # 1E-999999999 would print a billion zeros: refused, as no figure has that many digits
        raise ValueError(f"{name} must have at most {MAX_DIGITS_EACH_SIDE} digits each side of the point, got {d:.6E}")
    return d


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite values only reach here
    return exponent


def _precision(value: Decimal, fraction_digits: int) -> int:
    """Context precision that holds ``value`` with ``fraction_digits`` after the point exactly: the
    default 28 digits make quantize (ours and babel's) raise InvalidOperation on 1E+20 at 12 places."""
    integer_digits = max(value.adjusted(), 0) + 1 if value else 1
    return max(28, integer_digits + fraction_digits + 4)


def _check_places(places: int | None, name: str = "places") -> None:
    if places is not None and (
        isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= MAX_DIGITS_EACH_SIDE
    ):
        raise ValueError(f"{name} must be an int from 0 to {MAX_DIGITS_EACH_SIDE} or None, got {places!r}")


def _round(value: Decimal, places: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = _precision(value, places)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _trim(value: Decimal) -> Decimal:
    # normalize() alone turns 2700 into 2.7E+3, so integers are quantized instead.
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _fraction_digits(value: Decimal) -> int:
    return max(0, -_exponent(value))


def _divide(a: Decimal, b: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 50 + 2 * MAX_DIGITS_EACH_SIDE  # a quotient of two formattable numbers, exactly enough
        return a / b


def _pattern(template: str, value: Decimal, group: bool) -> str:
    """The locale's pattern with its numeric core rewritten to print exactly value's digits."""
    positive = template.split(";")[0]
    core = _PATTERN_CORE.search(positive)
    assert core is not None  # every CLDR decimal/percent pattern has a core
    integer = core.group(0).split(".")[0]
    if not (group and abs(value) >= _GROUPING_THRESHOLD):
        integer = "0"
    frac = _fraction_digits(value)
    new_core = integer + ("." + "0" * frac if frac else "")
    return positive[: core.start()] + new_core + positive[core.end() :]


def _digits(value: Decimal, loc: Locale, group: bool) -> str:
    """value in the locale's digits, keeping exactly the precision value carries."""
    if value == 0:
        value = value.copy_abs()  # never print "-0"
    pattern = _pattern(loc.decimal_formats[None].pattern, value, group)
    with localcontext() as ctx:  # babel quantizes in the current context
        ctx.prec = _precision(value, _fraction_digits(value))
        return format_decimal(value, format=pattern, locale=loc)


def _percent(value: Decimal, loc: Locale, group: bool) -> str:
    """value (a percentage number, 81.9) with the locale's percent sign and spacing."""
    if value == 0:
        value = value.copy_abs()
    pattern = _pattern(loc.percent_formats[None].pattern, value, group)
    # babel's percent patterns multiply by 100; scaleb keeps the division exact.
    with localcontext() as ctx:
        ctx.prec = _precision(value, _fraction_digits(value) + 2)
        return format_percent(value.scaleb(-2), format=pattern, locale=loc)


@lru_cache(maxsize=32)
def _zh_magnitudes(loc: Locale) -> tuple[tuple[int, str], ...]:
    """(power of ten, word) for 万/亿/万亿 (萬/億/兆 for zh_Hant), read from CLDR compact data."""
    found: list[tuple[int, str]] = []
    try:
        patterns = loc.compact_decimal_formats["short"]["other"]
        for magnitude, pattern in patterns.items():
            # Only patterns with a single 0 start a new word ("0万"); "00万" reuses it.
            if pattern.pattern.count("0") == 1 and not pattern.prefix[0]:
                word = pattern.suffix[0].strip()
                if word:
                    found.append((len(magnitude) - 1, word))
    except (KeyError, AttributeError):
        found = []
    return tuple(sorted(found)) or _ZH_MAGNITUDES_FALLBACK


def _split_unit(unit: str, loc: Locale) -> tuple[int, str, str]:
    """Split a leading 万/亿 off the unit: "万头（只）" -> (4, "万", "头（只）")."""
    if _is_zh(loc):
        # Longest word first so that 万亿 is not read as 万.
        for power, word in sorted(_zh_magnitudes(loc), key=lambda m: -len(m[1])):
            if unit.startswith(word):
                return power, word, unit[len(word) :]
    return 0, "", unit


def _compact_zh(value: Decimal, unit: str, loc: Locale, places: int | None, group: bool) -> tuple[str, str, str]:
    unit_power, unit_word, rest = _split_unit(unit, loc)
    # A value given in 万 never needs a smaller word; 22000万元 becomes 2.2亿元.
    steps = [(unit_power, unit_word)] + [m for m in _zh_magnitudes(loc) if m[0] > unit_power]
    absolute = value.scaleb(unit_power)
    index = 0
    for i, (power, _word) in enumerate(steps):
        if abs(absolute) >= Decimal(1).scaleb(power):
            index = i
    while True:
        power, word = steps[index]
        scaled = absolute.scaleb(-power)
        if places is not None:
            scaled = _round(scaled, places)
        # Rounding may carry up to the next word: 9999.96万 at one place is 1亿, not 10000万.
        if index + 1 < len(steps) and abs(scaled) >= Decimal(1).scaleb(steps[index + 1][0] - power):
            index += 1
            continue
        return _digits(_trim(scaled), loc, group), word, rest


def _compact_other(value: Decimal, loc: Locale, places: int | None) -> str:
    if places is None:
        # Enough fraction digits that no division by a magnitude can lose one; babel trims the rest.
        fraction_digits = len(value.as_tuple().digits) + _fraction_digits(value)
    else:
        fraction_digits = places
    with localcontext() as ctx:
        # babel rounds with the context; GB/T practice and our zh path round half up.
        ctx.rounding = ROUND_HALF_UP
        ctx.prec = _precision(value, fraction_digits)
        return format_compact_decimal(value, locale=loc, fraction_digits=fraction_digits)


class _Parts(NamedTuple):
    digits: str
    """The digits, with the percent sign of a percentage."""
    word: str
    """The 万/亿 word after the digits, or ""."""
    unit: str
    """What follows: the unit without its 万/亿."""

    @property
    def number(self) -> str:
        """Digits with their 万/亿 word or percent sign."""
        return self.digits + self.word


def _parts(value: Decimal, unit: str, display: str, places: int | None, group: bool, loc: Locale) -> _Parts:
    if display not in _DISPLAYS:
        raise ValueError(f"display must be one of {', '.join(_DISPLAYS)}, got {display!r}")
    if display == "percent":
        if places is not None:
            value = _round(value, places)
        return _Parts(_percent(value, loc, group), "", "")
    if display == "compact":
        if _is_zh(loc):
            return _Parts(*_compact_zh(value, unit, loc, places, group))
        return _Parts(_compact_other(value, loc, places), "", unit)
    if places is not None:
        value = _round(value, places)
    _power, word, rest = _split_unit(unit, loc)
    return _Parts(_digits(value, loc, group), word, rest)


def _qualifier_position(qualifier: str, position: str) -> str:
    if position == "auto":
        try:
            return _POSITIONS[qualifier]
        except KeyError:
            known = "、".join(_POSITIONS)
            raise ValueError(
                f"unknown qualifier {qualifier!r}; known qualifiers are {known} "
                "(pass qualifier_position to place any other word)"
            ) from None
    if position not in QUALIFIER_POSITIONS[1:]:
        raise ValueError(f"qualifier_position must be one of {', '.join(QUALIFIER_POSITIONS)}, got {position!r}")
    return position


def _signed(text_of_abs: str, sign: int, loc: Locale) -> str:
    if sign > 0:
        return get_plus_sign_symbol(loc) + text_of_abs
    if sign < 0:
        return get_minus_sign_symbol(loc) + text_of_abs
    return text_of_abs


def _sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


def _rate(numerator: Decimal, denominator: Decimal, places: int) -> Decimal:
    return _round(_divide(numerator * 100, denominator), places)


# --------------------------------------------------------------------------- public API


def format_quantity(
    value: Decimal | int,
    *,
    unit: str = "",
    display: Display = "plain",
    qualifier: str = "",
    qualifier_position: QualifierPosition = "auto",
    places: int | None = None,
    group: bool = False,
    locale: str | Locale = "zh_CN",
) -> str:
    """Format one indicator value as it is written in running text.

    ``plain`` prints Arabic digits with the Decimal's own precision (``Decimal("8.50")``
    -> ``8.50``), or exactly ``places`` fraction digits rounded half up. ``group=True``
    groups thousands with the locale's separator, but only from five integer digits
    on (GB/T 15835 leaves 4-digit numbers ungrouped).

    ``compact`` writes 万/亿/万亿 for zh locales (``20.6万``, ``1.5亿``); below 1万 the
    number stays as it is. Trailing zeros are trimmed and nothing is rounded unless
    ``places`` is given, which then caps the fraction digits (half up). A unit that
    starts with 万/亿 means the value is already in that unit: it is written verbatim
    (20.6, ``万头（只）`` -> ``20.6万头（只）``), and promoted only when the value itself
    reaches the next word (22000, ``万元`` -> ``2.2亿元``). Other locales use babel's
    short compact format (``206K``) with the unit appended verbatim.

    ``percent`` takes the percentage number (81.9 -> ``81.9%``) in the locale's percent
    pattern (de_DE: ``81,9 %``); ``unit`` is ignored.

    Negative numbers carry the locale's CLDR minus sign; for zh_CN that is the ASCII
    hyphen-minus ``-``, one of the two forms GB/T 15835 accepts.

    ``qualifier`` is placed by ``qualifier_position``; ``auto`` knows
    :data:`BEFORE_QUALIFIERS` (约300人), :data:`AFTER_NUMBER_QUALIFIERS` (2万余人次) and
    :data:`AFTER_UNIT_QUALIFIERS` (1500元以上) and rejects anything else; an explicit
    position accepts any word. ``after_digits`` puts it before the 万/亿 word (60余万元, as some authors
    write it; ``after_number`` gives 60万余元); without such a word the two are the same.
    """
    value = _as_decimal(value, "value")
    _check_places(places)
    loc = _locale(locale)
    parts = _parts(value, unit, display, places, group, loc)
    if not qualifier:
        return parts.number + parts.unit
    position = _qualifier_position(qualifier, qualifier_position)
    if position == "before":
        return qualifier + parts.number + parts.unit
    if position == "after_unit":
        return parts.number + parts.unit + qualifier
    if display == "percent":
        # Neither 30余% nor 30%余 is written; 30%以上 or 约30% say it properly.
        raise ValueError(f"qualifier {qualifier!r} cannot follow a percentage; use 约 or 以上/左右")
    if position == "after_digits":
        return parts.digits + qualifier + parts.word + parts.unit
    return parts.number + qualifier + parts.unit


def format_range(
    low: Decimal | int,
    high: Decimal | int,
    *,
    unit: str = "",
    display: Display = "plain",
    qualifier: str = "",
    qualifier_position: QualifierPosition = "auto",
    places: int | None = None,
    group: bool = False,
    locale: str | Locale = "zh_CN",
    separator: str = RANGE_SEPARATOR,
) -> str:
    """Format a range as GB/T 15835 writes it: 9亿～16亿, 15%～30%, 100～150kg.

    万/亿 and % are repeated on both ends; the rest of the unit is written once, at
    the end (``unit="万元"`` -> ``9万～16万元``). Options mean what they mean in
    :func:`format_quantity`; a qualifier may stand before the range or after its unit,
    not inside it.
    """
    lo = _as_decimal(low, "low")
    hi = _as_decimal(high, "high")
    _check_places(places)
    if lo > hi:
        raise ValueError(f"range low end {lo} is greater than high end {hi}")
    loc = _locale(locale)
    low_parts = _parts(lo, unit, display, places, group, loc)
    high_parts = _parts(hi, unit, display, places, group, loc)
    text = low_parts.number + separator + high_parts.number + high_parts.unit
    if not qualifier:
        return text
    position = _qualifier_position(qualifier, qualifier_position)
    if position == "before":
        return qualifier + text
    if position == "after_unit":
        return text + qualifier
    raise ValueError(f"qualifier {qualifier!r} goes between a number and its unit and cannot qualify a range")


def format_change(
    current: Decimal | int | None,
    previous: Decimal | int | None,
    *,
    unit: str = "",
    display: Display = "plain",
    places: int | None = None,
    rate_places: int = 1,
    group: bool = False,
    locale: str | Locale = "zh_CN",
) -> tuple[str, str]:
    """Year-over-year (增减, 增幅): ``("+1200", "+12.5%")``.

    增减 is the signed difference, formatted like :func:`format_quantity` with the same
    ``unit``/``display``/``places``; for ``display="percent"`` it is in 个百分点
    (``+2.5个百分点``; other locales `` pp``). 增幅 is the change relative to
    ``abs(previous)`` (so the sign always shows the direction), ``rate_places``
    fraction digits rounded half up. Increases carry ``+``, decreases the locale minus
    (``-`` in zh_CN), and a change that is zero once rounded carries no sign (``0``,
    ``0.0%``). Either value missing gives ``—`` for both; previous 0 gives ``—`` for 增幅.
    """
    _check_places(places)
    _check_places(rate_places, "rate_places")
    if current is None or previous is None:
        return DASH, DASH
    cur = _as_decimal(current, "current")
    prev = _as_decimal(previous, "previous")
    loc = _locale(locale)

    diff = cur - prev
    if places is not None:
        # Sign is decided on the printed value, so 0.004 at two places shows as 0.00, not +0.00.
        diff = _round(diff, places)
    if display == "percent":
        points = "个百分点" if _is_zh(loc) else " pp"
        magnitude = _digits(diff.copy_abs(), loc, group) + points
    else:
        magnitude = format_quantity(
            diff.copy_abs(), unit=unit, display=display, places=places, group=group, locale=loc
        )
    change = _signed(magnitude, _sign(diff), loc)

    if prev == 0:
        return change, DASH
    rate = _rate(cur - prev, prev.copy_abs(), rate_places)
    growth = _signed(_percent(rate.copy_abs(), loc, False), _sign(rate), loc)
    return change, growth


def format_completion(
    current: Decimal | int | None,
    target: Decimal | int | None,
    *,
    places: int = 1,
    locale: str | Locale = "zh_CN",
) -> str:
    """完成率: current as a percentage of target, ``places`` digits half up (``105.3%``); ``—`` without a target."""
    _check_places(places)
    if current is None or target is None:
        return DASH
    cur = _as_decimal(current, "current")
    tgt = _as_decimal(target, "target")
    if tgt == 0:
        return DASH
    loc = _locale(locale)
    return _percent(_rate(cur, tgt, places), loc, False)


def format_date(d: date, locale: str | Locale = "zh_CN") -> str:
    """``2019年1月15日`` (no leading zeros) for zh locales; babel's long date otherwise (``January 15, 2019``)."""
    loc = _locale(locale)
    # Pinned rather than CLDR "long" so a data update cannot change the government form.
    pattern = "y年M月d日" if _is_zh(loc) else "long"
    return _babel_format_date(d, format=pattern, locale=loc)


def chinese_numeral(n: int) -> str:
    """Chinese numeral for heading numbers 1..999 as official documents write them: 十一, 一百零一, 一百一十."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be int, got {type(n).__name__}")
    if not 1 <= n <= 999:
        raise ValueError(f"chinese_numeral covers 1..999, got {n}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out = _CN_DIGITS[hundreds] + "百"
        if rest == 0:
            return out
        if tens == 0:
            return out + "零" + _CN_DIGITS[ones]
    if tens:
        # 十一 on its own, but 一百一十一 after 百: the leading 一 is dropped only at the start.
        if tens > 1 or hundreds:
            out += _CN_DIGITS[tens]
        out += "十"
    if ones:
        out += _CN_DIGITS[ones]
    return out


def year_in_chinese(year: int) -> str:
    """Year spelled digit by digit with 〇 for zero, as in document numbers: 2018 -> 二〇一八."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year must be int, got {type(year).__name__}")
    if year < 1:
        raise ValueError(f"year must be positive, got {year}")
    return "".join(_CN_YEAR_DIGITS[int(c)] for c in str(year))
