"""The one walk over a report: every element in document order, with its field path and enclosing scope.

Indicator checks, reference resolution, next-year copying and anything else that must see the whole report
use :func:`walk` (where the structure is) and :func:`own_texts` (which text fields an element has), so a
new block kind or text field is added here once rather than in every caller.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Union

from . import model

FieldPath = tuple[Union[str, int], ...]
"""A field path as pydantic writes it: ``("sections", 0, "content", 1, "text")``."""

Scope = Union[model.Report, model.Section, model.Attachment]
"""An element with content and sections: the report, a section, an attachment."""

Element = Union[model.Report, model.Section, model.Attachment, model.Block]
"""Anything :func:`walk` visits (a plain string is a paragraph block)."""


@dataclass(frozen=True, slots=True)
class Visit:
    """One element of the report as :func:`walk` meets it."""

    path: FieldPath
    """Where the element is: ``()`` for the report, ``("sections", 0, "content", 2)`` for a block."""
    element: Element
    """The report, a section, an attachment or a content block."""
    scope: Scope
    """The element itself when it is a scope, else the scope whose ``content`` holds it."""


def walk(scope: Scope, path: FieldPath = ()) -> Iterator[Visit]:
    """``scope`` and everything inside it, depth first in document order: a scope, its content blocks, its
    sections; for the report, its attachments last."""
    yield Visit(path, scope, scope)
    for index, block in enumerate(scope.content):
        yield Visit((*path, "content", index), block, scope)
    for index, section in enumerate(scope.sections):
        yield from walk(section, (*path, "sections", index))
    if isinstance(scope, model.Report):
        for index, attachment in enumerate(scope.attachments):
            yield from walk(attachment, ("attachments", index))


def own_texts(element: Element) -> Iterator[tuple[FieldPath, str]]:
    """The text fields an author wrote on ``element`` itself (not inside its children), with their paths
    relative to it: what indicator references may appear in."""
    if isinstance(element, str):
        yield (), element
    elif isinstance(element, model.Report):
        yield from ((("title", i), line) for i, line in enumerate(element.title))
        yield from ((("subtitle", i), line) for i, line in enumerate(element.subtitle))
        yield from _optional(element, "speaker")
        yield from ((("front_lines", i), line) for i, line in enumerate(element.front_lines))
        yield from _optional(element, "recipient", "note")
    elif isinstance(element, model.Section):
        yield from _optional(element, "title", "subtitle")
    elif isinstance(element, model.Attachment):
        yield from _optional(element, "title")
    elif isinstance(element, model.TextParagraph):
        yield ("text",), element.text
    elif isinstance(element, model.LeadParagraph):
        yield ("lead",), element.lead
        yield ("text",), element.text
    elif isinstance(element, model.NumberedPoint):
        yield ("item",), element.item
        yield from _optional(element, "text")
    elif isinstance(element, model.EnumerationBlock):
        yield from ((("enumeration", *path), value) for path, value in _optional(element.enumeration, "intro"))
        yield from ((("enumeration", "items", i), item) for i, item in enumerate(element.enumeration.items))
    elif isinstance(element, model.TableBlock):
        yield from _table_texts(element.table)
    elif isinstance(element, model.IndicatorTableBlock):
        yield from _indicator_table_texts(element.indicator_table)
    elif isinstance(element, model.FigureBlock):
        yield from ((("figure", *path), value) for path, value in _optional(element.figure, "caption"))
    elif isinstance(element, model.ChartBlock):
        yield from ((("chart", *path), value) for path, value in _optional(element.chart, "title", "caption"))
    else:
        raise TypeError(f"walk.own_texts does not know {type(element).__name__!r} elements")


def _optional(element: object, *names: str) -> Iterator[tuple[FieldPath, str]]:
    for name in names:
        value = getattr(element, name)
        if value:
            yield (name,), value


def _table_texts(table: model.Table) -> Iterator[tuple[FieldPath, str]]:
    yield from ((("table", *path), value) for path, value in _optional(table, "caption"))
    for part, rows in (("header", table.header), ("rows", table.rows)):
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if isinstance(cell, model.Cell):
                    yield ("table", part, r, c, "text"), cell.text
                else:
                    yield ("table", part, r, c), cell
    yield from ((("table", *path), value) for path, value in _optional(table, "note"))


def _indicator_table_texts(table: model.IndicatorTable) -> Iterator[tuple[FieldPath, str]]:
    for path, value in _optional(table, "caption", "group_header", "total", "note"):
        yield ("indicator_table", *path), value
    if table.rows != "section":
        for index, row in enumerate(table.rows):
            if isinstance(row, model.IndicatorGroup):
                yield ("indicator_table", "rows", index, "group"), row.group


def texts(scope: Scope) -> Iterator[tuple[FieldPath, str]]:
    """Every text field in ``scope`` with its full path, in document order (the report's own fields first)."""
    for visit in walk(scope):
        for path, value in own_texts(visit.element):
            yield (*visit.path, *path), value
