"""PDF details a print shop's preflight or an archive checks: every font embedded, the outline shown on opening
and listing the attachments, dates from the report, XMP metadata that agrees with the information dictionary."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

import annualreport as ar
from annualreport import document as doc

from .conftest import EXAMPLE_2018, REPO, missing, squash

FULL = REPO / "tests" / "fixtures" / "full"

pytestmark = pytest.mark.usefixtures("chinese_fonts")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """examples/2018 (no date: the end of its year) and tests/fixtures/full (dated, two attachments)."""
    folder = tmp_path_factory.mktemp("pdf_details")
    paths = {"2018": folder / "2018.pdf", "full": folder / "full.pdf"}
    ar.render_pdf(EXAMPLE_2018, paths["2018"])
    ar.render_pdf(FULL, paths["full"])
    return paths


def _fonts(reader: PdfReader) -> dict[str, DictionaryObject]:
    """Every font any page's resources name, by object (a page's fonts and those of its form XObjects)."""
    found: dict[str, DictionaryObject] = {}

    def visit(resources: DictionaryObject | None) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for name, ref in (resources.get("/Font") or {}).items():
            found[f"{name}@{getattr(ref, 'idnum', id(ref))}"] = ref.get_object()
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


def _embedded(font: DictionaryObject) -> bool:
    """Whether a font dictionary carries its font program (Type0: in its descendant)."""
    if font.get("/Subtype") == "/Type0":
        return all(_embedded(descendant.get_object()) for descendant in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:  # a Type3 font draws with its own procedures; a standard-14 font has no descriptor
        return font.get("/Subtype") == "/Type3"
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize("name", ["2018", "full"])
def test_every_font_named_is_embedded(pdfs: dict[str, Path], name: str):
    """No font in any page's resources without its program: the unused Helvetica ReportLab's tables named is gone."""
    fonts = _fonts(PdfReader(pdfs[name]))
    assert fonts
    bare = {key: str(font.get("/BaseFont")) for key, font in fonts.items() if not _embedded(font)}
    assert bare == {}
    assert not any("Helvetica" in str(font.get("/BaseFont")) for font in fonts.values())


@pytest.mark.parametrize("name", ["2018", "full"])
def test_pdffonts_says_every_font_is_embedded(pdfs: dict[str, Path], name: str):
    """poppler's pdffonts, as a print shop would run it: every row ``emb yes``."""
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        missing("poppler's pdffonts is not installed")
    assert pdffonts is not None
    listing = subprocess.run([pdffonts, str(pdfs[name])], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]  # after the header and its rule
    assert rows
    for row in rows:
        # name, type (may hold spaces), encoding, then emb sub uni and the object id
        emb = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row)
        assert emb is not None and emb.group(1) == "yes", row


def test_outline_opens_with_the_document_and_lists_the_attachments(pdfs: dict[str, Path]):
    reader = PdfReader(pdfs["full"])
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    outline = reader.outline
    top = [entry.title for entry in outline if not isinstance(entry, list)]
    built = ar.build(FULL)
    first_attachment = next(i for i, n in enumerate(built.nodes) if isinstance(n, doc.Title) and n.role == "attachment_title")
    body = [n.number + n.text for n in built.nodes[:first_attachment] if isinstance(n, doc.Heading) and n.level == 1]
    attachments = [n for n in built.nodes if isinstance(n, doc.Title) and n.role == "attachment_title"]
    assert len(attachments) == 2
    labels = [f"附件{i}" for i in range(1, len(attachments) + 1)]
    expected = [f"{label}\u3000{''.join(t.lines)}" for label, t in zip(labels, attachments)]
    # The body's level-1 headings, then one entry per attachment, the attachments' own headings below it.
    assert top == body + expected
    entries = list(outline)
    below = entries[entries.index(next(e for e in entries if not isinstance(e, list) and e.title == expected[1])) + 1]
    assert isinstance(below, list) and [e.title for e in below if not isinstance(e, list)] == ["一、总体要求"]
    # Each attachment's entry leads to the page its label is on.
    for label, title in zip(labels, expected):
        entry = next(e for e in entries if not isinstance(e, list) and e.title == title)
        text = squash(reader.pages[reader.get_destination_page_number(entry)].extract_text() or "")
        assert label in text and text.index(label) < text.index(title.split("\u3000")[1][:4])


