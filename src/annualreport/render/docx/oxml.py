"""Raw WordprocessingML on python-docx's own element classes: where python-docx has no API, and the few
per-paragraph properties whose python-docx setters are too slow to run on every paragraph.

Each function says which API is missing (or slow) in its docstring. Elements are made with
``docx.oxml.OxmlElement`` or ``makeelement`` on an element of the document (both give python-docx's element
classes) and inserted at their place in the schema's child order, so python-docx keeps working on the same
elements afterwards. The fast paths (:func:`apply_paragraph_style`, :func:`set_alignment`, a run's style in
:func:`add_text`) are checked against python-docx's own output by tests/test_docx_layer.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ...errors import RenderError
from .fonts import FontEntry

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# The schema's child order (ECMA-376 Part 1, 17.3.1.26 pPr, 17.3.2.28 rPr, 17.4.79 trPr, 17.6.17 sectPr,
# 17.15.1.78 settings): an element goes before the first of its successors that is present.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath",
)  # fmt: skip
TRPR_ORDER = (
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight", "tblHeader",
    "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
)  # fmt: skip
TCPR_ORDER = (
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
    "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange",
)  # fmt: skip
TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
    "tblDescription", "tblPrChange",
)  # fmt: skip
SECTPR_ORDER = (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
    "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
    "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
)  # fmt: skip
STYLE_ORDER = (
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
    "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr", "rPr",
    "tblPr", "trPr", "tcPr", "tblStylePr",
)  # fmt: skip
SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime", "doNotDisplayPageBoundaries",
    "displayBackgroundShape", "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData",
    "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
    "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign",
    "attachedTemplate", "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
    "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength",
    "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
    "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
    "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving",
    "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults",
    "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
)  # fmt: skip

P_ORDER = ("pPr", "r", "hyperlink")
"""``w:pPr`` comes first in a paragraph."""
R_ORDER = ("rPr", "t", "br", "tab")
"""``w:rPr`` comes first in a run."""

_BREAKS = re.compile(r"(\n|\t)")


W = f"{{{W_NS}}}"
"""Clark-notation prefix of the w: namespace (``W + "p"``), cheaper than ``qn("w:p")`` in the per-paragraph paths."""

_places: dict[tuple[int, str], tuple[str, frozenset[str]]] = {}


def _successors(order: tuple[str, ...], tag: str) -> tuple[str, frozenset[str]]:
    """Clark name of ``w:tag`` and of the tags after it in ``order`` (kept per order constant and tag)."""
    key = (id(order), tag)
    place = _places.get(key)
    if place is None:
        place = _places[key] = (W + tag, frozenset(W + name for name in order[order.index(tag) + 1 :]))
    return place


def child(parent: BaseOxmlElement, tag: str, order: tuple[str, ...], attrs: Mapping[str, object] | None = None):
    """The ``w:tag`` child of ``parent``, added at its place in ``order`` when absent; ``attrs`` (w: names) set on it.

    python-docx's element classes place a new child by looking for each of its possible successors in turn (a
    ``find`` per tag: 30–70 µs for a paragraph property); this looks at the children present once."""
    clark, successors = _successors(order, tag)
    element = parent.find(clark)
    if element is None:
        element = parent.makeelement(clark)  # python-docx's element class, as OxmlElement gives (at half the cost)
        if not len(parent) or parent[-1].tag not in successors:  # children in schema order: all come before it
            parent.append(element)
        else:
            next(existing for existing in parent if existing.tag in successors).addprevious(element)
    if attrs:
        for name, value in attrs.items():
            if value is not None:
                element.set(W + name, str(value))
    return element


def element(tag: str, attrs: Mapping[str, object] | None = None, children: Iterable[BaseOxmlElement] = ()):
    """A new ``w:tag`` with w: attributes and children."""
    made = OxmlElement(f"w:{tag}")
    for name, value in (attrs or {}).items():
        made.set(qn(f"w:{name}"), str(value))
    for item in children:
        made.append(item)
    return made


# ---------------------------------------------------------------------------------------------- run properties


def set_fonts(rpr: BaseOxmlElement, family: str) -> None:
    """``family`` in all four script slots of ``w:rFonts``. python-docx's ``Font.name`` writes only ``w:ascii`` and
    ``w:hAnsi``; it has no API for ``w:eastAsia`` (the slot Chinese text is set in) or ``w:cs``."""
    child(rpr, "rFonts", RPR_ORDER, {"ascii": family, "eastAsia": family, "hAnsi": family, "cs": family})


def set_character_spacing(rpr: BaseOxmlElement, twentieths: int) -> None:
    """``w:spacing`` in a run's properties (expanded/condensed text, in twentieths of a point): python-docx has
    no character-spacing API."""
    child(rpr, "spacing", RPR_ORDER, {"val": twentieths})


def set_complex_script_size(rpr: BaseOxmlElement, half_points: int) -> None:
    """``w:szCs`` (python-docx's ``Font.size`` writes only ``w:sz``); Word writes both."""
    child(rpr, "szCs", RPR_ORDER, {"val": half_points})


def set_complex_script_bold(rpr: BaseOxmlElement) -> None:
    """``w:bCs`` (python-docx's ``Font.bold`` writes only ``w:b``); Word writes both."""
    child(rpr, "bCs", RPR_ORDER)


# ---------------------------------------------------------------------------------------------- paragraph properties


def set_chars_indent(ppr: BaseOxmlElement, **chars: int) -> None:
    """Indents in hundredths of a character (``w:firstLineChars``, ``w:leftChars``, ``w:rightChars``,
    ``w:hangingChars`` — what Word shows as 字符 and reads before the twips twins): python-docx's
    ``ParagraphFormat`` has indents in lengths only. Keyword names are the attributes without ``Chars``."""
    child(ppr, "ind", PPR_ORDER, {f"{side}Chars": value for side, value in chars.items()})


def set_snap_to_grid(ppr: BaseOxmlElement, on: bool) -> None:
    """``w:snapToGrid``: whether lines snap to the document grid. python-docx has no document-grid API."""
    child(ppr, "snapToGrid", PPR_ORDER, None if on else {"val": 0})


def set_auto_space_off(ppr: BaseOxmlElement) -> None:
    """``w:autoSpaceDE``/``w:autoSpaceDN`` off: Word adds no space between Chinese and Latin text or digits, so it
    measures a line as the PDF does (LibreOffice 7.4 ignores both). No East Asian typography API in python-docx."""
    child(ppr, "autoSpaceDE", PPR_ORDER, {"val": 0})
    child(ppr, "autoSpaceDN", PPR_ORDER, {"val": 0})


def set_overflow_punctuation(ppr: BaseOxmlElement) -> None:
    """``w:overflowPunct`` (punctuation may hang past the margin): python-docx has no East Asian typography API."""
    child(ppr, "overflowPunct", PPR_ORDER)


def set_outline_level(ppr: BaseOxmlElement, level: int) -> None:
    """``w:outlineLvl`` (0-based: the navigation pane and tables of contents use it): python-docx has no outline
    level API."""
    child(ppr, "outlineLvl", PPR_ORDER, {"val": level})


def apply_paragraph_style(paragraph: Paragraph, style_id: str | None) -> None:
    """Give ``paragraph`` style ``style_id`` (None: the default style, which Word leaves implied): the
    ``<w:pStyle w:val=…/>`` that python-docx's ``Paragraph.style`` writes. That setter scans every style of the
    document for the default on each assignment (0.5 ms a paragraph with our 40 styles), and even its element
    API (``CT_P.style``) places ``w:pStyle`` by trying its 35 possible successors (75 µs); this runs on every
    paragraph and table cell, so it writes the element at once (a tenth of that). The renderer holds the style
    objects and passes their ids. tests/test_docx_layer.py checks the XML is python-docx's."""
    if style_id is None:
        return
    p = paragraph._p
    ppr = p.find(W + "pPr")
    if ppr is None:  # w:pPr is a paragraph's first child, w:pStyle its own
        ppr = p.makeelement(W + "pPr")
        p.insert(0, ppr)
    style = ppr.find(W + "pStyle")
    if style is None:
        style = ppr.makeelement(W + "pStyle")
        ppr.insert(0, style)
    style.set(W + "val", style_id)


def set_alignment(paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """The ``<w:jc w:val=…/>`` python-docx's ``Paragraph.alignment`` writes, placed by :func:`child` (a fifth of
    the setter's cost) — set on most table cells (numbers right-aligned). tests/test_docx_layer.py checks the XML."""
    child(child(paragraph._p, "pPr", P_ORDER), "jc", PPR_ORDER, {"val": WD_ALIGN_PARAGRAPH.to_xml(alignment)})


# ---------------------------------------------------------------------------------------------- text and fields


_TWO_EM = re.compile(r"…{2,}|—{2,}")
WORD_JOINER = "\u2060"
"""Between the halves of …… and ——: Word and LibreOffice would otherwise break a line inside them (GB/T 15834
keeps each whole), and it draws nothing."""


def _join_two_em(match: re.Match[str]) -> str:
    return WORD_JOINER.join(match.group())


def add_text(paragraph: Paragraph, text: str, char_style_id: str | None = None) -> Run | None:
    """One run holding ``text``, ``\\n`` as a line break and ``\\t`` as a tab (``Run.add_text``, ``add_break``,
    ``add_tab``); in character style ``char_style_id`` (set on the element, for the reason given in
    :func:`apply_paragraph_style`). Nothing for empty text."""
    if not text:
        return None
    run = paragraph.add_run()
    if char_style_id:  # Run.style scans the styles as Paragraph.style does; CT_R.style tries 38 successors
        rpr = run._r.makeelement(W + "rPr")  # a new run: w:rPr first, w:rStyle first in it
        rpr.append(rpr.makeelement(W + "rStyle", {W + "val": char_style_id}))
        run._r.insert(0, rpr)
    if "……" in text or "——" in text:
        text = _TWO_EM.sub(_join_two_em, text)
    try:
        for piece in _BREAKS.split(text) if ("\n" in text or "\t" in text) else (text,):
            if piece == "\n":
                run.add_break()
            elif piece == "\t":
                run.add_tab()
            elif piece:
                run.add_text(piece)
    except ValueError:  # lxml refuses characters XML cannot hold
        raise RenderError(f"text cannot be written to a Word document (control characters?): {text!r}") from None
    return run


def add_field(paragraph: Paragraph, instruction: str, result: str) -> None:
    """A complex field — begin, instruction, separate, cached result, end, one run each, as Word writes PAGE:
    python-docx has no field API (``w:fldChar``, ``w:instrText``)."""
    paragraph.add_run()._r.append(element("fldChar", {"fldCharType": "begin"}))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(element("fldChar", {"fldCharType": "separate"}))
    paragraph.add_run(result)
    paragraph.add_run()._r.append(element("fldChar", {"fldCharType": "end"}))


# ---------------------------------------------------------------------------------------------- tables


def set_row_flags(tr: BaseOxmlElement, *, header: bool, can_split: bool = False) -> None:
    """``w:cantSplit`` (a row never breaks across pages) unless ``can_split``, and, on header rows, ``w:tblHeader``
    (repeated at the top of every page): python-docx's ``_Row`` has height only."""
    trpr = tr.find(W + "trPr")
    if trpr is None:  # after w:tblPrEx, before the cells (CT_Row.get_or_add_trPr, placed without its search)
        trpr = tr.makeelement(W + "trPr")
        tr.insert(1 if len(tr) and tr[0].tag == W + "tblPrEx" else 0, trpr)
    if not can_split:
        child(trpr, "cantSplit", TRPR_ORDER)
    if header:
        child(trpr, "tblHeader", TRPR_ORDER)


def set_table_width(tbl: BaseOxmlElement, twips: int) -> None:
    """``w:tblW`` in twips: python-docx's ``Table`` has column and cell widths, no table width."""
    child(tbl.tblPr, "tblW", TBLPR_ORDER, {"w": twips, "type": "dxa"})


def set_table_look(tbl: BaseOxmlElement) -> None:
    """``w:tblLook``: the table style's first-row formatting applies, no first column, no banding (python-docx
    writes Word's default look, 04A0, and has no API to change it)."""
    look = child(tbl.tblPr, "tblLook", TBLPR_ORDER)
    for name in list(look.attrib):
        del look.attrib[name]
    for name, value in (("val", "0620"), ("firstRow", 1), ("lastRow", 0), ("firstColumn", 0), ("lastColumn", 0),
                        ("noHBand", 1), ("noVBand", 1)):  # fmt: skip
        look.set(qn(f"w:{name}"), str(value))


# ---------------------------------------------------------------------------------------------- section, settings


def set_doc_grid(sect_pr: BaseOxmlElement, line_pitch: int) -> None:
    """``w:docGrid w:type="lines"``: every body line on a grid of ``line_pitch`` twips. python-docx has no
    document-grid API."""
    child(sect_pr, "docGrid", SECTPR_ORDER, {"type": "lines", "linePitch": line_pitch})


def has_setting(settings: BaseOxmlElement, tag: str) -> bool:
    """Whether settings.xml says ``w:tag``."""
    return settings.find(qn(f"w:{tag}")) is not None


def set_setting(settings: BaseOxmlElement, tag: str, value: str) -> None:
    """A ``<w:tag w:val="value"/>`` setting (``w:characterSpacingControl``): python-docx's ``Settings`` has only
    odd/even headers."""
    child(settings, tag, SETTINGS_ORDER, {"val": value})


# ---------------------------------------------------------------------------------------------- styles part


def style_by_id(styles: BaseOxmlElement, style_id: str) -> BaseOxmlElement | None:
    """The ``w:style`` with ``style_id``: ``CT_Styles.get_by_id`` without its XPath (compiled on every call)."""
    return styles.find(f'{W}style[@{W}styleId="{style_id}"]') if '"' not in style_id else styles.get_by_id(style_id)


def set_style_aliases(style: BaseOxmlElement, aliases: str) -> None:
    """``w:aliases``: other names of a style, comma-separated (Word shows them after the name and finds the style by
    any of them). python-docx has no aliases API."""
    child(style, "aliases", STYLE_ORDER, {"val": aliases})


def style_aliases(style: BaseOxmlElement) -> list[str]:
    """The names in a style's ``w:aliases``."""
    aliases = style.find(W + "aliases")
    value = aliases.get(W + "val", "") if aliases is not None else ""
    return [name.strip() for name in value.split(",") if name.strip()]


def hide_paragraph_mark(paragraph: Paragraph) -> None:
    """Word's style separator: the paragraph mark hidden, always (``w:vanish`` + ``w:specVanish`` in the mark's
    ``w:rPr``), so the next paragraph goes on in the same line. python-docx has no paragraph-mark API."""
    ppr = child(paragraph._p, "pPr", P_ORDER)
    mark = child(ppr, "rPr", PPR_ORDER)
    child(mark, "vanish", RPR_ORDER)
    child(mark, "specVanish", RPR_ORDER)


def set_style_link(style: BaseOxmlElement, style_id: str) -> None:
    """``w:link``: a paragraph style and its character twin (Heading 1 / Heading 1 Char). python-docx has no
    linked-style API."""
    child(style, "link", STYLE_ORDER, {"val": style_id})


def doc_defaults(family: str, half_points: int) -> BaseOxmlElement:
    """``w:docDefaults``: the body font in every slot, black, the size, zh-CN for East Asian text, widow control
    on (no line alone at a page's head or foot, as the PDF sets it; Chinese Word templates turn it off to
    fill every page, GB/T 9704 asks neither). python-docx has no API for document defaults."""
    return element("docDefaults", children=[
        element("rPrDefault", children=[element("rPr", children=[
            element("rFonts", {"ascii": family, "eastAsia": family, "hAnsi": family, "cs": family}),
            element("color", {"val": "000000"}),
            element("sz", {"val": half_points}),
            element("szCs", {"val": half_points}),
            element("lang", {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"}),  # no w:lang API
        ])]),
        element("pPrDefault", children=[element("pPr", children=[element("widowControl")])]),
    ])  # fmt: skip


def font_table(fonts: Iterable[FontEntry], existing: bytes | None = None) -> BaseOxmlElement:
    """fontTable.xml (python-docx does not model the font table): ``existing``'s entries, then each family of
    ``fonts`` it lacks, with its alternatives (the stock Windows faces Word and WPS fall back to) as ``w:altName``,
    its PANOSE number where known and, for a Chinese name, the GB2312 charset."""
    if existing:
        table = parse_xml(existing)
    else:
        table = parse_xml(f'<w:fonts xmlns:w="{W_NS}" xmlns:r="{R_NS}"/>')
    present = {entry.get(qn("w:name")) for entry in table.iterchildren(qn("w:font"))}
    for font in fonts:
        if font.name in present:
            continue
        entry = element("font", {"name": font.name})  # children in the schema's order (17.8.3.10)
        if font.alternatives:
            entry.append(element("altName", {"val": ",".join(font.alternatives)}))
        if font.panose:
            entry.append(element("panose1", {"val": font.panose}))
        if font.charset:
            entry.append(element("charset", {"val": font.charset}))
        entry.append(element("family", {"val": font.family}))
        entry.append(element("pitch", {"val": font.pitch}))
        table.append(entry)
    return table


# ---------------------------------------------------------------------------------------------- drawings

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
EMU_PER_MM = 36_000


def float_behind_text(inline: BaseOxmlElement, left_emu: int, top_emu: int) -> BaseOxmlElement:
    """Turn the ``wp:inline`` picture python-docx made (``Run.add_picture``) into a ``wp:anchor`` floating behind
    the text (``behindDoc="1"``, ``wp:wrapNone``): ``left_emu`` from the left margin (the text block's left edge),
    ``top_emu`` from the top of its paragraph (negative: above it). python-docx has no API for floating pictures;
    the extent, ``wp:docPr`` (its id unique in the document) and the ``a:graphic`` are python-docx's own, moved
    over in the order ECMA-376 Part 1, 20.4.2.3 sets."""
    wp = f"{{{WP_NS}}}"
    anchor = OxmlElement(
        "wp:anchor",
        {
            "distT": "0", "distB": "0", "distL": "0", "distR": "0", "simplePos": "0", "relativeHeight": "0",
            "behindDoc": "1", "locked": "0", "layoutInCell": "1", "allowOverlap": "1",
        },
    )  # fmt: skip
    anchor.append(anchor.makeelement(wp + "simplePos", {"x": "0", "y": "0"}))
    for axis, relative, offset in (("H", "margin", left_emu), ("V", "paragraph", top_emu)):
        position = anchor.makeelement(wp + f"position{axis}", {"relativeFrom": relative})
        position.append(position.makeelement(wp + "posOffset", {}))
        position[0].text = str(int(offset))
        anchor.append(position)
    anchor.append(inline.find(wp + "extent"))
    anchor.append(anchor.makeelement(wp + "effectExtent", {"l": "0", "t": "0", "r": "0", "b": "0"}))
    anchor.append(anchor.makeelement(wp + "wrapNone", {}))
    for tag in ("docPr", "cNvGraphicFramePr"):
        found = inline.find(wp + tag)
        if found is not None:
            anchor.append(found)
    anchor.append(inline.find("{http://schemas.openxmlformats.org/drawingml/2006/main}graphic"))
    inline.getparent().replace(inline, anchor)
    return anchor
