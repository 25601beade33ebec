"""Exports with highlights, one of each service, written into a test's folder; the page they refer to."""

from __future__ import annotations

import json
from pathlib import Path

from tests.library.exportfiles import write_text, write_zip

PARAGRAPHS = [
    "The committee published its findings on Thursday after eighteen months of hearings across the country.",
    "It recommends that the rules be simplified and that small firms be given two more years to comply.",
    "Industry groups welcomed the report, while unions said it did not go far enough on safety.",
    "Small firms, the report says, need time; safety, the unions reply, cannot wait two more years.",
]
BODY = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Committee findings</title></head>'
    f"<body><article><h1>Committee findings</h1>{BODY}</article></body></html>"
)

# What each export marked: (quote, note), as the service wrote them.
POCKET_MARKS = [("eighteen months of hearings", ""), ("did not go far enough on safety", "")]
OMNIVORE_MARKS = [("the rules be simplified", "Finally."), ("Industry groups welcomed the report", "")]
WALLABAG_MARKS = [("two more years", "the second time they say it")]
INSTAPAPER_MARKS = [("small firms be given two more years to comply", "")]


def pocket_zip(folder: Path, url: str) -> Path:
    """Pocket's 2025 zip: the saved address in the CSV, its highlights in `annotations/`."""
    annotations = [
        {
            "url": url,
            "title": "Committee findings",
            "highlights": [
                {"quote": quote, "created_at": 1_700_000_000 + n} for n, (quote, _) in enumerate(POCKET_MARKS)
            ],
        }
    ]
    return write_zip(
        folder / "pocket.zip",
        {
            "part_000000.csv": f"title,url,time_added,tags,status\nCommittee findings,{url},1700000000,,unread\n",
            "annotations/part_000000.json": json.dumps(annotations),
        },
    )


def omnivore_zip(folder: Path, url: str = "https://example.com/omnivore/findings") -> Path:
    """Omnivore's zip: the article's content and `highlights/<slug>.md` with quotes and notes."""
    slug = "committee-findings-18c1f0a2b3d"
    metadata = [{"slug": slug, "title": "Committee findings", "url": url, "state": "SUCCEEDED"}]
    markdown = "\n\n".join(f"> {quote}" + (f"\n\n{note}" if note else "") for quote, note in OMNIVORE_MARKS)
    return write_zip(
        folder / "omnivore.zip",
        {
            "metadata_0_to_20.json": json.dumps(metadata),
            f"content/{slug}.html": f"<div>{BODY}</div>",
            f"highlights/{slug}.md": markdown,
        },
    )


def wallabag_json(folder: Path, url: str = "https://example.com/wallabag/findings", body: str = BODY) -> Path:
    """wallabag's JSON: the article's HTML and its annotations with their ranges.

    "two more years" is in the second paragraph and in the fourth; the range says the fourth.
    """
    (quote, note) = WALLABAG_MARKS[0]
    offset = PARAGRAPHS[3].index(quote)
    annotation = {
        "quote": quote,
        "text": note,
        "created_at": "2021-03-02T10:00:00+0100",
        "ranges": [
            {"start": "/p[4]", "startOffset": offset, "end": "/p[4]", "endOffset": offset + len(quote)}
        ],
    }
    entry = {
        "is_archived": 0,
        "is_starred": 0,
        "title": "Committee findings",
        "url": url,
        "content": body,
        "created_at": "2021-03-01T09:00:00+0100",
        "annotations": [annotation],
    }
    return write_text(folder / "wallabag.json", json.dumps([entry]))


def instapaper_csv(folder: Path, url: str) -> Path:
    """Instapaper's CSV: the address, and the passage selected when it was saved."""
    (quote, _) = INSTAPAPER_MARKS[0]
    return write_text(
        folder / "instapaper.csv",
        f"URL,Title,Selection,Folder,Timestamp\n{url},Committee findings,{quote},Unread,1700000000\n",
    )
