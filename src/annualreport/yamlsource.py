"""YAML and JSON parsed with libyaml into dicts and lists that remember where each key and value stood."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .limits import DEFAULT_LIMITS, Limits, exceeded
from .messages import text

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
class Refused(Exception):
    """Input refused where it stands: a limit exceeded, a tag, a merge key. ``message`` is worded for
    the user; line and column are 0-based."""

    message: str
    line: int
    column: int


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
_NUMBER_START = re.compile(r"^[-+.0-9]")

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
ALLOWED_TAGS = {"scalar": (_STR,), "sequence": (_CORE + "seq",), "mapping": (_CORE + "map",)}
"""Explicit tags a report may carry: ``!!str`` (text, even when it looks like a number) and the no-op
``!!seq``/``!!map``. Every other tag, ``!!python/object/apply:…`` first, is refused where it stands."""

_YAML_1_1 = yaml.resolver.Resolver()
"""PyYAML's YAML 1.1 resolver: a plain scalar it reads as text stays text."""

MERGE_KEY = "<<"
"""YAML 1.1's merge key; refused, like every key the model does not know, but said plainly."""


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
    if _FLOAT.match(text):
        return ExactFloat(text)
    if _SPECIAL_FLOAT.match(text):
        return float(text.replace(".", "", 1))
    return text


def is_number(text: str) -> bool:
    """Whether a plain scalar reads as a number (int, octal, hex, float, ±.inf, .nan)."""
    return bool(_NUMBER_START.match(text)) and any(
        p.match(text) for p in (_INT, _OCT, _HEX, _FLOAT, _SPECIAL_FLOAT)
    )


def shown_tag(tag: str) -> str:
    """A tag as an author writes it: ``!!python/object/apply:os.system``, ``!local``."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _Open:
    """A mapping or sequence being built: its value, expanded size so far, anchor, and pending key."""

    __slots__ = ("value", "size", "anchor", "key", "key_mark")

    def __init__(self, value: Any, anchor: str | None) -> None:
        self.value = value
        self.size = 1
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.key_mark: Any = None


_NO_KEY = object()


class _Builder:
    """Builds located dicts and lists from libyaml's events in one pass, without recursion, counting
    as it goes: nesting, values (aliases expanded: an alias counts the values it stands for, but the
    built object is shared, not copied), alias expansion, number length. It stops at the first limit
    exceeded, so nothing larger than the limits is ever built."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[Any, int | None]] = {}
        self.nodes = 0
        self.aliased = 0
        self.root: Any = None

    def run(self, parser: Any) -> Any:
        document_mark = None
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return self.root
            if isinstance(event, yaml.DocumentStartEvent):
                if document_mark is not None:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream", document_mark, "but found another document",
                        event.start_mark,
                    )  # fmt: skip
                document_mark = event.start_mark
            elif isinstance(event, yaml.ScalarEvent):
                mark = event.start_mark
                self.count(1, mark)
                if event.value == MERGE_KEY and not event.style and event.tag is None and self.awaiting_key():
                    raise Refused(text("yaml_merge"), mark.line, mark.column)
                value = self.scalar(event)
                self.place(value, 1, mark, is_scalar=True)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                self.start(event)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                done = self.stack.pop()
                if done.anchor is not None:
                    self.anchors[done.anchor] = (done.value, done.size)
                if self.stack:
                    self.stack[-1].size += done.size

    # ---- counting

    def count(self, size: int, mark: Any) -> None:
        self.nodes += size
        if self.nodes > self.limits.nodes:
            raise Refused(exceeded("nodes", self.limits), mark.line, mark.column)

    # ---- values

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is not None and tag not in ALLOWED_TAGS["scalar"]:
            self.refuse_tag(tag, event.start_mark)
        if event.style or tag is not None:
            return event.value  # quoted, block, or tagged !!str: text as written
        text = event.value
        if not (_NUMBER_START.match(text) or text in _BOOL or _NULL.match(text)):
            return text  # text to YAML 1.2 (most of a report: its prose), found without the regexes below
        if _YAML_1_1.resolve(yaml.ScalarNode, text, (True, False)) == _STR:
            return text  # text to YAML 1.1 too (0o17, 1e5): as written, as it always was
        if len(text) > self.limits.number_chars and is_number(text):
            mark = event.start_mark
            raise Refused(exceeded("number_chars", self.limits, length=len(text)), mark.line, mark.column)
        return resolve_plain(text)

    def refuse_tag(self, tag: str, mark: Any) -> None:
        raise Refused(text("yaml_tag", tag=shown_tag(tag)), mark.line, mark.column)

    def alias(self, event: yaml.AliasEvent) -> None:
        mark = event.start_mark
        if event.anchor not in self.anchors:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", mark)
        value, size = self.anchors[event.anchor]
        if size is None:
            raise Refused(text("yaml_recursive_alias", name=event.anchor), mark.line, mark.column)
        self.aliased += size
        if self.aliased > self.limits.alias_nodes:
            raise Refused(exceeded("alias_nodes", self.limits), mark.line, mark.column)
        self.count(size, mark)
        self.place(value, size, mark, is_scalar=not isinstance(value, (dict, list)))

    def awaiting_key(self) -> bool:
        """Whether the next value is a key of the open mapping."""
        return bool(self.stack) and isinstance(self.stack[-1].value, LocatedDict) and self.stack[-1].key is _NO_KEY

    def start(self, event: Any) -> None:
        mark = event.start_mark
        kind = "sequence" if isinstance(event, yaml.SequenceStartEvent) else "mapping"
        if event.tag is not None and event.tag not in ALLOWED_TAGS[kind]:
            self.refuse_tag(event.tag, mark)
        self.count(1, mark)
        if len(self.stack) >= self.limits.depth:
            raise Refused(exceeded("depth", self.limits), mark.line, mark.column)
        value: LocatedDict | LocatedList = LocatedList() if kind == "sequence" else LocatedDict()
        value.lc = LineColumns(mark.line, mark.column)
        self.place(value, 0, mark, is_scalar=False)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, None)  # open: an alias to it now would be recursive
        self.stack.append(_Open(value, event.anchor))

    def place(self, value: Any, size: int, mark: Any, *, is_scalar: bool) -> None:
        """Put a value into the open container (as a key, a value or an item), or make it the root."""
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        parent.size += size
        container = parent.value
        if isinstance(container, LocatedList):
            container.lc._values[len(container)] = (mark.line, mark.column)
            container.append(value)
        elif parent.key is _NO_KEY:
            if not is_scalar:
                raise Refused(text("yaml_complex_key"), mark.line, mark.column)
            key = value if isinstance(value, (str, int, float, bool)) or value is None else str(value)
            if key in container:
                raise DuplicateKey(str(key), mark.line, mark.column)
            parent.key, parent.key_mark = key, mark
        else:
            key = parent.key
            container[key] = value
            container.lc._keys[key] = (parent.key_mark.line, parent.key_mark.column)
            container.lc._values[key] = (mark.line, mark.column)
            parent.key = _NO_KEY


def parse(content: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse YAML (or JSON) text into located containers; None for an empty document.

    Raises ParseError for malformed text, DuplicateKey for a repeated key, Refused for a limit exceeded
    (see limits.Limits: depth, nodes, alias_nodes, number_chars), a tag other than !!str or a merge key.
    """
    parser = _Loader(content)
    try:
        return _Builder(limits).run(parser)
    finally:
        parser.dispose()
