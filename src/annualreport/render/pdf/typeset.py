"""Chinese line breaking (GB/T 15834 kinsoku) and justified line layout, free of any PDF library."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

Alignment = Literal["justify", "left", "center", "right"]
Measure = Callable[[str, str, float], float]
"""``measure(text, font, size)``: natural advance width of ``text`` in points."""

# GB/T 15834 and W3C clreq: closing and ending marks never begin a line, opening marks never end one.
CANNOT_START = frozenset("，。、；：？！）》」』】〕〉〗〙］｝”’…—％%·,.;:?!)]}")
CANNOT_END = frozenset("（《「『【〔〈〖〘［｛“‘([{")

# GB (mainland) fonts draw these in one half of the em square; the other half is blank and is the
# first thing given up when a line must be squeezed (clreq "punctuation compression"). Only half of
# that blank (1/4 em) is taken, because some fonts (Arphic Kai, UKai) centre the marks in the cell.
PUNCT_SQUEEZE = 1 / 4
_BLANK_RIGHT = frozenset("，。、；：）》」』】〕〉〗〙］｝”’")
_BLANK_LEFT = frozenset("（《「『【〔〈〖〘［｛“‘")

# Beyond punctuation blanks a squeezed line may tighten every gap by at most 1/32 em (0.5 pt at 16 pt):
# invisible between hanzi, yet enough with one compressible mark on the line to pull a closing mark
# back onto it instead of leaving a loosely spread line behind.
EVEN_SHRINK = 1 / 32
MAX_STRETCH = 1 / 4
"""A justified line widens no gap between two characters by more than this (in em) where a break elsewhere
(a cut inside a URL, a long number or a hyphenated word) avoids it."""
_MAX_SQUEEZE_UNITS = 4  # longest tail of closing marks squeezed in: ……。”）
_EPS = 0.01  # pt; absorbs float noise such as 28 x 15.79 against 442.2

_ALNUM = "0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
# A number or Latin word is never split: 17.15, 100%, 624,000, 2019, COVID-19, PM2.5.
_TOKEN = re.compile(rf"[{_ALNUM}]+(?:[.,:/\-'’\u2009\u202f][{_ALNUM}]+)*%?")
_DASHES = re.compile(r"…{2,}|—{2,}")  # two-em marks …… and —— are one unit
_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # U+3000 and NBSP are characters, not break points
# A URL or an e-mail address: ASCII without spaces, its trailing sentence marks left out. It may break after
# / . - _ ? & = @ (after the last of a run of them: "https://" stays whole), and nowhere else but as a last resort.
_URL = (
    r"(?:(?:https?|ftp)://|www\.)[!-~]*[A-Za-z0-9/#=&_\-~+%]"
    r"|(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
_URL_BREAK_AFTER = frozenset("/.-_?&=@")
_URL_SEGMENT = re.compile(r"[^/.\-_?&=@]*[/.\-_?&=@]+|[^/.\-_?&=@]+")
_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff"  # never whitespace, a mark or part of a token: one unit each
# One pass over the text: at each position whitespace, else a stretch of ideographs (taken one by one),
# else a two-em mark, else a token, else one character.
_SCAN = re.compile(
    rf"({_SPACE.pattern})|([{_IDEOGRAPHS}]+)|({_URL})|(?:{_DASHES.pattern}|{_TOKEN.pattern}|.)", re.DOTALL
)
_CJK_PUNCT = frozenset("“”‘’…—·")


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of paragraph text in one font and size."""

    text: str
    font: str
    size: float


class Fragment(NamedTuple):
    """Text drawn in one go at ``x`` points from the line start."""

    x: float
    text: str
    font: str
    size: float


