"""The build step: a validated Report and a Style resolved into the flat, numbered Document."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
import re
import warnings
from collections.abc import Callable, Sequence

from decimal import Decimal

from .. import images, model
from ..errors import InputError, LayoutWarning, Problem
from ..formatting import chinese_numeral, format_completion, format_date
from ..indicators import Resolver, Scope, check
from ..messages import text
from ..style import MM, Style, load_style
from .titles import Advances, break_lines, fallback_advances, line_width_pt, rebreak, signature_room
from .nodes import (
    BlankLine,
    Chart,
    ChartData,
    ChartSeries,
    Document,
    Figure,
    Heading,
    Imprint,
    JointSignature,
    Letterhead,
    Metadata,
    Node,
    PageBreak,
    Paragraph,
    Placed,
    Seal,
    Signature,
    Span,
    Table,
    TableCell,
    Title,
)

PUNCTUATION_AFTER_LEAD = "：:，,。；;、）)"
"""A lead phrase ending in one of these runs straight on; otherwise a full-width space follows it."""

LEAD_SEPARATOR = "\u3000"
"""Full-width space between a run-in lead phrase and its text."""

# --------------------------------------------------------------------------- build


def build_document(report: model.Report, style: Style, advances: Advances | None = None) -> Document:
    """Resolve a validated report against a style into the flat, numbered Document.

    Indicator references in every text are formatted here and indicator tables become ordinary
    tables, so both renderers receive finished text. Titles, subtitles, captions, attachment titles and
    the issuer are broken into lines by ``advances`` (``document/titles.py``): the real widths of the
    fonts where the caller has them, else the fallback widths."""
    findings = check(report)
    if findings:
        where = str(report.source_dir) if report.source_dir is not None else "report"
        raise InputError([Problem(where, None, None, ".".join(map(str, f.path)), f.message) for f in findings])
    refs = Resolver(report)
    title = tuple(refs.expand(line) for line in report.title)
    nodes: list[Node] = [build_letterhead(report.header, report.date)] if report.header else []
    nodes.append(Title(lines=title, fixed=len(title) > 1))
    nodes += [Title(lines=(refs.expand(line),), role="subtitle") for line in report.subtitle]
    if report.speaker:
        nodes.append(Paragraph(spans=(Span(text=refs.expand(report.speaker)),), role="speaker"))
    nodes += [Paragraph(spans=(Span(text=refs.expand(line)),), role="speaker") for line in report.front_lines]
    if report.recipient:
        nodes.append(Paragraph(spans=(Span(text=refs.expand(report.recipient)),), role="recipient"))
    nodes += build_blocks(report.content, 1, style, refs, report)
    nodes += build_sections(report.sections, 1, style, refs)
    nodes += build_closing(report, style, refs)
    for index, attachment in enumerate(report.attachments, start=1):
        nodes += build_attachment(attachment, index, len(report.attachments), style, refs)
    if report.imprint:
        nodes.append(build_imprint(report.imprint, report.date))
    nodes = number_figures(nodes)
    metadata = Metadata(
        title="".join(title),
        author="、".join(report.issuer_names),
        subject=f"{report.year}年度工作总结" if report.year else "",
        language="zh-CN",
        date=report.date,
        year=report.year,
    )
    document = Document(metadata=metadata, style=style, nodes=tuple(nodes))
    return rebreak(document, advances or fallback_advances(style))


def break_title(text: str, capacity: float) -> tuple[str, ...]:
    """``text`` broken for a line of ``capacity`` body characters, a full-width character 1 and others ½
    (:func:`text_width_chars`): :func:`titles.break_lines` on those widths."""
    return break_lines(text, max(capacity, 0.0), [_char_width(ch) for ch in text])


def heading_number(level: int, position: int, style: Style) -> str:
    """The number of the ``position``-th (1-based) heading at ``level``: 一、 （一） 1. （1）."""
    return style.numbering.format(level).format(cn=chinese_numeral(position), n=position)


def build_sections(sections: Sequence[model.Section], level: int, style: Style, refs: Resolver) -> list[Node]:
    """Headings numbered by position among the numbered siblings, then their content and subsections."""
    nodes: list[Node] = []
    position = 0
    for section in sections:
        number = ""
        if section.numbered:
            position += 1
            number = heading_number(level, position, style)
        if section.title is not None:
            subtitle = refs.expand(section.subtitle) if section.subtitle else None
            nodes.append(Heading(level=level, number=number, text=refs.expand(section.title), role=f"heading{level}",
                                 subtitle=subtitle))  # fmt: skip
        nodes += build_blocks(section.content, level + 1, style, refs, section)
        nodes += build_sections(section.sections, level + 1, style, refs)
    return nodes


def build_blocks(
    blocks: Sequence[model.Block], point_level: int, style: Style, refs: Resolver, scope: Scope
) -> list[Node]:
    """Content blocks of ``scope``; numbered points take the number format of ``point_level``."""
    nodes: list[Node] = []
    point = 0
    for block in blocks:
        if isinstance(block, model.NumberedPoint):
            point += 1
            nodes.append(build_point(block, min(point_level, 4), point, style, refs))
        elif isinstance(block, model.EnumerationBlock):
            nodes += build_enumeration(block.enumeration, style, refs)
        else:
            nodes.append(build_block(block, refs, scope, style))
    return nodes


def _where(refs: Resolver) -> str:
    source = refs.report.source_dir
    return str(source) if source is not None else "report"


def build_block(block: model.Block, refs: Resolver, scope: Scope, style: Style | None = None) -> Node:
    """One non-numbered content block; ``scope`` is the section an indicator table with ``rows: section`` lists."""
    if isinstance(block, str):
        return Paragraph(spans=(Span(text=refs.expand(block)),))
    if isinstance(block, model.TextParagraph):
        return Paragraph(spans=(Span(text=refs.expand(block.text)),))
    if isinstance(block, model.LeadParagraph):
        return build_lead(block, refs)
    if isinstance(block, model.TableBlock):
        return build_table(block.table, refs.expand, style, _where(refs))
    if isinstance(block, model.IndicatorTableBlock):
        return build_table(refs.table(block.indicator_table, scope), style=style, where=_where(refs))
    if isinstance(block, model.FigureBlock):
        return build_figure(block.figure, refs, style or load_style())
    if isinstance(block, model.ChartBlock):
        return build_chart(block.chart, refs, style or load_style())
    raise TypeError(f"unexpected content block {type(block).__name__}")


FIGURE_LABEL = "图"
"""Figures and charts are numbered 图1, 图2, … across the whole report (tables keep their own 表N captions)."""


def number_figures(nodes: Sequence[Node]) -> list[Node]:
    """Figures and charts numbered in reading order, attachments included."""
    numbered: list[Node] = []
    count = 0
    for node in nodes:
        if isinstance(node, (Figure, Chart)):
            count += 1
            node = replace(node, number=f"{FIGURE_LABEL}{count}")
        numbered.append(node)
    return numbered


def caption_lines_at_most(caption: str | None, style: Style) -> int:
    """Grid lines a figure's caption (with its number) can take, counted generously (a character less per line
    than the line holds, at least two lines): picture and caption must fit one page together."""
    width = text_width_chars(f"{FIGURE_LABEL}000\u3000{caption or ''}")
    return max(2, math.ceil(width / max(1, style.page.chars_per_line - 1)))


def build_figure(figure: model.FigureImage, refs: Resolver, style: Style) -> Figure:
    """A picture at its width (``width_chars`` or ``width_mm``, else its own size at its resolution), never
    wider than the block nor so tall that it and its caption's lines leave the page; turned upright and
    downsampled to 300 dpi at that width (``images.prepare_picture``)."""
    picture = figure.picture
    assert picture is not None, "a FigureImage is validated with its image read"
    page = style.page
    px_w, px_h = images.upright_size(picture)
    if figure.width_chars is not None:
        width = figure.width_chars * page.char_cell_pt
    elif figure.width_mm is not None:
        width = figure.width_mm * MM
    else:
        width = px_w / picture.dpi * 72
    width = min(width, page.block_width_pt)
    caption = refs.expand(figure.caption) if figure.caption else None
    tallest = page.block_height_pt - (caption_lines_at_most(caption, style) + 1) * page.line_pitch_pt
    if width * px_h / px_w > tallest:
        width = tallest * px_w / px_h
    prepared = images.prepare_picture(picture, width)
    return Figure(number="", caption=caption, data=prepared.data, image_format=prepared.kind, fallback=prepared.fallback,
                  width_pt=round(width, 3), height_pt=round(width * px_h / px_w, 3))  # fmt: skip


def build_chart(spec: model.Chart, refs: Resolver, style: Style) -> Chart:
    """The chart's categories, series, data labels (formatted as tables format the same figures), value
    axis and unit, at the block's width and ``height_lines`` grid lines high (fewer when chart and caption would
    not fit a page together)."""
    data = chart_data(spec, refs)
    page = style.page
    caption = refs.expand(spec.caption) if spec.caption else None
    lines = min(spec.height_lines, max(1, page.lines_per_page - caption_lines_at_most(caption, style) - 1))
    return Chart(number="", caption=caption, chart=data, width_pt=page.block_width_pt,
                 height_pt=lines * page.line_pitch_pt)  # fmt: skip


def chart_data(spec: model.Chart, refs: Resolver) -> ChartData:
    """What ``spec`` shows, from the indicator catalogue (and the years of the ``previous:`` chain)."""
    chosen = [refs.indicators[key] for key in spec.keys]
    title = refs.expand(spec.title) if spec.title else None
    year = refs.report.year
    if spec.kind == "completion":
        rates = [float(i.value / i.target) if i.value is not None and i.target else None for i in chosen]
        labels = tuple(format_completion(i.value, i.target, locale=refs.locale) if rate is not None else ""
                       for i, rate in zip(chosen, rates))  # fmt: skip
        series = ChartSeries(name="完成率", values=tuple(rates), labels=labels, number_format=_format_of(labels))
        top = max([1.0, *(r for r in rates if r is not None)])
        return ChartData(shape="hbars", categories=tuple(i.label for i in chosen), series=(series,), title=title,
                         unit="完成率", ticks=_ticks(top, percent=True), percent=True)  # fmt: skip
    unit, _ = refs.table_unit(chosen[0])
    unit_text = f"单位：{unit}" if unit else ""
    if spec.kind == "shares":
        values = [i.value for i in chosen]
        total = sum((v for v in values if v is not None), Decimal(0))
        shares = [float(v / total) if v is not None and total else None for v in values]
        labels = tuple(format_completion(v, total, locale=refs.locale) if v is not None and total else "" for v in values)
        series = ChartSeries(name=title or "构成", values=tuple(shares), labels=labels, number_format=_format_of(labels))
        return ChartData(shape=spec.shape or "pie", categories=tuple(i.label for i in chosen), series=(series,),
                         title=title, unit="", ticks=(), percent=True)  # fmt: skip
    if spec.kind == "bars":
        with_previous = any(i.previous is not None for i in chosen)
        columns = [("previous", year - 1)] if with_previous else []
        columns.append(("value", year))
        series_list = [
            _series(refs, f"{when}年", chosen, [getattr(i, name) for i in chosen]) for name, when in columns
        ]
        categories = tuple(i.label for i in chosen)
        shape = "bars"
    else:  # years
        count = spec.years or 5
        years = list(range(year - count + 1, year + 1))
        history = refs.report.history
        series_list = [
            _series(refs, refs.indicators[key].label, [refs.indicators[key]] * len(years),
                    [history.get(when, {}).get(key) for when in years])  # fmt: skip
            for key in spec.keys
        ]
        categories = tuple(f"{when}年" for when in years)
        shape = spec.shape or "line"
    top = max([0.0, *(v for s in series_list for v in s.values if v is not None)])
    return ChartData(shape=shape, categories=categories, series=tuple(series_list), title=title, unit=unit_text,
                     ticks=_ticks(top, percent=False, refs=refs))  # fmt: skip


def _series(refs: Resolver, name: str, indicators: Sequence[model.Indicator], values: Sequence[Decimal | None]) -> ChartSeries:
    labels = []
    for indicator, value in zip(indicators, values):
        if value is None:
            labels.append("")
            continue
        _, prefix = refs.table_unit(indicator)
        labels.append(refs.table_number(indicator, value, prefix, qualified=False))
    floats = tuple(float(v) if v is not None else None for v in values)
    return ChartSeries(name=name, values=floats, labels=tuple(labels), number_format=_format_of(tuple(labels)))


def _format_of(labels: Sequence[str]) -> str:
    """The spreadsheet number format that writes the values as ``labels`` do: 0.0%, #,##0.00, or General
    (which writes 8.5 and 17.15 as they are) when the labels' decimals differ."""
    shown = [label for label in labels if label]
    if not shown:
        return "General"
    percent = all(label.endswith("%") for label in shown)
    places = {len(label.rstrip("%").partition(".")[2]) for label in shown}
    grouped = any("," in label for label in shown)
    if len(places) != 1 and not percent:
        return "#,##0.##" if grouped else "General"
    digits = max(places)
    code = ("#,##0" if grouped else "0") + ("." + "0" * digits if digits else "")
    return code + "%" if percent else code


