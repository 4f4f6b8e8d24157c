"""Recognition: the flat paragraphs and tables of a source document become the data of a report.yaml.

The order of work: attachments are split off at their “附件N” lines; the front matter is read from the top
(a 公文's 版头 when a 发文字号 line closes it: 份号, 密级, 紧急程度, the organs' mark with 文件, the 发文字号 and
签发人; then the title lines, ——subtitle lines, the speaker and the lines under it, the recipient ending in “：”);
the closing from the bottom of the body (a 版记 first: 抄送 and 印发 lines, or the table Word floats them in; then
附注 in brackets, the date as the model writes it, the issuer, the 附件 list, regenerated and so dropped only when
it names exactly the attachments found); what is left is the body: headings by their label
(一、（一）1.（1）and the other forms offices type, 第一部分, half-width brackets and dots), or by the Word
style or outline level, numbered points (a label, a sentence, then text), run-in lead phrases, enumerations
(一是……二是…… in a paragraph, paragraphs opening 第一，第二，…, （1）（2） in the text), tables with
their caption and note, pictures (a ``figure:`` each, its image a file beside report.yaml) and charts (their caption
kept as a paragraph, the chart named in ``notes``), plain paragraphs.

Faithful by construction: every character of the source ends up in a text field, in order. A label is taken
out of a heading or point only when the model would print exactly the same label at that place; otherwise
the heading is unnumbered and keeps its label in its text (and ``notes`` says so). Whatever is not
recognised is a plain paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..formatting import chinese_numeral, format_date
from ..messages import text
from ..model import MAX_SECTION_DEPTH, ordinal_words
from ..style import Style, load_style
from .reader import Item, Para, SourceCell, SourceFigure, SourceNote, SourceTable, figure_caption

CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN = f"[{CN_DIGITS}]+"

# (kind, pattern): the label at the start of a paragraph. The kind groups the forms offices use for one level
# (1. 1、 1． are one kind); the exact label decides whether the model's own numbering can replace it.
LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第({_CN}|\d{{1,3}})(?:部分|章|篇)[\s\u3000]*")),
    ("cn", re.compile(rf"^({_CN})(?:、|[．.](?!\d))\s*")),
    ("cnparen", re.compile(rf"^[（(]({_CN})[）)]\s*")),
    ("arabic", re.compile(r"^(\d{1,3})(?:[、．]|\.(?!\d))\s*")),
    ("arabicparen", re.compile(r"^[（(](\d{1,3})[）)]\s*")),
)

SENTENCE_END = "。！？!?"
HEADING_MAX_CHARS = 60
"""A labelled line longer than this (label aside) is a paragraph, not a heading."""
ITEM_MAX_CHARS = 100
"""The first sentence of a numbered point is at most this long."""
LEAD_MAX_CHARS = 25
"""A run-in lead phrase found in plain text (“……方面：”, “养殖产业基地建设　”) is at most this long."""

ISSUER_ENDINGS = ("政府", "委员会", "办公室", "党委", "党组", "人大", "局", "厅", "委", "部", "院", "镇", "乡",
                  "街道", "中心", "公司", "站", "所", "处", "会", "办", "室", "队")  # fmt: skip
SPEAKER = re.compile(r"^\S{1,16}?[\s\u3000]+\S{1,8}$")
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
SENTENCE_END = "。；，：:！？!?"
"""A speaker's name never ends in these; a sentence does."""
FRONT_DATE = re.compile(r"^[（(]?\d{4}年\d{1,2}月\d{1,2}日[）)]?$")
"""A date line under the speaker (the day of the speech), bracketed or not."""
ATTACHMENT_LABEL = re.compile(r"^附件\s*(\d*)$")
ATTACHMENT_LIST = re.compile(r"^附件[：:]\s*(.*)$")
LIST_ENTRY = re.compile(r"^(\d{1,3})[.．、]\s*(.+)$")
CAPTION = re.compile(rf"^(?:表|附表|图)\s*(?:\d+|{_CN})")
TABLE_NOTE = re.compile(r"^(?:注|备注|说明|资料来源|数据来源|来源)\s*[：:]")
LEAD_ASPECT = re.compile(r"^([^，。；：、\s]{1,23}方面[：:])(?=\S)")
LEAD_SPACED = re.compile(r"^([^，。；：:、\s\d]{2,25})\u3000+(?=\S)")


@dataclass
class Explained:
    """What one source paragraph became."""

    index: int
    role: str
    text: str


@dataclass
class Recognised:
    """The report's data (as report.yaml holds it), what each source paragraph became, and what to check."""

    data: dict[str, Any]
    explained: list[Explained] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    comments: dict[int, str] = field(default_factory=dict)
    """id() of a block or section dict -> a comment to put beside it in the YAML."""
    files: list[tuple[str, bytes]] = field(default_factory=list)
    """The pictures to write beside report.yaml: (path inside the folder, bytes)."""


def escape(value: str) -> str:
    """Braces written as the model reads them literally (``{key}`` is an indicator reference)."""
    return value.replace("{", "{{").replace("}", "}}")