@dataclass(frozen=True, slots=True)
class Line:
    """One laid-out line: positioned fragments plus measurements."""

    fragments: tuple[Fragment, ...]
    natural_width: float
    """Width of the content before justification or squeezing (tracking included)."""
    extent: float
    """Where the line ends after adjustment, from the line start (indent included)."""
    start: int
    """Offset of the line's first character in the paragraph's text."""

    @property
    def text(self) -> str:
        return "".join(f.text for f in self.fragments)


class _Unit:
    """An unbreakable, unstretchable piece: one hanzi or mark, a number, a word, …… or ——.

    A plain class rather than a frozen dataclass: a paragraph makes one per character, and a frozen
    dataclass's __init__ (one object.__setattr__ per field) was a tenth of the typesetting time.
    """

    __slots__ = ("start", "end", "text", "width", "size", "cjk", "glue_end", "glue", "forced", "blank_left", "blank_right",
                 "soft", "url", "hyphen")  # fmt: skip

    def __init__(
        self, start: int, end: int, text: str | None, width: float, size: float, cjk: bool, glue_end: int = 0,
        glue: float = 0.0, forced: bool = False, blank_left: float = 0.0, blank_right: float = 0.0,
    ) -> None:  # fmt: skip
        self.start, self.end, self.text, self.width, self.size, self.cjk = start, end, text, width, size, cjk
        # text is None for the rest of a long cut token until it is set (slicing it at every cut would be quadratic)
        self.glue_end = glue_end  # end of the whitespace that follows
        self.glue = glue
        self.forced = forced  # prefix of an over-long token: a break after it is allowed
        self.blank_left, self.blank_right = blank_left, blank_right
        self.soft = False  # a piece of a URL or e-mail address ending after / . - _ ? & = @: a break after it is allowed
        self.url = False  # part of a URL or e-mail address
        self.hyphen = False  # head of a hyphenated word: drawn with a hyphen after it (in text and width)

    def __repr__(self) -> str:
        return f"_Unit({self.text!r}, {self.start}:{self.end}, width={self.width}, glue={self.glue})"


class Measurements:
    """Widths measured while typesetting, for reuse by later paragraphs measured the same way.

    Pass one to every :func:`typeset` call of a document (e.g. all paragraphs of one PDF build): a
    paragraph mostly has characters of its own, but a document repeats them, so most measurements
    and the units made from them are then found instead of made. Only valid while the fonts behind
    ``measure`` stay as they are; it is tied to that one ``measure`` function.
    """

    __slots__ = ("measure", "widths", "units")

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        self.widths: dict[tuple[str, str, float], float] = {}
        """(text, font, size) -> natural width, tracking excluded."""
        self.units: dict[tuple[str, str, float, float], _Unit] = {}
        """(character, font, size, tracking) -> a unit of that character, to copy."""


class _Para:
    """The paragraph's text with run boundaries and a measuring cache."""

    __slots__ = ("runs", "measure", "char_space", "text", "ends", "widths", "units", "single", "running")

    def __init__(
        self, runs: tuple[Run, ...], measure: Measure, char_space: float, shared: Measurements | None = None
    ) -> None:
        self.runs, self.measure, self.char_space = runs, measure, char_space
        ends, n = [], 0
        for r in runs:
            n += len(r.text)
            ends.append(n)
        self.text = "".join(r.text for r in runs)
        self.ends = tuple(ends)
        if shared is not None and shared.measure is not measure:
            raise ValueError("these Measurements were made with another measure function")
        self.widths = shared.widths if shared is not None else {}
        self.units = shared.units if shared is not None else {}
        self.single = len(runs) == 1  # the usual case: no run boundary to look for
        self.running: dict[int, tuple[int, list[float]]] = {}  # see _running_widths

    def pieces(self, start: int, end: int) -> list[tuple[str, Run]]:
        """Split ``text[start:end]`` at run boundaries."""
        if self.single:
            return [(self.text[start:end], self.runs[0])] if start < end else []
        out, i = [], start
        while i < end:
            k = bisect.bisect_right(self.ends, i)
            j = min(end, self.ends[k])
            out.append((self.text[i:j], self.runs[k]))
            i = j
        return out

    def piece_width(self, text: str, run: Run) -> float:
        key = (text, run.font, run.size)
        width = self.widths.get(key)
        if width is None:
            width = self.widths[key] = self.measure(text, run.font, run.size)
        return width + self.char_space * len(text)

    def width(self, start: int, end: int) -> float:
        if self.single or bisect.bisect_right(self.ends, start) == bisect.bisect_right(self.ends, end - 1):
            # One piece: the sum below would be 0 + w, the same float.
            return self.piece_width(self.text[start:end], self.run_at(start)) if start < end else 0
        return sum(self.piece_width(t, r) for t, r in self.pieces(start, end))

    def run_at(self, i: int) -> Run:
        return self.runs[0] if self.single else self.runs[bisect.bisect_right(self.ends, i)]

    def size(self, i: int) -> float:
        return self.run_at(i).size


