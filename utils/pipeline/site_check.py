"""Checking the built site: its links offline, and every page in headless Chromium. Framework-free.

    python -m utils.pipeline.site_check [--html DIR] [--site DIR] [--screenshots DIR]

:func:`links` reads every page of the site with ``html.parser``: each link and source within the
site must name a file that exists, and each ``#fragment`` an id of the page it names; :func:`no_icon`
reads each page's icon the same way. :func:`run` hands the site to ``web/check-site.mjs``, which
opens every page in headless Chromium and reports what each one shows (see that script), photographs
the chapter pages and checks that the framework tabs keep a reader's choice from page to page. The
other functions turn that report into :class:`Problem` entries of one kind each (:data:`KINDS`). The
glued outputs a page must show are read from the staged sources (``<build>/site``): every ``{glue}``
reference of its Markdown, each with the text its notebook glued under that key.

The command prints the browser it used, every problem and the time taken; it exits 1 on any
problem, 2 when the site cannot be checked (no built site, no Node, no packages or no browser, with
the reason).
"""
from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

import yaml

from .. import browser, paths
from .build_book import toc_files

SCRIPT = browser.WEB / "check-site.mjs"
TIMEOUT_S = 900.0  # only so that a browser that hangs does not hang the build: the check takes about a minute
KINDS = ("console error", "failed load", "broken link", "missing anchor", "no icon", "no description", "no navigation",
         "missing glue", "broken table", "tabs")
REFRESH = re.compile(r"\d+\s*;\s*url=(\S+)", re.IGNORECASE)
# {glue}`key`, {glue:}, {glue:any}, {glue:text}`key:.2f`, {glue:md}; "doc::key" pastes from another
# notebook. The directives {glue}, {glue:any} and {glue:md} take it from their :doc: option.
GLUE_ROLE = re.compile(r"\{glue(?::(any|text|md)?)?\}`([^`]+)`")
GLUE_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{glue(?::(any|md))?\}\s+(\S+)\s*$")
GLUE_DOC = re.compile(r"^\s*:doc:\s*(\S+)\s*$")


class Problem(NamedTuple):
    kind: str  # one of KINDS
    page: str  # the page's path in the site
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.page}: {self.detail}"


def build_paths(build: Path | None = None) -> dict[str, Path]:
    """The built html, the staged sources and the screenshots folder of ``build`` (``paths.build_dir()``);
    jupyter-book's html lies as ``utils/pipeline/build_book.py`` puts it."""
    build = build or paths.build_dir()
    html = build / "html" if build.name == "_build" else build / "jupyter-book" / "_build" / "html"
    return {"html": html, "site": build / "site", "screenshots": build / "screenshots"}


def pages(html: Path) -> list[str]:
    """The site's pages as the browser opens them: every .html file, less those under folders
    whose name starts with "_" (the theme's template fragments)."""
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                  if not any(part.startswith("_") for part in p.relative_to(html).parts[:-1]))