def label_of(value: str) -> tuple[str, str, int, str] | None:
    """(kind, label, number, rest) of a labelled line, or None."""
    for kind, pattern in LABELS:
        found = pattern.match(value)
        if found and found.end() < len(value):
            raw = found.group(1)
            number = int(raw) if raw.isdigit() else _cn_value(raw)
            if number is None or number < 1:
                continue
            label = value[: found.end()]
            return kind, label.rstrip(), number, value[len(label.rstrip()):]
    return None


def _cn_value(numeral: str) -> int | None:
    for n in range(1, 1000):
        if chinese_numeral(n) == numeral:
            return n
    return None


class Recogniser:
    def __init__(self, items: Sequence[Item], style: Style | None = None):
        self.items = [i for i in items if not isinstance(i, SourceNote)]
        self.style = style or load_style()
        self.result = Recognised({})
        self.figures = 0
        """Pictures made ``figure:`` blocks so far (the model numbers them 图1, 图2, … in reading order)."""
        self.set_aside = 0
        """Pictures kept as files only (a format a figure cannot take), named by their paragraph."""
        for note in items:
            if isinstance(note, SourceNote):
                self.result.notes.append(f"{note.index}: {note.message}" if note.index else note.message)

    # ---------------------------------------------------------------- driver

    def run(self) -> Recognised:
        data = self.result.data
        main, attachments = self._split_attachments(self.items)
        above, main = self._pictures_above_the_title(main)
        start = self._front(main, data)
        if attachments:  # the 版记 follows the last attachment
            label, title, content = attachments[-1]
            attachments[-1] = (label, title, content[: self._imprint(content, -1, len(content))])
        end, closing, aside = self._closing_around_pictures(main, start, attachments)
        data.setdefault("year", self._year(data))
        body: dict[str, Any] = {"content": [], "sections": []}
        self._body(main[start:end], body, top=True)
        for picture in above + aside:
            self._figure(picture, {"content": []})
        if body["content"]:
            data["content"] = body["content"]
        if body["sections"]:
            data["sections"] = body["sections"]
        for role, para in closing:
            self._explain(para, role)
        if attachments:
            data["attachments"] = []
            for label, title, content in attachments:
                attachment: dict[str, Any] = {"title": escape(title.text.replace("\n", ""))}
                self._explain(label, "attachment_label")
                self._explain(title, "attachment_title")
                holder: dict[str, Any] = {"content": [], "sections": []}
                self._body(content, holder, top=True)
                if holder["content"]:
                    attachment["content"] = holder["content"]
                if holder["sections"]:
                    attachment["sections"] = holder["sections"]
                data["attachments"].append(attachment)
        self.result.explained.sort(key=lambda e: e.index)
        return self.result

    def _explain(self, item: Item, role: str, shown: str | None = None) -> None:
        words = shown if shown is not None else (item.text if isinstance(item, Para) else "")
        self.result.explained.append(Explained(item.index, role, words))

    def _note(self, item: Item, message: str) -> None:
        self.result.notes.append(f"{item.index}: {message}")

    # ---------------------------------------------------------------- attachments

    def _split_attachments(self, items: list[Item]) -> tuple[list[Item], list[tuple[Para, Para, list[Item]]]]:
        """The body, and each attachment as (label, title, content): a “附件”/“附件N” line numbered as the
        model numbers attachments (附件 alone when there is one), followed by its title."""
        starts = []
        for i, item in enumerate(items[:-1]):
            if isinstance(item, Para) and i > 0 and ATTACHMENT_LABEL.match(item.text) and isinstance(items[i + 1], Para):
                starts.append(i)
        expected = ["附件"] if len(starts) == 1 else [f"附件{n}" for n in range(1, len(starts) + 1)]
        if not starts or [items[i].text.replace(" ", "") for i in starts] != expected:
            return items, []
        attachments = []
        for k, i in enumerate(starts):
            stop = starts[k + 1] if k + 1 < len(starts) else len(items)
            attachments.append((items[i], items[i + 1], items[i + 2 : stop]))
        return items[: starts[0]], attachments

    # ---------------------------------------------------------------- front matter

    def _pictures_above_the_title(self, items: list[Item]) -> tuple[list[SourceFigure], list[Item]]:
        """Uncaptioned pictures before the first paragraph — a letterhead or an emblem pasted as an image — set
        aside (kept as files and noted, never a figure printing 图N above the title), and the items after them,
        where the title and 版头 are looked for."""
        top = 0
        while top < len(items) and isinstance(items[top], SourceFigure) and items[top].caption is None:  # type: ignore[union-attr]
            top += 1
        above: list[SourceFigure] = items[:top]  # type: ignore[assignment]
        for picture in above:
            picture.problem = picture.problem or text("import_picture_above_title")
        return above, items[top:]

    def _front(self, items: list[Item], data: dict[str, Any]) -> int:
        i = self._letterhead(items, data)
        n = len(items)
        title: list[str] = []
        styled = False
        while i < n and isinstance(items[i], Para):
            para = items[i]
            if para.title_line and len(title) < 4 and (styled or not title):
                styled = True
                title += para.text.split("\n")
                self._explain(para, "title")
                i += 1
                continue
            if title and (styled or self._front_role(para) or not self._title_continuation(para, len(title))):
                break
            if not title:
                if label_of(para.text) or len(para.text) > 200:
                    break
                title += para.text.split("\n")
                self._explain(para, "title")
                i += 1
                continue
            title.append(para.text)
            self._explain(para, "title")
            i += 1
        if not title:
            data["title"] = "（无标题）"
            self.result.notes.append(text("import_no_title"))
        else:
            data["title"] = escape(title[0]) if len(title) == 1 else [escape(t) for t in title]
        seen: set[str] = set()
        while i < n and isinstance(items[i], Para):
            role = self._front_role(items[i])
            if "speaker" in seen and "recipient" not in seen and (role == "speaker" or FRONT_DATE.match(items[i].text)):
                role = "front_line"  # under the speaker: the date of the speech, another centred line
            if role is None or (role in seen and role not in ("subtitle", "front_line")):
                break
            seen.add(role)
            para = items[i]
            if role == "subtitle":  # one line of the model's; line breaks inside it are the renderer's
                data.setdefault("subtitle", []).append(escape(para.text.replace("\n", "")))
            elif role == "front_line":
                data.setdefault("front_lines", []).append(escape(para.text.replace("\n", "")))
            else:
                data[role] = escape(para.text)
            self._explain(para, role)
            i += 1
            if role == "recipient":
                break
        return i

    def _letterhead(self, items: list[Item], data: dict[str, Any]) -> int:
        """The 版头 at the top (GB/T 9704 7.2): 份号, 密级, 紧急程度, the organs' mark, the 发文字号 with the 签发人;
        taken only when a 发文字号 line closes it. Where it ends."""
        header: dict[str, Any] = {}
        roles: list[tuple[str, Para]] = []
        marks: list[Para] = []
        i = 0
        while i < min(len(items), 10) and isinstance(items[i], Para):
            para = items[i]
            value = para.text.replace("\n", "")
            number = DOCUMENT_NUMBER_LINE.match(value)
            if number is not None:
                header["document_number"] = number["number"]
                if number["signers"]:
                    header["signers"] = escape(number["signers"])
                roles.append(("document_number", para))
                i += 1
                break
            field = next((f for f, pattern in HEADER_LINES if pattern.match(value) and f not in header), None)
            if field is not None and not marks:
                header[field] = escape(value)
                roles.append((field, para))
            elif len(value) <= 40 and len(marks) < 4:
                marks.append(para)
            else:
                return 0
            i += 1
        else:
            return 0
        if not marks:
            return 0
        names = [m.text.replace("\n", "") for m in marks]
        last = names[-1]
        if last.endswith(MARK_SUFFIXES) and len(last) > 2:
            header["suffix"] = last[-2:]
            names[-1] = last[:-2]
        header["organs"] = escape(names[0]) if len(names) == 1 else [escape(name) for name in names]
        data["header"] = {key: header[key] for key in HEADER_ORDER if key in header}
        for para in marks:
            roles.append(("header_organs", para))
        for role, para in roles:
            self._explain(para, f"header ({role})")
        return i

    def _imprint(self, items: list[Item], start: int, end: int) -> int:
        """The 版记 at the end (GB/T 9704 7.4): “抄送：……。” and “印发机关　日期印发”, as paragraphs or in a table of
        their own (as Word documents set it at the foot). Where the body ends."""
        last = items[end - 1] if end - 1 > start else None
        if isinstance(last, SourceTable):
            lines = [cell.text.replace("\n", "") for row in last.rows for cell in row if cell.text.strip()]
            found = _imprint_fields(lines)
            if found is None:
                return end
            self.result.data["imprint"] = found
            self.result.explained.append(Explained(last.index, "imprint", " / ".join(lines)))
            return end - 1
        paras = [p for p in items[max(start + 1, end - 2) : end] if isinstance(p, Para)]
        if not paras or not PRINTED_LINE.match(paras[-1].text.replace("\n", "")):
            return end
        if len(paras) == 2 and not COPY_TO_LINE.match(paras[0].text.replace("\n", "")):
            paras = paras[1:]
        found = _imprint_fields([p.text.replace("\n", "") for p in paras])
        if found is None:
            return end
        self.result.data["imprint"] = found
        for para in paras:
            self._explain(para, "imprint")
        return end - len(paras)

    def _front_role(self, para: Para) -> str | None:
        value = para.text
        if self._is_caption(para):  # "表1　某某" looks like "镇长　某某某" but opens a table
            return None
        if para.style in ("subtitle", "副标题") or value.startswith(("——", "—", "--")) or (
            value.startswith(("（", "(")) and value.endswith(("）", ")")) and ("会议" in value or "在" in value) and len(value) < 120
        ):
            return "subtitle"
        if para.style == "speaker" or (
            SPEAKER.match(value) and len(value) <= 24 and not label_of(value)
            and para.lead is None  # "工作目标　全面完成。": a run-in phrase and its sentence, not "镇长　某某某"
            and value[-1] not in SENTENCE_END
        ):  # fmt: skip
            return "speaker"
        if para.style == "recipient" or (
            value.endswith(("：", ":")) and len(value) <= 60 and not LEAD_ASPECT.match(value) and "。" not in value
            and not label_of(value)
        ):
            return "recipient"
        return None

    def _title_continuation(self, para: Para, lines: int) -> bool:
        value = para.text
        return (
            lines < 3 and len(value) <= 25 and para.level is None and not label_of(value)
            and value[-1] not in "。；，：:！？" and not re.search(r"[\s\u3000]", value)
            and not DATE.match(value) and not ATTACHMENT_LIST.match(value)
        )  # fmt: skip

    # ---------------------------------------------------------------- closing

    def _closing_around_pictures(
        self, items: list[Item], start: int, attachments: list[Any]
    ) -> tuple[int, list[tuple[str, Para]], list[SourceFigure]]:
        """The closing as :meth:`_closing` reads it, uncaptioned pictures among the last lines looked past (a seal
        pasted on the date, floating from the issuer's line): where the body ends, the closing, and the
        pictures found among the closing lines — kept as files and noted, never a figure printing 图N there."""
        near = {id(x) for x in items[max(start, len(items) - 12):] if isinstance(x, SourceFigure) and x.caption is None}
        if not near:
            end, closing = self._closing(items, start, attachments)
            return end, closing, []
        kept = [x for x in items if id(x) not in near]
        end, closing = self._closing(kept, start, attachments)
        if end >= len(kept):
            return len(items), closing, []
        first = next(k for k, x in enumerate(items) if x is kept[end])
        aside = [x for x in items[first:] if id(x) in near]
        for picture in aside:
            picture.problem = picture.problem or text("import_picture_closing")
        return first, closing, aside

    def _closing(self, items: list[Item], start: int, attachments: list[Any]) -> tuple[int, list[tuple[str, Para]]]:
        """Where the body ends, and the closing paragraphs read from the bottom: 附注, date, issuer, 附件 list."""
        data = self.result.data
        end = len(items) if "imprint" in data else self._imprint(items, start, len(items))
        closing: list[tuple[str, Para]] = []

        def at(k: int) -> Para | None:
            return items[k] if start <= k < len(items) and isinstance(items[k], Para) else None

        last = at(end - 1)
        before = at(end - 2)
        if last is not None and before is not None and (
            last.style == "note" or (last.text.startswith("（") and last.text.endswith("）") and last.text.count("（") == 1)
        ) and (DATE.match(before.text) or self._issuer_like(before)):
            inner = last.text[1:-1]
            data["note"] = escape(inner if inner.strip() else last.text)
            closing.append(("note", last))
            end -= 1
        last = at(end - 1)
        if last is not None and self._date(last.text) is not None and end - 1 > start:
            data["date"] = self._date(last.text)
            closing.append(("date", last))
            end -= 1
            last = at(end - 1)
            if last is not None and end - 1 > start and self._issuer_like(last, lenient=True):
                end = self._issuers(at, start, end - 1, closing)
        elif last is not None and end - 1 > start and self._issuer_like(last):
            end = self._issuers(at, start, end - 1, closing)
        # the 附件 list: “附件：名称” or “附件：1.名称” and lines “2.名称” under it
        k = end - 1
        while at(k) is not None and LIST_ENTRY.match(at(k).text) and not ATTACHMENT_LIST.match(at(k).text):  # type: ignore[union-attr]
            k -= 1
        head = at(k)
        if head is not None and k > start and ATTACHMENT_LIST.match(head.text):
            lines = [items[j] for j in range(k, end)]
            titles = self._list_titles(lines)
            wanted = [a[1].text.replace("\n", "") for a in attachments]
            if titles is not None and titles == wanted:
                for line in lines:
                    closing.append(("attachment_list", line))
                end = k
            else:
                self._note(head, text("import_attachment_list"))
        return end, closing

    def _issuers(self, at: Callable[[int], Para | None], start: int, end: int, closing: list[tuple[str, Para]]) -> int:
        """Who signs, read up from the issuer line at ``end``: ``issuer:`` (its Word line breaks dropped), or for
        联合行文 (GB/T 9704 7.3.5) ``issuers:``, host first; where the closing now begins. A line above counts when
        it is in the signature style or each of its names ends as an organ's does; a line holding several names
        (seals in a row) is split at its tabs or wide spaces; a line whose names all end otherwise, over one with
        as many names, is their first part (a name too long for one line)."""
        paras = [at(end)]
        k = end - 1
        while k > start and (para := at(k)) is not None and self._issuer_line(para):
            paras.insert(0, para)
            k -= 1
        lines = [line for para in paras for line in para.text.split("\n") if line.strip()]  # type: ignore[union-attr]
        names: list[str] = []
        carried: list[str] = []
        for index, line in enumerate(lines):
            parts = _names_in(line)
            if carried and len(carried) == len(parts):
                parts = [head + tail for head, tail in zip(carried, parts)]
            elif carried:
                names += carried
            carried = []
            if index + 1 < len(lines) and not any(part.endswith(ISSUER_ENDINGS) for part in parts):
                carried = parts
            else:
                names += parts
        names += carried
        data = self.result.data
        if len(names) < 2:  # one issuer, its Word line breaks dropped: the renderers break a long name anew
            data["issuer"] = escape(names[0] if names else paras[-1].text)  # type: ignore[union-attr]
        else:
            data["issuers"] = [escape(name) for name in names]
        closing += [("issuer", para) for para in paras]  # type: ignore[misc]
        return k + 1

    def _issuer_line(self, para: Para) -> bool:
        """A line above the last issuer that signs too: the signature style, or names each an organ's."""
        if para.style == "signature":
            return True
        if para.level is not None or para.title_line or para.lead or para.style.startswith(("heading", "标题")):
            return False  # a heading (its level or style), a title, a run-in phrase: the text's, never a name
        parts = _names_in(para.text)
        return bool(parts) and all(self._issuer_like(Para(para.index, part)) for part in parts)

    def _list_titles(self, lines: list[Para]) -> list[str] | None:
        first = ATTACHMENT_LIST.match(lines[0].text)
        assert first is not None
        if len(lines) == 1:
            return [first.group(1)]
        titles = []
        entries = [first.group(1)] + [line.text for line in lines[1:]]
        for n, entry in enumerate(entries, start=1):
            found = LIST_ENTRY.match(entry)
            if not found or int(found.group(1)) != n or not entry.startswith(f"{n}."):
                return None
            titles.append(entry[len(f"{n}.") :])
        return titles

    def _issuer_like(self, para: Para, *, lenient: bool = False) -> bool:
        value = para.text
        if para.style == "signature":
            return True
        if len(value) > 40 or label_of(value) or value[-1] in "。；，：:！？、" or "\n" in value:
            return False
        if ATTACHMENT_LIST.match(value):  # “附件：某某镇” names an attachment, not who signs
            return False
        return lenient or value.endswith(ISSUER_ENDINGS)

    def _date(self, value: str) -> dt.date | None:
        found = DATE.match(value)
        if not found:
            return None
        try:
            day = dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            return None
        if not 1980 <= day.year <= 2107 or format_date(day) != value:
            return None  # the model would write it otherwise (leading zeros): left as text
        return day

    def _year(self, data: dict[str, Any]) -> int:
        title = data.get("title")
        words = "".join(title) if isinstance(title, list) else str(title)
        found = re.search(r"(19[5-9]\d|2[01]\d\d)\s*年", words) or re.search(r"(19[5-9]\d|2[01]\d\d)", words)
        if found:
            return int(found.group(1))
        if isinstance(data.get("date"), dt.date):
            self.result.notes.append(text("import_year_before_date"))
            return data["date"].year - 1 if data["date"].month <= 6 else data["date"].year
        for item in self.items:
            if isinstance(item, Para):
                found = re.search(r"(19[5-9]\d|20\d\d)年", item.text)
                if found:
                    self.result.notes.append(text("import_year_first", year=found.group(1)))
                    return int(found.group(1))
        self.result.notes.append(text("import_year_none"))
        return 2000

    # ---------------------------------------------------------------- body

    def _body(self, items: list[Item], root: dict[str, Any], *, top: bool) -> None:
        # stack of (level, section, label kind)
        stack: list[tuple[int, dict[str, Any], str | None]] = [(0, root, None)]
        consumed: set[int] = set()
        for i, item in enumerate(items):
            if i in consumed:
                continue
            if isinstance(item, SourceTable):
                self._table(items, i, stack[-1][1], consumed)
                continue
            if isinstance(item, SourceFigure):
                self._figure(item, stack[-1][1])
                continue
            para: Para = item
            if i + 1 < len(items) and isinstance(items[i + 1], SourceTable) and self._is_caption(para):
                continue  # taken with its table
            heading = self._heading(para, stack)
            if heading is not None:
                following = items[i + 1] if i + 1 < len(items) else None
                if isinstance(following, Para) and self._is_heading_second_line(following):
                    section = stack[-1][1]
                    rest = {key: section.pop(key) for key in list(section) if key != "title"}
                    section.update(subtitle=escape(following.text.replace("\u2060", "")), **rest)  # under title:
                    consumed.add(i + 1)
                    self._explain(following, "second line of the heading")
                continue
            self._block(para, stack[-1][0], stack[-1][1])

    def _figure(self, item: SourceFigure, holder: dict[str, Any]) -> None:
        """A picture becomes a ``figure:`` (its image written as figures/figure-N.ext, N the number the model
        prints); a chart, or a picture a figure cannot take, keeps its caption as a paragraph and is noted."""
        caption = item.caption
        if item.usable:
            self.figures += 1
            number = self.figures
            name = f"figures/figure-{number}.{item.ext}"
            self.result.files.append((name, item.data))
            kept_caption, removed = figure_caption(caption.text if caption is not None else None, number)
            figure: dict[str, Any] = {"image": name}
            if kept_caption:
                figure["caption"] = escape(kept_caption)
            figure.update(self._figure_width(item.width_emu))
            holder["content"].append({"figure": figure})
            self._explain(item, "figure", f"{name} {caption.text if caption is not None else ''}".strip())
            if caption is not None:
                self._explain(caption, "figure_caption")
            if caption is None:
                self._note(item, text("import_figure_no_caption", name=name, number=number))
            elif not removed:
                why = text("import_figure_caption_kept", caption=caption.text.replace(chr(10), ""), number=number)
                self._note(caption, why)
                self.result.comments[id(figure)] = why
            return
        if caption is not None:  # the text survives as a paragraph
            holder["content"].append(escape(caption.text.replace("\n", "")))
        named = f"“{caption.text.replace(chr(10), '')}”" if caption is not None else text("import_unnamed")
        if item.kind == "chart":
            self._explain(item, "chart", caption.text if caption is not None else "")
            if caption is not None:
                self._explain(caption, "chart_caption (kept as text)")
            message = text("import_chart", named=named, index=item.index,
                           kept=text("import_chart_caption_kept") if caption is not None else "",
                           delete=text("import_chart_delete") if caption is not None else "")  # fmt: skip
            if item.chart:
                message += text("import_chart_data", data=item.chart)
        else:
            self.set_aside += 1
            kept = ""
            if item.data:
                name = f"figures/picture-p{item.index}-{self.set_aside}.{item.ext}"
                self.result.files.append((name, item.data))
                kept = text("import_picture_file_kept", name=name)
            self._explain(item, "picture (not imported)", caption.text if caption is not None else "")
            if caption is not None:
                self._explain(caption, "figure_caption (kept as text)")
            message = text("import_picture", named=named, index=item.index, problem=item.problem, kept=kept,
                           caption=text("import_picture_caption_kept") if caption is not None else "",
                           hint=text("import_picture_remake") if item.remake else "")  # fmt: skip
        self._note(item, message)

    def _figure_width(self, emu: int | None) -> dict[str, float]:
        """The drawing's width as the model takes it: whole or half body characters when it is that (as
        annualreport writes ``width_chars``), else millimetres to 0.1; never wider than the text block."""
        if not emu or emu <= 0:
            return {}
        page = self.style.page
        points = min(emu / 12700, page.block_width_pt)
        chars = points / page.char_cell_pt
        if abs(chars * 2 - round(chars * 2)) < 0.01 and round(chars * 2) > 0:
            half = round(chars * 2) / 2
            return {"width_chars": int(half) if half == int(half) else half}
        return {"width_mm": max(0.1, round(points / (72 / 25.4), 1))}

    @staticmethod
    def _is_heading_second_line(para: Para) -> bool:
        """A line right under a heading that is its second line: in that style, or “——……” short and without a
        sentence's end (“——2020年及“十三五”工作回顾”)."""
        line = para.text.replace("\u2060", "").strip()
        if not line or "\n" in line or para.lead is not None:
            return False
        if para.style in ("heading subtitle", "标题第二行"):
            return True
        return line.startswith("——") and len(line) <= HEADING_MAX_CHARS + 2 and line[-1] not in "。；，：:！？"

    def _is_caption(self, para: Para) -> bool:
        return para.style in ("caption", "题注") or bool(CAPTION.match(para.text) and len(para.text) <= 80)

    def _table(self, items: list[Item], i: int, holder: dict[str, Any], consumed: set[int]) -> None:
        table: SourceTable = items[i]
        data: dict[str, Any] = {}
        if i > 0 and isinstance(items[i - 1], Para) and self._is_caption(items[i - 1]):
            data["caption"] = escape(items[i - 1].text)
            self._explain(items[i - 1], "table_caption")
        rows = [[self._cell(c) for c in row] for row in table.rows]
        rows = [r for r in rows if r] or [[""]]
        header = table.header_rows
        if header == 0 and len(rows) > 1:
            header = 1
        header = min(header, len(rows))
        if table.widths and len(set(table.widths)) > 1 and len(table.widths) <= 24:
            data["columns"] = [{"width": float(w)} for w in table.widths]
        if header:
            data["header"] = rows[:header]
        if rows[header:]:
            data["rows"] = rows[header:]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if isinstance(nxt, Para) and (nxt.style in ("table note", "表注") or TABLE_NOTE.match(nxt.text)):
            data["note"] = escape(nxt.text)
            consumed.add(i + 1)
            self._explain(nxt, "table_note")
        holder["content"].append({"table": data})
        cells = sum(len(r) for r in rows)
        self._explain(table, "table", f"{len(rows)} rows, {cells} cells, {header} header rows")

    def _cell(self, cell: SourceCell) -> Any:
        value = escape(cell.text)
        if cell.colspan == 1 and cell.rowspan == 1:
            return value
        out: dict[str, Any] = {"text": value}
        if cell.colspan > 1:
            out["colspan"] = cell.colspan
        if cell.rowspan > 1:
            out["rowspan"] = cell.rowspan
        return out

    def _number(self, level: int, position: int) -> str:
        return self.style.numbering.format(level).format(cn=chinese_numeral(position), n=position)

    def _heading(self, para: Para, stack: list[tuple[int, dict[str, Any], str | None]]) -> bool | None:
        """Open a section for a heading paragraph; None when the paragraph is not a heading."""
        value = para.text
        if para.lead is not None or "\n" in value or len(value) > 200:
            return None
        found = label_of(value)
        depth = stack[-1][0]
        styled = para.level is not None and para.level <= 9
        if found is not None:
            kind, label, number, rest = found
            short = len(rest) <= HEADING_MAX_CHARS and rest.strip()[-1:] not in tuple("。；，！？")
            if not (styled or (short and "。" not in rest.rstrip("。"))):
                return None
            kinds = [k for _, _, k in stack[1:]]
            if styled:
                level = min(para.level or 1, depth + 1, MAX_SECTION_DEPTH)
            elif kind in kinds:
                level = kinds.index(kind) + 1
            else:
                level = depth + 1
            if level > MAX_SECTION_DEPTH:
                return None
        elif styled or (para.bold and len(value) <= 40 and value[-1] not in "。；，：:！？"):
            kind, label, number, rest = None, "", 0, value
            level = min(para.level or max(depth, 1), depth + 1, MAX_SECTION_DEPTH)
        else:
            return None
        while stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1]
        position = sum(1 for s in parent["sections"] if s.get("numbered", True)) + 1
        section: dict[str, Any] = {}
        if found is not None and label == self._number(level, position):
            section["title"] = escape(rest.strip())
            role = f"heading{level}"
        elif found is None and para.auto_number:
            section["title"] = escape(value)
            role = f"heading{level} (Word numbering)"
        else:
            section["title"] = escape(value)
            section["numbered"] = False
            role = f"heading{level} unnumbered"
            if found is not None:
                role += ", label kept"
                why = text("import_label_kept", label=label, number=self._number(level, position))
                self._note(para, why)
                self.result.comments[id(section)] = why
        section["content"] = []
        section["sections"] = []
        parent["sections"].append(section)
        stack.append((level, section, kind))
        self._explain(para, role)
        return True

    def _block(self, para: Para, level: int, holder: dict[str, Any]) -> None:
        value = para.text
        content = holder["content"]
        point_level = min(level + 1, MAX_SECTION_DEPTH)
        position = sum(1 for b in content if isinstance(b, dict) and "item" in b) + 1
        expected = self._number(point_level, position)
        found = label_of(value)
        if para.lead is not None and value.startswith(para.lead):
            lead, rest = para.lead, value[len(para.lead):]
            if found is not None and lead.startswith(found[1]) and found[1] == expected and len(lead) > len(found[1]):
                content.append(self._point(lead[len(found[1]):].strip(), rest))
                self._explain(para, f"point{point_level}")
                return
            content.append(self._lead(lead, rest))
            self._explain(para, "lead")
            return
        if found is not None and found[1] == expected:
            rest = found[3].lstrip()
            cut = _sentence_end(rest)
            if cut is not None and cut <= ITEM_MAX_CHARS:
                content.append(self._point(rest[:cut], rest[cut:]))
                self._explain(para, f"point{point_level}")
                return
        if found is None and self._enumeration(para, content):
            return
        lead = LEAD_ASPECT.match(value) or LEAD_SPACED.match(value)
        if lead and found is None:
            content.append(self._lead(lead.group(1), value[len(lead.group(1)) :]))
            self._explain(para, "lead")
            return
        content.append(escape(value))
        role = "paragraph"
        if found is not None:
            role = "paragraph (labelled, label kept)"
        self._explain(para, role)

    def _enumeration(self, para: Para, content: list[Any]) -> bool:
        """一是……二是…… in one paragraph, or paragraphs opening 第一，/第二，… one after another: an enumeration,
        when the model's ordinals give back exactly the source's text."""
        value = para.text
        for ordinal in ORDINAL_STYLES:
            found = split_enumeration(value, ordinal)
            if found is not None:
                intro, items = found
                block: dict[str, Any] = {"ordinal": ordinal, "items": [escape(i) for i in items]}
                if intro:
                    block["intro"] = escape(intro)
                content.append({"enumeration": _ordered(block)})
                self._explain(para, "enumeration")
                return True
            # One item a paragraph: this paragraph opens with the next ordinal of the block before it.
            previous = content[-1] if content else None
            opened = isinstance(previous, str) and (first := _opens_with(previous, ordinal, 1)) is not None
            if opened:
                previous = {"enumeration": {"ordinal": ordinal, "items": [first], "paragraphs": True}}
            if isinstance(previous, dict) and "enumeration" in previous:
                block = previous["enumeration"]
                if block.get("paragraphs") and block["ordinal"] == ordinal:
                    rest = _opens_with(escape(value), ordinal, len(block["items"]) + 1)
                    if rest is not None:
                        block["items"].append(rest)
                        content[-1] = previous
                        if opened:
                            self.result.explained[-1].role = PARAGRAPH_ENUMERATION
                        self._explain(para, PARAGRAPH_ENUMERATION)
                        return True
        return False

    def _point(self, item: str, rest: str) -> dict[str, Any]:
        point = {"item": escape(item)}
        if rest.strip():
            point["text"] = escape(rest.strip())
        return point

    def _lead(self, lead: str, rest: str) -> dict[str, Any]:
        """A lead phrase; the full-width space the model puts after one not ending in punctuation is taken out."""
        lead = lead.rstrip()
        from ..document.build import LEAD_SEPARATOR, PUNCTUATION_AFTER_LEAD

        if not lead.endswith(tuple(PUNCTUATION_AFTER_LEAD)) and rest.startswith(LEAD_SEPARATOR):
            rest = rest[len(LEAD_SEPARATOR):]
        return {"lead": escape(lead), "text": escape(rest.strip())}


