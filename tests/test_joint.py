"""联合行文 (GB/T 9704 7.3.5.1 sealed, 7.3.5.2 unsealed), a heading's second line, joint organs in the 版头, and
the .docx 版记 in LibreOffice: the model's checks, the build's millimetres, and where our PDF and LibreOffice's
rendering of the .docx put them (pdfplumber). The seals are circles the tests draw."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest
from PIL import Image, ImageDraw

import annualreport as ar
from annualreport import document as doc
from annualreport.errors import InputError
from annualreport.messages import using_language
from annualreport.style import MM, load_style

from .conftest import REPO, libreoffice_pdf_with_blank_pages

PT_MM = 25.4 / 72
LEFT_MM, TOP_MM, BLOCK_W_MM = 28, 37, 156
CHAR_MM = BLOCK_W_MM / 28
PITCH_MM = 225 / 22
NAMES = ["大沁他拉镇人民政府", "中共大沁他拉镇委员会", "大沁他拉镇人民代表大会主席团"]
DATE_TEXT = "2019年1月15日"
PARAGRAPH = "全镇上下围绕年初确定的目标任务，攻坚克难，真抓实干，各项工作取得了新的成效。"


def circle_png(colour: tuple[int, int, int] = (230, 0, 18)) -> bytes:
    image = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, 235, 235), outline=(*colour, 255), width=10)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def folder_with(tmp_path: Path, issuers: str, *, paragraphs: int = 3, extra: str = "") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name in ("a.png", "b.png", "c.png"):
        (tmp_path / name).write_bytes(circle_png())
    text = f"title: 报告\nyear: 2018\ndate: 2019-01-15\n{extra}{issuers}content:\n"
    text += "".join(f"  - {PARAGRAPH}\n" for _ in range(paragraphs))
    (tmp_path / "report.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def sealed_issuers(count: int) -> str:
    return "issuers:\n" + "".join(f"  - {{name: {NAMES[i]}, seal: {'abc'[i]}.png}}\n" for i in range(count))


def problems(folder: Path) -> list[str]:
    with using_language("en"), pytest.raises(InputError) as caught:
        ar.load(folder)
    return [str(p) for p in caught.value.problems]


# --------------------------------------------------------------------------- input


@pytest.mark.parametrize(
    ("issuers", "extra", "where", "says"),
    [
        ("issuers: [甲镇人民政府, 乙镇人民政府]\n", "issuer: 甲镇人民政府\n", ":5:1: issuers: ", "not both"),
        ("issuers: [甲镇人民政府, 乙镇人民政府]\n", "seal: a.png\n", ":4:1: seal: ", "each seal goes with its organ"),
        ("issuers:\n  - {name: 甲镇人民政府, seal: a.png}\n  - 乙镇人民政府\n", "", ":4:1: issuers: ",
         "1 of 2 have a seal, number 2 (乙镇人民政府) has none"),
        ("issuers:\n  - {seal: a.png}\n  - 乙镇人民政府\n", "", ":5:5: issuers.0.name: ", "required"),
        ("issuers:\n  - {name: 甲镇人民政府, seal: nope.png}\n  - {name: 乙, seal: a.png}\n", "",
         ":5:20: issuers.0.seal: ", "seal file 'nope.png' does not exist"),
        ("issuers: [甲镇人民政府, \"  \"]\n", "", ":4:19: issuers.1", "must not be empty"),
        ("issuers: [" + ", ".join(["某镇"] * 13) + "]\n", "", ":4:1: issuers: ", "at most 12"),
    ],
    ids=["with-issuer", "with-seal", "seals-on-some", "seal-without-issuer", "missing-seal", "blank-name", "too-many"],
)
def test_bad_issuers_are_one_located_message(tmp_path: Path, issuers: str, extra: str, where: str, says: str):
    folder = folder_with(tmp_path, issuers, extra=extra)
    [message] = problems(folder)
    assert where in message and says in message, message


def test_a_bad_seal_of_an_issuer_writes_nothing(tmp_path: Path):
    folder = folder_with(tmp_path / "r", sealed_issuers(2))
    (folder / "b.png").write_bytes(b"GIF89a")
    out = tmp_path / "out"
    result = subprocess.run([str(REPO / ".venv/bin/annualreport"), "render", str(folder), "-o", str(out), "--lang", "en"],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "issuers.1.seal: seal file 'b.png': not a PNG image" in result.stderr
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(
    ("section", "says"),
    [("  - subtitle: ——回顾\n    content: [正文。]\n", "stands under its heading"),
     ("  - title: 回顾\n    subtitle: \"  \"\n", "must not be blank")],
)
def test_bad_heading_second_line(tmp_path: Path, section: str, says: str):
    (tmp_path / "report.yaml").write_text("title: 报告\nyear: 2018\nsections:\n" + section, encoding="utf-8")
    [message] = problems(tmp_path)
    assert "sections.0.subtitle" in message and says in message, message


def test_one_listed_issuer_is_the_single_signature(tmp_path: Path):
    document = ar.build(folder_with(tmp_path, "issuers: [{name: 大沁他拉镇人民政府, seal: a.png}]\n"))
    [signature] = [n for n in document.nodes if isinstance(n, doc.Signature)]
    assert signature.issuer == "大沁他拉镇人民政府" and signature.seal is not None
    assert not [n for n in document.nodes if isinstance(n, doc.JointSignature)]


# --------------------------------------------------------------------------- build


def test_unsealed_joint_issuers_are_stacked_host_first():
    """7.3.5.2: 先编排主办机关署名，其余发文机关署名依次向下编排 — each flush right two characters in, the date
    starting two characters right of the widest name's first character."""
    document = ar.build(REPO / "tests" / "fixtures" / "joint")
    [joint] = [n for n in document.nodes if isinstance(n, doc.JointSignature)]
    assert joint.names == ("大沁他拉镇人民政府", "中共大沁他拉镇委员会", "大沁他拉镇人民代表大会主席团") and not joint.seals
    assert [len(line) for line in joint.lines] == [1, 1, 1, 1]
    assert all(line[0].right_chars == 2 for line in joint.lines[:3])
    date = joint.lines[3][0]
    assert date.text == "2021年1月15日" and date.right_chars + date.width_chars == pytest.approx(2 + 14 - 2)
    assert document.metadata.author == "大沁他拉镇人民政府、中共大沁他拉镇委员会、大沁他拉镇人民代表大会主席团"
    [blank] = [n for n in document.nodes if isinstance(n, doc.BlankLine)]
    assert blank.count == 1