class _Page(HTMLParser):
    """The ids of one page and its links: href of a and link, src of any element, and a refresh's
    url; its icons: href of each link whose rel holds "icon"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.icons: list[str] = []
        self.description: str | None = None
        self.redirect = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.ids.update(v for k, v in attrs if v and (k == "id" or (tag == "a" and k == "name")))
        if tag in ("a", "link") and found.get("href"):
            self.links.append(found["href"])
            if tag == "link" and "icon" in (found.get("rel") or "").lower().split():
                self.icons.append(found["href"])
        if found.get("src"):
            self.links.append(found["src"])
        if tag == "meta" and (found.get("name") or "").lower() == "description":
            self.description = (found.get("content") or "").strip()
        if tag == "meta" and (found.get("http-equiv") or "").lower() == "refresh":
            self.redirect = True
            match = REFRESH.match(found.get("content") or "")
            if match:
                self.links.append(match.group(1))


def _parse(file: Path) -> _Page:
    parser = _Page()
    parser.feed(file.read_text(encoding="utf-8", errors="replace"))
    return parser


def _in_site(html: Path, folder: Path, path: str) -> str:
    """The file (relative to ``html``) that the percent-encoded ``path`` names from ``folder``,
    as a server of the site would read it; ".." above the site's root."""
    target = ((html if path.startswith("/") else folder) / unquote(path).lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    try:
        return str(target.relative_to(html.resolve()))
    except ValueError:
        return ".."


def _link_problems(html: Path, page: str, href: str, target: str, fragment: str,
                   ids: dict[str, set[str]]) -> list[Problem]:
    if target == ".." or not (html / target).is_file():
        return [Problem("broken link", page, f"{href}: no file {target}")]
    if fragment and target in ids and fragment not in ids[target]:
        return [Problem("missing anchor", page, f"{href}: no id {fragment!r} in {target}")]
    return []


def links(html: Path) -> tuple[list[Problem], list[str]]:
    """Offline: every link within the site names a file that exists, and every fragment an id of
    the page it names. Returns the problems and the links outside the site, which are not checked."""
    parsed = {page: _parse(html / page) for page in pages(html)}
    ids = {page: p.ids for page, p in parsed.items()}
    found, outside = [], set()
    for page, parser in parsed.items():
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                outside.add(href)
                continue
            target = _in_site(html, (html / page).parent, parts.path) if parts.path else page
            found += _link_problems(html, page, href, target, unquote(parts.fragment), ids)
    return found, sorted(outside)


def no_icon(html: Path) -> list[Problem]:
    """Offline: every page's icon is a file of the site. That is each icon the page declares, or,
    when it declares none, ``/favicon.ico``, which browsers then ask for."""
    found = []
    for page in pages(html):
        declared = _parse(html / page).icons
        if not declared and not (html / "favicon.ico").is_file():
            found.append(Problem("no icon", page, "declares no icon, and the site has no favicon.ico"))
        for href in declared:
            parts = urlsplit(href)
            target = ".." if parts.scheme or parts.netloc else _in_site(html, (html / page).parent, parts.path)
            if target == ".." or not (html / target).is_file():
                found.append(Problem("no icon", page, f"{href}: not a file of the site"))
    return found


def no_description(html: Path) -> list[Problem]:
    """Offline: every page but a redirect carries a meta description that is not empty (search engines
    show it under the title; the book sets it once, in _config.yml's ``myst_html_meta``)."""
    found = []
    for page in pages(html):
        parsed = _parse(html / page)
        if not parsed.redirect and not parsed.description:
            found.append(Problem("no description", page, "no <meta name=\"description\"> with a text"))
    return found


def run(html: Path, screenshots: Path, timeout_s: float = TIMEOUT_S) -> dict[str, Any]:
    """Open every page of ``html`` in headless Chromium and return ``web/check-site.mjs``'s report,
    also kept as ``screenshots/report.json`` beside the screenshots. Raises
    :class:`utils.browser.NotRunHere` with the reason when this machine cannot run the browser,
    RuntimeError with the end of the script's stderr when the run fails."""
    reason = browser.unavailable()
    if reason:
        raise browser.NotRunHere(reason)
    screenshots.mkdir(parents=True, exist_ok=True)
    out = screenshots / "report.json"
    out.unlink(missing_ok=True)
    node, _ = browser.find_node()
    command = [node, str(SCRIPT), "--root", str(html), "--out", str(out), "--screenshots", str(screenshots),
               "--timeout", str(timeout_s)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s + browser.GRACE_S)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"the browser run took longer than {timeout_s + browser.GRACE_S:g} s") from exc
    if done.returncode == 3:
        raise browser.NotRunHere(done.stderr.strip())
    if done.returncode:
        raise RuntimeError(f"the browser run failed (exit {done.returncode}): {browser.tail(done.stderr)}")
    return json.loads(out.read_text())