def _ticks(top: float, *, percent: bool, refs: Resolver | None = None) -> tuple[tuple[float, str], ...]:
    """Value axis ticks from 0 to a round number at or above ``top``: 4 to 6 steps of 1, 2 or 5 × 10^n."""
    if top <= 0:
        top = 1.0
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.ceil(top / step - 1e-9)
    ticks = []
    for i in range(count + 1):
        value = round(i * step, 10)
        if percent:
            label = f"{value * 100:.0f}%" if abs(value * 100 - round(value * 100)) < 1e-6 else f"{value * 100:g}%"
        else:
            label = f"{Decimal(str(value)).normalize():f}"
        ticks.append((value, label))
    return tuple(ticks)


def build_lead(block: model.LeadParagraph, refs: Resolver) -> Paragraph:
    """A run-in lead phrase, a full-width space unless it ends in punctuation, then the text."""
    lead = refs.expand(block.lead).rstrip()
    separator = "" if lead.endswith(tuple(PUNCTUATION_AFTER_LEAD)) else LEAD_SEPARATOR
    return Paragraph(spans=(Span(text=lead, role="lead"), Span(text=separator + refs.expand(block.text))))


def build_point(block: model.NumberedPoint, level: int, position: int, style: Style, refs: Resolver) -> Paragraph:
    """A run-in numbered point: its number and sentence in the heading role, then the text."""
    spans = [Span(text=heading_number(level, position, style) + refs.expand(block.item), role=f"heading{level}")]
    if block.text:
        spans.append(Span(text=refs.expand(block.text)))
    return Paragraph(spans=tuple(spans), outline_level=level)


