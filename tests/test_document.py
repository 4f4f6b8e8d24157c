"""The build step: numbering, run-in points, tables on the grid, signature layout, and the seed text."""

from __future__ import annotations

import dataclasses
import os
import random
import time
from pathlib import Path

import pytest

import annualreport as ar
from annualreport import document as doc
from annualreport.model import Report
from annualreport.style import load_style

from .conftest import EXAMPLE_2018, REPO, squash, unchecked_report

GOLDENS = {"2018": EXAMPLE_2018, "full": REPO / "tests" / "fixtures" / "full"}
"""Golden pretty() dumps: tests/golden/NAME.pretty.txt for each source."""


def build(data: dict) -> doc.Document:
    return doc.build_document(Report.model_validate(data), load_style())


def headings(document: doc.Document) -> list[str]:
    return [n.number + n.text for n in document.nodes if isinstance(n, doc.Heading)]


def test_numbering_of_four_levels():
    leaf = {"title": "丁"}
    level3 = {"title": "丙", "sections": [leaf, leaf]}
    level2 = {"title": "乙", "sections": [level3, level3]}
    report = {"title": "t", "year": 2018, "sections": [{"title": "甲", "sections": [level2]}] * 11}
    numbers = headings(build(report))
    assert numbers[:7] == ["一、甲", "（一）乙", "1.丙", "（1）丁", "（2）丁", "2.丙", "（1）丁"]
    level1 = [h for h in numbers if h.endswith("、甲")]
    assert level1[9:] == ["十、甲", "十一、甲"]


def test_unnumbered_heading_takes_no_number():
    report = {"title": "t", "year": 2018, "sections": [{"title": "前言", "numbered": False}, {"title": "甲"}]}
    assert headings(build(report)) == ["前言", "一、甲"]


def test_run_in_points_number_one_level_below_their_section():
    report = {
        "title": "t",
        "year": 2018,
        "sections": [{"title": "甲", "sections": [{"title": "乙", "content": [
            {"item": "完善机构，确保成效。", "text": "建立体系。"}, "普通段落。", {"item": "创新模式。"}]}]}],
    }
    paragraphs = [n for n in build(report).nodes if isinstance(n, doc.Paragraph)]
    assert [p.text for p in paragraphs] == ["1.完善机构，确保成效。建立体系。", "普通段落。", "2.创新模式。"]
    assert paragraphs[0].spans[0] == doc.Span(text="1.完善机构，确保成效。", role="heading3")
    assert paragraphs[0].outline_level == 3 and paragraphs[1].outline_level is None


def test_lead_phrase_separator():
    report = {"title": "t", "year": 2018, "content": [
        {"lead": "养殖产业基地建设", "text": "建成小区。"}, {"lead": "产业扶持方面：", "text": "投入资金。"}]}
    first, second = [n for n in build(report).nodes if isinstance(n, doc.Paragraph)]
    assert first.spans == (doc.Span(text="养殖产业基地建设", role="lead"), doc.Span(text="\u3000建成小区。"))
    assert second.text == "产业扶持方面：投入资金。"


def test_table_cells_are_placed_around_spans():
    report = {"title": "t", "year": 2018, "content": [{"table": {
        "header": [[{"text": "基地", "rowspan": 2}, {"text": "指标", "colspan": 2}], ["名称", "数值"]],
        "rows": [["养殖", "小区", 6]],
        "columns": [{"width": 2}, {"align": "left"}, {"align": "right"}],
    }}]}
    [table] = [n for n in build(report).nodes if isinstance(n, doc.Table)]
    assert [(c.text, c.column) for c in table.header_rows[1]] == [("名称", 1), ("数值", 2)]
    assert [(c.text, c.column, c.align) for c in table.body_rows[0]] == [("养殖", 0, "center"), ("小区", 1, "left"), ("6", 2, "right")]
    assert table.widths == (0.5, 0.25, 0.25)


def test_signature_unsealed_and_sealed():
    style = load_style()
    unsealed = doc.build_signature("大沁他拉镇人民政府", "2019年1月15日", style)
    # issuer: 9 characters, 2 in from the right; the date (6.5 wide: digits are half) starts 2 characters
    # right of the issuer's first character, so it ends 9 + 2 - 2 - 6.5 = 2.5 characters from the edge.
    assert (unsealed.issuer_right_chars, unsealed.date_right_chars) == (2, 2.5)
    long_date = doc.build_signature("某局", "2019年12月15日", style)
    # The date (7 wide) is longer than the name: date 2 in from the right, the name moves left.
    assert long_date.date_right_chars == 2 and long_date.issuer_right_chars == 2 + 7 + 2 - 2
    sealed_style = style.model_copy(update={"signature": style.signature.model_copy(update={"sealed": True})})
    sealed = doc.build_signature("大沁他拉镇人民政府", "2019年1月15日", sealed_style)
    assert sealed.date_right_chars == 4 and sealed.issuer_right_chars == 4 + (6.5 - 9) / 2


