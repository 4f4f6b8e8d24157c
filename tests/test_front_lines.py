"""Front-matter lines under the speaker (the date of the speech): model, build, both formats, import."""

from __future__ import annotations

import io
from pathlib import Path

import docx as python_docx
import pdfplumber

import annualreport as ar
from annualreport import document as doc
from annualreport.importer import import_file
from annualreport.model import Report

DATA = {
    "title": "政府工作报告",
    "subtitle": "——2019年1月10日在某某县第十七届人民代表大会第三次会议上",
    "speaker": "县长　李四",
    "front_lines": "（2019年1月10日）",
    "recipient": "各位代表：",
    "year": 2018,
    "content": ["现在，我代表县人民政府，向大会报告工作，请予审议。"],
}


def test_a_string_is_one_line_and_each_line_is_set_like_the_speaker():
    report = Report.model_validate(DATA)
    assert report.front_lines == ["（2019年1月10日）"]
    nodes = ar.build_document(report, ar.load_style()).nodes
    roles = [(n.role, n.text) for n in nodes if isinstance(n, doc.Paragraph)][:3]
    assert roles == [("speaker", "县长　李四"), ("speaker", "（2019年1月10日）"), ("recipient", "各位代表：")]


def test_both_formats_centre_the_line_under_the_speaker():
    report = Report.model_validate(DATA)
    with pdfplumber.open(io.BytesIO(ar.render_pdf(report))) as pdf:
        page = pdf.pages[0]
        lines = {line["text"].replace(" ", ""): line for line in page.extract_text_lines()}
    title, date = lines["政府工作报告"], lines["（2019年1月10日）"]
    speaker = next(line for text, line in lines.items() if text.startswith("县长"))
    centre = (title["x0"] + title["x1"]) / 2  # the text block's centre, as the title is centred in it
    assert abs((date["x0"] + date["x1"]) / 2 - centre) < 1 and date["top"] > speaker["top"]
    assert {c["fontname"] for c in date["chars"]} == {c["fontname"] for c in speaker["chars"] if c["text"].strip()}
    word = python_docx.Document(io.BytesIO(ar.render_docx(report)))
    [line] = [p for p in word.paragraphs if p.text == "（2019年1月10日）"]
    assert line.style.name == "讲话人"


def test_import_reads_the_date_line_under_the_speaker(tmp_path: Path):
    path = tmp_path / "r.docx"
    path.write_bytes(ar.render_docx(Report.model_validate(DATA)))
    back = import_file(path).report
    assert (back.speaker, back.front_lines, back.recipient) == ("县长　李四", ["（2019年1月10日）"], "各位代表：")
    text = tmp_path / "r.txt"
    text.write_text("政府工作报告\n县长　李四\n2019年1月10日\n各位代表：\n现在，我向大会报告工作。\n", encoding="utf-8")
    assert import_file(text).report.front_lines == ["2019年1月10日"]
