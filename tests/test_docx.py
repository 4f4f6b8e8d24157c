"""The Word renderer, read back as XML: page and grid, styles and fonts, footers, tables, flow, properties, bytes."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from lxml import etree

import annualreport as ar
from annualreport import document as doc
from annualreport.errors import InputError, RenderError
from annualreport.model import Report
from annualreport.render.docx import DocxRenderer, render_docx
from annualreport.style import load_style

from .conftest import SEED

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_2018 = REPO / "examples" / "2018"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
W = f"{{{W_NS}}}"


def attr(element: etree._Element, name: str) -> str | None:
    return element.get(W + name)


class Docx:
    """A rendered .docx opened for inspection: its zip entries and parsed XML parts."""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = self.zip.namelist()

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    @property
    def document(self) -> etree._Element:
        return self.xml("word/document.xml")

    @property
    def styles(self) -> etree._Element:
        return self.xml("word/styles.xml")

    def style(self, style_id: str) -> etree._Element:
        found = self.styles.xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)
        assert found, f"no style {style_id!r}"
        return found[0]

    def style_value(self, style_id: str, path: str, name: str = "val") -> str | None:
        """A property of a style, following basedOn like Word does."""
        while style_id:
            style = self.style(style_id)
            found = style.xpath(path, namespaces=NS)
            if found and attr(found[0], name) is not None:
                return attr(found[0], name)
            based = style.xpath("w:basedOn/@w:val", namespaces=NS)
            style_id = based[0] if based else ""
        found = self.styles.xpath(f"w:docDefaults//{path.split('/', 1)[1]}", namespaces=NS)
        return attr(found[0], name) if found else None

    def paragraphs(self) -> list[etree._Element]:
        """Body paragraphs outside tables."""
        return self.document.xpath("/w:document/w:body/w:p", namespaces=NS)

    @staticmethod
    def text(paragraph: etree._Element) -> str:
        """The paragraph's text as a reader sees it (without the word joiners inside …… and ——)."""
        return "".join(paragraph.xpath(".//w:t/text()", namespaces=NS)).replace("\u2060", "")

    @staticmethod
    def style_of(paragraph: etree._Element) -> str:
        found = paragraph.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)
        return found[0] if found else "Normal"

    def paragraph(self, text: str) -> etree._Element:
        for paragraph in self.paragraphs():
            if self.text(paragraph) == text:
                return paragraph
        raise AssertionError(f"no paragraph {text!r}")