def console_errors(report: dict) -> list[Problem]:
    """Every error a page logged to its console, and every error it left uncaught."""
    return [Problem("console error", page, text) for page, entry in report["pages"].items()
            for text in entry.get("console_errors", []) + [f"uncaught {e}" for e in entry.get("page_errors", [])]]


def failed_loads(report: dict) -> list[Problem]:
    """Pages that did not load, and the images, scripts, stylesheets and fonts of the site that failed."""
    found = []
    for page, entry in report["pages"].items():
        if (entry.get("status") or 200) >= 400:
            found.append(Problem("failed load", page, f"the page itself: HTTP {entry['status']}"))
        found += [Problem("failed load", page, f"{f['type']} {f['url']}: {f['error']}") for f in entry.get("failed", [])]
    return found


def broken_links(report: dict, html: Path) -> list[Problem]:
    """Links of the pages as the browser shows them: each must name a file of the site, and each
    fragment an id of that page once it is loaded."""
    ids = {page: set(entry.get("ids", [])) for page, entry in report["pages"].items() if "redirect" not in entry}
    return [problem for page, entry in report["pages"].items() for link in entry.get("links", [])
            for problem in _link_problems(html, page, link["href"], _in_site(html, html, "/" + link["path"]),
                                          link["fragment"], ids)]


def book_pages(site: Path) -> list[str]:
    """The html pages of every entry of the staged table of contents."""
    toc = yaml.safe_load((site / "_toc.yml").read_text(encoding="utf-8"))
    return [f"{Path(file).with_suffix('')}.html" for file in toc_files(toc)]


def no_navigation(report: dict, site: Path) -> list[Problem]:
    """Every page of the table of contents shows the book's navigation (the primary sidebar's
    ``nav.bd-docs-nav`` with its links)."""
    found = []
    for page in book_pages(site):
        entry = report["pages"].get(page)
        if entry is None:
            found.append(Problem("no navigation", page, "the page is not in the built site"))
        elif not entry.get("navigation", {}).get("present"):
            found.append(Problem("no navigation", page, "no nav.bd-docs-nav with links in .bd-sidebar-primary"))
    return found


class Glue(NamedTuple):
    key: str
    kind: str  # "any", "text" or "md"
    doc: Path | None  # the notebook that glued it
    spec: str  # glue:text's format specification


def _source_text(source: Path) -> str:
    if source.suffix == ".ipynb":
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return source.read_text(encoding="utf-8")


def staged_source(site: Path, page: str) -> Path | None:
    """The staged Markdown page or notebook that ``page`` (an html path of the site) is built from."""
    stem = site / Path(page).with_suffix("")
    return next((s for s in (stem.with_suffix(".md"), stem.with_suffix(".ipynb")) if s.is_file()), None)


def glue_references(site: Path) -> dict[str, list[Glue]]:
    """Page -> every glue reference of its staged source, in order."""
    found = {}
    for page in book_pages(site):
        source = staged_source(site, page)
        if source is None:
            continue
        own = source if source.suffix == ".ipynb" else None
        refs = []
        lines = _source_text(source).splitlines()
        for i, line in enumerate(lines):
            directive = GLUE_DIRECTIVE.match(line)
            if directive:
                options = [m for m in map(GLUE_DOC.match, lines[i + 1:i + 3]) if m]
                doc = options[0].group(1) if options else None
                refs.append(Glue(directive.group(2), directive.group(1) or "any",
                                 source.parent / doc if doc else own, ""))
                continue
            for kind, content in GLUE_ROLE.findall(line):
                doc, _, key = content.rpartition("::")
                key, _, spec = key.partition(":") if kind == "text" else (key, "", "")
                refs.append(Glue(key, kind or "any", source.parent / doc if doc else own, spec))
        if refs:
            found[page] = refs
    return found


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _bare(text: str) -> str:
    """Text without whitespace: the browser and the HTML source differ only there."""
    return "".join(text.split())


