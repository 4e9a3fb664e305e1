"""What a pair recorded, read the same way in every comparison: framework-free.

:class:`Runs` wraps the pair's alternating runs (``utils.results.load_alternations``) and gives the
numbers a decision function takes: a timing's samples, pooled over the runs or from one run, its
median, a value's spread over the runs, a ratio between the frameworks run by run, and a ratio
between two timings of one framework round by round. :func:`max_gap` and :func:`curve_gap` measure
how far two outputs or two loss curves are apart. The decision functions
(``utils/chapters/chNN_decisions.py``) take these numbers, never the result files themselves.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .results import PAIR
from .timing import paired_ratios
from .verdicts import Spread, pooled_rounds, spread


@dataclass(frozen=True)
class Runs:
    """The pair's alternating runs, ``[{"pytorch": run, "tensorflow": run}, ...]``, oldest first."""
    alternations: tuple[dict, ...]

    def __init__(self, alternations: Sequence[dict]):
        if not alternations:
            raise ValueError("Runs: no runs of the pair")
        missing = [i for i, pair in enumerate(alternations) if set(pair) != set(PAIR)]
        if missing:
            raise ValueError(f"Runs: runs {missing} do not hold both halves {PAIR}")
        object.__setattr__(self, "alternations", tuple(alternations))

    @property
    def latest(self) -> dict[str, dict]:
        """The last run of each half."""
        return self.alternations[-1]

    def __len__(self) -> int:
        return len(self.alternations)

    def samples(self, fw: str, key: str, run: int | None = None) -> list[float]:
        """The seconds recorded under ``key`` by ``fw``: of run ``run`` alone, or of every run in turn."""
        chosen = self.alternations if run is None else [self.alternations[run]]
        return [s for pair in chosen for s in pair[fw]["timings"][key]["samples_s"]]

    def pooled(self, fw: str, key: str) -> Spread:
        """The spread of every sample of ``key`` by ``fw``, over all runs."""
        return spread(self.samples(fw, key))

    def median(self, fw: str, key: str, run: int = -1) -> float:
        """The median seconds of ``key`` by ``fw`` in one run (the latest by default)."""
        return statistics.median(self.samples(fw, key, run))

    def per_run(self, fw: str, value: Callable[[dict], float]) -> Spread:
        """The spread over the runs of ``value(run of fw)``."""
        return spread(value(pair[fw]) for pair in self.alternations)

    def between(self, value: Callable[[dict], float], numerator: str = "tensorflow",
                denominator: str = "pytorch") -> Spread:
        """``value(numerator's run k) / value(denominator's run k)`` over the runs: run k of both
        halves ran one after the other, under the same load."""
        return spread(value(pair[numerator]) / value(pair[denominator]) for pair in self.alternations)

    def rounds(self, fw: str, numerator: str, denominator: str) -> Spread:
        """``numerator`` time over ``denominator`` time in ``fw``, round by round (the two took turns
        within a run), pooled over the runs, which the spread counts (:func:`utils.verdicts.pooled_rounds`)."""
        return pooled_rounds(paired_ratios({"a": pair[fw]["timings"][numerator]["samples_s"],
                                            "b": pair[fw]["timings"][denominator]["samples_s"]}, "a", "b")
                             for pair in self.alternations)


def max_gap(a, b) -> float:
    """The largest absolute difference between two arrays of the same shape."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"max_gap: shapes {a.shape} and {b.shape} differ")
    return float(np.abs(a - b).max())


def curve_gap(a: Sequence[float], b: Sequence[float]) -> float:
    """The largest relative difference between two loss curves, point by point (relative to ``b``)."""
    if len(a) != len(b) or not len(a):
        raise ValueError(f"curve_gap: curves of {len(a)} and {len(b)} points")
    return float(max(abs(p - q) / abs(q) for p, q in zip(a, b)))
