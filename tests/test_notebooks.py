"""The chapter notebooks: their shape, their parameters, and nbval's grip on them."""
import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from utils import paths
from utils.pipeline import bootstrap, build_book, notebooks, profiles, references, side_by_side

pytestmark = pytest.mark.slow(seconds=35)

ROOT = paths.ROOT
EVERY = notebooks.discover()
CHAPTERS = sorted({nb.chapter for nb in EVERY})
IGNORE = "nbval-ignore-output"


def reference(nb) -> nbformat.NotebookNode:
    return nbformat.read(references.reference_path(nb.id), as_version=4)


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
    pages = {str(p.relative_to(ROOT).with_suffix("")) for folder in paths.chapter_folders() for p in folder.iterdir()
             if p.suffix in (".md", ".ipynb")}
    assert pages <= set(toc), sorted(pages - set(toc))


def test_profiles_are_valid_for_every_notebook():
    from utils.pipeline import profiles
    table = profiles.load_profiles()
    assert {"ci", "full"} <= set(table)
    for name in table:
        profiles.parameters_for(EVERY, EVERY, name, [], table)


STALE = "is stale: run `make references` and review the diff before committing it"


@pytest.mark.parametrize("nb", EVERY, ids=lambda nb: nb.id)
def test_the_reference_runs_the_source_notebook_with_the_ci_profile(nb):
    """nbval executes the references, so they must hold today's code and the ci parameters."""
    path = references.reference_path(nb.id)
    assert path.exists(), f"{path} is missing: run `make references`"
    ref = reference(nb)
    source = nbformat.read(nb.path, as_version=4)
    assert references.source_cells(ref) == references.source_cells(source), f"{path} {STALE}"
    injected = [c for c in ref.cells if references.INJECTED in c.metadata.get("tags", [])]
    ci = profiles.load_profiles()["ci"].get(nb.id, {})
    assert len(injected) == (1 if ci else 0), f"{path} {STALE}"
    if ci:
        values = {}
        exec(injected[0].source, {}, values)
        assert values == ci, f"{path} ran with {values}, the ci profile says {ci}: {STALE}"


@pytest.mark.parametrize("nb", EVERY, ids=lambda nb: nb.id)
def test_nbval_compares_most_of_each_notebook(nb):
    """At least 60% of the code cells that show something are compared by nbval."""
    shown = [c for c in reference(nb).cells if c.cell_type == "code" and (c.outputs or IGNORE in c.metadata.get("tags", []))]
    compared = [c for c in shown if IGNORE not in c.metadata.get("tags", [])]
    assert shown and len(compared) / len(shown) >= 0.6, \
        f"{nb.id}: nbval compares {len(compared)} of {len(shown)} code cells with output (needs 60%)"


@pytest.mark.parametrize("nb", [nb for nb in EVERY if nb.path.stem == "compare"], ids=lambda nb: nb.id)
def test_deterministic_verdicts_are_compared_by_nbval(nb):
    """Every compare notebook has verdict cells (tag `verdict`); none is excluded from nbval,
    and each shows its verdict in the committed reference."""
    cells = [c for c in reference(nb).cells if "verdict" in c.metadata.get("tags", [])]
    assert cells, f"{nb.id}: no cell tagged 'verdict'"
    for cell in cells:
        assert IGNORE not in cell.metadata.get("tags", []), f"{nb.id}: a verdict cell is excluded from nbval"
        assert cell.outputs, f"{nb.id}: a verdict cell has no output in its reference"


def nbval(path: Path, build: Path, **env) -> subprocess.CompletedProcess:
    """nbval alone on one notebook (the caller's PYTEST_ADDOPTS, meant for make test, left out)."""
    env = dict({k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}, BOOK_BUILD_DIR=str(build), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "--rootdir", str(path.parent),
         "--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(references.SANITIZE), str(path)],
        cwd=path.parent, env=env, capture_output=True, text=True, timeout=600,
    )


