"""How much of a pair's code a switch rewrites, read from the notebooks' source: framework-free.

Chapter 9 asks whether moving a project between the frameworks takes substantial rewriting. The
book holds its own evidence: every chapter's pair implements one experiment twice, natively, once in
each framework. :func:`framework_lines` takes a half's code cells and keeps the lines that use the
framework (a name bound by an import from one of its packages, or taken from such a name, as
``keras = tf.keras``), without comments and blank lines, with the name of every framework module and
every framework's word (``torch``, ``tf``, ``nn``, ``F``, ``PyTorch``...) replaced by ``FW``, so that
``torch.__version__`` and ``tf.__version__`` read alike and only real rewrites remain (a class
imported by name, as ``DataLoader``, keeps its name). :func:`rewritten` counts how many of
the two halves' framework lines have no identical line in the other half.
"""
from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from collections import Counter
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

# The packages that belong to one framework; NumPy, ONNX and the book's kit belong to neither.
ROOTS = {"pytorch": ("torch", "torchao", "executorch", "torchvision"),
         "tensorflow": ("tensorflow", "keras", "tf_keras", "tf2onnx", "ai_edge_litert", "tflite_runtime")}
WORDS = ("PyTorch", "TensorFlow", "pytorch", "tensorflow", "torch", "Keras", "keras")
SKIPPED_TAGS = {"bootstrap", "parameters"}   # the same scaffolding in every half


def code_cells(path: Path) -> list[str]:
    """The source of the notebook's code cells, without the bootstrap and parameters cells."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"
            and not SKIPPED_TAGS & set(c.get("metadata", {}).get("tags", []))]


def _parsed(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except SyntaxError:          # a cell with IPython magics: its imports are not read
        return None


def bound_names(cells: Iterable[str], roots: Iterable[str]) -> set[str]:
    """The names the cells bind to the framework: imported from one of ``roots`` (``import torch.nn as nn``,
    ``from torch import nn``), or assigned an attribute of such a name (``keras = tf.keras``)."""
    roots, names = tuple(roots), set()
    trees = [t for t in map(_parsed, cells) if t is not None]

    def framework(module: str | None) -> bool:
        return bool(module) and module.split(".")[0] in roots

    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {(a.asname or a.name.split(".")[0]) for a in node.names if framework(a.name)}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and framework(node.module):
                names |= {a.asname or a.name for a in node.names if a.name != "*"}
    for tree in trees:   # aliases of what was imported, at the top of a cell
        for node in tree.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and isinstance(node.value, ast.Attribute)):
                head = node.value
                while isinstance(head, ast.Attribute):
                    head = head.value
                if isinstance(head, ast.Name) and head.id in names:
                    names.add(node.targets[0].id)
    return names


def _lines_using(source: str, names: set[str]) -> list[str]:
    """The physical lines of ``source`` on which one of ``names`` appears as a name, without comments."""
    rows, comments = set(), {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME and tok.string in names:
                rows.update(range(tok.start[0], tok.end[0] + 1))
            elif tok.type == tokenize.COMMENT:
                comments[tok.start[0]] = tok.start[1]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pattern = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, sorted(names))) if names else r"(?!)")
        return [line.split("#", 1)[0] for line in source.splitlines() if pattern.search(line.split("#", 1)[0])]
    lines = source.splitlines()
    return [lines[r - 1][:comments.get(r, len(lines[r - 1]))] for r in sorted(rows) if r <= len(lines)]


def aliases(names: Iterable[str]) -> set[str]:
    """Of the names bound to a framework, those that stand for one of its modules (``torch``, ``nn``, ``F``,
    ``tf``, ``keras``): a class or function imported by name (``DataLoader``) is an API name a switch
    must replace, and stays."""
    return {n for n in names if n.islower() or len(n) == 1}


def normalise(line: str, names: Iterable[str]) -> str:
    """``line`` with every framework module's name and every framework's word replaced by ``FW`` and its
    spaces collapsed."""
    words = sorted({*aliases(names), *WORDS}, key=len, reverse=True)
    return " ".join(re.sub(r"\b(?:%s)\b" % "|".join(map(re.escape, words)), "FW", line).split())


def framework_lines(path: Path, framework: str) -> list[str]:
    """The half's lines that use its framework, normalised (see the module's docstring)."""
    cells = code_cells(path)
    names = bound_names(cells, ROOTS[framework])
    return [n for cell in cells for line in _lines_using(cell, names) if (n := normalise(line, names))]


def rewritten(a: list[str], b: list[str]) -> dict[str, int]:
    """How many framework lines the two halves have, and how many of them have no identical line in the
    other half (each line of one half matches at most one of the other)."""
    kept = sum((Counter(a) & Counter(b)).values())
    return {"lines": len(a) + len(b), "rewritten": len(a) + len(b) - 2 * kept}


def pair_rewrites(chapters: Path, skip: Iterable[str] = ()) -> dict[str, dict[str, int]]:
    """For every pair under ``chapters`` (a folder with ``pytorch.ipynb`` and ``tensorflow.ipynb``), except the
    chapters in ``skip``: ``{"02-philosophies": {"lines": ..., "rewritten": ...}}``, in the book's order."""
    found = {}
    for pt in sorted(Path(chapters).rglob("pytorch.ipynb")):
        tf = pt.with_name("tensorflow.ipynb")
        chapter = pt.parent.relative_to(chapters).as_posix()
        if tf.exists() and chapter not in set(skip):
            found[chapter] = rewritten(framework_lines(pt, "pytorch"), framework_lines(tf, "tensorflow"))
    return found


def shared_text(sources: Mapping[str, Mapping[str, str]]) -> tuple[dict[str, bool], dict[str, int]]:
    """Chapter 8's shared Keras functions as its halves recorded them (``{framework: {name: source}}``):
    for each function, whether every half holds the same text; and their lines, counted as
    :func:`rewritten` counts a pair's (every non-blank line, none of them normalised)."""
    halves = list(sources.values())
    names = sorted(set().union(*halves))
    same = {name: all(h.get(name) == halves[0].get(name) for h in halves) for name in names}
    lines = [[line.strip() for text in h.values() for line in text.splitlines() if line.strip()] for h in halves]
    return same, rewritten(*lines)


def attempt(move, expected, tolerance: float) -> dict:
    """Run ``move()``, which returns the moved model's outputs: does it work, and how far are its outputs
    from ``expected``? A move that raises is recorded with its error's first line, not stopped."""
    try:
        got = move()
    except Exception as exc:
        return {"works": False, "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"}
    gap = float(np.abs(got - expected).max())
    return {"works": bool(gap <= tolerance), "max_abs_diff": gap}
