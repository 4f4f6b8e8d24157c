"""The PDF of examples/2018 measured against GB/T 9704: geometry, line breaking, text, fonts, metadata, determinism."""

from __future__ import annotations

import collections
import io
import re
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import pdfplumber
import pytest

import annualreport as ar
from annualreport import document as doc
from annualreport.render.pdf.fonts import embed as pdf_fonts
from annualreport.style import MM

from .conftest import EXAMPLE_2018, squash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pdfminer")


needs_fonts = pytest.mark.usefixtures("chinese_fonts")


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "2018.pdf"
    ar.render_pdf(EXAMPLE_2018, path)
    return path


@pytest.fixture(scope="module")
def measured(pdfgrid: ModuleType, example_pdf: Path) -> dict[str, Any]:
    return pdfgrid.measure(str(example_pdf))


@needs_fonts
def test_page_and_text_block(measured: dict[str, Any]):
    assert measured["page_size_mm"] == [210.0, 297.0]
    block = measured["block_mm"]
    assert abs(block["left"] - 28) <= 1 and abs(block["right"] - 184) <= 1
    # The first glyph sits inside the first grid line (37 mm + one 10.2 mm line), the last inside the last.
    assert 37 <= block["top"] <= 37 + 225 / 22 and 262 - 225 / 22 <= block["bottom"] <= 262
    assert abs(measured["line_pitch_pt"] - 225 / 22 * 72 / 25.4) < 0.1
    assert measured["body_size_pt"] == 16.0


