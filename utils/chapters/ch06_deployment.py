"""Chapter 6's record of an export path: framework-free.

A path is two functions written in the notebook, where the reader sees them: ``export()``
writes an artefact and returns its path, ``load(artefact)`` reads it back and returns a
``predict(x) -> outputs`` function. :func:`try_path` runs them in that order and records what
happened: works, failed (with the stage and the exception's first line) or not run here (an
optional runtime is not installed), the artefact's size, the export and load times, the
outputs' largest difference to the framework model's and their accuracy, the latency of one row
and the throughput of a batch (warm-up, then the median of repeats), and the deprecation warnings
the libraries emitted on the way. It then gives the loader a truncated copy of the artefact and
records the error it raised, or that it raised none.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import shutil
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from .. import paths
from ..quiet import native_stderr_silenced
from ..verdicts import spread

WORKS, FAILED, NOT_RUN = "works", "failed", "not run here"
DEPRECATION = (DeprecationWarning, PendingDeprecationWarning)
ANNOUNCES = ("deprecat", "scheduled for deletion", "will be removed")

Predict = Callable[[np.ndarray], np.ndarray]


def folder(framework: str, *, fresh: bool) -> Path:
    """``_build/deploy/<framework>/``, where a notebook's artefacts go; ``fresh`` empties it first."""
    path = paths.build_dir() / "deploy" / framework
    if fresh:
        shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    return path


def error_text(exc: BaseException) -> str:
    """``"ValueError: first line of the message"``, at most 300 characters."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"[:300].rstrip(": ")


def package_of(filename: str) -> str:
    """The installed package a warning was raised from (``site-packages/<package>/...``)."""
    parts = Path(filename).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    return "this notebook" if "ipykernel" in filename else Path(filename).stem


def is_deprecation(category: type, message: str) -> bool:
    text = message.lower()
    return issubclass(category, DEPRECATION) or any(word in text for word in ANNOUNCES)


@contextmanager
def deprecations(into: list[dict]) -> Iterator[None]:
    """Record every deprecation-like warning raised in the block, once each, into ``into``."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for w in seen:
                message = " ".join(str(w.message).split())[:200]
                if is_deprecation(w.category, message):
                    entry = {"category": w.category.__name__, "package": package_of(w.filename), "message": message}
                    if entry not in into:
                        into.append(entry)


