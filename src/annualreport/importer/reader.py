"""Reading a source document into a flat list of paragraphs and tables, each with the hints recognition uses.

.docx (Word and WPS) through python-docx: paragraph text with line breaks, the paragraph style and its outline
level (the style's own, or the one it is based on), Word's automatic numbering, a run-in phrase at the start
(runs in bold, in 楷体, or in a character style of their own) and tables with merged cells. .txt: UTF-8 (BOM
allowed), UTF-16 with a BOM, else GB18030 (GBK, GB2312); one line is one paragraph; tab-separated lines are a
table. .md: the same, with ``#`` headings, ``**bold**`` run-in phrases and pipe tables.

Every problem is an InputError with one message: a binary Word 97 file, an encrypted or damaged .docx, a zip
that is no Word document, a file past ``Limits.import_bytes``, a text file in no encoding we know, a file with
no text.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import files
from ..errors import InputError, Problem
from ..limits import DEFAULT_LIMITS, Limits, exceeded
from ..messages import text

SUFFIXES = (".docx", ".txt", ".md", ".doc")
"""What ``annualreport import`` reads (.doc only to say how to convert it)."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of an OLE compound file: a Word 97 .doc, or an encrypted .docx (its package inside)."""

ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
"""The stream an encrypted Office file keeps its package in, named in the compound file's directory."""


FIGURE_CAPTION = re.compile(r"^图\s*[0-9]+")
"""A figure's caption as annualreport writes it below a picture or chart (图1　……)."""


@dataclass
class Para:
    """One source paragraph."""

    index: int
    """Where it is: the line (text) or paragraph (Word) number, from 1."""
    text: str
    """Its text, stripped of surrounding white space; Word's line breaks are ``\\n``."""
    style: str = ""
    """The paragraph style's name, case-folded ("" in text)."""
    level: int | None = None
    """A heading level from the style's name or outline level (Word) or from ``#`` (Markdown)."""
    lead: str | None = None
    """The run-in phrase at the start (bold, 楷体, a character style), when more text follows it."""
    lead_is_heading: bool = False
    """The run-in phrase is in a heading's character style (a numbered point)."""
    bold: bool = False
    """Every character is bold."""
    auto_number: bool = False
    """Word numbers it automatically (w:numPr): its label is not in the text."""
    title_line: bool = False
    """Markdown's ``# `` line, or Word's Title style."""


@dataclass
class SourceCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class SourceTable:
    """One source table: rows of cells, merged cells given once with their spans."""

    index: int
    rows: list[list[SourceCell]] = field(default_factory=list)
    header_rows: int = 0
    widths: list[float] = field(default_factory=list)
    aligns: list[str | None] = field(default_factory=list)


Item = Any  # Para | SourceTable


def refuse(path: Path | str, key: str, **values: Any) -> InputError:
    return InputError([Problem(str(path), None, None, "", text(key, **values))])


def read_source(path: str | Path, limits: Limits = DEFAULT_LIMITS, *, convert: bool = False) -> list[Item]:
    """The paragraphs and tables of the file at ``path``, in order (InputError for anything unreadable);
    ``convert``: a .doc goes through LibreOffice first."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise refuse(path, "not_found", path=path)
    if suffix not in SUFFIXES:
        raise refuse(path, "import_suffix", suffix=path.suffix or path.name)
    try:
        data = files.read_regular(path, limits.import_bytes, exceeded("import_bytes", limits))
    except files.FileRefused as refused:
        raise InputError([Problem(str(path), None, None, "", refused.message)]) from None
    except OSError as error:
        raise refuse(path, "unreadable", detail=error.strerror) from None
    if data.startswith(OLE_MAGIC) and ENCRYPTED_STREAM in data:
        raise refuse(path, "import_encrypted")
    if data.startswith(OLE_MAGIC) or suffix == ".doc":
        if not convert:
            raise refuse(path, "import_doc")
        data, suffix = convert_doc(path), ".docx"
        if len(data) > limits.import_bytes:
            raise InputError([Problem(str(path), None, None, "", exceeded("import_bytes", limits))])
    if suffix == ".docx":
        items = read_docx(data, path, limits)
    else:
        items = read_text_source(decode(data, path), markdown=suffix == ".md")
    if not any(isinstance(i, Para) and i.text for i in items) and not any(
        isinstance(i, SourceTable) and i.rows for i in items
    ):
        raise refuse(path, "import_no_text")
    return items


def convert_doc(path: Path, timeout: float = 180) -> bytes:
    """A Word 97 .doc as .docx bytes, converted by LibreOffice in a profile of its own (so a running
    LibreOffice does not get in the way); InputError when soffice is missing or fails."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise refuse(path, "import_no_soffice")
    with tempfile.TemporaryDirectory(prefix="annualreport-doc-") as folder:
        work = Path(folder)
        source = work / "source.doc"
        source.write_bytes(path.read_bytes())
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                   "--convert-to", "docx", "--outdir", str(work / "out"), str(source)]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise refuse(path, "import_convert_failed", detail=type(error).__name__) from None
        converted = work / "out" / "source.docx"
        if done.returncode != 0 or not converted.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[:120] or f"exit {done.returncode}"
            raise refuse(path, "import_convert_failed", detail=detail)
        return converted.read_bytes()


