"""The .docx as a real word processor lays it out: LibreOffice converts examples/2018, pdfgrid.py measures the grid."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from types import ModuleType
from xml.sax.saxutils import escape

import pytest

import annualreport as ar
from annualreport import document as doc
from annualreport.render.docx import render_docx
from annualreport.style import load_style

from .conftest import EXAMPLE_2018, SEED

MM = 72 / 25.4
PAGE_NUMBER = re.compile(r"^[—\-－–]\s*\d+\s*[—\-－–]$")


def squash(text: str) -> str:
    """``text`` without whitespace: LibreOffice spaces Chinese from digits, extraction splits lines."""
    return re.sub(r"\s+", "", text)


def _fc_escape(name: str) -> str:
    """A family name as a fontconfig pattern ("-" would start a size, ":" an element)."""
    return re.sub(r"([-:,\\])", r"\\\1", name)


def stand_in_fonts(folder: Path) -> Path:
    """A fontconfig file under which each face the .docx names (the first candidate of each font key, which this
    machine does not have) resolves to the first later candidate that is installed — as on an office machine
    that has the named faces. TeX Live's Fandol fonts are added to the search path when present."""
    config = folder / "fonts.conf"
    fandol = Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol")
    base = f"""<?xml version="1.0"?>
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  {f"<dir>{fandol}</dir>" if fandol.is_dir() else ""}
  <cachedir>{folder / "fontcache"}</cachedir>
"""
    config.write_text(base + "</fontconfig>\n", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    rules = []
    for candidates in load_style().fonts.values():
        for name in candidates[1:]:
            found = subprocess.run(["fc-list", "-f", "%{family}\\n", _fc_escape(name)], capture_output=True, text=True,
                                   env=env).stdout  # fmt: skip
            if found.strip():
                rules.append(
                    f'  <match target="pattern"><test name="family"><string>{escape(candidates[0])}</string></test>'
                    f'<edit name="family" mode="assign" binding="strong"><string>{escape(name)}</string></edit></match>'
                )
                break
    config.write_text(base + "\n".join(rules) + "\n</fontconfig>\n", encoding="utf-8")
    return config




def convert(soffice: str, folder: Path, fonts_conf: Path | None) -> Path:
    """examples/2018 rendered to .docx and converted by LibreOffice with a private profile."""
    source = folder / "2018.docx"
    render_docx(ar.build(EXAMPLE_2018), source)
    profile = (folder / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
               str(folder), str(source)]  # fmt: skip
    env = {**os.environ, **({"FONTCONFIG_FILE": str(fonts_conf)} if fonts_conf else {})}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    pdf = folder / "2018.pdf"
    assert pdf.is_file(), f"LibreOffice did not convert the .docx: {result.stdout}{result.stderr}"
    return pdf


@pytest.fixture(scope="module", params=["fallback fonts", "stand-in fonts"])
def pdf_2018(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, soffice: str) -> Path:
    """LibreOffice's rendering as this machine has it (none of the named faces: LibreOffice falls back to Noto
    Sans CJK and DejaVu Sans), and with installed faces standing in for the named ones."""
    folder = tmp_path_factory.mktemp("docx_libreoffice")
    return convert(soffice, folder, stand_in_fonts(folder) if request.param == "stand-in fonts" else None)


@pytest.fixture(scope="module")
def measured(pdfgrid: ModuleType, pdf_2018: Path) -> dict:
    return pdfgrid.measure(str(pdf_2018))


def test_page_and_text_block(measured: dict):
    assert measured["page_size_mm"] == [210.0, 297.0]
    assert measured["body_size_pt"] == 16.0
    block = measured["block_mm"]
    assert abs(block["left"] - 28) <= 1 and abs(block["right"] - 184) <= 1
    pitch_mm = 225 / 22
    assert 37 <= block["top"] <= 37 + pitch_mm  # the first line's glyphs sit in the block's first grid line
    assert block["bottom"] <= 262 + 0.5


def test_22_lines_on_full_pages(measured: dict, pdfgrid: ModuleType, pdf_2018: Path):
    """Every page of body text but the last holds 22 lines, or 21 where widow control moved one line over (a
    single line is never alone at a page's head or foot), unless keep-with-next carried its last lines
    over: a heading never ends a page, and the signature never stands alone on one (it keeps the last
    paragraph)."""
    import pdfplumber

    assert abs(measured["line_pitch_pt"] - 225 * MM / 22) < 0.2
    per_page = measured["lines_per_full_page"]
    assert max(per_page, key=per_page.get) in (21, 22) and 22 in per_page
    document = ar.build(EXAMPLE_2018)
    headings = [squash(n.number + n.text) for n in document.nodes if isinstance(n, doc.Heading)]
    issuer = squash(next(n.issuer or "" for n in document.nodes if isinstance(n, doc.Signature)))
    body = measured["body_size_pt"]
    with pdfplumber.open(pdf_2018) as pdf:
        pages = [(page, pdfgrid.body_rows(page, body)[0]) for page in pdf.pages]
    for number, ((page, rows), (_, next_rows)) in enumerate(zip(pages, pages[1:]), start=1):
        assert len(rows) <= 22, f"page {number}"
        other = [c for c in page.chars if c["text"].strip() and abs(c["size"] - body) >= 0.6 and c["top"] < 262 * MM]
        if other or len(rows) >= 21:
            continue  # the title or a table shares the page, or a full page (21: widow control)
        following = [squash("".join(c["text"] for c in row)) for row in next_rows]
        carried = any(following[0].startswith(h) for h in headings) or issuer in following
        assert carried, f"page {number} holds only body text but has {len(rows)} lines"


def test_28_characters_on_full_lines(measured: dict):
    histogram = {int(k): v for k, v in measured["chars_per_full_line"].items()}
    assert max(histogram, key=histogram.get) == 28
    assert max(histogram) == 28  # no compressed punctuation squeezing in a 29th
    assert measured["ragged_lines"] == []
    assert measured["bad_line_starts"] == [] and measured["bad_line_ends"] == []


def test_page_numbers_alternate_sides_under_the_block(measured: dict):
    numbers = measured["page_numbers"]
    assert [n["page"] for n in numbers] == list(range(1, measured["pages"] + 1))
    char_mm = 16 / MM
    for entry in numbers:
        assert entry["text"] == f"—{entry['page']}—"
        assert entry["size"] == 14.0
        assert abs(entry["top_mm"] - (262 + 7)) <= 1.5
        if entry["page"] % 2:
            assert abs(entry["x1_mm"] - (184 - char_mm)) <= 1
        else:
            assert abs(entry["x0_mm"] - (28 + char_mm)) <= 1


def test_seed_text_in_order(pdf_2018: Path):
    """Every line of the seed, in order, in LibreOffice's text (the table, not in the seed, is skipped over;
    page numbers are dropped; whitespace is ignored)."""
    import pdfplumber

    with pdfplumber.open(pdf_2018) as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    text = squash("".join(line for line in lines if not PAGE_NUMBER.match(line.replace(" ", ""))))
    position = 0
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = squash(line)
        if line:
            found = text.find(line, position)
            assert found >= 0, f"seed line missing or out of order in LibreOffice's rendering: {line[:30]}…"
            position = found + len(line)


def test_style_separator_keeps_the_grid_in_libreoffice(soffice: str, pdfgrid: ModuleType,
                                                         tmp_path_factory: pytest.TempPathFactory):  # fmt: skip
    """``[word] style_separator = true``: LibreOffice 7.x does not join a paragraph whose mark is hidden
    (w:specVanish) to the next, so the point's heading words stand on a line of their own there; the page is still
    sound: every line on the grid, 28 to a full line, no line-breaking violation, the seed text in order."""
    import pdfplumber

    from annualreport.style import WordLook

    folder = tmp_path_factory.mktemp("docx_separator")
    style = load_style().model_copy(update={"word": WordLook(style_separator=True)})
    source = folder / "2018.docx"
    render_docx(ar.build(EXAMPLE_2018, style), source)
    command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
               "--outdir", str(folder), str(source)]  # fmt: skip
    env = {**os.environ, "FONTCONFIG_FILE": str(stand_in_fonts(folder))}
    subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    pdf = folder / "2018.pdf"
    assert pdf.is_file()
    measured = pdfgrid.measure(str(pdf))
    assert abs(measured["line_pitch_pt"] - 225 * MM / 22) < 0.2
    histogram = {int(k): v for k, v in measured["chars_per_full_line"].items()}
    assert max(histogram, key=histogram.get) == 28 and max(histogram) == 28
    assert measured["ragged_lines"] == [] and measured["bad_line_starts"] == [] and measured["bad_line_ends"] == []
    with pdfplumber.open(pdf) as opened:
        lines = [line for page in opened.pages for line in (page.extract_text() or "").splitlines()]
    text = squash("".join(line for line in lines if not PAGE_NUMBER.match(line.replace(" ", ""))))
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=120).stdout
    if re.search(r"LibreOffice [4-7]\.", version):  # the heading words alone on their line: 7.x's reading
        assert "1.完善机构，确保成效。" in [line.replace(" ", "") for line in lines]
    position = 0
    for line in filter(None, map(squash, SEED.read_text(encoding="utf-8").splitlines())):
        found = text.find(line, position)
        assert found >= 0, line[:30]
        position = found + len(line)
