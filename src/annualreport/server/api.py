"""The endpoints under ``/api``: validate, render, preview, new, import, the examples, skeleton, schema, health.

Every body (YAML, JSON or a zip of a report folder) is loaded by the library's loader inside a sandbox
(bundle.py) and rendered by the library's renderers in a render thread (work.py); problems are answered
422 with their file, line, column and field, in the language of ``Accept-Language`` (Chinese by default).
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import struct
import tempfile
import unicodedata
import warnings
import zipfile
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field

from ..errors import Problem
from ..messages import Language, text, using_language
from . import bundle, samples
from .settings import Settings
from .work import RenderQueue

router = APIRouter()

YAML_MEDIA_TYPE = "text/yaml; charset=utf-8"
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ofd": "application/ofd",
    "zip": "application/zip",
}
"""``application/ofd`` is the type Chinese e-government systems use for OFD (it is not registered with IANA)."""

_BODY = {
    "requestBody": {
        "required": True,
        "description": "The report: report.yaml as YAML, the same as JSON, or a zip of the report folder "
        "(report.yaml with its CSV tables, seal, styles/ and the previous year's folder).",
        "content": {
            "application/yaml": {"schema": {"type": "string"}},
            "application/json": {"schema": {"$ref": "#/components/schemas/Report"}},
            "application/zip": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}
"""The request body as OpenAPI documents it (the endpoints read the raw body themselves)."""


# --------------------------------------------------------------------------- answers


class ProblemModel(BaseModel):
    """One problem, located as the command line prints it (1-based line and column)."""

    file: str | None = Field(description="report.yaml, or the file inside the zip; null for the request itself")
    line: int | None
    column: int | None
    field: str = Field(description="dotted field path, '' for the whole file")
    message: str


class Problems(BaseModel):
    problems: list[ProblemModel]


class WarningModel(BaseModel):
    level: Literal["warning", "error"]
    message: str


class Valid(BaseModel):
    valid: Literal[True] = True
    warnings: list[WarningModel] = Field(description="what building the document said (a table's text set smaller)")
    missing: int = Field(description="indicator values still to fill in (shown as 【待填】)")


class PageImage(BaseModel):
    png: str = Field(description="the page as PNG, base64")
    width: int
    height: int


class Preview(BaseModel):
    pages: list[PageImage]
    problems: list[ProblemModel] = Field(default_factory=list)


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    renders_running: int
    renders_waiting: int


class Failure(BaseModel):
    """413, 415, 500, 503: what went wrong, and the request id the server's log has it under."""

    error: str
    request_id: str


_PROBLEMS: dict[int | str, dict[str, Any]] = {
    422: {"model": Problems, "description": "The report has problems (or a bundle was refused)"},
    413: {"model": Failure, "description": "The body is larger than the limit"},
    503: {"model": Failure, "description": "Too many renders waiting (Retry-After), or the render took too long"},
}



def problems_response(problems: list[Problem]) -> JSONResponse:
    return JSONResponse({"problems": [p.as_json() for p in problems]}, status_code=422)


# --------------------------------------------------------------------------- request parts


class BodyTooLarge(Exception):
    """The request body is over ``Settings.max_body_bytes``: 413."""


def language(request: Request) -> Language:
    """The language of ``Accept-Language``: English when it prefers en to zh, else Chinese (the default)."""
    best: tuple[float, Language] = (0.0, "zh")
    for position, item in enumerate((request.headers.get("accept-language") or "").split(",")):
        tag, _, parameters = item.strip().partition(";")
        quality = 1.0
        found = re.search(r"q\s*=\s*([0-9.]+)", parameters)
        if found:
            try:
                quality = float(found.group(1))
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("zh", "en") and quality > best[0]:
            best = (quality, primary)  # type: ignore[assignment]
    return best[1]


async def report_body(request: Request) -> bytes:
    """The whole body, refused (413) as soon as it is longer than the limit: by Content-Length before a byte
    is read, else while it streams in."""
    limit = settings_of(request).max_body_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            raise BodyTooLarge
    return bytes(received)