@pytest.mark.parametrize("count", [2, 3])
def test_sealed_joint_placement_in_millimetres(tmp_path: Path, count: int):
    """7.3.5.1: a seal per name, centred on it; the last on the last name and the date (4 characters in); seals
    apart, inside the block; the first row's top within one line of the text."""
    style = load_style("gbt9704")
    document = ar.build(folder_with(tmp_path, sealed_issuers(count)))
    [joint] = [n for n in document.nodes if isinstance(n, doc.JointSignature)]
    blank = document.nodes[document.nodes.index(joint) - 1]
    assert isinstance(blank, doc.BlankLine)
    names = [(index, p) for index, line in enumerate(joint.lines) for p in line if p.role == "signature"]
    assert [p.text for _, p in names] == NAMES[:count] and len(joint.seals) == count
    for (line, name), (anchor, seal) in zip(names, joint.seals):
        assert anchor == line
        assert (name.right_chars + name.width_chars / 2) * CHAR_MM == pytest.approx(seal.centre_right_mm, abs=0.6)
        assert seal.size_mm / 2 <= seal.centre_right_mm <= BLOCK_W_MM - seal.size_mm / 2  # inside the block
    date = joint.lines[-1][0]
    assert date.role == "date" and date.right_chars == 4
    assert (4 + date.width_chars / 2) * CHAR_MM == pytest.approx(joint.seals[-1][1].centre_right_mm, abs=0.01)
    centres = [(seal.centre_right_mm, anchor * PITCH_MM + seal.centre_down_mm) for anchor, seal in joint.seals]
    for i, (x1, y1) in enumerate(centres):
        for x2, y2 in centres[i + 1 :]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 > 42  # 互不相交或相切
    first_top = blank.count * PITCH_MM + joint.seals[0][1].centre_down_mm - 21
    assert 0 <= first_top < PITCH_MM
    assert doc.seal_blank_lines(42, style) == blank.count


