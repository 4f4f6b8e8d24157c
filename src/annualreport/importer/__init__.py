"""``annualreport import``: last year's report as a Word file (Word or WPS), a text or a Markdown file becomes a
report.yaml, its text kept character for character (see recognise.py for what is recognised and how).

Reading is reader.py (python-docx for .docx), recognition recognise.py, the YAML yamlout.py; the result is
loaded back through the loader, so what is written validates as it stands."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..limits import DEFAULT_LIMITS, Limits
from ..messages import text
from ..model import Report
from .figures import lift_figures
from .recognise import Explained, recognise
from .reader import Item, SourceFigure, SourceTable, printed_caption, read_source
from .yamlout import to_yaml

__all__ = ["Explained", "Imported", "import_file", "rendered_text", "source_text", "text_difference"]


@dataclass
class Imported:
    """What an import made: the report, its YAML text, what each source paragraph became, what to check."""

    report: Report
    yaml: str
    explained: list[Explained] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    figures: int = 0
    """How many figures ``indicators=True`` lifted into the catalogue."""
    files: list[tuple[str, bytes]] = field(default_factory=list)
    """The pictures beside report.yaml, as (path inside the report's folder, bytes): figures/figure-N.png …"""

    def counts(self) -> dict[str, int]:
        """How many source paragraphs were read, and how many headings, points, leads, tables, attachments."""
        roles = [e.role for e in self.explained]
        return {
            "paragraphs": len(roles),
            "headings": sum(r.startswith("heading") for r in roles),
            "points": sum(r.startswith("point") for r in roles),
            "leads": sum(r == "lead" for r in roles),
            "tables": sum(r == "table" for r in roles),
            "attachments": sum(r == "attachment_label" for r in roles),
            "pictures": sum(r == "figure" for r in roles),
            "charts": sum(r == "chart" for r in roles),
        }

    def folder_files(self) -> list[tuple[str, bytes]]:
        """Everything the report's folder holds: report.yaml and the pictures."""
        return [("report.yaml", self.yaml.encode("utf-8")), *self.files]


def import_file(
    path: str | Path, *, limits: Limits = DEFAULT_LIMITS, convert: bool = False, indicators: bool = False
) -> Imported:
    """Import the .docx, .txt or .md file at ``path``; InputError (one message) when it cannot be read.
    ``convert``: a Word 97 .doc is converted to .docx by LibreOffice (``soffice``) first. ``indicators``: figures
    with units in the body text become indicators referred to as ``{key}`` (figures.py)."""
    from ..loader import load_bytes

    items = read_source(path, limits, convert=convert)
    found = recognise(items)
    lifted = lift_figures(found.data) if indicators else 0
    yaml_text = to_yaml(found.data, source=Path(path).name, comments=found.comments, notes=found.notes)
    with tempfile.TemporaryDirectory(prefix="annualreport-import-") as folder:
        # the pictures beside it, as they will be in DIR: the loader reads and checks them (a Report holds its
        # figures' pictures, read at validation, so it renders after this folder is gone)
        _write_files(Path(folder), found.files)
        report = load_bytes(yaml_text.encode("utf-8"), name="report.yaml", base_dir=folder, limits=limits)
        difference = text_difference(source_text(items), rendered_text(report))
    if difference is not None:  # a bug of recognition: said, never hidden
        found.notes.append(text("import_text_differs", difference=difference))
        yaml_text = to_yaml(found.data, source=Path(path).name, comments=found.comments, notes=found.notes)
    return Imported(report, yaml_text, found.explained, found.notes, lifted, found.files)


def _write_files(folder: Path, files: list[tuple[str, bytes]]) -> None:
    for name, data in files:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _squeeze(value: str) -> str:
    return "".join(value.split())


def source_text(items: list[Item]) -> str:
    """Every character of the source in order (paragraphs, then each table's cells), white space aside. A
    picture imported as a figure counts as the caption the model prints under it: 图N, which the model adds where
    the source had no caption or another label (the import notes each such place), then the caption."""
    pieces: list[str] = []
    figures = 0
    for item in items:
        if isinstance(item, SourceTable):
            pieces += [cell.text for row in item.rows for cell in row]
        elif isinstance(item, SourceFigure) and item.usable:
            figures += 1
            pieces.append(printed_caption(item.text or None, figures))
        elif hasattr(item, "text"):
            pieces.append(item.text)
    return _squeeze("".join(pieces))


def rendered_text(report: Report) -> str:
    """Every character the rendered report shows, in order (the document's visible lines), white space aside."""
    from ..document import build_document
    from ..style import load_style

    document = build_document(report, load_style(report.style, report.source_dir))
    return _squeeze("".join(line for node in document.nodes for line in node.visible_lines()))


def text_difference(source: str, rendered: str) -> str | None:
    """None when equal; else where they part: ``at character N: 'source…' ≠ 'rendered…'``."""
    if source == rendered:
        return None
    at = next((k for k, (a, b) in enumerate(zip(source, rendered)) if a != b), min(len(source), len(rendered)))
    return f"at character {at}: {source[at:at + 12]!r} ≠ {rendered[at:at + 12]!r}"
