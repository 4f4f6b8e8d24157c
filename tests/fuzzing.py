"""Generated reports for the property tests (test_fuzz.py, ``make fuzz``), and the worker that runs them.

A generated case is a report as data (what ``yaml.safe_load`` would give: dicts, lists, str, int, float,
None) plus the files beside it (a CSV file, a previous year's report), written out as YAML or JSON (JSON
with or without ``\\u`` escapes, so astral characters also come as surrogate pairs and lone surrogates as
``"\\ud800"``), and now and then with its bytes damaged. Most cases are meant to be valid, so that the
renderers see them; every field also gets, sometimes, a value that must be refused: control characters,
surrogates, non-characters, numbers past the limits, spans past the table, sections too deep.

The worker (fuzz_worker.py) is one long-lived subprocess under RLIMIT_AS; :class:`Worker` sends it one
case at a time and kills and restarts it when a case takes longer than the time bound.
"""

from __future__ import annotations

import csv
import io
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from annualreport.formatting import AFTER_NUMBER_QUALIFIERS, AFTER_UNIT_QUALIFIERS, BEFORE_QUALIFIERS

WORKER = Path(__file__).with_name("fuzz_worker.py")


def _png(size: int, colour: tuple[int, int, int, int]) -> bytes:
    """A small PNG drawn here (the project ships no seal and no photo): a filled circle on transparency."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((2, 2, size - 3, size - 3), outline=colour, width=max(1, size // 16))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


PICTURES = {"figure.png": _png(48, (40, 60, 90, 255)), "seal.png": _png(64, (200, 0, 0, 255)),
            "seal2.png": _png(64, (190, 10, 10, 255)), "not-a-picture.png": b"GIF89a but not really"}
"""Written beside every generated report: what its figure:, seal: and issuers: name (mostly)."""
IMAGE_NAMES = ("figure.png", "seal.png", "seal2.png")
BAD_IMAGE_NAMES = ("not-a-picture.png", "missing.png", "../figure.png", "/etc/passwd", "report.yaml", "")

MEMORY = int(os.environ.get("ANNUALREPORT_FUZZ_MEMORY_MB", "1536")) * 1024 * 1024
"""Address space of the worker (RLIMIT_AS): Python, ReportLab, the memory-mapped CJK fonts (~300 MB of
address space) and one report. A report that needs more fails its example with MemoryError."""

TIMEOUT = float(os.environ.get("ANNUALREPORT_FUZZ_TIMEOUT", "30"))
"""Seconds one case may take in the worker (load, build, .docx, .pdf); past it the case fails as a hang.
Generous: cases take 0.01–2 s here, and the machine is shared."""

# --------------------------------------------------------------------------- text

HANZI = (
    "大沁他拉镇年度工作总结全力打造四大主导产业基地和一个核心示范区养殖小区发展专业村棚舍窖池牛羊存栏畜禽"
    "重大疫病免疫率设施农业总面积裸地蔬菜种植经济林精品小果园技能培训劳务输出人均增收蒙中药材产业结构调整"
    "精准扶贫脱贫稳步实施建档立卡贫困户口普惠金融贷款覆盖率社会保障兜底〇一二三四五六七八九十百千万亿"
)
PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉【】—…·「」『』〔〕～％　,.;:?!()[]-/%"
ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
HOSTILE = (
    "\x00\x01\x08\x0b\x0c\r\x1b\x7f\x85\x9f"  # controls (tab and line feed are allowed)
    "\ud800\udbff\udc00\udfff"  # lone surrogates
    "\ufffe\uffff\ufdd0\ufdef\U0001fffe\U0010ffff"  # non-characters
)
ODD = (
    "\t\n\u00ad\u200b\u200c\u200d\u2028\u2029\u202e\u2066\u2069\ufeff\u0301\u0308\u3000\u00a0\ufe0f"
    "\ue000\uf8ff\U000f0000"  # soft hyphen, zero widths, separators, bidi, BOM, combining, private use
)

_common = st.sampled_from(HANZI + PUNCTUATION + ASCII)
_any_unicode = st.characters(exclude_categories=("Cs", "Cc", "Cn", "Co"), exclude_characters="{}")  # every assigned printing character
# (braces are reference syntax: references() writes them, right and wrong)
_astral = st.one_of(
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # CJK Extension B (𠮷 U+20BB7, 𡒄 U+21484)
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
    st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF, exclude_categories=("Cs",)),
)
_odd = st.sampled_from(ODD)
_hostile = st.one_of(st.sampled_from(HOSTILE), st.characters(categories=("Cc", "Cs")))

CLEAN_CHAR = st.one_of(_common, _common, _common, _common, _common, _common, _any_unicode, _astral, _odd)
"""Characters of text meant to be valid: mostly 汉字, punctuation and ASCII; any assigned character of
Unicode, astral ones (Extension B, emoji) and odd ones (zero widths, bidi controls, combining marks)."""

ANY_CHAR = st.one_of(CLEAN_CHAR, CLEAN_CHAR, CLEAN_CHAR, _hostile)


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any], odds: int = 15) -> st.SearchStrategy[Any]:
    """``good``, and one time in about ``odds + 1`` ``bad`` (a value meant to be refused, or odd)."""
    return st.integers(0, odds).flatmap(lambda i: bad if i == odds else good)  # one_of would be 50:50


def _repeat(piece: str, times: int) -> str:
    return piece * times


@st.composite
def texts(draw: st.DrawFn, max_size: int = 24, long: bool = True, hostile: int = 400) -> str:
    """Text: mostly short; sometimes long (a piece repeated: hundreds or thousands of characters, unbroken
    runs of digits or Latin included); one time in ``hostile`` with characters that must be refused."""
    alphabet = ANY_CHAR if draw(st.integers(0, hostile - 1)) == hostile - 1 else CLEAN_CHAR
    kind = draw(st.integers(0, 19)) if long else 0
    if kind == 19:  # long: up to ~6,000 characters
        piece = draw(st.text(alphabet, min_size=1, max_size=12))
        return _repeat(piece, draw(st.integers(1, 6000 // len(piece))))
    if kind == 18:  # an unbroken token: digits or letters, no break opportunity
        piece = draw(st.sampled_from(["1234567890", "abcdefghij", "一二三四五", "𠮷𡒄😀"]))
        return _repeat(piece, draw(st.integers(1, 400)))
    return draw(st.text(alphabet, max_size=max_size))


def short_texts(max_size: int = 20) -> st.SearchStrategy[str]:
    """Text of a title, heading, label or caption: short, now and then long (past title_chars)."""
    return mostly(texts(max_size, long=False), texts(max_size), odds=30)


def _nonblank(value: str) -> str:
    return value if value.strip() else "标题" + value


# --------------------------------------------------------------------------- indicators

KEYS = ["k0", "k1", "gdp", "农田", "养殖_2", "x"]
QUALIFIERS = list(BEFORE_QUALIFIERS + AFTER_NUMBER_QUALIFIERS + AFTER_UNIT_QUALIFIERS)
UNITS = ["", "%", "万元", "亩", "万头（只）", "亿元", "人次", "个百分点", "万亿元", "㎡"]

numbers = mostly(
    st.one_of(
        st.none(),
        st.integers(-(10**6), 10**6),
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda f: round(f, 3) if abs(f) > 1e-3 else 0.0),
        st.decimals(min_value=-(10**9), max_value=10**9, places=4).map(str),  # "8.5000": zeros kept
    ),
    st.one_of(
        st.integers(-(10**20), 10**20),
        st.floats(),  # huge, tiny, nan and ±inf: YAML .nan/.inf, JSON NaN/Infinity
        st.decimals(allow_nan=False, allow_infinity=False).map(str),  # "1E+20", "-0.000"
        st.sampled_from(["8.50", "0", "-0", "1e30", "1e-999999999", "1E+20", "9" * 19, "12345678901234.5678",
                         "20万", "约300", "NaN", "Infinity", "", " 7 ", "٣", "1_000"]),
        st.booleans(),
    ),
    odds=8,
)  # fmt: skip
"""Indicator numbers: none, ordinary, huge, tiny, written as text (with their zeros), and wrong."""


@st.composite
def indicators(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(mostly(st.sampled_from(KEYS), texts(8, long=False), odds=30), max_size=6, unique=True))
    catalogue: dict[str, Any] = {}
    for key in keys:
        entry: dict[str, Any] = {"label": draw(short_texts(12))}
        for name, strategy in (
            ("value", numbers),
            ("unit", mostly(st.sampled_from(UNITS), texts(6, long=False), odds=8)),
            ("qualifier", mostly(st.sampled_from(QUALIFIERS), texts(3, long=False))),
            ("previous", numbers),
            ("target", numbers),
            ("display", mostly(st.sampled_from(["plain", "compact", "percent"]), st.just("other"))),
            ("places", mostly(st.integers(0, 12), st.integers(-2, 20))),
            ("grouping", st.booleans()),
        ):
            if draw(st.integers(0, 2)) == 2 if name not in ("value", "unit") else draw(st.booleans()):
                entry[name] = draw(strategy)
        catalogue[key] = entry
    return catalogue


def references(keys: list[str]) -> st.SearchStrategy[str]:
    """``{key}`` and ``{key.attribute}`` of the report's indicators, and some that are wrong."""
    attribute = mostly(st.sampled_from(["", ".previous", ".target", ".change", ".growth", ".completion"]), st.just(".nope"), 40)
    braces = st.sampled_from(["{{", "}}", "{{}}"])  # literal braces
    wrong = st.sampled_from(["{", "}", "{}", "{nokey}", "{1x}"])
    if not keys:
        return mostly(braces, wrong, 40)
    return mostly(st.one_of(st.builds(lambda k, a: "{" + k + a + "}", st.sampled_from(keys), attribute), braces), wrong, 40)