def test_many_issuers_fill_rows_of_what_fits():
    style = load_style("gbt9704")
    names = ["甲镇人民政府", "乙镇人民政府", "丙镇人民政府", "丁镇人民政府", "戊镇人民政府"]
    joint = doc.build_joint_signature(names, DATE_TEXT, style, pngs=[b"x"] * 5, size_mm=42)
    rows = [[p.text for p in line] for line in joint.lines if line and line[0].role == "signature"]
    assert rows == [names[:3], names[3:]]  # three 42 mm seals to a row, the last row in the right-hand columns
    short = ["甲镇", "乙镇", "丙镇", "丁镇", "戊镇"]
    small = doc.build_joint_signature(short, DATE_TEXT, style, pngs=[b"x"] * 5, size_mm=20)
    assert len([line for line in small.lines if line and line[0].role == "signature"]) == 1  # five 20 mm seals fit
    wide = doc.build_joint_signature(names, DATE_TEXT, style, pngs=[b"x"] * 5, size_mm=20)
    assert len([line for line in wide.lines if line and line[0].role == "signature"]) == 2  # the names need room


LONG = "内蒙古自治区通辽市奈曼旗大沁他拉镇人民政府办公室综合协调服务中心"  # 32 characters: more than a line


def test_a_joint_name_too_long_for_its_line_is_broken_as_one_issuers_name(tmp_path: Path, chinese_fonts: None):
    """Unsealed: a name wider than the room a single issuer has (26 characters) takes two lines, each flush right
    two characters in; the date starts two characters right of the widest line; ``names`` joins the pieces. In
    the PDF every character stays inside the block (it ran 6 characters into the left margin)."""
    folder = folder_with(tmp_path, f"issuers: [{LONG}, {NAMES[1]}]\n", paragraphs=1)
    document = ar.build(folder)
    [joint] = [n for n in document.nodes if isinstance(n, doc.JointSignature)]
    assert joint.names == (LONG, NAMES[1])
    pieces = [line[0] for line in joint.lines]
    assert [p.issuer for p in pieces] == [0, 0, 1, None]
    assert "".join(p.text for p in pieces[:2]) == LONG and all(p.width_chars <= 26 for p in pieces[:2])
    assert all(p.right_chars == 2 for p in pieces[:3])
    widest = max(p.width_chars for p in pieces[:3])
    assert pieces[3].right_chars + pieces[3].width_chars == pytest.approx(2 + widest - 2)
    with pdfplumber.open(io.BytesIO(ar.render_pdf(folder))) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"] in LONG]
        assert min(c["x0"] for c in chars) * PT_MM >= LEFT_MM - 0.1
        assert max(c["x1"] for c in chars) * PT_MM <= LEFT_MM + BLOCK_W_MM - 2 * CHAR_MM + 0.3


def test_a_sealed_joint_name_too_long_for_the_line_is_broken_under_its_seal(tmp_path: Path):
    """Sealed: the long name's two lines stand under one another in its column, its seal anchored to the first;
    the date comes after the second; the rows stay far enough apart for the seals."""
    folder = folder_with(tmp_path, f"issuers:\n  - {{name: {NAMES[1]}, seal: a.png}}\n  - {{name: {LONG}, seal: b.png}}\n")
    [joint] = [n for n in ar.build(folder).nodes if isinstance(n, doc.JointSignature)]
    assert joint.names == (NAMES[1], LONG)
    rows = [(index, line) for index, line in enumerate(joint.lines) if line]
    (first, [host]), (second, [head]), (third, [tail]), (fourth, [date]) = rows
    assert (host.issuer, head.issuer, tail.issuer, date.role) == (0, 1, 1, "date")
    assert head.text + tail.text == LONG and (third, fourth) == (second + 1, second + 2)
    assert [anchor for anchor, _ in joint.seals] == [first, second]
    for piece in (head, tail):  # inside the line, centred on the seal as far as the line allows
        assert 0 <= piece.right_chars and piece.right_chars + piece.width_chars <= 28
        centre = (piece.right_chars + piece.width_chars / 2) * CHAR_MM
        assert abs(centre - joint.seals[1][1].centre_right_mm) < piece.width_chars * CHAR_MM / 2
    assert (second - first) * PITCH_MM >= 42 + 2  # the seals 2 mm apart at least (build.SEAL_GAP_MM)


