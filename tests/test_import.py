"""annualreport import: .docx, .txt and .md become a report.yaml whose rendered text is the source's (issue 12)."""

from __future__ import annotations

import codecs
import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx as python_docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import annualreport as ar
from annualreport import model
from annualreport.document import nodes
from annualreport.errors import InputError
from annualreport.importer import import_file, rendered_text, source_text
from annualreport.importer.reader import read_source
from annualreport.limits import Limits

from .conftest import EXAMPLE_2018, REPO

FIXTURES = REPO / "tests" / "fixtures" / "import"
TEXT_FIXTURES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))
FULL = REPO / "tests" / "fixtures" / "full"
GONGWEN = REPO / "examples" / "2018-gongwen"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annualreport.cli", *args], capture_output=True, text=True, cwd=cwd)


# --------------------------------------------------------------------------- structure


def shape(node: Any) -> tuple[Any, ...]:
    """What a rendered node shows and how it is structured (table widths aside: they are rounded on import)."""
    if isinstance(node, nodes.Title):
        return ("title", node.role, node.lines)
    if isinstance(node, nodes.Heading):
        return ("heading", node.level, node.number, node.text)
    if isinstance(node, nodes.Paragraph):
        return ("paragraph", node.role, node.outline_level, tuple((s.role, s.text) for s in node.spans), node.hanging_chars)
    if isinstance(node, nodes.Table):
        cells = lambda rows: tuple(tuple((c.text, c.column, c.colspan, c.rowspan) for c in row) for row in rows)  # noqa: E731
        return ("table", node.caption, cells(node.header_rows), cells(node.body_rows), node.note)
    if isinstance(node, nodes.Signature):
        return ("signature", node.issuer, node.date)
    if isinstance(node, nodes.JointSignature):
        return ("joint_signature", node.names, node.date)
    if isinstance(node, (nodes.Letterhead, nodes.Imprint)):
        return (node.kind, tuple(node.visible_lines()))
    if isinstance(node, nodes.Figure):
        digest = hashlib.sha256(node.data).hexdigest()[:16]
        return ("figure", node.number, node.caption, node.image_format, digest, round(node.width_pt, 1), round(node.height_pt, 1))
    if isinstance(node, nodes.Chart):
        # a chart comes back as its caption, kept as a plain paragraph (the import cannot re-create it: that needs
        # indicators); so it is compared as the paragraph it must become
        return ("paragraph", "body", None, ((None, node.caption_text),), 0.0)
    return (node.kind,)


def document_shape(report: model.Report) -> list[tuple[Any, ...]]:
    """Every node's shape: a figure with its number, caption, image (digest), kind and size; a chart as the
    paragraph its caption becomes on import (docs/import.md)."""
    return [shape(n) for n in ar.build(report).nodes]


def skeleton(report: model.Report) -> Any:
    """The model's structure: sections (numbered or not) and the kind of every block."""

    def blocks(content: list[Any]) -> list[str]:
        kinds = []
        for block in content:
            if isinstance(block, (str, model.TextParagraph)):
                kinds.append("text")
            elif isinstance(block, model.LeadParagraph):
                kinds.append("lead")
            elif isinstance(block, model.NumberedPoint):
                kinds.append("point")
            elif isinstance(block, model.FigureBlock):
                kinds.append("figure")
            elif isinstance(block, model.ChartBlock):
                kinds.append("text")  # its caption, kept as a paragraph (see document_shape)
            else:
                kinds.append("table")  # an indicator table renders as a table and comes back as one
        return kinds

    def section(s: model.Section) -> Any:
        return (s.numbered, blocks(s.content), [section(c) for c in s.sections])

    return (
        blocks(report.content),
        [section(s) for s in report.sections],
        [(blocks(a.content), [section(s) for s in a.sections]) for a in report.attachments],
        report.issuer, [i.name for i in report.issuers], report.date, bool(report.note), bool(report.speaker), bool(report.recipient), len(report.subtitle),
    )  # fmt: skip