# --------------------------------------------------------------------------- text


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (BOM allowed), UTF-16 with its BOM, else GB18030; InputError for anything else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            decoded = data.decode("utf-16")
        except UnicodeDecodeError:
            raise refuse(path, "import_encoding") from None
    else:
        try:
            decoded = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            if b"\x00" in data:
                raise refuse(path, "import_encoding") from None
            try:
                decoded = data.decode("gb18030")
            except UnicodeDecodeError:
                raise refuse(path, "import_encoding") from None
    if re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", decoded):  # binary, whatever decoded
        raise refuse(path, "import_encoding")
    return decoded.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BOLD_LEAD = re.compile(r"^\*\*(.+?)\*\*(.+)$")
_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def read_text_source(content: str, *, markdown: bool = False) -> list[Item]:
    """One paragraph per non-empty line; runs of tab-separated lines (or Markdown pipe rows) are tables."""
    items: list[Item] = []
    lines = content.split("\n")
    number = 0
    while number < len(lines):
        raw = lines[number]
        number += 1
        line = raw.strip()
        if not line:
            continue
        if markdown and line.startswith("|") or "\t" in line:
            rows, header, start = [], 0, number
            while True:
                cells = _row(line, markdown)
                if markdown and _MD_SEPARATOR.match(line):
                    header = len(rows)
                elif cells is not None:
                    rows.append([SourceCell(c) for c in cells])
                nxt = lines[number].strip() if number < len(lines) else ""
                if not nxt or not ((markdown and nxt.startswith("|")) or "\t" in nxt):
                    break
                line = nxt
                number += 1
            if len(rows) >= 2 or header:
                items.append(SourceTable(start, rows, header if markdown else 1))
                continue
            line = raw.strip()  # a single tabbed line: a paragraph
        para = Para(number, line)
        if markdown:
            _markdown(para)
        items.append(para)
    return items


def _row(line: str, markdown: bool) -> list[str] | None:
    if markdown and line.startswith("|"):
        return [c.strip() for c in line.strip("|").split("|")]
    return [c.strip() for c in line.split("\t")]


def _markdown(para: Para) -> None:
    found = _MD_HEADING.match(para.text)
    if found:
        hashes = len(found.group(1))
        para.text = found.group(2)
        if hashes == 1:
            para.title_line = True
        else:
            para.level = min(hashes - 1, 4)
        return
    bold = _MD_BOLD_LEAD.match(para.text)
    if bold and len(bold.group(1)) <= 40:
        para.lead = bold.group(1)
        para.text = bold.group(1) + bold.group(2)
    elif para.text.startswith("**") and para.text.endswith("**") and len(para.text) > 4:
        para.text = para.text[2:-2]
        para.bold = True


# --------------------------------------------------------------------------- Word


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$")


