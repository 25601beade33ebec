"""What keeping original pages costs: compressed MB per 1,000 articles of each corpus, by codec."""

from __future__ import annotations

import argparse
import bz2
import lzma
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from library.article import Document
from library.sources import read_source

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPORA = {
    "scrapinghub": SHARED / "scrapinghub" / "html",
    "readability": SHARED / "readability",
    "trafilatura": SHARED / "trafilatura" / "html",
}
CODECS: dict[str, Callable[[bytes], bytes]] = {
    "zlib (kept)": zlib.compress,
    "bz2": bz2.compress,
    "lzma": lzma.compress,
}


def pages(folder: Path) -> list[Document]:
    files = sorted(folder.rglob("source.html")) if folder.name == "readability" else sorted(folder.iterdir())
    documents = []
    for file in files:
        for entry in read_source(str(file)):
            document = getattr(entry, "document", None)
            if document is not None:
                documents.append(document)
    return documents


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    print("| corpus | pages | raw MB / 1,000 | codec | MB / 1,000 articles | ms per page |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, folder in CORPORA.items():
        if not folder.exists():
            print(f"| {name} | absent | | | | |")
            continue
        documents = pages(folder)
        raw = [d.content.encode("utf-8", "surrogatepass") for d in documents]
        per_thousand = 1000 / len(raw) / 1e6
        for codec, compress in CODECS.items():
            started = time.perf_counter()
            size = sum(len(compress(data)) for data in raw)
            elapsed = (time.perf_counter() - started) * 1000 / len(raw)
            print(
                f"| {name} | {len(raw)} | {sum(map(len, raw)) * per_thousand:.1f} | {codec} "
                f"| {size * per_thousand:.1f} | {elapsed:.1f} |"
            )


if __name__ == "__main__":
    main()