@st.composite
def paragraph_text(draw: st.DrawFn, keys: list[str]) -> str:
    parts = draw(st.lists(st.one_of(texts(40), texts(40), texts(40), references(keys)), min_size=1, max_size=4))
    return "".join(parts)


# --------------------------------------------------------------------------- tables

ALIGN = mostly(st.sampled_from(["left", "center", "right"]), st.just("justify"), 40)


@st.composite
def cells(draw: st.DrawFn) -> Any:
    kind = draw(st.integers(0, 5))
    if kind <= 2:
        return draw(texts(16))
    if kind == 3:
        return draw(st.one_of(st.integers(-(10**9), 10**9), st.floats(allow_nan=False, allow_infinity=False)))
    cell: dict[str, Any] = {"text": draw(texts(16))}
    if draw(st.booleans()):
        cell["colspan"] = draw(mostly(st.integers(1, 3), st.one_of(st.integers(0, 30), st.just(10**8)), odds=6))
    if draw(st.booleans()):
        cell["rowspan"] = draw(mostly(st.integers(1, 3), st.one_of(st.integers(0, 30), st.just(10**8)), odds=6))
    if draw(st.integers(0, 2)) == 2:
        cell["align"] = draw(ALIGN)
    return cell


WIDTHS = mostly(
    st.one_of(st.floats(min_value=0.01, max_value=100), st.sampled_from([1.0, 1e-9, 1e9, 100.0, 0.001])),
    st.one_of(st.sampled_from([0, -1, 1]), st.floats()),  # not positive, nan, inf, an integer
)


