"""The `article-reader` command: the command line, with the window when no command is given."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from library import cli


def open_window(args: argparse.Namespace) -> int:
    # Qt is imported only when the window is wanted: `article-reader extract` stays light.
    from desktop.app import run_window

    return run_window(args)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, open_window=open_window)


if __name__ == "__main__":
    sys.exit(main())