def round_trip(report: model.Report, tmp_path: Path, name: str = "r.docx") -> model.Report:
    path = tmp_path / name
    path.write_bytes(ar.render_docx(report))
    return import_file(path).report


@pytest.mark.parametrize("source", [EXAMPLE_2018, FULL, GONGWEN], ids=["examples-2018", "fixtures-full", "examples-2018-gongwen"])
def test_round_trip_through_word_gives_back_the_structure(source: Path, tmp_path: Path):
    original = ar.load(source)
    back = round_trip(original, tmp_path)
    assert skeleton(back) == skeleton(original)
    assert document_shape(back) == document_shape(original)


@pytest.mark.parametrize("source", [EXAMPLE_2018, FULL, GONGWEN], ids=["examples-2018", "fixtures-full", "examples-2018-gongwen"])
def test_round_trip_after_libreoffice_saves_the_docx(source: Path, tmp_path: Path, soffice: str):
    original = ar.load(source)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.docx").write_bytes(ar.render_docx(original))
    command = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
               "docx", "--outdir", str(tmp_path / "out"), str(tmp_path / "in" / "r.docx")]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    back = import_file(tmp_path / "out" / "r.docx").report
    assert skeleton(back) == skeleton(original)
    assert document_shape(back) == document_shape(original)


# --------------------------------------------------------------------------- the property

HANZI = "大沁他拉镇年度工作总结全力打造主导产业基地核心示范区养殖小区发展专业村棚舍窖池牛羊存栏畜禽疫病免疫率设施农业"
WORDS = st.text(alphabet=HANZI, min_size=2, max_size=12)
SENTENCE = st.builds(lambda a, b: f"{a}，{b}。", WORDS, WORDS)


def _sections(depth: int) -> Any:
    children = st.lists(st.deferred(lambda: _sections(depth + 1)), max_size=2) if depth < 4 else st.just([])
    return st.builds(
        lambda title, content, sections, numbered: {"title": title, "numbered": numbered, "content": content, "sections": sections},
        WORDS, _content(), children, st.sampled_from([True, True, True, False]),
    )  # fmt: skip


def _content() -> Any:
    block = st.one_of(
        SENTENCE,
        st.builds(lambda lead, text: {"lead": lead, "text": text}, WORDS, SENTENCE),
        st.builds(lambda lead, text: {"lead": lead + "方面：", "text": text}, WORDS, SENTENCE),
        st.builds(lambda item, text: {"item": item + "。", "text": text}, WORDS, SENTENCE),
        st.builds(
            lambda caption, rows: {"table": {"caption": "表1　" + caption, "header": [["指标", "单位"]], "rows": rows}},
            WORDS, st.lists(st.lists(WORDS, min_size=2, max_size=2), min_size=1, max_size=3),
        ),
    )  # fmt: skip
    return st.lists(block, max_size=3)


REPORTS = st.builds(
    lambda title, content, sections, issuer, attachments, recipient: {
        "title": title + "2019年度工作总结", "year": 2019, "content": content, "sections": sections,
        **({"issuer": issuer + "人民政府", "date": "2020-01-15"} if isinstance(issuer, str) else {}),
        **({"issuers": [name + "委员会" for name in issuer], "date": "2020-01-15"} if isinstance(issuer, list) else {}),
        **({"recipient": recipient + "各单位："} if recipient else {}),
        "attachments": [{"title": t, "content": c} for t, c in attachments],
    },
    WORDS, _content(), st.lists(_sections(1), min_size=1, max_size=3),
    st.one_of(st.none(), WORDS, st.lists(WORDS, min_size=2, max_size=3, unique=True)),
    st.lists(st.tuples(WORDS, st.lists(SENTENCE, min_size=1, max_size=2)), max_size=2), st.one_of(st.none(), WORDS),
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=REPORTS)
def test_round_trip_property_over_generated_reports(data: dict[str, Any], tmp_path: Path):
    original = model.Report.model_validate(data)
    back = round_trip(original, tmp_path)
    assert skeleton(back) == skeleton(original)
    assert document_shape(back) == document_shape(original)


