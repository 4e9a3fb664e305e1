"""Each chapter's comparison notebook, run on results built to disagree, says *contradicted*.

``tests/fixtures/contradicted/<chapter>/`` holds result files of the chapter's pair edited
so that they contradict the chapter's claims, and ``expected.json``, the verdict each named
claim must get. The fixtures are copied into a fresh results folder and the comparison
notebook runs on them through the runner (papermill), exactly as in the book.
"""
import copy
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
    shutil.copytree(fixture, tmp_path / "results" / nb.chapter, ignore=shutil.ignore_patterns("expected.json", "*.py", "__pycache__"))

    out = execute(tmp_path, "--only", nb.id, "--no-needs")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    verdicts = json.loads((tmp_path / "results" / f"{nb.id}.json").read_text())["metrics"]["verdicts"]
    assert {claim: verdicts.get(claim) for claim in expected} == expected

    executed = nbformat.read(tmp_path / "executed" / f"{nb.id}.ipynb", as_version=4)
    shown = "".join(str(o.get("data", {}).get("text/markdown", "")) + o.get("text", "")
                    for c in executed.cells if "verdict" in c.metadata.get("tags", []) for o in c.outputs)
    assert "Contradicted" in shown, "the verdict cells do not show the contradiction"


def test_chapter_5_judges_the_compiled_modes_in_the_runs_that_timed_them(tmp_path, execute):
    """The book's runs of chapter 5 differ in their modes (only some time the compiled ones): a first
    run without them must not hide them from the verdicts of the runs that have them."""
    chapter = "05-performance"
    results = tmp_path / "results" / chapter
    for fw in ("pytorch", "tensorflow"):
        timed = json.loads((FIXTURES / chapter / f"{fw}.json").read_text())
        plain = copy.deepcopy(timed)
        plain["params"].update(threads=2, compiled=False)
        plain["effective"]["threads"] = {"intra_op": 2, "inter_op": 2}
        plain["metrics"]["modes"] = [m for m in timed["metrics"]["modes"] if m != "compiled"]
        plain["timings"] = {k: v for k, v in timed["timings"].items() if "/compiled" not in k}
        (results / f"{fw}.runs").mkdir(parents=True)
        for k, run in ((1, plain), (2, timed)):
            (results / f"{fw}.runs" / f"{k}.json").write_text(json.dumps(run))
        (results / f"{fw}.json").write_text(json.dumps(timed))

    out = execute(tmp_path, "--only", f"{chapter}/compare", "--no-needs")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    verdicts = json.loads((tmp_path / "results" / f"{chapter}/compare.json").read_text())["metrics"]["verdicts"]
    assert verdicts["xla_fast"] == verdicts["jit_closes_gap"] == "contradicted"