def test_outline_shown_in_the_example(pdfs: dict[str, Path]):
    assert PdfReader(pdfs["2018"]).trailer["/Root"]["/PageMode"] == "/UseOutlines"


def _info_date(value: str) -> dt.datetime:
    """A PDF date (D:20181231000000+00'00') as a UTC datetime."""
    match = re.fullmatch(r"D:(\d{14})([+-Z])(\d\d)?'?(\d\d)?'?", value)
    assert match, value
    when = dt.datetime.strptime(match.group(1), "%Y%m%d%H%M%S")
    offset = dt.timedelta(hours=int(match.group(3) or 0), minutes=int(match.group(4) or 0))
    return (when - offset if match.group(2) == "+" else when + offset).replace(tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("name", "when"), [("2018", dt.datetime(2018, 12, 31, tzinfo=dt.timezone.utc)),
                                            ("full", dt.datetime(2020, 1, 15, tzinfo=dt.timezone.utc))])  # fmt: skip
def test_dates_come_from_the_report(pdfs: dict[str, Path], name: str, when: dt.datetime):
    """``date:`` (full: 2020-01-15), else the last day of the report's year (2018): never ReportLab's 2000-01-01."""
    reader = PdfReader(pdfs[name])
    info = reader.metadata
    assert info is not None
    assert _info_date(info["/CreationDate"]) == when and _info_date(info["/ModDate"]) == when
    assert b"D:2000" not in pdfs[name].read_bytes()
    xmp = reader.xmp_metadata
    assert xmp is not None
    for value in (xmp.xmp_create_date, xmp.xmp_modify_date, xmp.xmp_metadata_date):
        assert value.replace(tzinfo=dt.timezone.utc) == when


@pytest.mark.parametrize("name", ["2018", "full"])
def test_xmp_agrees_with_the_information_dictionary(pdfs: dict[str, Path], name: str):
    """Title, author (the issuer), subject, language, creator tool, producer: the same in both places, as PDF/A
    asks; the metadata stream is an uncompressed XML stream the catalogue points to."""
    reader = PdfReader(pdfs[name])
    info, xmp = reader.metadata, reader.xmp_metadata
    assert info is not None and xmp is not None
    metadata = ar.build(EXAMPLE_2018 if name == "2018" else FULL).metadata
    assert info["/Title"] == metadata.title == xmp.dc_title["x-default"]
    assert info["/Author"] == metadata.author == xmp.dc_creator[0]
    assert info["/Subject"] == metadata.subject == xmp.dc_description["x-default"]
    assert reader.trailer["/Root"]["/Lang"] == metadata.language and xmp.dc_language == [metadata.language]
    assert info["/Creator"] == xmp.xmp_creator_tool and info["/Producer"] == xmp.pdf_producer
    assert info["/Keywords"] == (xmp.pdf_keywords or "")
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert (stream["/Type"], stream["/Subtype"]) == ("/Metadata", "/XML")
    assert "/Filter" not in stream
    assert metadata.author and metadata.title  # both fixtures have an issuer and a title


def test_same_input_same_bytes_with_attachments_and_metadata(pdfs: dict[str, Path]):
    """The XMP packet and the outline change nothing in determinism: the document id comes from the content."""
    again = ar.render_pdf(FULL)
    assert again == pdfs["full"].read_bytes()
    trailer_id = PdfReader(pdfs["full"]).trailer["/ID"]
    assert trailer_id[0] == trailer_id[1]