def typeset(
    runs: Sequence[Run],
    measure: Measure,
    width: float,
    *,
    first_indent: float = 0.0,
    char_space: float = 0.0,
    align: Alignment = "justify",
    measurements: Measurements | None = None,
) -> tuple[Line, ...]:
    """Break a paragraph into lines of ``width`` points and position its text; empty text gives one empty line.

    ``measurements`` (made with the same ``measure``) carries widths over from earlier calls.
    """
    if width <= 0:
        raise ValueError(f"line width must be positive, got {width}")
    para = _Para(tuple(r for r in runs if r.text), measure, char_space, measurements)
    units = _tokenize(para)
    if not units:
        return (Line((), 0.0, first_indent, 0),)
    lines = _break(units, para, width, first_indent)
    del units  # each line's units are let go once it is laid out: a long paragraph never holds all of both
    last = len(lines) - 1
    out = []
    for n in range(len(lines)):
        line, lines[n] = lines[n], []
        out.append(_layout(line, para, width, first_indent if n == 0 else 0.0, align, n == last))
    return tuple(out)


def slice_runs(runs: Sequence[Run], start: int) -> tuple[Run, ...]:
    """The runs from character ``start`` of their joined text on (for continuing a split paragraph)."""
    out: list[Run] = []
    for r in runs:
        if r.text and start < len(r.text):
            out.append(Run(r.text[max(start, 0) :], r.font, r.size))
        start -= len(r.text)
    return tuple(out)


# --- tokenizing --------------------------------------------------------------------------------------


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xAC00 <= o <= 0xD7AF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or o >= 0x20000
        or ch in _CJK_PUNCT
    )


def _tokenize(para: _Para) -> list[_Unit]:
    units: list[_Unit] = []
    text, ends, runs, char_space = para.text, para.ends, para.runs, para.char_space
    # A one-character unit depends only on its character, font, size and tracking: made once, then copied.
    models = para.units
    k = 0  # run of the current position (positions only grow)
    append = units.append
    for m in _SCAN.finditer(text):
        start, end = m.span()
        group = m.lastindex
        if group == 1:  # whitespace
            if units:  # leading whitespace is dropped; the rest is glue after the previous unit
                prev = units[-1]
                prev.glue_end, prev.glue = end, para.width(start, end)
            continue
        if group == 2:  # ideographs: one unit each, made as the one-character units below
            for i in range(start, end):
                while i >= ends[k]:
                    k += 1
                ch = text[i]
                run = runs[k]
                key = (ch, run.font, run.size, char_space)
                model = models.get(key)
                if model is None:
                    model = models[key] = _unit(para, i, i + 1, cjk=True)
                append(_Unit(i, i + 1, model.text, model.width, model.size, True, i + 1, 0.0, False,
                             model.blank_left, model.blank_right))  # fmt: skip
            continue
        while start >= ends[k]:
            k += 1
        if group == 3:  # a URL or e-mail address: one unit per piece that may end a line
            for piece in _URL_SEGMENT.finditer(text, start, end):
                u = _unit(para, piece.start(), piece.end(), cjk=False)
                u.url = u.soft = True
                append(u)
            u.soft = False  # its end is an ordinary boundary
            continue
        if end - start == 1:
            ch = text[start]
            run = runs[k]
            key = (ch, run.font, run.size, char_space)
            model = models.get(key)
            if model is None:
                model = models[key] = _unit(para, start, end, cjk=_is_cjk(ch))
            units.append(_Unit(start, end, model.text, model.width, model.size, model.cjk, end, 0.0, False,
                               model.blank_left, model.blank_right))  # fmt: skip
        else:
            units.append(_unit(para, start, end, cjk=_is_cjk(text[start])))
    return units


