"""Readability's conditional cleaning: tables, lists and divisions judged by their shape."""

from __future__ import annotations

import re
from collections import Counter

from lxml.html import HtmlElement

from library.extract.hints import EMBED_HINT, STRONG_NEGATIVE_HINT, class_weight, has_hint
from library.extract.tags import HEADING_TAGS
from library.extract.tree import drop, link_density, text_of

# A box that says only "Advertisement", in the languages of the corpora ("Iklan": kabarislamia.com).
_AD_WORDS = re.compile(
    r"^(ads?|advert(ising|isement)?|pub(licité|licidad|blicità)?|werb(ung)?|anzeige|reklam[ae]|iklan|"
    r"advertentie|annons|mainos|广告|реклама|anuncio)$",
    re.I,
)
_LOADING_WORDS = re.compile(r"^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$", re.I)


def is_data_table(table: HtmlElement) -> bool:
    """True for a table of data rather than layout (Readability's test)."""
    if (table.get("role") or "") == "presentation" or table.get("datatable") == "0":
        return False
    if table.get("summary") or table.find(".//caption") is not None:
        return True
    for tag in ("thead", "tfoot", "th", "colgroup"):
        if table.find(f".//{tag}") is not None:
            return True
    if table.find(".//table") is not None:
        return False
    rows = table.findall(".//tr")
    columns = max((len(row.findall("td")) + len(row.findall("th")) for row in rows), default=0)
    return len(rows) >= 10 or columns > 4 or len(rows) * columns > 10


_CONDITIONAL_TAGS = ("form", "fieldset", "table", "ul", "ol", "div", "section", "aside")
# What an element sits inside, for the conditional rules: marked from the few elements that set
# it (code, figures, data tables) rather than by climbing from every element (which costs
# depth x elements on deeply nested pages) or by walking every element in Python.
_IN_CODE, _IN_DATA_TABLE, _IN_FIGURE = 1, 2, 4


def clean_conditionally(container: HtmlElement) -> None:
    """Readability's conditional cleaning of tables, lists and divisions, innermost first."""
    context: dict[HtmlElement, int] = {}
    data_tables: dict[HtmlElement, bool] = {}
    # In document order, so a table inside a data table is known to be inside before it is reached.
    for el in container.iter("code", "pre", "figure", "table"):
        tag = el.tag
        if tag == "table":
            if context.get(el, 0) & _IN_DATA_TABLE:
                continue
            data_tables[el] = is_data_table(el)
            if not data_tables[el]:
                continue
            flag = _IN_DATA_TABLE
        else:
            flag = _IN_FIGURE if tag == "figure" else _IN_CODE
        # Only what the rules below ask about: the elements they judge, and the tables.
        for inner in el.iterdescendants(*_CONDITIONAL_TAGS):
            context[inner] = context.get(inner, 0) | flag
    for tag in _CONDITIONAL_TAGS:
        for el in reversed(list(container.iter(tag))):
            if el is container or el.getparent() is None:
                continue
            flags = context.get(el, 0)
            if flags & (_IN_CODE | _IN_DATA_TABLE) or data_tables.get(el, False):
                continue
            if _should_remove(el, in_figure=bool(flags & _IN_FIGURE)):
                drop(el)


# A paragraph this long with few links is prose, whatever the box around it is called.
PROSE_PARAGRAPH_CHARS = 80


def _holds_prose(el: HtmlElement) -> bool:
    """True when `el` holds a paragraph of real prose (long, few links)."""
    for paragraph in el.iter("p"):
        text = text_of(paragraph)
        if len(text) >= PROSE_PARAGRAPH_CHARS and link_density(paragraph, len(text)) < 0.25:
            return True
    return False


def _should_remove(el: HtmlElement, *, in_figure: bool) -> bool:
    """Readability's conditional cleaning: is this table, list or division furniture by its shape?"""
    tag = el.tag
    if has_hint(el, EMBED_HINT):
        return False  # a quoted post is mostly links (its author, its date) and still the article's
    weight = class_weight(el)
    if weight < 0 and (has_hint(el, STRONG_NEGATIVE_HINT) or not _holds_prose(el)):
        return True
    text = text_of(el)
    if text.count(",") + text.count("，") >= 10:
        return False
    counts = Counter(inner.tag for inner in el.iter("p", "img", "li", "input"))
    paragraphs, images, items, inputs = counts["p"], counts["img"], counts["li"], counts["input"]
    is_list = tag in ("ul", "ol")
    if not is_list and items:
        list_chars = sum(len(text_of(li)) for li in el.iter("li"))
        is_list = bool(text) and list_chars / len(text) > 0.9
    if _AD_WORDS.match(text) or _LOADING_WORDS.match(text):
        return True
    heading_chars = sum(len(text_of(h)) for h in el.iter(*HEADING_TAGS))
    heading_density = heading_chars / len(text) if text else 0.0
    linked = link_density(el, len(text))
    remove = (
        (not in_figure and images > 1 and paragraphs / images < 0.5)
        or (not is_list and items - 100 > paragraphs)
        or (inputs > paragraphs // 3)
        or (
            not is_list
            and not in_figure
            and heading_density < 0.9
            and len(text) < 25
            and (images == 0 or images > 2)
            and linked > 0
        )
        or (not is_list and weight < 25 and linked > 0.2)
        or (weight >= 25 and linked > 0.5)
        or (images == 0 and not text)
    )
    # A list of pictures (a gallery) stays: every item holds one image and nothing else.
    gallery = is_list and images == items and all(len(child) <= 1 for child in el)
    return remove and not gallery
