"""The renderer-neutral nodes: frozen dataclasses, each declaring its kind and the text it carries.

Adding a node kind means: one dataclass here, decorated with :func:`node_kind`; one build rule in
``document/build.py``; one ``render_<kind>`` method in every renderer (``render/base.py`` dispatches to it
and ``tests/test_contract.py`` names any renderer that lacks it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Callable, ClassVar, Literal, NamedTuple, TypeVar

from ..style import Style

Align = Literal["left", "center", "right"]

NODE_KINDS: dict[str, type] = {}
"""Every node kind by name, in declaration order: ``{"title": Title, "heading": Heading, …}``."""

NodeClass = TypeVar("NodeClass", bound=type)


def node_kind(kind: str) -> Callable[[NodeClass], NodeClass]:
    """Class decorator declaring a node kind: renderers handle it in ``render_<kind>``."""

    def declare(cls: NodeClass) -> NodeClass:
        if kind in NODE_KINDS:
            raise TypeError(f"node kind {kind!r} is declared twice ({NODE_KINDS[kind].__name__}, {cls.__name__})")
        cls.kind = kind  # type: ignore[attr-defined]
        NODE_KINDS[kind] = cls
        return cls

    return declare


class RoleText(NamedTuple):
    """A stretch of visible text and the style role it is set in."""

    role: str
    """Style role (its font draws the text)."""
    text: str
    """The characters."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A stretch of text in one role inside a paragraph."""

    text: str
    """The characters."""
    role: str | None = None
    """Role whose font and weight the span takes; None: the paragraph's role."""


@node_kind("title")
@dataclass(frozen=True, slots=True, kw_only=True)
class Title:
    """A centred title in its own lines: the document's title, a subtitle, an attachment's title.

    The lines are final: both renderers draw exactly these (``document/titles.py`` broke them)."""

    kind: ClassVar[str]
    lines: tuple[str, ...]
    """Title lines, broken between words."""
    role: str = "title"
    """Style role: title, subtitle or attachment_title."""
    fixed: bool = False
    """The author gave the lines (a title written as a list): they are never broken anew."""

    @property
    def text(self) -> str:
        """The lines joined."""
        return "".join(self.lines)

    def texts(self) -> Iterator[RoleText]:
        """Each line in the title's role."""
        return (RoleText(self.role, line) for line in self.lines)

    def visible_lines(self) -> Iterator[str]:
        """Each title line."""
        return iter(self.lines)


@node_kind("heading")
@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    """A numbered (or unnumbered) heading on its own line."""

    kind: ClassVar[str]
    level: int
    """1–4: 一、 （一） 1. （1）."""
    number: str
    """The number with its punctuation ("一、"), or "" when unnumbered."""
    text: str
    """The heading text without the number."""
    role: str
    """Style role: heading1 … heading4."""
    subtitle: str | None = None
    """The heading's second line (“——2020年及“十三五”工作回顾”), in the ``heading_subtitle`` role, on its own
    line under the heading and kept with it and with what follows; None: none."""

    def texts(self) -> Iterator[RoleText]:
        """Number and text, in the heading's role; the second line in its own."""
        yield RoleText(self.role, self.number + self.text)
        if self.subtitle:
            yield RoleText(HEADING_SUBTITLE_ROLE, self.subtitle)

    def visible_lines(self) -> Iterator[str]:
        """Number and text as one line, the second line after it."""
        yield self.number + self.text
        if self.subtitle:
            yield self.subtitle


HEADING_SUBTITLE_ROLE = "heading_subtitle"
"""The role of a heading's second line."""


@node_kind("paragraph")
@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """A paragraph of spans; run-in leads and numbered points are spans with their own role."""

    kind: ClassVar[str]
    spans: tuple[Span, ...]
    """The text, in order."""
    role: str = "body"
    """Style role of the paragraph (alignment, indent, default font)."""
    outline_level: int | None = None
    """Heading level (1–4) for a paragraph that opens with a run-in numbered point, else None."""
    hanging_chars: float = 0.0
    """Width in body characters of a label that later lines hang under (“附件：1.”): lines after the first
    start this far right of the first line's start, so a wrapped name lines up under its first character."""

    @property
    def text(self) -> str:
        """All spans joined."""
        return "".join(span.text for span in self.spans)

    def texts(self) -> Iterator[RoleText]:
        """Each span in its own role, or the paragraph's."""
        return (RoleText(span.role or self.role, span.text) for span in self.spans)

    def visible_lines(self) -> Iterator[str]:
        """The spans joined into one line of text."""
        yield self.text


