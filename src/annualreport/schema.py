"""The JSON Schema of the report model, as checked in at schemas/report.schema.json."""

from __future__ import annotations

import json
from typing import Any

from .model import Report

SCHEMA_ID = "https://annualreport.invalid/schemas/report.schema.json"


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of report.yaml, descriptions included for editor tooltips."""
    schema = Report.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def report_schema_text() -> str:
    """The schema as stable, human-readable JSON text."""
    return json.dumps(report_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
