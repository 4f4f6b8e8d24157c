"""JSON parsed into the same located dicts and lists as YAML (yamlsource), accepting what ``json.loads``
accepts and wording its errors as ``json`` does.

JSON used to go through libyaml, which refuses some valid JSON (surrogate-pair escapes such as
``"\\ud83d\\ude00"``, raw DEL and C1 characters in strings) and words JSON's errors as YAML's. This
parser is iterative (no recursion, so any nesting gets an answer: the ``depth`` limit), counts values
as it goes (``nodes``), and refuses numbers longer than ``number_chars`` before Python's int() would
refuse a 4,300-digit one with a ValueError. Strings go through json's own (C) ``scanstring``.
"""

from __future__ import annotations

import bisect
import json
import re
from json.decoder import JSONDecodeError, scanstring
from typing import Any

from .limits import DEFAULT_LIMITS, Limits, exceeded
from .yamlsource import DuplicateKey, ExactFloat, LineColumns, LocatedDict, LocatedList, Refused

__all__ = ["JSONDecodeError", "parse"]

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_CONSTANTS = {"null": None, "true": True, "false": False, "NaN": float("nan"), "Infinity": float("inf"),
              "-Infinity": float("-inf")}  # fmt: skip
_NO_KEY = object()


class _Lines:
    """0-based line and column of an offset (columns count characters, as libyaml's do)."""

    def __init__(self, content: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", content)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]


def parse(content: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """The JSON document in ``content`` as located containers.

    Raises JSONDecodeError (with json's own message and position) for malformed JSON, DuplicateKey for
    a key repeated in an object (json.loads would keep the last one silently), Refused for a limit.
    """
    try:
        return _Parser(content, limits).run()
    except JSONDecodeError as mine:
        try:  # json's own words for the error, when it finds one (it stops there: no deeper recursion)
            json.loads(content)
        except JSONDecodeError as theirs:
            raise theirs from None
        except (RecursionError, ValueError):
            pass
        raise mine from None


class _Parser:
    def __init__(self, content: str, limits: Limits) -> None:
        self.s = content
        self.limits = limits
        self.lines = _Lines(content)
        self.nodes = 0
        # open containers: [container, pending key, key offset]
        self.stack: list[list[Any]] = []
        self.root: Any = None

    def error(self, message: str, offset: int) -> JSONDecodeError:
        return JSONDecodeError(message, self.s, offset)

    def refuse(self, message: str, offset: int) -> Refused:
        line, column = self.lines.at(offset)
        return Refused(message, line, column)

    def space(self, offset: int) -> int:
        return _SPACE.match(self.s, offset).end()  # type: ignore[union-attr]

    def run(self) -> Any:
        s = self.s
        pos = self.space(0)
        while True:
            pos, opened = self.value(pos)
            if opened:  # a container just opened: its first key or item, or its end
                pos = self.space(pos)
                close = "}" if isinstance(self.stack[-1][0], dict) else "]"
                if s.startswith(close, pos):
                    self.stack.pop()
                    pos += 1
                elif close == "}":
                    pos = self.key(pos)
                    continue
                else:
                    continue
            while self.stack:  # a value is complete: a comma and the next, or the container's end
                pos = self.space(pos)
                container = self.stack[-1][0]
                close = "}" if isinstance(container, dict) else "]"
                if s.startswith(",", pos):
                    pos = self.space(pos + 1)
                    if close == "}":
                        pos = self.key(pos)
                    break
                if s.startswith(close, pos):
                    self.stack.pop()
                    pos += 1
                    continue
                raise self.error("Expecting ',' delimiter", pos)
            else:
                pos = self.space(pos)
                if pos != len(s):
                    raise self.error("Extra data", pos)
                return self.root

    def key(self, pos: int) -> int:
        """Read ``"key" :`` at ``pos``; return where its value starts."""
        s = self.s
        if not s.startswith('"', pos):
            raise self.error("Expecting property name enclosed in double quotes", pos)
        key, end = scanstring(s, pos + 1, True)
        frame = self.stack[-1]
        if key in frame[0]:
            line, column = self.lines.at(pos)
            raise DuplicateKey(key, line, column)
        frame[1], frame[2] = key, pos
        end = self.space(end)
        if not s.startswith(":", end):
            raise self.error("Expecting ':' delimiter", end)
        return self.space(end + 1)

    def value(self, pos: int) -> tuple[int, bool]:
        """Read one value at ``pos`` and place it; (where it ends, whether it opened a container)."""
        s = self.s
        self.nodes += 1
        if self.nodes > self.limits.nodes:
            raise self.refuse(exceeded("nodes", self.limits), pos)
        char = s[pos : pos + 1]
        if char in ("{", "["):
            if len(self.stack) >= self.limits.depth:
                raise self.refuse(exceeded("depth", self.limits), pos)
            container: LocatedDict | LocatedList = LocatedDict() if char == "{" else LocatedList()
            container.lc = LineColumns(*self.lines.at(pos))
            self.place(container, pos)
            self.stack.append([container, _NO_KEY, None])
            return pos + 1, True
        if char == '"':
            text, end = scanstring(s, pos + 1, True)
            self.place(text, pos)
            return end, False
        number = _NUMBER.match(s, pos) if char and char in "-0123456789" else None
        if number is not None:
            literal = number.group(0)
            if len(literal) > self.limits.number_chars:
                raise self.refuse(exceeded("number_chars", self.limits, length=len(literal)), pos)
            self.place(ExactFloat(literal) if number.group(1) or number.group(2) else int(literal), pos)
            return number.end(), False
        for word, constant in _CONSTANTS.items():
            if s.startswith(word, pos):
                self.place(constant, pos)
                return pos + len(word), False
        raise self.error("Expecting value", pos)

    def place(self, value: Any, pos: int) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame[0]
        where = self.lines.at(pos)
        if isinstance(container, LocatedList):
            container.lc._values[len(container)] = where
            container.append(value)
        else:
            key = frame[1]
            container[key] = value
            container.lc._keys[key] = self.lines.at(frame[2])
            container.lc._values[key] = where
            frame[1] = _NO_KEY
