"""What python-docx cannot do for the package: the same bytes for the same input.

``Document.save`` writes each entry with ``ZipFile.writestr(name, blob)``, which stamps it with the clock
(``time.localtime()``) and the host's system and permission bits. :func:`save_pinned` writes the same entries
— python-docx's parts, relationships and content types, in the order its ``PackageWriter`` uses — into a zip of
its own whose entries carry the document's timestamp and no host bits. (Zipping python-docx's saved bytes again
would give the same result at twice the compression cost.) tests/test_docx_layer.py checks that the entries are
python-docx's, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from typing import TYPE_CHECKING

from docx.opc.oxml import CT_Types, serialize_part_xml
from docx.opc.spec import default_content_types

from ...document import Metadata
from ...timestamp import build_timestamp

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.opc.part import Part

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""Timestamp of every zip entry when the document has no date: the earliest a zip can hold."""

RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
XML = "application/xml"


def document_timestamp(metadata: Metadata) -> dt.datetime:
    """When the document was made, for its properties and zip entries (see ``timestamp.build_timestamp``)."""
    return build_timestamp(metadata.date, metadata.year)


def zip_time(when: dt.datetime | None) -> tuple[int, int, int, int, int, int]:
    """A zip entry's timestamp for ``when`` (UTC, even seconds: a zip holds two-second steps)."""
    if when is None or when.year < 1980:
        return ZIP_EPOCH
    utc = when.astimezone(dt.timezone.utc)
    return (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second - utc.second % 2)


def package_entries(word: WordDocument) -> list[tuple[str, bytes]]:
    """The zip entries ``Document.save`` writes, in its order: ``[Content_Types].xml``, the package relationships,
    then each part (as python-docx's ``OpcPackage.iter_parts`` reaches it) followed by its relationships."""
    package = word.part.package
    parts = list(package.iter_parts())
    entries = [("[Content_Types].xml", content_types(parts)), ("_rels/.rels", _bytes(package.rels.xml))]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, _bytes(part.rels.xml)))
    return entries


def content_types(parts: list[Part]) -> bytes:
    """``[Content_Types].xml`` as python-docx writes it: defaults for .rels, .xml and the extensions whose content
    type is the usual one (pictures), an override for every other part, each list sorted."""
    defaults = {"rels": RELATIONSHIPS, "xml": XML}
    overrides = {}
    for part in parts:
        extension = part.partname.ext
        if (extension.lower(), part.content_type) in default_content_types:
            defaults[extension.lower()] = part.content_type
        else:
            overrides[part.partname] = part.content_type
    types = CT_Types.new()
    for extension in sorted(defaults):
        types.add_default(extension, defaults[extension])
    for name in sorted(overrides):
        types.add_override(name, overrides[name])
    return serialize_part_xml(types)


def save_pinned(word: WordDocument, when: dt.datetime | None) -> bytes:
    """``word`` as .docx bytes: python-docx's entries, deflated, every one stamped ``when`` — no clock, no umask,
    no host system in the output (zipfile gives every entry the same permission bits, rw-------)."""
    return pack(package_entries(word), zip_time(when), zipfile.ZIP_DEFLATED)


def pack(entries: list[tuple[str, bytes]], date_time: tuple[int, int, int, int, int, int], compression: int) -> bytes:
    """A zip of ``entries`` in order, each stamped ``date_time``, without host system bits."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = compression
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, data)
    return buffer.getvalue()


def _bytes(xml: str | bytes) -> bytes:
    return xml if isinstance(xml, bytes) else xml.encode("utf-8")


class PinnedZip(zipfile.ZipFile):
    """A zip whose entries written by name (or from a file) all carry one timestamp and no host bits: for the
    packages inside the package (a chart's embedded workbook), which their writers date by the clock."""

    def __init__(self, stream: io.BytesIO, when: dt.datetime | None) -> None:
        super().__init__(stream, "w", zipfile.ZIP_DEFLATED)
        self.stamp = zip_time(when)

    def writestr(self, name: str | zipfile.ZipInfo, data: str | bytes, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        if isinstance(name, str):
            info = zipfile.ZipInfo(name, date_time=self.stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            name = info
        super().writestr(name, data, *args, **kwargs)  # type: ignore[arg-type]

    def write(self, filename: str, arcname: str | None = None, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        """A file on disk (openpyxl writes worksheets through a temporary file) goes in dated as the rest."""
        with open(filename, "rb") as source:
            self.writestr(arcname or os.path.basename(filename), source.read())
