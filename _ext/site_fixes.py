"""Two fixes of the theme's pages that the book's browser test found (utils/pipeline/site_check.py).

- sphinx-thebe 0.3.1 adds its inline configuration script twice to every page, and the second
  ``const THEBE_JS_URL`` is a SyntaxError in the browser: each page keeps one copy of every
  inline script.
- pydata-sphinx-theme 0.17's pages read a ``default_mode`` that nothing sets, and log "Got invalid
  theme mode" on a reader's first visit: the book sets ``auto`` (follow the reader's system).
"""


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


def setup(app):
    app.connect("html-page-context", fix_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