@st.composite
def tables(draw: st.DrawFn, csv_name: str | None) -> dict[str, Any]:
    ncols = draw(mostly(st.integers(1, 6), st.integers(1, 30), odds=3))
    table: dict[str, Any] = {}
    if draw(st.booleans()):
        table["caption"] = draw(short_texts(20))
    if draw(st.booleans()):
        columns = []
        for _ in range(draw(st.sampled_from([ncols, ncols, ncols - 1, ncols + 1]))):
            column: dict[str, Any] = {}
            if draw(st.booleans()):
                column["width"] = draw(WIDTHS)
            if draw(st.booleans()):
                column["align"] = draw(ALIGN)
            columns.append(column)
        table["columns"] = columns
    row = st.lists(cells(), min_size=ncols, max_size=ncols)
    ragged = st.lists(cells(), min_size=0, max_size=ncols + 2)
    rows = st.lists(mostly(row, ragged, odds=8), min_size=1, max_size=6)
    if draw(st.booleans()):
        table["header"] = draw(st.lists(mostly(row, ragged, odds=4), max_size=2))
    if csv_name is not None and draw(st.integers(0, 3)) == 3:
        table["csv"] = csv_name
        if draw(st.booleans()):
            table["csv_header_rows"] = draw(st.integers(0, 3))
    else:
        table["rows"] = draw(rows)
    if draw(st.integers(0, 2)) == 2:
        table["note"] = draw(texts(30))
    return {"table": table}


