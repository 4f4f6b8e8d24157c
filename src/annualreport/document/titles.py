"""The one routine that breaks titles, subtitles, table captions, attachment titles and issuers into lines.

GB/T 9704 7.3.3: a title too long for one line is broken so that words stay whole (回行时词意完整) and the
lines are balanced (排列对称，长短适宜). :func:`break_lines` takes the text, the width of the line in points
and the advance of every character in points — the real advance widths of the role's font, supplied by the
caller (:data:`Advances`) — and returns the fewest lines that fit, cut only between words
(:func:`segment.segment`, with the official phrases kept whole), as even in width as those cuts allow.

The document carries the lines (``Title.lines``, ``Table.caption_lines``, ``Signature.issuer_lines``) and both
renderers draw exactly them, so the .docx and the PDF show the same lines. Which widths: the build step
cannot read a font (``document/`` imports no font library), so ``build_document`` takes an ``advances``
function. The PDF renderer supplies one from the faces it resolved (``render.pdf.font_advances``), and the
CLI and ``annualreport.render_pdf`` build with it whenever a PDF is rendered — the .docx of the same run is
written from the same document. Without it (``annualreport.build``, ``render --docx`` alone, a machine
without Chinese fonts) :func:`fallback_advances` is used: widths at least as wide as those of the common
Chinese faces (Fandol, Noto CJK, WenQuanYi, AR PL), so a line that fits by it fits in any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..style import Style
from .nodes import Chart, Document, Figure, Node, Signature, Table, Title
from .segment import segment

__all__ = ["Advances", "BREAK_AFTER_CHARS", "BREAK_AFTER_WORDS", "break_lines", "fallback_advances", "line_width_pt",
           "needs_fonts", "rebreak"]  # fmt: skip

Advances = Callable[[str, str], Sequence[float]]
"""``advances(role, text)``: the advance of each character of ``text`` set in ``role``, in points (tracking
included): what the line it stands on takes of the line's width."""

BREAK_AFTER_WORDS = ("关于", "人民政府", "委员会", "年度", "工作", "情况", "的通知", "的报告", "的意见")
"""Words after which a title line ends best."""

BREAK_AFTER_CHARS = "的和与及、"
"""Function characters after which a title line ends best."""

NO_LINE_START = "，。、；：？！）》〉」』】〕”’%‰·,.;:?!)]}"
"""Characters that never start a line (GB/T 15834 and the Chinese line-breaking rules)."""

NO_LINE_END = "（《〈「『【〔“‘([{"
"""Characters that never end a line."""

UNIT_AFTER_NUMBER = "年月日号届次期个项条万亿元%‰"
"""A number and the unit after it stay on one line (2018年, 3项)."""

BALANCE_MAX_LINES = 12
"""Texts of more lines (only past any real title: the limit is 200 characters) are filled line by line,
in time linear in their length, instead of balanced."""

FIT_SLACK_PT = 0.5
"""Points left free on a line, so rounding in a renderer's own measurement never pushes a word over."""

_ORDINARY_BREAK = 1.0
_PREFERRED_BREAK = 0.0
_IN_WORD_BREAK = 40.0
"""Costs of a cut, in the units of the balance term (squared character widths): after a preferred word,
between two other words, and inside a word (only where a word is longer than a line)."""

# Fallback widths, in ems, at least those of every common Chinese face measured (docs/architecture.md):
# digits 0.47–0.60 (Noto Serif CJK Bold 0.59, WenQuanYi 0.55, FandolKai 0.555), capitals up to 1.09 (W); AR PL KaitiM 0.5 for every ASCII character.
_FALLBACK = {
    **dict.fromkeys("0123456789", 0.6),
    **dict.fromkeys("MW%", 1.1),
    **dict.fromkeys("mw@", 1.05),
    **dict.fromkeys("ijlI.,:;!|'`", 0.5),
    " ": 0.5,
}


def fallback_width(ch: str) -> float:
    """Width in ems assumed for ``ch`` when no font is measured: full width for CJK and full-width forms."""
    if ch in _FALLBACK:
        return _FALLBACK[ch]
    if ord(ch) < 0x2E80 and ch not in "—…“”‘’·":
        if ch.isascii():
            return 0.8 if ch.isupper() else 0.6
        return 0.8
    return 1.0


