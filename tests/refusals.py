"""Give notebooks bad parameters in one Python process, without papermill or a kernel per case.

    python tests/refusals.py CASES.json RESULTS.json

``CASES.json`` lists ``{"path", "parameters", "earlier"}``; for each, in a fresh namespace and with the notebook's
folder as the current folder (as papermill runs it), this runs the notebook's code cells in order, the
parameters put in after the cell tagged ``parameters`` (as papermill injects them), until a cell
raises or the first cell after the parameters cell has run: that cell validates the parameters and
picks the device (CONTRIBUTING.md), before the notebook does any work. ``earlier`` is a result file
of an earlier run, written before the case and read after it: a refused run must leave it as it was.
``RESULTS.json`` gets, per case, the index of the code cell that raised (or None), the exception's
type name and message, and whether the earlier result file was kept.

The test process runs this once per framework, so each framework is imported once for all its
notebooks' cases instead of once per case; a few real runs through the runner remain in the tests
as proof that the runner reports a refusal the same way.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path


def code_cells(path: Path) -> list[tuple[list[str], str]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(c.get("metadata", {}).get("tags", []), "".join(c["source"])) for c in cells if c["cell_type"] == "code"]


def refuse(path: Path, parameters: dict) -> dict:
    """Run the notebook's cells up to its setup cell with ``parameters``; what raised, and where."""
    cells = code_cells(path)
    tagged = next(i for i, (tags, _) in enumerate(cells) if "parameters" in tags)
    injected = "\n".join(f"{key} = {value!r}" for key, value in parameters.items())
    plan = [source for _, source in cells[:tagged + 1]] + [injected, cells[tagged + 1][1]]
    namespace = {"__name__": "__main__"}
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for index, source in enumerate(plan):
                try:
                    exec(compile(source, f"{path.name}, cell {index}", "exec"), namespace)
                except Exception as exc:  # noqa: BLE001 - what raised is the result
                    cell = index if index <= tagged else index - 1  # the injected cell is not the notebook's
                    return {"cell": cell, "error": type(exc).__name__, "message": str(exc)}
    finally:
        os.chdir(here)
    return {"cell": None, "error": None, "message": "every cell up to the setup cell ran without refusing"}


EARLIER = '{"an earlier": "good run"}'


def main(cases_file: str, results_file: str) -> None:
    found = []
    for case in json.loads(Path(cases_file).read_text(encoding="utf-8")):
        earlier = Path(case["earlier"])
        earlier.parent.mkdir(parents=True, exist_ok=True)
        earlier.write_text(EARLIER, encoding="utf-8")
        outcome = refuse(Path(case["path"]), case["parameters"])
        outcome["kept"] = earlier.is_file() and earlier.read_text(encoding="utf-8") == EARLIER
        found.append(outcome)
    Path(results_file).write_text(json.dumps(found), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