@dataclass(frozen=True, slots=True, kw_only=True)
class TableCell:
    """One cell at its place in the table's grid."""

    text: str
    """Cell text."""
    column: int
    """Index of the first grid column the cell occupies."""
    colspan: int = 1
    """Grid columns covered."""
    rowspan: int = 1
    """Rows covered (the rows below have no cell there)."""
    align: Align = "center"
    """Horizontal alignment."""


@node_kind("table")
@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A table with its caption and note."""

    kind: ClassVar[str]
    caption: str | None
    """Caption above, or None."""
    widths: tuple[float, ...]
    """Column widths as fractions of the text block width (they sum to 1)."""
    header_rows: tuple[tuple[TableCell, ...], ...]
    """Header rows, repeated on every page."""
    body_rows: tuple[tuple[TableCell, ...], ...]
    """Body rows."""
    note: str | None
    """Note or source line below, or None."""
    text_scale: float = 1.0
    """Factor on the size of the table's text, its line pitch and its cell padding: below 1 only when
    the columns could not otherwise each hold one character (see ``build.build_table``)."""
    caption_lines: tuple[str, ...] = ()
    """The caption broken into the lines both renderers draw (``document/titles.py``); () without a caption
    (a table made without breaking, e.g. by ``build_table`` alone, is drawn as ``(caption,)``)."""

    @property
    def caption_shown(self) -> tuple[str, ...]:
        """The caption's lines as drawn."""
        return self.caption_lines or ((self.caption,) if self.caption else ())

    def texts(self) -> Iterator[RoleText]:
        """Caption, header cells, body cells and note, each in the role that sets it."""
        if self.caption:
            yield RoleText("caption", self.caption)
        for row in self.header_rows:
            yield from (RoleText("table_header", cell.text) for cell in row)
        for row in self.body_rows:
            yield from (RoleText("table", cell.text) for cell in row)
        if self.note:
            yield RoleText("table_note", self.note)

    def visible_lines(self) -> Iterator[str]:
        """Caption, every cell, note."""
        return (piece.text for piece in self.texts())


@node_kind("blank_line")
@dataclass(frozen=True, slots=True, kw_only=True)
class BlankLine:
    """Empty body lines (GB/T 9704 asks for one before 附件说明 and before the signature)."""

    kind: ClassVar[str]
    count: int = 1
    """How many body lines."""

    def texts(self) -> Iterator[RoleText]:
        """No text."""
        return iter(())

    def visible_lines(self) -> Iterator[str]:
        """No text."""
        return iter(())


@dataclass(frozen=True, slots=True, kw_only=True)
class Seal:
    """An official seal pressed on the signature (GB/T 9704 7.3.5.1), at its real size: lengths in
    millimetres, placed once by the build (``build.place_seal``) and drawn where it says by every renderer,
    behind the text."""

    png: bytes = field(repr=False)
    """The PNG file as the author gave it (checked by ``images.check_png``)."""
    size_mm: float
    """Diameter: the image is drawn ``size_mm`` square."""
    centre_right_mm: float
    """From the seal's centre to the text block's right edge."""
    centre_down_mm: float
    """From the top of the issuer's first line (its grid line) down to the seal's centre; the signature's
    first paragraph is where a renderer anchors it."""


@node_kind("signature")
@dataclass(frozen=True, slots=True, kw_only=True)
class Signature:
    """Issuer and date, laid out per GB/T 9704 7.3.5; offsets in body characters from the right edge."""

    kind: ClassVar[str]
    issuer: str | None
    """Issuing organ, or None."""
    date: str | None
    """Formatted date (2019年1月15日), or None."""
    issuer_right_chars: float
    """Characters between the issuer's last character and the block's right edge."""
    date_right_chars: float
    """Characters between the date's last character and the block's right edge."""
    issuer_lines: tuple[str, ...] = ()
    """The issuer broken into the lines both renderers draw flush right (``document/titles.py``); () means
    ``(issuer,)``."""
    seal: Seal | None = None
    """The seal pressed on issuer and date, or None (unsealed, or sealed by hand after printing)."""

    @property
    def issuer_shown(self) -> tuple[str, ...]:
        """The issuer's lines as drawn."""
        return self.issuer_lines or ((self.issuer,) if self.issuer else ())

    def texts(self) -> Iterator[RoleText]:
        """The issuer in the signature role, the date in the date role."""
        if self.issuer:
            yield RoleText("signature", self.issuer)
        if self.date:
            yield RoleText("date", self.date)

    def visible_lines(self) -> Iterator[str]:
        """Issuer and date."""
        return (piece.text for piece in self.texts())