def test_closing_order_attachments_and_note():
    report = {"title": "t", "year": 2018, "issuer": "某镇人民政府", "date": "2019-01-15", "note": "此件公开发布",
              "attachments": [{"title": "主要指标表", "content": ["甲"]}, {"title": "项目清单"}]}
    nodes = build(report).nodes
    kinds = [type(n).__name__ for n in nodes]
    assert kinds == ["Title", "BlankLine", "Paragraph", "Paragraph", "BlankLine", "Signature", "Paragraph",
                     "PageBreak", "Paragraph", "Title", "Paragraph", "PageBreak", "Paragraph", "Title"]
    assert [nodes[2].text, nodes[3].text] == ["附件：1.主要指标表", "\u3000\u3000\u30002.项目清单"]
    assert nodes[5].date == "2019年1月15日" and nodes[6].text == "（此件公开发布）"
    assert nodes[8].text == "附件1" and nodes[9].lines == ("主要指标表",)


def test_example_reproduces_the_seed_text(seed_text: str):
    """Every character of the seed in order; the example adds only a table, a chart and the issuer's signature."""
    document = ar.build(EXAMPLE_2018)
    added = (doc.Table, doc.Chart, doc.Signature)
    text = "".join(line for node in document.nodes if not isinstance(node, added) for line in doc.node_text(node))
    assert squash(text) == squash(seed_text)
    signature = document.nodes[-1]
    assert isinstance(signature, doc.Signature) and signature.issuer == "大沁他拉镇人民政府"


def test_example_table_uses_only_the_seeds_figures(seed_text: str):
    [table] = [n for n in ar.build(EXAMPLE_2018).nodes if isinstance(n, doc.Table)]
    seed = squash(seed_text)
    for row in table.body_rows:
        for cell in row:
            number = cell.text.rstrip("余以上")
            if number[:1].isdigit():
                assert number in seed, cell.text


def test_example_chart_charts_only_the_seeds_figures(seed_text: str):
    """The chart of completion against plan: the three figures the seed gives with their plans, as the seed
    writes them; its rates are the indicator table's 完成率 (value ÷ target)."""
    [chart] = [n for n in ar.build(EXAMPLE_2018).nodes if isinstance(n, doc.Chart)]
    assert chart.chart.categories == ("现代农业园区功能区投资", "征占土地", "拆迁房屋及院墙")
    assert chart.chart.series[0].labels == ("50.0%", "98.3%", "84.5%")
    seed = squash(seed_text)
    for figures in ("计划投资1400万元", "已完成投资700万元", "征占土地4441亩", "征占土地4365亩", "房屋及院墙58处", "房屋及院墙49处"):
        assert figures in seed, figures


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_golden_pretty_dump(name: str):
    golden = REPO / "tests" / "golden" / f"{name}.pretty.txt"
    pretty = ar.build(GOLDENS[name]).pretty()
    if os.environ.get("ANNUALREPORT_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(pretty, encoding="utf-8")
    assert pretty == golden.read_text(encoding="utf-8"), "review the change, then ANNUALREPORT_UPDATE_GOLDEN=1"


def test_every_node_is_frozen_and_slotted():
    """Every node the full and gongwen fixtures build (every kind, with their spans and cells; gongwen has the
    版头 and 版记) refuses assignment to each of its fields, and has no __dict__ to take new attributes."""
    document = ar.build(REPO / "tests" / "fixtures" / "full")
    gongwen = ar.build(REPO / "tests" / "fixtures" / "gongwen")
    joint = ar.build(REPO / "tests" / "fixtures" / "joint")
    nodes = [*document.nodes, *gongwen.nodes, *joint.nodes, document.metadata, document]
    nodes += [placed for node in joint.nodes if isinstance(node, doc.JointSignature) for line in node.lines for placed in line]
    nodes += [span for node in document.nodes for span in getattr(node, "spans", ())]
    nodes += [cell for node in document.nodes if isinstance(node, doc.Table) for row in node.body_rows for cell in row]
    kinds = {type(node) for node in nodes}
    assert set(doc.NODE_TYPES) | {doc.Span, doc.TableCell, doc.Metadata, doc.Document} <= kinds
    for node in nodes:
        assert not hasattr(node, "__dict__"), type(node).__name__
        for item in dataclasses.fields(node):
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(node, item.name, None)


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("2018年度工作总结", ("2018年度工作总结",)),
        ("大沁他拉镇人民政府关于2018年度工作情况的总结报告", ("大沁他拉镇人民政府关于", "2018年度工作情况的总结报告")),
        ("奈曼旗大沁他拉镇2018年度精准扶贫精准脱贫工作总结", ("奈曼旗大沁他拉镇2018年度", "精准扶贫精准脱贫工作总结")),
    ],
)
def test_long_title_breaks_between_words_into_balanced_lines(title: str, lines: tuple[str, ...]):
    document = build({"title": title, "year": 2018})
    assert document.nodes[0].lines == lines