@st.composite
def indicator_tables(draw: st.DrawFn, keys: list[str]) -> dict[str, Any]:
    key = mostly(st.sampled_from(keys), st.sampled_from(KEYS), odds=8) if keys else st.sampled_from(KEYS)
    row = st.one_of(key, key, st.fixed_dictionaries({"group": short_texts(8), "keys": st.lists(key, min_size=1, max_size=3)}))
    table: dict[str, Any] = {"rows": draw(mostly(st.lists(row, min_size=1, max_size=6), st.one_of(st.just("section"), st.just([])), 3))}
    for name, strategy in (("caption", short_texts(20)), ("group_header", short_texts(6)), ("total", st.sampled_from(["合计", "总计"])),
                           ("note", texts(30))):  # fmt: skip
        if draw(st.integers(0, 2)) == 2:
            table[name] = draw(strategy)
    return {"indicator_table": table}


# --------------------------------------------------------------------------- structure


@st.composite
def blocks(draw: st.DrawFn, keys: list[str], csv_name: str | None) -> Any:
    kind = draw(st.integers(0, 13))
    if kind <= 2 or kind == 12:
        return draw(paragraph_text(keys))
    if kind == 3:
        return {"text": draw(paragraph_text(keys))}
    if kind == 4:
        return {"lead": draw(short_texts(12)), "text": draw(paragraph_text(keys))}
    if kind == 5:
        point: dict[str, Any] = {"item": draw(short_texts(30))}
        if draw(st.booleans()):
            point["text"] = draw(paragraph_text(keys))
        return point
    if kind in (6, 7):
        return draw(tables(csv_name))
    if kind in (8, 13):
        return draw(indicator_tables(keys))
    if kind == 9:
        enumeration: dict[str, Any] = {"items": draw(st.lists(short_texts(30), max_size=6))}
        for name, strategy in (("ordinal", mostly(st.sampled_from(["一是", "第一", "首先", "（1）"]), short_texts(3))),
                               ("paragraphs", st.booleans()), ("intro", short_texts(20)),
                               ("separator", st.sampled_from(["；", "，", "。", "", "x"]))):  # fmt: skip
            if draw(st.booleans()):
                enumeration[name] = draw(strategy)
        return {"enumeration": enumeration}
    if kind == 10:
        figure: dict[str, Any] = {"image": draw(mostly(st.sampled_from(IMAGE_NAMES), st.sampled_from(BAD_IMAGE_NAMES), odds=5))}
        if draw(st.booleans()):
            figure["caption"] = draw(short_texts(30))
        if draw(st.integers(0, 3)) == 3:
            figure["width_chars"] = draw(mostly(st.floats(1, 28), st.floats(allow_nan=True, allow_infinity=True)))
        return {"figure": figure}
    chart: dict[str, Any] = {
        "kind": draw(mostly(st.sampled_from(["bars", "years", "shares", "completion"]), short_texts(6))),
        "keys": draw(st.lists(mostly(st.sampled_from(keys), short_texts(6)) if keys else short_texts(6), max_size=4)),
    }
    if draw(st.booleans()):
        chart["shape"] = draw(mostly(st.sampled_from(["bars", "line", "pie", "stacked"]), short_texts(6)))
    if draw(st.booleans()):
        chart["caption"] = draw(short_texts(30))
    return {"chart": chart}


