"""No helper is written twice: a function that two comparison notebooks define, or a framework-free
function that notebooks of two chapters define alike, belongs once in the kit (``utils/``, or
``utils/chapters/`` for one chapter's). The two halves of one pair may show the same code: the
side-by-side page sets them next to each other. Framework code stays in the notebooks, where the
reader sees it, even when two chapters write it alike, and so does a function that does nothing
(TensorFlow's ``sync``)."""
import ast
from collections import defaultdict

import nbformat

from utils.pipeline import notebooks

FRAMEWORK_NAMES = {"torch", "tf", "tensorflow", "keras", "nn", "F", "jax", "jnp", "layers", "ops"}


def empty(node) -> bool:
    """A function that does nothing (``pass``, a docstring), such as TensorFlow's ``sync``: nothing to keep once."""
    return all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)) for s in node.body)


def definitions(path):
    """``(name, code, framework-free)`` of each function defined at the top level of a notebook's code cells."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # a cell of shell or magic lines defines nothing
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not empty(node):
                names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                found.append((node.name, ast.dump(node), not names & FRAMEWORK_NAMES))
    return found


def copies(every):
    """Functions defined twice: by name across comparisons; framework-free and alike across chapters.
    ``every``: ``(notebook id, path)`` of each notebook."""
    by_name, by_code = defaultdict(set), defaultdict(set)
    for nb_id, path in every:
        for name, code, free in definitions(path):
            if nb_id.endswith("/compare"):
                by_name[name].add(nb_id)
            if free:
                by_code[(name, code)].add(nb_id)
    found = [f"{name}: defined in the comparisons {sorted(ids)}" for name, ids in by_name.items() if len(ids) > 1]
    found += [f"{name}: the same framework-free code in {sorted(ids)}" for (name, _), ids in by_code.items()
              if len({notebooks_chapter(i) for i in ids}) > 1]
    return sorted(found)


def notebooks_chapter(nb_id):
    return nb_id.rsplit("/", 1)[0]


def test_no_helper_is_defined_in_two_notebooks():
    assert copies([(nb.id, nb.path) for nb in notebooks.discover()]) == []


def test_the_check_finds_a_helper_copied_into_a_second_comparison(tmp_path):
    copied = []
    for chapter in ("03-api-style", "04-debugging"):
        path = tmp_path / f"{chapter}.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell("import torch\n\ndef word(v):\n    return v[0].upper() + v[1:]")]), path)
        copied.append((f"{chapter}/compare", path))
    found = copies(copied)
    assert any(p.startswith("word: defined in the comparisons") for p in found)
    assert any(p.startswith("word: the same framework-free code in") for p in found)