def test_title_given_as_lines_is_kept():
    document = build({"title": ["大沁他拉镇人民政府", "关于2018年度工作情况的总结报告"], "year": 2018})
    assert document.nodes[0].lines == ("大沁他拉镇人民政府", "关于2018年度工作情况的总结报告")


def _within_capacity(lines: tuple[str, ...], capacity: float) -> bool:
    return all(doc.text_width_chars(line) <= capacity for line in lines)


@pytest.mark.parametrize("title", ["1" * 1200, "A" * 100_000, "关于" * 600, "2018年度" * 5000])
def test_title_of_any_length_breaks_iteratively_in_linear_time(title: str):
    # "1" * 1200 used to recurse once per character (RecursionError after 34 s).
    start = time.perf_counter()
    lines = doc.break_title(title, 20.1)
    assert time.perf_counter() - start < 5
    assert "".join(lines) == title
    assert _within_capacity(lines, 20.1)
    assert len(lines) == -(-doc.text_width_chars(title) // 20)  # full lines: as few as the capacity allows


def test_long_title_lines_are_balanced():
    lines = doc.break_title("大沁他拉镇人民政府关于2018年度工作情况的总结报告" * 3, 20.1)
    widths = [doc.text_width_chars(line) for line in lines]
    assert len(lines) == 4 and max(widths) - min(widths) <= 4


def test_title_lines_never_exceed_the_capacity():
    # A two-line break used to leave the second line as long as the rest, wider than the line.
    title = "，与及人民政府大2他年年度度政情0和A和B况0民人民政府与总他。人工告A年度与关告的C人结报结年人工作关结1于拉人委员会C、"
    assert _within_capacity(doc.break_title(title, 20.1), 20.1)
    rng = random.Random(15)
    alphabet = list("大沁他拉镇人民政府关于年度工作情况的总结报告和与及、，。2018ABC ")
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 90)))
        capacity = rng.choice([20.1, 14.0, 7.5, 1.0])
        lines = doc.break_title(text, capacity)
        assert "".join(lines) == text and _within_capacity(lines, capacity), (text, capacity)
    assert doc.break_title("标题", 0.2) == ("标", "题")  # a capacity under one character: one a line


