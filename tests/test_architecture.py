"""The import directions docs/architecture.md states, checked on the source (lazy imports inside functions too)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "src" / "annualreport"

FORMAT_LIBRARIES = ("docx", "reportlab", "lxml", "fontTools", "pypdfium2")
"""Third-party libraries that belong to one output format's room."""

CORE = ("model", "loader", "yamlsource", "jsonsource", "limits", "files", "indicators", "formatting", "style",
        "errors", "messages", "walk", "timestamp", "output", "document")  # fmt: skip
"""Modules (and packages) upstream of every renderer."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth of the file, relative imports resolved."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return found


def sources(*rooms: str) -> list[Path]:
    paths: list[Path] = []
    for room in rooms:
        folder = PACKAGE / room
        paths += sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{room}.py"]
    return paths


def offending(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(name for name in imports(path) if any(name == f or name.startswith(f + ".") for f in forbidden))


@pytest.mark.parametrize("path", sources(*CORE), ids=lambda p: module_name(p))
def test_core_never_imports_a_format(path: Path):
    assert offending(path, (*FORMAT_LIBRARIES, "annualreport.render")) == []


@pytest.mark.parametrize("path", sources("render/docx"), ids=lambda p: module_name(p))
def test_word_room_imports_no_pdf_library(path: Path):
    assert offending(path, ("reportlab", "fontTools", "annualreport.render.pdf")) == []


@pytest.mark.parametrize("path", sources("render/pdf"), ids=lambda p: module_name(p))
def test_pdf_room_imports_no_word_library(path: Path):
    assert offending(path, ("docx", "annualreport.render.docx")) == []


@pytest.mark.parametrize("path", sources("render/pdf"), ids=lambda p: module_name(p))
def test_pdf_room_never_imports_platypus(path: Path):
    """Pagination is ours (render/pdf/paginate.py): ReportLab only embeds fonts and writes the file."""
    assert offending(path, ("reportlab.platypus",)) == []


def test_a_pdf_render_loads_no_platypus():
    code = (
        "import sys, annualreport\n"
        "from annualreport.render.pdf import render_pdf\n"
        "data = render_pdf(annualreport.build(sys.argv[1]))\n"
        "assert data.startswith(b'%PDF')\n"
        "print(sorted(m for m in sys.modules if m.startswith('reportlab.platypus')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "examples" / "2018-gongwen")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("path", sources("importer"), ids=lambda p: module_name(p))
def test_import_room_never_imports_a_renderer(path: Path):
    assert offending(path, ("reportlab", "fontTools", "annualreport.render")) == []


def test_page_model_imports_no_format_library():
    """render/pages.py is what every writer (PDF, PNG preview, OFD) reads: it imports nothing but the standard library."""
    found = imports(PACKAGE / "render" / "pages.py")
    assert offending(PACKAGE / "render" / "pages.py", (*FORMAT_LIBRARIES, "annualreport", "PIL", "pypdfium2")) == []
    assert found <= {"__future__", "__future__.annotations", "collections.abc", "collections.abc.Iterator",
                     "dataclasses", "dataclasses.dataclass", "dataclasses.field", "typing", "typing.Union"}


def test_render_base_imports_no_format_library():
    assert offending(PACKAGE / "render" / "base.py", (*FORMAT_LIBRARIES, "annualreport.render.docx", "annualreport.render.pdf")) == []


def test_the_checker_sees_lazy_and_relative_imports(tmp_path: Path):
    probe = PACKAGE / "document" / "__init__.py"
    assert "annualreport.document.build.build_document" in imports(probe)
    assert "annualreport.render.docx.render_docx" in imports(PACKAGE / "__init__.py")  # inside a function


def test_importing_the_library_loads_no_format_library():
    code = (
        "import sys, annualreport, annualreport.document, annualreport.loader\n"
        "annualreport.build(sys.argv[1])\n"
        f"print(sorted(m for m in {FORMAT_LIBRARIES!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(REPO / "examples" / "2018")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def documented_modules() -> list[str]:
    """The module column of docs/architecture.md's "Modules" table."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = text.split("## Modules", 1)[1].split("\n## ", 1)[0]
    return [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]


def test_architecture_doc_names_every_module_and_only_modules():
    documented = documented_modules()
    actual = sorted(
        str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" or path.parent == PACKAGE
    )  # fmt: skip
    assert sorted(set(documented)) == sorted(documented), "a module has two rows"
    assert sorted(documented) == actual


@pytest.mark.parametrize("path", sources("render/ofd"), ids=lambda p: module_name(p))
def test_ofd_room_reads_only_pages(path: Path):
    """The OFD writer serialises pages as data: no PDF or Word library, no other renderer."""
    assert offending(path, ("reportlab", "docx", "annualreport.render.pdf", "annualreport.render.docx")) == []


SERVER_LIBRARIES = ("fastapi", "starlette", "uvicorn", "annualreport.server")
"""What only the service (server/, and `cli serve` lazily) may import: the optional extra annualreport[server]
(pypdfium2 is the preview extra's: render/preview.py uses it too)."""


@pytest.mark.parametrize("path", sources("server"), ids=lambda p: module_name(p))
def test_server_room_reaches_formats_only_through_batch(path: Path):
    assert offending(path, (*FORMAT_LIBRARIES, "annualreport.render")) == []


@pytest.mark.parametrize(
    "path", [p for p in PACKAGE.rglob("*.py") if "server" not in p.relative_to(PACKAGE).parts and p.name != "cli.py"],
    ids=lambda p: module_name(p),
)
def test_nothing_outside_the_server_needs_its_extra(path: Path):
    assert offending(path, SERVER_LIBRARIES) == []
