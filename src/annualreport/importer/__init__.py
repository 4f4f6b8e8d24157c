"""``annualreport import``: last year's report as a Word file (Word or WPS), a text or a Markdown file becomes a
report.yaml, its text kept character for character (see recognise.py for what is recognised and how).

Reading is reader.py (python-docx for .docx), recognition recognise.py, the YAML yamlout.py; the result is
loaded back through the loader, so what is written validates as it stands."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..limits import DEFAULT_LIMITS, Limits
from ..model import Report
from .figures import lift_figures
from .recognise import Explained, recognise
from .reader import Item, SourceTable, read_source
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
        }


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
    text = to_yaml(found.data, source=Path(path).name, comments=found.comments, notes=found.notes)
    with tempfile.TemporaryDirectory(prefix="annualreport-import-") as folder:
        report = load_bytes(text.encode("utf-8"), name="report.yaml", base_dir=folder, limits=limits)
        difference = text_difference(source_text(items), rendered_text(report))
    if difference is not None:  # a bug of recognition: said, never hidden
        found.notes.append(f"rendered text differs from the source {difference}")
        text = to_yaml(found.data, source=Path(path).name, comments=found.comments, notes=found.notes)
    return Imported(report, text, found.explained, found.notes, lifted)


def _squeeze(value: str) -> str:
    return "".join(value.split())


def source_text(items: list[Item]) -> str:
    """Every character of the source in order (paragraphs, then each table's cells), white space aside."""
    pieces: list[str] = []
    for item in items:
        if isinstance(item, SourceTable):
            pieces += [cell.text for row in item.rows for cell in row]
        else:
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
