"""Each chapter's comparison notebook, run on results built to disagree, says *contradicted*.

``tests/fixtures/contradicted/<chapter>/`` holds result files of the chapter's pair edited
so that they contradict the chapter's claims, and ``expected.json``, the verdict each named
claim must get. The fixtures are copied into a fresh results folder and the comparison
notebook runs on them through the runner (papermill), exactly as in the book. A chapter whose
verdicts rest on ratios taken run by run, which need three runs (``utils.verdicts.MIN_VALUES``),
has ``alternations.json``: the pair is then kept as that many alternating runs, each the same.
"""
import json
import shutil

import nbformat
import pytest

from utils import paths
from utils.pipeline import notebooks

pytestmark = pytest.mark.slow(seconds=60)

FIXTURES = paths.ROOT / "tests" / "fixtures" / "contradicted"
COMPARES = [nb for nb in notebooks.discover() if nb.path.stem == "compare"]


@pytest.mark.parametrize("nb", COMPARES, ids=lambda nb: nb.chapter)
def test_the_comparison_says_contradicted_on_results_built_to_disagree(nb, tmp_path, execute):
    fixture = FIXTURES / nb.chapter
    assert (fixture / "expected.json").exists(), f"{nb.chapter} has no fixture results built to disagree"
    expected = json.loads((fixture / "expected.json").read_text())
    assert "contradicted" in expected.values()
    results = tmp_path / "results" / nb.chapter
    shutil.copytree(fixture, results, ignore=shutil.ignore_patterns("expected.json", "alternations.json", "*.py", "__pycache__"))
    if (fixture / "alternations.json").exists():
        for fw in ("pytorch", "tensorflow"):
            for k in range(1, json.loads((fixture / "alternations.json").read_text())["runs"] + 1):
                (results / f"{fw}.runs").mkdir(exist_ok=True)
                shutil.copy(fixture / f"{fw}.json", results / f"{fw}.runs" / f"{k}.json")

    out = execute(tmp_path, "--only", nb.id, "--no-needs")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    verdicts = json.loads((tmp_path / "results" / f"{nb.id}.json").read_text())["metrics"]["verdicts"]
    assert {claim: verdicts.get(claim) for claim in expected} == expected

    executed = nbformat.read(tmp_path / "executed" / f"{nb.id}.ipynb", as_version=4)
    shown = "".join(str(o.get("data", {}).get("text/markdown", "")) + o.get("text", "")
                    for c in executed.cells if "verdict" in c.metadata.get("tags", []) for o in c.outputs)
    assert "Contradicted" in shown, "the verdict cells do not show the contradiction"
