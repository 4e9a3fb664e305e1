"""Chapter 6's browser runs: the pages, the driver, utils/browser.py and utils/chapters/ch06_browser.py, on models
made here.

The models are a 784 → 64 (ReLU) → 10 perceptron written as ONNX with ``onnx.helper`` and as
the TensorFlow.js layer file from the same NumPy weights; the fixed-shape TFLite file is
converted from a Keras model holding them, in a separate process, so this process never
imports TensorFlow. Every runtime's answers must equal NumPy's forward pass.
"""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from utils import browser
from utils.chapters import ch06_browser

pytestmark = pytest.mark.slow(seconds=15)

ROWS, FEATURES, HIDDEN, CLASSES = 20, 784, 64, 10
TFLITE = textwrap.dedent("""
    import sys, numpy as np, tensorflow as tf
    weights = np.load(sys.argv[1])
    model = tf.keras.Sequential([tf.keras.Input(shape=(784,), batch_size=1),
                                 tf.keras.layers.Dense(64, activation="relu"),
                                 tf.keras.layers.Dense(10, activation="softmax")])
    model.set_weights([weights[k] for k in ("w1", "b1", "w2", "b2")])
    open(sys.argv[2], "wb").write(tf.lite.TFLiteConverter.from_keras_model(model).convert())
""")


def weights() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(6)
    return {"w1": rng.normal(0, 0.05, (FEATURES, HIDDEN)), "b1": rng.normal(0, 0.1, HIDDEN),
            "w2": rng.normal(0, 0.3, (HIDDEN, CLASSES)), "b2": rng.normal(0, 0.1, CLASSES)}


def forward(w: dict[str, np.ndarray], x: np.ndarray, last: str) -> np.ndarray:
    logits = np.maximum(x @ w["w1"] + w["b1"], 0) @ w["w2"] + w["b2"]
    log_probs = logits - logits.max(1, keepdims=True)
    log_probs -= np.log(np.exp(log_probs).sum(1, keepdims=True))
    return log_probs if last == "LogSoftmax" else np.exp(log_probs)


def onnx_mlp(w: dict[str, np.ndarray], last: str, output: str) -> onnx.ModelProto:
    """The perceptron with a dynamic batch and names no page may assume."""
    nodes = [helper.make_node("Gemm", ["pixels", "w1", "b1"], ["h"]), helper.make_node("Relu", ["h"], ["r"]),
             helper.make_node("Gemm", ["r", "w2", "b2"], ["z"]), helper.make_node(last, ["z"], [output], axis=-1)]
    graph = helper.make_graph(
        nodes, "mlp", [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, ["batch", FEATURES])],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, ["batch", CLASSES])],
        [numpy_helper.from_array(v.astype(np.float32), k) for k, v in w.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(model)
    return model


def tfjs_layers(w: dict[str, np.ndarray]) -> dict:
    """The layer file the TensorFlow.js row rebuilds its model from (kernels fan_in × fan_out, row-major)."""
    def dense(units: int, activation: str, kernel: str, bias: str) -> dict:
        return {"units": units, "activation": activation, "kernel": w[kernel].astype(np.float32).ravel().tolist(),
                "bias": w[bias].astype(np.float32).tolist()}
    return {"input_size": FEATURES, "layers": [dense(HIDDEN, "relu", "w1", "b1"), dense(CLASSES, "softmax", "w2", "b2")]}


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> tuple[Path, np.ndarray, dict[str, np.ndarray]]:
    root = tmp_path_factory.mktemp("models")
    w = {k: v.astype(np.float32).astype(np.float64) for k, v in weights().items()}
    x = np.random.default_rng(7).random((ROWS, FEATURES), dtype=np.float32)
    x.astype("<f4").tofile(root / "inputs.bin")
    (root / "inputs.json").write_text(json.dumps({"rows": ROWS, "features": FEATURES}))
    (root / "pytorch").mkdir()
    (root / "tensorflow").mkdir()
    onnx.save(onnx_mlp(w, "LogSoftmax", "log_probs"), root / "pytorch" / "model.onnx")
    onnx.save(onnx_mlp(w, "Softmax", "probs"), root / "tensorflow" / "model.onnx")
    (root / "tensorflow" / "tfjs-model.json").write_text(json.dumps(tfjs_layers(w)))
    np.savez(root.parent / "weights.npz", **{k: v.astype(np.float32) for k, v in w.items()})
    subprocess.run([sys.executable, "-c", TFLITE, str(root.parent / "weights.npz"), str(root / "tensorflow" / "model.tflite")],
                   check=True, capture_output=True, timeout=300)
    return root, x.astype(np.float64), w


@pytest.fixture(scope="module")
def record(models, tmp_path_factory) -> dict:
    reason = browser.unavailable()
    assert reason is None, f"this machine should run the browser tests: {reason}"
    staged = ch06_browser.stage(tmp_path_factory.mktemp("site") / "demo", models[0])
    return ch06_browser.run(staged, repeats=3, warmup=1, timeout_s=600)


def test_every_runtime_answers_as_numpy_does_in_positive_time(record, models):
    _, x, w = models
    expected = {("pytorch", "onnxruntime-web"): forward(w, x, "LogSoftmax")}
    for name in ("tfjs", "litertjs", "onnxruntime-web"):
        expected["tensorflow", name] = forward(w, x, "Softmax")
    assert record["browser"]["version"] and Path(record["browser"]["executable"]).exists()
    for (page, name), want in expected.items():
        entry = record["pages"][page]["runtimes"][name]
        assert entry["ok"], entry["error"]
        assert entry["version"] and entry["backend"]
        assert np.abs(np.array(entry["outputs"]) - want).max() < 1e-5, (page, name)
        assert min(entry["load_s"], entry["latency_b1_s"], entry["throughput_rows_s"]) > 0, (page, name)
    assert record["pages"]["tensorflow"]["runtimes"]["tfjs"]["backend"] == "cpu"
    assert {p["rows"] for p in record["pages"].values()} == {ROWS}


def test_a_missing_model_fails_its_runtime_by_name_and_the_others_run(models, tmp_path):
    staged = ch06_browser.stage(tmp_path / "demo", models[0])
    (staged / "models" / "tensorflow" / "model.tflite").unlink()
    runtimes = ch06_browser.run(staged, ["tensorflow"], repeats=1, warmup=0, timeout_s=600)["pages"]["tensorflow"]["runtimes"]
    assert not runtimes["litertjs"]["ok"]
    assert runtimes["litertjs"]["error"] == "MissingFile: missing models/tensorflow/model.tflite"
    assert runtimes["tfjs"]["ok"] and runtimes["onnxruntime-web"]["ok"]


def test_without_node_the_reason_names_node(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    reason = browser.unavailable()
    assert reason is not None and "Node" in reason
    with pytest.raises(browser.NotRunHere, match="Node"):
        ch06_browser.run(tmp_path, repeats=1, warmup=0, timeout_s=10)


def test_without_the_npm_packages_the_reason_says_how_to_install_them(monkeypatch, tmp_path, models):
    monkeypatch.setattr(browser, "NODE_MODULES", tmp_path)
    assert "make env" in browser.unavailable()
    with pytest.raises(browser.NotRunHere, match="npm ci --prefix web"):
        ch06_browser.stage(tmp_path / "demo", models[0])


def test_a_run_past_its_timeout_fails_with_the_drivers_message(models, tmp_path):
    staged = ch06_browser.stage(tmp_path / "demo", models[0])
    with pytest.raises(RuntimeError, match="timed out after 2 s"):
        ch06_browser.run(staged, ["tensorflow"], repeats=10**6, warmup=0, timeout_s=2)