def test_a_changed_printed_value_in_a_helper_fails_against_the_references(tmp_path):
    """Round one reported number differently in a helper: nbval on the committed reference fails."""
    helpers = tmp_path / "shadow" / "utils"
    shutil.copytree(ROOT / "utils", helpers, ignore=shutil.ignore_patterns("__pycache__"))
    checker = helpers / "reference.py"
    text = checker.read_text()
    assert 'f"within {tol:g}"' in text
    checker.write_text(text.replace('f"within {tol:g}"', 'f"within {tol:.2e}"'))
    ref = references.reference_path("01-foundations/pytorch")
    copy = tmp_path / "pytorch.ipynb"
    shutil.copy(ref, copy)
    failed = nbval(copy, tmp_path / "build", PYTHONPATH=str(helpers.parent))
    assert failed.returncode == 1, failed.stdout[-3000:]
    assert "within 1.00e-05" in failed.stdout and "failed" in failed.stdout.splitlines()[-1]


# Every experiment notebook gets a seed out of range and a GPU this machine lacks; the other kinds of
# bad value go through the same validate() and resolve_device() calls (their rules are tested in
# test_params.py), so chapter 1's pair alone gets them. The notebooks' cells run in one process per
# framework (tests/refusals.py); two cases also go through the runner and papermill, as a reader's run would.
BAD = [
    ("seed", "-1", "expected an integer >= 0"),
    ("device", "cuda", "no CUDA GPU is visible"),
]
BAD_IN_CHAPTER_1 = [
    ("device", "quantum", "expected one of 'auto', 'cpu', 'cuda'"),
    (int, "abc", "expected an integer"),
]
PAIRS = [nb for nb in EVERY if nb.path.stem in ("pytorch", "tensorflow")]
CORES = os.cpu_count() or 1
THREADS = [("threads", "0", f"expected an integer from 1 to {CORES}"),
           ("threads", str(CORES + 1), f"expected an integer from 1 to {CORES}")]
CASES = [(nb, key, value, allowed) for nb in PAIRS for key, value, allowed in BAD]
CASES += [(nb, *bad) for nb in PAIRS if nb.chapter == "01-foundations" for bad in BAD_IN_CHAPTER_1]
CASES += [(nb, *bad) for nb in PAIRS if nb.chapter.startswith("05-") and "threads" in nb.params for bad in THREADS]
THROUGH_THE_RUNNER = ["01-foundations/pytorch:seed=-1", "01-foundations/tensorflow:device=cuda"]
GPU = shutil.which("nvidia-smi") is not None
REFUSALS = ROOT / "tests" / "refusals.py"


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