@pytest.fixture(scope="module", autouse=True)
def no_source_date_epoch():
    """Timestamps come from the report unless a test sets SOURCE_DATE_EPOCH (CI may export one)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        yield


@pytest.fixture(scope="module")
def example() -> doc.Document:
    return ar.build(EXAMPLE_2018)


@pytest.fixture(scope="module")
def rendered(example: doc.Document) -> Docx:
    data = render_docx(example)
    assert data is not None
    return Docx(data)


FULL_REPORT = {
    "title": ["关于大沁他拉镇2018年度", "工作情况的报告"],
    "subtitle": ["——2019年1月15日在镇第十八届人民代表大会第三次会议上"],
    "speaker": "镇长　张三",
    "recipient": "各嘎查村、镇直各单位：",
    "issuer": "大沁他拉镇人民政府",
    "date": "2019-01-15",
    "year": 2018,
    "note": "此件公开发布",
    "content": ["导语段落。"],
    "sections": [
        {
            "title": "主要工作",
            "content": [
                {"lead": "养殖产业基地建设", "text": "建成养殖小区6处。"},
                {
                    "table": {
                        "columns": [{"align": "left", "width": 2}, {"align": "right"}, {"align": "right"}],
                        "header": [[{"text": "指标", "rowspan": 2}, {"text": "数值", "colspan": 2}], ["2017年", "2018年"]],
                        "rows": [["养殖小区", 5, 6], [{"text": "合计", "colspan": 2}, 11]],
                    }
                },
            ],
            "sections": [{"title": "扶贫", "content": [{"item": "完善机构，确保成效。", "text": "建立体系。"}]}],
        }
    ],
    "attachments": [
        {"title": "2018年主要指标完成情况表", "content": ["附件一正文。"]},
        {"title": "一个名称很长很长很长很长很长很长很长很长很长很长很长很长很长的附件", "content": ["附件二正文。"]},
    ],
}


def full_document(**changes: object) -> doc.Document:
    data = {**FULL_REPORT, **changes}
    return doc.build_document(Report.model_validate(data), load_style())


@pytest.fixture(scope="module")
def full() -> Docx:
    data = render_docx(full_document())
    assert data is not None
    return Docx(data)


# --------------------------------------------------------------------------- page and grid


def test_page_size_margins_and_line_grid(rendered: Docx):
    sect = rendered.document.xpath("//w:body/w:sectPr", namespaces=NS)[0]
    size = sect.find(W + "pgSz")
    assert (attr(size, "w"), attr(size, "h")) == ("11906", "16838")  # A4
    margins = sect.find(W + "pgMar")
    twips = {side: int(attr(margins, side) or 0) for side in ("top", "bottom", "left", "right")}
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(twips[side] / 1440 * 25.4 - mm) < 0.05, side
    grid = sect.find(W + "docGrid")
    assert attr(grid, "type") == "lines"
    pitch = int(attr(grid, "linePitch") or 0)
    block_height = 16838 - twips["top"] - twips["bottom"]
    assert pitch == 579
    assert 22 * pitch <= block_height < 23 * pitch  # 22 lines fill the block …
    assert 22 * 580 > block_height  # … and 580 (the trap) would not fit 22


def test_body_characters_fit_28_to_the_line(rendered: Docx):
    spacing = int(rendered.style_value("Normal", "w:rPr/w:spacing") or 0)
    size_half_points = int(rendered.style_value("Normal", "w:rPr/w:sz") or 0)
    margins = rendered.document.xpath("//w:sectPr/w:pgMar", namespaces=NS)[0]
    block = 11906 - int(attr(margins, "left") or 0) - int(attr(margins, "right") or 0)
    advance = size_half_points * 10 + spacing  # twips per character
    assert spacing == -5 and size_half_points == 32
    assert 28 * advance <= block < 29 * advance


def test_widow_control_on_as_in_the_pdf(rendered: Docx):
    # On by default (no w:val): no single line at a page's head or foot, in Word as in our PDF.
    [widow] = rendered.styles.xpath("w:docDefaults/w:pPrDefault/w:pPr/w:widowControl", namespaces=NS)
    assert widow.get(f"{{{NS['w']}}}val") is None
    assert not rendered.styles.xpath("//w:widowControl[@w:val='0' or @w:val='false']", namespaces=NS)
    assert not rendered.document.xpath("//w:widowControl[@w:val='0' or @w:val='false']", namespaces=NS)


def test_punctuation_settings(rendered: Docx):
    # Word's default written out on Normal (LibreOffice reads it inverted: no hanging punctuation there)
    assert rendered.style("Normal").xpath("w:pPr/w:overflowPunct[not(@w:val)]", namespaces=NS)
    settings = rendered.xml("word/settings.xml")
    assert settings.xpath("w:characterSpacingControl/@w:val", namespaces=NS) == ["doNotCompress"]


# --------------------------------------------------------------------------- styles and fonts


@pytest.mark.parametrize(
    ("style_id", "name", "font", "half_points", "jc"),
    [
        ("Normal", "Normal", "仿宋_GB2312", "32", "both"),
        ("Title", "Title", "方正小标宋简体", "44", "center"),
        ("Heading1", "heading 1", "黑体", "32", "both"),
        ("Heading2", "heading 2", "楷体_GB2312", "32", "both"),
        ("Heading3", "heading 3", "仿宋_GB2312", "32", "both"),
        ("Heading4", "heading 4", "仿宋_GB2312", "32", "both"),
        ("Subtitle", "Subtitle", "楷体_GB2312", "32", "center"),
        ("Caption", "caption", "黑体", "32", "center"),
        ("TableText", "表格文字", "仿宋_GB2312", "28", "both"),
        ("TableHeader", "表头文字", "黑体", "28", "center"),
        ("Signature", "Signature", "仿宋_GB2312", "32", "right"),
        ("Date", "Date", "仿宋_GB2312", "32", "right"),
        ("AttachmentLabel", "附件标识", "黑体", "32", "left"),
        ("AttachmentTitle", "附件标题", "方正小标宋简体", "44", "center"),
        ("Footer", "footer", "宋体", "28", "both"),
    ],
)
def test_role_styles(rendered: Docx, style_id: str, name: str, font: str, half_points: str, jc: str):
    style = rendered.style(style_id)
    assert style.xpath("w:name/@w:val", namespaces=NS) == [name]
    for slot in ("ascii", "eastAsia", "hAnsi", "cs"):
        assert rendered.style_value(style_id, "w:rPr/w:rFonts", slot) == font, slot
    assert rendered.style_value(style_id, "w:rPr/w:sz") == half_points
    assert rendered.style_value(style_id, "w:pPr/w:jc") == jc


def test_every_role_has_a_style_named_after_it(rendered: Docx):
    names = set(rendered.styles.xpath("w:style/w:name/@w:val", namespaces=NS))
    expected = {"讲话人", "主送机关", "表注", "附件说明", "附注", "段首语", "奇数页页码", "偶数页页码", "报告表格"}
    assert expected <= names


def test_our_styles_have_chinese_names_and_english_aliases(rendered: Docx):
    """The gallery shows 表格文字, 讲话人, 主送机关 …; the English name is the alias (Word lists it after the name and
    finds the style by it); ids stay ASCII, as every w:pStyle and a reference document's lookups use them."""
    expected = {
        "Speaker": ("讲话人", "Speaker"), "Recipient": ("主送机关", "Recipient"),
        "TableText": ("表格文字", "Table Text"), "TableNote": ("表注", "Table Note"),
        "Lead": ("段首语", "Lead"), "Heading1Char": ("标题 1 字符", "Heading 1 Char"),
        "RunInHeading3": ("段首标题 3", "Run-in Heading 3"), "ReportTable": ("报告表格", "Report Table"),
    }  # fmt: skip
    for style_id, (name, alias) in expected.items():
        style = rendered.style(style_id)
        assert style.xpath("w:name/@w:val", namespaces=NS) == [name], style_id
        assert style.xpath("w:aliases/@w:val", namespaces=NS) == [alias], style_id
    for style in rendered.styles.xpath("w:style", namespaces=NS):
        assert style.get(W + "styleId").isascii()
        name = style.xpath("w:name/@w:val", namespaces=NS)[0]
        if name.isascii():  # Word's built-in names (Normal, heading 1, caption …), which Word localises itself
            assert not style.xpath("w:aliases", namespaces=NS), name


