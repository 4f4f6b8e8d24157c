"""Exception hierarchy: every error a user can cause derives from AnnualReportError."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class AnnualReportError(Exception):
    """Base of every error annualreport raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in the input, located as precisely as we can."""

    file: str
    """Path of the file the problem is in, as the user named it."""
    line: int | None
    """1-based line, or None when the problem belongs to the whole file."""
    column: int | None
    """1-based column, or None."""
    field: str
    """Dotted path of the field (``sections.0.title``), or "" for the whole file."""
    message: str
    """What is wrong, in the user's language."""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        """The problem as the command line's ``--json`` and the HTTP API write it (``file`` None for none)."""
        return {"file": self.file or None, "line": self.line, "column": self.column, "field": self.field,
                "message": self.message}  # fmt: skip


class InputError(AnnualReportError):
    """The report, its style or its tables are invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class FontError(AnnualReportError):
    """No usable font could be found or loaded for a style role."""


class RenderError(AnnualReportError):
    """A renderer could not produce its output."""


class LayoutWarning(UserWarning):
    """Content was laid out in a way the style did not ask for, so that it fits: a table's text set
    smaller because its columns or one of its rows could not otherwise hold it. The output is complete."""