def build_enumeration(block: model.Enumeration, style: Style, refs: Resolver) -> list[Paragraph]:
    """一是……；二是……: each ordinal a span in the style's ordinal role, then its item's text; one paragraph, or one
    per item (the intro opening the first)."""
    role = None if style.numbering.ordinal_role == "body" else style.numbering.ordinal_role
    groups: list[list[Span]] = []
    for index, (ordinal, item) in enumerate(zip(block.ordinals(), block.items)):
        if block.paragraphs or not groups:
            groups.append([Span(text=refs.expand(block.intro))] if index == 0 and block.intro else [])
        groups[-1] += [Span(text=ordinal, role=role), Span(text=refs.expand(item))]
    return [Paragraph(spans=tuple(spans)) for spans in groups]


def _verbatim(value: str) -> str:
    return value


MIN_TABLE_TEXT_PT = 6.5
"""A table's text is never set smaller than this (小六) to fit its columns: a table that would need
smaller text is refused (see :func:`max_table_columns`)."""


def column_minimum_pt(style: Style) -> float:
    """The narrowest a table column is made: one character of the table roles' text plus the cell padding."""
    size = max(style.role("table").size_pt, style.role("table_header").size_pt)
    return size + 2 * style.table.cell_padding_pt


def max_table_columns(style: Style) -> int:
    """How many columns a table may have in ``style``: each one character wide, in text no smaller than
    :data:`MIN_TABLE_TEXT_PT` (the padding shrinks with the text). 50 in gbt9704."""
    size = max(style.role("table").size_pt, style.role("table_header").size_pt)
    scale = min(1.0, MIN_TABLE_TEXT_PT / size)
    return max(1, int(style.page.block_width_pt / (column_minimum_pt(style) * scale) + 1e-9))