def test_font_table_names_the_windows_fallbacks(rendered: Docx):
    """Each family with the stock Windows faces Word and WPS use without the _GB2312 / 方正 fonts (w:altName), the
    GB2312 charset and, where Word's own value is known, the PANOSE number."""
    table = rendered.xml("word/fontTable.xml")
    fonts = {f.get(W + "name"): f for f in table.xpath("w:font", namespaces=NS)}

    def value(name: str, tag: str) -> str | None:
        found = fonts[name].xpath(f"w:{tag}/@w:val", namespaces=NS)
        return found[0] if found else None

    assert value("仿宋_GB2312", "altName") == "仿宋"
    assert value("楷体_GB2312", "altName") == "楷体"
    assert value("方正小标宋简体", "altName") == "华文中宋,宋体"
    assert value("黑体", "altName") == "SimHei" and value("宋体", "altName") == "SimSun"
    assert value("仿宋_GB2312", "panose1") == "02010609030101010101"
    assert value("黑体", "panose1") == "02010609060101010101" and value("宋体", "panose1") == "02010600030101010101"
    assert value("方正小标宋简体", "panose1") is None  # not known: better none than a wrong one
    for name, font in fonts.items():
        assert value(name, "charset") == "86", name
        order = [etree.QName(c).localname for c in font]
        schema = ["altName", "panose1", "charset", "family", "pitch"]
        assert order == [tag for tag in schema if tag in order], name


def test_title_lines_take_one_grid_line_each(rendered: Docx):
    for style_id in ("Title", "AttachmentTitle"):
        assert rendered.style_value(style_id, "w:pPr/w:spacing", "line") == "579"
        assert rendered.style_value(style_id, "w:pPr/w:spacing", "lineRule") == "exact"
        assert rendered.style_value(style_id, "w:pPr/w:snapToGrid") == "0"
    assert rendered.style_value("Normal", "w:pPr/w:spacing", "lineRule") == "auto"  # body: single, on the grid


def test_body_indent_two_characters_and_black(rendered: Docx):
    assert rendered.style_value("Normal", "w:pPr/w:ind", "firstLineChars") == "200"
    assert rendered.style_value("Normal", "w:pPr/w:ind", "firstLine") == "640"
    assert rendered.style_value("Title", "w:pPr/w:ind", "firstLineChars") == "0"  # Normal's indent does not leak
    assert rendered.styles.xpath("w:docDefaults//w:color/@w:val", namespaces=NS) == ["000000"]
    assert not rendered.styles.xpath("//w:color[@w:val!='000000']", namespaces=NS)


def test_headings_have_outline_levels_and_keep_with_next(rendered: Docx):
    for level in range(1, 5):
        style = rendered.style(f"Heading{level}")
        assert style.xpath("w:pPr/w:outlineLvl/@w:val", namespaces=NS) == [str(level - 1)]
        assert style.xpath("w:pPr/w:keepNext", namespaces=NS)
    assert rendered.style("Caption").xpath("w:pPr/w:keepNext", namespaces=NS)


def test_every_font_is_written_into_east_asia_and_no_theme_font_overrides(rendered: Docx):
    for name in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        part = rendered.xml(name)
        for fonts in part.iter(W + "rFonts"):
            values = {attr(fonts, slot) for slot in ("ascii", "eastAsia", "hAnsi", "cs")}
            assert len(values) == 1 and None not in values, etree.tostring(fonts)
        text = rendered.zip.read(name).decode()
        assert "Theme" not in text and "theme" not in text, name
    assert not any("theme" in n for n in rendered.names)
    lang = rendered.styles.xpath("w:docDefaults//w:lang", namespaces=NS)[0]
    assert attr(lang, "eastAsia") == "zh-CN"


def test_fonts_are_the_first_candidates_of_the_style():
    style = load_style()
    fonts = dict(style.fonts)
    fonts["fangsong"] = ("某仿宋", "SomeFangSong", *fonts["fangsong"])
    document = ar.build(EXAMPLE_2018, style.model_copy(update={"fonts": fonts}))
    result = Docx(render_docx(document) or b"")
    assert result.style_value("Normal", "w:rPr/w:rFonts", "eastAsia") == "某仿宋"
    font_table = result.xml("word/fontTable.xml")
    # A stock Windows face further down the list is what Word and WPS fall back to; it comes first.
    assert font_table.xpath("w:font[@w:name='某仿宋']/w:altName/@w:val", namespaces=NS) == ["仿宋"]
    assert font_table.xpath("w:font[@w:name='某仿宋']/w:charset/@w:val", namespaces=NS) == ["86"]
    fonts["fangsong"] = ("某仿宋", "SomeFangSong", "FandolFang")  # none: the English name of the same face
    document = ar.build(EXAMPLE_2018, style.model_copy(update={"fonts": fonts}))
    font_table = Docx(render_docx(document) or b"").xml("word/fontTable.xml")
    assert font_table.xpath("w:font[@w:name='某仿宋']/w:altName/@w:val", namespaces=NS) == ["SomeFangSong"]


