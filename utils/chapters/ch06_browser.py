"""Running chapter 6's exported models in headless Chromium: framework-free.

:func:`stage` lays out a folder the browser can load: the demo pages of
``chapters/06-deployment/demo`` with the book's icon, the runtimes' files under ``vendor/`` (copied
from ``web/node_modules``, installed by ``make env``) and the exported models under ``models/``.
:func:`run` hands that folder to the Node driver ``web/run.mjs``, which serves it on
127.0.0.1, opens each page in headless Chromium and returns what the pages measured.
:func:`unavailable` (from ``utils/browser.py``) says why this machine cannot do so, and
:class:`NotRunHere` carries that reason, so a notebook can print "not run here" with it.
"""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Sequence

from .. import paths
from ..browser import DRIVER, GRACE_S, NODE_MODULES, NotRunHere, packages_missing, tail, unavailable

__all__ = ["DEMO", "NotRunHere", "run", "stage", "unavailable"]

DEMO = paths.CHAPTERS / "06-deployment" / "demo"
ICON = paths.ROOT / "_extra" / "favicon.ico"  # the book's icon, which the demo pages declare
# What the pages load, as staged under vendor/, from where it lies under web/node_modules.
VENDOR = {
    "ort/ort.wasm.min.mjs": "onnxruntime-web/dist/ort.wasm.min.mjs",
    "ort/ort-wasm-simd-threaded.mjs": "onnxruntime-web/dist/ort-wasm-simd-threaded.mjs",
    "ort/ort-wasm-simd-threaded.wasm": "onnxruntime-web/dist/ort-wasm-simd-threaded.wasm",
    "tfjs/tf.fesm.min.js": "@tensorflow/tfjs/dist/tf.fesm.min.js",
    "litertjs/core/index.js": "@litertjs/core/dist/index.js",
    "litertjs/wasm-utils/index.js": "@litertjs/wasm-utils/dist/index.js",
    **{f"litertjs/wasm/{name}": f"@litertjs/core/wasm/{name}"
       for name in ("litert_wasm_internal.js", "litert_wasm_internal.wasm",
                    "litert_wasm_compat_internal.js", "litert_wasm_compat_internal.wasm")},
}
# The runtime names the pages report, and the package whose version each one reports.
PACKAGES = {"onnxruntime-web": "onnxruntime-web", "tfjs": "@tensorflow/tfjs", "litertjs": "@litertjs/core"}


def stage(dest: Path, models: Path) -> Path:
    """(Re)create ``dest`` as a folder the browser can load, and return it.

    It holds the demo pages with the book's icon (``favicon.ico``), ``vendor/`` with the runtimes'
    files and their versions (``vendor/versions.json``), and ``models/``, a copy of ``models``:
    ``inputs.bin`` and ``inputs.json``, ``pytorch/model.onnx``, and ``tensorflow/`` with
    ``model.onnx``, ``model.tflite`` and ``tfjs-model.json``; a model left out shows as that
    runtime's error.
    Raises :class:`NotRunHere` when ``web/node_modules`` is not installed.
    """
    reason = packages_missing()
    if reason:
        raise NotRunHere(reason)
    dest = Path(dest)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(DEMO, dest)
    shutil.copyfile(ICON, dest / ICON.name)
    for target, source in VENDOR.items():
        (dest / "vendor" / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE_MODULES / source, dest / "vendor" / target)
    versions = {name: json.loads((NODE_MODULES / package / "package.json").read_text())["version"]
                for name, package in PACKAGES.items()}
    (dest / "vendor" / "versions.json").write_text(json.dumps(versions, indent=1) + "\n")
    shutil.copytree(models, dest / "models")
    return dest


def run(staged: Path, pages: Sequence[str] = ("pytorch", "tensorflow"), *,
        repeats: int, warmup: int, timeout_s: float) -> dict[str, Any]:
    """Open ``pages`` of the ``staged`` folder in headless Chromium and return the driver's record.

    The record is ``{"browser": {"version", "executable"}, "pages": {page: {"page", "rows",
    "runtimes": {name: {"ok", "error", "version", "backend", "load_s", "latency_b1_s",
    "throughput_rows_s", "outputs"}}}}, "console_errors": {page: [message, ...]}}``.
    Raises :class:`NotRunHere` with the reason when this machine cannot run a browser, and
    RuntimeError with the end of the driver's stderr when the run fails or passes ``timeout_s``.
    """
    reason = unavailable()
    if reason:
        raise NotRunHere(reason)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        command = [shutil.which("node"), str(DRIVER), "--root", str(staged), "--pages", ",".join(pages),
                   "--out", str(out), "--repeats", str(repeats), "--warmup", str(warmup), "--timeout", str(timeout_s)]
        driver = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _, stderr = driver.communicate(timeout=timeout_s + GRACE_S)
        except subprocess.TimeoutExpired:
            driver.send_signal(signal.SIGTERM)
            try:
                _, stderr = driver.communicate(timeout=GRACE_S)
            except subprocess.TimeoutExpired:
                driver.kill()
                _, stderr = driver.communicate()
            raise RuntimeError(f"the browser run took longer than {timeout_s + GRACE_S:g} s: {tail(stderr)}") from None
        if driver.returncode == 3:
            raise NotRunHere(stderr.strip())
        if driver.returncode:
            raise RuntimeError(f"the browser run failed (exit {driver.returncode}): {tail(stderr)}")
        return json.loads(out.read_text())
