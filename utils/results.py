"""Recording what a notebook measured, one JSON file per notebook.

A notebook builds a :class:`Recorder` once its parameters are valid, adds metrics
and timings as it goes, and calls :meth:`Recorder.save` at its end. The file is
written atomically (a temporary file renamed over the old one), so a reader
never sees half a file and a re-run never mixes old and new values.
"""
from __future__ import annotations

import json
import os
import platform
import statistics

import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import paths

SCHEMA = 1


class MissingResults(FileNotFoundError):
    """A page asked for the results of a notebook that has not run."""


def results_path(notebook: str) -> Path:
    """``"01-foundations/pytorch"`` -> ``_build/results/01-foundations/pytorch.json``."""
    return paths.results_dir() / f"{notebook}.json"


class Recorder:
    def __init__(self, notebook: str, *, framework: str, framework_version: str, device: str, params: dict):
        self.data: dict[str, Any] = {
            "schema": SCHEMA,
            "notebook": notebook,
            "framework": framework,
            "framework_version": framework_version,
            "device": device,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "params": dict(params),
            "metrics": {},
            "timings": {},
        }

    def metric(self, name: str, value: Any) -> Any:
        """Record a value (number, bool, string, or a list or dict of them); returns it."""
        json.dumps(value)  # fail here, not at save time, on a value JSON cannot hold
        self.data["metrics"][name] = value
        return value

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
            f"(python -m utils.execute --only chapters/{notebook}.ipynb)"
        )
    return json.loads(path.read_text(encoding="utf-8"))


PAIR = ("pytorch", "tensorflow")


def load_pair(chapter: str, shared: tuple[str, ...]) -> dict[str, dict]:
    """Both halves of a chapter's pair, keyed by framework; an error if they ran with
    different values of a ``shared`` parameter, since then they did not run one experiment."""
    runs = {fw: load(f"{chapter}/{fw}") for fw in PAIR}
    differ = {k: {fw: runs[fw]["params"].get(k) for fw in PAIR} for k in shared
              if len({repr(runs[fw]["params"].get(k)) for fw in PAIR}) != 1}
    if differ:
        raise ValueError(f"{chapter}: the pair ran with different parameters {differ}; "
                         "run both notebooks with the same values")
    return runs


def clear(notebook: str) -> None:
    """Remove a notebook's results before it runs again, so a failed run leaves none."""
    results_path(notebook).unlink(missing_ok=True)


