"""Dates as the address-list formats write them: Unix seconds."""

from __future__ import annotations

import datetime as dt


def unix_seconds(iso: str | None) -> int | None:
    """An ISO 8601 date or time as whole Unix seconds (UTC when no zone is given); None if unreadable."""
    if not iso:
        return None
    try:
        moment = dt.datetime.fromisoformat(iso.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp())
