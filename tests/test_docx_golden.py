"""The Word output of tests/fixtures/full as reviewable XML: canonicalised word/document.xml and word/styles.xml.

A change to the renderer shows as a diff of these files. Review it, then regenerate them with
``ANNUALREPORT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_docx_golden.py``.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import annualreport as ar

REPO = Path(__file__).resolve().parents[1]
FULL = REPO / "tests" / "fixtures" / "full"
GOLDEN = REPO / "tests" / "golden"


def canonical_xml(data: bytes) -> str:
    """An XML part, pretty-printed with every element's attributes sorted: the same document always reads the
    same, whatever order a writer put attributes in."""
    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    for element in root.iter():
        if isinstance(element.tag, str):
            attributes = sorted(element.attrib.items())
            element.attrib.clear()
            element.attrib.update(attributes)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


@pytest.fixture(scope="module")
def full_docx() -> zipfile.ZipFile:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        data = ar.render_docx(FULL)
    assert data is not None
    return zipfile.ZipFile(io.BytesIO(data))


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_golden_xml_of_the_full_fixture(full_docx: zipfile.ZipFile, part: str):
    golden = GOLDEN / f"full.{part.split('/')[-1]}"
    text = canonical_xml(full_docx.read(part))
    if os.environ.get("ANNUALREPORT_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: ANNUALREPORT_UPDATE_GOLDEN=1 writes it"
    assert text == golden.read_text(encoding="utf-8"), f"{part} changed: review the diff, then ANNUALREPORT_UPDATE_GOLDEN=1"


def test_canonical_form_ignores_attribute_order_and_whitespace():
    a = b'<r xmlns:w="urn:w"><w:p w:b="2" w:a="1">\n  <w:t>x</w:t></w:p></r>'
    b = b'<r xmlns:w="urn:w"><w:p w:a="1" w:b="2"><w:t>x</w:t></w:p></r>'
    assert canonical_xml(a) == canonical_xml(b)
    assert canonical_xml(a) != canonical_xml(b.replace(b">x<", b">y<"))
