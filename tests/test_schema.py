"""The JSON Schema: draft-07, current, documented, and in agreement with the model.

Agreement is checked both ways on small inputs: each case is accepted by both the loader (the model
plus the checks it runs after it) and a draft-07 validator, or refused by both. Rules a JSON Schema
cannot state are listed in MODEL_ONLY, where the schema accepts and the loader refuses.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import annualreport as ar
from annualreport import yamlsource
from annualreport.schema import DRAFT_2019_KEYWORDS, report_schema, report_schema_text

from .conftest import REPO
from .test_readme import block

SCHEMA_FILE = REPO / "schemas" / "report.schema.json"
FIXTURE_CSV = REPO / "tests" / "fixtures" / "full" / "villages.csv"

REPORT_FILES = sorted(REPO.glob("examples/*/report.yaml")) + sorted(REPO.glob("tests/fixtures/**/report.yaml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def plain(yaml_text: str) -> Any:
    """YAML parsed as an editor would (YAML 1.2) into plain dicts, lists, strings and numbers."""
    return json.loads(json.dumps(yamlsource.parse(yaml_text)))


def schema_errors(validator: jsonschema.Draft7Validator, data: Any) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


# --------------------------------------------------------------------------- the schema itself


def test_checked_in_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == report_schema_text(), "run `make schema` and commit"


DRAFT_07_KEYWORDS = {
    # core, validation and annotation keywords of draft-07 (json-schema.org/draft-07/schema)
    "$schema", "$id", "$ref", "$comment", "title", "description", "default", "readOnly", "examples",
    "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
    "pattern", "additionalItems", "items", "maxItems", "minItems", "uniqueItems", "contains",
    "maxProperties", "minProperties", "required", "additionalProperties", "definitions", "properties",
    "patternProperties", "dependencies", "propertyNames", "const", "enum", "type", "format",
    "contentMediaType", "contentEncoding", "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
}  # fmt: skip
ONE_SCHEMA = ("additionalProperties", "additionalItems", "contains", "propertyNames", "if", "then", "else", "not")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
SCHEMA_MAPS = ("properties", "patternProperties", "definitions")


def subschemas(schema: Any, where: str = "#"):
    """Every schema object inside ``schema`` with its JSON pointer (property names are not schemas)."""
    if not isinstance(schema, dict):
        return
    yield where, schema
    for keyword in ONE_SCHEMA:
        if keyword in schema:
            yield from subschemas(schema[keyword], f"{where}/{keyword}")
    for keyword in SCHEMA_LISTS:
        for index, item in enumerate(schema.get(keyword, [])):
            yield from subschemas(item, f"{where}/{keyword}/{index}")
    for keyword in SCHEMA_MAPS:
        for name, item in schema.get(keyword, {}).items():
            yield from subschemas(item, f"{where}/{keyword}/{name}")
    items = schema.get("items")
    for index, item in enumerate(items if isinstance(items, list) else [items]):
        yield from subschemas(item, f"{where}/items")


def test_schema_is_draft_07_throughout():
    schema = report_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    refs = []
    found = list(subschemas(schema))
    assert len(found) > 200  # the walk reaches every level, not just the top
    for where, node in found:
        assert node.keys() <= DRAFT_07_KEYWORDS, f"{where}: not draft-07: {sorted(node.keys() - DRAFT_07_KEYWORDS)}"
        assert not DRAFT_2019_KEYWORDS & node.keys()
        if "$ref" in node:
            assert list(node) == ["$ref"], f"{where}: draft-07 ignores keywords beside $ref: {sorted(node)}"
            refs.append(node["$ref"])
    assert refs and all(r.startswith("#/definitions/") and r.split("/")[-1] in schema["definitions"] for r in refs)
    assert set(schema["definitions"]) == {r.split("/")[-1] for r in refs}, "an unused definition"


def test_id_resolves_to_the_checked_in_file():
    schema = report_schema()
    fetched_from = SCHEMA_FILE.as_uri()
    assert urllib.parse.urljoin(fetched_from, schema["$id"]) == fetched_from
    raw = "https://raw.example.org/annualreport/main/schemas/report.schema.json"  # wherever it is published
    assert urllib.parse.urljoin(raw, schema["$id"]) == raw


def _models(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [("Report", schema), *schema["definitions"].items()]


def test_every_property_has_a_description():
    for name, model in _models(report_schema()):
        assert model.get("description"), name
        for field, prop in model.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{field} has no description"


def test_unknown_keys_are_forbidden_everywhere():
    models = _models(report_schema())
    # Report, 4 section levels, blocks, tables, cells, columns, indicators, header, imprint, enumeration, figures, charts,
    # joint issuers …
    assert len(models) == 26
    for name, model in models:
        assert model.get("type") == "object" and model.get("additionalProperties") is False, name


def test_schema_is_valid_json_with_chinese_text():
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    assert "正文段落文字" in text and json.loads(text)["title"] == "Report"


# --------------------------------------------------------------------------- real reports


@pytest.mark.parametrize("path", REPORT_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_examples_and_fixtures_pass_the_schema(validator: jsonschema.Draft7Validator, path: Path):
    ar.load(path)  # the model accepts it …
    assert schema_errors(validator, plain(path.read_text(encoding="utf-8"))) == []  # … and so does the schema


def test_report_files_were_found():
    names = {p.relative_to(REPO).as_posix() for p in REPORT_FILES}
    assert {"examples/2018/report.yaml", "tests/fixtures/full/report.yaml"} <= names


def test_readme_example_passes_the_schema(validator: jsonschema.Draft7Validator):
    data = plain(block("yaml"))
    assert isinstance(data["title"], str)  # the form the old schema refused
    assert schema_errors(validator, data) == []


# --------------------------------------------------------------------------- model and schema agree

MINIMAL: dict[str, Any] = {"title": "2019年度工作总结", "year": 2019}


def report(**fields: Any) -> dict[str, Any]:
    return {**MINIMAL, **fields}


def indicator(**fields: Any) -> dict[str, Any]:
    """A report with one indicator ``a`` (and a reference to it, so indicator tables have rows)."""
    return report(indicators={"a": {"label": "产值", **fields}}, content=["产值{a}。"])


def key(name: str) -> dict[str, Any]:
    return report(indicators={name: {"label": "产值"}})


def table(**fields: Any) -> dict[str, Any]:
    return report(content=[{"table": fields}])


def cell(**fields: Any) -> dict[str, Any]:
    return table(rows=[[fields]])


def indicator_table(**fields: Any) -> dict[str, Any]:
    return report(
        indicators={"a": {"label": "产值", "value": 1}, "b": {"label": "产量", "value": 2}},
        content=["产值{a}，产量{b}。", {"indicator_table": fields}],
    )


def nested(depth: int, where: str = "sections") -> dict[str, Any]:
    section: dict[str, Any] = {"title": f"第{depth}级"}
    for level in range(depth - 1, 0, -1):
        section = {"title": f"第{level}级", "sections": [section]}
    if where == "attachments":
        return report(attachments=[{"title": "附件", "sections": [section]}])
    return report(sections=[section])


ACCEPT, REFUSE = True, False

CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("minimal", report(), ACCEPT),
    # title: a string, or a list of lines with something in it
    ("title as a string", report(title="2019年度工作总结"), ACCEPT),
    ("title as lines", report(title=["某镇人民政府", "2019年度工作总结"]), ACCEPT),
    ("title with an empty line", report(title=["", "工作总结"]), ACCEPT),
    ("title empty list", report(title=[]), REFUSE),
    ("title blank", report(title="\u3000 "), REFUSE),
    ("title all lines blank", report(title=[" ", ""]), REFUSE),
    ("title a number", report(title=2019), REFUSE),
    ("title list of numbers", report(title=[2019]), REFUSE),
    ("subtitle as a string", report(subtitle="——在会议上"), ACCEPT),
    ("subtitle null", report(subtitle=None), REFUSE),
    # required fields
    ("no year", {"title": "t"}, REFUSE),
    ("no title", {"year": 2019}, REFUSE),
    ("indicator without label", report(indicators={"a": {"value": 1}}), REFUSE),
    ("attachment without title", report(attachments=[{"content": ["x"]}]), REFUSE),
    ("cell without text", cell(colspan=1), REFUSE),
    ("group without keys", indicator_table(rows=[{"group": "类"}]), REFUSE),
    ("indicator table without rows", indicator_table(caption="表"), REFUSE),
    # unknown keys, at every level
    ("unknown key at the top", report(yeer=2019), REFUSE),
    ("unknown key in a section", report(sections=[{"title": "一", "titel": "x"}]), REFUSE),
    ("unknown key in an attachment", report(attachments=[{"title": "附件", "note": "x"}]), REFUSE),
    ("unknown key in an indicator", indicator(value=1, units="个"), REFUSE),
    ("unknown key in a table", table(rows=[["x"]], footnote="x"), REFUSE),
    ("unknown key in a cell", cell(text="x", valign="top"), REFUSE),
    ("unknown key in a column", table(rows=[["x"]], columns=[{"width": 1, "colour": "red"}]), REFUSE),
    ("unknown key in an indicator table", indicator_table(rows=["a"], title="表"), REFUSE),
    ("unknown key in a group", indicator_table(rows=[{"group": "类", "keys": ["a"], "sum": True}]), REFUSE),
    ("unknown key in a paragraph", report(content=[{"text": "x", "style": "bold"}]), REFUSE),
    ("lead and item in one block", report(content=[{"lead": "x", "item": "y", "text": "z"}]), REFUSE),
    ("table beside a paragraph", report(content=[{"table": {"rows": [["x"]]}, "text": "y"}]), REFUSE),
    # content blocks
    ("every block kind", report(content=["x", {"text": "x"}, {"lead": "x", "text": "y"}, {"item": "x"},
                                          {"table": {"rows": [["x"]]}}]), ACCEPT),  # fmt: skip
    ("a number as a paragraph", report(content=[5]), REFUSE),
    ("null as a paragraph", report(content=[None]), REFUSE),
    ("an empty mapping as a paragraph", report(content=[{}]), REFUSE),
    ("sections a string", report(sections="一"), REFUSE),
    # wrong scalar types
    ("year as text", report(year="2019"), REFUSE),
    ("year 2019.0", report(year=2019.0), ACCEPT),
    ("year 2019.5", report(year=2019.5), REFUSE),
    ("year true", report(year=True), REFUSE),
    ("year before 1949", report(year=1900), REFUSE),
    ("year after 2200", report(year=2201), REFUSE),
    ("numbered false", report(sections=[{"title": "一", "numbered": False}]), ACCEPT),
    ("numbered yes", report(sections=[{"title": "一", "numbered": "yes"}]), REFUSE),
    ("numbered 1", report(sections=[{"title": "一", "numbered": 1}]), REFUSE),
    ("date", report(date="2020-01-15"), ACCEPT),
    ("date null", report(date=None), ACCEPT),
    ("date with slashes", report(date="2020/01/15"), REFUSE),
    ("date with a time", report(date="2020-01-15T00:00:00"), REFUSE),
    ("date as a number", report(date=20200115), REFUSE),
    ("issuer a number", report(issuer=1), REFUSE),
    ("style null", report(style=None), REFUSE),
    # indicator keys (model.INDICATOR_KEY)
    ("key ASCII", key("livestock"), ACCEPT),
    ("key 汉字", key("牛羊存栏"), ACCEPT),
    ("key mixed with digits", key("_2019年产值"), ACCEPT),
    ("key with 〇", key("二〇一八年产值"), ACCEPT),
    ("key starting with a digit", key("2019产值"), REFUSE),
    ("key with a hyphen", key("farm-zones"), REFUSE),
    ("key with a dot", key("a.b"), REFUSE),
    ("key with full-width brackets", key("产值（万元）"), REFUSE),
    ("key in full-width letters", key("ＧＤＰ"), REFUSE),
    ("key with a space", key("a b"), REFUSE),
    ("key empty", key(""), REFUSE),
    # indicator numbers
    ("value a number", indicator(value=8.5), ACCEPT),
    ("value as text", indicator(value="8.50"), ACCEPT),
    ("value negative with exponent", indicator(value="-1.5e3"), ACCEPT),
    ("value null", indicator(value=None), ACCEPT),
    ("value with 万", indicator(value="20.6万"), REFUSE),
    ("value with underscores", indicator(value="1_000"), REFUSE),
    ("value in full-width digits", indicator(value="２０"), REFUSE),
    ("value NaN", indicator(value="NaN"), REFUSE),
    ("value true", indicator(value=True), REFUSE),
    ("previous a list", indicator(value=1, previous=[1]), REFUSE),
    ("target as text", indicator(value=1, target="2"), ACCEPT),
    # qualifier, display, places, grouping
    ("qualifier 余", indicator(value=2, unit="万人次", qualifier="余"), ACCEPT),
    ("qualifier 以上", indicator(value=1500, unit="元", qualifier="以上"), ACCEPT),
    ("qualifier unknown", indicator(value=300, qualifier="大约"), REFUSE),
    ("qualifier as a list", indicator(value=300, qualifier=["约"]), REFUSE),
    ("percent with 余", indicator(value=30, display="percent", qualifier="余"), REFUSE),
    ("unit % with 多", indicator(value=30, unit="%", qualifier="多"), REFUSE),
    ("unit % with 约", indicator(value=30, unit="%", qualifier="约"), ACCEPT),
    ("unit % shown plain with 余", indicator(value=30, unit="%", display="plain", qualifier="余"), ACCEPT),
    ("余 before 万", indicator(value=60, unit="万元", qualifier="余", qualifier_position="after_digits"), ACCEPT),
    ("qualifier position unknown", indicator(value=60, unit="万元", qualifier="余", qualifier_position="inside"), REFUSE),
    ("percent, 以上 placed inside", indicator(value=30, unit="%", qualifier="以上", qualifier_position="after_digits"), REFUSE),
    ("percent, 约 placed after the unit", indicator(value=30, unit="%", qualifier="约", qualifier_position="after_unit"), ACCEPT),
    ("percent, a position without a qualifier", indicator(value=30, unit="%", qualifier_position="after_digits"), ACCEPT),
    ("percent with unit 元", indicator(value=30, unit="元", display="percent"), REFUSE),
    ("percent with unit %", indicator(value=30, unit="%", display="percent"), ACCEPT),
    ("display unknown", indicator(value=30, display="percentage"), REFUSE),
    ("places 2", indicator(value=1, places=2), ACCEPT),
    ("places 13", indicator(value=1, places=13), REFUSE),
    ("places -1", indicator(value=1, places=-1), REFUSE),
    ("places true", indicator(value=1, places=True), REFUSE),
    ("grouping true", indicator(value=1, grouping=True), ACCEPT),
    ("grouping as text", indicator(value=1, grouping="true"), REFUSE),
    # locale
    ("locale zh_CN", report(locale="zh_CN"), ACCEPT),
    ("locale en_US", report(locale="en_US"), ACCEPT),
    ("locale zh_Hans_CN", report(locale="zh_Hans_CN"), ACCEPT),
    ("locale with a hyphen", report(locale="zh-CN"), REFUSE),
    ("locale with an encoding", report(locale="zh_CN.UTF-8"), REFUSE),
    ("locale a number", report(locale=1), REFUSE),
    # table cells
    ("cells text and numbers", table(rows=[["合计", 100, 8.5, -3]]), ACCEPT),
    ("header cells numbers", table(header=[[2018, 2019]], rows=[["1", "2"]]), ACCEPT),
    ("cell true", table(rows=[[True]]), REFUSE),
    ("cell null", table(rows=[[None]]), REFUSE),
    ("cell a list", table(rows=[[["x"]]]), REFUSE),
    ("row not a list", table(rows=["x"]), REFUSE),
    ("cell text a number", cell(text=8.5), ACCEPT),
    ("cell text true", cell(text=True), REFUSE),
    ("cell spans", table(rows=[[{"text": "x", "colspan": 2, "rowspan": 2}, "y"], ["z"]]), ACCEPT),
    ("colspan 0", cell(text="x", colspan=0), REFUSE),
    ("rowspan -1", cell(text="x", rowspan=-1), REFUSE),
    ("rowspan 1.5", cell(text="x", rowspan=1.5), REFUSE),
    ("colspan as text", cell(text="x", colspan="2"), REFUSE),
    ("cell align right", cell(text="x", align="right"), ACCEPT),
    ("cell align null", cell(text="x", align=None), ACCEPT),
    ("cell align middle", cell(text="x", align="middle"), REFUSE),
    ("column align justify", table(rows=[["x"]], columns=[{"align": "justify"}]), REFUSE),
    ("column width 1.5", table(rows=[["x"]], columns=[{"width": 1.5, "align": "left"}]), ACCEPT),
    ("column width 0", table(rows=[["x"]], columns=[{"width": 0}]), REFUSE),
    ("column width as text", table(rows=[["x"]], columns=[{"width": "2"}]), REFUSE),
    ("columns null", table(rows=[["x"]], columns=None), ACCEPT),
    # table shape
    ("table header only", table(header=[["指标"]]), ACCEPT),
    ("table caption only", table(caption="表1"), REFUSE),
    ("table empty rows", table(rows=[], header=[]), REFUSE),
    ("table from CSV", table(csv="villages.csv", csv_header_rows=1), ACCEPT),
    ("table from CSV and rows", table(csv="villages.csv", rows=[["x"]]), REFUSE),
    ("table from CSV, rows empty", table(csv="villages.csv", rows=[]), ACCEPT),
    ("table csv null and rows", table(csv=None, rows=[["x"]]), ACCEPT),
    ("csv_header_rows -1", table(csv="villages.csv", csv_header_rows=-1), REFUSE),
    # indicator tables
    ("indicator table of keys", indicator_table(rows=["a", {"group": "类", "keys": ["b"]}]), ACCEPT),
    ("indicator table of the section", indicator_table(rows="section", total="合计"), ACCEPT),
    ("indicator table rows all", indicator_table(rows="all"), REFUSE),
    ("indicator table key no catalogue could hold", indicator_table(rows=["1a"]), REFUSE),
    ("group with no keys", indicator_table(rows=[{"group": "类", "keys": []}]), REFUSE),
    # heading depth (model.MAX_SECTION_DEPTH)
    ("four heading levels", nested(4), ACCEPT),
    ("five heading levels", nested(5), REFUSE),
    ("four levels in an attachment", nested(4, "attachments"), ACCEPT),
    ("five levels in an attachment", nested(5, "attachments"), REFUSE),
]

MODEL_ONLY: list[tuple[str, dict[str, Any]]] = [
    # Cross-field checks the loader runs after the model (indicators.check): a JSON Schema cannot look
    # up a key named in a string elsewhere in the document.
    ("reference to an unknown indicator", indicator(value=1) | {"content": ["产值{b}。"]}),
    ("unknown indicator attribute", indicator(value=1) | {"content": ["产值{a.last}。"]}),
    ("stray brace in text", report(content=["产值{。"])),
    ("indicator table naming a missing key", indicator_table(rows=["c"])),
    ("indicator table listing a key twice", indicator_table(rows=["a", "a"])),
    ("rows: section in a section without references", report(content=[{"indicator_table": {"rows": "section"}}])),
    ("totals over different units", report(
        indicators={"a": {"label": "甲", "value": 1, "unit": "亩"}, "b": {"label": "乙", "value": 2, "unit": "户"}},
        content=[{"indicator_table": {"rows": ["a", "b"], "total": "合计"}}])),  # fmt: skip
    # Counting across a table: the widest row (colspans added up) against the number of columns.
    ("row wider than the columns", table(rows=[["x", "y"]], columns=[{"width": 1}])),
    # The file system: the schema sees a string, the loader looks for the file beside the report.
    ("CSV file that does not exist", table(csv="missing.csv")),
    ("CSV path leaving the folder", table(csv="../villages.csv")),
    ("previous report that does not exist", report(previous="../2018")),
    # Calendar, babel and arithmetic: the schema checks the shape only.
    ("a day that does not exist", report(date="2019-02-30")),  # a validator asserting format: date sees it too
    ("a locale babel does not know", report(locale="xx_YY")),
    ("more than 24 digits", indicator(value="1234567890123456789012345")),
]


def loader_accepts(data: dict[str, Any], folder: Path) -> bool:
    """Whether annualreport.load accepts ``data`` written as report.json in ``folder`` (beside a CSV)."""
    folder.mkdir(exist_ok=True)
    (folder / "villages.csv").write_bytes(FIXTURE_CSV.read_bytes())
    path = folder / "report.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    try:
        ar.load(path)
    except ar.InputError:
        return False
    return True


def test_there_are_enough_cases():
    assert len(CASES) >= 25 and {expected for _, _, expected in CASES} == {ACCEPT, REFUSE}
    assert len({name for name, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("data", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_model_and_schema_agree(validator: jsonschema.Draft7Validator, tmp_path: Path, data: dict, expected: bool):
    errors = schema_errors(validator, data)
    assert (not errors) is expected, errors
    assert loader_accepts(data, tmp_path / "report") is expected


@pytest.mark.parametrize("data", [c[1] for c in MODEL_ONLY], ids=[c[0] for c in MODEL_ONLY])
def test_model_only_rules(validator: jsonschema.Draft7Validator, tmp_path: Path, data: dict):
    """What only the loader refuses: listed here so that a schema that learns it shows up as a failure."""
    assert schema_errors(validator, data) == []
    assert not loader_accepts(data, tmp_path / "report")


# --------------------------------------------------------------------------- patterns read alike

PATTERN_SAMPLES = [
    "livestock", "牛羊存栏", "二〇一八年产值", "_x1", "x", "1a", "a-b", "a.b", "a b", "ＧＤＰ", "产值（万元）", "é", "𠀀",
    "", " ", "\u3000", "\t", "８", "٣", "2020-01-15", "２０２０-01-15", "2020-1-5", "8.50", " 8.5 ", "-1.5e3", ".5",
    "1_000", "NaN", "20.6万", "zh_CN", "zh_Hans_CN", "en_US_POSIX", "zh-CN", "zh_CN.UTF-8",
]  # fmt: skip


def test_patterns_read_alike_in_python_and_javascript():
    """Editors run the schema's patterns as JavaScript regular expressions (yaml-language-server: with
    the u flag), jsonschema and the model as Python's: both must answer alike. Strings ending in a
    newline are left out: Python's $ also matches before a final newline (the model uses fullmatch)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    patterns = sorted({sub["pattern"] for _, sub in subschemas(report_schema()) if "pattern" in sub})
    assert len(patterns) >= 5  # title, key, number, date, locale
    script = (
        "const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(patterns.map(p => samples.map(s => new RegExp(p, 'u').test(s)))));"
    )
    answer = subprocess.run(
        [node, "-e", script], input=json.dumps([patterns, PATTERN_SAMPLES]), capture_output=True, text=True, check=True
    )
    javascript = json.loads(answer.stdout)
    python = [[re.search(p, s) is not None for s in PATTERN_SAMPLES] for p in patterns]
    for pattern, js_row, py_row in zip(patterns, javascript, python):
        differ = [s for s, a, b in zip(PATTERN_SAMPLES, js_row, py_row) if a != b]
        assert not differ, f"{pattern}: JavaScript and Python differ on {differ}"
    assert any(any(row) for row in python) and not all(all(row) for row in python)