@dataclass(frozen=True, slots=True, kw_only=True)
class Placed:
    """A text on one line of a joint signature, flush right ``right_chars`` body characters in from the block's
    right edge (its last character's far side there)."""

    text: str
    """The characters."""
    role: str
    """signature (an issuer's name) or date."""
    right_chars: float
    """Characters between the text's end and the block's right edge."""
    width_chars: float
    """The text's width in body characters as the build counted it (the centre is ``right_chars + width/2``)."""
    issuer: int | None = None
    """Whose name this is (0 the first issuer), None for the date; a name too long for its line is broken, a piece
    on each of the lines below one another."""


@node_kind("joint_signature")
@dataclass(frozen=True, slots=True, kw_only=True)
class JointSignature:
    """Several issuers signing together (联合行文, GB/T 9704 7.3.5.1 and 7.3.5.2), placed once by the build
    (``build.build_joint_signature``): grid lines of placed texts — the names (side by side in rows under their
    seals, or stacked when unsealed), then the date — and a seal per name, each anchored to the line of its name."""

    kind: ClassVar[str]
    lines: tuple[tuple[Placed, ...], ...]
    """The signature's grid lines from its first, each with its texts left to right; () is a blank line."""
    seals: tuple[tuple[int, Seal], ...] = ()
    """(line, seal): each seal with the index of the line it is anchored to (its ``centre_down_mm`` counts from
    that line's top); () when unsealed."""

    @property
    def names(self) -> tuple[str, ...]:
        """The issuers' names in order, the pieces of a broken name joined."""
        names: list[list[str]] = []
        pieces: dict[int, list[str]] = {}
        for p in (p for line in self.lines for p in line if p.role == "signature"):
            if p.issuer is not None and p.issuer in pieces:
                pieces[p.issuer].append(p.text)
            else:
                names.append([p.text])
                if p.issuer is not None:
                    pieces[p.issuer] = names[-1]
        return tuple("".join(name) for name in names)

    @property
    def date(self) -> str | None:
        """The date, or None."""
        return next((p.text for line in self.lines for p in line if p.role == "date"), None)

    def texts(self) -> Iterator[RoleText]:
        """Each name in the signature role, the date in the date role."""
        return (RoleText(p.role, p.text) for line in self.lines for p in line)

    def visible_lines(self) -> Iterator[str]:
        """Each name and the date, in reading order."""
        return (p.text for line in self.lines for p in line)


@node_kind("page_break")
@dataclass(frozen=True, slots=True, kw_only=True)
class PageBreak:
    """Start a new page (attachments)."""

    kind: ClassVar[str]

    def texts(self) -> Iterator[RoleText]:
        """No text."""
        return iter(())

    def visible_lines(self) -> Iterator[str]:
        """No text."""
        return iter(())


