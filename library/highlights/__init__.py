"""Highlights and notes: anchored in an article's text, kept in the library, found again.

`anchor` places quotes in text (W3C text-quote and text-position selectors);
`storage` keeps highlights in the library file; `finding` lists and searches them;
`ranges` turns the ranges other readers record (wallabag's) into quote context.
"""
