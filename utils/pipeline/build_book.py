"""Render the executed notebooks into the static site, without running any of them again.

    python -m utils.pipeline.build_book
    python -m utils.pipeline.build_book --only 01-foundations     (a preview of some chapters)

It stages the book's pages and the executed notebooks in ``_build/site/``, writes
the status page from ``_build/run-log.json`` and the result files, and runs
jupyter-book there with execution off and warnings as errors. The site lands in
``_build/html/`` (for another ``BOOK_BUILD_DIR``, in its ``jupyter-book/_build/html/``). The
scorecard page is written from ``claims.yml`` and the result files (``utils/scorecard.py``); a claim
whose notebook did not run without error in this build reads *not run*.
A notebook that did not run is still rendered (from its clean source) and shown as
such on the status page; the exit status is then 1. Chapter 6's browser demo
(``chapters/06-deployment/demo``) is copied into the built site with the runtimes of
``web/node_modules`` and the model files the chapter's notebooks exported, so a reader can
run both models in their own browser.

``--only`` renders the introduction and the chapters named, with the status rows and the claims of
those chapters alone, and records no history: a preview of a chapter being written, whose other
chapters need not have run.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import yaml

from .. import claims, paths, scorecard
from ..chapters import ch06_browser as browser
from ..chapters.ch06_browser import DEMO
from . import notebooks as nbs
from . import history, pages, side_by_side, status

BOOK_FILES = ("_config.yml", "_toc.yml", "intro.md", "_ext", "_extra")


def toc_files(toc: dict) -> list[str]:
    """Every ``file:`` entry of a jupyter-book table of contents, in order."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    found.append(toc["root"])
    walk({k: v for k, v in toc.items() if k != "root"})
    return found


def sync(staged: Path, site: Path) -> None:
    """Make ``site`` hold exactly what ``staged`` holds, rewriting only the files whose bytes changed:
    Sphinx then reads again only the pages that changed since the last build. ``staged`` goes."""
    wanted = {p.relative_to(staged) for p in staged.rglob("*") if p.is_file()}
    for rel in wanted:
        target = site / rel
        if not target.is_file() or target.read_bytes() != (staged / rel).read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staged / rel, target)  # a new modification time: Sphinx sees the change
    for old in [p for p in site.rglob("*") if p.is_file() and p.relative_to(site) not in wanted]:
        old.unlink()
    shutil.rmtree(staged)


def chosen(chapter: str, chapters: set[str]) -> bool:
    """Whether ``chapter`` is one of ``chapters`` or a section inside one (``05-performance/scalability``)."""
    return any(chapter == c or chapter.startswith(f"{c}/") for c in chapters)


def only_chapters(toc: dict, chapters: set[str]) -> dict:
    """The table of contents without the chapters that are not in ``chapters`` (top-level folder names)."""
    def kept(entry: dict) -> bool:
        parts = entry.get("file", "").split("/")
        return not (len(parts) > 1 and parts[0] == "chapters" and parts[1] not in chapters)

    return {**toc, "parts": [{**part, "chapters": [c for c in part["chapters"] if kept(c)]} for part in toc["parts"]]}


def stage(build: Path, only: set[str] | None = None) -> tuple[Path, list[str]]:
    """Copy pages and executed notebooks into ``build/site`` and write each chapter's
    side-by-side page; return the folder and the notebooks that were not executed. With ``only``
    (chapter folder names), the table of contents keeps those chapters alone."""
    site = build / "site-staging"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    for name in BOOK_FILES:
        source = paths.ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, site / name)
    (site / "_static").mkdir()  # Sphinx's static folder, where generated figures go
    shutil.copytree(paths.CHAPTERS, site / "chapters", ignore=shutil.ignore_patterns("*.ipynb", ".*", DEMO.name))
    every = [nb for nb in nbs.discover() if only is None or chosen(nb.chapter, only)]
    if only is not None:
        toc = yaml.safe_load((site / "_toc.yml").read_text(encoding="utf-8"))
        (site / "_toc.yml").write_text(yaml.safe_dump(only_chapters(toc, only), sort_keys=False), encoding="utf-8")
    for chapter in sorted({nb.path.parent for nb in every}):
        target = site / "chapters" / chapter.relative_to(paths.CHAPTERS) / f"{side_by_side.PAGE_NAME}.md"
        target.write_text(side_by_side.page(chapter), encoding="utf-8")
    log = claims.read_run_log(build) or {"notebooks": {}}
    for chapter in sorted({nb.path.parent for nb in every}):
        with (site / "chapters" / chapter.relative_to(paths.CHAPTERS) / "index.md").open("a", encoding="utf-8") as index:
            index.write(pages.index_note([nb for nb in every if nb.path.parent == chapter], log))
    missing = []
    for nb in every:
        executed = build / "executed" / f"{nb.id}.ipynb"
        target = site / "chapters" / f"{nb.id}.ipynb"
        shutil.copy2(nb.path, target.with_name(nb.path.stem + pages.SOURCE_SUFFIX))
        if not executed.exists():
            missing.append(nb.id)
        notebook = json.loads((executed if executed.exists() else nb.path).read_text(encoding="utf-8"))
        page = pages.annotate(notebook, nb, log["notebooks"].get(nb.id), executed.exists())
        target.write_text(json.dumps(page, indent=1, ensure_ascii=False), encoding="utf-8")
    sync(site, build / "site")
    return build / "site", missing


