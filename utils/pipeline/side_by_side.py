"""A chapter's two notebooks as one page of framework tabs, section by section.

The page is generated from the clean source notebooks when the book is staged, so
it can never drift from them. The pair must share its headings in the same order;
a pair that does not is reported with the first heading where they part. In each section the
tabs hold the code that differs between the frameworks; the cells that are the same in both
notebooks but for the framework's name (parameters, validation, recording) follow once, folded.
"""
from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from pathlib import Path

FRAMEWORKS = (("pytorch", "PyTorch"), ("tensorflow", "TensorFlow"))
PAGE_NAME = "side-by-side"
HEADING = re.compile(r"^(#{2,3}) (.+)$")
BOOTSTRAP = "bootstrap"
# Every tab set of the site shares this sync group, so one choice of framework holds on every page.
SYNC_GROUP = "framework"
# The framework's name as the notebooks write it; a cell that differs from its counterpart only there
# is the same cell in both
NAME = re.compile(r"(?<![A-Za-z])(pytorch|PyTorch)(?![A-Za-z])")
IN_TENSORFLOW = {"pytorch": "tensorflow", "PyTorch": "TensorFlow"}


def as_tensorflow(code: str) -> str:
    """PyTorch's ``code`` with the framework's name written as TensorFlow's, in the same case: a
    TensorFlow cell equal to it is the same cell but for the name."""
    return NAME.sub(lambda m: IN_TENSORFLOW[m.group(1)], code)


def split(pytorch: list[str], tensorflow: list[str]) -> tuple[list[str], list[str], list[str]]:
    """A section's cells as (PyTorch's own, TensorFlow's own, the same in both but for the name), each
    in the notebooks' order; the shared cells are given as the PyTorch notebook has them."""
    matcher = SequenceMatcher(None, [as_tensorflow(c) for c in pytorch], tensorflow, autojunk=False)
    shared_pt, shared_tf = set(), set()
    for block in matcher.get_matching_blocks():
        shared_pt.update(range(block.a, block.a + block.size))
        shared_tf.update(range(block.b, block.b + block.size))
    return ([c for i, c in enumerate(pytorch) if i not in shared_pt], [c for i, c in enumerate(tensorflow) if i not in shared_tf],
            [c for i, c in enumerate(pytorch) if i in shared_pt])


def sections(notebook: Path) -> list[tuple[str, list[str]]]:
    """(heading, code cells) in order; code before the first heading is the parameters. The cell that
    installs the kit outside the checkout is the same in every notebook and is left out."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found: list[tuple[str, list[str]]] = [("## Parameters", [])]
    for cell in cells:
        source = "".join(cell["source"]).strip()
        if cell["cell_type"] == "markdown":
            match = HEADING.match(source.splitlines()[0]) if source else None
            if match:
                found.append((f"{match.group(1)} {match.group(2)}", []))
        elif cell["cell_type"] == "code" and source and BOOTSTRAP not in cell["metadata"].get("tags", []):
            found[-1][1].append(source)
    return [(heading, code) for heading, code in found if code or heading.startswith("## ")]


def _fence(code: str) -> str:
    ticks = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
    return f"{ticks}python\n{code}\n{ticks}"


def page(chapter: Path) -> str:
    """The MyST page that sets the pair of ``chapter`` side by side."""
    pair = {fw: sections(chapter / f"{fw}.ipynb") for fw, _ in FRAMEWORKS}
    headings = {fw: [h for h, _ in secs] for fw, secs in pair.items()}
    if headings["pytorch"] != headings["tensorflow"]:
        where = next((i for i, (a, b) in enumerate(zip(*headings.values())) if a != b),
                     min(map(len, headings.values())))
        got = {fw: (h[where] if where < len(h) else "(no more headings)") for fw, h in headings.items()}
        raise ValueError(f"{chapter.name}: the pair's headings part at heading {where + 1}: {got}")
    title = (chapter / "index.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    lines = [
        "# The code side by side", "",
        f"Chapter *{title}*: every code cell of [the PyTorch notebook](pytorch.ipynb) and of "
        "[the TensorFlow notebook](tensorflow.ipynb), heading by heading. The tabs, one per framework, hold "
        "the code that differs; the cells that are the same in both but for the framework's name follow "
        "once, folded. Pick a framework once: every tab on every page of the book follows, and the choice "
        "is kept for your next visit. This page is generated from the two notebooks when the book is built; their outputs "
        "and the notes between cells are in the notebooks themselves.", "",
    ]
    for index, (heading, _) in enumerate(pair["pytorch"]):
        own_pt, own_tf, shared = split(pair["pytorch"][index][1], pair["tensorflow"][index][1])
        lines += [heading, ""]
        if own_pt or own_tf:
            lines += ["::::{tab-set}", f":sync-group: {SYNC_GROUP}", ""]
            for (fw, label), code in zip(FRAMEWORKS, (own_pt, own_tf)):
                lines += [f":::{{tab-item}} {label}", f":sync: {fw}", ""]
                lines += [_fence(c) + "\n" for c in code] or ["*(nothing of its own in this section)*", ""]
                lines += [":::", ""]
            lines += ["::::", ""]
        if shared:
            lines += [f":::{{dropdown}} The same in both notebooks, but for the framework's name ({len(shared)} "
                      f"cell{'s' if len(shared) > 1 else ''})", "",
                      "As the PyTorch notebook has it; the TensorFlow notebook reads `tensorflow` and `TensorFlow` "
                      "where this reads `pytorch` and `PyTorch`.", ""]
            lines += [_fence(c) + "\n" for c in shared]
            lines += [":::", ""]
        if not (own_pt or own_tf or shared):
            lines += ["*(no code in this section)*", ""]
    return "\n".join(lines)
