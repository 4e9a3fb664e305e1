"""Where the book keeps its sources and what a run produces."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"


def build_dir() -> Path:
    """Everything a run writes lives here; ``BOOK_BUILD_DIR`` moves it.

    A relative ``BOOK_BUILD_DIR`` is taken from the book's root, not from the current
    folder, since notebooks run with their chapter folder as the current folder. Where the
    kit was installed from the repository rather than checked out (Colab), there is no book's
    root, and the current folder takes its place.
    """
    base = ROOT if CHAPTERS.is_dir() else Path.cwd()
    return (base / os.environ.get("BOOK_BUILD_DIR", "_build")).resolve()


def results_dir() -> Path:
    return build_dir() / "results"


def executed_dir() -> Path:
    return build_dir() / "executed"


def run_log_path() -> Path:
    return build_dir() / "run-log.json"


def chapter_of(notebook: str) -> str:
    """The chapter of a notebook id: the folder that holds it, ``05-performance/scalability/pytorch`` ->
    ``05-performance/scalability`` (a section with a pair of its own is a chapter to the pipeline)."""
    return notebook.rsplit("/", 1)[0]


def chapter_folders(chapters: Path = CHAPTERS) -> list[Path]:
    """Every folder under ``chapters`` that holds notebooks, in the book's order (a section after the
    chapter that holds it); folders whose name starts with "." or "_" are left out."""
    found = {p.parent for p in Path(chapters).rglob("*.ipynb")
             if not any(part.startswith((".", "_")) for part in p.relative_to(chapters).parts)}
    return sorted(found, key=lambda folder: folder.relative_to(chapters).as_posix())


def notebook_id(path: Path) -> str:
    """``chapters/01-foundations/pytorch.ipynb`` -> ``01-foundations/pytorch``."""
    rel = Path(path).resolve().relative_to(CHAPTERS)
    return str(rel.with_suffix("")).replace(os.sep, "/")
