"""The one build timestamp every format writes (document properties, zip entries, PDF dates): never the clock."""

from __future__ import annotations

import datetime as dt
import os

from .errors import InputError, Problem
from .messages import text

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
"""The reproducible-builds variable: seconds since 1970-01-01 UTC."""

EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
"""The earliest time a zip entry (hence a .docx) can carry."""

LATEST = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.timezone.utc)
"""The latest time a zip entry can carry (its year field counts from 1980 in 7 bits)."""

FIXED = EARLIEST
"""The timestamp of a document that has neither a date, nor $SOURCE_DATE_EPOCH, nor a year."""


def build_timestamp(date: dt.date | None, year: int | None = None) -> dt.datetime:
    """When the document was made, in UTC: the report's ``date:`` at midnight; else $SOURCE_DATE_EPOCH; else
    the last day of the report's ``year``; else :data:`FIXED`. Clamped into what a zip and a PDF can hold.

    A $SOURCE_DATE_EPOCH that is not a whole number of seconds is an InputError (exit 1 on the command line),
    whichever format is asked for, and even when ``date:`` makes it moot: a bad setting is said at once.
    """
    from_environment = _source_date_epoch()
    if date is not None:
        when = dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
    elif from_environment is not None:
        when = from_environment
    elif year is not None and 1 <= year <= 9999:
        when = dt.datetime(year, 12, 31, tzinfo=dt.timezone.utc)
    else:
        when = FIXED
    return min(max(when, EARLIEST), LATEST)


def _source_date_epoch() -> dt.datetime | None:
    value = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not value:
        return None
    try:
        seconds = int(value)
        return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise InputError([Problem(f"${SOURCE_DATE_EPOCH}", None, None, "", text("bad_source_date_epoch", value=value))]) from None
