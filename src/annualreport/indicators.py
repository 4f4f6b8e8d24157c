"""Indicators: the {key} reference grammar, formatted values and references, indicator tables, the previous year."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Union

from babel import Locale
from babel.numbers import get_minus_sign_symbol, get_plus_sign_symbol

from . import model, walk
from .formatting import AFTER_NUMBER_QUALIFIERS, DASH, format_change, format_completion, format_quantity
from .messages import text

__all__ = [
    "ATTRIBUTES",
    "HEADERS",
    "PLACEHOLDER",
    "BadToken",
    "Finding",
    "Reference",
    "Resolver",
    "TableSite",
    "TextSite",
    "UnitMismatch",
    "apply_previous",
    "check",
    "incomplete",
    "parse",
    "referenced_keys",
    "table_sites",
    "text_sites",
]

PLACEHOLDER = "【待填】"
"""Shown, in text and in tables, wherever a value is still to be filled in (after `annualreport new`)."""

ATTRIBUTES = ("previous", "target", "change", "growth", "completion")
"""What ``{key.attribute}`` may name besides the value itself (``{key}``)."""

_NEEDS_PREVIOUS = ("previous", "change", "growth")
_NEEDS_TARGET = ("target", "completion")

HEADERS = {
    "group": "类别",
    "label": "指标",
    "unit": "单位",
    "value": "本年",
    "previous": "上年",
    "change": "增减",
    "growth": "增幅",
    "target": "计划",
    "completion": "完成率",
}
"""Column headers of an indicator table (the group column's header is the table's ``group_header``)."""

_NUMBER_WIDTHS = {"value": 2.4, "previous": 2.4, "target": 2.4, "change": 2.6, "growth": 2.6, "completion": 2.6}
"""Relative widths of the number columns (the label column is 4, the unit column 3, groups 2.6)."""

_MAGNITUDE_PREFIXES = ("万亿", "萬億", "亿", "億", "万", "萬")
"""Leading 万/亿 words of a unit, longest first (a unit “万元” means the value is counted in 万)."""

# {{ and }} are literal braces; {anything-without-braces} is a reference candidate; a lone brace is an error.
_TOKEN = re.compile(r"\{\{|\}\}|\{[^{}]*\}|[{}]")
_REFERENCE = re.compile(r"([^\W\d]\w*)(?:\.([^\W\d]\w*))?\Z")


# --------------------------------------------------------------------------- grammar


@dataclass(frozen=True, slots=True)
class Reference:
    """``{key}`` or ``{key.attribute}`` inside a text."""

    key: str
    """The indicator's key."""
    attribute: str | None
    """One of ATTRIBUTES, anything else the author wrote, or None for the value itself."""
    token: str
    """The reference as written, braces included."""
    offset: int
    """Index of the opening brace in the text."""


@dataclass(frozen=True, slots=True)
class BadToken:
    """A brace that is neither an escape nor a well-formed reference."""

    token: str
    """What was written: a lone ``{`` or ``}``, or ``{…}`` whose inside is not a key."""
    offset: int
    """Index of the token in the text."""


Part = Union[str, Reference, BadToken]


def parse(value: str) -> list[Part]:
    """Split text into literal strings (escapes undone), references and bad tokens, in order."""
    parts: list[Part] = []
    position = 0
    for found in _TOKEN.finditer(value):
        if found.start() > position:
            parts.append(value[position : found.start()])
        token = found.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
        else:
            reference = _REFERENCE.match(token[1:-1]) if len(token) > 1 else None
            if reference:
                parts.append(Reference(reference[1], reference[2], token, found.start()))
            else:
                parts.append(BadToken(token, found.start()))
        position = found.end()
    if position < len(value):
        parts.append(value[position:])
    return parts


# --------------------------------------------------------------------------- where text lives


FieldPath = walk.FieldPath
Scope = walk.Scope


@dataclass(frozen=True, slots=True)
class TextSite:
    """One text field of the report that may hold references."""

    path: FieldPath
    """Field path as pydantic writes it: ``("sections", 0, "content", 1, "text")``."""
    text: str
    """The text as written."""


