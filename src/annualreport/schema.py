"""The JSON Schema of the report model, as checked in at schemas/report.schema.json.

Draft-07, because that is the dialect editors' YAML plugins (yaml-language-server, behind VS Code's
Red Hat YAML extension) and most other tools validate. Pydantic writes draft 2020-12; ``Draft7`` below
turns its output into draft-07: ``definitions`` instead of ``$defs``, a ``$ref`` never beside other
keywords (draft-07 ignores such siblings, which would lose the descriptions editors show as tooltips),
``propertyNames`` instead of ``patternProperties`` for the indicator keys. What each field accepts is
declared on the model itself (model.py: AlsoAccepts, WithJsonSchema, json_schema_extra), next to the
validator that accepts it.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from .model import MAX_SECTION_DEPTH, Report

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

SCHEMA_ID = "report.schema.json"
"""The schema's ``$id``: relative, so it resolves against wherever the file was fetched from (a
checkout's schemas/ folder, a raw file URL) to that same file. The project has no public URL of its own,
and an absolute made-up one would name a document nobody can fetch."""

REF_TEMPLATE = "#/definitions/{model}"

SECTION_LEVELS = ("一、", "（一）", "1.", "（1）")
"""How headings at each level are numbered (see model.MAX_SECTION_DEPTH)."""

DRAFT_2019_KEYWORDS = frozenset(
    {
        "$defs",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$recursiveRef",
        "$recursiveAnchor",
        "$vocabulary",
        "prefixItems",
        "unevaluatedItems",
        "unevaluatedProperties",
        "dependentRequired",
        "dependentSchemas",
        "minContains",
        "maxContains",
        "contentSchema",
    }
)
"""Keywords that draft-07 does not know (2019-09 and 2020-12 only): they must not appear."""


class Draft7(GenerateJsonSchema):
    """Pydantic's schema generator, writing draft-07."""

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        """Keys with a pattern: ``propertyNames`` and ``additionalProperties`` (pydantic writes
        ``patternProperties``, which lets keys that do not match through unchecked)."""
        result = super().dict_schema(schema)
        patterns = result.pop("patternProperties", None)
        if patterns:
            ((pattern, values),) = patterns.items()
            result["propertyNames"] = {"pattern": pattern}
            result["additionalProperties"] = values
        return result

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        result = super().generate(schema, mode=mode)
        definitions = result.pop("$defs", {})
        result = _no_ref_siblings(result)
        definitions = {name: _no_ref_siblings(value) for name, value in definitions.items()}
        _section_levels(definitions)
        return {"$schema": DRAFT_07, "$id": SCHEMA_ID, **result, "definitions": definitions}


def _no_ref_siblings(node: Any) -> Any:
    """Draft-07 ignores every keyword beside ``$ref``: ``{"$ref": r, "description": d}`` becomes
    ``{"allOf": [{"$ref": r}], "description": d}``."""
    if isinstance(node, list):
        return [_no_ref_siblings(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _no_ref_siblings(value) for key, value in node.items()}
    if "$ref" in node and len(node) > 1:
        node = {"allOf": [{"$ref": node.pop("$ref")}], **node}
    return node


def _section_levels(definitions: dict[str, Any]) -> None:
    """Sections nest MAX_SECTION_DEPTH levels: one definition per level (Section, Section2, …), the
    deepest without subsections, so that editors flag a fifth level as the model does."""
    base = definitions["Section"]
    names = ["Section", *(f"Section{level}" for level in range(2, MAX_SECTION_DEPTH + 1))]
    for level, name in enumerate(names, start=1):
        definition = copy.deepcopy(base)
        definition["title"] = name
        definition["description"] = f"{base['description']} Level {level}, numbered {SECTION_LEVELS[level - 1]}"
        subsections = definition["properties"]["sections"]
        if level < MAX_SECTION_DEPTH:
            subsections["items"] = {"$ref": REF_TEMPLATE.format(model=names[level])}
        else:
            del subsections["items"]
            subsections["maxItems"] = 0
            subsections["description"] = (
                f"最深一级（{SECTION_LEVELS[-1]}）不能再有小节。Headings go {MAX_SECTION_DEPTH} levels deep at most: "
                "no subsections here."
            )
        definitions[name] = definition


def report_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of report.yaml, descriptions included for editor tooltips."""
    return Report.model_json_schema(mode="validation", ref_template=REF_TEMPLATE, schema_generator=Draft7)


def report_schema_text() -> str:
    """The schema as stable, human-readable JSON text."""
    return json.dumps(report_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
