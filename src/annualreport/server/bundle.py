"""A request's body as a report: YAML or JSON bytes, or a zip of a report folder unpacked into a private
temporary folder that nothing the report names may leave (zip slip, absolute paths, links and zip bombs
refused), loaded by the library's own loader with its located problems, and removed when the request ends."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import InputError, Problem
from ..loader import REPORT_FILE_NAMES, load, load_bytes
from ..messages import text
from ..model import Report
from .settings import Settings

ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed", "application/x-zip"})
JSON_TYPES = frozenset({"application/json", "text/json"})
YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"})

BUNDLE_NAME = "report.zip"
"""How messages name an uploaded zip when the problem is the zip itself."""

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def body_kind(content_type: str | None, body: bytes) -> str:
    """``zip``, ``json`` or ``yaml`` by the Content-Type; a zip is also known by its first bytes, and any
    other type is read as YAML (which the loader tells from JSON by its first character)."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media in ZIP_TYPES or body.startswith(_ZIP_MAGIC):
        return "zip"
    if media in JSON_TYPES or media.endswith("+json"):
        return "json"
    return "yaml"


@dataclass(frozen=True, slots=True)
class Loaded:
    """A report loaded from a request, and where its files are while the request lasts."""

    report: Report
    folder: Path
    """The report's folder inside the sandbox (for ``new``)."""
    report_file: Path


@contextmanager
def loaded(body: bytes, content_type: str | None, settings: Settings, *, strict: bool = False) -> Iterator[Loaded]:
    """The report in ``body``, loaded inside a temporary sandbox folder that is removed on leaving the block
    (whatever happens). InputError with located problems when the body is not a valid report."""
    sandbox = Path(tempfile.mkdtemp(prefix="annualreport-request-"))
    try:
        kind = body_kind(content_type, body)
        if kind == "zip":
            bundle = sandbox / "bundle"
            bundle.mkdir()
            unpack(body, bundle, settings)
            folder = report_folder(bundle)
            with relative_to(bundle):
                report = load(folder, strict=strict, root=bundle)
            report_file = next(folder / name for name in REPORT_FILE_NAMES if (folder / name).is_file())
        else:
            folder = sandbox / "report"
            folder.mkdir()
            name = "report.json" if kind == "json" else "report.yaml"
            report = load_bytes(body, name=name, base_dir=folder, strict=strict, root=folder)
            report_file = folder / name
            report_file.write_bytes(body)  # for `new`, which reads the file back (comments kept)
        yield Loaded(report, folder, report_file)
    finally:
        shutil.rmtree(sandbox, ignore_errors=True)


@contextmanager
def relative_to(bundle: Path, whole: str = BUNDLE_NAME) -> Iterator[None]:
    """Problems name the files of ``bundle`` (a request's folder) by their paths inside it, never by the server's
    folder; a problem of the folder itself names ``whole``."""
    try:
        yield
    except InputError as error:
        prefixes = sorted({f"{bundle}{os.sep}", f"{bundle.resolve()}{os.sep}", str(bundle.resolve()), str(bundle)}, key=len, reverse=True)

        def clean(value: str) -> str:
            for prefix in prefixes:
                value = value.replace(prefix, "")
            return value

        problems = [
            dataclasses.replace(p, file=clean(p.file) or whole, message=clean(p.message)) for p in error.problems
        ]
        raise InputError(problems) from None


def _refused(message: str, entry: str | None = None) -> InputError:
    where = f"{BUNDLE_NAME}:{entry}" if entry else BUNDLE_NAME
    return InputError([Problem(where, None, None, "", message)])


def unpack(body: bytes, folder: Path, settings: Settings) -> None:
    """Unpack the zip ``body`` into ``folder``: regular files and folders only, every name relative and
    inside, at most ``max_bundle_entries`` entries and ``max_bundle_bytes`` bytes unpacked (counted as they
    are inflated, not trusted from the zip's directory). InputError naming the entry otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _refused(text("bundle_not_zip")) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > settings.max_bundle_entries:
            raise _refused(text("bundle_too_many_entries", count=len(entries), limit=settings.max_bundle_entries))
        declared = sum(entry.file_size for entry in entries)
        if declared > settings.max_bundle_bytes:
            raise _refused(text("bundle_too_large", limit=settings.max_bundle_bytes))
        budget = settings.max_bundle_bytes
        for entry in entries:
            parts = _safe_parts(entry)
            try:
                budget = _unpack_entry(archive, entry, folder.joinpath(*parts), budget, settings)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, ValueError, OSError) as error:
                # a damaged or encrypted entry, a name too long, a file where a folder should be
                raise _refused(text("bundle_bad_entry", detail=type(error).__name__), entry.filename) from None


def _unpack_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, target: Path, budget: int, settings: Settings) -> int:
    """Write one entry (a folder, or a new file), counting its inflated bytes against ``budget``; the
    budget left."""
    if entry.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return budget
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise _refused(text("bundle_duplicate_entry"), entry.filename)
    with archive.open(entry) as source, open(target, "xb") as sink:
        while chunk := source.read(min(1 << 16, budget + 1)):
            budget -= len(chunk)
            if budget < 0:
                raise _refused(text("bundle_too_large", limit=settings.max_bundle_bytes))
            sink.write(chunk)
    return budget


def _safe_parts(entry: zipfile.ZipInfo) -> tuple[str, ...]:
    """The entry's path as parts that stay inside the folder; InputError for an absolute path, a drive,
    ``..``, a backslash, a NUL, or a symbolic link (or any other special file)."""
    name = entry.filename
    kind = stat.S_IFMT(entry.external_attr >> 16)  # Unix zips keep st_mode in the high 16 bits
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        raise _refused(text("bundle_special_entry"), name)
    if "\\" in name or "\x00" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise _refused(text("bundle_unsafe_path"), name)
    parts = tuple(part for part in PurePosixPath(name).parts if part not in ("", "."))
    if not parts or any(part == ".." for part in parts):
        raise _refused(text("bundle_unsafe_path"), name)
    return parts


def report_folder(bundle: Path) -> Path:
    """The folder of the bundle that holds the report: its top, or its one top-level folder (a zipped
    folder); InputError when neither holds report.yaml (report.yml, report.json)."""
    if any((bundle / name).is_file() for name in REPORT_FILE_NAMES):
        return bundle
    tops = [child for child in bundle.iterdir() if not child.name.startswith((".", "__MACOSX"))]
    if len(tops) == 1 and tops[0].is_dir() and any((tops[0] / name).is_file() for name in REPORT_FILE_NAMES):
        return tops[0]
    raise _refused(text("bundle_no_report"))
