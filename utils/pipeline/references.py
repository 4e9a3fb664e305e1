"""The nbval references: the ``ci``-profile notebooks, executed once and committed.

    python -m utils.pipeline.references        (or: make references)
    python -m utils.pipeline.references --only 01-foundations

It executes every notebook with the ``ci`` profile into ``_build/references/`` and,
only when all of them succeed, writes a copy of each executed notebook to
``tests/reference/<chapter>/<name>.ipynb`` with what does not belong in a diff taken
out: images, the outputs of cells tagged ``nbval-ignore-output`` (timings) and
papermill's timestamps. Execution counts stay: nbval skips a cell that has none. ``make test`` runs nbval on these copies: it
executes each again and fails on any checked output that is not what was committed.
So a change that alters a deterministic result (a helper edit, a library bump) fails
the tests until the references are regenerated, and the regenerated diff is reviewed
like code.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat

from .. import paths
from . import notebooks as nbs

REFERENCES = paths.ROOT / "tests" / "reference"
PROFILE = "ci"
IGNORE = "nbval-ignore-output"
INJECTED = "injected-parameters"
IMAGES = ("image/png", "image/jpeg", "image/svg+xml")
SANITIZE = paths.ROOT / "tests" / "sanitize.cfg"


def sanitizers() -> list[tuple[re.Pattern, str]]:
    """The replacements nbval applies before it compares (``tests/sanitize.cfg``, read by nbval's
    own parser): applied to the references too, so what varies by itself (time stamps, addresses)
    never reaches their diff."""
    from nbval.plugin import get_sanitize_patterns

    return [(re.compile(regex), replace) for regex, replace in get_sanitize_patterns(SANITIZE.read_text())]


def reference_path(nb_id: str) -> Path:
    return REFERENCES / f"{nb_id}.ipynb"


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The executed notebook without images, ignored outputs, timestamps, random cell ids and
    split streams, its printed text sanitized as nbval sanitizes it."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    patterns = sanitizers()
    for index, cell in enumerate(nb.cells):
        if "id" in cell:
            cell.id = f"cell-{index}"  # papermill draws new random ids on every run: keep them out of the diff
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if IGNORE in cell.metadata.get("tags", []):
            cell.outputs = []
            continue
        cell.outputs = coalesce_streams(cell.outputs)
        for out in cell.outputs:
            if out.get("output_type") == "stream":
                for pattern, replace in patterns:
                    out["text"] = pattern.sub(replace, out["text"])
        for out in cell.outputs:
            for mime in IMAGES:
                out.get("data", {}).pop(mime, None)
    return nb


def coalesce_streams(outputs: list) -> list:
    """Join each run of stream outputs to the same stream into one, as nbval does before it
    compares: the kernel splits a printed line into chunks differently from run to run."""
    joined = []
    for out in outputs:
        if out.get("output_type") == "stream" and joined and joined[-1].get("output_type") == "stream" \
                and joined[-1].get("name") == out.get("name"):
            joined[-1]["text"] += out["text"]
        else:
            joined.append(out)
    return joined


def source_cells(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(cell type, source) of every cell but papermill's injected parameters: what must
    match between a reference and its source notebook."""
    return [(c.cell_type, c.source) for c in nb.cells if INJECTED not in c.metadata.get("tags", [])]


KEPT = ("inductor-cache",)  # compiled code, reused across runs: it changes no output


def clean(build: Path) -> None:
    """Empty the build folder but its caches: nbval replays the references in an empty folder
    (``make test``), so no notebook may find files that an earlier run left there."""
    if build.is_dir():
        for entry in build.iterdir():
            if entry.name not in KEPT:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.pipeline.references", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", default=[], metavar="NOTEBOOK",
                        help="rewrite the references of these notebooks only (ids, chapters or globs); "
                             "what they need runs too")
    args = parser.parse_args(argv)
    build = paths.ROOT / "_build" / "references"
    clean(build)
    os.environ["BOOK_BUILD_DIR"] = str(build)
    from . import execute

    code = execute.main(["--profile", PROFILE, "--jobs", "2", *(["--only", *args.only] if args.only else [])])
    if code != 0:
        print("error: not every notebook ran; tests/reference/ was left as it was", file=sys.stderr)
        return code
    every = nbs.discover()
    for nb in execute.select(every, args.only):
        executed = nbformat.read(build / "executed" / f"{nb.id}.ipynb", as_version=4)
        target = reference_path(nb.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(strip(executed), target)
    print(f"wrote {REFERENCES.relative_to(paths.ROOT)}/: review the diff (git diff --stat tests/reference) before committing it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