def build_table(
    table: model.Table, expand: Callable[[str], str] = _verbatim, style: Style | None = None, where: str = "report"
) -> Table:
    """Place every cell on the column grid, honouring row and column spans; ``expand`` formats references.

    Robust to anything the model lets through: a row shorter than the others is filled with empty cells
    (by the renderers); a row span stops at the last row of the header or body it starts in; a table
    with no cell and no column at all keeps only its caption and note (no rows, no widths).

    Column widths are shares of the text block, each at least one character of the table's text plus
    the cell padding (:func:`column_minimum_pt`): narrower columns are widened to that and the others
    share what is left in proportion. A width that is not a finite positive number counts as the
    widest of the others. When even equal minimum columns do not fit, the table's text (and padding and
    line pitch) is set smaller, ``text_scale`` below 1, with a :class:`LayoutWarning`; below
    :data:`MIN_TABLE_TEXT_PT` the table is refused (InputError) — at most :func:`max_table_columns`.
    ``where`` names the report in that message. ``style`` defaults to the built-in gbt9704.
    """
    style = style or load_style()
    caption = expand(table.caption) if table.caption else table.caption
    note = expand(table.note) if table.note else table.note
    header_count = len(table.header)
    rows = list(table.header) + list(table.rows)
    spots = _place_cells(rows, header_count)
    count = max(len(table.columns or ()), max((c + span for row in spots for _, c, span, _ in row), default=0))
    if count == 0:
        return Table(caption=caption, widths=(), header_rows=(), body_rows=(), note=note)
    most = max_table_columns(style)
    if count > most:
        size = max(style.role("table").size_pt, style.role("table_header").size_pt)
        message = text("table_too_wide", columns=count, most=most, size=min(size, MIN_TABLE_TEXT_PT))
        raise InputError([Problem(where, None, None, "table" + (f" {caption}" if caption else ""), message)])
    columns = list(table.columns or ())
    columns += [model.Column() for _ in range(count - len(columns))]
    widths, scale = column_widths([c.width for c in columns], column_minimum_pt(style), style.page.block_width_pt)
    if scale < 1:
        size = style.role("table").size_pt
        message = text("table_text_smaller", table=caption or "", columns=count, size=size, smaller=round(size * scale, 1))
        warnings.warn(message, LayoutWarning, stacklevel=2)
    aligns = [c.align for c in columns]
    placed = [
        tuple(
            TableCell(
                text=expand(cell.text), column=column, colspan=colspan, rowspan=rowspan,
                align=cell.align or (aligns[column] if r >= header_count and column < count else "center"),
            )  # fmt: skip
            for cell, column, colspan, rowspan in row
        )
        for r, row in enumerate(spots)
    ]
    return Table(
        caption=caption,
        widths=widths,
        header_rows=tuple(placed[:header_count]),
        body_rows=tuple(placed[header_count:]),
        note=note,
        text_scale=scale,
    )


