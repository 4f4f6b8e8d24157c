"""The .docx package: settings, footers, document properties, relationships, and a zip with pinned timestamps."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from lxml import etree

from ...document import Metadata
from ...errors import RenderError
from ...timestamp import build_timestamp
from .oxml import add_field, add_text, root, serialize, sub, val

MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

ODD_FOOTER_ID = "rIdFooterOdd"
"""Relationship id of the footer on odd pages (``w:footerReference w:type="default"``)."""
EVEN_FOOTER_ID = "rIdFooterEven"
"""Relationship id of the footer on even pages."""

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""Timestamp of every zip entry when the document has no date: the earliest a zip can hold."""


@dataclass(frozen=True, slots=True)
class PackagePart:
    """One part of the package."""

    name: str
    """Path inside the zip, without a leading slash."""
    content_type: str | None
    """Override content type, or None when the extension's default applies."""
    data: bytes
    """The serialized part."""


def document_timestamp(metadata: Metadata) -> dt.datetime:
    """When the document was made, for its properties and zip entries (see ``timestamp.build_timestamp``)."""
    return build_timestamp(metadata.date, metadata.year)


def settings_xml() -> bytes:
    """settings.xml: separate odd/even footers, no punctuation compression (every character keeps its cell),
    Word 2013+ layout (compatibilityMode 15), and zh-CN as the East Asian language."""
    settings = root("settings")
    sub(settings, "zoom", {"percent": 100})
    val(settings, "defaultTabStop", 420)
    sub(settings, "evenAndOddHeaders")
    val(settings, "characterSpacingControl", "doNotCompress")
    compat = sub(settings, "compat")
    for name, value in (
        ("compatibilityMode", "15"),
        ("overrideTableStyleFontSizeAndJustification", "1"),
        ("enableOpenTypeFeatures", "1"),
        ("doNotFlipMirrorIndents", "1"),
    ):
        sub(compat, "compatSetting", {"name": name, "uri": "http://schemas.microsoft.com/office/word", "val": value})
    sub(settings, "themeFontLang", {"val": "en-US", "eastAsia": "zh-CN"})
    val(settings, "decimalSymbol", ".")
    val(settings, "listSeparator", ",")
    return serialize(settings)


def footer_xml(style_id: str, number_format: str) -> bytes:
    """A footer holding the page number: the format's text around a PAGE field ("— 1 —")."""
    before, marker, after = number_format.partition("{n}")
    if not marker:
        raise RenderError(f"page_number.format must contain {{n}} where the number goes (not {number_format!r})")
    footer = root("ftr")
    paragraph = sub(footer, "p")
    val(sub(paragraph, "pPr"), "pStyle", style_id)
    add_text(paragraph, before)
    add_field(paragraph, "PAGE", "1")
    add_text(paragraph, after)
    return serialize(footer)


def core_xml(metadata: Metadata, when: dt.datetime | None) -> bytes:
    """docProps/core.xml: title, subject, author (the issuer), language, and created/modified when known."""
    core = etree.Element(
        f"{{{CORE_NS}}}coreProperties",
        nsmap={"cp": CORE_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "xsi": XSI_NS},
    )
    for ns, tag, text in (
        (DC_NS, "title", metadata.title),
        (DC_NS, "subject", metadata.subject),
        (DC_NS, "creator", metadata.author),
        (CORE_NS, "lastModifiedBy", metadata.author),
        (DC_NS, "language", metadata.language),
    ):
        if text:
            etree.SubElement(core, f"{{{ns}}}{tag}").text = text
    if when is not None:
        stamp = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        for tag in ("created", "modified"):
            element = etree.SubElement(core, f"{{{DCTERMS_NS}}}{tag}")
            element.set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")
            element.text = stamp
    return serialize(core)


def app_xml() -> bytes:
    """docProps/app.xml: the producing application."""
    properties = etree.Element(f"{{{APP_NS}}}Properties", nsmap={None: APP_NS})
    etree.SubElement(properties, f"{{{APP_NS}}}Application").text = "annualreport"
    return serialize(properties)


