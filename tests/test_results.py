import json

import pytest

from utils import paths, results


@pytest.fixture(autouse=True)
def build_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_BUILD_DIR", str(tmp_path))
    return tmp_path


def recorder(**params):
    return results.Recorder("99-test/pytorch", framework="pytorch", framework_version="0", device="cpu", params=params,
                            threads={"intra_op": 1, "inter_op": 1}, dtype="float32")


def test_saved_file_holds_what_was_recorded(build_dir):
    rec = recorder(seed=1)
    rec.metric("agree", True)
    assert rec.timing("step", [3.0, 1.0, 2.0]) == 2.0
    path = rec.save()
    assert path == build_dir / "results" / "99-test" / "pytorch.json"
    data = results.load("99-test/pytorch")
    assert data["params"] == {"seed": 1}
    assert data["metrics"] == {"agree": True}
    assert data["timings"]["step"] == {"median_s": 2.0, "samples_s": [3.0, 1.0, 2.0]}
    assert data["framework"] == "pytorch" and data["device"] == "cpu"
    assert data["effective"] == {"device": "cpu", "threads": {"intra_op": 1, "inter_op": 1}, "dtype": "float32"}
    assert data["build"] == results.build("pytorch") and data["build"].startswith("torch ")


def test_the_build_names_the_distribution_that_ran(monkeypatch):
    installed = {"torch": "2.13.0+cu128", "tensorflow": "2.21.0"}  # the GPU builds of both

    def version(name):
        if name not in installed:
            raise results.hosted.metadata.PackageNotFoundError(name)
        return installed[name]

    monkeypatch.setattr(results.hosted.metadata, "version", version)
    assert results.build("pytorch") == "torch 2.13.0+cu128"
    assert results.build("tensorflow") == "tensorflow 2.21.0"
    installed["tensorflow-cpu"] = installed.pop("tensorflow")
    assert results.build("tensorflow") == "tensorflow-cpu 2.21.0"
    assert results.build("jax") is None


def test_starting_a_run_removes_the_previous_results():
    recorder().save()
    recorder()  # a new run has started; until it saves, there are no results
    with pytest.raises(results.MissingResults):
        results.load("99-test/pytorch")


def test_a_rerun_replaces_the_file_and_never_mixes(build_dir):
    first = recorder()
    first.metric("old_only", 1)
    first.save()
    second = recorder()
    second.metric("new_only", 2)
    second.save()
    assert results.load("99-test/pytorch")["metrics"] == {"new_only": 2}


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(build_dir):
    path = build_dir / "results" / "x.json"
    results.write_json(path, {"v": 1})
    with pytest.raises(TypeError):
        results.write_json(path, {"v": object()})
    assert json.loads(path.read_text()) == {"v": 1}
    assert [p.name for p in path.parent.iterdir()] == ["x.json"]


def test_unserialisable_metric_fails_when_recorded():
    with pytest.raises(TypeError):
        recorder().metric("bad", object())


def test_empty_timing_is_refused():
    with pytest.raises(ValueError, match="no samples"):
        recorder().timing("step", [])


def test_missing_results_name_the_notebook_to_run():
    with pytest.raises(results.MissingResults, match="chapters/99-test/tensorflow.ipynb"):
        results.load("99-test/tensorflow")


def test_clear_removes_a_previous_file():
    recorder().save()
    results.clear("99-test/pytorch")
    assert not results.results_path("99-test/pytorch").exists()


def test_a_relative_build_dir_is_taken_from_the_book_root(monkeypatch, tmp_path):
    monkeypatch.setenv("BOOK_BUILD_DIR", "_build/elsewhere")
    monkeypatch.chdir(tmp_path)
    assert results.results_path("a/b") == paths.ROOT / "_build" / "elsewhere" / "results" / "a" / "b.json"


def save_pair(seed=(1, 1), device=("cpu", "cpu"), threads=(1, 1), dtype=("float32", "float32"), metric=None):
    for i, fw in enumerate(("pytorch", "tensorflow")):
        rec = results.Recorder(f"99-test/{fw}", framework=fw, framework_version="0", device=device[i],
                               params={"seed": seed[i], "device": "auto"},
                               threads={"intra_op": threads[i], "inter_op": 1}, dtype=dtype[i])
        rec.metric("value", metric)
        rec.save()


def test_a_pair_that_ran_with_different_shared_parameters_is_refused():
    save_pair(seed=(1, 2))
    assert set(results.load_pair("99-test", ("device",))) == {"pytorch", "tensorflow"}
    with pytest.raises(results.PairMismatch, match=r"different parameters \{'seed': \{'pytorch': 1, 'tensorflow': 2\}\}"):
        results.load_pair("99-test", ("seed", "device"))


@pytest.mark.parametrize("kw, named", [
    ({"device": ("cpu", "cuda")}, "device: pytorch cpu, tensorflow cuda"),
    ({"threads": (1, 2)}, "threads: pytorch {'inter_op': 1, 'intra_op': 1}, tensorflow {'inter_op': 1, 'intra_op': 2}"),
    ({"dtype": ("float32", "float64")}, "dtype: pytorch float32, tensorflow float64"),
])
def test_a_pair_that_ran_on_different_devices_threads_or_dtypes_is_refused_naming_both(kw, named):
    save_pair(**kw)
    with pytest.raises(results.PairMismatch, match="did not run under the same conditions") as err:
        results.load_pair("99-test", ("seed",))
    assert named in str(err.value)


def test_alternating_runs_come_back_in_pairs_and_a_later_single_run_supersedes_them():
    for k in (1, 2, 3):
        save_pair(metric=k)
        for fw in ("pytorch", "tensorflow"):
            results.keep_run(f"99-test/{fw}", k)
    pairs = results.load_alternations("99-test", ("seed",))
    assert [(p["pytorch"]["metrics"]["value"], p["tensorflow"]["metrics"]["value"]) for p in pairs] == [(1, 1), (2, 2), (3, 3)]
    save_pair(metric=4)  # both halves run again on their own: the kept runs are an older experiment
    assert [p["pytorch"]["metrics"]["value"] for p in results.load_alternations("99-test", ("seed",))] == [4]
    results.clear_runs("99-test/pytorch")
    assert not results.runs_dir("99-test/pytorch").exists()
    assert results.load("99-test/pytorch")["metrics"]["value"] == 4