@needs_fonts
def test_full_pages_fill_all_22_grid_lines(example_pdf: Path, measured: dict[str, Any]):
    pitch = 225 / 22 * MM
    top = 37 * MM
    kept_with_next = re.compile(r"^(表\d|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.\S)")
    with pdfplumber.open(example_pdf) as pdf:
        for number, (page, following) in enumerate(zip(pdf.pages, pdf.pages[1:]), start=1):
            rows = {int((c["bottom"] - top) // pitch) for c in page.chars if c["size"] >= 15.5 and c["bottom"] < 262 * MM}
            # One line may stay empty at the foot where a single line would otherwise be alone at the foot
            # or head of a page (widow and orphan control); more only where keep-with-next took a heading
            # or caption over with its text, or the last two lines of text over with the signature.
            if max(rows) < 20 and following is not pdf.pages[-1]:
                first_line = (following.extract_text() or "").splitlines()[0]
                assert kept_with_next.match(first_line), f"page {number} ends early before {first_line[:10]!r}"
            body_only = all(c["size"] == 16 for c in page.chars if c["top"] < 262 * MM)
            if body_only:
                assert len(rows) in (21, 22), f"page {number}: {len(rows)} lines"
    assert 22 in measured["lines_per_full_page"]


@needs_fonts
def test_full_lines_hold_28_characters_and_are_justified(measured: dict[str, Any]):
    counts = collections.Counter({int(k): v for k, v in measured["chars_per_full_line"].items()})
    assert counts.most_common(1)[0][0] == 28
    assert counts[28] >= 0.7 * sum(counts.values())
    assert measured["ragged_lines"] == []


@needs_fonts
def test_no_line_breaking_violations(measured: dict[str, Any]):
    assert measured["bad_line_starts"] == [] and measured["bad_line_ends"] == []


@needs_fonts
def test_page_numbers(measured: dict[str, Any]):
    numbers = measured["page_numbers"]
    assert [n["text"] for n in numbers] == [f"—{i}—" for i in range(1, measured["pages"] + 1)]
    one_char = 156 / 28
    for n in numbers:
        assert n["size"] == 14.0
        assert abs(n["top_mm"] - (262 + 7)) < 1.5
        if n["page"] % 2:
            assert abs(n["x1_mm"] - (184 - one_char)) < 0.5
        else:
            assert abs(n["x0_mm"] - (28 + one_char)) < 0.5


@needs_fonts
def test_text_contains_every_seed_line_in_order(example_pdf: Path, seed_text: str):
    with pdfplumber.open(example_pdf) as pdf:
        # The text block only: page numbers would interrupt paragraphs that run over a page.
        blocks = [page.within_bbox((0, 0, page.width, 264 * MM)) for page in pdf.pages]
        text = squash("".join(block.extract_text() or "" for block in blocks))
    assert "\x00" not in text and "\ufffd" not in text
    position = 0
    for line in filter(None, map(squash, seed_text.splitlines())):
        found = text.find(line, position)
        assert found >= 0, f"missing or out of order: {line[:30]}"
        position = found + len(line)


@needs_fonts
def test_fonts_are_embedded_subsets(example_pdf: Path):
    with pdfplumber.open(example_pdf) as pdf:
        names = {c["fontname"] for page in pdf.pages for c in page.chars}
    assert names and all("+" in name for name in names), names  # subset prefix ABCDEF+Name: embedded
    assert not any("STSong" in name for name in names)


@needs_fonts
def test_metadata_outline_language(example_pdf: Path):
    from pypdf import PdfReader

    reader = PdfReader(example_pdf)
    info = reader.metadata
    assert info is not None
    assert (info.title, info.author, info.subject) == ("2018年度工作总结", "大沁他拉镇人民政府", "2018年度工作总结")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [n.number + n.text for n in ar.build(EXAMPLE_2018).nodes if isinstance(n, doc.Heading) and n.level == 1]


@needs_fonts
def test_same_input_same_bytes(monkeypatch: pytest.MonkeyPatch):
    first = ar.render_pdf(EXAMPLE_2018)
    assert first == ar.render_pdf(EXAMPLE_2018)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1547510400")  # 2019-01-15
    dated = ar.render_pdf(EXAMPLE_2018)
    assert dated != first and b"D:20190115000000" in dated


@needs_fonts
def test_stream_and_bytes_targets(tmp_path: Path):
    stream = io.BytesIO()
    assert ar.render_pdf(EXAMPLE_2018, stream) is None
    assert stream.getvalue().startswith(b"%PDF-") and stream.getvalue() == ar.render_pdf(EXAMPLE_2018)


def minimal(text: str, style: ar.Style | None = None) -> doc.Document:
    report = ar.Report.model_validate({"title": "测试", "year": 2018, "content": [text]})
    return ar.build_document(report, style or ar.load_style())


def extract(data: bytes) -> list[dict[str, Any]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [c for page in pdf.pages for c in page.chars]


@needs_fonts
def test_character_missing_from_body_font_falls_back_to_another_font():
    # 〇 is outside GB2312: the body face (a GB2312 subset of FandolFang here, or 仿宋_GB2312 on Windows)
    # may lack it; whichever font draws it, it must come out as 〇, not a box or NUL.
    document = minimal("二〇一八年工作总结。")
    chars = extract(ar.render_pdf(document))
    assert "".join(c["text"] for c in chars if c["size"] == 16) == "二〇一八年工作总结。"


@needs_fonts
def test_character_no_font_has_is_reported_not_boxed():
    rare = "\U00030000"  # CJK Extension G: no font installed here covers it
    with pytest.warns(pdf_fonts.MissingGlyphWarning, match="U\\+30000"):
        ar.render_pdf(minimal(f"生僻字{rare}。"))


@pytest.mark.usefixtures("no_system_fonts")  # as on a machine without any Chinese font
def test_no_chinese_font_at_all_still_gives_a_readable_pdf(monkeypatch: pytest.MonkeyPatch):
    style = ar.load_style()
    nowhere = {key: ("No Such Font Anywhere",) for key in style.fonts}
    style = style.model_copy(update={"fonts": nowhere})
    monkeypatch.setattr(pdf_fonts, "_warned_no_font", False)
    with pytest.warns(pdf_fonts.NoChineseFontWarning, match="fonts-arphic-gkai00mp"):
        data = ar.render_pdf(minimal("全力打造四大主导产业基地。", style))
    assert data is not None
    chars = extract(data)
    assert "".join(c["text"] for c in chars if c["size"] == 16) == "全力打造四大主导产业基地。"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ar.render_pdf(minimal("第二次不再警告。", style))  # once per process