def settings_of(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def queue_of(request: Request) -> RenderQueue:
    return request.app.state.queue  # type: ignore[no-any-return]


Body = Annotated[bytes, Depends(report_body)]
Lang = Annotated[Language, Depends(language)]


# --------------------------------------------------------------------------- work done in a render thread


def _validate(body: bytes, content_type: str | None, settings: Settings, strict: bool) -> dict[str, Any]:
    from .. import build
    from ..timestamp import build_timestamp

    with bundle.loaded(body, content_type, settings, strict=strict) as found:
        report = found.report
        build_timestamp(report.date, report.year)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            build(report)
    said = [{"level": getattr(w.category, "level", "warning"), "message": str(w.message)} for w in caught]
    missing = sum(1 for indicator in report.indicators.values() if indicator.value is None)
    return {"valid": True, "warnings": said, "missing": missing}


def _render(body: bytes, content_type: str | None, settings: Settings, kind: str) -> tuple[str, bytes]:
    from ..batch import render_formats

    with bundle.loaded(body, content_type, settings) as found:
        report = found.report
        formats = ("docx", "pdf") if kind == "zip" else (kind,)
        rendered = render_formats(report, formats, font_dirs=settings.font_dirs)
    stem = file_stem(report.title, report.year)
    if kind != "zip":
        return stem, rendered.outputs[0][1]
    return stem, _zip_of([(f"{stem}.{k}", data) for k, data in rendered.outputs], report)


def _preview(body: bytes, content_type: str | None, settings: Settings, dpi: int) -> dict[str, Any]:
    from ..batch import page_pngs, render_formats

    with bundle.loaded(body, content_type, settings) as found:
        rendered = render_formats(found.report, ("pdf",), font_dirs=settings.font_dirs)
    return {"pages": _page_entries(page_pngs(rendered.outputs[0][1], dpi)), "problems": []}


def _new(body: bytes, content_type: str | None, settings: Settings) -> str:
    from ..nextyear import next_year_text

    with bundle.loaded(body, content_type, settings) as found:
        return next_year_text(found.report.year + 1, found.folder)


IMPORT_SUFFIXES = {
    MEDIA_TYPES["docx"]: ".docx",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
}
"""The documents ``/api/import`` takes, by Content-Type (a .docx is also known by its zip signature)."""


def _import(body: bytes, content_type: str | None, name: str | None) -> tuple[str, bytes]:
    """The report folder ``annualreport import`` would write for the uploaded document, as a zip: report.yaml
    and the pictures it keeps. Problems name the upload (``name``, or report.docx/.txt/.md), never the server's
    temporary file."""
    from ..errors import InputError
    from ..importer import import_file
    from ..importer.reader import ENCRYPTED_STREAM, OLE_MAGIC

    media = (content_type or "").split(";")[0].strip().lower()
    suffix = ".docx" if body.startswith(bundle._ZIP_MAGIC) else IMPORT_SUFFIXES.get(media)
    if body.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM not in body:
            raise InputError([Problem(name or "report.doc", None, None, "", text("server_import_doc"))])
        suffix = ".docx"  # an encrypted .docx is an OLE file: the reader says so
    if suffix is None:
        raise InputError([Problem(name or "report", None, None, "", text("server_import_type", media=media or "?"))])
    own = _UNSAFE.sub("", unicodedata.normalize("NFC", Path(name).stem)).strip(" .")[:80] if name else ""
    shown = f"{own or 'report'}{suffix}"  # the upload's own name, made safe (report.yaml's first line names it)
    folder = Path(tempfile.mkdtemp(prefix="annualreport-import-"))
    try:
        source = folder / shown
        source.write_bytes(body)
        with bundle.relative_to(folder, shown):
            result = import_file(source)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report = result.report
    stem = file_stem(report.title, report.year)
    return stem, _zip_of(result.folder_files(), report)


def _page_entries(pngs: list[bytes]) -> list[dict[str, Any]]:
    """Each PNG base64-encoded with its size in pixels (read from the PNG's IHDR chunk)."""
    return [
        {"png": base64.b64encode(png).decode("ascii"), "width": width, "height": height}
        for png in pngs
        for width, height in [struct.unpack(">II", png[16:24])]
    ]


def _zip_of(files: list[tuple[str, bytes]], report: Any) -> bytes:
    """Both files in one zip, entries stamped with the build timestamp (the same bytes for the same input)."""
    from ..timestamp import build_timestamp

    when = build_timestamp(report.date, report.year)
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            entry = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.flag_bits |= 0x800  # the name is UTF-8
            archive.writestr(entry, data)
    return stream.getvalue()


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_stem(title: list[str] | str | None, year: int | None) -> str:
    """The download's name: the report's title (characters no file system takes dropped), else its year."""
    joined = "".join(title) if isinstance(title, list) else (title or "")
    stem = _UNSAFE.sub("", unicodedata.normalize("NFC", joined)).strip(" .")[:80]
    return stem or f"report-{year}"


def content_disposition(filename: str, ascii_fallback: str) -> str:
    """``attachment`` with an ASCII ``filename`` for old clients and the real name as RFC 5987 ``filename*``."""
    fallback = re.sub(r'[^A-Za-z0-9._-]', "_", ascii_fallback)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def _in_thread(request: Request, lang: Language, function: Any, *args: Any) -> Any:
    with using_language(lang):
        return await queue_of(request).run(function, *args)


# --------------------------------------------------------------------------- endpoints


@router.post("/validate", response_model=Valid, responses=_PROBLEMS, openapi_extra=_BODY)
async def validate(request: Request, body: Body, lang: Lang, strict: bool = False) -> Any:
    """Check the report: 200 when it is valid (with what building it said), 422 with every problem."""
    result = await _in_thread(request, lang, _validate, body, request.headers.get("content-type"), settings_of(request), strict)
    return JSONResponse(result)


@router.post(
    "/render",
    response_class=Response,
    responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}, "description": "The file"}, **_PROBLEMS},
    openapi_extra=_BODY,
)
async def render(request: Request, body: Body, lang: Lang, format: Literal["pdf", "docx", "ofd", "zip"] = "pdf") -> Response:
    """The report as .pdf, .docx, .ofd, or a zip holding the .docx and the .pdf; 422 with the problems of an
    invalid report."""
    stem, data = await _in_thread(request, lang, _render, body, request.headers.get("content-type"), settings_of(request), format)
    year = re.search(r"\d{4}", stem)
    fallback = f"report-{year.group(0)}.{format}" if year else f"report.{format}"
    headers = {"Content-Disposition": content_disposition(f"{stem}.{format}", fallback)}
    return Response(data, media_type=MEDIA_TYPES[format], headers=headers)