def _unit(para: _Para, start: int, end: int, *, cjk: bool, forced: bool = False) -> _Unit:
    text = para.text[start:end]
    size = para.run_at(start).size
    width = para.width(start, end)
    blank_left = blank_right = 0.0
    if len(text) == 1 and (text in _BLANK_LEFT or text in _BLANK_RIGHT):
        # A narrow glyph has no blank to give.
        if width - para.char_space >= 0.75 * size:
            if text in _BLANK_LEFT:
                blank_left = PUNCT_SQUEEZE * size
            else:
                blank_right = PUNCT_SQUEEZE * size
    return _Unit(start, end, text, width, size, cjk, end, 0.0, forced, blank_left, blank_right)


def _with_glue(u: _Unit, glue_end: int, glue: float) -> _Unit:
    out = _Unit(u.start, u.end, u.text, u.width, u.size, u.cjk, glue_end, glue, u.forced, u.blank_left, u.blank_right)
    out.soft, out.url = u.soft, u.url
    return out


# --- breaking ----------------------------------------------------------------------------------------
#
# The units still to place are kept on a stack (the next one on top), the current line in a list: a
# line is filled by popping, a push-back or a cut puts units back on the stack. Every step costs time
# in the length of one line, never in the length of the paragraph, so breaking is linear in the text
# however long it is and whatever it is made of (one unbroken number of a million digits included).

_LONG_TOKEN = 64
"""A token longer than this (in characters) is cut with the running widths of its characters, measured
once: measuring each candidate prefix, as shorter tokens are, would cost time in the square of its length."""


def _breakable(a: _Unit, b: _Unit, text: str) -> bool:
    """May a line end between ``a`` and ``b`` (units of ``text``)?"""
    if a.forced:
        return True
    if a.soft:
        return text[b.start] not in CANNOT_START
    if not (a.glue or a.cjk or b.cjk):  # inside Latin/number text without a space
        return False
    return text[b.start] not in CANNOT_START and text[a.end - 1] not in CANNOT_END


def _break(units: list[_Unit], para: _Para, width: float, indent: float) -> list[list[_Unit]]:
    """Greedy first fit with kinsoku: the units of each line. May cut over-long units."""
    text = para.text
    stack = units[::-1]
    lines: list[list[_Unit]] = []
    while stack:
        avail = width - (indent if not lines else 0.0)
        _split_overlong(stack, avail, para)
        u = stack.pop()
        line, w = [u], u.width
        while stack and w + u.glue + stack[-1].width <= avail + _EPS:
            w += u.glue + stack[-1].width
            u = stack.pop()
            line.append(u)
        if stack and not _breakable(u, stack[-1], text):
            _resolve(line, stack, avail, width, para)
        if stack and _loose(line, avail):
            _fill(line, stack, avail, para)
        lines.append(line)
    return lines


def _natural(line: Sequence[_Unit]) -> float:
    return sum(u.width for u in line) + sum(u.glue for u in line[:-1])