def size_bytes(path: Path) -> int:
    """A file's size, or the total of the files in a folder."""
    path = Path(path)
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def truncated_copy(artefact: Path, dest: Path) -> Path:
    """A copy of the artefact cut to half its bytes (for a folder: its largest file cut in half)."""
    artefact, dest = Path(artefact), Path(dest)
    shutil.rmtree(dest, ignore_errors=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if artefact.is_file():
        dest.write_bytes(artefact.read_bytes()[: artefact.stat().st_size // 2])
        return dest
    shutil.copytree(artefact, dest)
    largest = max((p for p in dest.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)
    largest.write_bytes(largest.read_bytes()[: largest.stat().st_size // 2])
    return dest


def clock(fn: Callable, *args) -> tuple[object, float]:
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


def onnx_runtime(threads: int) -> Callable[[Path], Predict]:
    """A loader of ONNX files into ONNX Runtime's CPU provider, ``threads`` threads within an operation and one
    between operations, as the frameworks are set. ONNX Runtime is imported here, when installed, so that
    no route's timed load pays for the import."""
    ort = importlib.import_module("onnxruntime") if importlib.util.find_spec("onnxruntime") else None

    def load(path: Path) -> Predict:
        if ort is None:
            raise ModuleNotFoundError("onnxruntime is not installed")
        options = ort.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name
        return lambda x: session.run(None, {name: x})[0]
    return load


def call_times(predict: Predict, x: np.ndarray, *, warmup: int, repeats: int) -> list[float]:
    """Seconds of ``repeats`` calls of ``predict(x)`` after ``warmup`` untimed ones."""
    for _ in range(warmup):
        predict(x)
    return [clock(predict, x)[1] for _ in range(repeats)]


def quartiles(samples: list[float]) -> dict:
    """Median and interquartile range of call times, by the book's one rule (``verdicts.spread``)."""
    s = spread(samples)
    return {"median_s": s.median, "q1_s": s.q1, "q3_s": s.q3, "n": s.n}


def outcome(outputs: np.ndarray, reference: np.ndarray, labels: np.ndarray) -> dict:
    """Parity with the framework model's outputs, and the accuracy of the predicted classes."""
    outputs = np.asarray(outputs, dtype=np.float64)
    if outputs.shape != reference.shape:
        return {"shape": list(outputs.shape), "max_abs_diff": None, "nonfinite": 0, "accuracy": None}
    finite = np.isfinite(outputs)
    return {"shape": list(outputs.shape),
            "max_abs_diff": float(np.abs(outputs - reference).max()) if finite.all() else None,
            "nonfinite": int((~finite).sum()),
            "accuracy": float(np.mean(outputs.argmax(axis=1) == labels)) if finite.all() else None}


def try_path(name: str, *, export: Callable[[], Path], load: Callable[[Path], Predict], x: np.ndarray,
             labels: np.ndarray, reference: np.ndarray, warmup: int, repeats: int, batch: int,
             needs: tuple[str, ...] = (), corrupt_dir: Path | None = None, **about: str) -> dict:
    """Export, load, run and time one path; ``about`` adds labels (target, precision, runtime)."""
    row: dict = {"path": name, **about, "status": WORKS, "stage": None, "error": None, "warnings": []}
    missing = [m for m in needs if importlib.util.find_spec(m) is None]
    if missing:
        row.update(status=NOT_RUN, error=f"the module {missing[0]} is not installed (requirements.txt pins it)")
        return row
    stage = "export"
    try:
        with deprecations(row["warnings"]):
            artefact, row["export_s"] = clock(export)
            stage = "load"
            predict, row["load_s"] = clock(load, artefact)
            stage = "run"
            row.update(outcome(predict(x), reference, labels))
            row["latency_b1"] = quartiles(call_times(predict, x[:1], warmup=warmup, repeats=repeats))
            row["batch_b"] = quartiles(call_times(predict, x[:batch], warmup=warmup, repeats=repeats))
            row["throughput_rows_s"] = batch / row["batch_b"]["median_s"]
    except Exception as exc:  # the path's failure is the finding: record it, go on with the next path
        row.update(status=FAILED, stage=stage, error=error_text(exc))
        return row
    row["file"] = Path(artefact).name
    row["size_bytes"] = size_bytes(artefact)
    if corrupt_dir is not None:
        row["corrupt"] = try_corrupt(artefact, load, x[:1], Path(corrupt_dir) / Path(artefact).name)
    return row


def try_corrupt(artefact: Path, load: Callable[[Path], Predict], probe: np.ndarray, dest: Path) -> dict:
    """Give the loader a truncated copy of the artefact: the error it raised, or that it raised none."""
    broken = truncated_copy(artefact, dest)
    logging.disable(logging.WARNING)  # some loaders also log the traceback they are about to raise
    try:
        with warnings.catch_warnings(), native_stderr_silenced():
            warnings.simplefilter("ignore")
            load(broken)(probe)
    except Exception as exc:  # the message without the folder it was written to, the same in every build
        return {"detected": True, "error": error_text(exc).replace(str(broken), broken.name)}
    finally:
        logging.disable(logging.NOTSET)
    return {"detected": False, "error": None}


def not_run(name: str, reason: str, **about: str) -> dict:
    """A row for a path this machine cannot run, with the reason."""
    return {"path": name, **about, "status": NOT_RUN, "stage": None, "error": reason, "warnings": []}


def browser_rows(result: dict, page: str, reference: np.ndarray, labels: np.ndarray, files: dict[str, Path],
                 rebuilt: dict[str, str] | None = None) -> list[dict]:
    """Rows for the runtimes of one page run in headless Chromium (``utils.chapters.ch06_browser.run``'s result).
    ``rebuilt`` names the runtimes whose network the page rebuilt by hand instead of loading an exported
    file, and how: their rows say so, and no verdict counts them as an export route."""
    browser = result["browser"]["version"]
    rebuilt = rebuilt or {}
    rows = []
    for runtime, r in result["pages"][page]["runtimes"].items():
        row = {"path": f"browser: {runtime}", "target": "browser", "precision": "float32",
               "runtime": f"{runtime} {r.get('version') or ''} ({r.get('backend') or '?'}) in {browser}"
                          + (f"; {rebuilt[runtime]}" if runtime in rebuilt else ""),
               "rebuilt": runtime in rebuilt,
               "status": WORKS if r["ok"] else FAILED, "stage": None if r["ok"] else "run", "error": r["error"],
               "warnings": []}
        if r["ok"]:
            row.update(outcome(np.array(r["outputs"]), reference, labels))
            row.update(load_s=r["load_s"], latency_b1={"median_s": r["latency_b1_s"]},
                       throughput_rows_s=r["throughput_rows_s"], size_bytes=size_bytes(files[runtime]),
                       file=Path(files[runtime]).name, export_s=0.0)
        rows.append(row)
    return rows


def parity_text(row: dict, tolerance: float) -> str:
    """One line: the route's status, or its parity with the framework model and its accuracy."""
    if row["status"] != WORKS:
        return f"{row['status']}: {row['error']}" + (f" (at {row['stage']})" if row["stage"] else "")
    if row["max_abs_diff"] is None:
        return f"runs, but {row['nonfinite']} outputs are NaN or infinite" if row["nonfinite"] else \
            f"runs, but gives outputs of shape {row['shape']}"
    side = "within" if row["max_abs_diff"] <= tolerance else "BEYOND"
    return f"max |diff| {row['max_abs_diff']:.1e}, {side} {tolerance:g}; accuracy {row['accuracy']:.4f}"


def cost_table(rows: list[dict]) -> str:
    """The Markdown table of what each route costs: file, size, export, load, latency, throughput and
    deprecations. Rows that carry a ``framework`` label (the comparison's) get a column for it."""
    labelled = any("framework" in r for r in rows)
    lines = ["| framework " * labelled + "| route | runs on | file | size | export | load | latency, 1 row "
             "| throughput | deprecations |",
             "| --- " * labelled + "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        first = f"| {r.get('framework', '')} " * labelled + f"| {r['path']} | {r['runtime']} "
        if r["status"] != WORKS:
            lines.append(first + f"| {r['status']}: {r['error']} | | | | | | |")
            continue
        said = "; ".join(f"{w['package']}: {w['message'][:80]}" for w in r["warnings"]) or "none"
        lines.append(first + f"| `{r['file']}` | {r['size_bytes'] / 1024:,.0f} KiB | {r['export_s']:.2f} s "
                     f"| {r['load_s'] * 1e3:.1f} ms | {r['latency_b1']['median_s'] * 1e3:.3f} ms "
                     f"| {r['throughput_rows_s']:,.0f} rows/s | {said} |")
    return "\n".join(lines)


def write_inputs(models: Path, x: np.ndarray) -> None:
    """The rows the browser pages predict: ``inputs.bin`` (float32, little-endian, row-major) and ``inputs.json``."""
    models.mkdir(parents=True, exist_ok=True)
    (models / "inputs.bin").write_bytes(np.ascontiguousarray(x, dtype="<f4").tobytes())
    (models / "inputs.json").write_text(json.dumps({"rows": int(x.shape[0]), "features": int(x.shape[1])}))