def column_widths(relative: Sequence[float], minimum_pt: float, block_pt: float) -> tuple[tuple[float, ...], float]:
    """(shares of the block summing to 1, text scale): see :func:`build_table`."""
    finite = [w for w in relative if math.isfinite(w) and w > 0]
    fallback = max(finite, default=1.0)
    weights = [w if math.isfinite(w) and w > 0 else fallback for w in relative]
    n = len(weights)
    least = minimum_pt / block_pt if block_pt > 0 else 1.0
    if n * least >= 1:  # not even equal minimum columns fit: equal columns, smaller text
        return tuple(1 / n for _ in weights), min(1.0, 1 / (n * least))
    fixed = [False] * n  # columns held at the minimum
    while True:
        free = sum(w for w, f in zip(weights, fixed) if not f)
        room = 1 - least * sum(fixed)
        raised = [i for i in range(n) if not fixed[i] and weights[i] / free * room < least]
        if not raised:
            return tuple(least if fixed[i] else weights[i] / free * room for i in range(n)), 1.0
        for i in raised:
            fixed[i] = True


def _place_cells(rows: Sequence[Sequence[model.Cell | str]], header_count: int) -> list[list[tuple[model.Cell, int, int, int]]]:
    """(cell, column, colspan, rowspan) of every cell, row by row: columns assigned left to right, skipping
    columns covered by row spans from above; a column span stops short of such a column, and a row span
    at the end of the header or the body, so no two cells ever cover the same place.

    Spans are kept as column ranges, never cell by cell, so a huge span costs nothing."""
    spans: list[tuple[int, int, int]] = []  # (last row, first column, end column) of row spans from above
    placed: list[list[tuple[model.Cell, int, int, int]]] = []
    for r, row in enumerate(rows):
        last_row = (header_count if r < header_count else len(rows)) - 1
        spans = [span for span in spans if span[0] >= r]
        covered = sorted((first, end) for _, first, end in spans)
        column, k = 0, 0
        cells: list[tuple[model.Cell, int, int, int]] = []
        for value in row:
            cell = value if isinstance(value, model.Cell) else model.Cell(text=value)
            while k < len(covered) and covered[k][0] <= column:  # skip covered columns
                column = max(column, covered[k][1])
                k += 1
            colspan = cell.colspan
            if k < len(covered) and column + colspan > covered[k][0]:  # stop short of a covered column
                colspan = covered[k][0] - column
            rowspan = max(1, min(cell.rowspan, last_row - r + 1))
            cells.append((cell, column, colspan, rowspan))
            if rowspan > 1:
                spans.append((r + rowspan - 1, column, column + colspan))
            column += colspan
        placed.append(cells)
    return placed