def _resolve(line: list[_Unit], stack: list[_Unit], avail: float, width: float, para: _Para) -> None:
    """The natural break after ``line`` is forbidden: squeeze closing marks in, else push back, else force.

    No push-back when what would go to the next line (up to its next break opportunity: a URL, a long
    number with separators) is wider than a whole line anyway: it has to be cut somewhere, so it is
    cut here, filling this line, instead of leaving this line with the few characters before it."""
    if _squeeze_end(line, stack, avail, para.text):
        return
    text = para.text
    for p in range(len(line) - 2, -1, -1):
        if _breakable(line[p], line[p + 1], text):
            if not _wider_than(width, line, p + 1, stack, text):
                stack.extend(reversed(line[p + 1 :]))
                del line[p + 1 :]
                return
            break
    _force(line, stack, avail, para)


def _wider_than(width: float, line: list[_Unit], i: int, stack: list[_Unit], text: str) -> bool:
    """Whether ``line[i:]`` and the units after it up to the next break opportunity are wider than
    ``width`` (looking no further than that width, so the cost is one line's)."""
    w, prev = line[i].width, line[i]
    for u in line[i + 1 :]:
        w += prev.glue + u.width
        prev = u
    for j in range(len(stack) - 1, -1, -1):
        u = stack[j]
        if _breakable(prev, u, text):
            return False
        w += prev.glue + u.width
        if w > width + _EPS:
            return True
        prev = u
    return False


def _squeeze_end(line: list[_Unit], stack: list[_Unit], avail: float, text: str) -> bool:
    """Take the closing marks next on ``stack`` onto ``line`` if they can be squeezed in."""
    for j in range(1, min(len(stack), _MAX_SQUEEZE_UNITS) + 1):
        u = stack[-j]
        if text[u.start] not in CANNOT_START:
            return False
        if j == len(stack) or _breakable(u, stack[-j - 1], text):
            squeezed = line + stack[: -j - 1 : -1]
            if _natural(squeezed) - avail <= sum(_shrink_caps(squeezed, even=True)):
                line[:] = squeezed
                del stack[-j:]
                return True
            return False
    return False


def _shrink_caps(line: Sequence[_Unit], *, even: bool) -> list[float]:
    """How much each gap of the line may shrink: punctuation blanks (plus the even allowance)."""
    caps = []
    for a, b in zip(line, line[1:]):
        em = max(a.size, b.size)
        caps.append(min(a.blank_right + b.blank_left, em / 2) + (em * EVEN_SHRINK if even else 0.0))
    return caps


def _force(line: list[_Unit], stack: list[_Unit], avail: float, para: _Para) -> None:
    """Last resort: cut the next token by characters to fill the line, or break against kinsoku."""
    room = avail - _natural(line) - line[-1].glue
    nxt = stack[-1]
    cut = _cut_point(para, nxt, room, kinsoku=False)
    if cut is None:
        # The next unit cannot be cut (a closing mark after a URL, say): the end of the line's last token
        # goes with it instead, so that no line starts with a closing mark.
        last = line[-1]
        if len(line) > 1 or last.end - last.start > 1:
            if last.end - last.start > 1 and not last.cjk:
                cut = _cut_point(para, last, last.width - last.size / 8, kinsoku=True)
                if cut is not None:
                    head, tail = _cut(para, last, cut[0], hyphen=cut[1])
                    line[-1] = head
                    stack.append(tail)
        return
    head, tail = _cut(para, nxt, cut[0], hyphen=cut[1])
    stack[-1] = tail
    line.append(head)


def _split_overlong(stack: list[_Unit], avail: float, para: _Para) -> None:
    """The next unit, if wider than the whole line, is cut by characters (at least one per line)."""
    u = stack[-1]
    if u.width > avail + _EPS and u.end - u.start > 1:
        at, hyphen = _cut_point(para, u, avail, kinsoku=False) or (u.start + 1, False)
        head, tail = _cut(para, u, at, hyphen=hyphen)
        stack[-1] = tail
        stack.append(head)