PARAGRAPH_ENUMERATION = "enumeration (an item a paragraph)"
ORDINAL_STYLES = ("一是", "第一", "（1）")
"""The enumerations recognised (首先/其次 is left as text: offices write it loosely)."""
_ORDINAL_BOUNDARY = "：:；;。，,！？ \u3000"
"""An ordinal inside a paragraph follows one of these (so 统一是 is not read as 一是)."""


DOCUMENT_NUMBER_LINE = re.compile(r"^(?P<number>\S{1,30}〔\d{4}〕\d{1,6}号)(?:[\s\u3000]*签发人[：:](?P<signers>\S.*))?$")
"""The 发文字号 (奈大政发〔2019〕3号), and the 签发人 on the same line (上行文)."""
HEADER_LINES = (
    ("copy_number", re.compile(r"^\d{6}$")),
    ("classification", re.compile(r"^(?:绝密|机密|秘密)(?:★.*)?$")),
    ("urgency", re.compile(r"^(?:特急|加急)$")),
)
MARK_SUFFIXES = ("文件",)
HEADER_ORDER = ("copy_number", "classification", "urgency", "organs", "suffix", "document_number", "signers")
COPY_TO_LINE = re.compile(r"^抄送[：:](?P<organs>.+?)。?$")
PRINTED_LINE = re.compile(r"^(?P<by>\S.*?)[\s\u3000]+(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日印发$")


