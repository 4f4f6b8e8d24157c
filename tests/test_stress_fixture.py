"""The stress fixture (tests/fixtures/stress, issue 9): our PDF on the grid with no line-breaking violation and no
over-stretched line, and how many body lines LibreOffice's rendering of our .docx breaks as the PDF does."""

from __future__ import annotations

import collections
import difflib
import os
import re
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

import annualreport as ar

from .conftest import EXAMPLE_2018, REPO
from .test_docx_libreoffice import stand_in_fonts

STRESS = REPO / "tests" / "fixtures" / "stress"


@pytest.fixture(scope="module")
def stress_pdf(chinese_fonts: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stress") / "stress.pdf"
    with pytest.warns(Warning):  # characters borrowed from other faces, 𡒄 drawn by none (issue 9 point 3)
        ar.render_pdf(ar.build(STRESS), path)
    return path


def rows_with_spaces(pdfgrid: ModuleType, page, body: float) -> list[list[dict]]:
    """pdfgrid's body rows, with the spaces on them (the gap checker needs every drawn character)."""
    rows, _ = pdfgrid.body_rows(page, body)
    keys = {round(cs[0]["bottom"] / 2.5) for cs in rows}
    full: dict[int, list[dict]] = collections.defaultdict(list)
    for c in page.chars:
        if round(c["bottom"] / 2.5) in keys:
            full[round(c["bottom"] / 2.5)].append(c)
    return [sorted(full[k], key=lambda c: c["x0"]) for k in sorted(full)]


def over_stretched(pdfgrid: ModuleType, path: Path) -> list[str]:
    """Body lines where the gap between two neighbouring characters is wider than the natural spacing (the most
    common gap in the document: the grid's tracking) by more than a quarter of the larger character's size."""
    import pdfplumber

    body = pdfgrid.measure(str(path))["body_size_pt"]
    with pdfplumber.open(path) as pdf:
        rows = [(n, cs) for n, page in enumerate(pdf.pages, 1) for cs in rows_with_spaces(pdfgrid, page, body)]
    gaps = collections.Counter(round(b["x0"] - a["x1"], 2) for _, cs in rows for a, b in zip(cs, cs[1:]))
    natural = gaps.most_common(1)[0][0]
    out = []
    for n, cs in rows:
        for a, b in zip(cs, cs[1:]):
            if b["x0"] - a["x1"] - natural > max(a["size"], b["size"]) / 4 + 0.05:
                out.append(f"p{n}: {''.join(c['text'] for c in cs)} ({a['text']}|{b['text']})")
                break
    return out


def test_stress_fixture_on_the_grid_without_violations(stress_pdf: Path, pdfgrid: ModuleType):
    measured = pdfgrid.measure(str(stress_pdf))
    assert measured["pages"] >= 10
    assert measured["bad_line_starts"] == [] and measured["bad_line_ends"] == []
    assert measured["ragged_lines"] == []
    per_page = measured["lines_per_full_page"]  # 22, or 21 where widow control moved a line over
    assert max(per_page, key=per_page.get) in (21, 22) and 22 in per_page
    assert max(int(k) for k in measured["chars_per_full_line"]) == 28


def test_stress_fixture_has_no_over_stretched_line(stress_pdf: Path, pdfgrid: ModuleType):
    assert over_stretched(pdfgrid, stress_pdf) == []


def test_stress_fixture_breaks_inside_urls_numbers_and_words(stress_pdf: Path):
    import pdfplumber

    with pdfplumber.open(stress_pdf) as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    ends = [re.sub(r"\s+", "", line)[-1:] for line in lines if line.strip()]
    assert any(e in "/._-@" for e in ends)  # a URL or e-mail address ends a line after a separator
    assert any(re.search(r"\d{10}$", re.sub(r"\s+", "", line)) for line in lines)  # a 40-digit number cut


def body_lines(pdfgrid: ModuleType, path: Path) -> list[str]:
    import pdfplumber

    body = pdfgrid.measure(str(path))["body_size_pt"]
    with pdfplumber.open(path) as pdf:
        return [re.sub(r"\s+", "", "".join(c["text"] for c in cs)) for page in pdf.pages
                for cs in pdfgrid.body_rows(page, body)[0]]  # fmt: skip


def agreement(pdfgrid: ModuleType, soffice: str, source: Path, folder: Path) -> float:
    """The share of our PDF's body lines that LibreOffice's rendering of our .docx has too, in order (fontconfig
    maps the .docx's font names to the faces the PDF used)."""
    document = ar.build(source)
    ours, docx = folder / "ours.pdf", folder / "report.docx"
    ar.render_pdf(document, ours)
    ar.render_docx(document, docx)
    env = {**os.environ, "FONTCONFIG_FILE": str(stand_in_fonts(folder))}
    command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
               "--outdir", str(folder), str(docx)]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=300, env=env)
    assert (folder / "report.pdf").is_file()
    a, b = body_lines(pdfgrid, ours), body_lines(pdfgrid, folder / "report.pdf")
    same = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return same / len(a)


# Measured on LibreOffice 7.4 (issue 9 asks for 90 %; see docs/docx.md "LibreOffice" for why it is not reached):
# LibreOffice ignores w:autoSpaceDE/DN and puts a fifth of an em between Chinese and digits or Latin letters, and
# it neither compresses nor (correctly) hangs a closing mark at a line end, where the PDF squeezes it in.
FLOORS = {"2018": 0.40, "stress": 0.55}


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name", ["2018", "stress"])
def test_libreoffice_breaks_body_lines_as_the_pdf(name: str, chinese_fonts: None, soffice: str,
                                                   pdfgrid: ModuleType, tmp_path: Path):  # fmt: skip
    source = EXAMPLE_2018 if name == "2018" else STRESS
    assert agreement(pdfgrid, soffice, source, tmp_path) >= FLOORS[name]