@dataclass(frozen=True, slots=True)
class TableSite:
    """An indicator table, where it is, and the section whose references ``rows: section`` lists."""

    path: FieldPath
    """Path of the ``indicator_table`` mapping."""
    table: model.IndicatorTable
    """The table."""
    scope: Scope
    """The enclosing section (or attachment; the whole report for content before the first heading)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem with indicators, located by field path; the loader turns it into a Problem with line and column."""

    path: FieldPath
    """Field path of the text or field at fault."""
    message: str
    """What is wrong, in the current language."""
    token: str | None = None
    """The reference as written, so the loader can point at its column; None: point at the field."""
    offset: int = 0
    """Index of ``token`` in the field's text."""


def text_sites(scope: Scope) -> Iterator[TextSite]:
    """Every text field in ``scope`` (a report, section or attachment) that references may appear in."""
    return (TextSite(path, value) for path, value in walk.texts(scope))


def table_sites(scope: Scope) -> Iterator[TableSite]:
    """Every indicator table, each with the scope that holds it in its content."""
    for visit in walk.walk(scope):
        if isinstance(visit.element, model.IndicatorTableBlock):
            yield TableSite((*visit.path, "indicator_table"), visit.element.indicator_table, visit.scope)


def referenced_keys(scope: Scope, known: Sequence[str] | dict[str, object]) -> list[str]:
    """Keys of known indicators referenced in ``scope``'s text, in order of first reference."""
    seen: dict[str, None] = {}
    for site in text_sites(scope):
        for part in parse(site.text):
            if isinstance(part, Reference) and part.key in known:
                seen.setdefault(part.key)
    return list(seen)


# --------------------------------------------------------------------------- checks


def check(report: model.Report) -> list[Finding]:
    """Every bad brace, unknown key or attribute, and impossible indicator table, in file order."""
    findings: list[Finding] = []
    for site in text_sites(report):
        for part in parse(site.text):
            if isinstance(part, BadToken):
                findings.append(_bad_token(site, part))
            elif isinstance(part, Reference):
                problem = _reference_problem(report, part)
                if problem:
                    findings.append(Finding(site.path, problem, part.token, part.offset))
    for table in table_sites(report):
        findings += _check_table(report, table)
    for visit in walk.walk(report):
        if isinstance(visit.element, model.ChartBlock):
            findings += _check_chart(report, visit.element.chart, (*visit.path, "chart"))
    return findings


def _check_chart(report: model.Report, chart: model.Chart, path: FieldPath) -> list[Finding]:
    """Keys that exist, once each; one unit (but for completion rates); no percentages as shares. (A
    completion without a target is a gap, listed by ``incomplete``, as next year's draft has them.)"""
    findings: list[Finding] = []
    seen: list[str] = []
    for index, key in enumerate(chart.keys):
        where = (*path, "keys", index)
        indicator = report.indicators.get(key)
        if indicator is None:
            findings.append(Finding(where, text("unknown_indicator", key=key) + _suggest(key, report.indicators)))
        elif key in seen:
            findings.append(Finding(where, text("chart_key_twice", key=key)))
        else:
            seen.append(key)
            if chart.kind == "shares" and indicator.effective_display == "percent":
                findings.append(Finding(where, text("chart_percent_shares", key=key)))
    units = list(dict.fromkeys(report.indicators[k].unit for k in seen))
    if chart.kind != "completion" and len(units) > 1:
        findings.append(Finding((*path, "keys"), text("chart_units", first=units[0], other=units[1])))
    return findings


def _bad_token(site: TextSite, token: BadToken) -> Finding:
    if len(token.token) == 1:
        message = text("lone_brace", brace=token.token)
    else:
        message = text("bad_reference", token=token.token)
    return Finding(site.path, message, token.token, token.offset)


def _reference_problem(report: model.Report, reference: Reference) -> str | None:
    if reference.key not in report.indicators:
        return text("unknown_indicator", key=reference.key) + _suggest(reference.key, report.indicators)
    if reference.attribute is not None and reference.attribute not in ATTRIBUTES:
        message = text("unknown_indicator_attribute", attribute=reference.attribute, known=", ".join(ATTRIBUTES))
        return message + _suggest(reference.attribute, ATTRIBUTES)
    return None