@st.composite
def sections(draw: st.DrawFn, keys: list[str], csv_name: str | None, level: int = 1) -> dict[str, Any]:
    """A section and its subsections: up to 4 levels, now and then a fifth (which must be refused)."""
    section: dict[str, Any] = {}
    if draw(st.integers(0, 5)) != 5:
        section["title"] = draw(short_texts(20))
    if draw(st.integers(0, 5)) == 5:
        section["subtitle"] = draw(short_texts(30))  # a heading's second line (and without a title: refused)
    if draw(st.integers(0, 3)) == 3:
        section["numbered"] = draw(st.booleans())
    section["content"] = draw(st.lists(blocks(keys, csv_name), max_size=3))
    deeper = level < 4 or (level == 4 and draw(st.integers(0, 9)) == 9)
    if deeper and draw(st.integers(0, level)) == level:
        section["sections"] = draw(st.lists(sections(keys, csv_name, level + 1), max_size=3))
    return section


_DATE = __import__("datetime").date
DATES = mostly(
    st.dates(min_value=_DATE(1980, 1, 1), max_value=_DATE(2107, 12, 31)).map(str),
    st.one_of(st.sampled_from(["2108-01-01", "1979-12-31", "2019-02-30", "2019-1-5", "0000-00-00", "２０１９-01-01"]),
              st.dates().map(str)),
)  # fmt: skip


@dataclass
class Case:
    """One generated report and the files beside it, and how it is written."""

    data: dict[str, Any]
    encoding: str
    """yaml, json (UTF-8) or json-ascii (\\u escapes, astral characters as surrogate pairs)."""
    extra_files: dict[str, bytes] = field(default_factory=dict)
    damage: tuple[int, bytes] | None = None
    """Replace the byte at this offset (modulo the length) with these bytes: a syntax or encoding error."""

    @property
    def name(self) -> str:
        return "report.yaml" if self.encoding == "yaml" else "report.json"

    def source(self) -> bytes:
        if self.encoding == "yaml":
            try:
                raw = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, width=80).encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate PyYAML passed through: JSON (which is YAML) escapes it
                raw = json.dumps(self.data, ensure_ascii=True).encode("ascii")
        else:
            raw = json.dumps(self.data, ensure_ascii=self.encoding == "json-ascii", indent=1).encode("utf-8", "surrogatepass")
        if self.damage is not None and raw:
            at, replacement = self.damage
            at %= len(raw)
            raw = raw[:at] + replacement + raw[at + 1 :]
        return raw

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in self.extra_files.items():
            (folder / name).write_bytes(content)
        path = folder / self.name
        path.write_bytes(self.source())
        return path


def _csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


@st.composite
def headers(draw: st.DrawFn) -> dict[str, Any]:
    """A 版头: organs (joint ones too), 发文字号 mostly in form, 签发人, 份号, 密级, 紧急程度 — each now and then."""
    header: dict[str, Any] = {}
    number = mostly(
        st.builds(lambda code, year, n: f"{code}〔{year}〕{n}号", short_texts(6), st.integers(1990, 2030), st.integers(1, 999)),
        st.one_of(short_texts(16), st.just("奈大政发〔2019〕03号"), st.just("奈大政发[2019]3号")),
        odds=4,
    )  # fmt: skip
    for name, strategy in (
        ("organs", st.one_of(short_texts(16), st.lists(short_texts(16), max_size=4))),
        ("suffix", st.sampled_from(["文件", "", "x" * 30])),
        ("joint_layout", mostly(st.sampled_from(["stacked", "side_by_side"]), short_texts(6))),
        ("document_number", number),
        ("signers", st.one_of(short_texts(6), st.lists(short_texts(6), max_size=3))),
        ("copy_number", mostly(st.sampled_from(["000001", "123456"]), short_texts(8))),
        ("classification", short_texts(10)),
        ("urgency", mostly(st.sampled_from(["特急", "加急"]), short_texts(6))),
    ):
        if draw(st.booleans()):
            header[name] = draw(strategy)
    return header


