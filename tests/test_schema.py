"""The checked-in JSON Schema stays current and documents every field."""

from __future__ import annotations

import json

from annualreport.schema import report_schema, report_schema_text

from .conftest import REPO

SCHEMA_FILE = REPO / "schemas" / "report.schema.json"


def test_checked_in_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == report_schema_text(), "run `make schema` and commit"


def test_every_property_has_a_description():
    schema = report_schema()
    models = [schema, *schema["$defs"].values()]
    for model in models:
        for name, prop in model.get("properties", {}).items():
            assert prop.get("description"), f"{model.get('title')}.{name} has no description"


def test_unknown_keys_are_forbidden_everywhere():
    schema = report_schema()
    for model in [schema, *schema["$defs"].values()]:
        if "properties" in model:
            assert model.get("additionalProperties") is False, model.get("title")


def test_schema_is_valid_json_with_chinese_text():
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    assert "正文段落文字" in text and json.loads(text)["title"] == "Report"
