"""Small readers the metadata modules share: text cleaned of entities and spaces, XPath results, addresses."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

SPACES = re.compile(r"\s+")
# A value that is a web address rather than a name ("https://…/author/ann", "www.site.com").
URLISH = re.compile(r"^(?:https?:)?//|^www\.|^[\w.-]+\.(?:com|org|net)(?:/|$)", re.IGNORECASE)
# The element inside a byline or a microdata item that holds the name itself.
ITEMPROP_NAME = etree.XPath(".//*[contains(@itemprop, 'name')]")


def attribute(element: etree._Element, name: str) -> str | None:
    value = element.get(name)
    return value if isinstance(value, str) else None


def xpath_elements(xpath: etree.XPath, node: etree._Element) -> list[etree._Element]:
    result = xpath(node)
    return [item for item in result if isinstance(item, etree._Element)] if isinstance(result, list) else []


def xpath_strings(xpath: etree.XPath, node: etree._Element) -> list[etree._ElementUnicodeResult]:
    result = xpath(node)
    if not isinstance(result, list):
        return []
    return [item for item in result if isinstance(item, etree._ElementUnicodeResult)]


def xpath_number(xpath: etree.XPath, node: etree._Element) -> float:
    result = xpath(node)
    return float(result) if isinstance(result, float | int) else 0.0


def clean_text(value: str | None, unescape: bool = True) -> str | None:
    """`value` with entities decoded (sites often escape twice) and whitespace collapsed."""
    if value is None:
        return None
    text = html.unescape(value) if unescape and "&" in value else value
    text = SPACES.sub(" ", text).strip()
    return text or None


def element_text(element: lxml.html.HtmlElement | None) -> str | None:
    if element is None:
        return None
    return clean_text(element.text_content(), unescape=False)


def first_text(*values: str | None) -> str | None:
    return next((value for value in values if value), None)


def is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:  # "http://[::1" and other addresses urllib cannot take apart
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def absolute_url(value: str | None, base: str | None) -> str | None:
    """`value` resolved against `base`; None unless the result is an http(s) address."""
    if not value:
        return None
    value = value.strip()
    try:
        resolved = urljoin(base, value) if base else value
    except ValueError:
        return None
    return resolved if is_web_url(resolved) else None