@st.composite
def imprints(draw: st.DrawFn) -> dict[str, Any]:
    """A 版记: 抄送 organs, 印发机关 (required: sometimes left out) and 印发日期."""
    imprint: dict[str, Any] = {}
    if draw(st.integers(0, 5)) != 5:
        imprint["printed_by"] = draw(short_texts(20))
    if draw(st.booleans()):
        imprint["copy_to"] = draw(st.lists(short_texts(20), max_size=4))
    if draw(st.booleans()):
        imprint["printed_on"] = draw(DATES)
    return imprint


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A whole report: title (a string or lines), subtitle, speaker, front lines, recipient, issuer (with a
    seal) or joint issuers (with seals on all, some or none), year, date, style, locale, the 公文's 版头 and
    版记, indicators, content (enumerations, figures and charts among the blocks), sections (with a heading's
    second line now and then), attachments, note; the pictures of PICTURES always beside it, a CSV file and a
    previous year's report sometimes; written as YAML or JSON."""
    catalogue = draw(indicators())
    keys = list(catalogue)
    extra: dict[str, bytes] = {}
    csv_name = None
    if draw(st.integers(0, 3)) == 3:
        csv_name = "table.csv"
        csv_rows = draw(st.lists(st.lists(texts(12), min_size=1, max_size=5), max_size=6))
        extra[csv_name] = _csv_bytes(csv_rows)
    data: dict[str, Any] = {}
    title = mostly(
        st.one_of(texts(20, long=False).map(_nonblank), st.lists(texts(20, long=False).map(_nonblank), min_size=1, max_size=3)),
        st.one_of(texts(400), st.lists(texts(20), min_size=1, max_size=3)),  # long titles, blank titles
        odds=6,
    )
    data["title"] = draw(title)
    data["year"] = draw(mostly(st.integers(2000, 2030), st.integers(1900, 2300), odds=20))
    for name, strategy in (
        ("subtitle", st.one_of(short_texts(30), st.lists(short_texts(30), max_size=3))),
        ("speaker", short_texts(12)),
        ("recipient", short_texts(20)),
        ("issuer", st.one_of(short_texts(12), texts(60, long=False), texts(200, long=False))),
        ("date", DATES),
        ("locale", mostly(st.sampled_from(["zh_CN", "zh_Hant_TW", "en_US", "de_DE", "ar_EG"]), st.sampled_from(["xx", "zh_CN.UTF-8"]))),
        ("style", mostly(st.just("gbt9704"), st.sampled_from(["nosuchstyle", "../x", "styles/none.toml"]))),
        ("note", texts(40)),
    ):
        if draw(st.integers(0, 2)) == 2:
            data[name] = draw(strategy)
    if draw(st.integers(0, 3)) == 3:
        data["header"] = draw(headers())
    if draw(st.integers(0, 3)) == 3:
        data["imprint"] = draw(imprints())
    if draw(st.integers(0, 5)) == 5:
        data["front_lines"] = draw(st.lists(short_texts(20), max_size=2))
    signing = draw(st.integers(0, 5))
    if signing == 4:  # one issuer and a seal
        data["issuer"] = data.get("issuer") or draw(short_texts(12))
        data["seal"] = draw(mostly(st.sampled_from(IMAGE_NAMES), st.sampled_from(BAD_IMAGE_NAMES), odds=5))
        if draw(st.booleans()):
            data["seal_size_mm"] = draw(mostly(st.sampled_from([42, 45, 40.5]), st.floats(allow_nan=True, allow_infinity=True)))
    elif signing == 5:  # 联合行文, with seals on all, some or none
        seal = mostly(st.sampled_from(IMAGE_NAMES), st.sampled_from(BAD_IMAGE_NAMES), odds=5)
        entry = st.one_of(short_texts(16), st.fixed_dictionaries({"name": short_texts(16)}, optional={"seal": seal}))
        data["issuers"] = draw(st.lists(entry, max_size=5))
    extra.update(PICTURES)
    if catalogue:
        data["indicators"] = catalogue
    if draw(st.integers(0, 5)) == 5:
        previous = {"title": "上年", "year": 2017, "indicators": draw(indicators())}
        extra["previous.json"] = json.dumps(previous).encode()
        data["previous"] = draw(mostly(st.just("previous.json"), st.sampled_from(["nowhere.yaml", "."]), odds=4))
    data["content"] = draw(st.lists(blocks(keys, csv_name), max_size=3))
    data["sections"] = draw(st.lists(sections(keys, csv_name), max_size=4))
    if draw(st.integers(0, 4)) == 4:
        attachment = st.fixed_dictionaries(
            {"title": short_texts(20)},
            optional={"content": st.lists(blocks(keys, csv_name), max_size=2),
                      "sections": st.lists(sections(keys, csv_name, 1), max_size=2)},
        )  # fmt: skip
        data["attachments"] = draw(st.lists(attachment, min_size=1, max_size=2))
    encoding = draw(st.sampled_from(["yaml", "yaml", "json", "json-ascii"]))
    damage = None
    if draw(st.integers(0, 24)) == 24:
        damage = (draw(st.integers(0, 10**6)), draw(st.binary(max_size=3)))
    return Case(data, encoding, extra, damage)


