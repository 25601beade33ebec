"""Dates from pages and exports, read leniently and written as ISO 8601."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateutil_parser

# Unix timestamps between 1995 and 2100, in seconds or milliseconds.
_EPOCH_SECONDS = (788_918_400, 4_102_444_800)


def to_iso8601(value: str | int | float | dt.datetime | dt.date | None) -> str | None:
    """`value` as an ISO 8601 string, or None when it is empty or not a date.

    Accepts datetimes, Unix times in seconds or milliseconds (as numbers or
    digit strings), and the written forms pages use ("2022-02-19T10:00:00Z",
    "Sat, 19 Feb 2022 10:00:00 GMT", "February 19, 2022"). Times with a zone
    keep it; times without one are written without one.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    text = value.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        return _from_epoch(float(text))
    try:
        parsed = dateutil_parser.parse(text, default=None, fuzzy=False)  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError):
        return None
    if not 1900 <= parsed.year <= 2200:
        return None
    return parsed.isoformat()


def _from_epoch(number: float) -> str | None:
    if number > _EPOCH_SECONDS[1]:
        number /= 1000  # milliseconds
    if not _EPOCH_SECONDS[0] <= number <= _EPOCH_SECONDS[1]:
        return None
    return dt.datetime.fromtimestamp(number, tz=dt.UTC).isoformat()


def utc_now() -> str:
    """The current time, UTC, as ISO 8601 (seconds precision)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
