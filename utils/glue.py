"""Handing a comparison notebook's tables and verdicts to its chapter page.

myst-nb pastes outputs from another document (``{glue:any}`` with ``:doc:``) only
as HTML, plain text or images, so a glued Markdown text carries an HTML rendering
too. The notebook still shows it as Markdown.
"""
from __future__ import annotations

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark").enable("table")


class MarkdownText:
    """Markdown that renders as Markdown in a notebook and as HTML when pasted elsewhere."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:  # the plain-text rendering: the Markdown itself, the same on every run
        return self.text

    def _repr_markdown_(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return _MD.render(self.text).replace("<table>", '<table class="table">')


def glue_markdown(key: str, text: str) -> MarkdownText:
    """Glue ``text`` under ``key`` for a chapter page, without showing it here; returns it."""
    from myst_nb import glue

    value = MarkdownText(text)
    glue(key, value, display=False)
    return value
