"""WordprocessingML building blocks: namespaces, element helpers, runs with text, breaks and fields."""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml import etree

from ...errors import RenderError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSMAP = {"w": W_NS, "r": R_NS}
"""Prefixes declared on every WordprocessingML root element."""

W = f"{{{W_NS}}}"
"""Clark-notation prefix of the w: namespace: ``W + "p"``."""
R = f"{{{R_NS}}}"
"""Clark-notation prefix of the r: namespace."""
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

ALIGNMENTS = {"justify": "both", "left": "left", "center": "center", "right": "right"}
"""Style alignments to ``w:jc`` values."""

_BREAKS = re.compile(r"(\n|\t)")


def root(tag: str) -> etree._Element:
    """A root element ``w:tag`` declaring the w: and r: prefixes."""
    return etree.Element(W + tag, nsmap=NSMAP)


def sub(parent: etree._Element, tag: str, attrs: Mapping[str, object] | None = None) -> etree._Element:
    """Append ``w:tag`` to ``parent``; attribute names are w: names unless they carry a ``{ns}`` prefix."""
    element = etree.SubElement(parent, W + tag)
    if attrs:
        for name, value in attrs.items():
            if value is not None:
                element.set(name if name[0] == "{" else W + name, str(value))
    return element


def val(parent: etree._Element, tag: str, value: object) -> etree._Element:
    """Append ``<w:tag w:val="value"/>``."""
    element = etree.SubElement(parent, W + tag)
    element.set(W + "val", str(value))
    return element


def flag(parent: etree._Element, tag: str, on: bool = True) -> etree._Element:
    """Append an on/off property: ``<w:tag/>`` when on, ``<w:tag w:val="0"/>`` when off."""
    element = etree.SubElement(parent, W + tag)
    if not on:
        element.set(W + "val", "0")
    return element


def serialize(element: etree._Element) -> bytes:
    """An XML part as Word writes it: UTF-8 with a standalone declaration."""
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_text(paragraph: etree._Element, text: str, char_style: str | None = None) -> None:
    """Append runs for ``text``: one run, with ``\\n`` as a line break and ``\\t`` as a tab inside it."""
    if not text:
        return
    run = sub(paragraph, "r")
    if char_style:
        val(sub(run, "rPr"), "rStyle", char_style)
    for piece in _BREAKS.split(text) if ("\n" in text or "\t" in text) else (text,):
        if piece == "\n":
            sub(run, "br")
        elif piece == "\t":
            sub(run, "tab")
        elif piece:
            _text_element(run, piece)


def _text_element(run: etree._Element, text: str) -> None:
    element = etree.SubElement(run, W + "t")
    if text[0] in " \u00a0" or text[-1] in " \u00a0" or "  " in text:
        element.set(XML_SPACE, "preserve")
    try:
        element.text = text
    except ValueError:
        raise RenderError(f"text cannot be written to a Word document (control characters?): {text!r}") from None


def add_line_break(paragraph: etree._Element) -> None:
    """A line break inside the paragraph (``<w:br/>``), e.g. between title lines."""
    sub(sub(paragraph, "r"), "br")


def add_page_break(paragraph: etree._Element) -> None:
    """A page break run (``<w:br w:type="page"/>``)."""
    sub(sub(paragraph, "r"), "br", {"type": "page"})


def add_field(paragraph: etree._Element, instruction: str, result: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end) — what Word writes for PAGE."""
    sub(sub(paragraph, "r"), "fldChar", {"fldCharType": "begin"})
    instr = sub(sub(paragraph, "r"), "instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    sub(sub(paragraph, "r"), "fldChar", {"fldCharType": "separate"})
    _text_element(sub(paragraph, "r"), result)
    sub(sub(paragraph, "r"), "fldChar", {"fldCharType": "end"})


PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "snapToGrid", "spacing", "ind", "jc")
"""The order the schema gives the ``w:pPr`` children this package writes into paragraphs."""


def set_paragraph_flag(paragraph: etree._Element, name: str, on: bool = True) -> None:
    """Put on/off property ``w:name`` into ``paragraph``'s ``w:pPr`` at its place in the schema's order."""
    ppr = paragraph.find(W + "pPr")
    if ppr is None:
        ppr = etree.Element(W + "pPr")
        paragraph.insert(0, ppr)
    if ppr.find(W + name) is not None:
        return
    rank = PPR_ORDER.index(name)
    position = sum(1 for child in ppr if PPR_ORDER.index(etree.QName(child).localname) < rank)
    element = etree.Element(W + name)
    if not on:
        element.set(W + "val", "0")
    ppr.insert(position, element)


def keep_with_next(paragraph: etree._Element) -> None:
    """Give ``paragraph`` ``w:keepNext``."""
    set_paragraph_flag(paragraph, "keepNext")
