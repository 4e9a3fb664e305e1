"""Chapter 6's record of an export route (utils/deployment.py), on routes made of NumPy alone, and
the chapter's notebook on a machine whose Node is too old for its browser rows."""
import json
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest

from utils import paths
from utils.chapters import ch06_deployment as deployment

pytestmark = pytest.mark.slow(seconds=15)

RNG = np.random.default_rng(0)
W = RNG.standard_normal((6, 3)).astype(np.float32)
X = RNG.standard_normal((20, 6)).astype(np.float32)
LABELS = (X @ W).argmax(axis=1)


def route(tmp_path, *, load=None, export=None, **kw):
    def save():
        np.save(tmp_path / "w.npy", W)
        return tmp_path / "w.npy"

    def read(path):
        weights = np.load(path)
        return lambda x: x @ weights
    return deployment.try_path("numpy", export=export or save, load=load or read, x=X, labels=LABELS,
                               reference=(X @ W).astype(np.float64), warmup=1, repeats=3, batch=8,
                               corrupt_dir=tmp_path / "cut", target="test", **kw)


def test_a_working_route_is_measured_and_refuses_its_truncated_file(tmp_path):
    row = route(tmp_path)
    assert row["status"] == deployment.WORKS and row["error"] is None
    assert row["max_abs_diff"] == 0.0 and row["accuracy"] == 1.0 and row["nonfinite"] == 0
    assert row["size_bytes"] == (tmp_path / "w.npy").stat().st_size and row["file"] == "w.npy"
    assert row["latency_b1"]["n"] == 3 and row["latency_b1"]["q1_s"] <= row["latency_b1"]["median_s"] <= row["latency_b1"]["q3_s"]
    assert row["throughput_rows_s"] > 0 and row["export_s"] >= 0 and row["load_s"] >= 0
    assert row["corrupt"]["detected"] and row["corrupt"]["error"].startswith(("ValueError", "EOFError", "OSError"))
    assert (tmp_path / "cut" / "w.npy").stat().st_size == row["size_bytes"] // 2


def test_a_failure_is_kept_with_its_stage_and_first_line(tmp_path):
    def broken(path):
        raise RuntimeError("cannot read this\nsecond line")
    row = route(tmp_path, load=broken)
    assert row["status"] == deployment.FAILED and row["stage"] == "load"
    assert row["error"] == "RuntimeError: cannot read this"
    assert "max_abs_diff" not in row and "corrupt" not in row


def test_a_route_whose_runtime_is_missing_is_not_run(tmp_path):
    row = route(tmp_path, needs=("numpy", "no_such_runtime_here"))
    assert row["status"] == deployment.NOT_RUN and "no_such_runtime_here" in row["error"]


def test_nan_outputs_and_a_wrong_shape_have_no_parity(tmp_path):
    row = route(tmp_path, load=lambda path: (lambda x: np.full((len(x), 3), np.nan)))
    assert row["status"] == deployment.WORKS and row["max_abs_diff"] is None and row["nonfinite"] == 60
    assert "NaN or infinite" in deployment.parity_text(row, 1e-5)
    row = route(tmp_path, load=lambda path: (lambda x: x))
    assert row["max_abs_diff"] is None and row["shape"] == [20, 6]


def test_a_loader_that_ignores_its_file_is_caught_by_the_truncated_copy(tmp_path):
    row = route(tmp_path, load=lambda path: (lambda x: x @ W))
    assert row["corrupt"] == {"detected": False, "error": None}


def test_deprecations_are_recorded_once_each_and_other_warnings_not(tmp_path):
    def export():
        for _ in range(3):
            warnings.warn("old_api is deprecated, use new_api", DeprecationWarning)
        warnings.warn("this API is experimental", UserWarning)
        warnings.warn("Warning: thing is scheduled for deletion in 3.0", UserWarning)
        np.save(tmp_path / "w.npy", W)
        return tmp_path / "w.npy"
    row = route(tmp_path, export=export)
    assert [(w["category"], w["message"]) for w in row["warnings"]] == [
        ("DeprecationWarning", "old_api is deprecated, use new_api"),
        ("UserWarning", "Warning: thing is scheduled for deletion in 3.0")]
    assert row["warnings"][0]["package"] == "test_deployment"


def test_parity_text_names_the_side_of_the_tolerance(tmp_path):
    row = route(tmp_path)
    assert deployment.parity_text(row, 1e-5) == "max |diff| 0.0e+00, within 1e-05; accuracy 1.0000"
    assert "BEYOND" in deployment.parity_text(dict(row, max_abs_diff=1e-3), 1e-5)


def test_a_folder_is_truncated_at_its_largest_file(tmp_path):
    folder = tmp_path / "saved"
    (folder / "variables").mkdir(parents=True)
    (folder / "small.pb").write_bytes(b"x" * 10)
    (folder / "variables" / "big.data").write_bytes(b"y" * 100)
    cut = deployment.truncated_copy(folder, tmp_path / "cut")
    assert (cut / "small.pb").stat().st_size == 10 and (cut / "variables" / "big.data").stat().st_size == 50
    assert deployment.size_bytes(folder) == 110


def test_browser_inputs_are_little_endian_float32_rows(tmp_path):
    deployment.write_inputs(tmp_path, X)
    back = np.frombuffer((tmp_path / "inputs.bin").read_bytes(), dtype="<f4").reshape(20, 6)
    assert np.array_equal(back, X)
    assert (tmp_path / "inputs.json").read_text() == '{"rows": 20, "features": 6}'


@pytest.mark.parametrize("filename, package", [
    ("/x/.venv/lib/python3.11/site-packages/torch/jit/_script.py", "torch"),
    ("/usr/lib/python3.11/copyreg.py", "copyreg"),
])
def test_a_warning_is_attributed_to_its_package(filename, package):
    assert deployment.package_of(filename) == package


def test_without_a_usable_node_the_browser_rows_say_not_run_here_and_the_summary_says_why(tmp_path):
    shadow = tmp_path / "bin"
    shadow.mkdir()
    (shadow / "node").write_text("#!/bin/sh\necho v18.0.0\n")
    (shadow / "node").chmod(0o755)
    env = dict(os.environ, BOOK_BUILD_DIR=str(tmp_path / "build"), PATH=f"{shadow}{os.pathsep}{os.environ['PATH']}")
    out = subprocess.run([sys.executable, "-m", "utils.pipeline.execute", "--profile", "ci", "--only", "06-deployment/tensorflow",
                          "-p", "repeats=3", "-p", "warmup=0"], cwd=paths.ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    reason = "Node v18.0.0 is older than 20: install Node 20 or newer"
    assert f"note, 06-deployment/tensorflow: browser rows not run here: {reason}" in out.stdout
    record = json.loads((tmp_path / "build" / "results" / "06-deployment" / "tensorflow.json").read_text())
    rows = record["metrics"]["browser"]
    assert [r["path"] for r in rows] == ["browser: tfjs", "browser: litertjs", "browser: onnxruntime-web"]
    assert all(r["status"] == deployment.NOT_RUN and r["error"] == reason for r in rows)
    assert any(r["status"] == deployment.WORKS for r in record["metrics"]["paths"])  # the other routes still ran
