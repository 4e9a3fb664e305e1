"""No helper is written twice: a function that two comparison notebooks define, or a framework-free
function that two notebooks define alike (the two halves of one pair included), belongs once in the
kit (``utils/``, or ``utils/chapters/`` for one chapter's). Framework code stays in the notebooks,
where the reader sees it, even when two notebooks write it alike (chapter 8's Keras code is the same
in both halves, which is that chapter's point), and so does a function that does nothing
(TensorFlow's ``sync``). A function is framework code when it names a framework, or reads a top-level
name of its own notebook that is framework code (:func:`definitions`)."""
import ast
from collections import defaultdict

import nbformat

from utils.pipeline import notebooks

FRAMEWORK_NAMES = {"torch", "tf", "tensorflow", "keras", "nn", "F", "jax", "jnp", "layers", "ops"}
FRAMEWORK_MODULES = {"torch", "tensorflow", "keras", "jax", "tf_keras", "onnx2torch", "onnx_tf", "onnx2tf", "tf2onnx",
                     "executorch", "torchao", "torchvision"}


def empty(node) -> bool:
    """A function that does nothing (``pass``, a docstring), such as TensorFlow's ``sync``: nothing to keep once."""
    return all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)) for s in node.body)


def free_names(node) -> set[str]:
    """The names a definition reads from outside itself: its parameters and the names it binds are left
    out, so a parameter that happens to share a framework function's name does not count."""
    read = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        own = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
        own |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        own |= {n.name for n in ast.walk(node) if isinstance(n, ast.ExceptHandler) and n.name}
        own |= {name for n in ast.walk(node) if n is not node for name in bound(n)}
        read -= own
    return read


def bound(node) -> set[str]:
    """The top-level names a statement binds: a function, a class, assigned or imported names."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    return set()


def definitions(path):
    """``(name, code, framework-free)`` of each function defined at the top level of a notebook's code
    cells. Framework code names a framework, or reads a top-level name of its notebook that is framework
    code: a function, a class, a value made by framework code (``aten = torch.ops.aten``) or imported
    from a framework (``from torch import nn``)."""
    functions, nodes = [], []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # a cell of shell or magic lines defines nothing
            continue
        for node in tree.body:
            nodes.append(node)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not empty(node):
                functions.append(node)
    framework = set(FRAMEWORK_NAMES)
    for node in nodes:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            if any(m.split(".")[0] in FRAMEWORK_MODULES for m in modules):
                framework |= bound(node)
    while True:  # what reads the notebook's framework code is framework code too
        more = {name for node in nodes if free_names(node) & framework for name in bound(node)} - framework
        if not more:
            break
        framework |= more
    return [(node.name, ast.dump(node), node.name not in framework) for node in functions]


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


def test_framework_code_is_told_by_what_a_function_reads_from_outside_itself(tmp_path):
    path = tmp_path / "pytorch.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import torch\nfrom torch import nn\n\naten = torch.ops.aten\n\n"
        "def batch(n):\n    return torch.zeros(n)\n\n"
        "def scale_raw(t):\n    return aten.mul.Tensor(t, 2)\n\n"
        "def layer():\n    return nn.Linear(2, 2)\n\n"
        "def rows(batch, n):\n    return [batch[i] for i in range(n)]\n\n"
        "def raised(call):\n    try:\n        call()\n    except Exception as batch:\n        return batch")]), path)
    free = {name: free for name, _, free in definitions(path)}
    assert free == {"batch": False, "scale_raw": False, "layer": False, "rows": True, "raised": True}
