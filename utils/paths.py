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


def notebook_id(path: Path) -> str:
    """``chapters/01-foundations/pytorch.ipynb`` -> ``01-foundations/pytorch``."""
    rel = Path(path).resolve().relative_to(CHAPTERS)
    return str(rel.with_suffix("")).replace(os.sep, "/")
