"""annualreport import keeps a .docx's pictures and charts (issue 12): a picture becomes a ``figure:`` block with
its image written beside report.yaml, a chart keeps its caption as a paragraph and is named in the things to
check with its cached data; nothing is dropped silently."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx as python_docx
from docx.oxml import parse_xml
from docx.shared import Mm

import annualreport as ar
from annualreport import model
from annualreport.document import nodes
from annualreport.importer import import_file, rendered_text, source_text
from annualreport.importer.reader import read_source

from .conftest import EXAMPLE_2018, REPO
from .tools.draw_figure import park_plan, png_bytes

FULL = REPO / "tests" / "fixtures" / "full"
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="120mm" height="60mm" viewBox="0 0 120 60">
<rect x="0" y="0" width="120" height="60" fill="#ddd"/><rect x="10" y="10" width="40" height="30" fill="#3c5a78"/>
</svg>"""


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annualreport.cli", *args], capture_output=True, text=True)


def report_folder(tmp_path: Path, content: str, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "report.yaml").write_text(f"title: 某某镇2019年度工作总结\nyear: 2019\n{content}", encoding="utf-8")
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def blocks(report: model.Report) -> list[object]:
    return [*report.content, *(b for s in report.sections for b in s.content)]


def figures(report: model.Report) -> list[model.FigureImage]:
    return [b.figure for b in blocks(report) if isinstance(b, model.FigureBlock)]


def word_with_pictures(path: Path, parts: list[tuple[str, object]]) -> Path:
    """A .docx made by python-docx as any Word user would make one: ("text", str), ("picture", (bytes, mm))."""
    document = python_docx.Document()
    document.add_paragraph("某某镇2019年度工作总结")
    for kind, value in parts:
        if kind == "text":
            document.add_paragraph(value)
        else:
            data, width = value  # type: ignore[misc]
            document.add_paragraph().add_run().add_picture(io.BytesIO(data), width=Mm(width))
    document.save(path)
    return path


# --------------------------------------------------------------------------- pictures


def test_a_png_figure_comes_back_with_its_caption_width_and_the_same_bytes(tmp_path: Path):
    image = png_bytes(park_plan(400, 240))
    source = report_folder(
        tmp_path, "content:\n  - 园区建设稳步推进。\n  - figure: {image: plan.png, caption: 园区平面示意图, width_chars: 16}\n"
        "  - 下一步继续推进。\n", {"plan.png": image},
    )  # fmt: skip
    word = tmp_path / "r.docx"
    word.write_bytes(ar.render_docx(ar.load(source)))
    result = import_file(word)
    [figure] = figures(result.report)
    assert (figure.image, figure.caption, figure.width_chars, figure.width_mm) == ("figures/figure-1.png", "园区平面示意图", 16, None)
    assert result.files == [("figures/figure-1.png", image)]  # the very bytes: small enough not to be resampled
    assert figure.picture is not None and figure.picture.data == image  # held by the Report: it renders as it is
    assert [type(b).__name__ for b in result.report.content] == ["str", "FigureBlock", "str"]  # in its place
    assert result.notes == []
    roles = {e.role for e in result.explained}
    assert {"figure", "figure_caption"} <= roles
    assert rendered_text(result.report) == source_text(read_source(word))  # 图1　园区平面示意图 once, not twice