@pytest.mark.parametrize(
    "data",
    [
        # a run-in phrase and its sentence right under the title looked like "镇长　某某某" (a speaker)
        {"title": "专专2019年度工作总结", "year": 2019, "content": [{"lead": "专专", "text": "专专，专专。"}],
         "sections": [{"title": "专专", "numbered": True}]},
        # with no issuer, the 附件 list "附件：专镇" ends in 镇 and was taken for the issuer
        {"title": "专2019年度工作总结", "year": 2019, "sections": [{"title": "专", "numbered": True}],
         "attachments": [{"title": "专镇", "content": ["专专，专专。"]}]},
    ],
    ids=["lead-under-the-title", "attachment-named-like-an-organ"],
)  # fmt: skip
def test_round_trip_of_what_the_property_test_once_found(data: dict[str, Any], tmp_path: Path):
    original = model.Report.model_validate(data)
    back = round_trip(original, tmp_path)
    assert skeleton(back) == skeleton(original)
    assert document_shape(back) == document_shape(original)


# --------------------------------------------------------------------------- text and Markdown


def expected_roles(path: Path) -> list[str]:
    return path.with_suffix(".roles").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
def test_text_fixtures_are_recognised_as_intended(path: Path):
    result = import_file(path)
    assert [e.role for e in result.explained] == expected_roles(path)


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
def test_rendered_text_equals_the_source_text(path: Path):
    result = import_file(path)
    assert rendered_text(result.report) == source_text(read_source(path))
    assert not any("differs" in note for note in result.notes)


@pytest.mark.parametrize("source", [EXAMPLE_2018, FULL], ids=["examples-2018", "fixtures-full"])
def test_rendered_text_equals_the_source_text_for_word(source: Path, tmp_path: Path):
    path = tmp_path / "r.docx"
    path.write_bytes(ar.render_docx(ar.load(source)))
    assert rendered_text(import_file(path).report) == source_text(read_source(path))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_in_every_encoding_offices_save_imports_alike(encoding: str, tmp_path: Path):
    plain = (FIXTURES / "plain.txt").read_text(encoding="utf-8")
    path = tmp_path / "plain.txt"
    path.write_bytes(plain.replace("\n", "\r\n").encode(encoding))
    assert import_file(path).yaml.split("\n", 2)[2] == import_file(FIXTURES / "plain.txt").yaml.split("\n", 2)[2]


def test_plain_text_report_has_its_structure():
    report = import_file(FIXTURES / "plain.txt").report
    assert report.title == ["某某县人民政府", "2019年政府工作报告"]
    assert report.year == 2019 and str(report.date) == "2020-01-10" and report.issuer == "某某县人民政府"
    assert report.recipient == "各位代表：" and report.speaker == "县长　李四"
    assert [s.title for s in report.sections] == ["2019年工作回顾", "2020年工作安排"]
    review = report.sections[0]
    assert [s.title for s in review.sections] == ["经济运行稳中有进", "改革开放持续深化", "民生福祉不断增进"]
    assert [type(b).__name__ for b in review.sections[1].content] == ["NumberedPoint", "NumberedPoint"]
    assert review.sections[1].content[0].item == "深化放管服改革。"
    table = review.sections[2].content[3].table
    assert table.caption == "表1　主要经济指标完成情况" and table.header == [["指标", "单位", "完成", "增长"]]
    assert table.note == "注：增长速度按可比价格计算。"
    assert [a.title for a in report.attachments] == ["2019年主要指标完成情况", "2020年重点项目计划"]


def test_numbering_that_skips_keeps_its_labels():
    report = import_file(FIXTURES / "forms.txt").report
    part = report.sections[0]
    assert part.title == "第一部分　2018年工作情况" and part.numbered is False
    assert [(s.title, s.numbered) for s in part.sections] == [
        ("一、农业生产", False), ("二、基础设施", False), ("四、社会事业", False)
    ]  # fmt: skip


