"""The annualreport command line: validate, schema, render, fonts, new, import.

Promises (README, "Command line"): exit status 0 done, 1 bad input (nothing written), 2 usage error,
3 internal error; never a traceback unless ANNUALREPORT_DEBUG is set; help, usage errors and messages
in Chinese under a Chinese locale or with --lang zh; ``-`` as SRC reads standard input, ``-o -``
writes the document to standard output; --json prints problems as JSON for programs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AnnualReportError, InputError, Problem
from .messages import Language, argparse_translations, current_language, text, using_language

if TYPE_CHECKING:
    from .model import Report

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2  # what argparse exits with
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

STDIO = "-"
"""SRC ``-`` reads the report from standard input; ``-o -`` writes the document to standard output."""

DEBUG_ENV = "ANNUALREPORT_DEBUG"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``annualreport`` console script; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        with using_language(_language_option(arguments)), _argparse_language():
            try:
                parser = build_parser()
                args = parser.parse_args(arguments)
                _check_usage(args)
            except SystemExit as stop:  # --help, --version and usage errors (argparse printed them)
                return _status(stop)
            if not getattr(args, "command", None):
                parser.print_help()
                return EXIT_OK
            warnings.showwarning = _show_warning
            from . import progress

            progress.report_to(sys.stderr)  # slow work (a first font conversion) says so after a second
            try:
                return _run(args)
            finally:
                progress.report_to(None)
    except KeyboardInterrupt:
        print(text("interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # outside a command (parser, messages): still one line
        return _internal_error(error)


def _run(args: argparse.Namespace) -> int:
    """Run the command; every error becomes a message and an exit status."""
    try:
        return int(args.handler(args))
    except InputError as error:
        return _report_problems(args, error.problems)
    except AnnualReportError as error:
        if getattr(args, "json", False):
            return _report_problems(args, [Problem(getattr(args, "src", None) or "", None, None, "", str(error))])
        print(f"annualreport: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print(text("interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader of our output went away (| head): nothing more to say
        _silence_stdout()
        return EXIT_OK
    except Exception as error:  # a bug of ours: one line for the user, the traceback on request
        return _internal_error(error)


def _internal_error(error: Exception) -> int:
    if os.environ.get(DEBUG_ENV):
        raise error
    print(f"annualreport: {text('internal_error', detail=repr(error))}", file=sys.stderr)
    return EXIT_INTERNAL


def _status(stop: SystemExit) -> int:
    code = stop.code
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_USAGE


def _report_problems(args: argparse.Namespace, problems: Sequence[Problem]) -> int:
    """One line per problem on standard error; with --json, a JSON array on standard output."""
    if getattr(args, "json", False):
        _print_json([p.as_json() for p in problems])
    else:
        for problem in problems:
            print(problem, file=sys.stderr)
    return EXIT_INPUT



def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _notice(args: argparse.Namespace, message: str) -> None:
    """A message for people: standard output, unless that carries JSON or the document."""
    machine = getattr(args, "json", False) or getattr(args, "outdir", None) == STDIO
    print(message, file=sys.stderr if machine else sys.stdout)


def _silence_stdout() -> None:
    """After a broken pipe, point standard output at /dev/null so that Python's final flush is quiet."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _show_warning(message: Warning | str, category: type[Warning], *args: object, **kwargs: object) -> None:
    """Warnings reach CLI users as one line, without Python's file and line of the warning call; a warning
    class with ``level = "error"`` (fonts.MissingGlyphWarning) is printed as an error."""
    print(f"annualreport: {getattr(category, 'level', 'warning')}: {message}", file=sys.stderr)


# --------------------------------------------------------------------------- language


def _language_option(arguments: Sequence[str]) -> Language | None:
    """The --lang given anywhere before ``--`` (also after the subcommand, where argparse would see it
    too late for the help text), or None for the environment's language."""
    found: str | None = None
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        name, equals, value = argument.partition("=")
        if name in ("--la", "--lan", "--lang"):  # argparse also takes unambiguous prefixes
            found = value if equals else (arguments[index + 1] if index + 1 < len(arguments) else None)
    return found if found in ("zh", "en") else None  # type: ignore[return-value]


@contextlib.contextmanager
def _argparse_language() -> Iterator[None]:
    """argparse words its usage line, headings and errors through gettext (``argparse._`` and
    ``argparse.ngettext``); inside the block they speak the current language."""
    translations = argparse_translations(current_language())
    saved = {name: getattr(argparse, name) for name in ("_", "ngettext") if hasattr(argparse, name)}
    argparse._ = translations.gettext  # type: ignore[attr-defined]
    argparse.ngettext = translations.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for name in ("_", "ngettext"):
            if name in saved:
                setattr(argparse, name, saved[name])
            else:
                delattr(argparse, name)


