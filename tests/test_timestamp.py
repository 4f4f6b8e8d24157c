"""One build timestamp for every format: date: → SOURCE_DATE_EPOCH → the year's last day → fixed; validated, clamped."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from annualreport.errors import InputError
from annualreport.timestamp import EARLIEST, FIXED, LATEST, build_timestamp

from .conftest import EXAMPLE_2018

UTC = dt.timezone.utc


@pytest.fixture(autouse=True)
def no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def test_order_date_then_epoch_then_year_then_fixed(monkeypatch: pytest.MonkeyPatch):
    assert build_timestamp(dt.date(2019, 1, 15), 2018) == dt.datetime(2019, 1, 15, tzinfo=UTC)
    assert build_timestamp(None, 2018) == dt.datetime(2018, 12, 31, tzinfo=UTC)
    assert build_timestamp(None, None) == FIXED
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1546300800 ")
    assert build_timestamp(dt.date(2019, 1, 15), 2018) == dt.datetime(2019, 1, 15, tzinfo=UTC)
    assert build_timestamp(None, 2018) == dt.datetime(2019, 1, 1, tzinfo=UTC)


def test_clamped_into_what_a_zip_holds(monkeypatch: pytest.MonkeyPatch):
    assert build_timestamp(dt.date(2108, 1, 1)) == LATEST
    assert build_timestamp(dt.date(1970, 6, 1)) == EARLIEST
    assert build_timestamp(None, 12000) == FIXED
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert build_timestamp(None) == EARLIEST


@pytest.mark.parametrize("value", ["yesterday", "1.5", "99999999999999999999999", "-99999999999999999"])
def test_bad_epoch_is_an_input_error_naming_it(value: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(InputError) as caught:
        build_timestamp(dt.date(2019, 1, 15))
    assert str(caught.value) == f"$SOURCE_DATE_EPOCH: must be a whole number of seconds since 1970 (not {value!r})"


@pytest.mark.parametrize("flag", ["--pdf", "--docx"])
def test_cli_bad_epoch_is_exit_1_for_every_format(flag: str, tmp_path: Path):
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "SOURCE_DATE_EPOCH": "yesterday", "HOME": str(tmp_path),
           "ANNUALREPORT_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "annualreport.cli", "render", str(EXAMPLE_2018), flag, "-o", str(tmp_path / "out")],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "'yesterday'" in result.stderr
    assert not (tmp_path / "out").exists()