def build_closing(report: model.Report, style: Style, refs: Resolver) -> list[Node]:
    """附件说明, signature and date, 附注 — in the order GB/T 9704 sets."""
    nodes: list[Node] = []
    if report.attachments:
        nodes.append(BlankLine())
        nodes += attachment_list([refs.expand(a.title) for a in report.attachments])
    date = format_date(report.date) if report.date else None
    if len(report.issuers) > 1:
        pngs = [issuer.seal_image for issuer in report.issuers]
        sealed = all(pngs)
        blank = seal_blank_lines(report.seal_size_mm, style) if sealed else style.signature.blank_lines_before
        if blank:
            nodes.append(BlankLine(count=blank))
        nodes.append(build_joint_signature(report.issuer_names, date, style, size_mm=report.seal_size_mm,
                                           pngs=[png.data for png in pngs if png] if sealed else None))  # fmt: skip
    elif report.issuers:  # one issuer listed: the single signature
        png = report.issuers[0].seal_image
        seal = Seal(png=png.data, size_mm=report.seal_size_mm, centre_right_mm=0, centre_down_mm=0) if png else None
        blank = seal_blank_lines(seal.size_mm, style) if seal else style.signature.blank_lines_before
        if blank:
            nodes.append(BlankLine(count=blank))
        nodes.append(build_signature(report.issuers[0].name, date, style, seal=seal))
    elif report.issuer or date:
        png = report.seal_image
        seal = Seal(png=png.data, size_mm=report.seal_size_mm, centre_right_mm=0, centre_down_mm=0) if png else None
        blank = seal_blank_lines(seal.size_mm, style) if seal else style.signature.blank_lines_before
        if blank:
            nodes.append(BlankLine(count=blank))
        nodes.append(build_signature(report.issuer, date, style, seal=seal))
    if report.note:
        note = refs.expand(report.note)
        note = note if note.startswith(("（", "(")) else f"（{note}）"
        nodes.append(Paragraph(spans=(Span(text=note),), role="note"))
    return nodes


def attachment_list(titles: Sequence[str]) -> list[Node]:
    """“附件：名称”, or “附件：1.名称” with the following names aligned under the first: each paragraph carries
    the width of its label as ``hanging_chars``, so a wrapped name lines up under the name's first character."""
    if len(titles) == 1:
        return [_attachment_line("附件：", titles[0])]
    return [
        _attachment_line(("附件：" if index == 1 else "\u3000\u3000\u3000") + f"{index}.", title)
        for index, title in enumerate(titles, start=1)
    ]


def _attachment_line(label: str, title: str) -> Paragraph:
    return Paragraph(spans=(Span(text=label + title),), role="attachment_list", hanging_chars=text_width_chars(label))


def text_width_chars(text: str) -> float:
    """Width of ``text`` in body characters: full-width 1, ASCII half."""
    return sum(map(_char_width, text))


def _char_width(ch: str) -> float:
    return 0.5 if ord(ch) < 0x2E80 and ch not in "—…“”‘’·" else 1.0


def build_signature(
    issuer: str | None, date: str | None, style: Style, *, issuer_lines: Sequence[str] = (),
    issuer_width: float | None = None, seal: Seal | None = None,
) -> Signature:
    """GB/T 9704 7.3.5: unsealed — issuer 2 chars in from the right, date starting 2 chars right of it
    (if the date is longer, date 2 chars in and the issuer moves left); sealed (the style's ``sealed``, or
    a ``seal``) — date 4 chars in, issuer centred over the date, and the seal placed by :func:`place_seal`.

    An issuer too long for the line is set in ``issuer_lines`` (broken by ``document/titles.py``), flush
    right, ``issuer_width`` body characters its widest; without them it counts as balanced lines of
    :func:`text_width_chars`. It is placed as if it were as wide as one of those lines, so the date still
    starts 2 characters right of where the issuer's lines start. Offsets are kept within the line,
    whatever the style says: at least one character of room for the issuer, and room for the whole
    date where the line holds it.
    """
    look = style.signature
    line = float(style.page.chars_per_line)
    issuer_w = issuer_width if issuer_width is not None else text_width_chars(issuer or "")
    date_w = text_width_chars(date or "")
    if look.sealed or seal is not None:
        date_right = look.sealed_date_right_indent_chars
        issuer_right = date_right + (date_w - issuer_w) / 2 if date else date_right
    else:
        issuer_right = min(max(look.right_indent_chars, 0.0), line - 1)
        room = line - issuer_right
        if issuer_width is None and issuer_w > room:  # wraps into lines of equal width
            issuer_w /= math.ceil(issuer_w / room)
        issuer_left = issuer_w + issuer_right  # distance of the issuer's first char from the right edge
        date_right = issuer_left - look.date_offset_chars - date_w
        if date and date_right < look.right_indent_chars:
            date_right = look.right_indent_chars
            issuer_right = date_right + date_w + look.date_offset_chars - issuer_w
        if not issuer:
            date_right = look.right_indent_chars
    issuer_right = min(max(issuer_right, 0.0), line - 1)
    date_right = min(max(date_right, 0.0), max(line - date_w, 0.0), line - 1)
    lines = tuple(issuer_lines) if len(issuer_lines) > 1 else ()
    if seal is not None:
        centre = date_right + date_w / 2 if date else issuer_right + issuer_w / 2
        seal = place_seal(seal, centre, style)
    return Signature(issuer=issuer, date=date, issuer_right_chars=issuer_right, date_right_chars=date_right,
                     issuer_lines=lines, seal=seal)  # fmt: skip


SEAL_GAP_MM = 2.0
"""The least gap between two seals of a joint signature (GB/T 9704 7.3.5.1: 印章之间互不相交或相切)."""


