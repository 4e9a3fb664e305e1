"""Start a chapter: one command writes a runnable chapter and its entries in the book's lists.

    python -m utils.pipeline.new_chapter 10-serving "Serving models"

It writes, from ``utils/pipeline/chapter_template/``:

- ``chapters/NN-slug/``: ``index.md``; ``pytorch.ipynb`` and ``tensorflow.ipynb``, the pair, each with
  the install cell, the parameters cell, the setup and validation cell, a placeholder measurement (the
  sum of one seeded vector) and the results cell; ``compare.ipynb``, which decides a placeholder claim
  and glues its verdict for ``index.md``;
- ``utils/chapters/chNN_decisions.py``: the function that decides the placeholder claim, whose
  docstring is its rule, with the made-up records that reach each of its verdicts;
- ``tests/fixtures/contradicted/NN-slug/``: ``disagree.py`` and ``expected.json``, from which
  ``make_fixtures.py`` writes the results built to disagree after a ``ci`` run of the pair;

and adds the pair's ``ci`` entries to ``profiles.yml``, a stub claim to ``claims.yml`` and the chapter
to ``_toc.yml`` (before the scorecard). The chapter runs, is tested and renders as it is; what to fill
in is marked "to fill in", and the command prints the steps that follow (CONTRIBUTING.md, "Adding a
chapter"). A bad name, a number or folder already taken, or a list whose layout it does not recognise
stops it before it writes anything; a failure while writing undoes what it wrote.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from .. import paths
from . import bootstrap
from .notebooks import discover

TEMPLATE = Path(__file__).resolve().parent / "chapter_template"
NAME = re.compile(r"^(\d{2})-([a-z][a-z0-9]*(?:-[a-z0-9]+)*)$")
PAIR = ("pytorch", "tensorflow")
PLACEHOLDER_KEY = "placeholder_sum"


class ChapterError(ValueError):
    """The chapter cannot be added as asked."""


def fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    return text


def fill_notebook(source: Path, values: dict[str, str]) -> str:
    """The template notebook with its placeholders filled in its cells and metadata (inside the
    JSON strings, so a title with quotes stays valid JSON)."""
    def walk(node):
        if isinstance(node, str):
            return fill(node, values)
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, dict):
            return {key: walk(item) for key, item in node.items()}
        return node

    return json.dumps(walk(json.loads(source.read_text(encoding="utf-8"))), indent=1, ensure_ascii=False) + "\n"


def insert_before(text: str, marker: str, addition: str, where: str) -> str:
    """``text`` with ``addition`` before the line that is exactly ``marker``."""
    lines = text.splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if line.rstrip("\n") == marker]
    if len(at) != 1:
        raise ChapterError(f"{where}: expected one line {marker!r} to add the chapter before, found {len(at)}")
    return "".join(lines[:at[0]]) + addition + "".join(lines[at[0]:])


def edits(chapter: str, number: str, slug: str, title: str, root: Path) -> dict[Path, str]:
    """The new text of each list the chapter joins: profiles.yml, claims.yml, _toc.yml."""
    profiles = root / "profiles.yml"
    claims = root / "claims.yml"
    toc = root / "_toc.yml"
    entries = "".join(f"          - file: chapters/{chapter}/{page}\n" for page in (*PAIR, "compare", "side-by-side"))
    return {
        profiles: insert_before(
            profiles.read_text(encoding="utf-8"), "full:",
            f"  {chapter}/pytorch: &ch{number}-ci {{size: 1000}}\n  {chapter}/tensorflow: *ch{number}-ci\n",
            "profiles.yml"),
        claims: insert_before(
            claims.read_text(encoding="utf-8"), "untested:",
            f"  # {int(number)} {title}\n"
            f"  - id: {slug.replace('-', '_')}.{PLACEHOLDER_KEY}\n"
            f"    claim: \"To fill in: the article's claim, in our own words\"\n"
            f"    article: A\n"
            f"    section: \"to fill in: the section that makes it\"\n"
            f"    notebook: {chapter}/compare\n"
            f"    key: {PLACEHOLDER_KEY}\n"
            f"    decided_by: utils.chapters.ch{number}_decisions.{PLACEHOLDER_KEY}\n\n",
            "claims.yml"),
        toc: insert_before(
            toc.read_text(encoding="utf-8"), "      - file: scorecard",
            f"      - file: chapters/{chapter}/index\n        sections:\n{entries}", "_toc.yml"),
    }


def files(chapter: str, values: dict[str, str], root: Path) -> dict[Path, str]:
    """The new files: the chapter's folder and its fixture folder."""
    folder = root / "chapters" / chapter
    fixture = root / "tests" / "fixtures" / "contradicted" / chapter
    made = {folder / "index.md": fill((TEMPLATE / "index.md").read_text(encoding="utf-8"), values)}
    made |= {folder / f"{name}.ipynb": fill_notebook(TEMPLATE / f"{name}.ipynb", values) for name in (*PAIR, "compare")}
    made[root / "utils" / "chapters" / f"ch{values['number']}_decisions.py"] = fill(
        (TEMPLATE / "decisions.py").read_text(encoding="utf-8"), values)
    made[fixture / "disagree.py"] = fill((TEMPLATE / "disagree.py").read_text(encoding="utf-8"), values)
    made[fixture / "expected.json"] = json.dumps({PLACEHOLDER_KEY: "contradicted"}, indent=2) + "\n"
    return made