def glued_data(glue: Glue) -> dict[str, str] | None:
    """What the notebook glued under ``glue``'s key, by MIME type; None when no notebook glued such a key."""
    if glue.doc is None or not glue.doc.is_file():
        return None
    for cell in json.loads(glue.doc.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            if record.get("name") == glue.key:
                prefix = record.get("mime_prefix", "")
                return {k[len(prefix):]: "".join(v) if isinstance(v, list) else v
                        for k, v in output.get("data", {}).items() if k.startswith(prefix)}
    return None


def glued_text(glue: Glue) -> str | None:
    """The text the page must show for ``glue``, without whitespace; None when no notebook glued
    such a key."""
    data = glued_data(glue)
    if data is None:
        return None
    plain = data.get("text/plain", "")
    if glue.kind == "text":
        try:
            return _bare(format(ast.literal_eval(plain), glue.spec) if glue.spec else plain)
        except (ValueError, SyntaxError, TypeError):
            return _bare(plain)
    if "text/html" in data:
        parser = _Text()
        parser.feed(data["text/html"])
        return _bare("".join(parser.parts))
    return _bare(data.get("text/markdown", plain))


def missing_glue(report: dict, site: Path) -> list[Problem]:
    """Every glue reference of the staged sources shows on its page as the non-empty text its
    notebook glued: myst-nb leaves nothing where a key is missing. ``{glue}`` and ``{glue:text}``
    render as marked elements (``.output.text_html``, ``.pasted-text``), ``{glue:md}`` as plain
    page text."""
    found = []
    for page, refs in glue_references(site).items():
        entry = report["pages"].get(page, {})
        glued = [_bare(g["text"]) for g in entry.get("glued", [])]
        text = _bare(entry.get("text", ""))
        for glue in refs:
            want = glued_text(glue)
            where = f"{glue.doc.name}::{glue.key}" if glue.doc else glue.key
            if glue.doc is None:
                found.append(Problem("missing glue", page,
                                     f"{where}: no notebook to paste from (a Markdown page needs :doc: or doc::key)"))
            elif want is None:
                found.append(Problem("missing glue", page, f"{where}: no such glued output in the staged notebook"))
            elif not want:
                found.append(Problem("missing glue", page, f"{where}: glued as empty text"))
            elif not (want in text if glue.kind == "md" else any(want in g for g in glued)):
                found.append(Problem("missing glue", page, f"{where}: not shown on the page"))
    return found


TABLE_DELIMITER = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")


def table_cells(row: str) -> list[str]:
    """The cells of one row of a Markdown table, split as markdown-it (MyST's parser) splits them: at
    every pipe that does not follow a backslash, the pipes that open and close the row dropped."""
    text = row.strip()
    cells, current = [], ""
    for i, ch in enumerate(text):
        if ch == "|" and (i == 0 or text[i - 1] != "\\"):
            cells.append(current)
            current = ""
        else:
            current += ch
    cells.append(current)
    if text.startswith("|"):
        cells = cells[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        cells = cells[:-1]
    return cells


FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def table_problems(markdown: str) -> list[str]:
    """Every row of a Markdown table in ``markdown`` whose cells are not as many as its header's (tables
    shown as code, in fenced blocks, are left alone). A ``|`` left unescaped in a value ends its cell
    there and pushes the rest into the next columns; the renderer then drops the cells beyond the
    header's, so the page shows a table of the right width with text in the wrong columns: only the
    source's count of cells tells."""
    found, lines, fence, i = [], markdown.splitlines(), None, 0
    while i < len(lines):
        opened = FENCE.match(lines[i])
        if opened and (fence is None or opened.group(1).startswith(fence)):
            fence = opened.group(1)[:3] if fence is None else None
            i += 1
            continue
        header = lines[i]
        if fence is not None or i + 1 == len(lines) or "|" not in header or "|" not in lines[i + 1] \
                or not TABLE_DELIMITER.match(lines[i + 1].strip()):
            i += 1
            continue
        want, j = len(table_cells(header)), i + 2
        while j < len(lines) and lines[j].strip() and "|" in lines[j]:  # a table runs to a blank line
            if (got := len(table_cells(lines[j]))) != want:
                found.append(f"row {j - i - 1} of the table under '{header.strip()[:60]}': {got} cells under a "
                             f"header of {want}: {lines[j].strip()[:100]}")
            j += 1
        i = j
    return found


def broken_tables(site: Path) -> list[Problem]:
    """Every Markdown table of the staged pages and of what their notebooks glued has, in every row,
    as many cells as its header (:func:`table_problems`)."""
    found = []
    for page in book_pages(site):
        source = staged_source(site, page)
        if source is not None:
            found += [Problem("broken table", page, detail) for detail in table_problems(_source_text(source))]
    for page, refs in glue_references(site).items():
        for glue in refs:
            markdown = (glued_data(glue) or {}).get("text/markdown", "")
            found += [Problem("broken table", page, f"{glue.doc.name}::{glue.key}: {detail}")
                      for detail in table_problems(markdown)]
    return found


def tabs(report: dict) -> list[Problem]:
    """The framework tabs: chapter 1's start on PyTorch, one click turns them all to TensorFlow, and
    chapter 2's page opens on TensorFlow."""
    result = report["tabs"]
    if result.get("error"):
        return [Problem("tabs", result["page"], result["error"])]
    return [Problem("tabs", s["page"], f"want every tab set on {s['want']}, shown {s['shown']} ({s['screenshot']})")
            for s in result["steps"] if not s["ok"]]


def problems(report: dict, html: Path, site: Path) -> list[Problem]:
    """Every problem of the site, offline and in the browser, each once, in order of kind and page."""
    found = links(html)[0] + console_errors(report) + failed_loads(report) + broken_links(report, html)
    found += no_icon(html) + no_description(html)
    found += no_navigation(report, site) + missing_glue(report, site) + broken_tables(site) + tabs(report)
    return sorted(set(found), key=lambda p: (KINDS.index(p.kind), p.page, p.detail))


def external_requests(report: dict) -> dict[str, int]:
    """Each URL outside 127.0.0.1 that pages asked for (blocked), with the number of pages."""
    counts: dict[str, int] = {}
    for entry in report["pages"].values():
        for url in {r["url"] for r in entry.get("external", [])}:
            counts[url] = counts.get(url, 0) + 1
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    default = build_paths()
    parser = argparse.ArgumentParser(prog="python -m utils.pipeline.site_check", description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=default["html"], help="the built site (default %(default)s)")
    parser.add_argument("--site", type=Path, default=default["site"], help="the staged sources (default %(default)s)")
    parser.add_argument("--screenshots", type=Path, default=default["screenshots"], help="default %(default)s")
    args = parser.parse_args(argv)
    for folder, what in ((args.html, "index.html"), (args.site, "_toc.yml")):
        if not (folder / what).is_file():
            print(f"error: no {what} in {folder}: run `make book` first", file=sys.stderr)
            return 2
    started = time.perf_counter()
    try:
        report = run(args.html, args.screenshots)
    except browser.NotRunHere as exc:
        print(f"error: the browser cannot run here: {exc}", file=sys.stderr)
        return 2
    found = problems(report, args.html, args.site)
    seconds = time.perf_counter() - started
    print(f"browser: {report['browser']['executable']} ({report['browser']['version']})")
    for url, count in external_requests(report).items():
        print(f"note: blocked request outside the site, on {count} page(s): {url}")
    for problem in found:
        print(problem)
    print(f"{len(report['pages'])} pages checked in {seconds:.1f} s (browser {report['seconds']:.1f} s): "
          f"{len(found)} problem(s); screenshots and report in {args.screenshots}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