@node_kind("letterhead")
@dataclass(frozen=True, slots=True, kw_only=True)
class Letterhead:
    """The 版头 (GB/T 9704 7.2) on the first page: 份号, 密级, 紧急程度 flush left; the organs' red mark; the 发文字号
    (with 签发人 for a document sent up); the red separator line under them. Each renderer places them by the
    style's ``[letterhead]`` millimetres."""

    kind: ClassVar[str]
    copy_number: str | None = None
    """份号 (six digits), or None."""
    classification: str | None = None
    """密级和保密期限 (秘密★1年), or None."""
    urgency: str | None = None
    """紧急程度 (特急), or None."""
    organs: tuple[str, ...] = ()
    """The issuing organs of the mark, host first; () for no mark."""
    suffix: str = ""
    """Text after the organs' names in the mark (文件), or ""."""
    stacked: bool = True
    """Joint issuers one above the other (the suffix right of them, centred on them); False: side by side."""
    document_number: str | None = None
    """发文字号 with its year (奈大政发〔2019〕3号), or None."""
    signers: tuple[str, ...] = ()
    """签发人 names; when there are any, the number stands flush left and “签发人：” with the names flush right."""

    SIGNER_LABEL: ClassVar[str] = "签发人："

    @property
    def mark_lines(self) -> tuple[str, ...]:
        """The organs' names as set: one per line when stacked, else one line with a full-width space between."""
        if not self.organs:
            return ()
        return self.organs if self.stacked else ("\u3000".join(self.organs),)

    @property
    def signer_text(self) -> str:
        """The signers' names as one line (two spaces between names)."""
        return "\u3000".join(self.signers)

    def texts(self) -> Iterator[RoleText]:
        """Each element in its role."""
        for role, value in (("copy_number", self.copy_number), ("classification", self.classification),
                            ("urgency", self.urgency)):  # fmt: skip
            if value:
                yield RoleText(role, value)
        for line in self.mark_lines:
            yield RoleText("organ_mark", line)
        if self.organs and self.suffix:
            yield RoleText("organ_mark", self.suffix)
        if self.document_number:
            yield RoleText("document_number", self.document_number)
        if self.signers:
            yield RoleText("signer", self.SIGNER_LABEL)
            yield RoleText("signer_name", self.signer_text)

    def visible_lines(self) -> Iterator[str]:
        """份号, 密级, 紧急程度, the mark (suffix on the last line), the number, the signers."""
        yield from (v for v in (self.copy_number, self.classification, self.urgency) if v)
        lines = self.mark_lines
        for i, line in enumerate(lines):
            yield line + (self.suffix if i == len(lines) - 1 else "")
        if self.document_number:
            yield self.document_number
        if self.signers:
            yield self.SIGNER_LABEL + self.signer_text


@node_kind("imprint")
@dataclass(frozen=True, slots=True, kw_only=True)
class Imprint:
    """The 版记 (GB/T 9704 7.4) at the foot of the last page, which is an even page: 抄送 (wrapped lines under the
    first organ), a thin line, 印发机关 left and 印发日期 right, between thick lines as wide as the block."""

    kind: ClassVar[str]
    copy_to_label: str = "抄送："
    """The 抄送 label; wrapped lines hang under the text after it."""
    copy_to: str | None = None
    """The organs sent a copy, joined with “，” and ended with “。”, or None."""
    printed_by: str
    """印发机关."""
    printed_on: str | None = None
    """印发日期 with 印发 (2019年1月20日印发), or None."""
    own_page: bool | None = None
    """Where the PDF's layout put the 版记 (``render.pdf.imprint_placed``): on a page of its own (True), or at the
    foot of the text's last page, an even one with room for it (False); None when not laid out. The .docx follows
    it: a section of its own starting on an even page for True or None (Word inserts the blank page the text may
    need), the floating lines after the text for False. The PDF decides as it paginates and ignores it."""

    def texts(self) -> Iterator[RoleText]:
        """Every piece in the imprint role."""
        if self.copy_to:
            yield RoleText("imprint", self.copy_to_label + self.copy_to)
        yield RoleText("imprint", self.printed_by)
        if self.printed_on:
            yield RoleText("imprint", self.printed_on)

    def visible_lines(self) -> Iterator[str]:
        """抄送, then 印发机关 and 印发日期."""
        if self.copy_to:
            yield self.copy_to_label + self.copy_to
        yield self.printed_by
        if self.printed_on:
            yield self.printed_on


class _Captioned:
    """Numbered and captioned as figures and charts are: 图N, then the caption, below the picture."""

    __slots__ = ()
    number: str
    caption: str | None
    caption_lines: tuple[str, ...]

    @property
    def caption_text(self) -> str:
        """Number and caption as one line: 图1　现代农业园区."""
        return f"{self.number}\u3000{self.caption}" if self.caption else self.number

    @property
    def caption_shown(self) -> tuple[str, ...]:
        """The caption's lines as drawn."""
        return self.caption_lines or (self.caption_text,)


