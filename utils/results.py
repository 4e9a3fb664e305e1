"""Recording what a notebook measured, one JSON file per notebook.

A notebook builds a :class:`Recorder` once its parameters are valid, adds metrics
and timings as it goes, and calls :meth:`Recorder.save` at its end. Building the
recorder is where a run starts: the notebook's previous results are removed then, so
a run that fails later leaves none, while a run refused for a bad parameter (before
the recorder exists) leaves the previous results untouched. The file is written
atomically (a temporary file renamed over the old one), so a reader never sees half
a file and a re-run never mixes old and new values.

Besides the parameters it was asked for, a run records what was in effect: the
device it used, its thread counts and its dtype; :func:`load_pair` refuses a pair whose
halves differ in any of them. It also records which build of its framework ran (the
distribution and its version: ``torch 2.13.0+cpu``, ``tensorflow-cpu 2.21.0``), which the
halves of a pair differ in by nature. When the runner repeats a timed pair in turns
(``alternations`` in ``profiles.yml``), each run's file is also kept as
``<notebook>.runs/<k>.json``, and :func:`load_alternations` returns them in pairs.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import hosted, paths

SCHEMA = 1
PACKAGES = {"pytorch": "torch", "tensorflow": "tensorflow"}  # the package each framework name imports


def build(framework: str) -> str | None:
    """The installed distribution of ``framework`` and its version, e.g. ``"tensorflow-cpu 2.21.0"``."""
    name = hosted.distribution(PACKAGES.get(framework, framework))
    return name and f"{name} {hosted.metadata.version(name)}"


class MissingResults(FileNotFoundError):
    """A page asked for the results of a notebook that has not run."""


def results_path(notebook: str) -> Path:
    """``"01-foundations/pytorch"`` -> ``_build/results/01-foundations/pytorch.json``."""
    return paths.results_dir() / f"{notebook}.json"


def runs_dir(notebook: str) -> Path:
    """Where the runner keeps each alternating run of a timed notebook: ``<notebook>.runs/``."""
    return paths.results_dir() / f"{notebook}.runs"


class Recorder:
    """The results of one run of a notebook; building it starts the run (see the module's notes).

    ``threads`` is what the framework reports in effect, e.g. ``{"intra_op": 1, "inter_op": 1}``;
    ``dtype`` the floating-point type the experiment computes in.
    """

    def __init__(self, notebook: str, *, framework: str, framework_version: str, device: str, params: dict,
                 threads: dict | None = None, dtype: str | None = None):
        clear(notebook)
        self.data: dict[str, Any] = {
            "schema": SCHEMA,
            "notebook": notebook,
            "framework": framework,
            "framework_version": framework_version,
            "build": build(framework),
            "device": device,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "params": dict(params),
            "effective": {"device": device, "threads": threads, "dtype": dtype},
            "metrics": {},
            "timings": {},
            "notices": [],
        }

    def metric(self, name: str, value: Any) -> Any:
        """Record a value (number, bool, string, or a list or dict of them); returns it."""
        json.dumps(value)  # fail here, not at save time, on a value JSON cannot hold
        self.data["metrics"][name] = value
        return value

    def notice(self, text: str) -> None:
        """Something the reader of the runner's summary should know (a part that could not run here)."""
        self.data["notices"].append(text)

    def timing(self, name: str, seconds: list[float]) -> float:
        """Record repeated timings in seconds; the median is what pages report."""
        if not seconds:
            raise ValueError(f"timing {name!r}: no samples")
        median = statistics.median(seconds)
        self.data["timings"][name] = {"median_s": median, "samples_s": list(map(float, seconds))}
        return median

    def save(self) -> Path:
        self.data["written_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        return write_json(results_path(self.data["notebook"]), self.data)


def write_json(path: Path, data: Any) -> Path:
    """Write ``data`` to ``path`` atomically: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load(notebook: str) -> dict:
    """The results a notebook saved, or a clear error naming the notebook to run."""
    path = results_path(notebook)
    if not path.exists():
        raise MissingResults(
            f"no results for {notebook!r} at {path}: run chapters/{notebook}.ipynb first "
            f"(python -m utils.pipeline.execute --only chapters/{notebook}.ipynb)"
        )
    return json.loads(path.read_text(encoding="utf-8"))


PAIR = ("pytorch", "tensorflow")


class PairMismatch(ValueError):
    """The two halves of a pair did not run the same experiment under the same conditions."""


def check_pair(chapter: str, runs: dict[str, dict], shared: tuple[str, ...]) -> None:
    """Raise :class:`PairMismatch` naming both values when the halves ran with different
    ``shared`` parameters, or on a different device, thread count or dtype."""
    differ = {k: {fw: runs[fw]["params"].get(k) for fw in PAIR} for k in shared
              if len({repr(runs[fw]["params"].get(k)) for fw in PAIR}) != 1}
    if differ:
        raise PairMismatch(f"{chapter}: the pair ran with different parameters {differ}; "
                           "run both notebooks with the same values")
    effective = {fw: runs[fw].get("effective") or {} for fw in PAIR}
    unlike = {k: {fw: effective[fw].get(k) for fw in PAIR} for k in ("device", "threads", "dtype")
              if len({repr(effective[fw].get(k)) for fw in PAIR}) != 1}
    if unlike:
        named = "; ".join(f"{k}: " + ", ".join(f"{fw} {v[fw]}" for fw in PAIR) for k, v in unlike.items())
        raise PairMismatch(f"{chapter}: the pair did not run under the same conditions ({named}); "
                           "its timings and numbers cannot be set side by side")


def load_pair(chapter: str, shared: tuple[str, ...]) -> dict[str, dict]:
    """Both halves of a chapter's pair, keyed by framework, after :func:`check_pair`."""
    runs = {fw: load(f"{chapter}/{fw}") for fw in PAIR}
    check_pair(chapter, runs, shared)
    return runs


def load_alternations(chapter: str, shared: tuple[str, ...]) -> list[dict[str, dict]]:
    """The pair's alternating runs, ``[{"pytorch": run 1, "tensorflow": run 1}, ...]``, each
    pair checked by :func:`check_pair`. A pair that ran once, or whose latest results are
    not the last of its kept runs (a half was run again on its own since), gives a list of
    one: the latest pair."""
    latest = load_pair(chapter, shared)
    kept = {fw: sorted(runs_dir(f"{chapter}/{fw}").glob("*.json"), key=lambda p: int(p.stem)) for fw in PAIR}
    current = all(files and json.loads(files[-1].read_text(encoding="utf-8")) == latest[fw]
                  for fw, files in kept.items())
    if not current:  # no alternation, or one that a later single run has superseded
        return [latest]
    counts = {fw: len(files) for fw, files in kept.items()}
    if len(set(counts.values())) != 1:
        raise PairMismatch(f"{chapter}: the halves ran a different number of alternations {counts}")
    pairs = []
    for files in zip(*(kept[fw] for fw in PAIR)):
        pair = {fw: json.loads(f.read_text(encoding="utf-8")) for fw, f in zip(PAIR, files)}
        check_pair(chapter, pair, shared)
        pairs.append(pair)
    return pairs


def keep_run(notebook: str, index: int) -> Path:
    """Copy the notebook's results, just written by run ``index`` of an alternation, into its runs folder."""
    return write_json(runs_dir(notebook) / f"{index}.json", load(notebook))


def clear(notebook: str) -> None:
    """Remove a notebook's results (not its kept alternating runs: see :func:`clear_runs`)."""
    results_path(notebook).unlink(missing_ok=True)


def clear_runs(notebook: str) -> None:
    """Remove every kept alternating run of the notebook (not its latest results)."""
    shutil.rmtree(runs_dir(notebook), ignore_errors=True)
