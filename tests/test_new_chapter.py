"""``python -m utils.pipeline.new_chapter``: in a copy of the book, the chapter it writes runs, passes
``make test``'s checks for a chapter and renders in the book, before anyone has filled it in."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from utils.pipeline import new_chapter

pytestmark = pytest.mark.slow(seconds=55)

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "10-example"
LEFT_OUT = shutil.ignore_patterns(".git", ".venv", "_build", "node_modules", "__pycache__", ".pytest_cache", "*.egg-info")


def run(book: Path, *command: str, build: str = "_build/references") -> subprocess.CompletedProcess:
    """A command in the copy, with the copy's kit first on the path of every process it starts, kernels
    included (which start in a chapter's folder, where only the editable install, the checkout's kit,
    would be found), without the caller's PYTEST_ADDOPTS (meant for the outer make test)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    env["PYTHONPATH"] = str(book)
    env["BOOK_BUILD_DIR"] = str(book / build)
    return subprocess.run([sys.executable, *command], cwd=book, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("book") / "book"
    shutil.copytree(ROOT, copy, ignore=LEFT_OUT)
    made = run(copy, "-m", "utils.pipeline.new_chapter", CHAPTER, 'An "example" chapter')
    assert made.returncode == 0, made.stderr
    return copy


def test_it_writes_the_chapter_and_its_entries(book):
    folder = book / "chapters" / CHAPTER
    assert sorted(p.name for p in folder.iterdir()) == ["compare.ipynb", "index.md", "pytorch.ipynb", "tensorflow.ipynb"]
    assert (folder / "index.md").read_text().startswith('# 10 · An "example" chapter\n')
    toc = (book / "_toc.yml").read_text()
    assert toc.index(f"chapters/{CHAPTER}/index") < toc.index("- file: scorecard")
    ci = yaml.safe_load((book / "profiles.yml").read_text())["ci"]
    assert ci[f"{CHAPTER}/pytorch"] == ci[f"{CHAPTER}/tensorflow"] == {"size": 1000}
    assert "decided_by: utils.chapters.ch10_decisions.placeholder_sum" in (book / "claims.yml").read_text()
    assert (book / "utils" / "chapters" / "ch10_decisions.py").read_text().startswith(
        '"""Chapter 10\'s decisions (An "example" chapter).')
    fixture = book / "tests" / "fixtures" / "contradicted" / CHAPTER
    assert json.loads((fixture / "expected.json").read_text()) == {new_chapter.PLACEHOLDER_KEY: "contradicted"}


def test_the_chapter_runs_passes_the_chapter_checks_and_renders(book):
    """What CONTRIBUTING.md's steps do: references (a ci run), results built to disagree, make test's
    checks of a chapter (its shape, parameters, install cell, refusals, side-by-side page, references
    under nbval, the comparison on results built to disagree, the registry, its decision reaching each
    verdict), then the book build."""
    written = run(book, "-m", "utils.pipeline.references", "--only", CHAPTER)
    assert written.returncode == 0, written.stdout[-3000:] + written.stderr[-3000:]
    fixtures = run(book, "tests/fixtures/contradicted/make_fixtures.py", "_build/references/results", CHAPTER)
    assert fixtures.returncode == 0, fixtures.stderr
    checks = run(book, "-m", "pytest", "-q", "tests/test_notebooks.py", "tests/test_compare_notebooks.py",
                 "tests/test_scorecard.py", "tests/test_decisions.py", f"tests/reference/{CHAPTER}",
                 "-k", f"{CHAPTER} or ch10_decisions or toc_lists or profiles_are_valid or registry or two_ways",
                 build="_build/test")
    assert checks.returncode == 0, checks.stdout[-5000:]
    assert " passed" in checks.stdout.splitlines()[-1] and "failed" not in checks.stdout.splitlines()[-1]
    rendered = run(book, "-m", "utils.pipeline.build_book", "--only", CHAPTER)
    assert rendered.returncode == 0, rendered.stdout[-3000:] + rendered.stderr[-3000:]
    page = (book / "_build" / "references" / "jupyter-book" / "_build" / "html" / "chapters" / CHAPTER / "index.html")
    assert "Supported." in page.read_text()


@pytest.mark.parametrize("name, title, message", [
    ("10_example", "A title", "expected NN-slug"),
    ("05-again", "A title", "number 05 is taken by 05-performance"),
    ("11-blank", "   ", "the title is empty"),
    ("11-untitled", "A title", "_toc.yml: expected one line '      - file: scorecard'"),
])
def test_a_bad_name_a_taken_number_or_an_unknown_layout_changes_nothing(tmp_path, name, title, message):
    copy = tmp_path / "book"
    shutil.copytree(ROOT, copy, ignore=LEFT_OUT)
    if name == "11-untitled":
        toc = copy / "_toc.yml"
        toc.write_text(toc.read_text().replace("      - file: scorecard\n", ""))
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    with pytest.raises(new_chapter.ChapterError, match=message):
        new_chapter.create(name, title, root=copy)
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before
