"""YAML and JSON parsed with libyaml into dicts and lists that remember where each key and value stood."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml, when PyYAML was built with it (the PyPI wheels are): ~10x faster than pure Python
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Position = tuple[int, int]
"""0-based line and column, as ruamel.yaml's ``lc`` gives them."""


class LineColumns:
    """Positions of a container and of its keys, values or items (the subset of ruamel's ``lc`` we use)."""

    __slots__ = ("line", "col", "_keys", "_values")

    def __init__(self, line: int, col: int) -> None:
        self.line, self.col = line, col
        self._keys: dict[Any, Position] = {}
        self._values: dict[Any, Position] = {}

    def key(self, key: Any) -> Position:
        """Where mapping key ``key`` starts."""
        return self._keys[key]

    def value(self, key: Any) -> Position:
        """Where the value of ``key`` (or sequence item ``key``) starts."""
        return self._values[key]

    def item(self, index: int) -> Position:
        """Where sequence item ``index`` starts."""
        return self._values[index]


class LocatedDict(dict):  # type: ignore[type-arg]
    """A mapping from YAML that knows where it and each of its keys and values start."""

    lc: LineColumns


class LocatedList(list):  # type: ignore[type-arg]
    """A sequence from YAML that knows where it and each of its items start."""

    lc: LineColumns


class ExactFloat(float):
    """A float that keeps the digits it was written with (YAML's 8.50 stays "8.50" in ``text``)."""

    text: str

    def __new__(cls, text: str) -> ExactFloat:
        value = super().__new__(cls, text.replace("_", ""))
        value.text = text
        return value


@dataclass
class DuplicateKey(Exception):
    """A mapping repeats a key."""

    key: str
    line: int
    column: int


@dataclass
class TooLarge(Exception):
    """Aliases expand past the node limit."""

    limit: int


ParseError = yaml.MarkedYAMLError
"""Raised for malformed YAML; has problem_mark.line/column (0-based), problem and context."""

# YAML 1.2 core schema for plain scalars. PyYAML resolves by YAML 1.1, where yes/no/on/off are booleans,
# 010 is octal and 1:20 is the number 80 — surprising in a report, so plain scalars that YAML 1.1 does not
# read as text are resolved here again (what 1.1 reads as text, such as 0o17, stays text).
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema; dates stay text."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text) or _SPECIAL_FLOAT.match(text):
        return ExactFloat(text) if _FLOAT.match(text) else float(text.replace(".", "", 1))
    return text


class _Builder:
    """Turns composed nodes into located containers, sharing what aliases share, counting expansion."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.built: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}

    def build(self, node: yaml.Node) -> Any:
        key = id(node)
        if key in self.built:
            return self.built[key]
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = self.sequence(node)
        else:
            value = self.mapping(node)
        self.built[key] = value
        return value

    def size(self, node: yaml.Node) -> int:
        """Nodes ``node`` stands for once aliases are expanded (memoised, so counting stays cheap)."""
        key = id(node)
        if key not in self.sizes:
            self.sizes[key] = 1  # a recursive alias counts once instead of looping
            if isinstance(node, yaml.SequenceNode):
                total = 1 + sum(self.size(child) for child in node.value)
            elif isinstance(node, yaml.MappingNode):
                total = 1 + sum(self.size(k) + self.size(v) for k, v in node.value)
            else:
                total = 1
            self.sizes[key] = min(total, self.limit + 1)
        return self.sizes[key]

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.style or node.tag == _STR:
            return node.value  # quoted, block, tagged !!str, or text to YAML 1.1 too: as written
        return resolve_plain(node.value)

    def sequence(self, node: yaml.SequenceNode) -> LocatedList:
        result = LocatedList()
        result.lc = LineColumns(node.start_mark.line, node.start_mark.column)
        self.built[id(node)] = result  # before the items, for recursive aliases
        for index, child in enumerate(node.value):
            result.append(self.build(child))
            result.lc._values[index] = (child.start_mark.line, child.start_mark.column)
        return result

    def mapping(self, node: yaml.MappingNode) -> LocatedDict:
        result = LocatedDict()
        result.lc = LineColumns(node.start_mark.line, node.start_mark.column)
        self.built[id(node)] = result
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE and isinstance(key_node, yaml.ScalarNode):
                merges.append(value_node)
                continue
            key = self.build(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in result:
                raise DuplicateKey(str(key), key_node.start_mark.line, key_node.start_mark.column)
            result[key] = self.build(value_node)
            result.lc._keys[key] = (key_node.start_mark.line, key_node.start_mark.column)
            result.lc._values[key] = (value_node.start_mark.line, value_node.start_mark.column)
        for value_node in merges:  # after the explicit keys, which win
            self.merge(result, value_node)
        return result

    def merge(self, result: LocatedDict, value_node: yaml.Node) -> None:
        """YAML merge keys (<<: *defaults): keys not given here are taken from the merged mappings."""
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            merged = self.build(source)
            if isinstance(merged, LocatedDict):
                for key, value in merged.items():
                    if key not in result:
                        result[key] = value
                        result.lc._keys[key] = merged.lc._keys.get(key, (result.lc.line, result.lc.col))
                        result.lc._values[key] = merged.lc._values.get(key, (result.lc.line, result.lc.col))


def parse(content: str, limit: int) -> Any:
    """Parse YAML (or JSON) text into located containers; None for an empty document.

    Raises ParseError for malformed text, DuplicateKey for a repeated key, TooLarge when aliases
    expand past ``limit`` nodes (checked on the node graph before anything is built).
    """
    root = yaml.compose(content, Loader=_Loader)
    if root is None:
        return None
    builder = _Builder(limit)
    if builder.size(root) > limit:
        raise TooLarge(limit)
    return builder.build(root)
