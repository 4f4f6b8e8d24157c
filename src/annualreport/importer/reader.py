"""Reading a source document into a flat list of paragraphs and tables, each with the hints recognition uses.

.docx (Word and WPS) through python-docx: paragraph text with line breaks, the paragraph style and its outline
level (the style's own, or the one it is based on), Word's automatic numbering, a run-in phrase at the start
(runs in bold, in 楷体, or in a character style of their own), tables with merged cells, and pictures and charts
(``SourceFigure``: a picture's image part, its width and the caption paragraph below it; a chart's cached values);
what is not imported and is not text (pictures in cells, headers, footers; drawn shapes) is a ``SourceNote``. .txt: UTF-8 (BOM
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


FIGURE_CAPTION = re.compile(r"^图\s*(?:[0-9]+|[一二三四五六七八九十]+)")
"""A figure's caption as annualreport (and most offices) write it below a picture or chart (图1　……)."""
FIGURE_LABEL = re.compile(r"^图\s*([0-9]+)[\s\u3000]*")
"""The label of a caption in the form annualreport numbers figures (图1, 图2, …)."""


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


@dataclass
class SourceFigure:
    """A picture or a chart in the body (a ``w:drawing``, or VML ``w:pict``/``w:object`` as older Word writes),
    with the caption paragraph below it when it has one."""

    index: int
    """The paragraph it is in."""
    kind: str
    """"picture" or "chart"."""
    data: bytes = b""
    """A picture's image part, as it is in the file."""
    ext: str = ""
    """png, jpg or svg when ``data`` can become a ``figure:`` (else the part's own extension: emf, gif, …)."""
    width_emu: int | None = None
    """The drawing's width (``wp:extent cx``, or the VML shape's width) in EMU."""
    caption: Para | None = None
    """The paragraph below it that captions it (图N　……, or in the Caption style)."""
    problem: str = ""
    """Why a picture cannot become a ``figure:`` (its format, damaged, linked rather than embedded)."""
    chart: str = ""
    """A chart's categories and values as cached in its part (c:cat, c:val), as text for the note."""
    remake: bool = False
    """Its image is there but a figure cannot take it (its format, or damaged): the note says to remake it."""

    @property
    def text(self) -> str:
        return self.caption.text if self.caption is not None else ""

    @property
    def usable(self) -> bool:
        """It becomes a ``figure:`` block."""
        return self.kind == "picture" and not self.problem


@dataclass
class SourceNote:
    """Something in the source that is not imported and is not text: said in the things to check (a picture
    in a table cell, a header or a footer; a drawn shape). Recognition takes these out first."""

    index: int
    message: str


Item = Any  # Para | SourceTable | SourceFigure | SourceNote


def figure_caption(caption: str | None, number: int) -> tuple[str | None, bool]:
    """The caption as the model takes it for the ``number``-th figure, and whether its label was removed: the
    label goes only when it is the one the model prints there (图{number}); a caption without one keeps its
    text, and the model's 图N is an addition. White space and Word's line breaks inside are the renderer's."""
    if not caption:
        return None, False
    caption = caption.replace("\n", "")
    found = FIGURE_LABEL.match(caption)
    if found and int(found.group(1)) == number:
        rest = caption[found.end():].strip()
        return (rest or None), True
    return caption, False


def printed_caption(caption: str | None, number: int) -> str:
    """What the model prints under the ``number``-th figure for ``caption`` (图N, then the caption)."""
    shown, _ = figure_caption(caption, number)
    return f"图{number}\u3000{shown}" if shown else f"图{number}"


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
        return _DocxReader(document, limits).read()
    except Exception as error:
        raise refuse(path, "import_corrupt", detail=f"{type(error).__name__}: {str(error)[:120]}") from None