# --------------------------------------------------------------------------- parser


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help layout, with option help wrapped by display width: Chinese characters take two
    columns and a line may break between any two of them (argparse wraps at spaces only, counting
    one column per character). Description and epilog are kept as written."""

    _TOKEN = re.compile(r"\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|.")

    def _split_lines(self, text: str, width: int) -> list[str]:
        lines: list[str] = []
        line, used = "", 0
        for token in self._TOKEN.findall(" ".join(text.split())):
            size = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in token)
            if token.isspace():
                if line:
                    line, used = line + " ", used + 1
                continue
            if line and used + size > width and not _closing_punctuation(token):
                lines.append(line.rstrip())
                line, used = "", 0
            line, used = line + token, used + size
        if line.strip():
            lines.append(line.rstrip())
        return lines or [""]


def _closing_punctuation(token: str) -> bool:
    """Chinese line-breaking: no line starts with a closing mark (，。；：）” …)."""
    return token[0] in "，。、；：！？）】》”’…"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand, its help in the current language."""
    parser = argparse.ArgumentParser(
        prog="annualreport",
        description=text("cli_description"),
        epilog=text("cli_epilog"),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}", help=text("help_version"))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help=text("help_lang"))
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help=text("help_lang"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=text("help_commands"))

    def command(name: str, help_key: str, handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        subparser = sub.add_parser(
            name, parents=[common], help=text(help_key), description=text(help_key), formatter_class=HelpFormatter
        )
        subparser.set_defaults(handler=handler, parser=subparser)
        return subparser

    validate = command("validate", "help_validate", cmd_validate)
    validate.add_argument("src", metavar="SRC", help=text("help_src"))
    validate.add_argument("--strict", action="store_true", help=text("help_strict"))
    validate.add_argument("--json", action="store_true", help=text("help_json"))

    schema = command("schema", "help_schema", cmd_schema)
    schema.add_argument("-o", "--output", metavar="FILE", help=text("help_schema_output"))

    render = command("render", "help_render", cmd_render)
    render.add_argument("src", metavar="SRC", nargs="*", help=text("help_render_srcs"))
    render.add_argument("--all", metavar="DIR", action="append", default=[], help=text("help_render_all"))
    render.add_argument("-j", "--jobs", metavar="N", type=int, default=None, help=text("help_jobs"))
    render.add_argument("--docx", action="store_true", help=text("help_docx"))
    render.add_argument("--pdf", action="store_true", help=text("help_pdf"))
    render.add_argument("--ofd", action="store_true", help=text("help_ofd"))
    render.add_argument("-o", "--outdir", metavar="OUTDIR", default="build", help=text("help_outdir"))
    render.add_argument("--font-dir", metavar="DIR", action="append", default=[], help=text("help_font_dir"))
    render.add_argument("--json", action="store_true", help=text("help_json"))
    render.add_argument("--reference-docx", metavar="FILE", help=text("help_reference_docx"))
    render.add_argument("--strict", action="store_true", help=text("help_render_strict"))

    reference_help = text("help_reference_docx_command")
    reference = sub.add_parser("reference-docx", parents=[common], help=reference_help, description=reference_help,
                               formatter_class=HelpFormatter)  # fmt: skip
    reference.set_defaults(handler=cmd_reference_docx, parser=reference)
    reference.add_argument("-o", "--output", metavar="FILE", required=True, help=text("help_reference_docx_output"))

    fonts = command("fonts", "help_fonts", cmd_fonts)
    fonts.add_argument("src", metavar="SRC", nargs="?", help=text("help_fonts_src"))
    fonts.add_argument("--style", metavar="STYLE", help=text("help_style"))
    fonts.add_argument("--font-dir", metavar="DIR", action="append", default=[], help=text("help_font_dir"))

    new = command("new", "help_new", cmd_new)
    new.add_argument("year", metavar="YEAR", type=int, help=text("help_year"))
    new.add_argument("--from", dest="source", metavar="PREV_SRC", required=True, help=text("help_from"))
    new.add_argument("-o", "--output", metavar="NEW_DIR", required=True, help=text("help_new_output"))
    new.add_argument("--force", action="store_true", help=text("help_force"))

    imported = command("import", "help_import", cmd_import)
    imported.add_argument("file", metavar="FILE", help=text("help_import_file"))
    imported.add_argument("-o", "--output", metavar="DIR", required=True, help=text("help_import_output"))
    imported.add_argument("--explain", action="store_true", help=text("help_explain"))
    imported.add_argument("--convert", action="store_true", help=text("help_convert"))
    imported.add_argument("--indicators", action="store_true", help=text("help_import_indicators"))
    imported.add_argument("--force", action="store_true", help=text("help_force"))

    serve = command("serve", "help_serve", cmd_serve)
    serve.add_argument("--host", default="127.0.0.1", help=text("help_host"))
    serve.add_argument("--port", type=int, default=8000, help=text("help_port"))
    serve.add_argument("--workers", type=int, default=1, help=text("help_workers"))
    serve.add_argument("--cors-origin", metavar="ORIGIN", action="append", default=[], help=text("help_cors_origin"))
    serve.add_argument("--max-body", metavar="BYTES", type=int, default=None, help=text("help_max_body"))
    serve.add_argument("--render-timeout", metavar="SECONDS", type=float, default=None, help=text("help_render_timeout"))
    serve.add_argument("--max-waiting", metavar="N", type=int, default=None, help=text("help_max_waiting"))
    serve.add_argument("--font-dir", metavar="DIR", action="append", default=[], help=text("help_font_dir"))

    cache = command("cache", "help_cache", cmd_cache)
    cache.add_argument("action", nargs="?", choices=("info", "clear"), default="info", help=text("help_cache_action"))
    return parser


def _check_usage(args: argparse.Namespace) -> None:
    """Usage errors argparse cannot see (exit 2, before anything is read)."""
    if getattr(args, "command", None) != "render":
        return
    if not args.src and not args.all:
        args.parser.error(argparse._("the following arguments are required: %s") % "SRC")  # type: ignore[attr-defined]
    if args.jobs is not None and args.jobs < 1:
        args.parser.error(argparse._("invalid %(type)s value: %(value)r") % {"type": "int", "value": args.jobs})  # type: ignore[attr-defined]
    args.batch = len(args.src) > 1 or bool(args.all)
    if args.batch and STDIO in args.src:
        args.parser.error(text("batch_stdin_alone"))
    if args.batch and args.outdir == STDIO:
        args.parser.error(text("batch_stdout_one_report"))
    if not args.batch:
        args.src = args.src[0]  # one report: as it always was
    if args.outdir != STDIO:
        return
    if args.docx + args.pdf + args.ofd != 1:  # none means .docx and PDF
        args.parser.error(text("stdout_one_format"))
    if args.json:
        args.parser.error(text("stdout_and_json"))
    if _isatty(sys.stdout):
        args.parser.error(text("stdout_is_terminal"))


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _version() -> str:
    from . import __version__

    return __version__


# --------------------------------------------------------------------------- commands


def _load(src: str, *, strict: bool = False) -> Report:
    """The report at SRC, or on standard input for ``-``."""
    from .loader import load, load_stdin

    return load_stdin(strict=strict) if src == STDIO else load(src, strict=strict)


def cmd_validate(args: argparse.Namespace) -> int:
    """Load and validate; print one line per problem (raised as InputError) or a confirmation.
    ``--strict`` also refuses indicator values still to fill in. ``--json`` prints ``[]``."""
    from .timestamp import build_timestamp

    report = _load(args.src, strict=args.strict)
    build_timestamp(report.date, report.year)  # a bad $SOURCE_DATE_EPOCH, which render would refuse
    missing = sum(1 for indicator in report.indicators.values() if indicator.value is None)
    shown = "<stdin>" if args.src == STDIO else args.src
    _notice(args, text("valid_with_missing", path=shown, count=missing) if missing else text("valid", path=shown))
    if args.json:
        _print_json([])
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write next year's report folder (see nextyear.new_report)."""
    from .nextyear import new_report

    try:
        result = new_report(args.year, args.source, args.output, force=args.force)
    except OSError as error:  # a read-only folder, a full disk, a file where a folder should be
        where = error.filename if isinstance(error.filename, str) else args.output
        detail = error.strerror or error
        raise InputError([Problem(where, None, None, "", text("cannot_write", detail=detail))]) from None
    if not result.title_updated:
        print(text("new_title_without_year", year=result.previous_year), file=sys.stderr)
    print(text("new_wrote", path=result.path, year=args.year, count=result.missing))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Import FILE (.docx, .txt, .md) into the report folder DIR (report.yaml), whole or not at all."""
    from .importer import import_file
    from .output import write_folder

    target = Path(args.output)
    if target.exists() and not args.force and (not target.is_dir() or any(target.iterdir())):
        raise InputError([Problem(str(target), None, None, "", text("import_exists", path=target))])
    result = import_file(args.file, convert=args.convert, indicators=args.indicators)
    if args.explain:
        width = len(str(max((e.index for e in result.explained), default=1)))
        for entry in result.explained:
            shown = entry.text.replace("\n", " ")
            shown = shown if len(shown) <= 40 else shown[:39] + "…"
            print(f"{entry.index:>{width}}  {entry.role:<28} {shown}")
    try:
        write_folder(target, result.folder_files(), replace=args.force)
    except FileExistsError:
        raise InputError([Problem(str(target), None, None, "", text("import_exists", path=target))]) from None
    except OSError as error:
        detail = error.strerror or error
        raise InputError([Problem(str(target), None, None, "", text("cannot_write", detail=detail))]) from None
    counts = result.counts()
    print(text("import_wrote", path=target, notes=len(result.notes), **counts))
    if args.indicators:
        print(text("import_figures", count=result.figures))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print or write the JSON Schema (``-o -``: standard output too)."""
    from .schema import report_schema_text

    content = report_schema_text()
    if args.output and args.output != STDIO:
        _write_file(Path(args.output), content.encode("utf-8"))
    else:
        sys.stdout.write(content)
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    """Render every requested format to memory first, then write each file atomically (or the one
    format to standard output with ``-o -``)."""
    if args.batch:
        return _render_batch(args)
    from .batch import render_formats

    report = _load(args.src)
    formats = [f for f in ("docx", "pdf", "ofd") if getattr(args, f)] or ["docx", "pdf"]
    rendered = render_formats(report, formats, font_dirs=args.font_dir, reference=args.reference_docx)
    outputs = list(rendered.outputs)
    for said in rendered.said:
        print(f"annualreport: {said.level}: {said.message}", file=sys.stderr)
    if args.strict and any(said.level == "error" for said in rendered.said):
        print(f"annualreport: {text('strict_render_failed')}", file=sys.stderr)
        return EXIT_INPUT
    if args.outdir == STDIO:
        ((kind, data),) = outputs  # _check_usage allowed one format only
        _write_stdout(data)
        _notice(args, text("wrote_stdout", kind=kind.upper()))
    else:
        stem = str(report.year) if args.src == STDIO else _output_stem(args.src)
        files = [(Path(args.outdir) / f"{stem}.{kind}", data) for kind, data in outputs]
        _write_files(files)  # all or none
        for path, _ in files:
            _notice(args, text("wrote", path=path))
    if args.json:
        _print_json([])
    return EXIT_OK


def _render_batch(args: argparse.Namespace) -> int:
    """Render many reports (SRC SRC …, --all DIR) in ``-j`` processes: a progress bar on a terminal, else a line
    per report; every good report written; the failures listed with their problems at the end (exit 1)."""
    import time

    from .batch import Job, Outcome, output_stem, render_many, report_folders
    from .messages import current_language
    from .progress import Task

    sources = list(args.src)
    for folder in args.all:
        found = report_folders(folder)
        if not found:
            raise InputError([Problem(folder, None, None, "", text("batch_none_found", path=folder))])
        sources += found
    stems: dict[str, str] = {}
    for src in sources:
        other = stems.setdefault(output_stem(src), src)
        if other != src:
            raise InputError([Problem(src, None, None, "", text("batch_same_name", other=other, stem=output_stem(src)))])
    formats = tuple(f for f in ("docx", "pdf") if getattr(args, f)) or ("docx", "pdf")
    jobs = [
        Job(src, args.outdir, formats, tuple(args.font_dir), args.reference_docx, args.strict, current_language())
        for src in sources
    ]
    processes = args.jobs or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    shown = sys.stderr if args.json else sys.stdout
    bar = Task(text("batch_progress", total=len(jobs)), len(jobs), sys.stderr) if _isatty(sys.stderr) else None
    done = 0

    def on_done(outcome: Outcome) -> None:
        nonlocal done
        done += 1
        if bar is not None:
            bar.advance()
        else:
            status = text("batch_ok") if outcome.ok else text("batch_failed")
            print(text("batch_line", done=done, total=len(jobs), status=status, src=outcome.src), file=shown, flush=True)

    start = time.monotonic()
    try:
        outcomes = render_many(jobs, processes, on_done)
    finally:
        if bar is not None:
            bar.finish()
    for outcome in outcomes:
        for said in outcome.said:
            print(f"annualreport: {said.level}: {outcome.src}: {said.message}", file=sys.stderr)
    failed = [outcome for outcome in outcomes if not outcome.ok]
    for outcome in failed:
        print(text("batch_failure_heading", src=outcome.src), file=sys.stderr)
        for problem in outcome.problems:
            print(f"  {problem}", file=sys.stderr)
    seconds = time.monotonic() - start
    summary = text("batch_summary", total=len(outcomes), ok=len(outcomes) - len(failed), failed=len(failed), seconds=seconds)
    print(summary, file=sys.stderr if failed or args.json else sys.stdout)
    if args.json:
        _print_json([{"src": o.src, "written": list(o.written), "problems": list(o.problems)} for o in outcomes])
    return EXIT_INPUT if failed else EXIT_OK


def _write_stdout(data: bytes) -> None:
    """All of ``data`` to standard output. A pipe whose reader leaves mid-write takes part of a write
    without an error (BufferedWriter returns the count); the next write raises BrokenPipeError."""
    stream = sys.stdout.buffer
    view = memoryview(data)
    while view:
        view = view[stream.write(view) :]
    stream.flush()


def _write_file(path: Path, data: bytes) -> None:
    """Write atomically; a read-only or full disk is the user's to fix (InputError), not a bug of ours."""
    _write_files([(path, data)])


def _write_files(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file or none (output.write_all); a failure is an InputError naming the file."""
    from .output import WriteFailed, write_all

    try:
        write_all(files)
    except WriteFailed as failed:
        detail = failed.error.strerror or failed.error
        raise InputError([Problem(str(failed.path), None, None, "", text("cannot_write", detail=detail))]) from None


def cmd_fonts(args: argparse.Namespace) -> int:
    """Print the font resolution for the style of SRC (or --style, or the default style)."""
    from .render.pdf.fonts.embed import font_report
    from .style import load_style

    document = None
    if args.src:
        from . import build

        document = build(_load(args.src))
    if args.style:
        style = load_style(args.style, Path.cwd())
    else:
        style = document.style if document is not None else load_style()
    sys.stdout.write(font_report(style, args.font_dir, document if document and document.style is style else None))
    if document is not None and document.style is style:
        sys.stdout.write(_embedded_faces(document, args.font_dir))
    return EXIT_OK


def _embedded_faces(document: Any, font_dirs: Sequence[str]) -> str:
    """The faces the PDF and the OFD of ``document`` embed (subsets of each): those its pages use."""
    from .render.pdf import layout_pages, measured_document

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # said by the report above
        laid_out = layout_pages(measured_document(document, font_dirs), font_dirs)
    lines = ["", text("embedded_faces")]
    for face in laid_out.faces():
        where = f"{face.path}" + (f" #{face.index}" if face.index else "") if face.path else text("embedded_builtin")
        lines.append(f"  {face.postscript_name:<24} {where}")
    return "\n".join(lines) + "\n"


def _output_stem(src: str) -> str:
    """Output files are named after the source folder (build/2018.docx) or the file's stem."""
    from .batch import output_stem

    return output_stem(src)


def cmd_reference_docx(args: argparse.Namespace) -> int:
    """Write the built-in reference .docx (every style and a sample body) for an office to restyle."""
    from .render.docx import reference_docx

    path = Path(args.output)
    _write_file(path, reference_docx() or b"")
    _notice(args, text("wrote", path=path))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the HTTP service under uvicorn with ``--workers`` processes, each building the app from the
    settings handed down in its environment (server/settings.py)."""
    for module in ("fastapi", "uvicorn", "pypdfium2"):
        try:
            __import__(module)
        except ImportError:
            raise AnnualReportError(text("server_missing_extra", module=module)) from None
    import uvicorn

    from .server.settings import Settings

    chosen = {
        "max_body_bytes": args.max_body,
        "render_timeout": args.render_timeout,
        "max_waiting": args.max_waiting,
        "cors_origins": tuple(args.cors_origin),
        "font_dirs": tuple(args.font_dir),
    }
    settings = Settings(**{k: v for k, v in chosen.items() if v is not None})  # type: ignore[arg-type]
    os.environ.update(settings.to_environment())
    uvicorn.run(
        "annualreport.server.app:create_app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
    return EXIT_OK


def cmd_cache(args: argparse.Namespace) -> int:
    """Print the cache folder and its size, or clear it."""
    from . import cache

    if args.action == "clear":
        removed = cache.clear()
        print(text("cache_cleared", path=removed.path, files=removed.files, size=cache.human_size(removed.size)))
    else:
        held = cache.info()
        print(text("cache_info", path=held.path, files=held.files, size=cache.human_size(held.size)))
        for name, (files, size) in held.folders.items():
            print(f"  {name:<18} {files:>5}  {cache.human_size(size):>9}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