# --------------------------------------------------------------------------- PDF and LibreOffice


def _chars_by_line(page) -> dict[int, list[dict]]:
    lines: dict[int, list[dict]] = {}
    for c in page.chars:
        if c["text"].strip():
            lines.setdefault(round(c["bottom"]), []).append(c)
    return lines


def _boxes(pdf_path: Path, names: list[str]) -> dict:
    """The signature page: each name's and the date's box and the images' boxes, in millimetres."""
    with pdfplumber.open(pdf_path) as pdf:
        page = next(p for p in pdf.pages if p.images)
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=4)
        found: dict = {"images": [{k: im[k] * PT_MM for k in ("x0", "x1", "top", "bottom")} for im in page.images]}
        for text in [*names, DATE_TEXT]:
            chars = next(cs for cs in _split_runs(page) if "".join(c["text"] for c in cs).replace(" ", "") == text)
            found[text] = {"x0": min(c["x0"] for c in chars) * PT_MM, "x1": max(c["x1"] for c in chars) * PT_MM,
                           "top": min(c["top"] for c in chars) * PT_MM, "bottom": max(c["bottom"] for c in chars) * PT_MM}
        above = [c["bottom"] * PT_MM for c in page.chars if c["text"] == "。"]
        found["text_bottom"] = max(above) if above else None
        del words
        return found


def _split_runs(page) -> list[list[dict]]:
    """Characters of each line cut where the gap between two is wider than two characters."""
    runs = []
    for chars in _chars_by_line(page).values():
        chars = sorted(chars, key=lambda c: c["x0"])
        current = [chars[0]]
        for previous, char in zip(chars, chars[1:]):
            if char["x0"] - previous["x1"] > 2 * 16:
                runs.append(current)
                current = []
            current.append(char)
        runs.append(current)
    return runs


def _centre(box: dict) -> tuple[float, float]:
    return (box["x0"] + box["x1"]) / 2, (box["top"] + box["bottom"]) / 2


def _check_joint(found: dict, names: list[str], *, as_drawn: bool = True) -> None:
    images = sorted(found["images"], key=lambda b: (round(b["top"]), b["x0"]))
    assert len(images) == len(names)
    by_position = sorted(names, key=lambda n: (round(found[n]["top"]), found[n]["x0"]))
    for image, name in zip(images, by_position):
        assert image["x1"] - image["x0"] == pytest.approx(42, abs=0.1)
        seal_x, seal_y = _centre(image)
        name_x, name_y = _centre(found[name])
        assert abs(seal_y - name_y) < 1, name  # 居中下压署名
        if as_drawn:
            assert abs(seal_x - name_x) < 1, name
        assert LEFT_MM - 0.1 <= image["x0"] and image["x1"] <= LEFT_MM + BLOCK_W_MM + 0.1  # inside the block
    last = images[-1]
    date_x, date_y = _centre(found[DATE_TEXT])
    if as_drawn:
        assert abs(_centre(last)[0] - date_x) < 1  # the last seal on the date too
    assert _centre(last)[1] < date_y < last["bottom"]
    for i, a in enumerate(images):
        for b in images[i + 1 :]:
            distance = ((_centre(a)[0] - _centre(b)[0]) ** 2 + (_centre(a)[1] - _centre(b)[1]) ** 2) ** 0.5
            assert distance > 42  # apart, not touching
    assert 0 < min(image["top"] for image in images) - found["text_bottom"] < PITCH_MM  # 首排印章上距正文一行之内


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, chinese_fonts: None) -> Path:
    folder = folder_with(tmp_path_factory.mktemp("joint") / "r", sealed_issuers(3), paragraphs=2)
    document = ar.measured(ar.build(folder))
    ar.render_pdf(document, folder / "r.pdf")
    ar.render_docx(document, folder / "r.docx")
    return folder


def test_pdf_draws_each_seal_on_its_issuer(rendered: Path):
    _check_joint(_boxes(rendered / "r.pdf", NAMES), NAMES)