def test_cli_writes_the_pictures_and_the_folder_validates_and_renders_with_the_figure(tmp_path: Path):
    word = tmp_path / "full.docx"
    word.write_bytes(ar.render_docx(ar.load(FULL)))
    out = tmp_path / "imported"
    done = cli("import", str(word), "-o", str(out), "--explain")
    assert done.returncode == 0, done.stderr
    explained = done.stdout.splitlines()
    assert any(" figure " in line and "figures/figure-1.png" in line for line in explained)
    assert any(" chart " in line and "设施农业面积与上年对比" in line for line in explained)
    assert "1 pictures, 1 charts" in done.stdout or "1 幅插图、1 个图表" in done.stdout
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["figures/figure-1.png", "report.yaml"]
    assert (out / "figures" / "figure-1.png").read_bytes() == (FULL / "park.png").read_bytes()
    checked = cli("validate", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = ar.build(ar.load(out))
    [figure] = [n for n in built.nodes if isinstance(n, nodes.Figure)]
    assert figure.caption_text == "图1\u3000设施农业园区平面示意图"


def test_jpeg_and_svg_keep_their_format_the_svg_preferred_to_its_png_twin(tmp_path: Path):
    photo = io.BytesIO()
    park_plan(300, 200).save(photo, "JPEG", quality=90)
    source = report_folder(
        tmp_path, "content:\n  - figure: {image: a.jpg, caption: 照片}\n  - figure: {image: b.svg, caption: 矢量图}\n",
        {"a.jpg": photo.getvalue(), "b.svg": SVG.encode()},
    )  # fmt: skip
    word = tmp_path / "r.docx"
    word.write_bytes(ar.render_docx(ar.load(source)))
    result = import_file(word)
    names = [f.image for f in figures(result.report)]
    assert names == ["figures/figure-1.jpg", "figures/figure-2.svg"]
    files = dict(result.files)
    assert files["figures/figure-1.jpg"] == photo.getvalue() and files["figures/figure-2.svg"] == SVG.encode()
    assert [f.caption for f in figures(result.report)] == ["照片", "矢量图"] and result.notes == []


def test_a_caption_numbered_otherwise_keeps_its_label_and_is_noted(tmp_path: Path):
    word = word_with_pictures(tmp_path / "w.docx", [
        ("text", "园区建设稳步推进。"), ("picture", (png_bytes(park_plan(300, 180)), 80)), ("text", "图3　园区平面示意图"),
    ])  # fmt: skip
    result = import_file(word)
    [figure] = figures(result.report)
    assert figure.caption == "图3　园区平面示意图" and figure.width_mm == 80.0
    [note] = result.notes
    assert "“图3　园区平面示意图” keeps its text" in note and "numbers this figure 图1" in note
    assert "keeps its text" in result.yaml  # beside the figure in report.yaml too
    # the model prints its own 图1 before the kept caption: the one addition, said in the note
    assert rendered_text(result.report) == source_text(read_source(word))
    assert "图1图3园区平面示意图" in rendered_text(result.report)


def test_a_picture_without_a_caption_is_a_figure_without_one(tmp_path: Path):
    image = png_bytes(park_plan(300, 180))
    word = word_with_pictures(tmp_path / "w.docx", [("picture", (image, 60)), ("text", "园区建设稳步推进。")])
    result = import_file(word)
    [figure] = figures(result.report)
    assert figure.caption is None and figure.width_mm == 60.0 and dict(result.files)["figures/figure-1.png"] == image
    [note] = result.notes
    assert "no 图N caption" in note and "图1" in note
    assert result.report.content[-1] == "园区建设稳步推进。"  # the text after it is not taken for a caption


def test_a_picture_a_figure_cannot_take_is_kept_as_a_file_its_caption_as_text(tmp_path: Path):
    gif = io.BytesIO()
    park_plan(200, 120).convert("P").save(gif, "GIF")
    word = word_with_pictures(tmp_path / "w.docx", [("picture", (gif.getvalue(), 50)), ("text", "图1　动图")])
    result = import_file(word)
    assert figures(result.report) == [] and "图1　动图" in result.report.content
    [(name, data)] = result.files
    assert name.startswith("figures/picture-p") and name.endswith(".gif") and data == gif.getvalue()
    [note] = result.notes
    assert "GIF" in note and name in note and "caption is kept" in note
    out = tmp_path / "out"
    assert cli("import", str(word), "-o", str(out)).returncode == 0
    assert cli("validate", str(out)).returncode == 0


def test_a_vml_picture_as_older_word_writes_it_is_imported(tmp_path: Path):
    image = png_bytes(park_plan(300, 180))
    document = python_docx.Document()
    document.add_paragraph("某某镇2019年度工作总结")
    rid, _ = document.part.get_or_add_image(io.BytesIO(image))
    paragraph = document.add_paragraph()
    paragraph._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:pict>'
        f'<v:shape style="width:226.8pt;height:136pt"><v:imagedata r:id="{rid}"/></v:shape></w:pict></w:r>'
    ))  # fmt: skip
    document.add_paragraph("图1　旧版图片")
    document.save(tmp_path / "vml.docx")
    result = import_file(tmp_path / "vml.docx")
    [figure] = figures(result.report)
    assert figure.caption == "旧版图片" and figure.width_mm == 80.0 and dict(result.files)[figure.image] == image


def test_pictures_in_cells_and_headers_are_noted_not_dropped_silently(tmp_path: Path):
    image = io.BytesIO(png_bytes(park_plan(200, 120)))
    document = python_docx.Document()
    document.add_paragraph("某某镇2019年度工作总结")
    document.add_paragraph("正文一段。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(1, 0).text = "指标", "图", "园区"
    table.cell(1, 1).paragraphs[0].add_run().add_picture(image, width=Mm(20))
    document.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(image.getvalue()), width=Mm(10))
    document.save(tmp_path / "cells.docx")
    result = import_file(tmp_path / "cells.docx")
    assert figures(result.report) == [] and result.files == []
    assert any("in the table's cells not imported" in n for n in result.notes)
    assert any("headers or footers not imported" in n for n in result.notes)


# --------------------------------------------------------------------------- charts