def _names_in(line: str) -> list[str]:
    """The names on one signature line: split at tabs, ideographic spaces or runs of two spaces or more."""
    return [part for part in re.split(r"[\t\u3000]+|\s{2,}", line.strip()) if part]


def _imprint_fields(lines: list[str]) -> dict[str, Any] | None:
    """The imprint in ``lines`` (抄送 first, then 印发), or None when they are not one."""
    if not lines or not 1 <= len(lines) <= 2:
        return None
    found: dict[str, Any] = {}
    if len(lines) == 2:
        copy = COPY_TO_LINE.match(lines[0])
        if copy is None or not lines[0].endswith("。"):
            return None
        names = copy["organs"].split("，")
        found["copy_to"] = [escape(n) for n in names] if len(names) > 1 else escape(names[0])
    printed = PRINTED_LINE.match(lines[-1].strip())
    if printed is None:
        return None
    found["printed_by"] = escape(printed["by"].strip())
    try:
        found["printed_on"] = dt.date(int(printed["year"]), int(printed["month"]), int(printed["day"]))
    except ValueError:
        return None
    return found


def _nth_ordinal(ordinal: str, n: int) -> str:
    """The n-th ordinal of a style that numbers (一是, 第一, （1）): the same whatever the count."""
    return ordinal_words(ordinal, n)[-1]


