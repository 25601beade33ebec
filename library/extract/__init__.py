"""Document -> Article: find the article in a page, read its metadata, clean its body."""

from __future__ import annotations

from library.article import Article, Document
from library.errors import ExtractionError

__all__ = ["ExtractionError", "extract"]


def extract(document: Document) -> Article:
    """The article in `document`.

    Raises:
        ExtractionError: the document holds no article text.
    """
    # Placeholder until the extraction modules land: plain text pages only.
    text = document.content.strip()
    if not text:
        raise ExtractionError("the page is empty")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return Article(title=paragraphs[0][:200], text="\n\n".join(paragraphs[1:]), url=document.url)
