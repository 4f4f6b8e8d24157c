"""The one walk over the model visits every element and every text field an author can write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import annualreport as ar
from annualreport import model
from annualreport.walk import texts, walk

from .conftest import EXAMPLE_2018, REPO

FULL = REPO / "tests" / "fixtures" / "full"

NOT_TEXT = {"issuer", "align", "csv", "style", "previous", "date", "locale", "display", "unit", "label", "qualifier", "keys", "image", "kind", "shape"}
"""Fields that hold names, settings or indicator data rather than prose that references may appear in (the
issuer is printed as written)."""


def string_leaves(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_TEXT and key != "indicators":
                yield from string_leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_leaves(item, (*path, index))


def test_every_text_field_of_the_full_fixture_is_walked():
    report = ar.load(FULL)
    dumped = {path: text for path, text in string_leaves(report.model_dump()) if text}
    walked = dict(texts(report))
    dumped = {path: text for path, text in dumped.items() if not (path[-1] == "rows" and text == "section")}
    # Cells given as {text: …} dump as mappings; plain cells and blocks as strings: both are text.
    assert walked == dumped


def test_walk_order_and_scopes():
    report = ar.load(EXAMPLE_2018)
    visits = list(walk(report))
    assert visits[0].path == () and visits[0].element is report
    sections = [v for v in visits if isinstance(v.element, model.Section)]
    assert sections[0].path == ("sections", 0) and sections[0].scope is sections[0].element
    for visit in visits:
        if visit.path and visit.path[-2] == "content":
            holder = visit.scope
            assert holder.content[visit.path[-1]] is visit.element
