"""The page's JSON-LD (schema.org) objects, read leniently, and the article among them."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import lxml.html

from library.extract.metadata.text import URLISH, clean_text

# schema.org's Article family and the postings that read like one.
_ARTICLE_TYPE = re.compile(r"(Article|Posting|^Report|^APIReference)$")
_SITE_TYPES = frozenset({"WebSite", "Organization", "NewsMediaOrganization", "Corporation"})
_TOKEN = re.compile(r"\w+")
_CDATA = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:\]\]>|-->)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


class JsonLd:
    """The JSON-LD objects on a page, and the article among them."""

    def __init__(self, objects: list[dict[str, Any]]) -> None:
        self.objects = objects
        self.by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
        self.article = next((obj for obj in objects if _is_article(obj)), None)

    @classmethod
    def from_scripts(cls, scripts: list[lxml.html.HtmlElement]) -> JsonLd:
        objects: list[dict[str, Any]] = []
        for script in scripts:
            for value in _parse_json_leniently(script.text or ""):
                objects.extend(_flatten_json_ld(value))
        return cls(objects)

    def get(self, key: str) -> Any:
        return self.article.get(key) if self.article else None

    def get_text(self, key: str) -> str | None:
        value = self.get(key)
        if isinstance(value, list):
            value = next((item for item in value if isinstance(item, str | int | float | dict)), None)
        if isinstance(value, dict):
            value = value.get("name") or value.get("@value")
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None
        return clean_text(str(value))

    def title(self, document_title: Callable[[], str | None]) -> str | None:
        name = self.get_text("name")
        headline = self.get_text("headline")
        if name and headline and name != headline:
            # Some sites put their own name in "name" and the article's in "headline":
            # trust whichever the page's <title> agrees with, and "name" when both or neither do.
            page_title = document_title() or ""
            if _similarity(headline, page_title) > 0.75 and _similarity(name, page_title) <= 0.75:
                return headline
            return name
        return name or headline

    def authors(self) -> str | None:
        # Not "creator": sites fill it with a user handle or the name of their publishing software.
        names = self._names(self.get("author"))
        unique = list(dict.fromkeys(name for name in names if not URLISH.search(name)))
        return ", ".join(unique) if unique else None

    def _names(self, value: Any, depth: int = 0) -> list[str]:
        if depth > 3 or value is None:
            return []
        if isinstance(value, str):
            text = clean_text(value)
            return [text] if text else []
        if isinstance(value, list):
            return [name for item in value for name in self._names(item, depth + 1)]
        if isinstance(value, dict):
            name = value.get("name")
            if name is None and isinstance(value.get("@id"), str) and value["@id"] in self.by_id:
                name = self.by_id[value["@id"]].get("name")
            if isinstance(name, list):
                name = name[0] if name else None
            text = clean_text(name) if isinstance(name, str) else None
            return [text] if text else []
        return []

    def publisher(self) -> str | None:
        names = self._names(self.get("publisher"))
        return names[0] if names else None

    def website_name(self) -> str | None:
        for obj in self.objects:
            types = _types(obj)
            if types & _SITE_TYPES and isinstance(obj.get("name"), str):
                return clean_text(obj["name"])
        return None

    def section(self) -> str | None:
        return self.get_text("articleSection")

    def image(self) -> str | None:
        return _json_ld_url(self.get("image")) or _json_ld_url(self.get("thumbnailUrl"))

    def article_body(self) -> str | None:
        body = self.get("articleBody")
        if not isinstance(body, str):
            return None
        text = html.unescape(body).strip()
        return text or None


def _parse_json_leniently(text: str) -> Iterator[Any]:
    """Every JSON value in a script, tolerating comments, CDATA, trailing commas and raw newlines."""
    text = _CDATA.sub("", text).strip()
    if not text:
        return
    decoder = json.JSONDecoder(strict=False)
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        position, found = 0, False
        while position < len(attempt):
            # Several objects back to back (or separated by stray semicolons) are common.
            while position < len(attempt) and attempt[position] in " \t\r\n;,":
                position += 1
            if position >= len(attempt):
                break
            try:
                value, position = decoder.raw_decode(attempt, position)
            except (ValueError, RecursionError):
                break
            found = True
            yield value
        if found:
            return


def _flatten_json_ld(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(value, list):
        for item in value:
            yield from _flatten_json_ld(item, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value:
            yield value
        for key in ("@graph", "mainEntity"):
            if isinstance(value.get(key), list | dict):
                yield from _flatten_json_ld(value[key], depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    declared = obj.get("@type")
    values = declared if isinstance(declared, list) else [declared]
    # "http://schema.org/NewsArticle" and "schema:NewsArticle" name the same type.
    return {re.split(r"[/:#]", value)[-1] for value in values if isinstance(value, str)}


def _is_article(obj: dict[str, Any]) -> bool:
    return any(_ARTICLE_TYPE.search(kind) for kind in _types(obj))


def _json_ld_url(value: Any, depth: int = 0) -> str | None:
    if depth > 3:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return next((url for item in value if (url := _json_ld_url(item, depth + 1))), None)
    if isinstance(value, dict):
        found = value.get("url") or value.get("contentUrl") or value.get("@list") or value.get("@id")
        return _json_ld_url(found, depth + 1)
    return None


def _similarity(text_a: str, text_b: str) -> float:
    """How much of `text_b`'s wording also appears in `text_a`: 1 the same words, 0 none."""
    tokens_a = set(_TOKEN.findall(text_a.lower()))
    tokens_b = _TOKEN.findall(text_b.lower())
    if not tokens_a or not tokens_b:
        return 0.0
    unique_b = [token for token in tokens_b if token not in tokens_a]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))