def refuse_in_process(cases: list[tuple], build: Path) -> list[dict]:
    """Each case's outcome from tests/refusals.py, one process per framework, the two at once."""
    jobs = []
    for framework in ("pytorch", "tensorflow"):
        mine = [c for c in cases if c[0].path.stem == framework]
        if not mine:
            continue
        listed = build / f"{framework}-cases.json"
        listed.write_text(json.dumps([{"path": str(nb.path), "parameters": {bad_key(nb, key): yaml.safe_load(value)},
                                       "earlier": str(build / framework / "results" / f"{nb.id}.json")}
                                      for nb, key, value, _ in mine]))
        env = dict(os.environ, BOOK_BUILD_DIR=str(build / framework))
        jobs.append((mine, build / f"{framework}-outcomes.json", subprocess.Popen(
            [sys.executable, str(REFUSALS), str(listed), str(build / f"{framework}-outcomes.json")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
    found = {}
    for mine, outcomes, proc in jobs:
        log = proc.communicate()[0]
        assert proc.returncode == 0, log[-3000:]
        found.update(zip(map(id, mine), json.loads(outcomes.read_text())))
    return [found[id(c)] for c in cases]


def refusal_problem(case, outcome: dict) -> str | None:
    """What is wrong with how the notebook met the bad parameter, or None: it must stop in its setup
    cell (the one after the parameters cell), with a ParameterError naming the parameter and what is
    allowed, and leave the results of an earlier run."""
    nb, key, _, allowed = case
    setup = next(i for i, c in enumerate(c for c in nbformat.read(nb.path, as_version=4).cells if c.cell_type == "code")
                 if "parameters" in c.metadata.get("tags", [])) + 1
    if outcome["error"] != "ParameterError":
        return f"{case_id(case)}: no ParameterError: {outcome}"
    if outcome["cell"] != setup:
        return f"{case_id(case)}: stopped in code cell {outcome['cell']}, not in its setup cell {setup}"
    if f"parameter {bad_key(nb, key)!r}" not in outcome["message"] or allowed not in outcome["message"]:
        return f"{case_id(case)}: the message does not name the parameter and what it allows: {outcome['message']}"
    if not outcome["kept"]:
        return f"{case_id(case)}: the results of an earlier run were removed"
    return None


@pytest.fixture(scope="module")
def refusals(request, tmp_path_factory) -> dict:
    """The outcome of every case that this session's tests ask for (``-k`` may select a few)."""
    wanted = {case_id(item.callspec.params["case"]) for item in request.session.items
              if getattr(item, "originalname", "") == "test_a_bad_parameter_stops_the_notebook_in_its_setup_cell_and_leaves_earlier_results"}
    cases = [c for c in CASES if runnable(c) and case_id(c) in wanted]
    return dict(zip(map(case_id, cases), refuse_in_process(cases, tmp_path_factory.mktemp("refusals"))))


ON_A_GPU = pytest.mark.skip(reason="device=cuda is a valid value on a machine with a GPU")


@pytest.mark.parametrize("case", [pytest.param(c, marks=() if runnable(c) else ON_A_GPU) for c in CASES], ids=case_id)
def test_a_bad_parameter_stops_the_notebook_in_its_setup_cell_and_leaves_earlier_results(case, refusals):
    assert refusal_problem(case, refusals[case_id(case)]) is None


def test_the_refusal_check_fails_on_a_notebook_that_validates_late_or_not_at_all(tmp_path):
    """Chapter 1's PyTorch half spoilt twice: its seed left unchecked, and its Recorder (which removes
    earlier results) made before validation. The in-process check must report each."""
    nb = next(nb for nb in EVERY if nb.id == "01-foundations/pytorch")
    recorder = 'Recorder(NOTEBOOK, framework="pytorch", framework_version="-", device="cpu", params={})\n'
    spoilt = []
    for name, old, new in (("unchecked", "seed=Int(min=0)", "seed=Int()"),
                           ("early", "params = validate(", recorder + "params = validate(")):
        source = nbformat.read(nb.path, as_version=4)
        setup = next(c for c in source.cells if "params = validate(" in c.source)
        assert old in setup.source
        setup.source = setup.source.replace(old, new)
        path = tmp_path / "chapters" / name / "pytorch.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(source, path)
        spoilt.append((dataclasses.replace(nb, path=path), "seed", "-1", "expected an integer >= 0"))
    unchecked, early = (refusal_problem(c, o) for c, o in zip(spoilt, refuse_in_process(spoilt, tmp_path)))
    assert unchecked is not None and "no ParameterError" in unchecked
    assert early is not None and "earlier run were removed" in early


@pytest.mark.parametrize("case", [c for c in CASES if case_id(c) in THROUGH_THE_RUNNER and runnable(c)], ids=case_id)
def test_the_runner_reports_a_refused_notebook_by_its_parameter(case, tmp_path, execute):
    """The same refusal in a real run: papermill, a kernel, the runner's log and summary."""
    nb, key, value, allowed = case
    earlier = tmp_path / "results" / f"{nb.id}.json"
    earlier.parent.mkdir(parents=True)
    earlier.write_text('{"an earlier": "good run"}')
    out = execute(tmp_path, "--only", nb.id, "-p", f"{key}={value}")
    assert out.returncode == 1, out.stdout[-2000:]
    log = json.loads((tmp_path / "run-log.json").read_text())["notebooks"][nb.id]
    assert log["status"] == "failed"
    assert "ParameterError" in log["detail"] and f"parameter {key!r}" in log["detail"], log["detail"]
    assert allowed in log["detail"] and f"ParameterError: parameter {key!r}" in out.stdout
    assert earlier.read_text() == '{"an earlier": "good run"}'


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_side_by_side_page_holds_every_code_cell_of_the_pair_in_synced_tabs(chapter):
    """Every code cell but the shared install cell (a cell the same in both but for the framework's name
    once, as PyTorch's), the sections' tab sets all in the site's one sync group."""
    folder = paths.CHAPTERS / chapter
    text = side_by_side.page(folder)
    for fw in ("pytorch", "tensorflow"):
        for cell in nbformat.read(folder / f"{fw}.ipynb", as_version=4).cells:
            if cell.cell_type == "code" and cell.source.strip() and bootstrap.TAG not in cell.metadata.get("tags", []):
                shown = cell.source.strip() in text or (fw == "tensorflow" and any(
                    side_by_side.as_tensorflow(c.source.strip()) == cell.source.strip()
                    for c in nbformat.read(folder / "pytorch.ipynb", as_version=4).cells if c.source.strip() in text))
                assert shown, f"{fw}: a code cell is missing from the side-by-side page"
    sections = text.count("::::{tab-set}")
    assert sections == text.count(f":sync-group: {side_by_side.SYNC_GROUP}") > 1
    assert text.count(":sync: pytorch") == text.count(":sync: tensorflow") == sections
    assert "hosted.report" not in text


def test_chapter_9_stops_naming_the_file_that_chapter_6_did_not_leave(tmp_path, execute):
    out = execute(tmp_path, "--only", "09-choosing/pytorch", "--no-needs")
    assert out.returncode == 1, out.stdout[-2000:]
    log = json.loads((tmp_path / "run-log.json").read_text())["notebooks"]["09-choosing/pytorch"]
    assert "FileNotFoundError" in log["detail"] and "simple_net.onnx" in log["detail"], log["detail"]
    assert "06-deployment/tensorflow" in log["detail"]
    assert not (tmp_path / "results" / "09-choosing" / "pytorch.json").exists()


@pytest.mark.parametrize("nb", EVERY, ids=lambda nb: nb.id)
def test_the_first_code_cell_installs_the_kit_from_the_configured_repository(nb):
    """Opened in Colab from the launch buttons, a notebook installs `utils` from _config.yml's repository."""
    raw = json.loads(nb.path.read_text())
    first = bootstrap.first_code(raw)
    url = bootstrap.repository()
    assert bootstrap.TAG in first["metadata"].get("tags", []), f"{nb.id}: run `python -m utils.pipeline.bootstrap`"
    assert "".join(first["source"]) == bootstrap.source(url, bootstrap.frameworks(raw)), \
        f"{nb.id}: its first cell does not install from {url}: run `python -m utils.pipeline.bootstrap`"



def needed(nb_id: str) -> set[str]:
    """The notebook and everything it needs, followed through the needs of the needs."""
    known = {nb.id: nb for nb in EVERY}
    found, todo = set(), [nb_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo += known[current].needs
    return found


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_one_chapter_on_an_empty_build_plans_everything_it_needs(chapter, tmp_path, execute):
    """`--only <chapter>` on a fresh clone runs (or reuses) what the chapter reads from other chapters."""
    out = execute(tmp_path, "--only", chapter, "--profile", "ci", "--list")
    assert out.returncode == 0, out.stderr
    listed = {line.split()[0] for line in out.stdout.splitlines() if line and not line.startswith(" ")}
    assert listed == set().union(*(needed(nb.id) for nb in EVERY
                                   if nb.chapter == chapter or nb.chapter.startswith(f"{chapter}/")))
    assert "reused" not in out.stdout
