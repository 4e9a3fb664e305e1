"""No helper is written twice: a function that two comparison notebooks define, or a framework-free
function that two notebooks define alike (the two halves of one pair included), belongs once in the
kit (``utils/``, or ``utils/chapters/`` for one chapter's). Framework code stays in the notebooks,
where the reader sees it, even when two notebooks write it alike (chapter 8's Keras code is the same
in both halves, which is that chapter's point), and so does a function that does nothing
(TensorFlow's ``sync``). A function is framework code when it names a framework, or calls a function
of its own notebook that is framework code."""
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
                found.append((node.name, ast.dump(node), names))
    framework = {name for name, _, names in found if names & FRAMEWORK_NAMES}
    while True:  # a function that calls the notebook's framework code is framework code too
        more = {name for name, _, names in found if names & framework} - framework
        if not more:
            break
        framework |= more
    return [(name, code, name not in framework) for name, code, _ in found]


def copies(every):
    """Functions defined twice: by name across comparisons; framework-free and alike in two notebooks.
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
              if len(ids) > 1]
    return sorted(found)


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


def test_the_check_finds_a_helper_copied_between_the_halves_of_a_pair(tmp_path):
    halves = []
    for framework, module in (("pytorch", "torch"), ("tensorflow", "tf")):
        path = tmp_path / f"{framework}.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            f"import {module}\n\ndef as_numpy(t):\n    return {module}.convert(t)\n\n"
            "def shown(t):\n    return as_numpy(t).round(4)\n\n"
            "def gap(a, b):\n    return max(abs(p - q) for p, q in zip(a, b))")]), path)
        halves.append((f"08-convergence/{framework}", path))
    assert copies(halves) == ["gap: the same framework-free code in "
                              "['08-convergence/pytorch', '08-convergence/tensorflow']"]
