"""The values export files hold: web addresses, titles, tags, dates, yes/no flags and progress."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from collections.abc import Iterable

from library.article import Highlight
from library.dates import to_iso8601

_REASON_VALUE_CHARS = 60


class ExportProblem(Exception):
    """A reason an export, one of its members or one of its entries cannot be read; becomes a Rejected."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# http(s), optional user info, a host (name, IPv4 or bracketed IPv6), an optional port, then
# anything without spaces. A regex rather than urlsplit: it runs once per entry of 10,000.
_WEB_ADDRESS = re.compile(
    r"https?://(?:[^\s/?#@]*@)?(?:\[[0-9A-Fa-f:.]+\]|[^\s/?#:@\[\]]+)(?::\d*)?(?:[/?#]\S*)?",
    re.IGNORECASE,
)


def web_address(value: object) -> str | None:
    """`value` as an http(s) address with a host, stripped; None for anything else."""
    if not isinstance(value, str):
        return None
    address = value.strip()
    return address if _WEB_ADDRESS.fullmatch(address) else None


def address_problem(value: object) -> str:
    """Why `value` is no usable address, in words for a Rejected."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "no web address"
    return f"not a web address: {quoted(value)}"


def quoted(value: object) -> str:
    """`value` in quotes and shortened, for a one-line reason."""
    text = " ".join(str(value).split())
    if len(text) > _REASON_VALUE_CHARS:
        text = text[: _REASON_VALUE_CHARS - 1] + "…"
    return f"'{text}'"


def text_value(value: object) -> str | None:
    """A string field with its whitespace runs collapsed; None when it is missing, empty or not text."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def hints_of(**fields: str | None) -> dict[str, str]:
    """Article hints from keyword fields, without the empty ones."""
    return {name: value for name, value in fields.items() if value}


def clean_tags(tags: Iterable[object]) -> list[str]:
    """Tags trimmed, empty ones dropped, duplicates (ignoring case) dropped, first spelling kept."""
    seen: set[str] = set()
    result: list[str] = []
    for tag in tags:
        text = text_value(tag)
        if text is None or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        result.append(text)
    return result


def split_tags(text: str, separator: str = ",") -> list[str]:
    """Tags written as one string with a separator."""
    return clean_tags(text.split(separator))


# A list of plainly quoted strings, as Readwise writes tags: read without a parser (ten times faster).
_QUOTED = r"""(?:'[^'\\]*'|"[^"\\]*")"""
_SIMPLE_LIST = re.compile(rf"\[\s*(?:{_QUOTED}\s*(?:,\s*{_QUOTED}\s*)*)?\]")
_SIMPLE_ITEM = re.compile(r"'([^'\\]*)'" + r'|"([^"\\]*)"')


def tag_list(text: str) -> list[str]:
    """Tags written as a JSON or Python list (`["a", "b"]`, `['a', 'b']`) or separated by commas."""
    stripped = text.strip()
    if _SIMPLE_LIST.fullmatch(stripped):
        return clean_tags(single or double for single, double in _SIMPLE_ITEM.findall(stripped))
    if stripped.startswith("["):
        for parse in (json.loads, ast.literal_eval):
            try:
                parsed = parse(stripped)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
            if isinstance(parsed, list | tuple):
                return clean_tags(parsed)
    # Not a list either language reads (a quote inside a tag, a bracket lost): take the words.
    stripped = stripped.removeprefix("[").removesuffix("]")
    return clean_tags(part.strip().strip("'\"") for part in stripped.split(","))


_EPOCH_DIGITS = re.compile(r"\s*\d+(\.\d+)?\s*")


def iso_date(value: object) -> str | None:
    """An export's date (ISO 8601 text, Unix seconds or milliseconds, a datetime) as ISO 8601.

    None when it is missing or unreadable. A datetime without a zone is taken as UTC,
    which is what property lists store.
    """
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return moment.isoformat() if 1900 <= moment.year <= 2200 else None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if isinstance(value, str) and not _EPOCH_DIGITS.fullmatch(value):
        # Exports write ISO 8601; the standard library reads it a hundred times faster than
        # dateutil, which matters at 10,000 entries. Anything else goes the lenient way.
        text = value.strip()
        try:
            # A day without a time stays a day: midnight would be a time nobody gave.
            parsed = dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return parsed.isoformat() if 1900 <= parsed.year <= 2200 else None
    try:
        return to_iso8601(value)
    except (OverflowError, ValueError):  # a number too large for a float: no date
        return None


# Chrome counts time as Windows does, from 1 January 1601; Unix time starts this many seconds later.
_SECONDS_FROM_1601_TO_1970 = 11_644_473_600


def microseconds_date(value: object, *, since_1601: bool = False) -> str | None:
    """A count of microseconds (Firefox's Unix ones, or Chrome's since 1601) as ISO 8601; None for 0."""
    if isinstance(value, bool):
        return None
    try:
        micros = int(value) if isinstance(value, int | str) else None
    except ValueError:
        return None
    if not micros:
        return None
    seconds = micros / 1_000_000 - (_SECONDS_FROM_1601_TO_1970 if since_1601 else 0)
    # Whole seconds: the microseconds of a bookmark's time say nothing anyone reads.
    return iso_date(int(seconds))


_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def flag(value: object) -> bool | None:
    """A yes/no field as exports write it (booleans, 0/1, "true"/"False"); None when it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0 if value in (0, 1) else None
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def fraction(value: object, *, percent: bool | None = None) -> float | None:
    """Reading progress as 0-1 from a fraction, a percentage ("35%", or any number above 1) or None.

    `percent=True` reads every number as a percentage (Omnivore's 0-100), so 1 means 1%.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            text, percent = text[:-1].strip(), True
        try:
            number = float(text)
        except ValueError:
            return None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        return None
    if number != number or number < 0:  # NaN or negative: not a position in a text
        return None
    if percent or (percent is None and number > 1):
        number /= 100
    return min(number, 1.0)


def kind_of(value: object) -> str:
    """What a JSON value is, in JSON's words, for a reason ("expected an object, found a list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def note_highlights(value: object) -> list[Highlight]:
    """A person's own note on a saved page, kept as a highlight without text (there is no quote)."""
    if not isinstance(value, str) or not value.strip():
        return []
    return [Highlight(text="", note=value.strip())]