def test_docx_seals_float_behind_the_text_anchored_to_their_lines(rendered: Path):
    word = docx.Document(str(rendered / "r.docx"))
    anchors = word.element.body.xpath(".//wp:anchor")
    assert len(anchors) == 3 and all(a.get("behindDoc") == "1" for a in anchors)
    texts = []
    for anchor in anchors:
        paragraph = anchor
        while paragraph.tag != docx.oxml.ns.qn("w:p"):
            paragraph = paragraph.getparent()
        texts.append("".join(paragraph.xpath(".//w:t/text()")))
    assert texts == [NAMES[0] + NAMES[1], NAMES[0] + NAMES[1], NAMES[2]]


def test_libreoffice_draws_the_joint_signature_as_the_pdf(rendered: Path, soffice: str, tmp_path: Path):
    command = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
               "pdf", "--outdir", str(tmp_path), str(rendered / "r.docx")]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert (tmp_path / "r.pdf").is_file(), result.stdout + result.stderr
    office, ours = _boxes(tmp_path / "r.pdf", NAMES), _boxes(rendered / "r.pdf", NAMES)
    # without the PDF's faces LibreOffice draws names and digits a little wider or narrower, from the same right end
    _check_joint(office, NAMES, as_drawn=False)
    for name in NAMES:
        # each name ends where the PDF has it: within 1 mm but for the first of a line of two, which LibreOffice 7.4
        # sets 1.3 mm left of its right tab stop (measured; Word not checked here)
        assert abs(office[name]["x1"] - ours[name]["x1"]) < (2 if name == NAMES[0] else 1), name
    for a, b in zip(sorted(office["images"], key=lambda i: (round(i["top"]), i["x0"])),
                    sorted(ours["images"], key=lambda i: (round(i["top"]), i["x0"]))):  # fmt: skip
        assert abs(a["x0"] - b["x0"]) < 1


def test_heading_second_line_in_both_formats(tmp_path: Path, chinese_fonts: None):
    """The second line on its own line in 楷体 under the heading, on the grid; never parted from the heading or the
    first line after it, wherever the page ends (PDF); keep-with-next on both in the .docx."""
    body = "全镇上下认真贯彻落实上级各项决策部署，统筹推进各项工作。"
    for before in range(17, 23):  # one-line paragraphs: the heading moves to the page's last lines
        text = "title: 报告\nyear: 2018\ncontent:\n" + f"  - {body}\n" * before
        text += "sections:\n  - title: 2020年工作回顾\n    subtitle: ——2020年及“十三五”工作回顾\n    content:\n"
        text += f"      - {body}\n" * 3
        (tmp_path / "report.yaml").write_text(text, encoding="utf-8")
        with pdfplumber.open(io.BytesIO(ar.render_pdf(ar.load(tmp_path)))) as pdf:
            for page in pdf.pages:
                shown = ["".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"]))
                         for _, cs in sorted(_chars_by_line(page).items())]  # fmt: skip
                if "一、2020年工作回顾" in shown:
                    at = shown.index("一、2020年工作回顾")
                    assert shown[at + 1] == "——2020年及“十三五”工作回顾", (before, shown)
                    assert shown[at + 2].startswith(body[:20]), (before, shown)  # the first line after it, same page
                    lines = [sorted(cs, key=lambda c: c["x0"]) for _, cs in sorted(_chars_by_line(page).items())]
                    heading, second = lines[at][0], lines[at + 1][0]
                    assert heading["text"] == "一" and second["text"] == "—"
                    kai = next(c for c in lines[at + 1] if c["text"] == "十")
                    assert "Kai" in kai["fontname"] and "Kai" not in lines[at][2]["fontname"]  # 楷体 under 黑体
                    assert abs((second["top"] - heading["top"]) * PT_MM - PITCH_MM) < 0.5  # the next grid line
                    assert abs(second["x0"] - heading["x0"]) * PT_MM < 0.5  # indented as the heading
    word = docx.Document(io.BytesIO(ar.render_docx(ar.load(tmp_path))))
    paragraphs = word.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == "一、2020年工作回顾")
    heading, second = paragraphs[at], paragraphs[at + 1]
    assert second.text.replace("\u2060", "") == "——2020年及“十三五”工作回顾"  # 2-em dash joined (no break inside)
    assert heading.paragraph_format.keep_with_next and second.paragraph_format.keep_with_next
    assert second.style.name in ("标题第二行", "Heading Subtitle")