# --------------------------------------------------------------------------- the worker


class WorkerCrash(Exception):
    """The worker process died or hung on a case."""


class Worker:
    """A long-lived fuzz_worker.py under RLIMIT_AS; ``run(request)`` answers within TIMEOUT or raises
    WorkerCrash (and the next run starts a new worker)."""

    def __init__(self, memory: int = MEMORY, timeout: float = TIMEOUT) -> None:
        self.memory, self.timeout = memory, timeout
        self.process: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        self.stderr = tempfile.TemporaryFile()  # not a pipe: a chatty worker never blocks on it
        process = subprocess.Popen(
            [sys.executable, str(WORKER), str(self.memory)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, text=True, bufsize=1,
        )  # fmt: skip
        self.process = process
        self._read(process, 120)  # {"ready": true}: imports, not timed with a case
        assert process.stdin is not None
        process.stdin.write(json.dumps({"kind": "warmup"}) + "\n")
        process.stdin.flush()
        self._read(process, 900)  # fonts found and converted once (fuzz_worker.warm_up), not timed with a case
        return process

    def _read(self, process: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if not ready:
            self.close()
            raise WorkerCrash(f"no answer within {timeout:.0f} s (a hang, or far too slow)")
        line = process.stdout.readline()
        if not line:
            status = process.wait()
            self.stderr.seek(0)
            error = self.stderr.read()[-3000:].decode("utf-8", "replace")
            self.close()
            raise WorkerCrash(f"worker died (status {status}): {error}")
        return json.loads(line)  # type: ignore[no-any-return]

    def run(self, request: dict[str, Any]) -> dict[str, Any]:
        process = self.process if self.process is not None and self.process.poll() is None else self._start()
        assert process.stdin is not None
        started = time.perf_counter()
        process.stdin.write(json.dumps(request) + "\n")
        process.stdin.flush()
        answer = self._read(process, self.timeout)
        answer["wall"] = time.perf_counter() - started
        return answer

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout, self.stderr):
                if stream is not None:
                    stream.close()
            self.process = None