def create(chapter: str, title: str, root: Path = paths.ROOT) -> list[Path]:
    """Write the chapter into the book at ``root``; returns the files written or changed."""
    match = NAME.match(chapter)
    if not match:
        raise ChapterError(f"chapter {chapter!r}: expected NN-slug, two digits and a lowercase slug "
                           "of letters, digits and hyphens (e.g. 10-serving)")
    title = " ".join(title.split())
    if not title:
        raise ChapterError("the title is empty")
    number, slug = match.groups()
    taken = sorted(p.name for p in (root / "chapters").iterdir() if p.is_dir() and p.name[:2] == number)
    if taken:
        raise ChapterError(f"chapter {chapter!r}: number {number} is taken by {', '.join(taken)}")
    values = {"chapter": chapter, "number": number, "number_plain": str(int(number)), "title": title,
              "key": PLACEHOLDER_KEY}
    changed = edits(chapter, number, slug, title, root)
    made = files(chapter, values, root)
    existing = [p for p in made if p.exists()]
    if existing:
        raise ChapterError(f"{existing[0].relative_to(root)} already exists")
    originals = {path: path.read_text(encoding="utf-8") for path in changed}
    folders = [root / "chapters" / chapter, root / "tests" / "fixtures" / "contradicted" / chapter]
    try:
        for path, text in made.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        url = bootstrap.repository()
        for name in (*PAIR, "compare"):
            bootstrap.write(root / "chapters" / chapter / f"{name}.ipynb", url)
        for path, text in changed.items():
            path.write_text(text, encoding="utf-8")
        discover(root / "chapters")  # the new notebooks must read as the runner reads them
    except BaseException:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        (root / "utils" / "chapters" / f"ch{number}_decisions.py").unlink(missing_ok=True)
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        raise
    return [*made, *changed]


NEXT = """Next, for chapter {chapter}:
  1. Fill in what says "to fill in": index.md, the pair's claim and experiment (same headings, same
     parameter names in both), the decisions in utils/chapters/ch{number}_decisions.py (one function per
     claim, its docstring the rule, OUTCOMES reaching each verdict) and compare.ipynb's call of them,
     the claim in claims.yml (one entry per verdict key, decided_by naming its function), and
     disagree.py with expected.json in tests/fixtures/contradicted/{chapter}/.
  2. Run the pair and its comparison:   .venv/bin/python -m utils.pipeline.execute --profile ci --only {chapter}
  3. Build its results to disagree:      .venv/bin/python tests/fixtures/contradicted/make_fixtures.py _build/results {chapter}
  4. Write its nbval references:         .venv/bin/python -m utils.pipeline.references --only {chapter}
  5. See it in the book:                 .venv/bin/python -m utils.pipeline.build_book --only {chapter}
  6. make test"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.pipeline.new_chapter", description=__doc__.split("\n\n")[0])
    parser.add_argument("chapter", help="the chapter's folder name, NN-slug (e.g. 10-serving)")
    parser.add_argument("title", help="the chapter's title, as the table of contents shows it")
    args = parser.parse_args(argv)
    try:
        written = create(args.chapter, args.title)
    except ChapterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(f"wrote {p.relative_to(paths.ROOT)}" for p in written))
    print(NEXT.format(chapter=args.chapter, number=args.chapter[:2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