@router.post("/preview", response_model=Preview, responses=_PROBLEMS, openapi_extra=_BODY)
async def preview(request: Request, body: Body, lang: Lang, dpi: Annotated[int, Query(ge=60, le=150)] = 60) -> Any:
    """The rendered PDF's pages as PNG images (pypdfium2), for a preview beside the editor."""
    result = await _in_thread(request, lang, _preview, body, request.headers.get("content-type"), settings_of(request), dpi)
    return JSONResponse(result)


@router.post(
    "/new",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/yaml": {}}, "description": "Next year's report.yaml"}, **_PROBLEMS},
    openapi_extra=_BODY,
)
async def new(request: Request, body: Body, lang: Lang) -> Response:
    """Next year's report.yaml from this one, as ``annualreport new`` makes it: values moved to previous."""
    content = await _in_thread(request, lang, _new, body, request.headers.get("content-type"), settings_of(request))
    return PlainTextResponse(content, media_type=YAML_MEDIA_TYPE)


_IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "description": "Last year's report as the office has it: a Word document (.docx) or plain text (.txt, .md; "
        "UTF-8 or GB18030).",
        "content": {
            MEDIA_TYPES["docx"]: {"schema": {"type": "string", "format": "binary"}},
            "text/plain": {"schema": {"type": "string"}},
            "text/markdown": {"schema": {"type": "string"}},
        },
    }
}


@router.post(
    "/import",
    response_class=Response,
    responses={200: {"content": {MEDIA_TYPES["zip"]: {}}, "description": "The report folder as a zip"}, **_PROBLEMS},
    openapi_extra=_IMPORT_BODY,
)
async def import_document(
    request: Request, body: Body, lang: Lang, name: Annotated[str | None, Query(max_length=200)] = None
) -> Response:
    """A .docx (or .txt, .md) made into a report folder, as ``annualreport import`` makes it: a zip of report.yaml
    (the things to check listed at its top) and the pictures kept beside it. ``name``: the upload's file name,
    for the messages. 422 with the problem of a document that cannot be read (a .doc, an encrypted file)."""
    stem, data = await _in_thread(request, lang, _import, body, request.headers.get("content-type"), name)
    year = re.search(r"\d{4}", stem)
    fallback = f"report-{year.group(0)}.zip" if year else "report.zip"
    headers = {"Content-Disposition": content_disposition(f"{stem}.zip", fallback)}
    return Response(data, media_type=MEDIA_TYPES["zip"], headers=headers)


@router.get("/example/2018", response_class=PlainTextResponse, responses={200: {"content": {"text/yaml": {}}}})
async def example_2018() -> Response:
    """The 2018 example report (examples/2018/report.yaml)."""
    return PlainTextResponse(samples.example_yaml(), media_type=YAML_MEDIA_TYPE)


@router.get("/example/2018-gongwen", response_class=PlainTextResponse, responses={200: {"content": {"text/yaml": {}}}})
async def example_2018_gongwen() -> Response:
    """The 2018 example issued as a 公文 (examples/2018-gongwen/report.yaml): 版头, 发文字号 and 签发人, 版记."""
    return PlainTextResponse(samples.example_yaml("2018-gongwen"), media_type=YAML_MEDIA_TYPE)


@router.get("/skeleton", response_class=PlainTextResponse, responses={200: {"content": {"text/yaml": {}}}})
async def skeleton() -> Response:
    """An empty report to start from: every part a report needs, to fill in."""
    return PlainTextResponse(samples.skeleton_yaml(), media_type=YAML_MEDIA_TYPE)


@router.get("/schema")
async def schema() -> Response:
    """The JSON Schema of report.yaml (as ``annualreport schema`` prints it)."""
    return Response(samples.schema_text(), media_type="application/schema+json")


@router.get("/health", response_model=Health)
async def health(request: Request) -> Any:
    """Whether this worker answers, and its render queue."""
    from .. import __version__

    queue = queue_of(request)
    return {"status": "ok", "version": __version__, "renders_running": queue.busy, "renders_waiting": queue.queued}


__all__ = ["BodyTooLarge", "language", "problems_response", "router"]
