"""The book's notebooks as the runner sees them: identity, parameters and marks.

A notebook's marks live in its own metadata under ``"book"`` (see CONTRIBUTING.md):
``timed`` (never run beside another notebook), ``needs`` (notebooks whose results
it reads), ``timeout`` (seconds) and ``writes`` (folders of the build, beside its result file, that it
writes and other notebooks or the site read: the cache checks them before it reuses a run).
"""
from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths

DEFAULT_TIMEOUT_S = 600


@dataclass(frozen=True)
class Notebook:
    id: str                   # "01-foundations/pytorch"
    path: Path                # the clean source notebook
    params: dict              # the defaults of its parameters cell
    timed: bool = False
    needs: tuple[str, ...] = ()
    timeout_s: int = DEFAULT_TIMEOUT_S
    writes: tuple[str, ...] = ()
    order: int = field(default=0, compare=False)

    @property
    def chapter(self) -> str:
        return paths.chapter_of(self.id)


def parameters_cell(nb: dict, where: Path) -> dict:
    """The names and default values of the notebook's one cell tagged ``parameters``."""
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"{where}: {len(cells)} cells tagged 'parameters', want exactly 1")
    source = "".join(cells[0]["source"])
    values = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


def load(path: Path, chapters: Path = paths.CHAPTERS, order: int = 0) -> Notebook:
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    marks = nb.get("metadata", {}).get("book", {})
    unknown = set(marks) - {"timed", "needs", "timeout", "writes"}
    if unknown:
        raise ValueError(f"{path}: unknown keys in metadata 'book': {sorted(unknown)}")
    rel = Path(path).resolve().relative_to(Path(chapters).resolve()).with_suffix("")
    return Notebook(
        id=rel.as_posix(),
        path=Path(path),
        params=parameters_cell(nb, Path(path)),
        timed=bool(marks.get("timed", False)),
        needs=tuple(marks.get("needs", ())),
        timeout_s=int(marks.get("timeout", DEFAULT_TIMEOUT_S)),
        writes=tuple(marks.get("writes", ())),
        order=order,
    )


def discover(chapters: Path = paths.CHAPTERS) -> list[Notebook]:
    """Every notebook of every chapter (a section with a pair of its own, as chapter 5's scalability, is a
    chapter here), in the book's order, the pair before its comparison."""
    found = [p for folder in paths.chapter_folders(chapters)
             for p in sorted(folder.glob("*.ipynb"), key=lambda p: (p.name == "compare.ipynb", p.name))]
    return [load(p, chapters, i) for i, p in enumerate(found)]