def _relationships(entries: list[tuple[str, str, str]]) -> bytes:
    rels = etree.Element(f"{{{PACKAGE_RELS}}}Relationships", nsmap={None: PACKAGE_RELS})
    for rel_id, kind, target in entries:
        etree.SubElement(rels, f"{{{PACKAGE_RELS}}}Relationship", Id=rel_id, Type=kind, Target=target)
    return serialize(rels)


def _content_types(parts: list[PackagePart]) -> bytes:
    types = etree.Element(f"{{{CONTENT_TYPES}}}Types", nsmap={None: CONTENT_TYPES})
    etree.SubElement(types, f"{{{CONTENT_TYPES}}}Default", Extension="rels",
                     ContentType="application/vnd.openxmlformats-package.relationships+xml")  # fmt: skip
    etree.SubElement(types, f"{{{CONTENT_TYPES}}}Default", Extension="xml", ContentType="application/xml")
    for part in parts:
        if part.content_type:
            etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override", PartName="/" + part.name,
                             ContentType=part.content_type)  # fmt: skip
    return serialize(types)


def build_package(
    *,
    document: bytes,
    styles: bytes,
    font_table: bytes,
    footers: tuple[bytes, bytes],
    metadata: Metadata,
) -> bytes:
    """The .docx bytes: the given parts plus settings, properties and relationships, in a fixed order."""
    when = document_timestamp(metadata)
    odd, even = footers
    parts = [
        PackagePart("word/document.xml", f"{MAIN_TYPE}.document.main+xml", document),
        PackagePart("word/styles.xml", f"{MAIN_TYPE}.styles+xml", styles),
        PackagePart("word/settings.xml", f"{MAIN_TYPE}.settings+xml", settings_xml()),
        PackagePart("word/fontTable.xml", f"{MAIN_TYPE}.fontTable+xml", font_table),
        PackagePart("word/footer1.xml", f"{MAIN_TYPE}.footer+xml", odd),
        PackagePart("word/footer2.xml", f"{MAIN_TYPE}.footer+xml", even),
        PackagePart("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml",
                    core_xml(metadata, when)),  # fmt: skip
        PackagePart("docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml",
                    app_xml()),  # fmt: skip
    ]
    package_rels = _relationships([
        ("rId1", f"{REL_TYPE}/officeDocument", "word/document.xml"),
        ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
         "docProps/core.xml"),
        ("rId3", f"{REL_TYPE}/extended-properties", "docProps/app.xml"),
    ])  # fmt: skip
    document_rels = _relationships([
        ("rId1", f"{REL_TYPE}/styles", "styles.xml"),
        ("rId2", f"{REL_TYPE}/settings", "settings.xml"),
        ("rId3", f"{REL_TYPE}/fontTable", "fontTable.xml"),
        (ODD_FOOTER_ID, f"{REL_TYPE}/footer", "footer1.xml"),
        (EVEN_FOOTER_ID, f"{REL_TYPE}/footer", "footer2.xml"),
    ])  # fmt: skip
    entries = [
        ("[Content_Types].xml", _content_types(parts)),
        ("_rels/.rels", package_rels),
        ("word/_rels/document.xml.rels", document_rels),
        *((part.name, part.data) for part in parts),
    ]
    return write_zip(entries, _zip_time(when))


def _zip_time(when: dt.datetime | None) -> tuple[int, int, int, int, int, int]:
    if when is None or when.year < 1980:
        return ZIP_EPOCH
    utc = when.astimezone(dt.timezone.utc)
    return (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second - utc.second % 2)


def write_zip(entries: list[tuple[str, bytes]], date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """A zip of ``entries`` in order, every entry stamped ``date_time`` with fixed attributes: no clock, no umask,
    no host system in the output."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, data)
    return buffer.getvalue()