def _suggest(word: str, known: Sequence[str] | dict[str, object]) -> str:
    import difflib  # only for a misspelt key, not at every start-up

    matches = difflib.get_close_matches(word, list(known), n=1, cutoff=0.5)
    return text("did_you_mean", suggestion=matches[0]) if matches else ""


def _check_table(report: model.Report, site: TableSite) -> list[Finding]:
    table, path = site.table, site.path
    findings: list[Finding] = []
    if table.rows == "section":
        keys = referenced_keys(site.scope, report.indicators)
        if not keys:
            findings.append(Finding((*path, "rows"), text("section_table_empty")))
    else:
        keys = []
        for index, row in enumerate(table.rows):
            named = row.keys if isinstance(row, model.IndicatorGroup) else [row]
            for position, key in enumerate(named):
                where = (*path, "rows", index, "keys", position) if isinstance(row, model.IndicatorGroup) else (
                    *path, "rows", index)
                if key not in report.indicators:
                    message = text("unknown_indicator", key=key) + _suggest(key, report.indicators)
                    findings.append(Finding(where, message))
                elif key in keys:
                    findings.append(Finding(where, text("table_key_twice", key=key)))
                else:
                    keys.append(key)
    if table.total is not None:
        findings += [Finding((*path, "total"), message) for message in _total_problems(report, keys)]
    return findings


def _total_problems(report: model.Report, keys: list[str]) -> list[str]:
    problems: list[str] = []
    for key in keys:
        indicator = report.indicators[key]
        if indicator.effective_display == "percent":
            problems.append(text("total_percent", key=key))
        elif indicator.qualifier:
            problems.append(text("total_qualifier", key=key, qualifier=indicator.qualifier))
    units = list(dict.fromkeys(report.indicators[k].unit for k in keys))
    if len(units) > 1:
        problems.append(text("total_units", first=units[0], other=units[1]))
    return problems


def incomplete(report: model.Report) -> list[Finding]:
    """What `validate --strict` lists: every value still empty, and references that need a missing
    previous value or target (everything the document would show as PLACEHOLDER); for a 公文 (a ``header:``),
    a 发文字号 or date not filled in (``annualreport new`` clears both)."""
    findings = [
        Finding(("indicators", key, "value"), text("missing_value", placeholder=PLACEHOLDER))
        for key, indicator in report.indicators.items()
        if indicator.value is None
    ]
    for site in text_sites(report):
        for part in parse(site.text):
            if not isinstance(part, Reference) or part.key not in report.indicators:
                continue
            indicator = report.indicators[part.key]
            if part.attribute in _NEEDS_PREVIOUS and indicator.previous is None:
                key = "missing_previous_for"
            elif part.attribute in _NEEDS_TARGET and indicator.target is None:
                key = "missing_target_for"
            else:
                continue
            message = text(key, token=part.token, key=part.key, placeholder=PLACEHOLDER)
            findings.append(Finding(site.path, message, part.token, part.offset))
    for visit in walk.walk(report):
        chart = visit.element.chart if isinstance(visit.element, model.ChartBlock) else None
        if chart is not None and chart.kind == "completion":
            for index, key in enumerate(chart.keys):
                indicator = report.indicators.get(key)
                if indicator is not None and (indicator.target is None or indicator.value is None):
                    findings.append(Finding((*visit.path, "chart", "keys", index), text("chart_no_target", key=key)))
    if report.header is not None:  # a 公文: its 版头 carries a 发文字号 and it is dated (GB/T 9704 7.2.4, 7.3.5)
        if report.header.document_number is None:
            findings.append(Finding(("header", "document_number"), text("missing_document_number")))
        if report.date is None:
            findings.append(Finding(("date",), text("missing_gongwen_date")))
    return findings


# --------------------------------------------------------------------------- previous year