def build_joint_signature(
    names: Sequence[str], date: str | None, style: Style, *, pngs: Sequence[bytes] | None = None,
    size_mm: float = 42.0,
) -> JointSignature:
    """Several issuers signing together (联合行文).

    Sealed (``pngs``, one per name, or the style's ``sealed`` for seals pressed by hand) — GB/T 9704 7.3.5.1:
    the names in rows, each centred under its seal; the last seal centred on the last name and the date
    (the date four characters in, as for one issuer); as many seals to a row as fit the block with
    :data:`SEAL_GAP_MM` between them and a character between the names, the rows balanced (the last may hold
    fewer, in the right-hand columns), the columns spread so the row's first seal stands as far in from the
    left as its last from the right (closer together only down to what seals and names need); rows far enough
    apart that seals never meet. Unsealed — 7.3.5.2: the
    names stacked, host first, each flush right where one issuer stands, the date placed as under one issuer
    as wide as the widest name. Every length is computed here, once, for every renderer."""
    look = style.signature
    line_chars = float(style.page.chars_per_line)
    sealed = bool(pngs) or look.sealed
    pieces = _name_lines(names, style, sealed)
    widths = [max(map(text_width_chars, name)) for name in pieces]
    date_w = text_width_chars(date or "")

    def placed(text: str, role: str, right: float, width: float, issuer: int | None = None) -> Placed:
        right = min(max(right, 0.0), max(line_chars - width, 0.0))
        return Placed(text=text, role=role, right_chars=round(right, 3), width_chars=width, issuer=issuer)

    if not sealed:
        single = build_signature(names[0], date, style, issuer_width=max(widths))
        lines = [(placed(piece, "signature", single.issuer_right_chars, text_width_chars(piece), i),)
                 for i, name in enumerate(pieces) for piece in name]  # fmt: skip
        if date:
            lines.append((placed(date, "date", single.date_right_chars, date_w),))
        return JointSignature(lines=tuple(lines))
    cell = style.page.char_cell_pt / MM
    block = style.page.block_width_pt / MM
    radius = size_mm / 2
    date_right = look.sealed_date_right_indent_chars
    last = (date_right + (date_w if date else widths[-1]) / 2) * cell  # the last seal's centre, from the right
    last = min(max(last, radius), max(block - radius, radius))

    def spacing(columns: int) -> float:
        least = max(size_mm + SEAL_GAP_MM, (max(widths) + 1) * cell)  # seals apart, a character between names
        return max(least, (block - 2 * last) / (columns - 1)) if columns > 1 else 0.0

    def rows_of(columns: int) -> list[list[int]]:
        return [list(range(start, min(len(names), start + columns))) for start in range(0, len(names), columns)]

    def fits(columns: int) -> bool:
        """Every seal inside the block, every name too, a character at least between neighbouring names."""
        step = spacing(columns)
        for chunk in rows_of(columns):
            centres = [last + (len(chunk) - 1 - j) * step for j in range(len(chunk))]
            if centres[0] + radius > block + 1e-9 or centres[0] + widths[chunk[0]] * cell / 2 > block + 1e-9:
                return False
            for (a, ca), (b, cb) in zip(zip(chunk, centres), zip(chunk[1:], centres[1:])):
                if ca - cb < (widths[a] + widths[b]) / 2 * cell + cell - 1e-9:
                    return False
        return True

    count = len(names)
    balanced = sorted({math.ceil(count / math.ceil(count / k)) for k in range(1, count + 1)}, reverse=True)
    columns = next((k for k in balanced if fits(k)), 1)
    step = spacing(columns)
    pitch = style.line_pitch("signature") / MM
    tallest = max(len(name) for name in pieces)
    row_lines = max(2, math.ceil((size_mm + SEAL_GAP_MM) / pitch - 1e-9), tallest + 1)
    down = round(_seal_centre_down_mm(style), 2)
    lines: list[tuple[Placed, ...]] = []
    seals: list[tuple[int, Seal]] = []
    for row, chunk in enumerate(rows_of(columns)):
        centres = [last + (len(chunk) - 1 - j) * step for j in range(len(chunk))]
        while len(lines) < row * row_lines:
            lines.append(())
        for k in range(max(len(pieces[i]) for i in chunk)):  # a broken name's pieces centred under one another
            lines.append(tuple(placed(pieces[i][k], "signature", c / cell - text_width_chars(pieces[i][k]) / 2,
                                      text_width_chars(pieces[i][k]), i)
                               for i, c in zip(chunk, centres) if k < len(pieces[i])))  # fmt: skip
        if pngs:
            seals += [(row * row_lines, Seal(png=pngs[i], size_mm=size_mm, centre_right_mm=round(c, 2), centre_down_mm=down))
                      for i, c in zip(chunk, centres)]  # fmt: skip
    if date:
        lines.append((placed(date, "date", date_right, date_w),))
    return JointSignature(lines=tuple(lines), seals=tuple(seals))


