"""The book's Sphinx extension: what the theme and myst-nb leave to the book.

- A page that pastes glued outputs from a notebook (``{glue:any} key`` with ``:doc: compare.ipynb``)
  depends on that notebook: when the notebook changes, Sphinx reads the page again, so an
  incremental build never shows a chapter page with the verdicts of an earlier run.
- sphinx-thebe 0.3.1 adds its inline configuration script twice to every page, and the second
  ``const THEBE_JS_URL`` is a SyntaxError in the browser: each page keeps one copy of every
  inline script.
- pydata-sphinx-theme 0.17's pages read a ``default_mode`` that nothing sets, and log "Got invalid
  theme mode" on a reader's first visit: the book sets ``auto`` (follow the reader's system).
- MyST gives the pages it parses the meta description of _config.yml (``myst_html_meta``); the pages
  Sphinx writes itself (the index, the search page) get the same one here.

The second and third were found by the book's browser check (utils/pipeline/site_check.py).
"""
import html
import re
from pathlib import Path

GLUED_FROM = re.compile(r"^\s*:doc:\s*(\S+)\s*$", re.MULTILINE)


def note_glue_sources(app, docname, source):
    here = Path(app.env.doc2path(docname)).parent
    for target in GLUED_FROM.findall(source[0]):
        app.env.note_dependency(str((here / target).resolve()))


def fix_page(app, pagename, templatename, context, doctree):
    context.setdefault("default_mode", "auto")
    seen, kept = set(), []
    for script in context.get("script_files", []):
        body = getattr(script, "attributes", {}).get("body")
        if body is not None:
            if body in seen:
                continue
            seen.add(body)
        kept.append(script)
    context["script_files"] = kept
    description = (getattr(app.config, "myst_html_meta", None) or {}).get("description")
    if description and 'name="description"' not in context.get("metatags", ""):
        context["metatags"] = (context.get("metatags", "")
                               + f'\n<meta name="description" content="{html.escape(description, quote=True)}" />')


def setup(app):
    app.connect("source-read", note_glue_sources)
    app.connect("html-page-context", fix_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
