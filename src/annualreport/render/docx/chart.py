"""Charts as native Word charts (and SVG pictures with their PNG twin): a DrawingML chart part (``c:chartSpace``) with its numbers in an embedded
workbook, so that Word's and WPS's 编辑数据 opens them in a spreadsheet and the chart can be restyled.

python-docx has no chart API. The chart XML is written here as text (the parts of the DrawingML chart schema a
report needs: bar, line and pie charts, data labels, axis titles, fonts and colours), with the cached values
Word and LibreOffice draw without opening the workbook; the workbook is written by openpyxl (its XML is
SpreadsheetML as Excel writes it) and re-zipped with fixed timestamps, so the same report gives the same bytes.
python-pptx has a chart XML writer, but it is another library's internal module (``pptx.chart.xmlwriter``),
writes its workbook with XlsxWriter, and its templates assume PowerPoint's graphic frames: the ~200 lines here
are less to carry than a second Office library.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape, quoteattr

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph as WordParagraph

from ...document import ChartData
from ...style import Style
from .package import PinnedZip

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SHEET = "Sheet1"
EMU_PER_PT = 12700


def table_of(data: ChartData) -> tuple[list[str], list[str], list[list[float | None]]]:
    """(row labels, column labels, values by column) as the workbook holds them: a category per row, a series
    per column; a 100 % bar has one row and a column per part."""
    if data.shape == "stacked":
        series = data.series[0]
        return [series.name], list(data.categories), [[v] for v in series.values]
    return list(data.categories), [s.name for s in data.series], [list(s.values) for s in data.series]


def workbook(data: ChartData, when: dt.datetime) -> bytes:
    """The chart's numbers as an .xlsx (openpyxl): categories down column A, a series per column from B, each
    column in the number format of its data labels; entries and properties dated ``when``."""
    from openpyxl import Workbook

    rows, columns, values = table_of(data)
    formats = _formats(data)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    for c, name in enumerate(columns, start=2):
        sheet.cell(row=1, column=c, value=name)
    for r, name in enumerate(rows, start=2):
        sheet.cell(row=r, column=1, value=name)
        for c, column in enumerate(values, start=2):
            if column[r - 2] is not None:
                cell = sheet.cell(row=r, column=c, value=column[r - 2])
                cell.number_format = formats[c - 2]
    stamp = when.replace(tzinfo=None)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = book.properties.lastModifiedBy = "annualreport"
    # openpyxl's save_workbook would stamp the properties with the clock, and ZipFile.writestr the entries:
    # its writer goes into a zip that dates every entry ``when`` instead (package.PinnedZip).
    from openpyxl.writer.excel import ExcelWriter

    out = io.BytesIO()
    with PinnedZip(out, when) as archive:
        ExcelWriter(book, archive).save()
    return out.getvalue()


def _formats(data: ChartData) -> list[str]:
    if data.shape == "stacked":
        return [data.series[0].number_format] * len(data.categories)
    return [s.number_format for s in data.series]


def _column(index: int) -> str:
    return chr(ord("A") + index)


def _text_props(style: Style, role: str) -> str:
    look = style.role(role)
    family = quoteattr(style.family(role))
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{round(look.size_pt * 100)}" b="0">'
            f'<a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
            f'<a:latin typeface={family}/><a:ea typeface={family}/><a:cs typeface={family}/></a:defRPr></a:pPr>'
            '<a:endParaRPr lang="zh-CN"/></a:p></c:txPr>')  # fmt: skip


def _rich(text: str, style: Style, role: str) -> str:
    look = style.role(role)
    family = quoteattr(style.family(role))
    return (f'<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{round(look.size_pt * 100)}" b="0"/>'
            f'</a:pPr><a:r><a:rPr lang="zh-CN" sz="{round(look.size_pt * 100)}" b="0"><a:latin typeface={family}/>'
            f'<a:ea typeface={family}/></a:rPr><a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>')  # fmt: skip


def _fill(colour: str) -> str:
    return f'<c:spPr><a:solidFill><a:srgbClr val="{colour.lstrip("#").upper()}"/></a:solidFill></c:spPr>'


def _series_xml(data: ChartData, style: Style) -> str:
    rows, columns, values = table_of(data)
    formats = _formats(data)
    colours = style.chart.colours
    last = len(rows) + 1
    categories = "".join(f'<c:pt idx="{i}"><c:v>{escape(name)}</c:v></c:pt>' for i, name in enumerate(rows))
    out = []
    for s, (name, column) in enumerate(zip(columns, values)):
        letter = _column(s + 1)
        points = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(column) if v is not None)
        fill = _fill(colours[s % len(colours)])
        if data.shape == "pie":
            fill = "".join(f'<c:dPt><c:idx val="{i}"/><c:bubble3D val="0"/>{_fill(colours[i % len(colours)])}</c:dPt>'
                           for i in range(len(rows)))  # fmt: skip
        elif data.shape == "line":
            colour = colours[s % len(colours)].lstrip("#").upper()
            fill = (f'<c:spPr><a:ln w="19050"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:ln></c:spPr>'
                    f'<c:marker><c:symbol val="circle"/><c:size val="5"/>{_fill(colour)}</c:marker>')  # fmt: skip
        labels = (f'<c:dLbls><c:numFmt formatCode={quoteattr(formats[s])} sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
                  f'{_text_props(style, "chart_number")}'
                  + ('<c:dLblPos val="outEnd"/>' if data.shape in ("bars", "hbars", "pie") else '<c:dLblPos val="t"/>' if data.shape == "line" else "")
                  + '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
                  '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>')  # fmt: skip
        out.append(
            f'<c:ser><c:idx val="{s}"/><c:order val="{s}"/>'
            f'<c:tx><c:strRef><c:f>{SHEET}!${letter}$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{escape(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
            f'{fill}{labels}'
            f'<c:cat><c:strRef><c:f>{SHEET}!$A$2:$A${last}</c:f><c:strCache><c:ptCount val="{len(rows)}"/>{categories}</c:strCache></c:strRef></c:cat>'
            f'<c:val><c:numRef><c:f>{SHEET}!${letter}$2:${letter}${last}</c:f><c:numCache><c:formatCode>{escape(formats[s])}</c:formatCode>'
            f'<c:ptCount val="{len(rows)}"/>{points}</c:numCache></c:numRef></c:val>'
            + ('<c:smooth val="0"/>' if data.shape == "line" else "")
            + "</c:ser>"
        )  # fmt: skip
    return "".join(out)


def _axes(data: ChartData, style: Style) -> str:
    horizontal = data.shape in ("hbars", "stacked")
    cat_pos, val_pos = ("l", "b") if horizontal else ("b", "l")
    orientation = "maxMin" if data.shape == "hbars" else "minMax"
    top = data.ticks[-1][0] if data.ticks else None
    number = "0%" if data.percent else "General"
    scaling = f'<c:scaling><c:orientation val="minMax"/>{f"<c:max val={quoteattr(repr(top))}/>" if top else ""}<c:min val="0"/></c:scaling>'
    title = f"<c:title>{_rich(data.unit, style, 'chart_label')}<c:overlay val=\"0\"/></c:title>" if data.unit and not data.percent else ""
    gridlines = '<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>'
    return (
        f'<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="{orientation}"/></c:scaling><c:delete val="{int(data.shape == "stacked")}"/>'
        f'<c:axPos val="{cat_pos}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/>{_text_props(style, "chart_label")}<c:crossAx val="1002"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="1002"/>{scaling}<c:delete val="0"/><c:axPos val="{val_pos}"/>{gridlines}{title}'
        f'<c:numFmt formatCode="{number}" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/>{_text_props(style, "chart_number")}<c:crossAx val="1001"/><c:crosses val="{"max" if data.shape == "hbars" else "autoZero"}"/>'
        '<c:crossBetween val="between"/></c:valAx>'
    )  # fmt: skip


def chart_space(data: ChartData, style: Style, workbook_rid: str) -> bytes:
    """The chart part's XML: the plot of ``data``, its title, legend, fonts and colours, the cached values, and
    the link to the embedded workbook (``workbook_rid``)."""
    series = _series_xml(data, style)
    if data.shape == "pie":
        plot = f'<c:pieChart><c:varyColors val="1"/>{series}<c:firstSliceAng val="0"/></c:pieChart>'
    elif data.shape == "line":
        plot = f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{series}<c:marker val="1"/><c:axId val="1001"/><c:axId val="1002"/></c:lineChart>'
    else:
        direction = "col" if data.shape == "bars" else "bar"
        grouping = "percentStacked" if data.shape == "stacked" else "clustered"
        overlap = '<c:overlap val="100"/>' if data.shape == "stacked" else '<c:overlap val="-8"/>'
        plot = (f'<c:barChart><c:barDir val="{direction}"/><c:grouping val="{grouping}"/><c:varyColors val="0"/>{series}'
                f'<c:gapWidth val="60"/>{overlap}<c:axId val="1001"/><c:axId val="1002"/></c:barChart>')  # fmt: skip
    axes = "" if data.shape == "pie" else _axes(data, style)
    title = (f'<c:title>{_rich(data.title, style, "chart_title")}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
             if data.title else '<c:autoTitleDeleted val="1"/>')  # fmt: skip
    legend = len(data.series) > 1 or data.shape in ("pie", "stacked")
    legend_xml = f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_text_props(style, "chart_label")}</c:legend>' if legend else ""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{C}" xmlns:a="{A}" xmlns:r="{R}"><c:date1904 val="0"/><c:lang val="zh-CN"/>'
        '<c:roundedCorners val="0"/>'
        f'<c:chart>{title}<c:plotArea><c:layout/>{plot}{axes}</c:plotArea>{legend_xml}<c:plotVisOnly val="1"/>'
        '<c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f'{_text_props(style, "chart_label")}'
        f'<c:externalData r:id="{workbook_rid}"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>'
    )  # fmt: skip
    return xml.encode("utf-8")


def add_chart(paragraph: WordParagraph, data: ChartData, style: Style, width_pt: float, height_pt: float,
              when: dt.datetime) -> None:  # fmt: skip
    """The chart inline in ``paragraph``: a chart part related to the document, its workbook embedded in it."""
    document_part = paragraph.part
    package = document_part.package
    number = 1 + sum(1 for p in package.iter_parts() if str(p.partname).startswith("/word/charts/chart"))
    chart_part = Part(PackURI(f"/word/charts/chart{number}.xml"), CT.DML_CHART, b"", package)
    book = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx"), CT.SML_SHEET,
                workbook(data, when), package)  # fmt: skip
    workbook_rid = chart_part.relate_to(book, RT.PACKAGE)
    chart_part._blob = chart_space(data, style, workbook_rid)
    rid = document_part.relate_to(chart_part, RT.CHART)
    shape_id = document_part.next_id
    cx, cy = round(width_pt * EMU_PER_PT), round(height_pt * EMU_PER_PT)
    drawing = parse_xml(
        f'<w:drawing xmlns:w="{W}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:c="{C}" xmlns:r="{R}">'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{shape_id}" name="图表 {number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{C}"><c:chart r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
    )  # fmt: skip
    paragraph.add_run()._r.append(drawing)


SVG_BLIP = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
"""The extension of ``a:blip`` by which Word 2016 and later draw an SVG (the blip itself is its PNG twin)."""


def add_svg(document_part: Part, inline: object, svg: bytes) -> None:
    """An SVG part for the picture ``inline``: Word 2016+ and WPS draw it (``asvg:svgBlip`` in the blip's
    extensions), older Word and LibreOffice the PNG the picture already embeds."""
    from docx.oxml.ns import qn

    blip = inline.find(".//" + qn("a:blip"))  # type: ignore[attr-defined]
    package = document_part.package
    number = 1 + sum(1 for p in package.iter_parts() if str(p.partname).endswith(".svg"))
    svg_part = Part(PackURI(f"/word/media/figure{number}.svg"), "image/svg+xml", svg, package)
    rid = document_part.relate_to(svg_part, RT.IMAGE)
    blip.append(parse_xml(
        f'<a:extLst xmlns:a="{A}"><a:ext uri="{SVG_BLIP}"><asvg:svgBlip '
        f'xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" xmlns:r="{R}" r:embed="{rid}"/>'
        "</a:ext></a:extLst>"
    ))  # fmt: skip