def _name_lines(names: Sequence[str], style: Style, sealed: bool) -> list[tuple[str, ...]]:
    """Each name in the lines it takes: one, unless it is too long for the room a single issuer has (unsealed:
    the line less the right indent; sealed: the whole line), then broken as a single issuer's name is
    (``titles.break_lines``, by the fallback widths, which no Chinese face exceeds)."""
    room = line_width_pt(style) if sealed else signature_room(style)
    advances = fallback_advances(style)
    return [break_lines(name, room, advances("signature", name)) or (name,) for name in names]


def seal_blank_lines(size_mm: float, style: Style) -> int:
    """Blank body lines between the text and the issuer of a sealed signature: the fewest that keep the
    seal clear of the text's last line. The seal's top then lies less than one line below that line, as
    GB/T 9704 7.3.5.1 asks (印章顶端应当上距正文（或附件说明）一行之内): two lines for a 42 or 45 mm seal on
    the standard grid."""
    pitch = style.page.line_pitch_pt / MM
    return max(0, math.ceil((size_mm / 2 - _seal_centre_down_mm(style)) / pitch - 1e-9))


def _seal_centre_down_mm(style: Style) -> float:
    return style.line_pitch("signature") / MM / 2


def place_seal(seal: Seal, centre_chars: float, style: Style) -> Seal:
    """The one placement of a seal, in millimetres, that both renderers draw (GB/T 9704 7.3.5.1: 端正、居中下压
    发文机关署名和成文日期，使其居印章中心偏下位置): centred across on the date (on the issuer when there is no
    date), ``centre_chars`` body characters from the block's right edge, kept inside the block; its centre on
    the middle of the issuer's first line, so that issuer and date lie below the centre. Rounded to
    0.01 mm, so the same report gives the same bytes."""
    cell = style.page.char_cell_pt / MM
    radius = seal.size_mm / 2
    block = style.page.block_width_pt / MM
    right = min(max(centre_chars * cell, radius), max(block - radius, radius))
    return Seal(png=seal.png, size_mm=seal.size_mm, centre_right_mm=round(right, 2),
                centre_down_mm=round(_seal_centre_down_mm(style), 2))  # fmt: skip


def build_attachment(
    attachment: model.Attachment, index: int, count: int, style: Style, refs: Resolver
) -> list[Node]:
    """A new page, “附件N” on the first line, the title centred on the third, then the content."""
    label = "附件" if count == 1 else f"附件{index}"
    nodes: list[Node] = [
        PageBreak(),
        Paragraph(spans=(Span(text=label),), role="attachment_label"),
        Title(lines=(refs.expand(attachment.title),), role="attachment_title"),
    ]
    nodes += build_blocks(attachment.content, 1, style, refs, attachment)
    nodes += build_sections(attachment.sections, 1, style, refs)
    return nodes


def document_number(number: str, date: dt.date | None) -> str:
    """The 发文字号 with its year: 奈大政发3号 becomes 奈大政发〔2019〕3号 when the date is in 2019."""
    if "〔" in number or date is None:
        return number
    sequence = re.search(r"[1-9][0-9]*号$", number)
    assert sequence is not None  # the model checked the form
    return f"{number[: sequence.start()]}〔{date.year}〕{sequence.group()}"


def build_letterhead(header: model.Header, date: dt.date | None) -> Letterhead:
    """The 版头 node: the fields as written, the 发文字号's year filled in from the date."""
    return Letterhead(
        copy_number=header.copy_number,
        classification=header.classification,
        urgency=header.urgency,
        organs=tuple(header.organs),
        suffix=header.suffix if header.organs else "",
        stacked=header.joint_layout == "stacked",
        document_number=document_number(header.document_number, date) if header.document_number else None,
        signers=tuple(header.signers),
    )


def build_imprint(imprint: model.Imprint, date: dt.date | None) -> Imprint:
    """The 版记 node: “抄送：” with the organs joined by “，” and a “。” after the last; the date of printing (default
    the document's) with 印发."""
    copy_to = "，".join(name.strip() for name in imprint.copy_to)
    if copy_to and not copy_to.endswith("。"):
        copy_to += "。"
    printed_on = imprint.printed_on or date
    return Imprint(
        copy_to=copy_to or None,
        printed_by=imprint.printed_by.strip(),
        printed_on=f"{format_date(printed_on)}印发" if printed_on else None,
    )