@node_kind("figure")
@dataclass(frozen=True, slots=True, kw_only=True)
class Figure(_Captioned):
    """A picture centred in the block with its caption (图N　……) below, kept together: the picture in a slot
    of whole grid lines, so the caption and the text after it stay on the grid."""

    kind: ClassVar[str]
    number: str
    """The figure's number as printed (图1), counted across figures and charts of the whole report."""
    caption: str | None
    """The caption after the number, or None (then only the number is printed)."""
    data: bytes = field(repr=False)
    """The image to embed (``images.prepare_picture``: upright, at most 300 dpi at its printed size)."""
    image_format: Literal["png", "jpeg", "svg"] = "png"
    """The image's kind."""
    fallback: bytes = field(default=b"", repr=False)
    """For an SVG: a PNG of it (300 dpi at its printed width), which the .docx carries for older Word."""
    width_pt: float
    """Printed width (at most the block's)."""
    height_pt: float
    """Printed height (the picture's proportions)."""
    caption_lines: tuple[str, ...] = ()
    """The caption line(s) as drawn, number included (``document/titles.py``); () means ``(caption_text,)``."""

    def texts(self) -> Iterator[RoleText]:
        """The caption, number included."""
        yield RoleText("caption", self.caption_text)

    def visible_lines(self) -> Iterator[str]:
        """The caption, number included."""
        yield self.caption_text


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartSeries:
    """One series of a chart: a value per category, and its data label formatted as the text formats it."""

    name: str
    """Legend text (2018年, 完成率, an indicator's label)."""
    values: tuple[float | None, ...]
    """One per category; None is a gap (a year without a figure), never drawn as zero."""
    labels: tuple[str, ...]
    """The data labels, one per value ("" for a gap): digits exactly as tables write them (babel)."""
    number_format: str = "General"
    """The spreadsheet number format that shows ``values`` as ``labels`` (0.0, #,##0, 0.0%)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartData:
    """What a chart shows, every text and number final."""

    shape: Literal["bars", "line", "pie", "stacked", "hbars"]
    """bars (grouped columns), line, pie, stacked (a 100 % bar), hbars (horizontal bars of rates)."""
    categories: tuple[str, ...]
    """Category axis labels (indicator labels, or years as 2016年)."""
    series: tuple[ChartSeries, ...]
    """The series, in legend order."""
    title: str | None = None
    """Title inside the chart, or None."""
    unit: str = ""
    """The value axis label (单位：万元), or ""."""
    ticks: tuple[tuple[float, str], ...] = ()
    """Value axis ticks (value, label) from 0 to the top; () for pies."""
    percent: bool = False
    """Values are fractions shown as percentages (completion rates, shares)."""

    def texts(self) -> Iterator[RoleText]:
        """Title, category names, legend and unit in the chart's label role; numbers in its number role."""
        if self.title:
            yield RoleText("chart_title", self.title)
        yield from (RoleText("chart_label", c) for c in self.categories)
        yield from (RoleText("chart_label", s.name) for s in self.series)
        if self.unit:
            yield RoleText("chart_label", self.unit)
        yield from (RoleText("chart_number", label) for s in self.series for label in s.labels if label)
        yield from (RoleText("chart_number", label) for _, label in self.ticks)


@node_kind("chart")
@dataclass(frozen=True, slots=True, kw_only=True)
class Chart(_Captioned):
    """A chart of indicators, drawn as vector graphics (PDF) or a native chart with its data (Word), numbered
    and captioned like a figure and laid out like one (a slot of whole grid lines, the caption below)."""

    kind: ClassVar[str]
    number: str
    """The number as printed (图2)."""
    caption: str | None
    """The caption after the number, or None."""
    chart: ChartData
    """What is drawn."""
    width_pt: float
    """Width (the block's)."""
    height_pt: float
    """Height of the chart itself (whole grid lines)."""
    caption_lines: tuple[str, ...] = ()
    """The caption line(s) as drawn, number included; () means ``(caption_text,)``."""

    def texts(self) -> Iterator[RoleText]:
        """The caption, then every text the chart draws (fonts must cover them)."""
        yield RoleText("caption", self.caption_text)
        yield from self.chart.texts()

    def visible_lines(self) -> Iterator[str]:
        """The caption: the chart's own texts are drawn inside it, not as lines of the text."""
        yield self.caption_text


Node = (
    Title | Heading | Paragraph | Table | BlankLine | Signature | JointSignature | PageBreak | Letterhead | Imprint
    | Figure | Chart
)
"""Every node kind a renderer must handle (the same as ``NODE_KINDS.values()``)."""