# --------------------------------------------------------------------------- joint organs in the 版头


@pytest.mark.parametrize("layout", ["stacked", "side_by_side"])
@pytest.mark.parametrize("count", [2, 3])
def test_joint_organs_in_the_letterhead(tmp_path: Path, layout: str, count: int, chinese_fonts: None):
    """Two or three organs in red, stacked (文件 right of them, centred on them) or side by side (文件 after them),
    shrunk to the block's width, centred on it, the mark's top 35 mm below the block's top."""
    organs = ["大沁他拉镇人民政府", "中共大沁他拉镇委员会", "大沁他拉镇人民代表大会主席团"][:count]
    text = f"title: 报告\nyear: 2018\ndate: 2019-01-15\nheader:\n  organs: [{', '.join(organs)}]\n  suffix: 文件\n"
    text += f"  joint_layout: {layout}\n  document_number: 奈大政发3号\ncontent: [正文。]\n"
    (tmp_path / "report.yaml").write_text(text, encoding="utf-8")
    with pdfplumber.open(io.BytesIO(ar.render_pdf(ar.load(tmp_path)))) as pdf:
        page = pdf.pages[0]
        red = [c for c in page.chars if tuple(round(v, 2) for v in c["non_stroking_color"] or ()) == (1, 0, 0)]
    left, right = min(c["x0"] for c in red) * PT_MM, max(c["x1"] for c in red) * PT_MM
    assert left >= LEFT_MM - 0.1 and right <= LEFT_MM + BLOCK_W_MM + 0.1  # within the block
    assert abs((left + right) / 2 - (LEFT_MM + BLOCK_W_MM / 2)) < 1  # centred on it
    assert abs(min(c["top"] for c in red) * PT_MM - (TOP_MM + 35)) < 1.0
    rows: dict[int, list[dict]] = {}
    for c in red:
        rows.setdefault(round(c["top"]), []).append(c)
    suffix = [c for c in red if c["text"] in "文件"][-2:]
    names = [c for c in red if c not in suffix]
    if layout == "stacked":
        lines = sorted({round(c["top"]) for c in names})
        assert len(lines) == count
        texts = ["".join(c["text"] for c in sorted(rows[top], key=lambda c: c["x0"]) if c not in suffix) for top in lines]
        assert texts == organs
        assert min(c["x0"] for c in suffix) > max(c["x1"] for c in names)  # 文件 right of the names
        names_middle = (min(c["top"] for c in names) + max(c["bottom"] for c in names)) / 2
        suffix_middle = (min(c["top"] for c in suffix) + max(c["bottom"] for c in suffix)) / 2
        assert abs(names_middle - suffix_middle) * PT_MM < 1  # centred on them
    else:
        assert len({round(c["top"]) for c in red}) == 1  # one line
        assert "".join(c["text"] for c in sorted(red, key=lambda c: c["x0"])).replace(" ", "").replace("\u3000", "") == "".join(organs) + "文件"
    size = max(c["size"] for c in red)
    assert size <= 36 + 0.01  # the role's largest size, smaller when the names need it
    if layout == "side_by_side":
        assert size < 36  # three or two long names on one line: shrunk to the width


# --------------------------------------------------------------------------- the .docx 版记 in LibreOffice


def test_libreoffice_puts_the_example_imprint_at_the_foot_of_an_even_last_page(tmp_path: Path, soffice: str):
    """examples/2018-gongwen's .docx in LibreOffice: the 版记 on the last page, which is even, its last rule on the
    block's bottom edge, as in our PDF (page 8 of 8), any blank page LibreOffice would insert counted."""
    source = tmp_path / "2018-gongwen.docx"
    ar.render_docx(ar.build(REPO / "examples" / "2018-gongwen"), source)
    with pdfplumber.open(libreoffice_pdf_with_blank_pages(soffice, source, tmp_path)) as pdf:
        pages = pdf.pages
        holding = [p.page_number for p in pages if "印发" in (p.extract_text() or "")]
        assert holding == [len(pages)] and len(pages) % 2 == 0
        assert len(pages) == len(ar.pages(ar.build(REPO / "examples" / "2018-gongwen")).pages)
        rules = sorted((ln for ln in pages[-1].lines if ln["top"] * PT_MM > 200), key=lambda ln: ln["top"])
        assert abs(rules[-1]["top"] * PT_MM - (297 - 35)) < 1.0


