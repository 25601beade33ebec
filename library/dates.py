"""Dates from pages and exports, read leniently and written as ISO 8601."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateutil_parser
from dateutil import tz

# Unix timestamps between 1995 and 2100, in seconds or milliseconds.
_EPOCH_SECONDS = (788_918_400, 4_102_444_800)
_EPOCH_DIGITS = re.compile(r"\d{9,13}(\.\d+)?")
_YEARS = (1900, 2200)

# "Published: ", "Last updated on", "Posted", "Date:": labels pages put before the date itself.
_LABEL = re.compile(
    r"^(?:(?:first|last|originally)\s+)?(?:published|updated|modified|posted|created|date[ds]?|on)\b"
    r"(?:\s+on\b)?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
# dateutil fills a missing year from today, so "Monday" or "19 Feb" would become a date that
# depends on when the page is read. A written date must name its year.
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20|21)\d\d(?!\d)")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK = re.compile(r"\d:\d|\d\s*[ap]\.?m\b", re.IGNORECASE)
_DOTTED_DAY_FIRST = re.compile(r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}")

# Zone abbreviations pages use that dateutil does not know. Ambiguous ones (IST, CST in Asia) take
# their most common meaning on English-language news sites.
_ZONES = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 1,
    "CET": 1,
    "WEST": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "IST": 5.5,
    "SGT": 8,
    "HKT": 8,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
}


def to_iso8601(value: str | int | float | dt.datetime | dt.date | None) -> str | None:
    """`value` as an ISO 8601 string, or None when it is empty or not a date.

    Accepts datetimes, Unix times in seconds or milliseconds (as numbers or
    digit strings), and the written forms pages use ("2022-02-19T10:00:00Z",
    "Sat, 19 Feb 2022 10:00:00 GMT", "February 19, 2022", "Published: 19.02.2022
    10:00 CET"). Times with a zone keep it; times without one are written
    without one; a date alone stays a date ("2022-02-19"). Written dates without
    a year are refused rather than guessed.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    text = " ".join(value.split())
    if not text or len(text) > 200:
        return None
    if _EPOCH_DIGITS.fullmatch(text):
        return _from_epoch(float(text))
    return _from_iso(text) or _from_written(text)


def _plausible(moment: dt.datetime) -> bool:
    # Midnight of 1 January 1970 is what an unset Unix time prints as, not a publication date.
    if moment.replace(tzinfo=None) == dt.datetime(1970, 1, 1):
        return False
    return _YEARS[0] <= moment.year <= _YEARS[1]


def _from_iso(text: str) -> str | None:
    # The standard library reads ISO 8601 a hundred times faster than dateutil, and most
    # dates in metadata are ISO 8601.
    try:
        if len(text) == 10 and _ISO_DAY.fullmatch(text):
            day = dt.date.fromisoformat(text)
            return day.isoformat() if _YEARS[0] <= day.year <= _YEARS[1] else None
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.isoformat() if _plausible(parsed) else None


def _from_written(text: str) -> str | None:
    text = _LABEL.sub("", text, count=1).strip(" ,;|")
    if not _HAS_YEAR.search(text):
        return None
    # Dotted dates ("05.03.2022") are day first wherever they are written; with slashes, dateutil
    # reads month first unless the first number cannot be a month.
    dayfirst = bool(_DOTTED_DAY_FIRST.match(text))
    try:
        parsed = dateutil_parser.parse(text, dayfirst=dayfirst, fuzzy=False, tzinfos=_zone)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    if not _plausible(parsed):
        return None
    if parsed.tzinfo is None and not _CLOCK.search(text) and parsed.time() == dt.time():
        # "February 19, 2022" names a day, not its midnight.
        return parsed.date().isoformat()
    return parsed.isoformat()


def _zone(name: str | None, offset: int | None) -> dt.tzinfo | None:
    """dateutil's zone lookup: known abbreviations and numeric offsets; unknown names stay naive."""
    if offset is not None:
        return dt.UTC if offset == 0 else tz.tzoffset(name, offset)
    if name and name.upper() in _ZONES:
        hours = _ZONES[name.upper()]
        return dt.UTC if hours == 0 else tz.tzoffset(name.upper(), int(hours * 3600))
    return None


def _from_epoch(number: float) -> str | None:
    if number > _EPOCH_SECONDS[1]:
        number /= 1000  # milliseconds
    if not _EPOCH_SECONDS[0] <= number <= _EPOCH_SECONDS[1]:
        return None
    return dt.datetime.fromtimestamp(number, tz=dt.UTC).isoformat()


def utc_now() -> str:
    """The current time, UTC, as ISO 8601 (seconds precision)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