NODE_TYPES: tuple[type, ...] = tuple(NODE_KINDS.values())
"""Every node class, in declaration order."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """Document properties for every format."""

    title: str
    """Title as one line."""
    author: str
    """The issuer, or ""."""
    subject: str
    """A short subject line."""
    language: str
    """BCP 47 language tag (zh-CN)."""
    date: dt.date | None
    """Document date (成文日期); the created/modified timestamps when set (see ``timestamp.build_timestamp``)."""
    year: int | None = None
    """The report's year; without a date, timestamps fall on its last day."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """The resolved document: metadata, the style, and the flat node sequence."""

    metadata: Metadata
    """Document properties."""
    style: Style
    """The style every renderer follows."""
    nodes: tuple[Node, ...] = field(default_factory=tuple)
    """The content, in reading order."""

    def pretty(self) -> str:
        """A readable dump, one node per line (the golden-file format)."""
        return "\n".join(pretty_node(node) for node in self.nodes) + "\n"

    def text_lines(self) -> Iterator[str]:
        """The visible text of each node, in order (for text-fidelity checks)."""
        for node in self.nodes:
            yield from node.visible_lines()

    def texts(self) -> Iterator[RoleText]:
        """Every stretch of text with the role that sets it, in order (for font selection)."""
        for node in self.nodes:
            yield from node.texts()


def node_text(node: Node) -> Iterator[str]:
    """The visible lines of text of one node."""
    return node.visible_lines()


def pretty_node(node: Node) -> str:
    """One node as `Kind field=value …`; spans and table rows on indented lines."""
    name = type(node).__name__
    if isinstance(node, Paragraph):
        head = f"{name} role={node.role}" + (f" outline={node.outline_level}" if node.outline_level else "")
        head += f" hanging={node.hanging_chars:g}" if node.hanging_chars else ""
        return head + "".join(f"\n  [{s.role or '-'}] {s.text}" for s in node.spans)
    if isinstance(node, Table):
        lines = [f"{name} caption={node.caption!r} widths={[round(w, 3) for w in node.widths]}"]
        if node.text_scale != 1:
            lines[0] += f" text_scale={node.text_scale:.3g}"
        if len(node.caption_lines) > 1:
            lines[0] += f" caption_lines={node.caption_lines!r}"
        for kind, rows in (("header", node.header_rows), ("row", node.body_rows)):
            for row in rows:
                lines.append(f"  {kind}: " + " | ".join(_pretty_cell(c) for c in row))
        if node.note:
            lines.append(f"  note: {node.note}")
        return "\n".join(lines)
    if isinstance(node, Figure):
        return (f"{name} {node.caption_text!r} {node.image_format} {len(node.data)} bytes "
                f"{node.width_pt:.1f}x{node.height_pt:.1f}pt")  # fmt: skip
    if isinstance(node, Chart):
        data = node.chart
        lines = [f"{name} {node.caption_text!r} {data.shape} {node.width_pt:.1f}x{node.height_pt:.1f}pt"
                 f" title={data.title!r} unit={data.unit!r}"]  # fmt: skip
        lines.append("  categories: " + " | ".join(data.categories))
        lines += [f"  {s.name}: " + " | ".join(label or "-" for label in s.labels) + f" [{s.number_format}]"
                  for s in data.series]  # fmt: skip
        if data.ticks:
            lines.append("  ticks: " + " ".join(label for _, label in data.ticks))
        return "\n".join(lines)
    if isinstance(node, JointSignature):
        lines = [name]
        for index, line in enumerate(node.lines):
            if line:
                lines.append(f"  line {index}: " + " | ".join(f"{p.text} [{p.role}] right={p.right_chars:g}" for p in line))
        for index, seal in node.seals:
            lines.append(f"  seal on line {index}: {seal.size_mm:g}mm centre right={seal.centre_right_mm:g}mm "
                         f"down={seal.centre_down_mm:g}mm")  # fmt: skip
        return "\n".join(lines)
    shown = [f for f in fields(node) if not (f.name in _QUIET and getattr(node, f.name) == f.default)]
    values = " ".join(f"{f.name}={getattr(node, f.name)!r}" for f in shown)
    return f"{name} {values}".rstrip()


_QUIET = frozenset(("fixed", "issuer_lines", "seal", "caption_lines", "subtitle"))
"""Fields ``pretty`` leaves out while they hold their default."""


def _pretty_cell(cell: TableCell) -> str:
    spans = (f" c{cell.colspan}" if cell.colspan > 1 else "") + (f" r{cell.rowspan}" if cell.rowspan > 1 else "")
    return f"{cell.text}@{cell.column}{spans} {cell.align[0]}"
