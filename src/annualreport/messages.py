"""User-facing messages in Chinese and English, chosen by --lang or the locale."""

from __future__ import annotations

import contextvars
import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

Language = Literal["zh", "en"]

_language: contextvars.ContextVar[Language | None] = contextvars.ContextVar("annualreport_language", default=None)


def language_from_environment() -> Language:
    """Chinese when the POSIX locale variables name a Chinese locale, English otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def current_language() -> Language:
    """The language messages are produced in right now."""
    return _language.get() or language_from_environment()


@contextmanager
def using_language(language: Language | None) -> Iterator[None]:
    """Produce messages in ``language`` inside the block (None: from the environment)."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


# key -> (Chinese, English); str.format placeholders.
CATALOGUE: dict[str, tuple[str, str]] = {
    # loader
    "not_found": ("找不到文件或文件夹：{path}", "no such file or folder: {path}"),
    "no_report_in_folder": (
        "文件夹中没有 report.yaml（也没有 report.yml 或 report.json）",
        "the folder holds no report.yaml (nor report.yml or report.json)",
    ),
    "bad_suffix": (
        "不支持的文件类型“{suffix}”，应为 .yaml、.yml 或 .json",
        "unsupported file type {suffix!r}; expected .yaml, .yml or .json",
    ),
    "empty_file": ("文件为空", "the file is empty"),
    "not_text": (
        "文件不是 UTF-8 或 GBK 编码的文本，请另存为 UTF-8",
        "the file is not text in UTF-8 or GBK; save it as UTF-8",
    ),
    "yaml_syntax": ("YAML 语法错误：{detail}", "YAML syntax error: {detail}"),
    "json_syntax": ("JSON 语法错误：{detail}", "JSON syntax error: {detail}"),
    "duplicate_key": ("重复的键“{key}”", "duplicate key {key!r}"),
    "yaml_tag": (
        "不接受 YAML 标签 {tag}（只接受表示文字的 !!str）",
        "the YAML tag {tag} is not accepted (only !!str, which marks text)",
    ),
    "yaml_merge": (
        "不接受 YAML 合并键 <<：请把各键逐一写出",
        "YAML merge keys (<<) are not accepted: write the keys out",
    ),
    "yaml_recursive_alias": (
        "别名 *{name} 出现在它所指的内容之中（循环引用），已拒绝",
        "the alias *{name} stands inside the value it names (a cycle); refused",
    ),
    "yaml_complex_key": ("映射的键应为文字或数字，不能是列表或映射", "a mapping key must be text or a number, not a list or mapping"),
    "not_regular_file": (
        "不是普通文件（而是文件夹、管道或设备），已拒绝",
        "not a regular file (a folder, a pipe or a device); refused",
    ),
    "top_not_mapping": ("报告的顶层应为映射（键: 值）", "the report's top level must be a mapping (key: value)"),
    "unreadable": ("无法读取：{detail}", "cannot read: {detail}"),
    # model
    "csv_and_rows": ("不能同时给出 csv 和 rows", "give either csv or rows, not both"),
    "csv_escapes": ("CSV 路径“{path}”超出了报告所在文件夹，已拒绝", "CSV path {path!r} leaves the report's folder; refused"),
    "csv_missing": ("找不到 CSV 文件“{path}”", "CSV file {path!r} does not exist"),
    "csv_encoding": ("CSV 文件“{path}”不是 UTF-8 或 GBK 编码", "CSV file {path!r} is not UTF-8 or GBK text"),
    "csv_not_regular": (
        "CSV 文件“{path}”不是普通文件（而是文件夹、管道或设备），已拒绝",
        "the CSV file {path!r} is not a regular file (a folder, a pipe or a device); refused",
    ),
    "csv_unreadable": ("无法读取 CSV 文件“{path}”：{detail}", "cannot read the CSV file {path!r}: {detail}"),
    "csv_error": ("CSV 文件“{path}”第 {line} 行：{detail}", "line {line} of the CSV file {path!r}: {detail}"),
    "csv_line": ("CSV 文件“{path}”第 {line} 行：{detail}", "line {line} of the CSV file {path!r}: {detail}"),
    "seal_escapes": ("印章路径“{path}”超出了报告所在文件夹，已拒绝", "seal path {path!r} leaves the report's folder; refused"),
    "seal_missing": ("找不到印章文件“{path}”", "seal file {path!r} does not exist"),
    "seal_not_regular": (
        "印章文件“{path}”不是普通文件（而是文件夹、管道或设备），已拒绝",
        "the seal file {path!r} is not a regular file (a folder, a pipe or a device); refused",
    ),
    "seal_unreadable": ("无法读取印章文件“{path}”：{detail}", "cannot read the seal file {path!r}: {detail}"),
    "seal_image": ("印章文件“{path}”：{detail}", "seal file {path!r}: {detail}"),
    "figure_escapes": ("图片路径“{path}”超出了报告所在文件夹，已拒绝", "image path {path!r} leaves the report's folder; refused"),
    "figure_missing": ("找不到图片文件“{path}”", "image file {path!r} does not exist"),
    "figure_not_regular": (
        "图片文件“{path}”不是普通文件（而是文件夹、管道或设备），已拒绝",
        "the image file {path!r} is not a regular file (a folder, a pipe or a device); refused",
    ),
    "figure_unreadable": ("无法读取图片文件“{path}”：{detail}", "cannot read the image file {path!r}: {detail}"),
    "figure_image": ("图片文件“{path}”：{detail}", "image file {path!r}: {detail}"),
    "figure_two_widths": ("width_chars 与 width_mm 只能给一个", "give width_chars or width_mm, not both"),
    "picture_extension": (
        "扩展名“{suffix}”不受支持（插图须为 .png、.jpg、.jpeg 或 .svg）",
        "the extension {suffix!r} is not accepted (a figure is a .png, .jpg, .jpeg or .svg file)",
    ),
    "picture_not_kind": ("内容不是扩展名所示的 {expected} 图片（而是 {found}）", "the content is not the {expected} its extension says (it is {found})"),
    "picture_corrupt": ("{kind} 图片已损坏或不完整：{detail}", "the {kind} image is damaged or truncated: {detail}"),
    "svg_encoding": ("SVG 文件须为 UTF-8 编码", "an SVG file must be UTF-8"),
    "svg_doctype": (
        "SVG 含 DOCTYPE 或实体声明，已拒绝（实体可引用外部文件）",
        "the SVG has a DOCTYPE or entity declarations; refused (entities can reach outside the file)",
    ),
    "svg_active": ("SVG 含脚本或可执行内容（{what}），已拒绝", "the SVG holds a script or active content ({what}); refused"),
    "svg_external": (
        "SVG 引用了文件之外的内容（{reference}），已拒绝，不会去读取",
        "the SVG refers to something outside the file ({reference}); refused, never fetched",
    ),
    "svg_elements": (
        "SVG 的元素超过 {limit} 个（限值 figure_svg_elements）",
        "the SVG has more than {limit} elements (limit figure_svg_elements = {limit})",
    ),
    "svg_extra": (
        "SVG 插图需要可选组件：pip install 'annualreport[svg]'（svglib、CairoSVG）",
        "SVG figures need the optional libraries: pip install 'annualreport[svg]' (svglib, CairoSVG)",
    ),
    "svg_rasterised": (
        "{figure}的 SVG 含有无法逐项绘制的内容（{what}），改以其位图（300 dpi）排入 PDF 与 OFD",
        "{figure}: the SVG holds what cannot be drawn item by item ({what}); its bitmap (300 dpi) goes into the PDF and OFD instead",
    ),
    "chart_shape": ("图表类型 {kind} 不能用形状 {shape}（可用：{allowed}）", "a {kind} chart cannot have the shape {shape!r} (allowed: {allowed})"),
    "chart_years_kind": ("years 只用于 years 类型的图表，不用于 {kind}", "years applies to a years chart only, not to {kind}"),
    "chart_units": (
        "图表中的指标单位不同：“{first}”与“{other}”（completion 类型除外，一个图表只能有一种单位）",
        "the chart mixes units: {first!r} and {other!r} (a chart other than completion has one unit)",
    ),
    "missing_document_number": (
        "版头尚无发文字号（本年的字号须另填，不沿用上年的）",
        "the 版头 has no 发文字号 (document number) yet: this year's is to be filled in",
    ),
    "missing_gongwen_date": ("公文尚无成文日期", "a 公文 needs its date (成文日期) and has none yet"),
    "chart_no_target": (
        "指标“{key}”缺本年数值或计划数值（target），完成情况图中暂空",
        "indicator {key!r} lacks its value or its target: its bar in the completion chart is empty",
    ),
    "chart_percent_shares": ("百分数指标“{key}”不能画构成图", "indicator {key!r} is a percentage and cannot be a share of a sum"),
    "chart_key_twice": ("指标“{key}”在图表中出现了两次", "indicator {key!r} appears twice in the chart"),
    "seal_with_issuers": (
        "有联合行文的发文机关（issuers）时，印章写在各机关名下（issuers 各项的 seal），不用 seal",
        "with joint issuers (issuers) each seal goes with its organ (seal: under each of issuers), not in seal",
    ),
    "issuers_and_issuer": (
        "issuer 与 issuers 只能用一个：单一机关行文用 issuer，联合行文用 issuers",
        "give issuer or issuers, not both: issuer for one issuing organ, issuers for several signing together",
    ),
    "issuers_seals_partial": (
        "联合行文的印章须与发文机关一一对应：{count} 个机关中 {sealed} 个有印章，第 {index} 个“{name}”没有（都加盖或都不加盖）",
        "joint issuers' seals go one to one with the organs: {sealed} of {count} have a seal, number {index} "
        "({name}) has none (seal all or none)",
    ),
    "heading_subtitle_blank": ("标题的第二行（subtitle）不能为空", "a heading's second line (subtitle) must not be blank"),
    "heading_subtitle_without_title": (
        "标题的第二行（subtitle）须跟在标题（title）之下：这一节没有标题",
        "a heading's second line (subtitle) stands under its heading (title), and this section has none",
    ),
    "seal_without_issuer": (
        "有印章（seal）而无发文机关署名（issuer）：印章须盖在署名上",
        "a seal without an issuer: the seal presses on the issuer's name, so give issuer",
    ),
    "image_not_png": ("不是 PNG 图片（印章须为 PNG，宜用透明底）", "not a PNG image (a seal must be a PNG, best with a transparent background)"),
    "image_bad_png": ("PNG 图片已损坏（{detail}）", "a damaged PNG image ({detail})"),
    "span_past_rows": (
        "rowspan {rowspan} 超出了表格：自本行到末行只有 {rows} 行",
        "rowspan {rowspan} runs past the table's last row: {rows} rows from this one to the end",
    ),
    "span_past_header": (
        "表头单元格的 rowspan {rowspan} 超出了表头：自本行到表头末行只有 {rows} 行",
        "a header cell's rowspan {rowspan} runs past the header: {rows} header rows from this one",
    ),
    "table_no_cells": ("表格没有任何单元格", "the table has no cells"),
    "date_range": (
        "日期 {date} 不在 1980-01-01 至 2107-12-31 之间（.docx 能记录的范围）",
        "the date {date} is outside 1980-01-01 to 2107-12-31, the range a .docx can record",
    ),
    "previous_escapes": (
        "上年报告“{path}”超出了允许的文件夹，已拒绝",
        "the previous report {path!r} lies outside the folder reports may name; refused",
    ),
    # characters
    "bad_char_control": (
        "第 {position} 个字符是控制字符 {code}：文字中只允许制表符和换行",
        "character {position} is the control character {code}: text may hold tab and line feed only",
    ),
    "bad_char_surrogate": (
        "第 {position} 个字符 {code} 是单独的代理码位，不是字符",
        "character {position} is {code}, a lone surrogate, not a character",
    ),
    "bad_char_noncharacter": (
        "第 {position} 个字符 {code} 是 Unicode 非字符，不能出现在文字中",
        "character {position} is {code}, a Unicode non-character, which text may not hold",
    ),
    # limits (limits.py): each message is followed by limit_named
    "limit_named": ("（限额 {name} = {limit}）", " (limit {name} = {limit})"),
    "limit_source_bytes": ("文件超过 {limit} 字节", "the file is larger than {limit} bytes"),
    "limit_depth": ("嵌套超过 {limit} 层", "nested more than {limit} levels deep"),
    "limit_nodes": (
        "值（映射、列表、标量，别名展开后）超过 {limit} 个",
        "more than {limit} values (mappings, lists, scalars; aliases expanded)",
    ),
    "limit_alias_nodes": (
        "YAML 别名展开后增加了超过 {limit} 个值（疑似“别名炸弹”），已拒绝",
        "YAML aliases add more than {limit} values once expanded (an alias bomb?); refused",
    ),
    "limit_number_chars": (
        "数字长 {length} 个字符，超过 {limit}；若是文字请加引号",
        "a number {length} characters long, more than {limit}; quote it if it is text",
    ),
    "limit_blocks": ("报告的内容块超过 {limit} 个", "the report has more than {limit} content blocks"),
    "limit_sections_per_level": (
        "同一级编号的标题或条目超过 {limit} 个",
        "more than {limit} numbered sections or points at one level",
    ),
    "limit_table_rows": ("表格有 {rows} 行，超过 {limit} 行", "the table has {rows} rows, more than {limit}"),
    "limit_table_columns": ("表格宽 {columns} 列，超过 {limit} 列", "the table is {columns} columns wide, more than {limit}"),
    "limit_paragraph_chars": ("文字长 {length} 个字符，超过 {limit}", "the text is {length} characters long, more than {limit}"),
    "limit_title_chars": (
        "长 {length} 个字符，超过标题、题注、署名、名称所允许的 {limit}",
        "{length} characters long, more than the {limit} of a title, heading, caption, issuer or label",
    ),
    "limit_key_chars": ("键长 {length} 个字符，超过 {limit}", "a key {length} characters long, more than {limit}"),
    "limit_indicator_digits": ("数字 {value} 的有效数字超过 {limit} 位", "the number {value} has more than {limit} significant digits"),
    "limit_indicator_integer_digits": (
        "数字 {value} 的整数部分超过 {limit} 位",
        "the number {value} has more than {limit} digits before the point",
    ),
    "limit_indicator_places": (
        "数字 {value} 的小数超过 {limit} 位",
        "the number {value} has more than {limit} digits after the point",
    ),
    "limit_places": ("places {value} 超过 {limit}", "places {value} is more than {limit}"),
    "limit_csv_bytes": ("CSV 文件“{path}”超过 {limit} 字节", "the CSV file {path!r} is larger than {limit} bytes"),
    "limit_csv_field_chars": (
        "CSV 文件“{path}”第 {line} 行有超过 {limit} 个字符的字段",
        "line {line} of the CSV file {path!r} has a field longer than {limit} characters",
    ),
    "limit_seal_bytes": ("印章文件“{path}”超过 {limit} 字节", "the seal file {path!r} is larger than {limit} bytes"),
    "limit_seal_side_px": (
        "印章图片“{path}”为 {width}×{height} 像素，边长超过 {limit} 像素",
        "the seal image {path!r} is {width}×{height} pixels, a side longer than {limit}",
    ),
    "limit_figure_bytes": ("图片文件“{path}”超过 {limit} 字节", "the image file {path!r} is larger than {limit} bytes"),
    "limit_figure_pixels": (
        "图片“{path}”为 {width}×{height} 像素，超过 {limit} 像素",
        "the image {path!r} is {width}×{height} pixels, more than {limit}",
    ),
    "limit_style_bytes": ("版式文件超过 {limit} 字节", "the style file is larger than {limit} bytes"),
    "limit_import_bytes": ("文件超过 {limit} 字节，不予导入", "the file is larger than {limit} bytes; not imported"),
    "limit_import_xml_bytes": (
        "文档解压后的 XML 超过 {limit} 字节（疑为压缩炸弹），不予导入",
        "the document's XML is larger than {limit} bytes unzipped (a zip bomb?); not imported",
    ),
    # import
    "import_suffix": (
        "不支持导入“{suffix}”文件，应为 .docx、.txt 或 .md",
        "cannot import {suffix!r} files; expected .docx, .txt or .md",
    ),
    # ---- annualreport import: the things to check, listed at the top of the report.yaml it writes
    "import_note_cells": (
        "表格单元格里有 {count} 个图片或图表未导入（只导入了文字），请手工放回",
        "{count} picture(s) or chart(s) in the table's cells not imported (only their text is): put them back by hand",
    ),
    "import_note_shape": ("一个绘制的形状、文本框或图示未导入，请手工放回", "a drawn shape, text box or diagram not imported: put it back by hand"),
    "import_note_group": ("一组 {count} 张图片未导入，请手工放回", "a group of {count} pictures not imported: put it back by hand"),
    "import_note_headers": (
        "页眉或页脚里有 {count} 张图片未导入：报告的页面不带自己的页眉图片",
        "{count} picture(s) in the headers or footers not imported: a report's pages carry none of their own",
    ),
    "import_picture_missing": ("文件里没有它的图像", "its image is not in the file"),
    "import_picture_linked": ("它的图像是链接（{target}），不在文件里", "its image is linked ({target}), not in the file"),
    "import_picture_format": (
        "它的图像是 {format} 格式，figure: 只收 PNG、JPEG、SVG",
        "its image is {format}, which a figure: cannot take (PNG, JPEG, SVG)",
    ),
    "import_picture_svg_extra": ("它的图像是 SVG，而未安装 svg 扩展", "its image is SVG and the svg extra is not installed"),
    "import_picture_unusable": ("它的图像无法使用：{detail}", "its image cannot be used: {detail}"),
    "import_picture_above_title": (
        "它在标题上方：多半是粘贴成图片的版头或徽标——版头应写在 header:（由程序排版的文字），而不是作为插图",
        "it stands above the title: a letterhead or emblem pasted as a picture, most likely — the 版头 is "
        "header: (text the model sets), not a figure",
    ),
    "import_picture_closing": (
        "它在落款（发文机关署名、成文日期）之间：多半是印章——报告的印章写在 seal:（PNG 图片），而不是作为插图",
        "it is among the closing lines (issuer, date): a seal, most likely — a report's seal is seal: "
        "(a PNG), not a figure",
    ),
    "import_no_title": ("标题：未找到，已填入“（无标题）”（原文中没有）", "title: none found; “（无标题）” put in (not in the source)"),
    "import_attachment_list": (
        "附件说明与找到的附件不对应，按普通段落保留",
        "附件 list does not name the attachments found; kept as paragraphs",
    ),
    "import_year_before_date": ("年度：标题中没有，取成文日期的前一年", "year: not in the title; taken as the year before the date"),
    "import_year_first": ("年度：标题中没有，取正文中第一次出现的年份 {year}", "year: not in the title; {year} is the first year in the text"),
    "import_year_none": ("年度：未找到，暂填 2000，请改正", "year: none found; 2000 put in — correct it"),
    "import_figure_no_caption": (
        "图片 {name} 下方没有“图N”题注；生成时其下方会印“图{number}”（可给该 figure 加 caption:）",
        "picture {name} has no 图N caption below it; the model prints 图{number} under it (add caption: to the figure)",
    ),
    "import_figure_caption_kept": (
        "图题“{caption}”保留原文：程序把这张图编为图{number}，并在图题前印出",
        "figure caption “{caption}” keeps its text: the model numbers this figure 图{number} and prints that before it",
    ),
    "import_chart": (
        "第 {index} 段的 Word 图表{named}未导入{kept}；请用指标重建为 chart:（见 docs/figures.md）{delete}",
        "a Word chart {named} (paragraph {index}) is not imported{kept}; re-create it as a chart: block from "
        "indicators (docs/figures.md){delete}",
    ),
    "import_chart_caption_kept": ("，其图题按段落保留", ", its caption is kept as a paragraph"),
    "import_chart_delete": ("，并删去那一段", " and delete that paragraph"),
    "import_chart_series": ("数据系列 {n}", "series {n}"),
    "import_chart_categories": ("分类 {categories}; ", "categories {categories}; "),
    "import_chart_data": ("；其数据：{data}", "; its data: {data}"),
    "import_picture": (
        "第 {index} 段的图片{named}未导入：{problem}{kept}{caption}{hint}",
        "a picture {named} (paragraph {index}) is not imported: {problem}{kept}{caption}{hint}",
    ),
    "import_unnamed": ("（无题注）", "without a caption"),
    "import_picture_file_kept": ("，其文件保存为 {name}", ", its file kept as {name}"),
    "import_picture_caption_kept": ("；其题注按段落保留", "; its caption is kept as a paragraph"),
    "import_picture_remake": (
        "；请转为 PNG、JPEG 或 SVG 并添加 figure:（见 docs/figures.md）",
        "; make it PNG, JPEG or SVG and add a figure: block (docs/figures.md)",
    ),
    "import_label_kept": (
        "标题保留原编号 {label}：按程序的编号此处应为 {number}",
        "label {label!r} kept in the heading: here the model would number it {number!r}",
    ),
    "import_text_differs": ("生成的文字与原文不同 {difference}", "rendered text differs from the source {difference}"),
    "import_doc": (
        "这是 Word 97–2003 格式（.doc），请在 Word 或 WPS 中另存为 .docx 后再导入（装有 LibreOffice 时可加 --convert 自动转换）",
        "this is a Word 97–2003 file (.doc); save it as .docx in Word or WPS and import that "
        "(or add --convert to convert it with LibreOffice)",
    ),
    "import_encrypted": (
        "文档已加密（设有打开密码），请在 Word 或 WPS 中取消密码后另存再导入",
        "the document is encrypted (it has a password to open); remove the password in Word or WPS, save, and import that",
    ),
    "import_corrupt": ("文档已损坏，无法读取（{detail}）", "the document is damaged and cannot be read ({detail})"),
    "import_not_docx": (
        "这是一个 zip 压缩包，但不是 Word 文档（.docx）",
        "this is a zip archive but not a Word document (.docx)",
    ),
    "import_no_text": (
        "文档中没有文字（可能是扫描图片），请先用 OCR 软件识别成文字再导入",
        "the document holds no text (scanned images?); turn it into text with OCR software first",
    ),
    "import_encoding": (
        "无法识别文本的编码（应为 UTF-8、UTF-16 或 GBK/GB18030），请另存为 UTF-8 后再导入",
        "the text is in no encoding we know (UTF-8, UTF-16 or GBK/GB18030); save it as UTF-8 and import that",
    ),
    "import_exists": (
        "“{path}”已存在且不为空；确需覆盖请加 --force",
        "{path} exists and is not empty; add --force to replace it",
    ),
    "import_convert_failed": (
        "LibreOffice 未能把 .doc 转换为 .docx（{detail}）",
        "LibreOffice could not convert the .doc to .docx ({detail})",
    ),
    "import_no_soffice": (
        "找不到 LibreOffice（soffice），无法转换 .doc；请另存为 .docx 后再导入",
        "LibreOffice (soffice) was not found to convert the .doc; save it as .docx and import that",
    ),
    "import_wrote": (
        "已生成 {path}：{paragraphs} 段识别为 {headings} 个标题、{points} 个条目、{leads} 个引领语段、{tables} 个表格、"
        "{pictures} 幅插图、{charts} 个图表（未重建，只留图题）、{attachments} 个附件；{notes} 处待核对（写在 report.yaml 开头）",
        "wrote {path}: {paragraphs} paragraphs recognised as {headings} headings, {points} points, {leads} lead "
        "paragraphs, {tables} tables, {pictures} pictures, {charts} charts (not re-created: their captions kept), "
        "{attachments} attachments; {notes} things to check (listed at the top of report.yaml)",
    ),
    "help_import": (
        "把去年的报告（.docx、.txt、.md）导入为报告文件夹（report.yaml）",
        "import last year's report (.docx, .txt, .md) into a report folder (report.yaml)",
    ),
    "help_import_file": ("要导入的文件", "the file to import"),
    "help_import_output": ("写入报告的文件夹（整体写入，不会留下半个文件夹）", "folder to write the report into (whole or not at all)"),
    "help_explain": ("逐段列出原文每段识别成了什么", "list what each source paragraph became"),
    "help_convert": ("用 LibreOffice 把 .doc 转换为 .docx 后导入", "convert a .doc to .docx with LibreOffice, then import it"),
    "help_import_indicators": (
        "把正文中带单位的数字提取为指标（文中改为 {{键}} 引用，渲染结果与原文相同）",
        "lift figures with units out of the text into the indicator catalogue ({{key}} in the text; it renders as before)",
    ),
    "import_figures": ("提取指标 {count} 个", "{count} figures lifted into indicators"),
    "table_columns": (
        "表格定义了 {columns} 列，但有一行占 {cells} 列",
        "the table defines {columns} columns but a row spans {cells}",
    ),
    "table_empty": ("表格既无表头也无表体", "the table has neither header nor rows"),
    "title_empty": ("标题不能为空", "the title must not be empty"),
    "document_number": (
        "发文字号“{number}”写法不对：{reason}；应写作 机关代字〔年份〕序号号，如“奈大政发〔2019〕3号”",
        "document number {number!r} is not well formed: {reason}; write 机关代字〔year〕sequence号, e.g. 奈大政发〔2019〕3号",
    ),
    "document_number_no_hao": ("应以“号”结尾", "it must end with 号"),
    "document_number_brackets": ("年份应放在六角括号〔〕中", "the year goes in the tortoise-shell brackets 〔〕"),
    "document_number_di": ("序号前不加“第”", "no 第 before the sequence number"),
    "document_number_zero": ("序号不编虚位（不写 0 开头）", "the sequence number has no leading zeros"),
    "document_number_year": (
        "发文字号“{number}”未写〔年份〕，又没有成文日期（date）可取年份",
        "document number {number!r} has no 〔year〕 and there is no date to take it from",
    ),
    "document_number_full_year": ("年份应写全四位", "the year is written in full, four digits"),
    "document_number_form": ("机关代字、〔年份〕、序号和“号”不齐或有空格", "the code, 〔year〕, sequence or 号 is missing, or it has spaces"),
    "organ_empty": ("机关名称不能为空", "an organ's name must not be empty"),
    "too_deep": (
        "标题最多 {depth} 级（一、（一）1.（1）），{path} 超出",
        "headings go {depth} levels deep at most (一、（一）1.（1）); {path} is deeper",
    ),
    # indicators (model)
    "indicator_key": (
        "指标键“{key}”无效：只能用英文字母、汉字、数字 0-9 和下划线，且不以数字开头",
        "indicator key {key!r} is invalid: use ASCII letters, Chinese characters (汉字), digits 0-9 and _ only, "
        "not starting with a digit",
    ),
    "number_with_words": (
        "“{value}”不是数字：数值只写数字，“{word}”写入 unit 或 qualifier（如 value: 20.6, unit: 万头（只））",
        "{value!r} is not a number: write the digits only and put {word!r} in unit or qualifier "
        "(value: 20.6, unit: 万头（只）)",
    ),
    "unknown_qualifier": ("未知的约数修饰词“{qualifier}”，可用：{known}", "unknown qualifier {qualifier!r}; known: {known}"),
    "qualifier_percent": (
        "百分数不能带“{qualifier}”（不写 30余%），请用“约”或“以上”“左右”",
        "a percentage cannot take {qualifier!r} (no 30余%); use 约 or 以上/左右",
    ),
    "enumeration_in_order_words": (
        "首先、其次、再次、最后最多列举 4 项，这里有 {count} 项；请改用 一是 或 第一",
        "首先/其次/再次/最后 enumerate at most 4 items, not {count}; use 一是 or 第一",
    ),
    "percent_unit": ("百分数的单位应为 % 或留空，实际是“{unit}”", "a percentage's unit must be % or empty, not {unit!r}"),
    "unknown_locale": ("未知的区域设置“{locale}”（如 zh_CN、zh_TW、en_US）", "unknown locale {locale!r} (e.g. zh_CN, zh_TW, en_US)"),
    # indicators (references, tables, previous year)
    "unknown_indicator": ("未定义的指标“{key}”", "unknown indicator {key!r}"),
    "unknown_indicator_attribute": (
        "未知的指标属性“{attribute}”，可用：{known}",
        "unknown indicator attribute {attribute!r}; known: {known}",
    ),
    "bad_reference": (
        "“{token}”不是指标引用（应为 {{键}} 或 {{键.属性}}）；字面的花括号写成 {{{{ 和 }}}}",
        "{token!r} is not an indicator reference ({{key}} or {{key.attribute}}); write {{{{ and }}}} for literal braces",
    ),
    "lone_brace": (
        "不成对的“{brace}”；字面的花括号写成 {{{{ 或 }}}}",
        "unmatched {brace!r}; write {{{{ or }}}} for a literal brace",
    ),
    "table_key_twice": ("指标“{key}”在表中出现了两次", "indicator {key!r} is listed twice in the table"),
    "section_table_empty": (
        "rows: section 要求本节正文引用指标，但本节没有引用任何指标",
        "rows: section lists the indicators the section's text refers to, and it refers to none",
    ),
    "total_units": (
        "合计行要求各行单位相同，但有“{first}”和“{other}”",
        "a totals row needs one unit in every row; found {first!r} and {other!r}",
    ),
    "total_percent": ("百分数指标“{key}”不能合计", "the percentage indicator {key!r} cannot be totalled"),
    "total_qualifier": (
        "指标“{key}”带约数修饰词“{qualifier}”，不能合计",
        "indicator {key!r} carries the qualifier {qualifier!r} and cannot be totalled",
    ),
    "missing_value": ("尚未填写数值（文中显示为“{placeholder}”）", "no value yet (shown as {placeholder})"),
    "missing_previous_for": (
        "“{token}”需要上年数值，但指标“{key}”没有（显示为“{placeholder}”）",
        "{token} needs a previous-year value and indicator {key!r} has none (shown as {placeholder})",
    ),
    "missing_target_for": (
        "“{token}”需要计划数值，但指标“{key}”没有（显示为“{placeholder}”）",
        "{token} needs a target and indicator {key!r} has none (shown as {placeholder})",
    ),
    "previous_not_found": ("找不到上年报告“{path}”", "the previous year's report {path!r} does not exist"),
    "previous_cycle": ("上年报告链成环：{files}", "the chain of previous reports goes round in a circle: {files}"),
    "previous_is_self": ("previous 指向本报告自身", "previous names this report itself"),
    "previous_year_order": (
        "上年报告 {file} 是 {previous_year} 年的，应早于本报告的 {year} 年",
        "the previous report {file} covers {previous_year}, which is not before this report's {year}",
    ),
    "unit_mismatch": (
        "单位“{unit}”与上年报告 {file} 中的“{previous_unit}”不一致（单位变了请换一个指标键）",
        "unit {unit!r} differs from {previous_unit!r} in the previous year's report {file} "
        "(use a new key when the unit changes)",
    ),
    # pydantic error types
    "missing": ("缺少必填字段", "field required"),
    "extra_forbidden": ("未知的键“{key}”", "unknown key {key!r}"),
    "did_you_mean": ("，是否应为“{suggestion}”？", "; did you mean {suggestion!r}?"),
    "string_type": ("应为文字，实际是 {actual}", "expected text, got {actual}"),
    "number_type": ("应为数，实际是 {actual}", "expected a number, got {actual}"),
    "int_type": ("应为整数，实际是 {actual}", "expected a whole number, got {actual}"),
    "int_parsing": ("应为整数，实际是 {actual}", "expected a whole number, got {actual}"),
    "int_from_float": ("应为整数，实际是 {actual}", "expected a whole number, got {actual}"),
    "float_type": ("应为数字，实际是 {actual}", "expected a number, got {actual}"),
    "float_parsing": ("应为数字，实际是 {actual}", "expected a number, got {actual}"),
    "decimal_type": ("应为数字，实际是 {actual}", "expected a number, got {actual}"),
    "decimal_parsing": ("应为数字，实际是 {actual}", "expected a number, got {actual}"),
    "bool_type": ("应为 true 或 false，实际是 {actual}", "expected true or false, got {actual}"),
    "bool_parsing": ("应为 true 或 false，实际是 {actual}", "expected true or false, got {actual}"),
    "list_type": ("应为列表，实际是 {actual}", "expected a list, got {actual}"),
    "dict_type": ("应为映射（键: 值），实际是 {actual}", "expected a mapping (key: value), got {actual}"),
    "model_type": ("应为映射（键: 值），实际是 {actual}", "expected a mapping (key: value), got {actual}"),
    "model_attributes_type": ("应为映射（键: 值），实际是 {actual}", "expected a mapping (key: value), got {actual}"),
    "date_type": ("应为日期 YYYY-MM-DD，实际是 {actual}", "expected a date YYYY-MM-DD, got {actual}"),
    "date_parsing": ("应为日期 YYYY-MM-DD，实际是 {actual}", "expected a date YYYY-MM-DD, got {actual}"),
    "date_from_datetime_parsing": ("应为日期 YYYY-MM-DD，实际是 {actual}", "expected a date YYYY-MM-DD, got {actual}"),
    "date_from_datetime_inexact": ("应为日期 YYYY-MM-DD，实际是 {actual}", "expected a date YYYY-MM-DD, got {actual}"),
    "literal_error": ("应为 {expected} 之一，实际是 {actual}", "expected one of {expected}, got {actual}"),
    "greater_than_equal": ("应不小于 {ge}，实际是 {actual}", "must be at least {ge}, got {actual}"),
    "greater_than": ("应大于 {gt}，实际是 {actual}", "must be greater than {gt}, got {actual}"),
    "less_than_equal": ("应不大于 {le}，实际是 {actual}", "must be at most {le}, got {actual}"),
    "less_than": ("应小于 {lt}，实际是 {actual}", "must be less than {lt}, got {actual}"),
    "finite_number": ("应为有限的数（不能是 inf 或 nan），实际是 {actual}", "must be a finite number (not inf or nan), got {actual}"),
    "string_too_short": ("不能为空", "must not be empty"),
    "union_tag_invalid": ("无法识别的内容块", "unrecognised content block"),
    # style
    "style_not_found": ("找不到版式“{name}”（已查找：{places}）", "style {name!r} not found (looked in: {places})"),
    "toml_syntax": ("TOML 语法错误：{detail}", "TOML syntax error: {detail}"),
    "style_escapes": (
        "版式“{name}”超出了允许的文件夹（styles/、内置版式，或所给的 root），已拒绝",
        "style {name!r} leaves the folder it must stay in (styles/, the built-in styles, or the root given); refused",
    ),
    "style_not_utf8": ("版式文件不是 UTF-8 编码（字节 {byte}）", "the style file is not UTF-8 text (byte {byte})"),
    "style_format_braces": (
        "“{value}”中有不成对的花括号；字面的花括号写成 {{{{ 和 }}}}",
        "unmatched brace in {value!r}; write {{{{ and }}}} for braces",
    ),
    "style_placeholder": (
        "“{value}”中的 {found} 不可用：只能用 {allowed}",
        "{found} in {value!r} is not accepted: only {allowed} may appear",
    ),
    "style_placeholder_missing": ("“{value}”中应有 {allowed}", "{value!r} must contain {allowed}"),
    "style_roles_missing": ("缺少角色：{roles}", "roles missing: {roles}"),
    "style_fonts_empty": ("字体“{key}”应至少列出一个字体名", "font {key!r} must list at least one font name"),
    "style_no_block": (
        "页边距 {first} + {second} mm 不小于纸张的{what_zh} {size} mm，版心为空",
        "margins of {first} + {second} mm leave no text block on a page {size} mm {what}",
    ),
    "style_size_block": ("字号 {size} pt 大于版心（宽 {width} pt）", "a size of {size} pt does not fit the text block ({width} pt)"),
    "style_pitch_block": ("行距大于版心高度 {height} pt", "the line pitch is more than the text block's height, {height} pt"),
    "style_chars_line": ("应少于每行的 {chars} 个字", "must be less than the {chars} characters of a line"),
    "style_lines_page": ("应不多于每页的 {lines} 行", "must be at most the {lines} lines of a page"),
    "style_below_margin": ("应不大于下页边距 {margin} mm", "must be at most the bottom margin, {margin} mm"),
    "unknown_font_key": ("字体“{key}”未在 [fonts] 中定义", "font {key!r} is not defined under [fonts]"),
    # layout (document/build.py, render/pdf)
    "table_too_wide": (
        "表格有 {columns} 列，版心最多容纳 {most} 列（每列至少一个字宽，字号不小于 {size:g} 磅）",
        "the table has {columns} columns; the text block holds {most} at most "
        "(each at least one character wide, text no smaller than {size:g} pt)",
    ),
    "table_text_smaller": (
        "表格“{table}”有 {columns} 列，每列容不下一个 {size:g} 磅的字：表内文字缩小到 {smaller:g} 磅",
        "table {table!r} has {columns} columns, too narrow for one {size:g} pt character each: "
        "its text is set at {smaller:g} pt",
    ),
    "preview_needs_pdfium": (
        "页面预览需要 pypdfium2：pip install 'annualreport[preview]'",
        "page previews need pypdfium2: pip install 'annualreport[preview]'",
    ),
    "cell_text_smaller": (
        "表格“{table}”中有一行高过一页且无法分页：其文字缩小到 {smaller:g} 磅",
        "a row of table {table!r} is taller than a page and cannot be split: its text is set at {smaller:g} pt",
    ),
    # cli
    "valid": ("{path}：校验通过", "{path}: valid"),
    "valid_with_missing": (
        "{path}：校验通过；尚有 {count} 个指标未填数值（validate --strict 逐一列出）",
        "{path}: valid; {count} indicator values still to fill (validate --strict lists them)",
    ),
    "new_exists": (
        "“{path}”已存在且不为空；确需覆盖请加 --force",
        "{path} exists and is not empty; add --force to replace it",
    ),
    "new_year_order": ("新年度 {year} 应晚于 {previous_year}", "the new year {year} must come after {previous_year}"),
    "new_title_without_year": (
        "注意：标题中没有“{year}”，未改动标题",
        "note: the title does not contain {year}; left unchanged",
    ),
    "new_wrote": (
        "已生成 {path}：{year} 年报告草稿，{count} 个指标待填（validate --strict 列出）",
        "wrote {path}: the {year} report as a draft, {count} indicator values to fill (validate --strict lists them)",
    ),
    "wrote": ("已写入 {path}", "wrote {path}"),
    "bad_source_date_epoch": (
        "应为自1970年起的整秒数（而不是 {value!r}）",
        "must be a whole number of seconds since 1970 (not {value!r})",
    ),
    "wrote_stdout": ("已将 {kind} 写到标准输出", "wrote the {kind} to standard output"),
    "cannot_write": ("无法写入（{detail}）", "cannot write ({detail})"),
    "interrupted": ("已中断，未写入任何文件", "interrupted; nothing written"),
    "internal_error": (
        "内部错误：{detail}（设置 ANNUALREPORT_DEBUG=1 可查看详细信息；请报告此问题）",
        "internal error: {detail} (set ANNUALREPORT_DEBUG=1 for the traceback; please report it)",
    ),
    # cli: usage errors of our own (exit 2)
    "stdout_one_format": (
        "-o - 把文档写到标准输出，只能写一种格式：请加 --docx、--pdf 或 --ofd（只加一个）",
        "-o - writes the document to standard output, one format only: add --docx, --pdf or --ofd (one of them)",
    ),
    "stdout_and_json": (
        "--json 和 -o - 都要占用标准输出，不能同时使用",
        "--json and -o - both need standard output; use one of them",
    ),
    "stdout_is_terminal": (
        "标准输出是终端，不输出二进制文档：请重定向到文件（> 文件名）或管道",
        "standard output is a terminal, not a place for a binary document: redirect it (> FILE) or pipe it",
    ),
    # cli: help
    "cli_description": (
        "将 YAML/JSON 格式的年度工作总结按 GB/T 9704-2012《党政机关公文格式》排版，生成 .docx 和 .pdf。",
        "Render annual work reports (年度工作总结) kept as YAML/JSON to .docx and .pdf laid out to GB/T 9704-2012.",
    ),
    "cli_epilog": (
        "SRC 为 - 时从标准输入读取报告（YAML 或 JSON），其中的相对路径相对于当前目录。\n\n"
        "退出状态：\n"
        "  0  完成\n"
        "  1  输入有误：逐条列出问题（文件:行:列: 字段: 说明），未写入任何文件\n"
        "  2  用法错误：选项或参数不对\n"
        "  3  内部错误：只显示一行；设置 ANNUALREPORT_DEBUG=1 可查看详细信息",
        "SRC - reads the report (YAML or JSON) from standard input; its relative paths are relative to\n"
        "the current directory.\n\n"
        "exit status:\n"
        "  0  done\n"
        "  1  bad input: every problem listed as FILE:LINE:COL: field: message; nothing written\n"
        "  2  usage error: wrong options or arguments\n"
        "  3  internal error: one line; ANNUALREPORT_DEBUG=1 shows the traceback",
    ),
    "help_commands": ("命令", "commands"),
    "help_version": ("显示版本号并退出", "show the version and exit"),
    "help_lang": ("消息语言（缺省按 LANG/LC_ALL）", "language of messages (default: from LANG/LC_ALL)"),
    "help_src": (
        "含 report.yaml 的文件夹，或 .yaml/.yml/.json 文件；- 表示标准输入",
        "folder holding report.yaml, or a .yaml/.yml/.json file; - for standard input",
    ),
    "help_json": (
        "问题以 JSON 数组输出到标准输出（file、line、column、field、message），供程序读取；无问题时输出 []",
        "print problems to standard output as a JSON array (file, line, column, field, message) for "
        "programs; [] when there are none",
    ),
    "help_validate": ("校验报告，逐条列出问题", "check a report; list every problem"),
    "help_strict": ("指标数值尚未填写也算错误（逐个列出）", "also fail on indicator values still to fill in (one line each)"),
    "help_schema": ("输出报告模型的 JSON Schema（draft-07）", "print the JSON Schema (draft-07) of the report model"),
    "help_schema_output": ("写入 FILE，而不是标准输出", "write to FILE instead of standard output"),
    "help_render": ("将报告生成 .docx、.pdf 和/或 .ofd", "render a report to .docx, .pdf and/or .ofd"),
    "help_docx": ("生成 Word 文档", "write the Word document"),
    "help_pdf": (
        "生成 PDF（--docx、--pdf、--ofd 都不加：生成 Word 文档和 PDF）",
        "write the PDF (none of --docx, --pdf, --ofd: the Word document and the PDF)",
    ),
    "help_ofd": (
        "生成 OFD（GB/T 33190-2016 版式文档），与 PDF 同一排版：分行、分页、位置都相同，嵌入同样的字体",
        "write the OFD (GB/T 33190-2016 fixed-layout document) from the PDF's own layout: the same line and page "
        "breaks and positions, the same faces embedded",
    ),
    "embedded_faces": (
        "PDF 与 OFD 嵌入的字体（各取所用字符的子集）：",
        "faces the PDF and the OFD embed (each a subset of the characters drawn in it):",
    ),
    "embedded_builtin": ("无字体文件（PDF 阅读器自带的字体）", "no font file (a font the PDF reader provides)"),
    "help_outdir": (
        "输出文件夹（缺省 build）；- 表示把文档写到标准输出（只能一种格式）。文件名取自文件夹名或文件名，"
        "标准输入的报告取其年度（2019.pdf）",
        "output folder (default: build); - writes the document to standard output (one format only). "
        "Files are named after the source folder or file; a report from standard input after its year (2019.pdf)",
    ),
    "help_font_dir": (
        "另在此文件夹中查找字体（可重复；也可用 $ANNUALREPORT_FONT_DIR）",
        "also look for fonts here (repeatable; also $ANNUALREPORT_FONT_DIR)",
    ),
    "help_fonts": ("显示各字体角色所用的字体文件及原因", "show which font file serves each style role, and why"),
    "help_fonts_src": (
        "报告（用其版式；- 表示标准输入）；缺省为 gbt9704 版式",
        "a report (its style is used; - for standard input); default: the gbt9704 style",
    ),
    "help_style": ("用此版式名称或 .toml 路径，而不是报告的版式", "a style name or .toml path instead of the report's"),
    "help_new": ("根据本年度报告生成下一年度报告", "write next year's report from this year's"),
    "help_year": ("新报告的年度", "the new report's year"),
    "help_from": ("本年度报告", "this year's report"),
    "help_new_output": ("写入新报告的文件夹", "folder to write the new report into"),
    "help_cache": (
        "显示或清除缓存文件夹（转换为 TrueType 的字体、字体查找记录）",
        "show the cache folder (fonts converted to TrueType, font lookups) or clear it",
    ),
    "help_cache_action": (
        "info：显示文件夹及其大小（默认）；clear：删除 annualreport 在其中保存的内容",
        "info: print the folder and its size (default); clear: remove what annualreport keeps there",
    ),
    "cache_info": ("缓存文件夹：{path}\n{files} 个文件，{size}", "cache folder: {path}\n{files} files, {size}"),
    "cache_cleared": ("已清除 {path}：删除 {files} 个文件（{size}）", "cleared {path}: removed {files} files ({size})"),
    "help_reference_docx": (
        "从此 .docx 取 Word 样式、页眉页脚和页面设置（不取其正文）",
        "take the Word styles, headers, footers and page set-up from this .docx (its body is ignored)",
    ),
    "help_reference_docx_command": (
        "写出内置的参考文档 .docx（全部样式和示例正文），在 Word 中修改后供 --reference-docx 使用",
        "write the built-in reference .docx (every style, a sample body) to restyle in Word for --reference-docx",
    ),
    "help_reference_docx_output": ("要写入的 .docx 文件", "the .docx to write"),
    "reference_missing": ("找不到参考文档", "no such file"),
    "reference_unreadable": ("无法读取参考文档：{detail}", "cannot read the reference document: {detail}"),
    "reference_not_zip": (
        "不是 .docx 文件（不是 zip 压缩包，例如旧式 .doc）；请在 Word 中另存为 .docx",
        "not a .docx file (not a zip archive, e.g. an old .doc); save it from Word as .docx",
    ),
    "reference_not_docx": (
        "不是 Word 文档（.docx）：{detail}；请在 Word 中另存为 .docx",
        "not a Word document (.docx): {detail}; save it from Word as .docx",
    ),
    "help_force": ("NEW_DIR 已存在且不为空时也覆盖", "replace NEW_DIR if it exists and is not empty"),
    "help_render_strict": (
        "有字符任何已安装字体都无法显示时视为错误：退出状态 1，不写入文件",
        "fail (exit status 1, nothing written) when a character no installed font can draw is found",
    ),
    "strict_render_failed": (
        "因 --strict 未写入任何文件：有字符任何已安装字体都无法显示",
        "nothing written (--strict): some characters no installed font can draw",
    ),
    # serve (server/): the HTTP API and its command
    "help_serve": (
        "启动 HTTP 服务：校验、生成、预览报告的接口（/api，文档见 /docs）和浏览器编辑器（/）",
        "start the HTTP service: the API to validate, render and preview reports (/api, documented at /docs) "
        "and the browser editor (/)",
    ),
    "help_host": (
        "监听地址（缺省 127.0.0.1，仅本机；0.0.0.0 为所有网络接口）",
        "address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for every interface)",
    ),
    "help_port": ("监听端口（缺省 8000）", "port to listen on (default 8000)"),
    "help_workers": (
        "工作进程数（缺省 1）；每个进程启动时查找一次字体，每次同时生成一份报告",
        "worker processes (default 1); each resolves the fonts once at start and renders one report at a time",
    ),
    "help_cors_origin": (
        "允许此来源的网页调用接口（CORS；可重复；缺省不允许任何其他来源）",
        "let pages of this origin call the API (CORS; repeatable; default: no other origin)",
    ),
    "help_max_body": ("请求体的最大字节数（缺省 20 MB），超过答复 413", "largest request body in bytes (default 20 MB); more is answered 413"),
    "help_render_timeout": (
        "一次生成（含排队）的最长秒数（缺省 30），超过答复 503",
        "most seconds a render may take, waiting included (default 30); past that it is answered 503",
    ),
    "help_max_waiting": (
        "每个工作进程中排队等待生成的请求数上限（缺省 32），再多答复 503 和 Retry-After",
        "requests waiting for a render in one worker (default 32); one more is answered 503 with Retry-After",
    ),
    "server_missing_extra": (
        "annualreport serve 需要可选组件：pip install 'annualreport[server]'（缺少 {module}）",
        "annualreport serve needs the optional extra: pip install 'annualreport[server]' ({module} is missing)",
    ),
    "server_body_too_large": ("请求体超过 {limit} 字节的上限", "the request body is over the limit of {limit} bytes"),
    "server_busy": ("服务繁忙，等待生成的请求已满，请稍后重试", "busy: too many renders are waiting; try again shortly"),
    "server_timed_out": ("生成超过 {seconds:g} 秒的时限，已放弃", "the render took longer than the limit of {seconds:g} s; given up"),
    "server_internal_error": (
        "服务器内部错误（请求编号 {request_id}，服务器日志中有详细信息）",
        "internal server error (request id {request_id}; the server's log has the details)",
    ),
    "server_import_doc": (
        "这是 Word 97–2003 格式（.doc），请在 Word 或 WPS 中另存为 .docx 后再导入",
        "this is a Word 97–2003 file (.doc); save it as .docx in Word or WPS and import that",
    ),
    "server_import_type": (
        "只能导入 Word 文档（.docx）或纯文本（.txt、.md），收到的是 {media}",
        "only a Word document (.docx) or plain text (.txt, .md) can be imported; this body is {media}",
    ),
    "server_bad_parameter": ("请求参数有误：{detail}", "bad request parameter: {detail}"),
    "bundle_not_zip": ("不是 zip 压缩包，或压缩包已损坏", "not a zip archive, or a damaged one"),
    "bundle_too_many_entries": (
        "压缩包有 {count} 个条目，超过 {limit} 个的上限",
        "the zip holds {count} entries, more than the limit of {limit}",
    ),
    "bundle_too_large": ("压缩包解压后超过 {limit} 字节的上限，已拒绝", "the zip unpacks to more than the limit of {limit} bytes; refused"),
    "bundle_unsafe_path": (
        "条目路径为绝对路径或含 ..，会落到报告文件夹之外，已拒绝",
        "the entry's path is absolute or holds .., which would leave the report folder; refused",
    ),
    "bundle_special_entry": ("条目是符号链接或特殊文件，已拒绝", "the entry is a symbolic link or a special file; refused"),
    "bundle_duplicate_entry": ("压缩包中有同名条目，已拒绝", "the zip holds this entry twice; refused"),
    "bundle_bad_entry": ("无法解压此条目（{detail}）", "cannot unpack this entry ({detail})"),
    "bundle_no_report": (
        "压缩包顶层（或其唯一的文件夹）中没有 report.yaml（也没有 report.yml 或 report.json）",
        "the zip holds no report.yaml (nor report.yml or report.json) at its top or in its one folder",
    ),
    # render: many reports at once (batch.py)
    "help_render_srcs": (
        "一个或多个报告（文件夹或 .yaml/.yml/.json 文件；- 表示标准输入，只能单独使用）",
        "one or more reports (folders or .yaml/.yml/.json files; - for standard input, alone)",
    ),
    "help_render_all": (
        "生成此文件夹下每个含 report.yaml 的子文件夹（可重复）",
        "render every subfolder of this folder that holds a report.yaml (repeatable)",
    ),
    "help_jobs": (
        "同时生成的进程数（缺省为处理器核数）",
        "reports rendered at once, each in a process of its own (default: the number of cores)",
    ),
    "batch_stdin_alone": ("- （标准输入）只能单独使用，不能与其他报告同时生成", "- (standard input) cannot be rendered with other reports"),
    "batch_stdout_one_report": ("-o - 只能用于一份报告", "-o - takes one report only"),
    "batch_same_name": (
        "与 {other} 的输出文件同名（{stem}.*），请分开生成或改名",
        "would write the same files ({stem}.*) as {other}; render them separately or rename one",
    ),
    "batch_none_found": ("{path} 中没有含 report.yaml 的子文件夹", "no subfolder of {path} holds a report.yaml"),
    "batch_progress": ("正在生成 {total} 份报告", "rendering {total} reports"),
    "batch_line": ("[{done}/{total}] {status} {src}", "[{done}/{total}] {status} {src}"),
    "batch_ok": ("完成", "ok"),
    "batch_failed": ("失败", "FAILED"),
    "batch_summary": (
        "共 {total} 份报告：{ok} 份已生成，{failed} 份失败，用时 {seconds:.1f} 秒",
        "{total} reports: {ok} rendered, {failed} failed, in {seconds:.1f} s",
    ),
    "batch_failure_heading": ("失败：{src}", "failed: {src}"),
    # progress of slow work (progress.py), shown on standard error after a second
    "progress_done": ("{label}：完成，用时 {seconds:.1f} 秒", "{label}: done in {seconds:.1f} s"),
    "progress_convert": ("正在将 {font} 的字形转换为 TrueType", "converting glyphs of {font} to TrueType"),
    "progress_wait": ("正在等待另一进程转换 {font}", "waiting for another annualreport converting {font}"),
    "progress_search": ("正在所有已安装的字体中查找 {count} 个字符", "looking for {count} characters in every installed font"),
}