def fallback_advances(style: Style) -> Advances:
    """Advances from :func:`fallback_width` at each role's size, with the tracking the renderers give a role at
    body size (its characters then sit in the 28-per-line cells)."""

    def advances(role: str, text: str) -> list[float]:
        size = style.role(role).size_pt
        track = tracking(style, role)
        return [fallback_width(ch) * size + track for ch in text]

    return advances


def tracking(style: Style, role: str) -> float:
    """Space after every character of ``role``: the body's cell minus the size for roles at body size, else 0
    (as the PDF and the .docx set it)."""
    size = style.role(role).size_pt
    body = style.role("body").size_pt
    return style.page.char_cell_pt - size if abs(size - body) < 0.01 else 0.0


def line_width_pt(style: Style) -> float:
    """The width a title, caption or issuer line may take: the text block less :data:`FIT_SLACK_PT`."""
    return style.page.block_width_pt - FIT_SLACK_PT


def break_lines(text: str, width: float, advances: Sequence[float]) -> tuple[str, ...]:
    """``text`` in the fewest lines no wider than ``width`` (points), cut only between words, as even as those
    cuts allow; ``advances`` holds each character's advance in points.

    A cut never leaves closing punctuation at a line start or opening punctuation at a line end, never
    parts a number from its unit (2018年) and never splits ……/——. Among the cuts giving the fewest lines,
    the one whose line widths differ least from their mean wins, a cut after a word of
    :data:`BREAK_AFTER_WORDS` or a character of :data:`BREAK_AFTER_CHARS` costing less than another. Only a
    word wider than a line is cut inside (where the line is full). Time: lines × cuts × cuts per line.
    """
    if not text:
        return ("",)
    cum = [0.0]
    for advance in advances:
        cum.append(cum[-1] + advance)
    if cum[-1] <= width:
        return (text,)
    words = segment(text)
    cuts: dict[int, float] = {}  # offset -> cost of ending a line there
    end = 0
    for k, word in enumerate(words):
        start, end = end, end + len(word)
        if len(word) > 1 and cum[end] - cum[start] > width:  # longer than a line: may be cut anywhere inside
            for inner in range(start + 1, end):
                if _may_cut(text, inner):
                    cuts.setdefault(inner, _IN_WORD_BREAK)
        if k + 1 < len(words) and _may_cut(text, end) and not (word[-1].isdigit() and text[end] in UNIT_AFTER_NUMBER):
            preferred = text.endswith(BREAK_AFTER_WORDS, 0, end) or text[end - 1] in BREAK_AFTER_CHARS
            cuts[end] = _PREFERRED_BREAK if preferred else _ORDINARY_BREAK
    points = [0, *sorted(cuts), len(text)]
    lines = _fewest_lines(points, [cuts.get(p, 0.0) for p in points], cum, width)
    if lines is None:  # some stretch between cuts is wider than a line: any cut the line rules allow
        for inner in range(1, len(text)):
            if _may_cut(text, inner):
                cuts.setdefault(inner, _IN_WORD_BREAK)
        points = [0, *sorted(cuts), len(text)]
        lines = _fewest_lines(points, [cuts.get(p, 0.0) for p in points], cum, width)
    if lines is None:  # not even that: cut where the line is full
        return _greedy_chars(text, cum, width)
    return tuple(text[a:b] for a, b in zip(lines, lines[1:]))


def _may_cut(text: str, offset: int) -> bool:
    before, after = text[offset - 1], text[offset]
    if after in NO_LINE_START or before in NO_LINE_END or after.isspace():
        return False
    return not (before == after and before in "…—")


def _fewest_lines(points: list[int], penalty: list[float], cum: list[float], width: float) -> list[int] | None:
    """Offsets of the line starts (and the end) of the best balanced breaking at ``points``, or None."""
    greedy = _greedy(points, cum, width)
    if greedy is None:
        return None
    count = len(greedy) - 1
    if count > BALANCE_MAX_LINES:
        return greedy
    mean = cum[-1] / count
    unit = max(mean / 10, 1e-9)
    size = len(points)
    inf = float("inf")
    # cost[j][i]: best cost of j lines ending at points[i]; back[j][i]: where the last of them starts
    cost = [[inf] * size for _ in range(count + 1)]
    back = [[-1] * size for _ in range(count + 1)]
    cost[0][0] = 0.0
    for j in range(1, count + 1):
        for i in range(1, size):
            if j == count and i != size - 1:
                continue
            first = i - 1
            while first >= 0 and cum[points[i]] - cum[points[first]] <= width:
                if cost[j - 1][first] < inf:
                    line = cum[points[i]] - cum[points[first]]
                    value = cost[j - 1][first] + ((line - mean) / unit) ** 2 + penalty[i]
                    if value < cost[j][i] - 1e-9:
                        cost[j][i], back[j][i] = value, first
                first -= 1
    if cost[count][size - 1] == inf:
        return None
    starts = [size - 1]
    for j in range(count, 0, -1):
        starts.append(back[j][starts[-1]])
    return [points[i] for i in reversed(starts)]