def test_no_direct_formatting_where_a_style_can_say_it(rendered: Docx, full: Docx):
    allowed_paragraph = {"pStyle", "keepNext", "pageBreakBefore", "widowControl", "ind", "jc"}
    for result in (rendered, full):
        body = result.document
        for ppr in body.iter(W + "pPr"):
            assert {etree.QName(c).localname for c in ppr} <= allowed_paragraph
        for rpr in body.iter(W + "rPr"):
            assert [etree.QName(c).localname for c in rpr] == ["rStyle"]
        for ppr in body.xpath("//w:body/w:p/w:pPr[w:jc]", namespaces=NS):  # only a date placed by its start
            assert ppr.xpath("w:pStyle/@w:val", namespaces=NS) == ["Date"], etree.tostring(ppr)


def test_span_roles_become_character_styles(rendered: Docx):
    lead = rendered.paragraph("养殖产业基地建设　建成养殖小区6处，发展养殖专业村17个、养殖大户205户。建设棚舍8.5万平方米、"
                              "窖池6.5万立方米，牛羊存栏达到20.6万头（只），畜禽重大疫病免疫率达到100%。")
    runs = lead.xpath("w:r", namespaces=NS)
    assert runs[0].xpath("w:rPr/w:rStyle/@w:val", namespaces=NS) == ["Lead"]
    assert not runs[1].xpath("w:rPr", namespaces=NS)
    assert rendered.style_value("Lead", "w:rPr/w:rFonts", "eastAsia") == "楷体_GB2312"
    assert rendered.style("Lead").get(W + "type") == "character"


def test_run_in_numbered_point_carries_its_outline_level(rendered: Docx):
    point = next(p for p in rendered.paragraphs() if Docx.text(p).startswith("1.完善机构"))
    style_id = Docx.style_of(point)
    assert rendered.style_value(style_id, "w:pPr/w:outlineLvl") == "2"
    assert rendered.style_value(style_id, "w:pPr/w:ind", "firstLineChars") == "200"  # still a body paragraph
    first_run = point.xpath("w:r", namespaces=NS)[0]
    assert first_run.xpath("w:rPr/w:rStyle/@w:val", namespaces=NS) == ["Heading3Char"]


def test_run_in_point_is_one_paragraph_by_default(rendered: Docx):
    """Without ``[word] style_separator`` the point and its text are one paragraph (LibreOffice 7.x keeps them in
    one line only so), and no paragraph mark is hidden."""
    point = next(p for p in rendered.paragraphs() if Docx.text(p).startswith("1.完善机构"))
    assert Docx.text(point).startswith("1.完善机构，确保成效。建立")
    assert not rendered.document.xpath("//w:pPr/w:rPr/w:specVanish", namespaces=NS)


def test_style_separator_gives_the_navigation_pane_the_heading_words(example: doc.Document):
    """With ``[word] style_separator = true`` the heading words are a paragraph of their own in the run-in style
    (outline level 3), its mark hidden with w:specVanish (Word's style separator: Word shows one line and lists only
    "1.完善机构，确保成效。" in the navigation pane); the text goes on in the next paragraph, in Normal."""
    from annualreport.style import WordLook

    style = example.style.model_copy(update={"word": WordLook(style_separator=True)})
    separated = Docx(render_docx(ar.build(EXAMPLE_2018, style)) or b"")
    paragraphs = separated.paragraphs()
    heads = [p for p in paragraphs if p.xpath("w:pPr/w:rPr/w:specVanish", namespaces=NS)]
    points = [n for n in example.nodes if isinstance(n, doc.Paragraph) and n.outline_level]
    assert [Docx.text(p) for p in heads] == [n.spans[0].text for n in points]
    for head, node in zip(heads, points):
        assert Docx.style_of(head) == f"RunInHeading{node.outline_level}"
        mark = head.xpath("w:pPr/w:rPr", namespaces=NS)[0]
        assert [etree.QName(c).localname for c in mark] == ["vanish", "specVanish"]
        assert head.xpath("w:r/w:rPr/w:rStyle/@w:val", namespaces=NS) == [f"Heading{node.outline_level}Char"]
        body = paragraphs[paragraphs.index(head) + 1]
        assert Docx.style_of(body) == "Normal" and Docx.text(body) == "".join(s.text for s in node.spans[1:])
    assert separated.style_value("RunInHeading3", "w:pPr/w:outlineLvl") == "2"
    # Nothing else moves: the same paragraphs otherwise, text in the same order.
    assert "".join(Docx.text(p) for p in paragraphs) == "".join(Docx.text(p) for p in Docx(render_docx(example) or b"").paragraphs())


