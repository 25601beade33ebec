"""Whether the person allows the network at all: the Work Offline switch shared by every program."""

from __future__ import annotations

import os

# Set to 1 (or true, yes, on), it keeps the window and the command line off the network.
OFFLINE_VARIABLE = "ARTICLE_READER_OFFLINE"


def offline_by_environment() -> bool:
    """True when `ARTICLE_READER_OFFLINE` asks for no network use at all."""
    return os.environ.get(OFFLINE_VARIABLE, "").strip().lower() in {"1", "true", "yes", "on"}
