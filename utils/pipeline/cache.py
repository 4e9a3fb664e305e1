"""Reusing executed notebooks: a notebook runs again only when something it depends on changed.

A task (one notebook, or a chapter's timed pair with its plan of alternations and variants) has a
key, the SHA-256 of everything its run depends on:

- the bytes of each member's source notebook (code, markdown and metadata alike);
- the source of every module of ``utils/`` it imports, followed through the modules' own imports
  (``utils/__init__.py`` always), and the files those modules read at run time (:data:`READS`);
- the parameters each member gets (profile, ``-p``, variants) and the number of alternations;
- ``requirements.txt``, the Python version and the installed versions of the packages the run log
  names;
- what the notebooks it ``needs`` left: their result files, alternation runs and written folders.

After a task succeeds, ``<build>/cache/<task>.json`` stores the key and the SHA-256 of every file
the task left: each member's executed copy, result file and alternation runs, and the folders it
declares under ``"book": {"writes": [...]}``. The entry is removed before the task runs, so an
interrupted or failed run leaves none, and it is used only when its key equals the task's key now
and every file it lists is there with the same bytes. Nothing is judged by modification times.
"""
from __future__ import annotations

import ast
import hashlib
import json
import platform
import re
from dataclasses import dataclass
from pathlib import Path

from .. import paths, results
from .notebooks import Notebook

KIT = paths.ROOT / "utils"
REQUIREMENTS = paths.ROOT / "requirements.txt"
# Files that a module of the kit reads when a notebook calls it, relative to the book's root.
READS = {
    "browser": ("web/package-lock.json", "web/run.mjs", "web/browser.mjs"),
    "chapters.ch06_browser": ("web/package-lock.json", "web/run.mjs", "web/browser.mjs",
                              "chapters/06-deployment/demo", "_extra/favicon.ico"),
    "claims": ("claims.yml",),
}
MAGIC = re.compile(r"^\s*[%!]")


@dataclass(frozen=True)
class Entry:
    key: str
    executed_at: str
    wall_s: dict[str, float]
    runs: int
    files: dict[str, str]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _code(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    lines = [line for c in cells if c["cell_type"] == "code"
             for line in "".join(c["source"]).splitlines() if not MAGIC.match(line)]
    return "\n".join(lines)


def _imported(tree: ast.AST, package: str, kit: Path) -> set[str]:
    """Modules of the kit (names relative to ``utils``, ``pipeline.x`` for a stage) that ``tree``
    imports; ``package`` is the importing module's package, relative to ``utils`` ('' at the top)."""
    found = set()

    def module_or_package(name: str) -> str:
        return name if (kit / f"{name.replace('.', '/')}.py").is_file() else ""

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.removeprefix("utils.") for alias in node.names if alias.name.startswith("utils.")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = [p for p in package.split(".") if p]
                parts = parts[:len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join(parts + ([node.module] if node.module else []))
            elif node.module and (node.module == "utils" or node.module.startswith("utils.")):
                base = node.module.removeprefix("utils").lstrip(".")
            else:
                continue
            if base:
                found.add(base)
            found |= {m for alias in node.names if (m := module_or_package(".".join(filter(None, (base, alias.name)))))}
    return {m for m in found if module_or_package(m)}


def kit_modules(notebook: Path, kit: Path = KIT) -> list[str]:
    """Every module of the kit that the notebook imports, directly or through other modules."""
    todo = _imported(ast.parse(_code(notebook)), "", kit)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        package = name.rpartition(".")[0]
        todo |= _imported(ast.parse((kit / f"{name.replace('.', '/')}.py").read_text(encoding="utf-8")), package, kit)
    return sorted(seen)


def _tree_digest(path: Path, root: Path) -> dict[str, str]:
    """SHA-256 of a file, or of every file under a folder, by path relative to ``root``."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
    return {p.relative_to(root).as_posix(): _sha(p.read_bytes()) for p in files}


def outputs(members: tuple[Notebook, ...], build: Path) -> list[Path]:
    """What a task leaves behind that the book reads: executed copies, result files, alternation
    runs, and the folders the members declare with ``writes``."""
    found = []
    for nb in members:
        found += [build / "executed" / f"{nb.id}.ipynb", build / "results" / f"{nb.id}.json",
                  build / "results" / f"{nb.id}.runs"]
        found += [build / folder for folder in nb.writes]
    return found


def digest(members: tuple[Notebook, ...], build: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in outputs(members, build):
        found.update(_tree_digest(path, build))
    return found


def key(members: tuple[Notebook, ...], parameters: dict[str, dict], plan: dict, needs: tuple[Notebook, ...],
        build: Path, versions: dict, kit: Path = KIT) -> str:
    """The task's key: see the module's docstring for what goes into it."""
    parts: dict[str, object] = {"python": platform.python_version(), "packages": versions, "plan": plan,
                                "requirements": _sha(REQUIREMENTS.read_bytes())}
    modules = sorted({"__init__", *(m for nb in members for m in kit_modules(nb.path, kit))})
    parts["kit"] = {m: _sha((kit / f"{m.replace('.', '/')}.py").read_bytes()) for m in modules}
    parts["reads"] = {f: _tree_digest(paths.ROOT / f, paths.ROOT)
                      for m in modules for f in READS.get(m, ())}
    parts["notebooks"] = {nb.id: {"source": _sha(nb.path.read_bytes()), "parameters": parameters[nb.id]}
                          for nb in members}
    parts["needs"] = digest(needs, build)
    return _sha(json.dumps(parts, sort_keys=True, default=str).encode())


def entry_path(members: tuple[Notebook, ...], build: Path) -> Path:
    return build / "cache" / members[0].chapter / ("+".join(nb.id.rsplit("/", 1)[1] for nb in members) + ".json")


def forget(members: tuple[Notebook, ...], build: Path) -> None:
    entry_path(members, build).unlink(missing_ok=True)


def store(members: tuple[Notebook, ...], build: Path, task_key: str, executed_at: str,
          wall_s: dict[str, float], runs: int) -> None:
    entry = Entry(task_key, executed_at, wall_s, runs, digest(members, build))
    results.write_json(entry_path(members, build), entry.__dict__)


def lookup(members: tuple[Notebook, ...], build: Path, task_key: str) -> Entry | None:
    """The stored entry when the task can be reused as it is: same key, same files, same bytes."""
    path = entry_path(members, build)
    try:
        entry = Entry(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    if entry.key != task_key or not entry.files or digest(members, build) != entry.files:
        return None
    return entry