class _DocxReader:
    def __init__(self, document: Any, limits: Limits = DEFAULT_LIMITS):
        self.limits = limits
        self.waiting: list[SourceFigure] = []
        """The figures of the paragraph just read: the next paragraph may be their caption."""
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
        self._headers_and_footers()
        return self.items

    def _children(self, parent: Any) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                self.count += 1
                para = self._paragraph(self.Paragraph(child, self.document))
                found = self._figures(child)
                if para is None and not found:
                    continue  # an empty paragraph: a picture's caption may still follow
                waiting, self.waiting = self.waiting, found
                if para is not None and waiting and not found and self._captions_figure(para):
                    waiting[-1].caption = para  # 图N　…… below a picture or chart: its caption
                    continue
                if para is not None:
                    self.items.append(para)
                self.items += found
            elif tag == f"{W}tbl":
                self.count += 1
                self.waiting = []
                self.items.append(self._table(child))
                pictures = sum(1 for _ in _drawings(child))
                if pictures:
                    self.items.append(SourceNote(self.count, text("import_note_cells", count=pictures)))
            elif tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent")
                self._children(content if content is not None else child)

    # ---------------------------------------------------------------- pictures and charts

    def _captions_figure(self, para: Para) -> bool:
        """A paragraph below a picture or chart is its caption when it reads 图N…… or is in a caption style
        (and is not a table's caption, 表N……)."""
        if FIGURE_CAPTION.match(para.text):
            return True
        return para.style in ("caption", "题注") and not re.match(r"^(?:表|附表)\s*(?:\d|[一二三四五六七八九十])", para.text)

    def _figures(self, paragraph: Any) -> list[SourceFigure]:
        """The pictures and charts of one body paragraph, in order; drawn shapes are only noted."""
        found: list[SourceFigure] = []
        for drawing in _drawings(paragraph):
            if drawing.tag == f"{W}drawing":
                figure = self._drawing(drawing)
            else:  # VML: w:pict or w:object with v:imagedata
                figure = self._vml(drawing)
            if isinstance(figure, SourceFigure):
                found.append(figure)
            elif figure:
                self.items.append(SourceNote(self.count, figure))
        return found

    def _drawing(self, drawing: Any) -> SourceFigure | str | None:
        holder = next((c for c in drawing if c.tag in (f"{WP}inline", f"{WP}anchor")), None)
        if holder is None:
            return None
        extent = holder.find(f"{WP}extent")
        width = _int(extent.get("cx")) if extent is not None else None
        data = holder.find(f"{A}graphic/{A}graphicData")
        if data is None:
            return None
        chart = data.find(f"{C}chart")
        if chart is not None:
            return SourceFigure(self.count, "chart", width_emu=width, chart=self._chart_data(chart.get(f"{R}id")))
        blips = list(data.iter(f"{A}blip"))
        if len(blips) != 1:
            return text("import_note_group", count=len(blips)) if blips else text("import_note_shape")
        blip = blips[0]
        svg = blip.find(f"{A}extLst/{A}ext/{ASVG}svgBlip")
        figure = None
        if svg is not None:  # annualreport and Word 2016+: the SVG itself, a PNG beside it for older readers
            figure = self._picture(svg.get(f"{R}embed"), width)
            if figure.problem:
                figure = None
        return figure or self._picture(blip.get(f"{R}embed") or blip.get(f"{R}link"), width)

    def _vml(self, element: Any) -> SourceFigure | None:
        image = element.find(f".//{V}imagedata")
        if image is None:
            return None  # a VML rule or shape without a picture
        shape = image.getparent()
        return self._picture(image.get(f"{R}id"), _vml_width(shape.get("style", "")))

    def _picture(self, rid: str | None, width: int | None) -> SourceFigure:
        figure = SourceFigure(self.count, "picture", width_emu=width)
        rel = self.document.part.rels.get(rid) if rid else None
        if rel is None:
            figure.problem = text("import_picture_missing")
            return figure
        if rel.is_external:
            figure.problem = text("import_picture_linked", target=str(rel.target_ref)[:80])
            return figure
        part = rel.target_part
        figure.data = part.blob
        suffix = str(part.partname).rsplit(".", 1)[-1].lower() if "." in str(part.partname) else "bin"
        figure.ext = IMAGE_EXTENSIONS.get(part.content_type, suffix if suffix.isalnum() else "bin")
        if figure.ext not in ("png", "jpg", "svg"):
            figure.problem = text("import_picture_format", format=figure.ext.upper())
            figure.remake = True
            return figure
        from .. import images

        if figure.ext == "svg" and not images.svg_available():
            figure.problem = text("import_picture_svg_extra")
            return figure
        try:
            images.check_picture(figure.data, f"figure.{figure.ext}", self.limits.figure_pixels, self.limits.figure_svg_elements)
        except images.ImageError as error:
            figure.problem = text("import_picture_unusable", detail=str(error)[:120] or type(error).__name__)
            figure.remake = True
        return figure

    def _chart_data(self, rid: str | None) -> str:
        """The categories and each series' values as the chart part caches them (c:strCache, c:numCache)."""
        rel = self.document.part.rels.get(rid) if rid else None
        if rel is None or rel.is_external:
            return ""
        from docx.oxml import parse_xml

        try:
            space = parse_xml(rel.target_part.blob)
        except Exception:
            return ""
        categories: list[str] = []
        series = []
        for ser in space.iter(f"{C}ser"):
            name = "".join(v.text or "" for v in ser.findall(f"{C}tx//{C}v")) or text("import_chart_series", n=len(series) + 1)
            if not categories:
                categories = [v.text or "" for v in ser.findall(f"{C}cat//{C}pt/{C}v")]
            code = ser.findtext(f"{C}val//{C}formatCode") or ""
            values = [_cached_number(v.text or "", code) for v in ser.findall(f"{C}val//{C}numCache/{C}pt/{C}v")]
            series.append(f"{name}: {', '.join(values[:40])}")
        if not series:
            return ""
        shown = text("import_chart_categories", categories="、".join(categories[:40])) if categories else ""
        return shown + "; ".join(series[:8])

    def _headers_and_footers(self) -> None:
        """Pictures in headers and footers are not imported: said once, with where."""
        count = 0
        seen = set()
        for rel in self.document.part.rels.values():
            if rel.is_external or not rel.reltype.endswith(("/header", "/footer")):
                continue
            part = rel.target_part
            if id(part) in seen:
                continue
            seen.add(id(part))
            element = getattr(part, "element", None)
            if element is not None:
                count += sum(1 for _ in _drawings(element))
        if count:
            self.items.append(SourceNote(0, text("import_note_headers", count=count)))

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


WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
V = "{urn:schemas-microsoft-com:vml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
ASVG = "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}"
EMU_PER_PT = 12700
IMAGE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/jpg": "jpg", "image/svg+xml": "svg",
                    "image/gif": "gif", "image/bmp": "bmp", "image/tiff": "tiff", "image/x-emf": "emf",
                    "image/x-wmf": "wmf", "image/webp": "webp"}  # fmt: skip


def _drawings(parent: Any) -> Any:
    """The pictures and charts under ``parent``: ``w:drawing``, and VML ``w:pict``/``w:object`` holding an
    image; never twice (what Word puts in ``mc:Fallback`` for older readers is left out)."""
    for element in parent.iter(f"{W}drawing", f"{W}pict", f"{W}object"):
        if any(a.tag == f"{MC}Fallback" for a in element.iterancestors()):
            continue
        if element.tag != f"{W}drawing" and element.find(f".//{V}imagedata") is None:
            continue
        if any(a.tag in (f"{W}drawing", f"{W}pict", f"{W}object") for a in element.iterancestors()):
            continue  # inside another one (a picture in a text box)
        yield element


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


_VML_LENGTH = re.compile(r"(?:^|;)\s*width\s*:\s*([0-9]*\.?[0-9]+)\s*(pt|in|cm|mm|px|)\s*(?:;|$)")
_EMU_PER = {"pt": 12700, "in": 914400, "cm": 360000, "mm": 36000, "px": 9525, "": 9525}


def _vml_width(style: str) -> int | None:
    found = _VML_LENGTH.search(style)
    return round(float(found.group(1)) * _EMU_PER[found.group(2)]) if found else None


def _cached_number(value: str, code: str) -> str:
    """A cached chart value as its number format shows it, roughly: percentages as such, else as stored."""
    try:
        number = float(value)
    except ValueError:
        return value
    if code.endswith("%"):
        decimals = len(code.split(".")[1].rstrip("%")) if "." in code else 0
        return f"{number * 100:.{decimals}f}%"
    return f"{number:g}" if abs(number) < 1e15 else value


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