def split_enumeration(value: str, ordinal: str) -> tuple[str, list[str]] | None:
    """(intro, items) when ``value`` holds two or more of ``ordinal``'s ordinals in order, each at the start or
    after punctuation, and nothing else is lost; else None."""
    starts: list[int] = []
    at = 0
    for n in range(1, 100):
        word = _nth_ordinal(ordinal, n)
        k = value.find(word, at)
        while k > 0 and ordinal != "（1）" and value[k - 1] not in _ORDINAL_BOUNDARY:  # （1） brings its own bracket
            k = value.find(word, k + 1)
        if k < 0:
            break
        starts.append(k)
        at = k + len(word)
    if len(starts) < 2:
        return None
    words = ordinal_words(ordinal, len(starts))
    items = [value[k + len(w) : end] for k, w, end in zip(starts, words, [*starts[1:], len(value)])]
    if any(not item.strip() for item in items):
        return None
    return value[: starts[0]], items


def _opens_with(value: str, ordinal: str, n: int) -> str | None:
    """The rest of ``value`` when it opens with the n-th ordinal of ``ordinal`` (and holds no further one)."""
    word = _nth_ordinal(ordinal, n)
    if not value.startswith(word) or not value[len(word) :].strip():
        return None
    if split_enumeration(value, ordinal) is not None:
        return None
    return value[len(word) :]


def _ordered(block: dict[str, Any]) -> dict[str, Any]:
    """The enumeration's keys in the order a reader expects: ordinal, intro, items."""
    return {key: block[key] for key in ("ordinal", "intro", "items", "paragraphs") if key in block}


def _sentence_end(value: str) -> int | None:
    for k, ch in enumerate(value):
        if ch in SENTENCE_END:
            return k + 1
    return None


def recognise(items: Sequence[Item], style: Style | None = None) -> Recognised:
    """The report data and the explanation for ``items`` (reader.read_source)."""
    return Recogniser(items, style).run()