@pytest.mark.parametrize("issuer_chars", [27, 36, 40, 200])
def test_signature_of_a_long_issuer_stays_on_the_line(issuer_chars: int):
    style = load_style()
    line = style.page.chars_per_line
    date = "2019年1月15日"
    signature = doc.build_signature("大" * issuer_chars, date, style)
    # An issuer of 36 used to put the date 33.5 characters in from the right: a negative line width.
    assert 0 <= signature.issuer_right_chars <= line - 1
    assert 0 <= signature.date_right_chars <= line - doc.text_width_chars(date)
    # The issuer wraps into balanced lines, flush right 2 in; the date starts 2 right of where they start.
    lines = -(-issuer_chars // (line - 2))
    issuer_start = signature.issuer_right_chars + issuer_chars / lines
    assert signature.issuer_right_chars == 2
    assert signature.date_right_chars + doc.text_width_chars(date) == pytest.approx(issuer_start - 2)


def test_signature_offsets_stay_on_the_line_whatever_the_style():
    style = load_style()
    for changes in ({"sealed": True}, {"right_indent_chars": 40}, {"date_offset_chars": -30}, {"sealed": True, "sealed_date_right_indent_chars": 60}):
        odd = style.model_copy(update={"signature": style.signature.model_copy(update=changes)})
        for issuer in ("某局", "大" * 60, None):
            signature = doc.build_signature(issuer, "2019年12月15日", odd)
            assert 0 <= signature.issuer_right_chars <= 27, (changes, issuer)
            assert 0 <= signature.date_right_chars <= 28 - 7, (changes, issuer)


# --------------------------------------------------------------------------- tables: widths and spans


def table_node(table: dict, style=None) -> doc.Table:
    # Past the loader's table rules: the build step has to hold on its own.
    report = unchecked_report({"title": "t", "year": 2018, "content": [{"table": table}]})
    [node] = [n for n in doc.build_document(report, style or load_style()).nodes if isinstance(n, doc.Table)]
    return node


def test_column_widths_are_normalised_to_one_character():
    style = load_style()
    least = doc.column_minimum_pt(style) / style.page.block_width_pt  # 14 pt + 2 x 2.5 pt of 442 pt
    node = table_node({"columns": [{"width": 100}, {"width": 1}], "rows": [["甲乙丙", "丁"]]})
    assert node.widths[1] == pytest.approx(least) and sum(node.widths) == pytest.approx(1)
    node = table_node({"columns": [{"width": 1000}, {"width": 1}, {"width": 2}, {"width": 300}], "rows": [["a"]]})
    assert node.widths[1] == node.widths[2] == pytest.approx(least)
    assert node.widths[0] / node.widths[3] == pytest.approx(1000 / 300)  # the others keep their proportion
    assert node.text_scale == 1


def test_column_widths_of_any_value():
    # What the model may let through (the loader is to refuse these): infinite, zero, negative, NaN.
    widths, scale = doc.column_widths([float("inf"), 1.0, 0.0, -3.0, float("nan"), 2.0], 19.0, 442.2)
    assert scale == 1 and sum(widths) == pytest.approx(1)
    assert all(w >= 19 / 442.2 - 1e-12 for w in widths)
    assert widths[0] == widths[5] == max(widths)  # not finite or not positive: as wide as the widest
    assert doc.column_widths([1.0, 1.0], 19.0, 0.0)[0] == (0.5, 0.5)  # no block at all: no crash


def test_too_many_columns_for_the_block_set_the_text_smaller_then_refuse():
    style = load_style()
    fits = int(style.page.block_width_pt // doc.column_minimum_pt(style))
    assert table_node({"rows": [["字"] * fits]}).text_scale == 1
    with pytest.warns(ar.LayoutWarning, match="40 columns"):
        node = table_node({"rows": [["字"] * 40]})
    assert node.text_scale == pytest.approx(style.page.block_width_pt / (40 * doc.column_minimum_pt(style)))
    assert node.widths == pytest.approx([1 / 40] * 40)
    most = doc.max_table_columns(style)
    assert most == 50 and 14 * style.page.block_width_pt / (most * doc.column_minimum_pt(style)) >= doc.MIN_TABLE_TEXT_PT
    with pytest.raises(ar.InputError, match="200 columns.*50 at most"):
        table_node({"rows": [["字"] * 200]})
    start = time.perf_counter()
    with pytest.raises(ar.InputError, match="100000000 columns"):  # refused before anything that size is made
        table_node({"rows": [[{"text": "宽", "colspan": 100_000_000}]]})
    assert time.perf_counter() - start < 2


def test_empty_and_ragged_rows():
    empty = table_node({"caption": "表1", "rows": [[], []], "note": "注"})
    assert (empty.widths, empty.header_rows, empty.body_rows) == ((), (), ())
    assert (empty.caption, empty.note) == ("表1", "注")
    ragged = table_node({"rows": [["a", "b", "c"], [], ["d"]]})
    assert len(ragged.widths) == 3 and [len(r) for r in ragged.body_rows] == [3, 0, 1]
    # With columns but no cell, the rows are rows of empty cells (as many as the columns say).
    assert len(table_node({"columns": [{}, {}], "rows": [[], []]}).widths) == 2


def test_row_spans_stay_inside_the_header_and_the_body():
    start = time.perf_counter()
    node = table_node({
        "header": [[{"text": "表头", "rowspan": 5}, "甲"], ["乙"]],
        "rows": [[{"text": "长", "rowspan": 100_000_000}, "一"], ["二"], ["三"]],
    })  # fmt: skip
    assert time.perf_counter() - start < 2
    assert node.header_rows[0][0].rowspan == 2 and node.body_rows[0][0].rowspan == 3
    assert [(c.text, c.column) for c in node.body_rows[2]] == [("三", 1)]


def test_no_two_cells_cover_the_same_place():
    # A column span running into a row span from above stops short of it.
    node = table_node({"rows": [["x", {"text": "A", "rowspan": 2}, "y"], [{"text": "B", "colspan": 3}]]})
    assert [(c.text, c.column, c.colspan) for c in node.body_rows[1]] == [("B", 0, 1)]
    rng = random.Random(9)
    for _ in range(200):
        rows = [
            [{"text": "c", "colspan": rng.choice([1, 1, 2, 3]), "rowspan": rng.choice([1, 1, 2, 4])} for _ in range(rng.randint(0, 4))]
            for _ in range(rng.randint(1, 6))
        ]
        node = table_node({"rows": rows})
        seen: set[tuple[int, int]] = set()
        for r, row in enumerate(node.body_rows):
            for cell in row:
                assert r + cell.rowspan <= len(node.body_rows) and cell.column + cell.colspan <= len(node.widths)
                area = {(r + i, cell.column + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
                assert not area & seen, rows
                seen |= area