def _greedy(points: list[int], cum: list[float], width: float) -> list[int] | None:
    """Line starts (and the end) filling each line as far as it goes: the fewest lines cut at ``points``;
    None if a stretch between two of them is wider than a line."""
    starts, start = [points[0]], 0
    while points[start] != points[-1]:
        i = start
        while i + 1 < len(points) and cum[points[i + 1]] - cum[points[start]] <= width:
            i += 1
        if i == start:
            return None
        starts.append(points[i])
        start = i
    return starts


def _greedy_chars(text: str, cum: list[float], width: float) -> tuple[str, ...]:
    lines, start = [], 0
    while start < len(text):
        end = start + 1
        while end < len(text) and cum[end + 1] - cum[start] <= width:
            end += 1
        lines.append(text[start:end])
        start = end
    return tuple(lines)


# ------------------------------------------------------------------------------------------------ document


def needs_fonts(document: Document) -> bool:
    """Whether any breakable text of ``document`` is too wide for one line by the fallback widths (the only
    case the real widths can change: a text the fallback fits fits in every measured face)."""
    style = document.style
    advances = fallback_advances(style)
    width = line_width_pt(style)
    return any(sum(advances(role, text)) > width for role, text in breakable_texts(document))


def breakable_texts(document: Document) -> list[tuple[str, str]]:
    """(role, text) of every title, subtitle, caption and issuer."""
    found: list[tuple[str, str]] = []
    for node in document.nodes:
        if isinstance(node, Title):
            found.append((node.role, node.text))
        elif isinstance(node, Table) and node.caption:
            found.append(("caption", node.caption))
        elif isinstance(node, (Figure, Chart)):
            found.append(("caption", node.caption_text))
        elif isinstance(node, Signature) and node.issuer:
            found.append(("signature", node.issuer))
    return found


def rebreak(document: Document, advances: Advances) -> Document:
    """``document`` with every title, subtitle, caption and issuer broken anew by ``advances``."""
    return replace(document, nodes=tuple(break_node(node, document.style, advances) for node in document.nodes))


def break_node(node: Node, style: Style, advances: Advances) -> Node:
    """One node with its lines broken by ``advances`` (nodes without breakable text unchanged)."""
    width = line_width_pt(style)
    if isinstance(node, Title):
        if node.fixed:
            return node
        return replace(node, lines=break_lines(node.text, width, advances(node.role, node.text)))
    if isinstance(node, Table) and node.caption:
        lines = break_lines(node.caption, width, advances("caption", node.caption))
        return replace(node, caption_lines=lines if len(lines) > 1 else ())
    if isinstance(node, (Figure, Chart)):
        lines = break_lines(node.caption_text, width, advances("caption", node.caption_text))
        return replace(node, caption_lines=lines if len(lines) > 1 else ())
    if isinstance(node, Signature) and node.issuer:
        from .build import build_signature  # the signature's place depends on its lines' widths

        lines = break_lines(node.issuer, signature_room(style), advances("signature", node.issuer))
        widest = max(sum(advances("signature", line)) for line in lines)
        # The offsets count the issuer's width in body cells; the tracking makes every full-width
        # character exactly one, the widest line of Latin or digits its measured share.
        width = widest / style.page.char_cell_pt if len(lines) > 1 else None
        return build_signature(
            node.issuer, node.date, style, issuer_lines=lines, issuer_width=width, seal=node.seal
        )
    return node


def signature_room(style: Style) -> float:
    """Width an issuer's lines may take: the block less the issuer's right indent."""
    right = min(max(style.signature.right_indent_chars, 0.0), style.page.chars_per_line - 1)
    return line_width_pt(style) - right * style.page.char_cell_pt