ARGPARSE_ZH: dict[str, str] = {
    # argparse's own words (its gettext message ids, Python 3.10-3.13) in Chinese; see argparse_translations.
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "subcommands": "子命令",
    "show this help message and exit": "显示本帮助信息并退出",
    "show program's version number and exit": "显示版本号并退出",
    " (default: %(default)s)": "（缺省：%(default)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s：警告：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 必须给出其中之一",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的参数值 %r",
    "expected one argument": "需要一个参数值",
    "expected at most one argument": "最多需要一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "expected %s argument": "需要 %s 个参数值",
    "expected %s arguments": "需要 %s 个参数值",
    "ambiguous option: %(option)s could match %(matches)s": "选项有歧义：%(option)s 可能是 %(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}


class _CatalogueTranslations(gettext.NullTranslations):
    """gettext translations from a dict; ids it does not hold stay as they are (English)."""

    def __init__(self, catalogue: dict[str, str]):
        super().__init__()
        self._catalogue = catalogue

    def gettext(self, message: str) -> str:
        return self._catalogue.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def argparse_translations(language: Language | None = None) -> gettext.NullTranslations:
    """Translations of argparse's own strings (“usage: ”, “options”, its error messages) into
    ``language`` (default: the current one); English is argparse's own text."""
    if (language or current_language()) == "zh":
        return _CatalogueTranslations(ARGPARSE_ZH)
    return gettext.NullTranslations()


YAML_ZH = {
    # libyaml's contexts (what it was reading) ...
    "while parsing a block mapping": "读取“键: 值”时",
    "while parsing a block collection": "读取“- ”列表时",
    "while parsing a flow sequence": "读取方括号列表 [...] 时",
    "while parsing a flow mapping": "读取花括号 {...} 时",
    "while parsing a block node": "读取内容时",
    "while parsing a flow node": "读取内容时",
    "while parsing a node": "读取内容时",
    "while parsing a quoted scalar": "读取引号中的文字时",
    "while scanning a quoted scalar": "读取引号中的文字时",
    "while scanning a plain scalar": "读取文字时",
    "while scanning a block scalar": "读取多行文字（| 或 >）时",
    "while scanning a simple key": "读取键时",
    "while scanning for the next token": "读取下一项时",
    "while scanning an anchor": "读取锚点（&）时",
    "while scanning an alias": "读取别名（*）时",
    "while scanning a tag": "读取标签（!）时",
    "while parsing a block scalar": "读取多行文字（| 或 >）时",
    # ... and its problems
    "mapping values are not allowed in this context": "此处不能有“: ”（冒号加空格）；文字中含“: ”时请给整段文字加引号",
    "block sequence entries are not allowed in this context": "此处不能有列表项“- ”",
    "found unexpected end of stream": "文件意外结束（引号没有闭合？）",
    "did not find expected key": "没有找到应有的键（缩进是否一致？）",
    "did not find expected '-' indicator": "缺少列表项的“- ”（缩进是否一致？）",
    "did not find expected ',' or ']'": "缺少“,”或“]”",
    "did not find expected ',' or '}'": "缺少“,”或“}”",
    "did not find expected node content": "缺少内容",
    "could not find expected ':'": "缺少“:”",
    "found unexpected ':'": "多了一个“:”",
    "found character that cannot start any token": "此处的字符不能开始一项（缩进中有 Tab？YAML 只能用空格缩进）",
    "found a tab character that violates indentation": "Tab 破坏了缩进（YAML 只能用空格缩进）",
    "found a tab character where an indentation space is expected": "此处应为空格缩进，却是 Tab",
    "found undefined alias": "别名（*）没有对应的锚点（&）",
    "found duplicate anchor; first occurrence": "锚点（&）重复，第一次出现",
    "second occurrence": "第二次出现",
    "found unknown escape character": "双引号中“\\”后的转义字符无效（要写“\\”本身请用单引号）",
}
"""libyaml's own context and problem phrases in Chinese (libyaml writes them in English); one it does not
list stays as libyaml wrote it."""

JSON_ZH = {
    "Expecting value": "此处应有一个值",
    "Expecting property name enclosed in double quotes": "此处应有用双引号括起的键",
    "Expecting ',' delimiter": "缺少“,”",
    "Expecting ':' delimiter": "缺少“:”",
    "Extra data": "JSON 结束后还有多余内容",
    "Unterminated string starting at": "字符串没有结束（缺少右双引号）",
    "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义（“\\”后）",
}
"""Python's json module's messages in Chinese."""


def parser_detail(*phrases: str | None, table: dict[str, str] = YAML_ZH) -> str:
    """What a parser said (libyaml's context and problem, or json's message), in the current language:
    Chinese where ``table`` knows the phrase, else the parser's own words."""
    said = [phrase for phrase in phrases if phrase]
    if current_language() != "zh":
        return " ".join(said)
    return "，".join(table.get(phrase, phrase) for phrase in said)


def text(message_key: str, /, **values: Any) -> str:
    """The message ``message_key`` in the current language, with ``values`` filled in."""
    zh, en = CATALOGUE[message_key]
    return (zh if current_language() == "zh" else en).format(**values)


def describe_value(value: Any) -> str:
    """A short rendering of a bad input value for a message."""
    if value is None:
        return "null" if current_language() == "en" else "空值（null）"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping" if current_language() == "en" else "映射"
    if isinstance(value, list):
        return "a list" if current_language() == "en" else "列表"
    shown = repr(value) if not isinstance(value, str) else f"“{value}”"
    return shown if len(shown) <= 40 else shown[:37] + "…"


def validation_message(error: dict[str, Any]) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in the current language: the
    catalogue's wording for its type, else pydantic's own message."""
    kind = error["type"]
    actual = describe_value(error.get("input"))
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return text("extra_forbidden", key=error["loc"][-1] if error.get("loc") else "")
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        return text(kind, expected=ctx.get("expected", ""), actual=actual)
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return text(kind, actual=actual, **{k: v for k, v in ctx.items() if k in ("ge", "gt", "le", "lt")})
    try:
        return text(kind, actual=actual)
    except KeyError:
        return str(error["msg"])
