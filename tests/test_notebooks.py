"""The chapter notebooks: their shape, their parameters, and nbval's grip on them."""
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import yaml

from utils import build_book, notebooks, paths, side_by_side

ROOT = paths.ROOT
EVERY = notebooks.discover()
CHAPTERS = sorted({nb.chapter for nb in EVERY})
IGNORE = "nbval-ignore-output"


@pytest.fixture(scope="session")
def executed(tmp_path_factory, execute):
    """Executed copies from the ci run (``make test`` makes them first), or made here when absent."""
    build = paths.build_dir()
    if not all((build / "executed" / f"{nb.id}.ipynb").exists() for nb in EVERY):
        build = tmp_path_factory.mktemp("ci-build")
        execute(build, "--profile", "ci")
    return build / "executed"


def checked_cells(nb) -> list:
    """Code cells whose outputs nbval compares."""
    return [c for c in nb.cells if c.cell_type == "code" and c.outputs and IGNORE not in c.metadata.get("tags", [])]


def test_every_chapter_is_a_pair_with_an_index():
    assert CHAPTERS, "no chapters found"
    for chapter in CHAPTERS:
        folder = paths.CHAPTERS / chapter
        for name in ("index.md", "pytorch.ipynb", "tensorflow.ipynb"):
            assert (folder / name).exists(), f"{chapter} lacks {name}"


@pytest.mark.parametrize("nb", EVERY, ids=lambda nb: nb.id)
def test_source_notebooks_are_committed_clean(nb):
    source = nbformat.read(nb.path, as_version=4)
    for cell in source.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{nb.id}: outputs in a source cell"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_pair_shares_parameter_names_with_seed_and_device(chapter):
    pt, tf = (notebooks.load(paths.CHAPTERS / chapter / f"{fw}.ipynb") for fw in ("pytorch", "tensorflow"))
    assert set(pt.params) == set(tf.params)
    assert {"seed", "device"} <= set(pt.params)
    assert pt.params == tf.params, "the pair's defaults differ"


def test_toc_lists_every_page_and_notebook():
    toc = build_book.toc_files(yaml.safe_load((ROOT / "_toc.yml").read_text()))
    pages = {str(p.relative_to(ROOT).with_suffix("")) for p in paths.CHAPTERS.glob("*/*") if p.suffix in (".md", ".ipynb")}
    assert pages <= set(toc), sorted(pages - set(toc))


def test_profiles_are_valid_for_every_notebook():
    from utils import profiles
    table = profiles.load_profiles()
    assert {"ci", "full"} <= set(table)
    for name in table:
        profiles.parameters_for(EVERY, EVERY, name, [], table)


@pytest.mark.parametrize("nb", EVERY, ids=lambda nb: nb.id)
def test_executed_notebooks_have_outputs_that_nbval_compares(nb, executed):
    done = nbformat.read(executed / f"{nb.id}.ipynb", as_version=4)
    assert len(checked_cells(done)) >= 3, f"{nb.id}: fewer than 3 cells whose outputs nbval checks"


def nbval(path: Path, build: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, BOOK_BUILD_DIR=str(build))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "--rootdir", str(path.parent),
         "--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(ROOT / "tests" / "sanitize.cfg"), str(path)],
        cwd=path.parent, env=env, capture_output=True, text=True, timeout=600,
    )


def test_nbval_fails_when_a_checked_output_is_altered(executed, tmp_path):
    """nbval bites: the same executed notebook passes as it is and fails with one output changed."""
    nb_id = "01-foundations/pytorch"
    build = tmp_path / "build"
    shutil.copytree(executed.parent / "results", build / "results")
    original = nbformat.read(executed / f"{nb_id}.ipynb", as_version=4)
    cell = next(c for c in checked_cells(original) if any(o.output_type == "stream" and o.text.strip() for o in c.outputs))
    out = next(o for o in cell.outputs if o.output_type == "stream" and o.text.strip())

    intact = tmp_path / "intact.ipynb"
    nbformat.write(original, intact)
    passed = nbval(intact, build)
    assert passed.returncode == 0, passed.stdout[-3000:]

    out.text = out.text.rstrip("\n") + " (altered)\n"
    altered = tmp_path / "altered.ipynb"
    nbformat.write(original, altered)
    failed = nbval(altered, build)
    assert failed.returncode == 1, failed.stdout[-3000:]
    assert "1 failed" in failed.stdout


BAD = [
    ("seed", "-1", "expected an integer >= 0"),
    ("device", "quantum", "expected one of 'auto', 'cpu', 'cuda'"),
    ("device", "cuda", "no CUDA GPU is visible"),
    (int, "abc", "expected an integer"),
]
PAIRS = [nb for nb in EVERY if nb.path.stem in ("pytorch", "tensorflow")]
CASES = [(nb, key, value, allowed) for nb in PAIRS for key, value, allowed in BAD]
GPU = shutil.which("nvidia-smi") is not None


def runnable(case) -> bool:
    """On a machine with a GPU, device=cuda is a valid value, not a bad one."""
    return not (GPU and case[2] == "cuda")


def case_id(case) -> str:
    nb, key, value, _ = case
    return f"{nb.id}:{'int' if key is int else key}={value}"


def bad_key(nb, key) -> str:
    """The parameter to spoil: `int` stands for the notebook's first integer parameter after the seed."""
    if key is not int:
        return key
    return next(k for k, v in nb.params.items() if isinstance(v, int) and not isinstance(v, bool) and k != "seed")


@pytest.fixture(scope="module")
def bad_runs(tmp_path_factory, execute) -> dict:
    """Every bad-parameter run, two at a time: each stops in its first code cells, so nothing is timed."""
    def run(case):
        nb, key, value, _ = case
        build = tmp_path_factory.mktemp("bad")
        stale = build / "results" / f"{nb.id}.json"
        stale.parent.mkdir(parents=True)
        stale.write_text("{}")
        out = execute(build, "--only", nb.id, "-p", f"{bad_key(nb, key)}={value}")
        return out, build, stale

    cases = list(filter(runnable, CASES))
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(map(case_id, cases), pool.map(run, cases)))


ON_A_GPU = pytest.mark.skip(reason="device=cuda is a valid value on a machine with a GPU")


@pytest.mark.parametrize("case", [pytest.param(c, marks=() if runnable(c) else ON_A_GPU) for c in CASES], ids=case_id)
def test_a_bad_parameter_stops_the_notebook_at_once_and_leaves_no_results(case, bad_runs):
    nb, key, value, allowed = case
    out, build, stale = bad_runs[case_id(case)]
    assert out.returncode == 1, out.stdout[-2000:]
    log = json.loads((build / "run-log.json").read_text())["notebooks"][nb.id]
    assert log["status"] == "failed"
    key = bad_key(nb, key)
    assert "ParameterError" in log["detail"] and f"parameter {key!r}" in log["detail"], log["detail"]
    assert allowed in log["detail"]
    assert log["wall_s"] < 90
    assert not stale.exists()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_side_by_side_page_holds_every_code_cell_of_the_pair(chapter):
    folder = paths.CHAPTERS / chapter
    text = side_by_side.page(folder)
    for fw in ("pytorch", "tensorflow"):
        for cell in nbformat.read(folder / f"{fw}.ipynb", as_version=4).cells:
            if cell.cell_type == "code" and cell.source.strip():
                assert cell.source.strip() in text, f"{fw}: a code cell is missing from the side-by-side page"
