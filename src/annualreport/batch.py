"""Rendering one report to every format asked for (the CLI, the service and batches share it), and many
reports at once in worker processes (``annualreport render DIR DIR …``, ``render --all``)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import Document
    from .model import Report

FORMATS = ("docx", "pdf", "ofd")
"""Every output format, in the order they are rendered and written."""
DEFAULT_FORMATS = ("docx", "pdf")
"""What is rendered when no format is named."""


@dataclass(frozen=True, slots=True)
class Said:
    """A warning a render gave: its text and its level ("warning", or "error" for a glyph no font has)."""

    level: str
    message: str


@dataclass(frozen=True, slots=True)
class Rendered:
    """The files of one report, rendered to memory, and what the render said."""

    outputs: tuple[tuple[str, bytes], ...]
    """(format, bytes) in the order of FORMATS."""
    said: tuple[Said, ...]


def render_formats(
    report: Report,
    formats: Sequence[str] = DEFAULT_FORMATS,
    *,
    font_dirs: Sequence[str | Path] = (),
    reference: str | Path | bytes | None = None,
) -> Rendered:
    """Build ``report`` and render it to each of ``formats``; with the PDF, titles are broken by the PDF's
    fonts for the .docx of the same render too. The pages are laid out once for every format that reads them
    (PDF, OFD, a 公文's .docx placing its 版记). Warnings are collected, not shown."""
    from . import build

    outputs: list[tuple[str, bytes]] = []
    wanted = [f for f in FORMATS if f in formats]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        document = build(report)
        pages = None
        if "pdf" in wanted or "ofd" in wanted:
            from .render.pdf import layout_pages, measured_document

            document = measured_document(document, font_dirs)
            readers = ("pdf" in wanted) + ("ofd" in wanted) + ("docx" in wanted and _unplaced(document))
            if readers > 1:
                pages = layout_pages(document, font_dirs)
        for kind in wanted:
            if kind == "pdf":
                from .render.pdf import render_pdf

                data = render_pdf(document, font_dirs=font_dirs, pages=pages)
            elif kind == "ofd":
                from . import render_ofd

                data = render_ofd(document, font_dirs=font_dirs, pages=pages)
            else:
                from .render.docx import render_docx

                data = render_docx(imprint_placed(document, font_dirs, pages=pages), reference=reference)
            outputs.append((kind, data or b""))
    said = tuple(Said(getattr(w.category, "level", "warning"), str(w.message)) for w in caught)
    return Rendered(tuple(outputs), said)


def imprint_placed(document: Document, font_dirs: Sequence[str | Path] = (), *, pages: Any = None) -> Document:
    """``document`` with its 版记 on the page the PDF gives it (``render.pdf.imprint_placed``), for the .docx to
    follow: the text's last page or one of its own. Only a 公文 with a 版记 not placed yet costs a layout, none
    when its ``pages`` are given."""
    if not _unplaced(document):
        return document
    from .render.pdf import imprint_placed as placed

    return placed(document, font_dirs, pages=pages)


def _unplaced(document: Document) -> bool:
    """``document`` has a 版记 whose page the .docx does not know yet."""
    return any(node.kind == "imprint" and node.own_page is None for node in document.nodes)


def page_pngs(pdf: bytes, dpi: float) -> list[bytes]:
    """The pages of a rendered PDF as PNG images (the service's live preview), through render/preview."""
    from .render.preview import rasterise

    return rasterise(pdf, dpi)


# --------------------------------------------------------------------------- many reports at once


@dataclass(frozen=True, slots=True)
class Job:
    """One report of a batch and how to render it (picklable: it crosses to a worker process)."""

    src: str
    outdir: str
    formats: tuple[str, ...]
    font_dirs: tuple[str, ...] = ()
    reference: str | None = None
    strict: bool = False
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one report: the files written, or the problems that kept it from being written."""

    src: str
    written: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    said: tuple[Said, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def report_folders(folder: str | Path) -> list[str]:
    """The subfolders of ``folder`` that hold a report (report.yaml, .yml or .json), sorted by name."""
    from .loader import REPORT_FILE_NAMES

    base = Path(folder)
    if not base.is_dir():
        return []
    found = [child for child in base.iterdir() if child.is_dir() and any((child / n).is_file() for n in REPORT_FILE_NAMES)]
    return [str(child) for child in sorted(found, key=lambda p: p.name)]


def output_stem(src: str) -> str:
    """Output files are named after the source folder (build/2018.docx) or the file's stem."""
    path = Path(src)
    return path.resolve().name if path.is_dir() else path.stem


def render_one(job: Job) -> Outcome:
    """Load, render and write one report (all its files or none); every failure becomes its problems,
    never an exception: a batch goes on past a bad report."""
    from .errors import AnnualReportError, InputError
    from .loader import load
    from .messages import text, using_language
    from .output import WriteFailed, write_all

    with using_language(job.language):  # type: ignore[arg-type]
        try:
            report = load(job.src)
            rendered = render_formats(report, job.formats, font_dirs=job.font_dirs, reference=job.reference)
            if job.strict and any(s.level == "error" for s in rendered.said):
                return Outcome(job.src, problems=(text("strict_render_failed"),), said=rendered.said)
            stem = output_stem(job.src)
            files = [(Path(job.outdir) / f"{stem}.{kind}", data) for kind, data in rendered.outputs]
            try:
                write_all(files)
            except WriteFailed as failed:
                detail = failed.error.strerror or failed.error
                return Outcome(job.src, problems=(f"{failed.path}: {text('cannot_write', detail=detail)}",))
            return Outcome(job.src, written=tuple(str(path) for path, _ in files), said=rendered.said)
        except InputError as error:
            return Outcome(job.src, problems=tuple(str(p) for p in error.problems))
        except AnnualReportError as error:
            return Outcome(job.src, problems=(str(error),))
        except Exception as error:  # a bug of ours, in one report: said, and the batch goes on
            return Outcome(job.src, problems=(text("internal_error", detail=repr(error)),))


def _worker_start() -> None:
    """A worker process ignores Ctrl-C (the parent stops the batch) and shows no font progress."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def render_many(jobs: Sequence[Job], processes: int, on_done: Callable[[Outcome], None]) -> list[Outcome]:
    """Render every job, ``processes`` at a time in worker processes (in this process when 1), calling
    ``on_done`` as each finishes; the outcomes in the order of ``jobs``. A worker that dies takes only its
    own reports with it: they are failures, the rest are rendered."""
    outcomes: dict[int, Outcome] = {}
    if processes <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            outcomes[index] = render_one(job)
            on_done(outcomes[index])
        return [outcomes[i] for i in range(len(jobs))]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from .messages import text

    # spawn: a fresh interpreter per worker (no forked locks or threads); each resolves its fonts once
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(processes, len(jobs)), mp_context=context, initializer=_worker_start) as pool:
        futures = {pool.submit(render_one, job): index for index, job in enumerate(jobs)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool as error:
                outcome = Outcome(jobs[index].src, problems=(text("internal_error", detail=repr(error)),))
            outcomes[index] = outcome
            on_done(outcome)
    return [outcomes[i] for i in range(len(jobs))]