def test_yaml_is_block_style_chinese_as_written_and_valid(tmp_path: Path):
    result = import_file(FIXTURES / "plain.txt")
    assert "\\u" not in result.yaml and "某某县人民政府" in result.yaml
    assert "{" not in result.yaml.replace("{{", "")  # no flow mappings
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "report.yaml").write_text(result.yaml, encoding="utf-8")
    assert ar.load(folder).model_dump() == result.report.model_dump()


def test_braces_in_the_source_stay_text(tmp_path: Path):
    path = tmp_path / "b.txt"
    path.write_text("标题2019\n正文{key}与}。\n", encoding="utf-8")
    result = import_file(path)
    assert result.report.content == ["正文{{key}}与}}。"]
    assert rendered_text(result.report) == "标题2019正文{key}与}。"


# --------------------------------------------------------------------------- command line


def test_cli_import_then_render(tmp_path: Path):
    word = tmp_path / "2018.docx"
    word.write_bytes(ar.render_docx(ar.load(EXAMPLE_2018)))
    done = cli("import", str(word), "-o", str(tmp_path / "x"), "--explain")
    assert done.returncode == 0, done.stderr
    assert "heading3" in done.stdout and "point3" in done.stdout and "wrote" in done.stdout
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["report.yaml"]
    assert cli("validate", str(tmp_path / "x")).returncode == 0
    again = cli("import", str(word), "-o", str(tmp_path / "x"))
    assert again.returncode == 1 and "--force" in again.stderr


def _zip(entries: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return stream.getvalue()


def _empty_docx() -> bytes:
    stream = io.BytesIO()
    document = python_docx.Document()
    document.add_paragraph("")
    document.save(stream)
    return stream.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("old.doc", OLE + "WordDocument".encode("utf-16-le"), "Word 97"),
        ("secret.docx", OLE + "EncryptedPackage".encode("utf-16-le"), "encrypted"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 40, "damaged"),
        ("archive.docx", _zip({"hello.txt": b"hi"}), "not a Word document"),
        ("scan.docx", _empty_docx(), "OCR"),
        ("odd.txt", b"\x80\x81\xff\xfe\x00abc", "encoding"),
        ("blank.txt", b"\n \n\t\n", "OCR"),
        ("notes.rtf", b"{\\rtf1}", "cannot import"),
    ],
    ids=lambda v: v if isinstance(v, str) and "." in v else "",
)
def test_bad_input_is_one_line_exit_1_nothing_written(name: str, data: bytes, message: str, tmp_path: Path):
    path = tmp_path / name
    path.write_bytes(data)
    done = cli("import", str(path), "-o", str(tmp_path / "out"))
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary folder left either