def test_the_2018_chart_keeps_its_caption_as_text_and_is_noted_with_its_data(tmp_path: Path):
    word = tmp_path / "2018.docx"
    word.write_bytes(ar.render_docx(ar.load(EXAMPLE_2018)))
    result = import_file(word)
    assert "图1\u3000重点项目完成计划情况" in [b for s in result.report.sections for b in s.content]
    [note] = result.notes
    index = next(e.index for e in result.explained if e.role == "chart")
    assert note.startswith(f"{index}: a Word chart “图1\u3000重点项目完成计划情况” (paragraph {index}) is not imported")
    assert "chart: block" in note and "docs/figures.md" in note
    # the numbers the chart showed, from its cache: 700 of 1400 万元, 4365 of 4441 亩, 49 of 58 处
    assert "现代农业园区功能区投资、征占土地、拆迁房屋及院墙" in note and "50.0%, 98.3%, 84.5%" in note
    assert rendered_text(result.report) == source_text(read_source(word))


def test_import_report_gives_a_report_that_renders_its_figures(tmp_path: Path):
    word = tmp_path / "full.docx"
    word.write_bytes(ar.render_docx(ar.load(FULL)))
    report = ar.import_report(word)
    [figure] = [n for n in ar.build(report).nodes if isinstance(n, nodes.Figure)]
    assert figure.data == (FULL / "park.png").read_bytes()
    with zipfile.ZipFile(io.BytesIO(ar.render_docx(report))) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert [package.read(n) for n in media] == [(FULL / "park.png").read_bytes()]
    folder = tmp_path / "written"
    report = ar.import_report(word, folder=folder)
    assert report.source_dir == folder and (folder / "figures" / "figure-1.png").is_file()
    assert (folder / "figures" / "figure-1.png").read_bytes() == (FULL / "park.png").read_bytes()
    assert ar.load(folder).model_dump() == report.model_dump()


def test_a_seal_beside_the_date_is_looked_past_so_the_issuer_is_still_read(tmp_path: Path):
    from .test_seal import seal_png

    source = tmp_path / "src"
    source.mkdir()
    text = (EXAMPLE_2018 / "report.yaml").read_text(encoding="utf-8").replace("style: gbt9704\n", "style: gbt9704\nseal: seal.png\n")
    (source / "report.yaml").write_text(text, encoding="utf-8")
    (source / "seal.png").write_bytes(seal_png())
    original = ar.load(source)
    word = tmp_path / "sealed.docx"
    word.write_bytes(ar.render_docx(original))
    result = import_file(word)
    assert result.report.issuer == original.issuer == "大沁他拉镇人民政府"
    assert figures(result.report) == []  # not a figure printing 图N under the signature
    [(name, _)] = result.files
    assert any("among the closing lines" in n and "seal" in n and name in n for n in result.notes)
    assert not any("differs" in n for n in result.notes)


def test_a_picture_above_the_title_is_set_aside_and_the_title_still_read(tmp_path: Path):
    """A letterhead or emblem pasted as a picture before everything else: kept as a file and noted, never a figure
    printing 图1 above the title; the title, recipient and text are read as without it (the title search had ended
    at the picture: “（无标题）”)."""
    path = tmp_path / "letterhead.docx"
    document = python_docx.Document()
    document.add_paragraph().add_run().add_picture(io.BytesIO(png_bytes(park_plan())), width=Mm(150))
    document.add_paragraph("某某镇2019年度工作总结")
    document.add_paragraph("县人民政府：")
    document.add_paragraph("全镇上下认真贯彻落实上级各项决策部署。")
    document.save(path)
    result = import_file(path)
    report = result.report
    assert report.title == ["某某镇2019年度工作总结"] and report.recipient == "县人民政府："
    assert report.content == ["全镇上下认真贯彻落实上级各项决策部署。"] and figures(report) == []
    [(name, data)] = result.files
    assert name.startswith("figures/picture-p") and data == png_bytes(park_plan())
    assert any("above the title" in n and name in n for n in result.notes)


def test_the_things_to_check_are_in_the_users_language(tmp_path: Path):
    """The notes at the top of the report.yaml an import writes are messages like every other: Chinese for the
    office staff (the CLI's --lang zh, the service's Accept-Language: zh, the default), English on request."""
    from annualreport.messages import using_language

    path = tmp_path / "letterhead.docx"
    document = python_docx.Document()
    document.add_paragraph().add_run().add_picture(io.BytesIO(png_bytes(park_plan())), width=Mm(150))
    document.add_paragraph("某某镇2019年度工作总结")
    document.add_paragraph("全镇上下认真贯彻落实上级各项决策部署。")
    document.save(path)
    with using_language("zh"):
        chinese = import_file(path)
    with using_language("en"):
        english = import_file(path)
    assert any("它在标题上方" in n and "未导入" in n for n in chinese.notes)
    assert "# 待核对：\n#   1: 第 1 段的图片（无题注）未导入：它在标题上方" in chinese.yaml
    assert any("it stands above the title" in n for n in english.notes)
    assert chinese.report.model_dump() == english.report.model_dump()  # only the words of the notes differ
