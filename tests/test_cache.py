"""The runner reuses a notebook only when nothing it depends on changed: read from its run log."""
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell

from test_runner import SAVE, write_notebook
from utils.pipeline import build_book, cache, pages
from utils.pipeline import notebooks as nbs

pytestmark = pytest.mark.slow(seconds=30)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def book(tmp_path):
    """Three notebooks that import different parts of a copy of the kit, and a comparison."""
    shutil.copytree(ROOT / "utils", tmp_path / "utils", ignore=shutil.ignore_patterns("__pycache__"))
    chapters = tmp_path / "chapters"
    write_notebook(chapters / "01-a" / "seeded.ipynb", "from utils.seeding import seed_everything\nprint('v1')\n" + SAVE,
                   "01-a/seeded")
    write_notebook(chapters / "01-a" / "loads.ipynb", "from utils.chapters import ch05_workloads\n" + SAVE, "01-a/loads")
    write_notebook(chapters / "01-a" / "compare.ipynb", SAVE, "01-a/compare", needs=["01-a/seeded"])
    write_notebook(chapters / "02-b" / "other.ipynb", SAVE, "02-b/other")
    (tmp_path / "profiles.yml").write_text("ci: {}\nfull: {}\n")
    return tmp_path


@pytest.fixture
def run(book, execute):
    def go(*args):
        out = execute(book / "_build", "--chapters", str(book / "chapters"), "--profiles", str(book / "profiles.yml"),
                      "--kit", str(book / "utils"), "--jobs", "2", *args)
        assert out.returncode == 0, out.stdout + out.stderr
        return out
    return go


def executed(book: Path) -> set[str]:
    """The notebooks the latest run executed, as its run log says."""
    log = json.loads((book / "_build" / "run-log.json").read_text())
    return {nb for nb, entry in log["notebooks"].items()
            if entry["build"] == log["build"]["started_at"] and not entry["reused"]}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_the_key_follows_the_kit_modules_a_notebook_imports(book):
    loads = nbs.load(book / "chapters" / "01-a" / "loads.ipynb", book / "chapters")
    assert {"chapters.ch05_workloads", "data", "results", "paths"} <= set(cache.kit_modules(loads.path, book / "utils"))
    assert "seeding" not in cache.kit_modules(loads.path, book / "utils")


def test_only_what_an_edit_touches_runs_again(book, run):
    every = {"01-a/seeded", "01-a/loads", "01-a/compare", "02-b/other"}
    run()
    assert executed(book) == every
    out = run()
    assert executed(book) == set()
    assert "4 ok (4 reused, 0 executed)" in out.stdout
    # a markdown edit: only that notebook
    path = book / "chapters" / "02-b" / "other.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(new_markdown_cell("What to notice: nothing yet."))
    nbformat.write(nb, path)
    run()
    assert executed(book) == {"02-b/other"}
    # a function of the kit: every notebook that imports it, here through utils.chapters.ch05_workloads
    edit(book / "utils" / "data.py", "def to_784(", "def to_784(  ")
    run()
    assert executed(book) == {"01-a/loads"}
    # and the notebooks that need one that ran again, since they read its new results
    edit(book / "utils" / "seeding.py", "def seed_everything(", "def seed_everything(  ")
    run()
    assert executed(book) == {"01-a/seeded", "01-a/compare"}
    run("--force", "--only", "02-b")
    assert executed(book) == {"02-b/other"}


def outputs_of(book: Path, nb_id: str) -> str:
    executed_copy = nbformat.read(book / "_build" / "executed" / f"{nb_id}.ipynb", as_version=4)
    return "".join(o.get("text", "") for c in executed_copy.cells for o in c.get("outputs", []))


def rendered(book: Path, nb_id: str) -> str:
    """The page the site makes of the executed copy: staged as build_book stages it, rendered by jupyter-book."""
    site = book / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    for name in build_book.BOOK_FILES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, site / name)
    (site / "_static").mkdir()
    nb = nbs.load(book / "chapters" / f"{nb_id}.ipynb", book / "chapters")
    (site / "_toc.yml").write_text(f"format: jb-book\nroot: {nb.path.stem}\n")
    executed_copy = json.loads((book / "_build" / "executed" / f"{nb_id}.ipynb").read_text())
    log = json.loads((book / "_build" / "run-log.json").read_text())
    page = pages.annotate(executed_copy, nb, log["notebooks"][nb_id], executed=True)
    (site / nb.path.name).write_text(json.dumps(page))
    shutil.copy(nb.path, site / f"{nb.path.stem}{pages.SOURCE_SUFFIX}")
    code, html = build_book.render(site, book / "out")
    assert code == 0
    return (html / f"{nb.path.stem}.html").read_text()


def test_a_stale_entry_is_never_used(book, run, execute):
    only = ("--only", "01-a/seeded")
    run(*only)
    source = book / "chapters" / "01-a" / "seeded.ipynb"
    edit(source, "print('v1')", "print('v2')")
    run(*only)
    assert executed(book) == {"01-a/seeded"} and "v2" in outputs_of(book, "01-a/seeded")
    page = rendered(book, "01-a/seeded")
    assert "v2" in page and "v1" not in page
    run(*only, "-p", "seed=3")  # another parameter set
    assert executed(book) == {"01-a/seeded"}
    assert json.loads((book / "_build" / "results" / "01-a" / "seeded.json").read_text())["params"] == {"seed": 3}
    run(*only, "-p", "seed=3")
    assert executed(book) == set()
    (book / "_build" / "results" / "01-a" / "seeded.json").write_text('{"another": "run"}')  # not what the run left
    run(*only, "-p", "seed=3")
    assert executed(book) == {"01-a/seeded"}