def _loose(line: list[_Unit], avail: float) -> bool:
    """Whether justifying ``line`` would widen a gap by more than a quarter of a character."""
    em = max(u.size for u in line)
    return avail - _natural(line) > MAX_STRETCH * em * (len(line) - 1) + _EPS


def _fill(line: list[_Unit], stack: list[_Unit], avail: float, para: _Para) -> None:
    """A line that would be spread too thin takes the head of the long token after it: a URL piece or a
    long digit string cut between characters, a long Latin word hyphenated (between letters, with a hyphen,
    where no syllable break fits). A short number or word is never cut here."""
    text = para.text
    room = avail - _natural(line) - line[-1].glue
    j = 1  # opening marks before the token come with it: （internationalization）
    while j < len(stack) and stack[-j].end - stack[-j].start == 1 and text[stack[-j].start] in CANNOT_END:
        room -= stack[-j].width + stack[-j].glue
        j += 1
    nxt = stack[-j]
    if nxt.cjk or nxt.end - nxt.start < 2 or room <= 0:
        return
    if not nxt.url and nxt.width <= avail:  # one wider than a line is cut anyway: here, filling this one
        kind = _kind(text, nxt)
        if kind is None or (kind == "digits" and nxt.end - nxt.start < _LONG_DIGITS):
            return
    cut = _cut_point(para, nxt, room, kinsoku=True)
    if cut is None:
        return
    if cut[1]:  # a syllable break that still leaves the line too loose: between letters, as a last resort
        hyphen = para.piece_width("-", para.run_at(nxt.end - 1))
        slack = room - para.width(nxt.start, cut[0]) - hyphen
        if slack > MAX_STRETCH * nxt.size * (len(line) + j - 1) + _EPS:
            end = _fitting_prefix(para, nxt, room - hyphen)
            end = None if end is None else min(end, nxt.end - 2)
            if end is not None and end > cut[0] and text[end - 1].isalpha() and text[end].isalpha():
                cut = (end, True)
    head, tail = _cut(para, nxt, cut[0], hyphen=cut[1])
    for _ in range(j - 1):  # the opening marks
        line.append(stack.pop())
    stack[-1] = tail
    line.append(head)


_LONG_DIGITS = 8
"""A digit string at least this long may be cut between digits when nothing else keeps a line from being
spread too thin (a 40-digit number); shorter numbers always move whole."""
_LONG_WORD = 6
"""A Latin word at least this long may be hyphenated."""
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’\-][A-Za-z\u00c0-\u024f]+)*")
_DIGITS = re.compile(r"[0-9]+(?:[.,\u2009\u202f][0-9]+)*%?")


def _kind(text: str, u: _Unit) -> str | None:
    """"word" for a Latin word long enough to hyphenate, "digits" for a number, else None."""
    if u.end - u.start > _LONG_TOKEN:  # never scanned whole
        return "digits" if text[u.start].isdigit() else "word" if text[u.start].isalpha() else None
    if _DIGITS.fullmatch(text, u.start, u.end):
        return "digits"
    if u.end - u.start >= _LONG_WORD and _WORD.fullmatch(text, u.start, u.end):
        return "word"
    return None


def _cut_point(para: _Para, u: _Unit, room: float, *, kinsoku: bool) -> tuple[int, bool] | None:
    """Where to cut ``u`` so that its head fits in ``room``: (offset, whether a hyphen is added), or None.

    After one of its own hyphens if one fits; a Latin word at its last fitting syllable break (pyphen), or
    failing that between two letters, with a hyphen; anything else between characters. With ``kinsoku`` the
    cut never puts a closing mark at the start of the rest or an opening mark at the end of the head. Costs
    time in the length of one line (the steps back start from the longest fitting prefix)."""
    text = para.text
    word = not u.url and _kind(text, u) == "word"
    hyphen = para.piece_width("-", para.run_at(u.end - 1)) if word else 0.0
    end = _fitting_prefix(para, u, room)
    if end is not None and not u.url:
        for at in range(end, u.start + 1, -1):
            if text[at - 1] == "-":
                return at, False
    if word:
        if u.end - u.start <= _LONG_TOKEN:
            for at in reversed(_syllable_breaks(text[u.start : u.end])):
                if para.width(u.start, u.start + at) + hyphen <= room + _EPS:
                    return u.start + at, True
        end = _fitting_prefix(para, u, room - hyphen)
        end = None if end is None else min(end, u.end - 2)
        if end is not None and end - u.start >= 2:
            if text[end - 1].isalpha() and text[end].isalpha():
                return end, True
            return end, False
        return None
    if kinsoku:
        while end is not None and (text[end] in CANNOT_START or text[end - 1] in CANNOT_END):
            end = end - 1 if end - 1 > u.start else None
    return None if end is None else (end, False)