def test_headings_use_heading_styles(rendered: Docx):
    styles = [Docx.style_of(p) for p in rendered.paragraphs()]
    assert styles.count("Heading1") == 8 and styles.count("Heading2") == 2 and styles.count("Heading3") == 2
    assert Docx.style_of(rendered.paragraph("一、产业特色优势更加凸显")) == "Heading1"


# --------------------------------------------------------------------------- page numbers


def test_odd_and_even_footers_with_page_fields(rendered: Docx):
    settings = rendered.xml("word/settings.xml")
    assert settings.xpath("w:evenAndOddHeaders", namespaces=NS)
    rels = etree.fromstring(rendered.zip.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    references = rendered.document.xpath("//w:sectPr/w:footerReference", namespaces=NS)
    kinds = {attr(ref, "type"): targets[ref.get("{%s}id" % NS["r"])] for ref in references}
    assert set(kinds) == {"default", "even"}
    pages = (("default", "PageNumberOdd", "right", "right"), ("even", "PageNumberEven", "left", "left"))
    for kind, style_id, jc, side in pages:
        footer = rendered.xml("word/" + kinds[kind])
        paragraph = footer.find(W + "p")
        assert Docx.style_of(paragraph) == style_id
        assert rendered.style_value(style_id, "w:pPr/w:jc") == jc
        assert rendered.style_value(style_id, "w:pPr/w:ind", side) == "320"  # one character in
        instructions = "".join(paragraph.xpath(".//w:instrText/text()", namespaces=NS))
        assert instructions.strip() == "PAGE"
        assert [attr(f, "fldCharType") for f in paragraph.iter(W + "fldChar")] == ["begin", "separate", "end"]
        assert Docx.text(paragraph) == "\u2014 1 \u2014"  # EM DASH, the cached result 1, EM DASH
    assert rendered.style_value("Footer", "w:rPr/w:rFonts", "eastAsia") == "宋体"
    assert rendered.style_value("Footer", "w:rPr/w:sz") == "28"


def test_page_number_sits_seven_millimetres_below_the_block(rendered: Docx):
    margins = rendered.document.xpath("//w:sectPr/w:pgMar", namespaces=NS)[0]
    footer = int(attr(margins, "footer") or 0)
    line = int(rendered.style_value("Footer", "w:pPr/w:spacing", "line") or 0)
    assert rendered.style_value("Footer", "w:pPr/w:spacing", "lineRule") == "exact"
    assert rendered.style_value("Footer", "w:pPr/w:snapToGrid") == "0"
    top_of_number_mm = (footer + line) / 1440 * 25.4  # from the page's bottom edge
    assert abs((35 - top_of_number_mm) - 7) < 0.1


# --------------------------------------------------------------------------- tables


def table_rows(result: Docx, index: int = 0) -> list[etree._Element]:
    return result.document.xpath("//w:tbl", namespaces=NS)[index].xpath("w:tr", namespaces=NS)


def test_table_spans_the_block_with_model_widths(rendered: Docx, example: doc.Document):
    table = rendered.document.xpath("//w:tbl", namespaces=NS)[0]
    node = next(n for n in example.nodes if isinstance(n, doc.Table))
    widths = [int(w) for w in table.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    margins = rendered.document.xpath("//w:sectPr/w:pgMar", namespaces=NS)[0]
    block = 11906 - int(attr(margins, "left") or 0) - int(attr(margins, "right") or 0)
    assert sum(widths) == block
    assert table.xpath("w:tblPr/w:tblW/@w:w", namespaces=NS) == [str(block)]
    for width, fraction in zip(widths, node.widths):
        assert abs(width - fraction * block) <= 2
    assert table.xpath("w:tblPr/w:tblStyle/@w:val", namespaces=NS) == ["ReportTable"]
    assert table.xpath("w:tblPr/w:tblLayout/@w:type", namespaces=NS) == ["fixed"]


def test_caption_above_and_note_below_the_table(rendered: Docx):
    table = rendered.document.xpath("//w:tbl", namespaces=NS)[0]
    before, after = table.getprevious(), table.getnext()
    assert Docx.style_of(before) == "Caption" and Docx.text(before).startswith("表1")
    assert Docx.style_of(after) == "TableNote" and Docx.text(after) == "注：数据摘自本总结第一部分。"
    spacing = rendered.style_value("TableNote", "w:pPr/w:spacing", "after")
    assert spacing == "579"  # one body line to the next text


def test_header_rows_repeat_and_no_row_splits(rendered: Docx, full: Docx):
    rows = table_rows(rendered)
    assert [bool(r.xpath("w:trPr/w:tblHeader", namespaces=NS)) for r in rows[:2]] == [True, False]
    assert all(r.xpath("w:trPr/w:cantSplit", namespaces=NS) for r in rows)
    two_header_rows = table_rows(full)
    assert [bool(r.xpath("w:trPr/w:tblHeader", namespaces=NS)) for r in two_header_rows] == [True, True, False, False]


def test_merged_cells_as_modelled(rendered: Docx, full: Docx):
    rows = table_rows(rendered)
    first_column = [r.xpath("w:tc", namespaces=NS)[0] for r in rows[1:]]
    merges = [c.xpath("w:tcPr/w:vMerge", namespaces=NS) for c in first_column]
    states = ["restart" if m and attr(m[0], "val") == "restart" else "continue" if m else "-" for m in merges]
    spans = (6, 2, 3, 3, 2)  # 养殖 6 rows, 瓜菜 2, 林果 3, 劳务 3, 蒙中药材 2
    assert states == [state for span in spans for state in ["restart"] + ["continue"] * (span - 1)]
    for row in rows:
        assert len(row.xpath("w:tc", namespaces=NS)) == 4  # every row covers the grid
    header, second, body, total = table_rows(full)
    assert header.xpath("w:tc[2]/w:tcPr/w:gridSpan/@w:val", namespaces=NS) == ["2"]
    assert header.xpath("w:tc[1]/w:tcPr/w:vMerge/@w:val", namespaces=NS) == ["restart"]
    continuation = second.xpath("w:tc[1]/w:tcPr/w:vMerge", namespaces=NS)
    assert continuation and attr(continuation[0], "val") is None
    assert [Docx.text(c) for c in second.xpath("w:tc", namespaces=NS)] == ["", "2017年", "2018年"]
    assert total.xpath("w:tc[1]/w:tcPr/w:gridSpan/@w:val", namespaces=NS) == ["2"]
    assert len(total.xpath("w:tc", namespaces=NS)) == 2


def test_last_row_keeps_with_the_note(rendered: Docx):
    rows = table_rows(rendered)
    for row in rows[:-1]:
        assert not row.xpath(".//w:keepNext", namespaces=NS)
    for paragraph in rows[-1].xpath("w:tc/w:p", namespaces=NS):
        assert [etree.QName(c).localname for c in paragraph.find(W + "pPr")][:2] == ["pStyle", "keepNext"]


def test_numbers_aligned_per_column_and_cell_styles(rendered: Docx):
    rows = table_rows(rendered)
    header_cells = rows[0].xpath("w:tc/w:p", namespaces=NS)
    assert {Docx.style_of(p) for p in header_cells} == {"TableHeader"}
    for row in rows[1:]:
        paragraphs = row.xpath("w:tc/w:p", namespaces=NS)
        assert {Docx.style_of(p) for p in paragraphs} == {"TableText"}
        number = next(p for p in paragraphs if re.match(r"^[\d.]+", Docx.text(p)))
        assert number.xpath("w:pPr/w:jc/@w:val", namespaces=NS) == ["right"]


def test_table_look_from_the_style(rendered: Docx):
    look = load_style().table
    table_style = rendered.style("ReportTable")
    borders = {etree.QName(b).localname: b for b in table_style.xpath("w:tblPr/w:tblBorders/*", namespaces=NS)}
    assert attr(borders["top"], "sz") == str(round(look.outer_border_pt * 8))
    assert attr(borders["insideH"], "sz") == str(round(look.border_pt * 8))
    assert table_style.xpath("w:tcPr/w:vAlign/@w:val", namespaces=NS) == ["center"]
    for style_id in ("TableText", "TableHeader"):
        assert rendered.style_value(style_id, "w:pPr/w:snapToGrid") == "0"  # off the body grid
        assert rendered.style_value(style_id, "w:pPr/w:spacing", "line") == "400"  # 20 pt
        assert rendered.style_value(style_id, "w:pPr/w:spacing", "lineRule") == "exact"


# --------------------------------------------------------------------------- flow


def test_title_subtitle_speaker_recipient_in_order(full: Docx):
    paragraphs = full.paragraphs()
    head = [(Docx.style_of(p), Docx.text(p)) for p in paragraphs[:4]]
    assert head == [
        ("Title", "关于大沁他拉镇2018年度工作情况的报告"),
        ("Subtitle", "——2019年1月15日在镇第十八届人民代表大会第三次会议上"),
        ("Speaker", "镇长　张三"),
        ("Recipient", "各嘎查村、镇直各单位："),
    ]
    assert len(paragraphs[0].xpath(".//w:br", namespaces=NS)) == 1  # two title lines, one paragraph


def test_signature_date_and_note(full: Docx):
    document = full_document()
    signature = next(n for n in document.nodes if isinstance(n, doc.Signature))
    issuer, date = full.paragraph("大沁他拉镇人民政府"), full.paragraph("2019年1月15日")
    assert Docx.style_of(issuer) == "Signature" and Docx.style_of(date) == "Date"
    ind = issuer.xpath("w:pPr/w:ind", namespaces=NS)[0]
    assert (attr(ind, "rightChars"), attr(ind, "right")) == ("200", "640")  # two characters in from the right
    assert signature.issuer_right_chars == 2
    # The date's first character two characters right of the issuer's: the block (8845 twips) less the issuer's
    # indent (640) and its nine characters (9 × 315, each 16 pt less 0.25 pt of spacing), plus 2 × 315.
    ind = date.xpath("w:pPr/w:ind", namespaces=NS)[0]
    assert attr(ind, "left") == str(8845 - 640 - 9 * 315 + 2 * 315)
    assert attr(ind, "leftChars") == str(round((8845 - 640 - 9 * 315 + 2 * 315) / 3.2))
    assert date.xpath("w:pPr/w:jc/@w:val", namespaces=NS) == ["left"]
    assert issuer.xpath("w:pPr/w:keepNext", namespaces=NS)  # issuer stays with its date
    blank = issuer.getprevious()
    assert Docx.text(blank) == "" and blank.xpath("w:pPr/w:keepNext", namespaces=NS)
    last_text = blank.getprevious()  # the signature never stands alone on a page; two lines go over with it
    assert last_text.xpath("w:pPr/w:keepNext", namespaces=NS)  # with widow control (the default): two lines
    note = date.getnext()
    assert Docx.style_of(note) == "Note" and Docx.text(note) == "（此件公开发布）"


def test_date_longer_than_the_issuer_keeps_its_right_indent():
    result = Docx(render_docx(full_document(issuer="某局")) or b"")
    date = result.paragraph("2019年1月15日")
    assert date.xpath("w:pPr/w:ind/@w:rightChars", namespaces=NS) == ["200"]  # two characters in
    assert not date.xpath("w:pPr/w:jc", namespaces=NS)
    issuer = result.paragraph("某局")  # moved left: its first character two left of the date's (2 + 6.5 + 2 − 2)
    assert issuer.xpath("w:pPr/w:ind/@w:rightChars", namespaces=NS) == ["850"]


def test_sealed_signature_is_a_style_option():
    style = load_style()
    sealed = style.model_copy(update={"signature": style.signature.model_copy(update={"sealed": True})})
    document = doc.build_document(Report.model_validate(FULL_REPORT), sealed)
    result = Docx(render_docx(document) or b"")
    date = result.paragraph("2019年1月15日")
    assert date.xpath("w:pPr/w:ind/@w:rightChars", namespaces=NS) == ["400"]  # four characters in
    issuer = result.paragraph("大沁他拉镇人民政府")
    # centred over the date: 9 characters over 6.5, so 4 − 1.25 characters in
    assert issuer.xpath("w:pPr/w:ind/@w:rightChars", namespaces=NS) == ["275"]


def test_attachment_list_and_attachments_on_new_pages(full: Docx):
    lines = [p for p in full.paragraphs() if Docx.style_of(p) == "AttachmentList"]
    assert [Docx.text(p) for p in lines] == [
        "附件：1.2018年主要指标完成情况表",
        "\u3000\u3000\u30002.一个名称很长很长很长很长很长很长很长很长很长很长很长很长很长的附件",
    ]
    for line in lines:  # names that wrap align under the name's first character: 2 + 3 + 1 characters
        ind = line.xpath("w:pPr/w:ind", namespaces=NS)[0]
        assert (attr(ind, "leftChars"), attr(ind, "hangingChars")) == ("600", "400")
    blank = lines[0].getprevious()
    assert Docx.text(blank) == ""  # one blank line between the body and 附件说明
    for number, title in ((1, "2018年主要指标完成情况表"), (2, FULL_REPORT["attachments"][1]["title"])):
        label = full.paragraph(f"附件{number}")
        assert Docx.style_of(label) == "AttachmentLabel"
        assert label.xpath("w:pPr/w:pageBreakBefore", namespaces=NS)
        heading = label.getnext()
        assert (Docx.style_of(heading), Docx.text(heading)) == ("AttachmentTitle", title)
    assert full.style_value("AttachmentLabel", "w:pPr/w:spacing", "after") == "579"  # title on the third line
    assert not full.document.xpath("//w:br[@w:type='page']", namespaces=NS)  # no empty line opens a page


def test_page_break_before_a_table_without_caption():
    table = doc.Table(caption=None, widths=(1.0,), header_rows=(), body_rows=((doc.TableCell(text="甲", column=0),),),
                      note=None)  # fmt: skip
    base = ar.build(EXAMPLE_2018)
    document = doc.Document(metadata=base.metadata, style=base.style, nodes=(doc.PageBreak(), table))
    result = Docx(render_docx(document) or b"")
    body = result.document.find(W + "body")
    kinds = [etree.QName(child).localname for child in body]
    assert kinds == ["p", "tbl", "p", "sectPr"]  # the break, the table, the paragraph Word wants after a table
    assert body[0].xpath(".//w:br/@w:type", namespaces=NS) == ["page"]


def test_paragraph_text_in_order_matches_the_document(rendered: Docx, example: doc.Document):
    expected = [line for node in example.nodes if not isinstance(node, doc.Table) for line in doc.node_text(node)]
    actual = [Docx.text(p) for p in rendered.paragraphs() if Docx.text(p)]
    table_texts = {line for node in example.nodes if isinstance(node, doc.Table) for line in doc.node_text(node)}
    assert [t for t in actual if t not in table_texts] == expected


def test_seed_text_in_order_in_the_word_text(rendered: Docx, example: doc.Document):
    table_texts = {line for node in example.nodes if isinstance(node, doc.Table) for line in doc.node_text(node)}
    text = "".join(t for t in (Docx.text(p) for p in rendered.paragraphs()) if t not in table_texts)
    squashed = re.sub(r"\s+", "", text)
    position = 0
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\s+", "", line)
        if line:
            found = squashed.find(line, position)
            assert found >= 0, f"seed line missing or out of order: {line[:30]}…"
            position = found + len(line)


def test_python_docx_reads_it(rendered: Docx):
    opened = python_docx.Document(io.BytesIO(rendered.data))
    section = opened.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.top_margin.mm) == 37
    assert opened.settings.odd_and_even_pages_header_footer
    assert opened.paragraphs[1].style.name == "Heading 1"
    assert opened.styles["Normal"].font.size.pt == 16
    assert opened.core_properties.title == "2018年度工作总结"
    assert len(opened.tables) == 1 and len(opened.tables[0].rows) == 17


# --------------------------------------------------------------------------- properties and bytes


def test_document_properties(full: Docx):
    core = full.xml("docProps/core.xml")
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
          "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}  # fmt: skip
    assert core.xpath("dc:title/text()", namespaces=ns) == ["关于大沁他拉镇2018年度工作情况的报告"]
    assert core.xpath("dc:creator/text()", namespaces=ns) == ["大沁他拉镇人民政府"]
    assert core.xpath("dc:language/text()", namespaces=ns) == ["zh-CN"]
    assert core.xpath("dcterms:created/text()", namespaces=ns) == ["2019-01-15T00:00:00Z"]
    assert core.xpath("dcterms:modified/text()", namespaces=ns) == ["2019-01-15T00:00:00Z"]
    assert {info.date_time for info in full.zip.infolist()} == {(2019, 1, 15, 0, 0, 0)}


def test_the_report_date_wins_over_source_date_epoch(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1546300800")  # 2019-01-01T00:00:00Z; the report says 2019-01-15
    result = Docx(render_docx(full_document()) or b"")
    assert b">2019-01-15T00:00:00Z</dcterms:modified>" in result.zip.read("docProps/core.xml")


def test_source_date_epoch_when_the_report_has_no_date(example: doc.Document, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1546300800")  # 2019-01-01T00:00:00Z
    result = Docx(render_docx(example) or b"")
    assert b"<dcterms:created xsi:type=\"dcterms:W3CDTF\">2019-01-01T00:00:00Z" in result.zip.read("docProps/core.xml")
    assert {info.date_time for info in result.zip.infolist()} == {(2019, 1, 1, 0, 0, 0)}
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    result = Docx(render_docx(example) or b"")  # never the clock: the last day of the report's year
    assert b"<dcterms:created xsi:type=\"dcterms:W3CDTF\">2018-12-31T00:00:00Z" in result.zip.read("docProps/core.xml")
    assert {info.date_time for info in result.zip.infolist()} == {(2018, 12, 31, 0, 0, 0)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(InputError, match="'yesterday'"):
        render_docx(example)


def test_same_input_gives_identical_bytes(example: doc.Document):
    first, second = render_docx(example), render_docx(ar.build(EXAMPLE_2018))
    assert first == second
    assert render_docx(full_document()) == render_docx(full_document())


def test_targets_path_stream_and_bytes(example: doc.Document, tmp_path: Path):
    data = render_docx(example)
    assert isinstance(data, bytes) and data[:2] == b"PK"
    assert render_docx(example, tmp_path / "out" / "a.docx") is None
    assert (tmp_path / "out" / "a.docx").read_bytes() == data
    stream = io.BytesIO()
    assert render_docx(example, stream) is None and stream.getvalue() == data
    assert ar.render_docx(EXAMPLE_2018) == data  # the library entry point, from a path


def test_package_is_complete(rendered: Docx):
    assert rendered.names[0] == "[Content_Types].xml"
    types = etree.fromstring(rendered.zip.read("[Content_Types].xml"))
    overrides = {o.get("PartName") for o in types}
    defaults = {o.get("Extension") for o in types}  # pictures, the chart's workbook: by their extension
    for name in rendered.names:
        if not name.endswith(".rels") and name != "[Content_Types].xml":
            assert "/" + name in overrides or name.rpartition(".")[2] in defaults, name
    assert rendered.zip.testzip() is None


# --------------------------------------------------------------------------- renderer seam


def test_bad_page_number_format_is_reported(example: doc.Document):
    style = example.style
    bad = style.model_copy(update={"page_number": style.page_number.model_copy(update={"format": "第页"})})
    document = doc.Document(metadata=example.metadata, style=bad, nodes=example.nodes)
    with pytest.raises(RenderError, match="'第页'"):
        render_docx(document)


def test_cli_renders_docx_without_reportlab(tmp_path: Path):
    code = (
        "import sys; from annualreport.cli import main; "
        f"status = main(['render', {str(EXAMPLE_2018)!r}, '--docx', '-o', {str(tmp_path)!r}]); "
        "print(status, 'reportlab' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split()[-2:] == ["0", "False"]
    assert (tmp_path / "2018.docx").read_bytes() == render_docx(ar.build(EXAMPLE_2018))


def test_unknown_roles_are_reported(example: doc.Document):
    for node in (
        doc.Paragraph(spans=(doc.Span(text="甲"),), role="mystery"),
        doc.Paragraph(spans=(doc.Span(text="甲", role="mystery"),)),
    ):
        document = doc.Document(metadata=example.metadata, style=example.style, nodes=(node,))
        with pytest.raises(RenderError, match="'mystery'"):
            render_docx(document)
