"""Chapter 9's measure of a switch (``utils/chapters/ch09_switching.py``) and its decisions, on small
made-up notebooks and records: milliseconds, no framework."""
from __future__ import annotations

import nbformat

from utils import paths
from utils.chapters import ch09_decisions as decide
from utils.chapters.ch09_switching import (bound_names, framework_lines, normalise, pair_rewrites, rewritten,
                                           shared_text)
from utils.verdicts import CONTRADICTED, DEPENDS, NOT_TESTABLE, SUPPORTED


def notebook(path, *cells, scaffolding=True):
    nb = nbformat.v4.new_notebook()
    if scaffolding:
        boot = nbformat.v4.new_code_cell("import torch, tensorflow as tf  # bootstrap")
        boot.metadata["tags"] = ["bootstrap"]
        nb.cells.append(boot)
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.cells.append(nbformat.v4.new_markdown_cell("torch.manual_seed(0) in prose does not count"))
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_names_bound_to_a_framework_are_found_through_imports_and_aliases():
    cells = ["import torch\nimport torch.nn as nn\nfrom torch.nn import functional as F\nimport numpy as np",
             "import tensorflow as tf\nkeras = tf.keras\nlayers = keras.layers\nfrom torch.utils.data import DataLoader"]
    assert bound_names(cells, ("torch",)) == {"torch", "nn", "F", "DataLoader"}
    assert bound_names(cells, ("tensorflow", "keras")) == {"tf", "keras", "layers"}


def test_normalising_keeps_only_real_rewrites_apart():
    pt, tf = {"torch", "nn", "DataLoader"}, {"tf", "keras"}
    assert normalise('print(f"PyTorch {torch.__version__}")', pt) == normalise('print(f"TensorFlow {tf.__version__}")', tf)
    assert normalise("torch.manual_seed(seed)", pt) != normalise("tf.random.set_seed(seed)", tf)
    assert normalise("loader = DataLoader(ds)", pt) == "loader = DataLoader(ds)"   # a class named is an API name
    assert normalise("x  =  nn.Linear(4,  2)", pt) == "x = FW.Linear(4, 2)"


def test_the_lines_counted_are_those_using_the_framework_without_comments_or_scaffolding(tmp_path):
    path = notebook(tmp_path / "pytorch.ipynb",
                    "import torch\nimport numpy as np\nx = np.ones(3)  # numpy only\ny = torch.tensor(x)  # a comment\n",
                    "%time z = torch.ones(2)\nw = 1")
    assert framework_lines(path, "pytorch") == ["import FW", "y = FW.tensor(x)", "%time z = FW.ones(2)"]


def test_a_pair_counts_the_lines_with_no_identical_line_in_the_other_half(tmp_path):
    assert rewritten(["a", "b", "b", "c"], ["b", "c", "d"]) == {"lines": 7, "rewritten": 3}
    notebook(tmp_path / "01-x" / "pytorch.ipynb", "import torch\ny = torch.ones(2)\nprint(torch.__version__)")
    notebook(tmp_path / "01-x" / "tensorflow.ipynb", "import tensorflow as tf\ny = tf.ones(2)\nprint(tf.__version__)")
    notebook(tmp_path / "02-y" / "pytorch.ipynb", "import torch\nm = torch.nn.Linear(4, 2)")
    notebook(tmp_path / "02-y" / "tensorflow.ipynb", "import keras\nm = keras.layers.Dense(2)")
    notebook(tmp_path / "03-z" / "pytorch.ipynb", "import torch")   # no TensorFlow half: not a pair
    found = pair_rewrites(tmp_path, skip={"02-y"})
    assert found == {"01-x": {"lines": 6, "rewritten": 2}}   # the imports differ, ones and the version agree


def test_chapter_8s_shared_functions_are_compared_as_text():
    same, lines = shared_text({"pytorch": {"mlp": "def mlp():\n    return 1", "cnn": "a"},
                               "tensorflow": {"mlp": "def mlp():\n    return 1", "cnn": "b"}})
    assert same == {"cnn": False, "mlp": True} and lines == {"lines": 6, "rewritten": 2}


def test_the_books_pairs_are_read_and_chapter_8s_is_left_out():
    found = pair_rewrites(paths.CHAPTERS, skip={"08-convergence"})
    assert "01-foundations" in found and "08-convergence" not in found
    assert all(0 <= p["rewritten"] <= p["lines"] for p in found.values())


def test_a_switch_is_judged_at_the_threshold_given():
    records = decide.OUTCOMES["switch_needs_rewrite"][DEPENDS]
    share = sum(p["rewritten"] for p in records["native"].values()) / sum(p["lines"] for p in records["native"].values())
    assert decide.switch_needs_rewrite(**{**records, "rewrite_share": share}).word == DEPENDS
    assert decide.switch_needs_rewrite(**{**records, "rewrite_share": share + 0.01}).word == CONTRADICTED
    got = decide.switch_needs_rewrite(**{**records, "keras_same_text": None})
    assert got.word == SUPPORTED and "chapter 8 did not run" in got.reason
    assert "93%" in got.reason and "against a rewrite at 50%" in got.reason


def test_a_converter_counts_only_when_installed_and_the_hand_rebuild_never():
    tried = decide.OUTCOMES["onnx_converts"][NOT_TESTABLE]
    got = decide.onnx_converts(**tried)
    assert got.word == NOT_TESTABLE and "no converter installed (onnx2torch)" in got.reason
    assert "does not count as a conversion" in got.reason
    one_way = {**tried["conversions"], "TensorFlow to PyTorch": {"onnx2torch": {"installed": True, "max_abs_diff": 1e-7}}}
    assert decide.onnx_converts(**{**tried, "conversions": one_way}).word == NOT_TESTABLE   # the other way untested
    failing = {**one_way, "PyTorch to TensorFlow": {"onnx2tf": {"installed": True, "error": "ValueError: opset"}}}
    got = decide.onnx_converts(**{**tried, "conversions": failing})
    assert got.word == CONTRADICTED and "onnx2tf fails (ValueError: opset)" in got.reason
