"""Node kinds are declared once: every renderer has a method for each, and each node says all the text it carries."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from typing import ClassVar

import pytest

from annualreport import document as doc
from annualreport.errors import RenderError
from annualreport.render.base import Renderer
from annualreport.render.docx import DocxRenderer
from annualreport.render.pdf import PdfRenderer

RENDERERS = [DocxRenderer, PdfRenderer]


@pytest.mark.parametrize("renderer", RENDERERS, ids=lambda r: r.format_name)
def test_every_renderer_has_a_method_for_every_node_kind(renderer: type[Renderer]):
    assert renderer.missing_methods() == [], f"{renderer.__name__} lacks {renderer.missing_methods()}"


def test_kinds_and_types_are_one_list():
    assert list(doc.NODE_KINDS.values()) == list(doc.NODE_TYPES)
    assert set(typing.get_args(doc.Node)) == set(doc.NODE_TYPES)
    for kind, cls in doc.NODE_KINDS.items():
        assert cls.kind == kind


@dataclasses.dataclass(frozen=True)
class Probe:
    """A node kind declared after the renderers were written (registered only inside the test)."""

    kind: ClassVar[str] = "probe"

    def texts(self) -> Iterator[doc.RoleText]:
        return iter(())


@pytest.mark.parametrize("renderer", RENDERERS, ids=lambda r: r.format_name)
def test_a_new_kind_names_the_renderer_that_lacks_it(renderer: type[Renderer], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(doc.NODE_KINDS, "probe", Probe)
    assert renderer.missing_methods() == ["render_probe"]
    instance = renderer.__new__(renderer)  # dispatch needs no state
    with pytest.raises(RenderError, match=f"the {renderer.format_name} renderer has no render_probe for 'Probe'"):
        instance.render_node(Probe())


@pytest.mark.parametrize("renderer", RENDERERS, ids=lambda r: r.format_name)
def test_an_object_of_no_kind_is_refused_the_same_way(renderer: type[Renderer]):
    class Aside:
        pass

    instance = renderer.__new__(renderer)
    with pytest.raises(RenderError, match=f"the {renderer.format_name} renderer got a 'Aside', which is no node kind"):
        instance.render_node(Aside())


MIRRORS = ("caption_lines", "issuer_lines")
"""Fields holding the lines another field's text is broken into (Table.caption, Signature.issuer)."""


def test_mirrored_lines_are_what_the_renderers_draw():
    table = doc.Table(caption="表1　甲乙", widths=(), header_rows=(), body_rows=(), note=None, caption_lines=("表1　甲", "乙"))
    assert table.caption_shown == ("表1　甲", "乙")
    assert doc.Table(caption="表1", widths=(), header_rows=(), body_rows=(), note=None).caption_shown == ("表1",)
    signature = doc.Signature(issuer="某县人民政府", date=None, issuer_right_chars=2, date_right_chars=2)
    assert signature.issuer_shown == ("某县人民政府",)


INSIDE: set[str] = set()
"""Markers of texts a chart draws inside itself (``ChartData``): not lines of the document's text."""


def _marked(cls: type, counter: Iterator[int]) -> object:
    """An instance of ``cls`` whose every text-bearing field holds a unique marker (nested spans and cells too)."""
    values: dict[str, object] = {}
    for field in dataclasses.fields(cls):
        hint = str(field.type)
        if field.name in ("role", "align", "kind"):
            continue
        if field.name in MIRRORS:  # the lines a text is broken into: the text itself is what is said
            continue
        if "Placed" in hint:  # a joint signature's lines: names side by side, a blank line, the date
            values[field.name] = (
                (doc.Placed(text=f"<{next(counter)}>", role="signature", right_chars=9, width_chars=1),
                 doc.Placed(text=f"<{next(counter)}>", role="signature", right_chars=2, width_chars=1)),
                (),
                (doc.Placed(text=f"<{next(counter)}>", role="date", right_chars=4, width_chars=1),),
            )  # fmt: skip
        elif "Seal" in hint:
            values[field.name] = ()
        elif "Span" in hint:
            values[field.name] = (doc.Span(text=f"<{next(counter)}>"), doc.Span(text=f"<{next(counter)}>", role="lead"))
        elif "ChartData" in hint:  # drawn inside the chart: said by texts(), not lines of the text
            mark = [f"<{next(counter)}>" for _ in range(6)]
            series = doc.ChartSeries(name=mark[0], values=(1.0,), labels=(mark[1],))
            values[field.name] = doc.ChartData(shape="bars", categories=(mark[2],), series=(series,), title=mark[3],
                                               unit=mark[4], ticks=((0.0, mark[5]),))  # fmt: skip
            INSIDE.update(mark)
        elif "bytes" in hint:
            values[field.name] = b""
        elif "TableCell" in hint:
            values[field.name] = ((doc.TableCell(text=f"<{next(counter)}>", column=0),),)
        elif "str" in hint and "tuple" in hint:
            values[field.name] = (f"<{next(counter)}>", f"<{next(counter)}>")
        elif "str" in hint:
            values[field.name] = f"<{next(counter)}>"
        elif "float" in hint and "tuple" in hint:
            values[field.name] = (1.0,)
        elif "float" in hint:
            values[field.name] = 0.0
        elif "int" in hint:
            values[field.name] = 1
    if cls is doc.Heading:
        values["role"] = "heading1"
    return cls(**values)


@pytest.mark.parametrize("cls", doc.NODE_TYPES, ids=lambda c: c.kind)
def test_each_node_says_every_text_it_carries(cls: type):
    counter = iter(range(1000))
    node = _marked(cls, counter)
    markers = {f"<{i}>" for i in range(next(counter))}
    said = "".join(text for _, text in node.texts())
    assert {m for m in markers if m in said} == markers, f"{cls.__name__}.texts() forgets a field"
    visible = "".join(node.visible_lines())
    lines = markers - INSIDE
    assert {m for m in lines if m in visible} == lines, f"{cls.__name__}.visible_lines() forgets a field"
    assert not {m for m in INSIDE & markers if m in visible}, f"{cls.__name__}.visible_lines() shows a chart's texts"