def _syllable_breaks(word: str) -> list[int]:
    """Offsets in ``word`` where a hyphen may break it (English patterns; at least 2 letters before, 3 after)."""
    return _hyphenator().positions(word)


_HYPHENATOR: Any = None


def _hyphenator() -> Any:
    """pyphen's English (US) patterns, loaded on first use (a few milliseconds)."""
    global _HYPHENATOR
    if _HYPHENATOR is None:
        import pyphen

        _HYPHENATOR = pyphen.Pyphen(lang="en_US", left=2, right=3)
    return _HYPHENATOR


def _fitting_prefix(para: _Para, u: _Unit, room: float) -> int | None:
    """End offset of the longest proper prefix of ``u`` fitting in ``room``, or None."""
    if u.end - u.start > _LONG_TOKEN:
        base, cum = _running_widths(para, u)
        limit = cum[u.start - base] + room + _EPS
        end = bisect.bisect_right(cum, limit, u.start - base + 1, u.end - base) + base - 1
        return end if end > u.start else None
    best = None
    for end in range(u.start + 1, u.end):
        if para.width(u.start, end) > room + _EPS:
            break
        best = end
    return best


def _running_widths(para: _Para, u: _Unit) -> tuple[int, list[float]]:
    """(base, widths) for the long token ``u`` is part of: ``widths[i - base]`` is the width of its
    characters before offset ``i``, each measured once (a cut token's pieces all end where it ends)."""
    entry = para.running.get(u.end)
    if entry is None or entry[0] > u.start:
        text = para.text
        acc, cum = 0.0, [0.0]
        for i in range(u.start, u.end):
            acc += para.piece_width(text[i], para.run_at(i))
            cum.append(acc)
        entry = para.running[u.end] = (u.start, cum)
    return entry


def _cut(para: _Para, u: _Unit, at: int, *, hyphen: bool = False) -> tuple[_Unit, _Unit]:
    """``u`` cut at offset ``at``: a head that may end a line (with a hyphen drawn after it if ``hyphen``),
    and the rest (with ``u``'s glue)."""
    head = _unit(para, u.start, at, cjk=u.cjk, forced=True)
    head.url = u.url
    if hyphen:
        head.hyphen = True
        head.text = para.text[u.start : at] + "-"
        head.width += para.piece_width("-", para.run_at(at - 1))
    if u.end - u.start > _LONG_TOKEN and u.end - at > 1:
        # the rest is measured from the running widths, its text sliced when set
        base, cum = _running_widths(para, u)
        width = cum[u.end - base] - cum[at - base]
        tail = _Unit(at, u.end, None, width, para.size(at), u.cjk, u.glue_end, u.glue)
    else:
        tail = _with_glue(_unit(para, at, u.end, cjk=u.cjk), u.glue_end, u.glue)
    tail.soft, tail.url = u.soft, u.url
    return head, tail


# --- positioning -------------------------------------------------------------------------------------