def read_docx(data: bytes, path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Item]:
    """Paragraphs and tables of a .docx body, in order (python-docx)."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refuse(path, "import_corrupt", detail="not a zip file") from None
    if "word/document.xml" not in names and "[Content_Types].xml" not in names:
        raise refuse(path, "import_not_docx")
    unpacked = sum(info.file_size for info in archive.infolist() if info.filename.endswith((".xml", ".rels")))
    if unpacked > limits.import_xml_bytes:
        raise InputError([Problem(str(path), None, None, "", exceeded("import_xml_bytes", limits))])

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise refuse(path, "import_not_docx") from None
    except (KeyError, ValueError) as error:
        if "officedocument" in str(error).lower() or "content type" in str(error).lower():
            raise refuse(path, "import_not_docx") from None
        raise refuse(path, "import_corrupt", detail=str(error)[:120]) from None
    except Exception as error:  # lxml's XMLSyntaxError, zipfile's errors, a CRC mismatch
        raise refuse(path, "import_corrupt", detail=f"{type(error).__name__}: {str(error)[:120]}") from None
    try:
        return _DocxReader(document).read()
    except Exception as error:
        raise refuse(path, "import_corrupt", detail=f"{type(error).__name__}: {str(error)[:120]}") from None


class _DocxReader:
    def __init__(self, document: Any):
        self.after_drawing = False
        """The paragraph before held a picture or a chart."""
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        self.document = document
        self.Paragraph, self.Table = Paragraph, Table
        self.items: list[Item] = []
        self.count = 0
        from docx.enum.style import WD_STYLE_TYPE

        # styles by id, looked up once: python-docx finds each by an XPath search of the style sheet
        self.by_id = {style.style_id: style for style in document.styles}
        self.default_paragraph = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)

    def read(self) -> list[Item]:
        self._children(self.document.element.body)
        return self.items

    def _children(self, parent: Any) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                self.count += 1
                para = self._paragraph(self.Paragraph(child, self.document))
                after_drawing, self.after_drawing = self.after_drawing, child.find(f".//{W}drawing") is not None
                if para is not None and after_drawing and FIGURE_CAPTION.match(para.text):
                    continue  # a picture's or chart's caption (图N　……): figures are not imported, nor their captions
                if para is not None:
                    self.items.append(para)
            elif tag == f"{W}tbl":
                self.count += 1
                self.items.append(self._table(child))
            elif tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent")
                self._children(content if content is not None else child)

    # ---------------------------------------------------------------- paragraphs

    def _paragraph(self, paragraph: Any) -> Para | None:
        raw = paragraph.text.replace(WORD_JOINED_DASH, "——").replace(WORD_JOINED_ELLIPSIS, "……")
        body = raw.strip()
        if not body:
            return None
        style_id = paragraph._p.style
        style = self.by_id.get(style_id, self.default_paragraph) if style_id else self.default_paragraph
        name = _style_name(style)
        para = Para(self.count, body, style=name)
        para.level = self._level(paragraph, style, name)
        para.auto_number = paragraph._p.find(f"{W}pPr/{W}numPr") is not None or self._style_numbered(style)
        para.title_line = name in ("title", "标题")
        runs = [r for r in paragraph.runs if r.text]
        if runs and len(raw) == len("".join(r.text for r in runs)):  # runs hold all of the text (no hyperlinks)
            marks = [self._emphasis(r) for r in runs]
            para.bold = all(m[1] for m in marks)
            if marks[0][0]:
                head = []
                for run, mark in zip(runs, marks):
                    if mark[0] != marks[0][0]:
                        break
                    head.append(run.text)
                lead = "".join(head).lstrip()
                rest = body[len(lead):] if body.startswith(lead) else ""
                if lead.strip() and rest.strip() and len(lead) <= 120:
                    para.lead = lead
                    para.lead_is_heading = marks[0][0] == "heading"
        return para

    def _emphasis(self, run: Any) -> tuple[str, bool]:
        """("heading" | "lead" | "", bold) of a run: its character style, bold, or a 楷体 font."""
        style_id = run._r.style
        style = self.by_id.get(style_id) if style_id else None
        name = _style_name(style)
        bold = bool(run.bold) or bool(style is not None and name not in ("", "default paragraph font") and style.font.bold)
        if name and ("heading" in name or "标题" in name):
            return "heading", True
        if name and name != "default paragraph font":
            if "lead" in name or "强调" in name or "emphasis" in name or "strong" in name:
                return "lead", bold
        fonts = run._r.find(f"{W}rPr/{W}rFonts")
        east = fonts.get(f"{W}eastAsia") if fonts is not None else None
        if east and ("楷" in east or "kai" in east.casefold()):
            return "lead", bold
        if bold:
            return "lead", True
        return "", bold

    def _level(self, paragraph: Any, style: Any, name: str) -> int | None:
        if "run-in" in name:
            return None
        found = _HEADING_STYLE.match(name)
        if found:
            return int(found.group(1))
        outline = paragraph._p.find(f"{W}pPr/{W}outlineLvl")
        if outline is not None:
            value = int(outline.get(f"{W}val", "9"))
            return value + 1 if value < 9 else None
        return self._style_level(style)

    def _style_level(self, style: Any) -> int | None:
        seen = 0
        while style is not None and seen < 10:
            outline = style.element.find(f"{W}pPr/{W}outlineLvl")
            if outline is not None:
                value = int(outline.get(f"{W}val", "9"))
                return value + 1 if value < 9 else None
            style = style.base_style
            seen += 1
        return None

    def _style_numbered(self, style: Any) -> bool:
        seen = 0
        while style is not None and seen < 10:
            if style.element.find(f"{W}pPr/{W}numPr") is not None:
                return True
            style = style.base_style
            seen += 1
        return False

    # ---------------------------------------------------------------- tables

    def _table(self, element: Any) -> SourceTable:
        table = SourceTable(self.count)
        grid = [int(col.get(f"{W}w", "0") or 0) for col in element.findall(f"{W}tblGrid/{W}gridCol")]
        open_cells: dict[int, SourceCell] = {}  # grid column -> the cell a vertical merge continues
        header = 0
        in_header = True
        for tr in element.findall(f"{W}tr"):
            row: list[SourceCell] = []
            column = 0
            before = tr.find(f"{W}trPr/{W}gridBefore")
            if before is not None:
                column += int(before.get(f"{W}val", "0"))
            for tc in tr.findall(f"{W}tc"):
                span_el = tc.find(f"{W}tcPr/{W}gridSpan")
                span = int(span_el.get(f"{W}val", "1")) if span_el is not None else 1
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                continues = merge is not None and merge.get(f"{W}val", "continue") == "continue"
                if continues and column in open_cells:
                    open_cells[column].rowspan += 1
                else:
                    cell = SourceCell(self._cell_text(tc), max(span, 1))
                    row.append(cell)
                    if merge is not None:
                        open_cells[column] = cell
                    else:
                        open_cells.pop(column, None)
                column += max(span, 1)
            is_header = tr.find(f"{W}trPr/{W}tblHeader") is not None
            if in_header and is_header:
                header += 1
            else:
                in_header = False
            table.rows.append(row)
        table.header_rows = header
        total = sum(grid)
        if grid and total > 0 and all(w > 0 for w in grid):
            least = min(grid)
            table.widths = [round(w / least, 2) for w in grid]
        return table

    def _cell_text(self, tc: Any) -> str:
        lines = []
        for p in tc.iterchildren(f"{W}p"):
            lines.append(self.Paragraph(p, self.document).text.strip())
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)


WORD_JOINED_DASH = "—\u2060—"
WORD_JOINED_ELLIPSIS = "…\u2060…"
"""—— and …… as our .docx writes them: a word joiner between the halves keeps Word and LibreOffice
from breaking a line inside (render/docx); it is not the author's text."""


def _style_name(style: Any) -> str:
    """A style's name, case-folded, as the recogniser knows it: for a style named in Chinese with an English
    alias (ours: 讲话人 with the alias Speaker, 段首标题 1 with Run-in Heading 1), the English alias."""
    if style is None:
        return ""
    aliases = style.element.find(f"{W}aliases")
    if aliases is not None:
        for alias in (aliases.get(f"{W}val") or "").split(","):
            if alias.strip() and alias.strip().isascii():
                return alias.strip().casefold()
    return (style.name or "").casefold()