# --------------------------------------------------------------------------- import


def test_import_reads_a_heading_second_line_back(tmp_path: Path):
    """A “——……” line right under a heading (.txt), or a paragraph in our 标题第二行 style (.docx), is the heading's
    second line; a “——” line after a paragraph is not."""
    source = tmp_path / "r.txt"
    source.write_text("一、2020年工作回顾\n——2020年及“十三五”工作回顾\n全镇上下认真贯彻落实。\n——这一行是正文。\n", encoding="utf-8")
    report = ar.import_report(source)
    [section] = report.sections
    assert section.title == "2020年工作回顾" and section.subtitle == "——2020年及“十三五”工作回顾"
    assert section.content == ["全镇上下认真贯彻落实。", "——这一行是正文。"]
    word = tmp_path / "joint.docx"
    ar.render_docx(ar.build(REPO / "tests" / "fixtures" / "joint"), word)
    imported = ar.import_report(word)
    assert [(s.title, s.subtitle) for s in imported.sections] == [("2020年工作回顾", "——2020年及“十三五”工作回顾"),
                                                                  ("2021年工作安排", None)]  # fmt: skip
    assert imported.sections[0].sections[0].subtitle == "——稳中有进"


def test_import_reads_joint_issuers_back(tmp_path: Path):
    """Our .docx of joint issuers — stacked, a long name in two lines, sealed in rows (names split at the tab of a
    row, the seals kept aside as pictures of the closing) — imports as ``issuers:``, host first; a .txt of
    stacked organ names too. A last body paragraph is never taken for an issuer."""
    cases = {
        "stacked": f"issuers: [{NAMES[0]}, {NAMES[1]}, {NAMES[2]}]\n",
        "long": f"issuers: [{LONG}, {NAMES[1]}]\n",
        "sealed": sealed_issuers(3),
    }
    for name, issuers in cases.items():
        folder = folder_with(tmp_path / name, issuers, paragraphs=2)
        built = ar.build(folder)
        [joint] = [n for n in built.nodes if isinstance(n, doc.JointSignature)]
        word = tmp_path / f"{name}.docx"
        ar.render_docx(built, word)
        imported = ar.import_report(word)
        assert [i.name for i in imported.issuers] == list(joint.names), name
        assert imported.issuer is None and imported.content == [PARAGRAPH, PARAGRAPH], name
        assert imported.date is not None
    text = tmp_path / "r.txt"
    text.write_text(f"报告\n{PARAGRAPH}\n{NAMES[0]}\n{NAMES[1]}\n2019年1月15日\n", encoding="utf-8")
    imported = ar.import_report(text)
    assert [i.name for i in imported.issuers] == NAMES[:2] and imported.content == [PARAGRAPH]
    text.write_text(f"报告\n{PARAGRAPH}\n{NAMES[0]}\n2019年1月15日\n", encoding="utf-8")
    single = ar.import_report(text)
    assert single.issuer == NAMES[0] and single.issuers == [] and single.content == [PARAGRAPH]


def test_import_reads_a_long_single_issuer_back_without_its_line_break(tmp_path: Path):
    """One issuer too long for a line is set in two lines (a Word line break in one paragraph): it comes back as
    the one name it was, the break dropped (it had come back with a "\\n" inside)."""
    folder = folder_with(tmp_path / "single", f"issuer: {LONG}\n", paragraphs=1)
    word = tmp_path / "single.docx"
    ar.render_docx(ar.load(folder), word)
    assert "\n" in docx.Document(str(word)).paragraphs[-2].text  # the issuer's two lines
    imported = ar.import_report(word)
    assert imported.issuer == LONG and imported.issuers == [] and imported.content == [PARAGRAPH]
