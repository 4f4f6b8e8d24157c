"""The annualreport command line: validate, schema, render, fonts, new."""

from __future__ import annotations

import argparse
import os
import warnings
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import AnnualReportError, InputError
from .messages import text, using_language

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_INTERNAL = 2  # argparse uses 2 for usage errors too


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``annualreport`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_OK
    warnings.showwarning = _show_warning
    with using_language(args.lang):
        try:
            return int(args.handler(args))
        except InputError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            return EXIT_INPUT
        except AnnualReportError as error:
            print(f"annualreport: {error}", file=sys.stderr)
            return EXIT_INPUT
        except KeyboardInterrupt:
            print(text("interrupted"), file=sys.stderr)
            return 130
        except BrokenPipeError:
            return EXIT_OK
        except Exception as error:  # a bug of ours: one line for the user, the traceback on request
            if os.environ.get("ANNUALREPORT_DEBUG"):
                raise
            print(f"annualreport: {text('internal_error', detail=repr(error))}", file=sys.stderr)
            return EXIT_INTERNAL


def _show_warning(message: Warning | str, category: type[Warning], *args: object, **kwargs: object) -> None:
    """Warnings reach CLI users as one line, without Python's file and line of the warning call."""
    print(f"annualreport: warning: {message}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="annualreport",
        description="Render annual work reports (年度工作总结) kept as YAML/JSON to .docx and .pdf laid out to GB/T 9704-2012.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="language of messages (default: from LANG/LC_ALL)"
    )
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help="language of messages (default: from LANG/LC_ALL)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser("validate", parents=[common], help="check a report; list every problem")
    validate.add_argument("src", metavar="SRC", help="folder holding report.yaml, or a .yaml/.yml/.json file")
    validate.add_argument(
        "--strict", action="store_true", help="also fail on indicator values still to fill in (one line each)"
    )
    validate.set_defaults(handler=cmd_validate)

    schema = sub.add_parser("schema", parents=[common], help="print the JSON Schema of the report model")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    schema.set_defaults(handler=cmd_schema)

    render = sub.add_parser("render", parents=[common], help="render a report to .docx and/or .pdf")
    render.add_argument("src", metavar="SRC", help="folder holding report.yaml, or a .yaml/.yml/.json file")
    render.add_argument("--docx", action="store_true", help="write the Word document")
    render.add_argument("--pdf", action="store_true", help="write the PDF (neither flag: both)")
    render.add_argument("-o", "--outdir", metavar="OUTDIR", default="build", help="output folder (default: build)")
    render.add_argument(
        "--font-dir", metavar="DIR", action="append", default=[],
        help="also look for fonts here (repeatable; also $ANNUALREPORT_FONT_DIR)",
    )  # fmt: skip
    render.set_defaults(handler=cmd_render)

    fonts = sub.add_parser("fonts", parents=[common], help="show which font file serves each style role, and why")
    fonts.add_argument("src", metavar="SRC", nargs="?", help="a report (its style is used); default: the gbt9704 style")
    fonts.add_argument("--style", metavar="STYLE", help="a style name or .toml path instead of the report's")
    fonts.add_argument("--font-dir", metavar="DIR", action="append", default=[], help="also look for fonts here")
    fonts.set_defaults(handler=cmd_fonts)

    new = sub.add_parser("new", parents=[common], help="write next year's report from this year's")
    new.add_argument("year", metavar="YEAR", type=int, help="the new report's year")
    new.add_argument("--from", dest="source", metavar="PREV_SRC", required=True, help="this year's report")
    new.add_argument("-o", "--output", metavar="NEW_DIR", required=True, help="folder to write the new report into")
    new.add_argument("--force", action="store_true", help="replace NEW_DIR if it exists and is not empty")
    new.set_defaults(handler=cmd_new)
    add_cache_command(sub, common)
    return parser


def _version() -> str:
    from . import __version__

    return __version__


def cmd_validate(args: argparse.Namespace) -> int:
    """Load and validate; print one line per problem (raised as InputError) or a confirmation.
    ``--strict`` also refuses indicator values still to fill in."""
    from .loader import load

    report = load(args.src, strict=True) if args.strict else load(args.src)
    missing = sum(1 for indicator in report.indicators.values() if indicator.value is None)
    print(text("valid_with_missing", path=args.src, count=missing) if missing else text("valid", path=args.src))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write next year's report folder (see nextyear.new_report)."""
    from .nextyear import new_report

    result = new_report(args.year, args.source, args.output, force=args.force)
    if not result.title_updated:
        print(text("new_title_without_year", year=result.previous_year), file=sys.stderr)
    print(text("new_wrote", path=result.path, year=args.year, count=result.missing))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print or write the JSON Schema."""
    from .schema import report_schema_text

    content = report_schema_text()
    if args.output:
        from .output import write_atomic

        write_atomic(args.output, content.encode("utf-8"))
    else:
        sys.stdout.write(content)
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    """Render every requested format to memory first, then write each file atomically."""
    from . import build
    from .loader import find_report, load
    from .output import write_atomic

    source = find_report(args.src)
    document = build(load(args.src))
    formats = [f for f in ("docx", "pdf") if getattr(args, f)] or ["docx", "pdf"]
    stem = _output_stem(Path(args.src), source.path)
    outputs: list[tuple[Path, bytes]] = []
    for kind in formats:
        renderer = _renderer(kind)
        options = {"font_dirs": args.font_dir} if kind == "pdf" else {}
        outputs.append((Path(args.outdir) / f"{stem}.{kind}", renderer(document, **options)))
    for path, data in outputs:
        try:
            write_atomic(path, data)
        except OSError as error:  # a read-only or full disk is the user's to fix, not a bug of ours
            print(text("cannot_write", path=path, detail=error.strerror or error), file=sys.stderr)
            return EXIT_INPUT
        print(text("wrote", path=path))
    return EXIT_OK


def cmd_fonts(args: argparse.Namespace) -> int:
    """Print the font resolution for the style of SRC (or --style, or the default style)."""
    from .render.pdf.fonts.embed import font_report
    from .style import load_style

    document = None
    if args.src:
        from . import build

        document = build(args.src)
    if args.style:
        style = load_style(args.style, Path.cwd())
    else:
        style = document.style if document is not None else load_style()
    sys.stdout.write(font_report(style, args.font_dir, document if document and document.style is style else None))
    return EXIT_OK


def _output_stem(src: Path, report_file: Path) -> str:
    """Output files are named after the source folder (build/2018.docx) or the file's stem."""
    return src.resolve().name if src.is_dir() else report_file.stem


def _renderer(kind: str) -> Callable[..., bytes]:
    """Import only the renderer asked for: `render --docx` must not import ReportLab."""
    if kind == "docx":
        from .render.docx import render_docx

        return render_docx
    from .render.pdf import render_pdf

    return render_pdf


def add_cache_command(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`annualreport cache [info|clear]`: the folder of converted fonts and font lookups (see cache.py)."""
    cache = sub.add_parser(
        "cache", parents=[common], help="show the cache folder (fonts converted to TrueType, font lookups) or clear it"
    )
    cache.add_argument(
        "action", nargs="?", choices=("info", "clear"), default="info",
        help="info: print the folder and its size (default); clear: remove what annualreport keeps there",
    )  # fmt: skip
    cache.set_defaults(handler=cmd_cache, parser=cache)


def cmd_cache(args: argparse.Namespace) -> int:
    """Print the cache folder and its size, or clear it."""
    from . import cache

    if args.action == "clear":
        removed = cache.clear()
        print(f"cleared {removed.path}: removed {removed.files} files ({cache.human_size(removed.size)})")
    else:
        print(cache.info())
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
