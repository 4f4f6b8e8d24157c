"""Reference documents, as pandoc users know them: an organisation's own .docx whose styles, headers, footers and
page set-up the report takes, its body ignored; and ``reference_docx``, ours to start one from."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Union

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from lxml import etree

from ...errors import InputError, Problem
from ...messages import text
from ...output import Target
from ...style import Style

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

Reference = Union[str, os.PathLike, bytes, BinaryIO, None]
"""A reference document: a path, its bytes, a binary stream, or None for the built-in look."""

BODY_RELATIONSHIPS = frozenset({
    RT.IMAGE, RT.HYPERLINK, RT.CHART, RT.OLE_OBJECT, RT.PACKAGE, RT.COMMENTS, RT.DIAGRAM_COLORS, RT.DIAGRAM_DATA,
    RT.DIAGRAM_LAYOUT, RT.DIAGRAM_QUICK_STYLE, RT.VIDEO, RT.AUDIO,
    "http://schemas.microsoft.com/office/2007/relationships/media",
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
    "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing",
})  # fmt: skip
"""Relationships of the main document that only its body uses (pictures, links, charts, comments): dropped with the
body, so that none of the reference's content travels in the package."""

class ReferenceDocxError(InputError):
    """The reference document cannot be used: missing, unreadable, not a zip, or not a Word document."""

    def __init__(self, name: str, message: str):
        super().__init__([Problem(name, None, None, "", message)])
        self.name = name
        """The reference as the user named it."""


@dataclass(frozen=True, slots=True)
class ReferenceFile:
    """A reference document read into memory."""

    name: str
    """As the user named it (a path, or ``<bytes>``, or the stream's name)."""
    data: bytes
    """Its bytes."""
    digest: str
    """SHA-256 of the bytes: prepared packages are kept per reference content."""


def read_reference(reference: Reference) -> ReferenceFile | None:
    """Read ``reference`` (path, bytes or binary stream) into memory; None stays None."""
    if reference is None:
        return None
    if isinstance(reference, (bytes, bytearray, memoryview)):
        name, data = "<bytes>", bytes(reference)
    elif isinstance(reference, (str, os.PathLike)):
        name = os.fspath(reference)
        try:
            data = Path(reference).read_bytes()
        except FileNotFoundError:
            raise ReferenceDocxError(name, text("reference_missing")) from None
        except OSError as error:
            raise ReferenceDocxError(name, text("reference_unreadable", detail=error.strerror or error)) from None
    else:
        name = str(getattr(reference, "name", "<stream>"))
        data = reference.read()
    return ReferenceFile(name, data, hashlib.sha256(data).hexdigest())


def open_reference(reference: ReferenceFile) -> WordDocument:
    """The reference opened by python-docx, its body emptied (the last ``w:sectPr`` — page set-up, header and
    footer references — stays), the relationships only that body used dropped, and no thumbnail: what remains
    is styles, numbering, theme, settings, headers, footers and fonts."""
    if not zipfile.is_zipfile(io.BytesIO(reference.data)):
        raise ReferenceDocxError(reference.name, text("reference_not_zip"))
    try:
        word = docx.Document(io.BytesIO(reference.data))
    except (KeyError, ValueError, OpcError, zipfile.BadZipFile, etree.XMLSyntaxError, AttributeError) as error:
        detail = str(error).strip("'\"")
        if "content type is" in detail:  # python-docx names the stream; the content type says what it is
            detail = "content type " + detail.rsplit("content type is ", 1)[1].strip("'")
        raise ReferenceDocxError(reference.name, text("reference_not_docx", detail=detail)) from None
    word.element.body.clear_content()  # keeps the body's w:sectPr
    part = word.part
    for rel in list(part.rels.values()):
        if rel.reltype in BODY_RELATIONSHIPS:
            del part.rels[rel.rId]  # python-docx's Part.drop_rel counts only r:id uses, not r:embed; none remain
    package_rels = part.package.rels
    for rel in list(package_rels.values()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of the reference's first page
            del package_rels[rel.rId]
    for rel in list(package_rels.values()):
        if rel.reltype == RT.CORE_PROPERTIES and not rel.is_external:
            core = rel.target_part.element  # python-docx cannot unset a core property; the report sets its own
            for element in list(core):
                core.remove(element)
    return word


SAMPLE_REPORT: dict = {
    "title": ["参考文档样例：标题（Title）", "标题第二行"],
    "subtitle": ["——副标题（Subtitle）：楷体 三号 居中"],
    "speaker": "讲话人（Speaker）",
    "recipient": "主送机关（Recipient）：",
    "issuer": "落款（Signature）",
    "date": "2019-01-15",
    "year": 2018,
    "note": "附注（Note）",
    "content": [
        "正文（Normal）：仿宋_GB2312 三号，首行缩进两个字符，每页 22 行、每行 28 个字。在 Word 中修改本文档的"
        "样式（字体、字号、颜色、行距、页边距、页脚），删除或保留这些示例文字均可，另存为 .docx，再以 "
        "annualreport render --reference-docx 文件名 使用：报告套用其中同名的样式、页面设置和页眉页脚，正文不取。",
    ],
    "sections": [
        {
            "title": "一级标题（标题 1 / heading 1）",
            "content": [
                {"lead": "段首语（Lead，字符样式）", "text": "随后是正文。"},
                {
                    "table": {
                        "caption": "表1　表题（题注 / caption）",
                        "columns": [{"align": "left", "width": 2}, {"align": "right"}, {"align": "right"}],
                        "header": [["表头文字（Table Header）", "2017年", "2018年"]],
                        "rows": [["表格文字（Table Text）", 5, 6], ["合计", 5, 6]],
                        "note": "表注（Table Note）：资料来源。",
                    }
                },
                {"item": "段首标题 2（Run-in Heading 2）。", "text": "要点后的正文。"},
            ],
            "sections": [
                {
                    "title": "二级标题（标题 2 / heading 2）",
                    "content": [{"item": "段首标题 3（Run-in Heading 3）。", "text": "要点后的正文。"}],
                    "sections": [
                        {
                            "title": "三级标题（标题 3 / heading 3）",
                            "content": [{"item": "段首标题 4（Run-in Heading 4）。", "text": "要点后的正文。"}],
                            "sections": [{"title": "四级标题（标题 4 / heading 4）", "content": ["正文。"]}],
                        }
                    ],
                }
            ],
        }
    ],
    "attachments": [{"title": "附件标题（Attachment Title）", "content": ["附件正文。附件说明（Attachment List）在落款之前。"]}],
}
"""The sample body of ``annualreport reference-docx``: one paragraph in each style, saying which."""


def reference_docx(target: Target = None, style: Style | None = None) -> bytes | None:
    """Our reference document — every style of ``style`` (the built-in gbt9704 by default), a page-number footer,
    the page set-up, and a short body (:data:`SAMPLE_REPORT`) showing each style — to open in Word, restyle, and
    save as an office's own reference: written to ``target`` (path or binary stream), or returned as bytes."""
    from ...document import build_document
    from ...model import Report
    from ...style import load_style
    from .renderer import render_docx

    document = build_document(Report.model_validate(SAMPLE_REPORT), style or load_style())
    return render_docx(document, target)
