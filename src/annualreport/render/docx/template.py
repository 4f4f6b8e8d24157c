"""The lean template every .docx starts from: eight small parts, no theme, no styles, no clock.

python-docx's own default template brings a theme that maps East Asian text to a Japanese font, Calibri, 160
latent styles, a thumbnail and the clock's timestamps, and takes ~30 ms to open and save. Ours holds only what
does not depend on the report's style; the renderer adds styles, page set-up, footers and the font table through
python-docx. ``template/lean.docx`` is this module's :func:`build_template`, checked in so that it can be read
(and a test checks that the two agree); regenerate it with
``ANNUALREPORT_UPDATE_GOLDEN=1 pytest tests/test_docx_template.py`` (or call :func:`write_template`).

Parts (all UTF-8 XML, zip entries stored uncompressed in this order, stamped 1980-01-01 00:00):

* ``[Content_Types].xml`` — defaults for .rels and .xml, overrides for the five parts below;
* ``_rels/.rels`` — rId1 the main document, rId2 core properties, rId3 extended properties;
* ``word/document.xml`` — an empty body holding an empty ``w:sectPr`` (the section python-docx sets up);
* ``word/_rels/document.xml.rels`` — rId1 styles, rId2 settings;
* ``word/styles.xml`` — an empty ``w:styles`` (docDefaults and every style come from the report's style);
* ``word/settings.xml`` — zoom 100 %, default tab stop 420 twips (two characters of 10.5 pt), no compression of
  punctuation (``characterSpacingControl doNotCompress``: every character keeps its grid cell), Word 2013+
  layout (``compatibilityMode`` 15), zh-CN as the East Asian theme-font language, decimal point and list
  separator;
* ``docProps/core.xml`` — empty core properties (the renderer sets title, author, dates …);
* ``docProps/app.xml`` — Application ``annualreport``.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path

TEMPLATE_PATH = Path(__file__).parent / "template" / "lean.docx"
"""The checked-in template (package data)."""

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

_COMPAT = "".join(
    f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" w:val="{value}"/>'
    for name, value in (
        ("compatibilityMode", "15"),
        ("overrideTableStyleFontSizeAndJustification", "1"),
        ("enableOpenTypeFeatures", "1"),
        ("doNotFlipMirrorIndents", "1"),
    )
)

PARTS: tuple[tuple[str, str], ...] = (
    ("[Content_Types].xml",
     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
     '<Default Extension="xml" ContentType="application/xml"/>'
     f'<Override PartName="/word/document.xml" ContentType="{WML}.document.main+xml"/>'
     f'<Override PartName="/word/styles.xml" ContentType="{WML}.styles+xml"/>'
     f'<Override PartName="/word/settings.xml" ContentType="{WML}.settings+xml"/>'
     '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
     '<Override PartName="/docProps/app.xml" '
     'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
     "</Types>"),
    ("_rels/.rels",
     f'<Relationships xmlns="{RELS_NS}">'
     f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
     '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"'
     ' Target="docProps/core.xml"/>'
     f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
     "</Relationships>"),
    ("word/document.xml", f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body><w:sectPr/></w:body></w:document>'),
    ("word/_rels/document.xml.rels",
     f'<Relationships xmlns="{RELS_NS}">'
     f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
     f'<Relationship Id="rId2" Type="{REL}/settings" Target="settings.xml"/>'
     "</Relationships>"),
    ("word/styles.xml", f'<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}"/>'),
    ("word/settings.xml",
     f'<w:settings xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
     '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
     '<w:characterSpacingControl w:val="doNotCompress"/>'
     f"<w:compat>{_COMPAT}</w:compat>"
     '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
     '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
     "</w:settings>"),
    ("docProps/core.xml",
     '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
     ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
     ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'),
    ("docProps/app.xml",
     '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
     "<Application>annualreport</Application></Properties>"),
)  # fmt: skip
"""Every part of the template: zip entry name and XML (after the declaration)."""


def build_template() -> bytes:
    """The template's bytes: :data:`PARTS` stored uncompressed in order, each entry stamped 1980-01-01 with no
    host system or permission bits, so the file is the same on every machine and every zlib."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, xml in PARTS:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, (HEADER + xml).encode("utf-8"))
    return buffer.getvalue()


@lru_cache(maxsize=1)
def template_bytes() -> bytes:
    """The checked-in template, read once per process."""
    return TEMPLATE_PATH.read_bytes()


def write_template() -> Path:
    """Write :func:`build_template` to :data:`TEMPLATE_PATH`; return the path."""
    TEMPLATE_PATH.parent.mkdir(exist_ok=True)
    TEMPLATE_PATH.write_bytes(build_template())
    template_bytes.cache_clear()
    return TEMPLATE_PATH