def copy_demo(build: Path, html: Path) -> str | None:
    """Put chapter 6's browser demo into the built site, with the model files its two notebooks
    exported for the browser, and open its pages in headless Chromium: every runtime must answer.
    Returns what went wrong, or None. On a machine without Node or a browser the demo cannot be
    staged or opened: that is said, and the site is built without it."""
    exported = [build / "deploy" / fw / "web" for fw in ("pytorch", "tensorflow")]
    absent = [str(p.relative_to(build)) for p in exported if not p.is_dir()]
    if absent:
        return (f"no models for the browser demo in {', '.join(absent)}: chapter 6's notebooks write them "
                "when they run their browser rows")
    models = build / "deploy" / "site-models"
    shutil.rmtree(models, ignore_errors=True)
    for folder in exported:
        shutil.copytree(folder, models, dirs_exist_ok=True)
    try:
        demo = browser.stage(html / DEMO.relative_to(paths.ROOT), models)
        opened = browser.run(demo, repeats=3, warmup=1, timeout_s=120)
    except browser.NotRunHere as exc:
        print(f"warning: the site has no working browser demo on this machine: {exc}", file=sys.stderr)
        return None
    broken = [f"{page}: {result['error']}" for page, result in opened["pages"].items() if result.get("error")]
    broken += [f"{page}/{name}: {r['error']}" for page, result in opened["pages"].items()
               for name, r in result["runtimes"].items() if not r["ok"]]
    return f"the browser demo in the site fails: {'; '.join(broken)}" if broken else None


def of_chapters(registry: claims.Registry, chapters: set[str]) -> claims.Registry:
    """The registry with the claims of ``chapters`` alone, and the advice that they answer."""
    kept = tuple(c for c in registry.claims if chosen(paths.chapter_of(c.notebook), chapters))
    ids = {c.id for c in kept}
    guide = tuple(replace(g, claims=tuple(c for c in g.claims if c in ids), against=tuple(c for c in g.against if c in ids))
                  for g in registry.guide)
    return replace(registry, claims=kept, guide=tuple(g for g in guide if g.claims or g.against))


def render(site: Path, out: Path) -> tuple[int, Path]:
    """Run jupyter-book on the staged ``site`` (execution off, warnings as errors); return its exit
    status and the folder of the HTML, ``out/_build/html``."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    code = subprocess.call([str(jupyter_book), "build", str(site), "--path-output", str(out), "-W", "--keep-going"])
    return code, out / "_build" / "html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.pipeline.build_book", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", default=None, metavar="CHAPTER",
                        help="render these chapters alone, with their sections (folder names, e.g. 05-performance)")
    args = parser.parse_args(argv)
    build = paths.build_dir()
    only = set(args.only) if args.only else None
    unknown = sorted(c for c in (only or set()) if "/" in c or not (paths.CHAPTERS / c / "index.md").is_file())
    if unknown:
        print(f"error: --only {', '.join(unknown)}: not a chapter of the book (a folder of chapters/, "
              "which brings its sections)", file=sys.stderr)
        return 2
    site, missing = stage(build, only)
    if only is None:
        history.record(build)
    shown = [nb for nb in nbs.discover() if only is None or chosen(nb.chapter, only)]
    (site / "status.md").write_text(status.page(build, missing, shown), encoding="utf-8")
    try:
        registry = claims.load()
        if only is not None:
            registry = of_chapters(registry, only)
        resolved = claims.resolve(registry, paths.results_dir(), claims.read_run_log(build))
    except claims.RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    (site / "scorecard.md").write_text(scorecard.page(registry, resolved), encoding="utf-8")
    scorecard.figure(registry, resolved, site / scorecard.FIGURE)
    toc = yaml.safe_load((site / "_toc.yml").read_text(encoding="utf-8"))
    absent = [f for f in toc_files(toc) if not any((site / f"{f}{ext}").exists() for ext in ("", ".md", ".ipynb"))]
    if absent:
        print(f"error: _toc.yml lists files that do not exist: {', '.join(absent)}", file=sys.stderr)
        return 2
    # jupyter-book writes to <path-output>/_build/html: the default build folder's parent
    # puts the site at _build/html itself.
    out = build.parent if build.name == "_build" else build / "jupyter-book"
    code, html = render(site, out)
    demo = copy_demo(build, html) if code == 0 and (only is None or DEMO.parent.name in only) else None
    if demo:
        print(f"error: {demo}", file=sys.stderr)
    if missing:
        print(f"error: not executed, rendered without outputs: {', '.join(missing)}", file=sys.stderr)
    print(f"site: {html / 'index.html'}" if code == 0 else f"error: jupyter-book exited {code}", file=sys.stderr)
    return 1 if code or missing or demo else 0


if __name__ == "__main__":
    sys.exit(main())