@dataclass(frozen=True, slots=True)
class UnitMismatch:
    """An indicator whose unit differs between this year's report and the previous one."""

    key: str
    """The indicator's key."""
    unit: str
    """This year's unit."""
    previous_unit: str
    """The previous report's unit."""


def apply_previous(report: model.Report, previous: model.Report) -> list[UnitMismatch]:
    """Fill each indicator's ``previous`` (where not written inline) from ``previous``'s value of the
    same key; return the keys whose units differ (those are left unfilled)."""
    mismatches: list[UnitMismatch] = []
    for key, indicator in report.indicators.items():
        old = previous.indicators.get(key)
        if old is None:
            continue
        if old.unit != indicator.unit:
            mismatches.append(UnitMismatch(key, indicator.unit, old.unit))
        elif indicator.previous is None and old.value is not None:
            indicator.previous = old.value
    return mismatches


# --------------------------------------------------------------------------- resolving


class Resolver:
    """Formats references and builds indicator tables for one report (its catalogue and locale)."""

    def __init__(self, report: model.Report):
        self.indicators = report.indicators
        self.locale = Locale.parse(report.locale)
        self.report = report

    # ---- text

    def expand(self, value: str) -> str:
        """``value`` with every reference formatted and ``{{``/``}}`` undone (check() must have passed)."""
        if "{" not in value and "}" not in value:
            return value
        out: list[str] = []
        for part in parse(value):
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, Reference):
                out.append(self.reference(part.key, part.attribute))
            else:
                raise ValueError(f"bad token {part.token!r}; run indicators.check() first")
        return "".join(out)

    def reference(self, key: str, attribute: str | None = None) -> str:
        """The text ``{key}`` or ``{key.attribute}`` stands for."""
        indicator = self.indicators[key]
        if attribute is None:
            return self.quantity(indicator, indicator.value, qualified=True)
        if attribute in ("previous", "target"):
            return self.quantity(indicator, getattr(indicator, attribute))
        if indicator.value is None:
            return PLACEHOLDER
        if attribute == "completion":
            if indicator.target is None:
                return PLACEHOLDER
            return format_completion(indicator.value, indicator.target, locale=self.locale)
        if indicator.previous is None:
            return PLACEHOLDER
        return self._trend(indicator, attribute)

    def quantity(self, indicator: model.Indicator, value: Decimal | None, *, qualified: bool = False) -> str:
        """A value of ``indicator`` as running text writes it (20.6万头（只））. An empty value shows
        PLACEHOLDER where the number goes, unit and qualifier kept, so the draft still reads as a
        sentence: 贫困户【待填】户【待填】人, 培训【待填】余人次."""
        if value is None:
            # Format a stand-in 1 and put the placeholder where its digit is.
            shown = self.quantity(indicator, Decimal(1), qualified=qualified)
            return shown.replace("1", PLACEHOLDER, 1) if "1" in shown else PLACEHOLDER
        return format_quantity(
            value,
            unit=indicator.unit,
            display=indicator.effective_display,
            qualifier=(indicator.qualifier or "") if qualified else "",
            qualifier_position=indicator.qualifier_position,
            places=indicator.places,
            group=indicator.grouping,
            locale=self.locale,
        )

    def _trend(self, indicator: model.Indicator, attribute: str) -> str:
        """增加1200亩 / 减少…, 提高2.5个百分点 / 下降…, 增长13.2% / 下降…, or 持平: the sign as a word, for prose."""
        assert indicator.value is not None and indicator.previous is not None
        percent = indicator.effective_display == "percent"
        change, growth = format_change(
            indicator.value,
            indicator.previous,
            unit=indicator.unit,
            display=indicator.effective_display,
            places=indicator.places,
            group=indicator.grouping,
            locale=self.locale,
        )
        if attribute == "change":
            signed, words = change, (("提高", "下降") if percent else ("增加", "减少"))
        else:
            signed, words = growth, ("增长", "下降")
        if signed == DASH:
            return DASH
        plus, minus = get_plus_sign_symbol(self.locale), get_minus_sign_symbol(self.locale)
        if signed.startswith(plus):
            return words[0] + signed[len(plus) :]
        if signed.startswith(minus):
            return words[1] + signed[len(minus) :]
        return "持平"

    # ---- tables

    def table(self, spec: model.IndicatorTable, scope: Scope) -> model.Table:
        """The indicator table as an ordinary table: header, one row per indicator, optional totals."""
        if spec.years is not None:
            return self._years_table(spec, scope)
        entries = self._entries(spec, scope)
        keys = [k for _, group in entries for k in group]
        chosen = [self.indicators[k] for k in keys]
        total = self._total(spec.total, chosen) if spec.total is not None else None
        with_previous = any(i.previous is not None for i in chosen)
        with_target = any(i.target is not None for i in chosen)
        grouped = any(label is not None for label, _ in entries)

        numbers = ["value"] + (["previous", "change", "growth"] if with_previous else [])
        numbers += ["target", "completion"] if with_target else []
        header = ([self.expand(spec.group_header)] if grouped else []) + [HEADERS[n] for n in ("label", "unit", *numbers)]
        columns = [model.Column(align="center", width=2.6)] if grouped else []
        # Relative widths that keep 万立方米, 6001.5 and +25.0% on one line even with every column present.
        columns += [model.Column(align="left", width=4), model.Column(align="center", width=3)]
        columns += [model.Column(align="right", width=_NUMBER_WIDTHS[n]) for n in numbers]

        rows: list[list[model.Cell | str]] = []
        for label, group in entries:
            for position, key in enumerate(group):
                lead: list[model.Cell | str] = []
                if label is not None and position == 0:
                    lead = [model.Cell(text=self.expand(label), rowspan=len(group))]
                if label is not None:
                    lead.append(self.indicators[key].label)
                else:
                    lead.append(model.Cell(text=self.indicators[key].label, colspan=2) if grouped else self.indicators[key].label)
                rows.append(lead + self._row(self.indicators[key], numbers))
        if total is not None:
            label_cell = model.Cell(text=self.expand(spec.total or ""), colspan=2) if grouped else self.expand(spec.total or "")
            rows.append([label_cell, *self._row(total, numbers)])
        return self._table(spec, columns, header, rows)

    def _table(
        self, spec: model.IndicatorTable, columns: list[model.Column], header: list[str], rows: list[list[model.Cell | str]]
    ) -> model.Table:
        """The table with the spec's caption and note, their references expanded."""
        return model.Table(
            caption=self.expand(spec.caption) if spec.caption else None,
            columns=columns,
            header=[header],
            rows=rows,
            note=self.expand(spec.note) if spec.note else None,
        )

    def _years_table(self, spec: model.IndicatorTable, scope: Scope) -> model.Table:
        """指标 / 单位 / one column per year (the last ``spec.years`` up to this one), values along the
        ``previous:`` chain (``Report.history``); a year without a figure is —, never 0."""
        assert spec.years is not None
        history = self.report.history
        years = list(range(self.report.year - spec.years + 1, self.report.year + 1))
        entries = self._entries(spec, scope)
        grouped = any(label is not None for label, _ in entries)
        header = ([self.expand(spec.group_header)] if grouped else []) + [HEADERS["label"], HEADERS["unit"]]
        header += [f"{year}年" for year in years]
        columns = [model.Column(align="center", width=2.6)] if grouped else []
        columns += [model.Column(align="left", width=4), model.Column(align="center", width=3)]
        columns += [model.Column(align="right", width=2.4) for _ in years]
        rows: list[list[model.Cell | str]] = []
        for label, group in entries:
            for position, key in enumerate(group):
                indicator = self.indicators[key]
                lead: list[model.Cell | str] = []
                if label is not None and position == 0:
                    lead = [model.Cell(text=self.expand(label), rowspan=len(group))]
                lead.append(model.Cell(text=indicator.label, colspan=2) if grouped and label is None else indicator.label)
                unit, prefix = self.table_unit(indicator)
                cells: list[model.Cell | str] = [unit]
                for year in years:
                    value = history.get(year, {}).get(key)
                    cells.append(self.table_number(indicator, value, prefix) if value is not None else DASH)
                rows.append(lead + cells)
        return self._table(spec, columns, header, rows)

    def _entries(self, spec: model.IndicatorTable, scope: Scope) -> list[tuple[str | None, list[str]]]:
        if spec.rows == "section":
            return [(None, referenced_keys(scope, self.indicators))]
        return [
            (row.group, list(row.keys)) if isinstance(row, model.IndicatorGroup) else (None, [row]) for row in spec.rows
        ]

    def _total(self, label: str | None, chosen: list[model.Indicator]) -> model.Indicator:
        """A synthetic indicator holding the column sums; a sum with any value missing is missing."""

        def total(name: str) -> Decimal | None:
            values = [getattr(i, name) for i in chosen]
            return None if any(v is None for v in values) else sum(values, Decimal(0))

        return model.Indicator.model_construct(
            label=label or "",
            value=total("value"),
            previous=total("previous"),
            target=total("target"),
            unit=chosen[0].unit if chosen else "",
            qualifier=None,
            display=chosen[0].display if chosen else None,
            places=None,
            grouping=any(i.grouping for i in chosen),
        )

    def _row(self, indicator: model.Indicator, numbers: list[str]) -> list[model.Cell | str]:
        unit, prefix = self.table_unit(indicator)
        cells: list[model.Cell | str] = [unit]
        percent = indicator.effective_display == "percent"
        value, previous, target = indicator.value, indicator.previous, indicator.target
        change, growth = DASH, DASH
        if value is not None and previous is not None:
            change, growth = format_change(
                value,
                previous,
                unit=prefix,
                display="percent" if percent else "plain",
                places=indicator.places,
                group=indicator.grouping,
                locale=self.locale,
            )
            if percent:
                growth = DASH  # a percentage changes by 个百分点; a rate of a rate is not reported
        texts = {
            "value": self.table_number(indicator, value, prefix, qualified=True) if value is not None else PLACEHOLDER,
            "previous": self.table_number(indicator, previous, prefix) if previous is not None else DASH,
            "target": self.table_number(indicator, target, prefix) if target is not None else DASH,
            "change": change,
            "growth": growth,
            "completion": format_completion(value, target, locale=self.locale) if value is not None else DASH,
        }
        if value is None:
            texts.update(change=PLACEHOLDER, growth=PLACEHOLDER, completion=PLACEHOLDER)
            if previous is None:
                texts.update(change=DASH, growth=DASH)
            if target is None:
                texts["completion"] = DASH
        cells += [texts[n] for n in numbers]
        return cells

    def table_unit(self, indicator: model.Indicator) -> tuple[str, str]:
        """(单位 column text, the 万/亿 word the number cells carry themselves).

        Tables show values in the indicator's own unit (20.6 | 万头（只）), except that a 余/多 qualifier must
        follow the 万/亿 word, or stand before it (60余万 | 元), so then the word moves into the number (2万余 | 人次)."""
        if indicator.effective_display == "percent":
            return "%", ""
        if indicator.qualifier and self._inside_number(indicator) and self.locale.language == "zh":
            for word in _MAGNITUDE_PREFIXES:
                if indicator.unit.startswith(word):
                    return indicator.unit[len(word) :], word
        return indicator.unit, ""

    @staticmethod
    def _inside_number(indicator: model.Indicator) -> bool:
        """The qualifier stands next to the 万/亿 word (2万余人次, 60余万元), not before the number or after the unit."""
        if indicator.qualifier_position == "auto":
            return indicator.qualifier in AFTER_NUMBER_QUALIFIERS
        return indicator.qualifier_position in ("after_digits", "after_number")

    def table_number(self, indicator: model.Indicator, value: Decimal, prefix: str, *, qualified: bool = False) -> str:
        """A number cell: digits (with the moved 万/亿 word) and, for the value itself, its qualifier."""
        return format_quantity(
            value,
            unit=prefix,
            qualifier=(indicator.qualifier or "") if qualified else "",
            qualifier_position=indicator.qualifier_position,
            places=indicator.places,
            group=indicator.grouping,
            locale=self.locale,
        )