def _adjustments(line: Sequence[_Unit], delta: float, justify: bool) -> list[float]:
    """Change of each gap: even stretch, or shrink taken from punctuation blanks first, then evenly.

    A line that ends by cutting a stretch with no break opportunity (a URL, a long number) is not
    stretched inside Latin or digits written without a space (between ``https`` ``:`` ``/``): only its
    gaps at a space or next to a hanzi or full-width mark widen, and with none it keeps its natural
    width. (Other lines stretch every gap, as they always have: the "1" and "." of a numbered point.)"""
    gaps = len(line) - 1
    if gaps == 0 or (delta >= 0 and not justify):
        return [0.0] * gaps
    if delta >= 0:
        forced = line[-1].forced
        open_gaps = [not a.soft and (not forced or bool(a.glue or a.cjk or b.cjk)) for a, b in zip(line, line[1:])]
        n = sum(open_gaps)
        if n == gaps:
            return [delta / gaps] * gaps
        if n and delta / n <= MAX_STRETCH * max(u.size for u in line):
            return [delta / n if g else 0.0 for g in open_gaps]
        return [delta / gaps] * gaps  # too much for the gaps between words: inside them as well
    punct, need = _shrink_caps(line, even=False), -delta
    total = sum(punct)
    if total >= need:
        return [-p * need / total for p in punct]
    rest = (need - total) / gaps
    return [-(p + rest) for p in punct]


def _layout(
    line: Sequence[_Unit], para: _Para, width: float, indent: float, align: Alignment, last: bool
) -> Line:
    avail = width - indent
    natural = _natural(line)
    delta = avail - natural
    adj = _adjustments(line, delta, align == "justify" and not last)
    slack = max(delta, 0.0) if len(line) == 1 or align != "justify" or last else 0.0
    x = indent + {"center": slack / 2, "right": slack}.get(align, 0.0)
    frags: list[list[Any]] = []
    final = len(line) - 1
    text, ends, runs = para.text, para.ends, para.runs
    for i, u in enumerate(line):
        # A unit (or its glue) inside one run is one piece whose width the unit already carries: the
        # same float _emit would measure, so the positions are exactly _emit's.
        k = bisect.bisect_right(ends, u.start)
        if u.end <= ends[k]:
            x = _put(frags, x, u.text if u.text is not None else text[u.start : u.end], u.width, runs[k])
        else:
            x = _emit(frags, para, u.start, u.end, x)
            if u.hyphen:
                run = para.run_at(u.end - 1)
                x = _put(frags, x, "-", para.piece_width("-", run), run)
        if i < final:
            if u.glue_end > u.end:
                k = bisect.bisect_right(ends, u.end)
                if u.glue_end <= ends[k]:
                    x = _put(frags, x, text[u.end : u.glue_end], u.glue, runs[k])
                else:
                    x = _emit(frags, para, u.end, u.glue_end, x)
            x = x + adj[i]
    fragments = tuple(Fragment(f[0], f[1] if isinstance(f[1], str) else "".join(f[1]), f[2], f[3]) for f in frags)
    return Line(fragments, natural, x, line[0].start)


def _emit(frags: list[list[Any]], para: _Para, start: int, end: int, x: float) -> float:
    """Append ``text[start:end]`` at ``x`` (measured piece by piece across runs); returns the pen."""
    for text, run in para.pieces(start, end):
        x = _put(frags, x, text, para.piece_width(text, run), run)
    return x


def _put(frags: list[list[Any]], x: float, text: str, w: float, run: Run) -> float:
    """Append ``text``, ``w`` wide, at ``x``, merging with the previous fragment when it continues it.

    A fragment is [x, text or list of texts, font, size, pen]; the texts are joined once, at the end.
    """
    if frags:
        prev = frags[-1]
        if abs(prev[4] - x) < 1e-6 and prev[2] == run.font and prev[3] == run.size:
            if isinstance(prev[1], str):
                prev[1] = [prev[1]]
            prev[1].append(text)
            prev[4] = x + w
            return x + w
    frags.append([x, text, run.font, run.size, x + w])
    return x + w