def test_a_file_past_the_size_limit_is_refused_unread(tmp_path: Path):
    big = tmp_path / "big.docx"
    with open(big, "wb") as stream:
        stream.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper
    done = cli("import", str(big), "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and "limit import_bytes" in done.stderr
    assert not (tmp_path / "out").exists()
    with pytest.raises(InputError, match="import_bytes = 100"):
        import_file(FIXTURES / "plain.txt", limits=Limits(import_bytes=100))


def test_a_zip_bomb_is_refused_before_it_is_parsed(tmp_path: Path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<a/>", "word/document.xml": b" " * 5_000_000}))
    with pytest.raises(InputError, match="import_xml_bytes"):
        import_file(path, limits=Limits(import_xml_bytes=1_000_000))


def test_import_report_in_the_library(tmp_path: Path):
    report = ar.import_report(FIXTURES / "report.md")
    assert isinstance(report, model.Report) and report.title == ["某某镇2019年度工作总结"]


def test_our_styles_are_read_by_their_english_aliases_and_word_joiners_dropped(tmp_path: Path):
    # Our .docx names its styles in Chinese (讲话人, 主送机关) with English aliases, and keeps ——/…… whole
    # with a word joiner; the reader sees the alias and the author's text.
    report = model.Report.model_validate({
        "title": "某某镇政府工作报告", "year": 2019, "subtitle": ["——2020年1月15日在某某镇第十八届人民代表大会第四次会议上"],
        "speaker": "镇长　某某某", "recipient": "各位代表：", "content": ["正文……完。"],
    })  # fmt: skip
    path = tmp_path / "r.docx"
    path.write_bytes(ar.render_docx(ar.build(report)) or b"")
    paras = {item.text: item for item in read_source(path) if hasattr(item, "style")}
    assert paras["镇长　某某某"].style == "speaker" and paras["各位代表："].style == "recipient"
    assert "正文……完。" in paras and all("\u2060" not in text for text in paras)


def test_a_caption_opening_the_report_is_not_taken_for_the_speaker(tmp_path: Path):
    # Found by the round-trip property: "表1　专专" has the shape of "镇长　某某某".
    original = model.Report.model_validate({
        "title": "专专2019年度工作总结", "year": 2019,
        "content": [{"table": {"caption": "表1\u3000专专", "header": [["指标", "单位"]], "rows": [["专专", "专专"]]}}],
    })  # fmt: skip
    back = round_trip(original, tmp_path)
    assert back.speaker is None and skeleton(back) == skeleton(original)


# --------------------------------------------------------------------------- 公文 elements


def test_gongwen_elements_come_back_from_word(tmp_path: Path):
    original = ar.load(REPO / "examples" / "2018-gongwen")
    path = tmp_path / "gw.docx"
    path.write_bytes(ar.render_docx(original))
    result = import_file(path)
    back = result.report
    assert back.header is not None and original.header is not None
    assert back.header.model_dump() == original.header.model_dump()
    assert back.imprint is not None and back.imprint.copy_to == original.imprint.copy_to  # type: ignore[union-attr]
    assert back.imprint.printed_by == original.imprint.printed_by and back.imprint.printed_on == original.date  # type: ignore[union-attr]
    assert (back.title, back.recipient, back.issuer, back.date) == (original.title, original.recipient, original.issuer, original.date)
    assert document_shape(back) == document_shape(original)
    assert rendered_text(back) == source_text(read_source(path))
    assert len(result.notes) == 1 and "a Word chart “图1\u3000重点项目完成计划情况”" in result.notes[0]  # 2018's chart
    roles = [e.role for e in result.explained]
    assert roles[:3] == ["header (header_organs)", "header (document_number)", "title"] and roles[-1] == "imprint"


def test_gongwen_elements_in_plain_text(tmp_path: Path):
    path = tmp_path / "gw.txt"
    path.write_text(
        "000123\n秘密★1年\n特急\n某某县人民政府\n某某县财政局文件\n某政发〔2019〕12号\n关于某某工作的报告\n县委：\n"
        "现将有关情况报告如下。\n某某县人民政府\n2019年3月1日\n抄送：县委办公室，县人大常委会办公室。\n"
        "某某县人民政府办公室　2019年3月2日印发\n",
        encoding="utf-8",
    )
    result = import_file(path)
    header, imprint = result.report.header, result.report.imprint
    assert header is not None and imprint is not None
    assert (header.copy_number, header.classification, header.urgency) == ("000123", "秘密★1年", "特急")
    assert (header.organs, header.suffix, header.document_number) == (["某某县人民政府", "某某县财政局"], "文件", "某政发〔2019〕12号")
    assert imprint.copy_to == ["县委办公室", "县人大常委会办公室"] and imprint.printed_by == "某某县人民政府办公室"
    assert str(imprint.printed_on) == "2019-03-02" and str(result.report.date) == "2019-03-01"
    assert result.report.title == ["关于某某工作的报告"] and result.report.content == ["现将有关情况报告如下。"]
    assert rendered_text(result.report) == source_text(read_source(path))


def test_a_plain_report_gets_no_header_or_imprint():
    result = import_file(FIXTURES / "plain.txt")
    assert result.report.header is None and result.report.imprint is None
