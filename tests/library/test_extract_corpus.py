"""Extraction quality on the shared corpora: floors just under what we reach, so a regression fails.

Scored with the shared shingle scorer (../shared/bench/score_extraction.py). The
whole comparison with trafilatura and readability-lxml, and the timings, are in
bench/extraction.py; these tests only hold the line.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import statistics
from pathlib import Path
from types import ModuleType

import lxml.html
import pytest
from lxml import etree

from library.article import Document
from library.errors import ExtractionError
from library.extract import extract

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SCRAPINGHUB = SHARED / "corpus" / "scrapinghub"
READABILITY = SHARED / "corpus" / "readability"
TRAFILATURA = SHARED / "corpus" / "trafilatura"
SCORER = SHARED / "bench" / "score_extraction.py"
# Upstream Readability parses every test page with this URL; expected.html is resolved against it.
READABILITY_URL = "http://fakehost/test/page.html"

# Reached when these floors were set (2026-12-01): scrapinghub F1 0.987 (P 0.982, R 0.992);
# readability mean page F1 0.971 against expected.html; trafilatura snippets F 0.943
# (P 0.951, R 0.935).
SCRAPINGHUB_F1_FLOOR = 0.985
SCRAPINGHUB_PRECISION_FLOOR = 0.979
SCRAPINGHUB_RECALL_FLOOR = 0.989
READABILITY_MEAN_F1_FLOOR = 0.968
SNIPPET_F_FLOOR = 0.940
SNIPPET_PRECISION_FLOOR = 0.947
SNIPPET_RECALL_FLOOR = 0.931

pytestmark = pytest.mark.corpus


def scorer() -> ModuleType:
    """The shared scorer, loaded from its file (it is data beside the project, not a package)."""
    if not SCORER.exists():
        pytest.skip(f"{SCORER} is absent: the shared corpus is not checked out beside the project")
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Elements that start a new line when a browser lays text out (as bench/extraction.py reads them).
BLOCKS = frozenset(
    "address article aside blockquote br caption dd details div dl dt figcaption figure footer form "  # noqa: SIM905
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul".split()
)


def visible_text(html: str) -> str:
    """Text of expected.html as a reader sees it: blocks on their own lines, inline runs joined.

    Read independently of our extractor; BeautifulSoup's get_text("\\n") would
    split the words of Chinese and Japanese pages at every link.
    """
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    pieces: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if el.tag in BLOCKS:
            pieces.append("\n")
        if event == "start":
            pieces.append(el.text or "")
        elif el is not root:
            pieces.append(el.tail or "")
    return "\n".join(" ".join(line.split()) for line in "".join(pieces).split("\n"))


def text_of(html: str, url: str | None) -> str:
    try:
        return extract(Document(source="corpus", content=html, url=url)).text
    except ExtractionError:
        return ""


def test_scrapinghub_article_bodies() -> None:
    score = scorer().score
    if not (SCRAPINGHUB / "ground-truth.json").exists():
        pytest.skip(f"{SCRAPINGHUB} is absent")
    truth = json.loads((SCRAPINGHUB / "ground-truth.json").read_text(encoding="utf-8"))
    predictions = {}
    for page_id in truth:
        html = gzip.decompress((SCRAPINGHUB / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
        # The benchmark gives extractors the page alone, as the shared runner does.
        predictions[page_id] = {"articleBody": text_of(html, None)}
    scores, f1s = score(truth, predictions)
    worst = sorted(f1s.items(), key=lambda kv: kv[1])[:5]
    assert scores["f1"] >= SCRAPINGHUB_F1_FLOOR, (scores, worst)
    assert scores["precision"] >= SCRAPINGHUB_PRECISION_FLOOR, (scores, worst)
    assert scores["recall"] >= SCRAPINGHUB_RECALL_FLOOR, (scores, worst)


def test_readability_corpus_body_text() -> None:
    score = scorer().score
    if not READABILITY.exists():
        pytest.skip(f"{READABILITY} is absent")
    truth, predictions = {}, {}
    for folder in sorted(p for p in READABILITY.iterdir() if p.is_dir()):
        expected = (folder / "expected.html").read_text(encoding="utf-8")
        truth[folder.name] = {"articleBody": visible_text(expected)}
        source = (folder / "source.html").read_text(encoding="utf-8")
        predictions[folder.name] = {"articleBody": text_of(source, READABILITY_URL)}
    _, f1s = score(truth, predictions)
    mean = statistics.mean(f1s.values())
    assert mean >= READABILITY_MEAN_F1_FLOOR, (mean, sorted(f1s.items(), key=lambda kv: kv[1])[:5])


def test_trafilatura_corpus_snippets() -> None:
    """Snippets that must and must not appear, scored as ../shared/bench/score_snippets.py does."""
    if not (TRAFILATURA / "evaldata.json").exists():
        pytest.skip(f"{TRAFILATURA} is absent")
    from library.sources import read_source

    def spaced(text: str) -> str:
        return " ".join(text.split())

    pages = json.loads((TRAFILATURA / "evaldata.json").read_text(encoding="utf-8")).values()
    found = missed = kept = left_out = 0
    for page in pages:
        # Read as `article-reader extract` reads a file: bytes, charset and all.
        entry = next(iter(read_source(str(TRAFILATURA / "html" / page["file"]))))
        document = getattr(entry, "document", None)
        try:
            text = spaced(extract(document).text) if document is not None else ""
        except ExtractionError:
            text = ""
        for snippet in page.get("with", []):
            if spaced(snippet) in text:
                found += 1
            else:
                missed += 1
        for snippet in page.get("without", []):
            if spaced(snippet) in text:
                kept += 1
            else:
                left_out += 1
    precision = found / (found + kept)
    recall = found / (found + missed)
    f = 2 * precision * recall / (precision + recall)
    scores = {"f": f, "precision": precision, "recall": recall, "left out": left_out}
    assert f >= SNIPPET_F_FLOOR, scores
    assert precision >= SNIPPET_PRECISION_FLOOR, scores
    assert recall >= SNIPPET_RECALL_FLOOR, scores
