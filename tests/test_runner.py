"""The runner on a throw-away book of tiny notebooks."""
import json
import textwrap
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

pytestmark = pytest.mark.slow(seconds=65)

SAVE = textwrap.dedent("""
    import time
    from utils.results import Recorder
    rec = Recorder(NOTEBOOK, framework="none", framework_version="-", device="cpu", params={"seed": seed})
    rec.metric("started", time.time())
    time.sleep(nap)
    rec.metric("ended", time.time())
    rec.save()
""")


def write_notebook(path: Path, body: str, nb_id: str, **marks) -> None:
    nb = new_notebook(
        cells=[
            new_code_cell("seed = 0\nnap = 0.0", metadata={"tags": ["parameters"]}),
            new_code_cell(f"NOTEBOOK = {nb_id!r}\nprint('seed is', seed)"),
            new_code_cell(body),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                  "language_info": {"name": "python"}, **({"book": marks} if marks else {})},
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture
def book(tmp_path):
    chapters = tmp_path / "chapters"
    write_notebook(chapters / "01-a" / "good.ipynb", SAVE, "01-a/good")
    write_notebook(chapters / "01-a" / "bad.ipynb", "raise RuntimeError('the model diverged')", "01-a/bad")
    write_notebook(chapters / "01-a" / "compare.ipynb", SAVE, "01-a/compare", needs=["01-a/bad"])
    write_notebook(chapters / "02-b" / "other.ipynb", SAVE, "02-b/other")
    (tmp_path / "profiles.yml").write_text("ci:\n  01-a/good: {seed: 5}\nfull: {}\n")
    return tmp_path


@pytest.fixture
def run(book, execute):
    """The runner on the throw-away book, with its own profiles file."""
    return lambda *args: execute(book / "_build", "--chapters", str(book / "chapters"),
                                 "--profiles", str(book / "profiles.yml"), *args)


def result(book: Path, nb_id: str) -> dict:
    return json.loads((book / "_build" / "results" / f"{nb_id}.json").read_text())


def test_a_failing_notebook_is_reported_and_the_others_still_run(book, run):
    out = run("--profile", "ci", "--jobs", "2")
    assert out.returncode == 1, out.stdout + out.stderr
    log = json.loads((book / "_build" / "run-log.json").read_text())["notebooks"]
    assert log["01-a/good"]["status"] == "ok"
    assert log["02-b/other"]["status"] == "ok"
    assert log["01-a/bad"]["status"] == "failed"
    assert log["01-a/compare"]["status"] == "skipped"
    assert "needs 01-a/bad" in log["01-a/compare"]["detail"]
    detail = log["01-a/bad"]["detail"]
    assert "cell" in detail and "RuntimeError: the model diverged" in detail
    trace = Path(log["01-a/bad"]["traceback_file"]).read_text()
    assert "RuntimeError" in trace and "the model diverged" in trace
    assert "RuntimeError: the model diverged" in out.stdout  # in the summary as well
    assert "2 ok (0 reused, 2 executed), 2 not ok" in out.stdout
    assert not (book / "_build" / "results" / "01-a" / "bad.json").exists()
    executed = nbformat.read(book / "_build" / "executed" / "01-a" / "good.ipynb", as_version=4)
    assert "seed is 5" in "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert result(book, "01-a/good")["params"] == {"seed": 5}


def test_overrides_reach_the_notebooks_that_declare_them(book, run):
    out = run("--only", "01-a/good", "02-b", "-p", "seed=11")
    assert out.returncode == 0, out.stdout + out.stderr
    assert result(book, "01-a/good")["params"] == {"seed": 11}
    assert result(book, "02-b/other")["params"] == {"seed": 11}
    assert not (book / "_build" / "executed" / "01-a" / "bad.ipynb").exists()


@pytest.mark.parametrize("args, message", [
    (["-p", "epochs=3"], "-p epochs: no selected notebook declares a parameter 'epochs'"),
    (["-p", "seed"], "write overrides as key=value"),
    (["--profile", "nightly"], "unknown profile 'nightly'"),
    (["--only", "03-missing"], "--only 03-missing: matches no notebook"),
])
def test_bad_runner_arguments_fail_before_running_anything(book, run, args, message):
    out = run(*args)
    assert out.returncode == 2
    assert message in out.stderr
    assert not (book / "_build" / "executed").exists()


def test_a_profile_naming_an_unknown_parameter_is_an_error(book, run):
    (book / "profiles.yml").write_text("ci:\n  01-a/good: {epochs: 1}\n")
    out = run("--profile", "ci")
    assert out.returncode == 2
    assert "sets ['epochs'] for '01-a/good'" in out.stderr


def test_timed_notebooks_never_run_beside_another(book, run):
    chapters = book / "chapters"
    write_notebook(chapters / "03-c" / "timed.ipynb", SAVE, "03-c/timed", timed=True)
    write_notebook(chapters / "03-c" / "plain.ipynb", SAVE, "03-c/plain")
    out = run("--only", "01-a/good", "02-b", "03-c", "--jobs", "3", "-p", "nap=1.5")
    assert out.returncode == 0, out.stdout + out.stderr
    spans = {i: (result(book, i)["metrics"]["started"], result(book, i)["metrics"]["ended"])
             for i in ("01-a/good", "02-b/other", "03-c/plain", "03-c/timed")}
    t0, t1 = spans.pop("03-c/timed")
    assert all(end <= t0 or start >= t1 for start, end in spans.values()), spans
    assert "timed: runs alone" in out.stdout


def test_a_notebook_past_its_timeout_is_stopped(book, run):
    write_notebook(book / "chapters" / "03-c" / "slow.ipynb", "import time\ntime.sleep(600)", "03-c/slow", timeout=3)
    out = run("--only", "03-c/slow")
    assert out.returncode == 1
    log = json.loads((book / "_build" / "run-log.json").read_text())["notebooks"]
    assert log["03-c/slow"]["status"] == "timeout"
    assert log["03-c/slow"]["wall_s"] < 300  # stopped, not left to sleep its 600 s


def test_a_book_without_notebooks_is_an_error(tmp_path, execute):
    (tmp_path / "chapters").mkdir()
    out = execute(tmp_path / "_build", "--chapters", str(tmp_path / "chapters"))
    assert out.returncode == 2
    assert "no notebooks under" in out.stderr


def test_alternations_come_from_the_profile_and_are_checked(book, run):
    chapters = book / "chapters"
    write_notebook(chapters / "03-c" / "pytorch.ipynb", SAVE, "03-c/pytorch", timed=True)
    (book / "profiles.yml").write_text("ci: {alternations: 2}\nfull: {}\n")
    assert run("--only", "03-c", "--profile", "ci").returncode == 0
    assert sorted(p.name for p in (book / "_build" / "results" / "03-c" / "pytorch.runs").iterdir()) == ["1.json", "2.json"]
    (book / "profiles.yml").write_text("ci: {}\nfull: {alternations: 0}\n")
    out = run("--only", "03-c", "--profile", "ci")
    assert out.returncode == 2 and "alternations: 0; expected an integer from 1 to 20" in out.stderr


def test_a_chapter_plan_runs_the_pair_under_each_variant_in_turns(book, run):
    chapters = book / "chapters"
    for fw in ("pytorch", "tensorflow"):
        write_notebook(chapters / "03-c" / f"{fw}.ipynb", SAVE.replace('params={"seed": seed}', 'params={"seed": seed, "nap": nap}'),
                       f"03-c/{fw}", timed=True)
    (book / "profiles.yml").write_text(
        "ci: {}\nfull:\n  alternations: 3\n  chapters:\n    03-c:\n      alternations: 2\n"
        "      variants: [{seed: 1}, {seed: 2, nap: 0.01}]\n")
    out = run("--only", "03-c")
    assert out.returncode == 0, out.stdout + out.stderr
    runs = {fw: [json.loads((book / "_build" / "results" / "03-c" / f"{fw}.runs" / f"{k}.json").read_text())
                 for k in (1, 2, 3, 4)] for fw in ("pytorch", "tensorflow")}
    assert [r["params"] for r in runs["pytorch"]] == [r["params"] for r in runs["tensorflow"]] \
        == [{"seed": 1, "nap": 0.0}, {"seed": 2, "nap": 0.01}] * 2
    starts = sorted((r["metrics"]["started"], fw) for fw, kept in runs.items() for r in kept)
    assert [fw for _, fw in starts] == ["pytorch", "tensorflow"] * 4  # in turns, every run kept
    assert result(book, "03-c/tensorflow") == runs["tensorflow"][-1]
    assert "run 3 of 4, {'seed': 1}" in out.stdout
    out = run("--only", "03-c/pytorch", "-p", "seed=7", "--alternations", "1")  # the command line wins over the variants
    assert out.returncode == 0, out.stdout + out.stderr
    assert [json.loads((book / "_build" / "results" / "03-c" / "pytorch.runs" / f"{k}.json").read_text())["params"]["seed"]
            for k in (1, 2)] == [7] * 2


@pytest.mark.parametrize("plan, message", [
    ("{03-x: {variants: [{seed: 1}]}}", "plans chapter '03-x', which has no timed notebooks"),
    ("{03-c: {variants: [{epochs: 1}]}}", "a variant sets ['epochs'], which 03-c/pytorch does not declare"),
    ("{03-c: {variants: []}}", "variants must be a non-empty list"),
    ("{03-c: {rounds: 2}}", "unknown keys ['rounds']"),
])
def test_a_bad_chapter_plan_is_refused_before_anything_runs(book, run, plan, message):
    write_notebook(book / "chapters" / "03-c" / "pytorch.ipynb", SAVE, "03-c/pytorch", timed=True)
    (book / "profiles.yml").write_text(f"ci: {{}}\nfull: {{chapters: {plan}}}\n")
    out = run("--only", "03-c")
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert not (book / "_build" / "results" / "03-c").exists()


REFUSE = "from utils.params import ParameterError\nraise ParameterError('seed', seed, 'expected something else')"


@pytest.mark.parametrize("body, kept", [(REFUSE, True), ("raise RuntimeError('the model diverged')", False)])
def test_a_refused_run_keeps_earlier_results_and_a_failed_one_leaves_none(book, run, body, kept):
    write_notebook(book / "chapters" / "03-c" / "x.ipynb", body, "03-c/x")
    earlier = book / "_build" / "results" / "03-c" / "x.json"
    earlier.parent.mkdir(parents=True)
    earlier.write_text('{"an earlier": "good run"}')
    out = run("--only", "03-c/x")
    assert out.returncode == 1
    assert earlier.exists() is kept


def test_a_notebooks_notices_reach_the_runners_summary(book, run):
    """A part that could not run on this machine is named at the end of the run, not only on its page."""
    noticing = SAVE.replace("rec.save()", "rec.notice('browser rows not run here: no Node on PATH')\nrec.save()")
    write_notebook(book / "chapters" / "02-b" / "other.ipynb", noticing, "02-b/other")
    out = run("--only", "02-b", "01-a/good")
    assert out.returncode == 0, out.stdout + out.stderr
    summary = out.stdout.split("notebook ", 1)[1]
    assert "note, 02-b/other: browser rows not run here: no Node on PATH" in summary
    assert result(book, "02-b/other")["notices"] == ["browser rows not run here: no Node on PATH"]
    assert result(book, "01-a/good")["notices"] == []


def test_a_selection_runs_what_it_needs_and_reuses_it_afterwards(book, run):
    """As make does: --only a notebook runs the notebooks it needs, and theirs, first; --list says
    why each is in the run and whether it would execute or be reused."""
    chapters = book / "chapters"
    write_notebook(chapters / "03-c" / "first.ipynb", SAVE, "03-c/first")
    write_notebook(chapters / "03-c" / "second.ipynb", SAVE, "03-c/second", needs=["03-c/first"])
    write_notebook(chapters / "04-d" / "compare.ipynb", SAVE, "04-d/compare", needs=["03-c/second"])
    listed = run("--only", "04-d", "--list")
    assert listed.returncode == 0, listed.stderr
    assert "03-c/first  (needed by 03-c/second)" in listed.stdout
    assert "03-c/second  [needs 03-c/first]  (needed by 04-d/compare)" in listed.stdout
    assert listed.stdout.count("executes: it never ran, or its inputs changed") == 1  # the rest wait on it
    assert "executes: it needs 03-c/second, which executes" in listed.stdout
    assert not (book / "_build" / "results").exists()
    out = run("--only", "04-d")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "executing 3 notebook(s) (2 of them needed by the selection)" in out.stdout
    starts = [result(book, i)["metrics"]["started"] for i in ("03-c/first", "03-c/second", "04-d/compare")]
    assert starts == sorted(starts)
    again = run("--only", "04-d")
    assert "3 ok (3 reused, 0 executed)" in again.stdout, again.stdout
    assert run("--only", "04-d", "--list").stdout.count("reused (made ") == 3
    alone = run("--only", "04-d", "--no-needs", "--force")
    assert "1 ok (0 reused, 1 executed)" in alone.stdout, alone.stdout


def test_a_kernel_that_died_while_starting_is_started_again_and_other_failures_are_not():
    from utils.pipeline.processes import started

    calls = []

    def dies_twice():
        calls.append(1)
        if len(calls) < 3:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return "ran"

    assert started(dies_twice) == "ran" and len(calls) == 3
    calls.clear()
    with pytest.raises(RuntimeError, match="kernel_info"):
        started(lambda: dies_twice() if len(calls) < 5 else None, tries=2)
    assert len(calls) == 2

    def fails():
        calls.append(1)
        raise RuntimeError("a cell raised")

    calls.clear()
    with pytest.raises(RuntimeError, match="a cell raised"):
        started(fails)
    assert len(calls) == 1
