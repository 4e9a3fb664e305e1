import json

import pytest

from utils import paths, results


@pytest.fixture(autouse=True)
def build_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_BUILD_DIR", str(tmp_path))
    return tmp_path


def recorder(**params):
    return results.Recorder("99-test/pytorch", framework="pytorch", framework_version="0", device="cpu", params=params)


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


def test_a_pair_that_ran_with_different_shared_parameters_is_refused():
    for fw, seed in (("pytorch", 1), ("tensorflow", 2)):
        results.Recorder(f"99-test/{fw}", framework=fw, framework_version="0", device="cpu",
                         params={"seed": seed, "device": "auto"}).save()
    assert set(results.load_pair("99-test", ("device",))) == {"pytorch", "tensorflow"}
    with pytest.raises(ValueError, match=r"different parameters \{'seed': \{'pytorch': 1, 'tensorflow': 2\}\}"):
        results.load_pair("99-test", ("seed", "device"))
