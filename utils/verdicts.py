"""The rules that turn measurements into a chapter's verdicts, in one place and framework-free.

A verdict is one of four words: *supported*, *contradicted*, *it depends* (on what the
notebook names) or *not testable here* (with the reason). The rules:

- :func:`agreement`: numbers agree when every difference is within its tolerance;
- :func:`classify_ratio`: a speed ratio (several of them: per round, per run) is *faster*,
  *slower* or *no real difference* only when it rests on at least ``MIN_VALUES`` values and its
  whole interquartile range lies on one side of the threshold; it is *unclear* when the spread
  straddles it or when fewer values were measured;
- :func:`for_expected`: a claim that expects one outcome is supported by it and
  contradicted by any other, and not testable when the measurement is unclear;
- :func:`across`: one claim measured at several settings (a swept parameter) is
  supported or contradicted when every setting says so, and *depends* when they part.

Every rule is unit-tested for every outcome (``tests/test_verdicts.py``), and each
chapter's comparison notebook is run on results built to disagree
(``tests/test_compare_notebooks.py``).
"""
from __future__ import annotations

import math
import statistics
from dataclasses import asdict, dataclass, replace
from typing import Iterable, Mapping

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
DEPENDS = "it depends"
NOT_TESTABLE = "not testable here"
VERDICTS = (SUPPORTED, CONTRADICTED, DEPENDS, NOT_TESTABLE)

FASTER = "faster"
SLOWER = "slower"
SAME = "no real difference"
UNCLEAR = "unclear"
# The fewest independent values (runs, for a ratio taken run by run) a ratio's verdict may rest on:
# with two, the interquartile range is only the gap between them.
MIN_VALUES = 3


@dataclass(frozen=True)
class Spread:
    """Median, extremes and quartiles of repeated measurements of one quantity."""
    median: float
    min: float
    q1: float
    q3: float
    max: float
    n: int
    runs: int | None = None  # for values taken round by round: the independent runs they came from

    def as_dict(self) -> dict:
        return asdict(self)

    def text(self, fmt: str = ".2f", unit: str = "×") -> str:
        """``"1.52× (min 1.40×, IQR 1.45–1.60×, 5 runs)"``, or ``"..., 45 rounds of 3 runs)"`` for values
        taken round by round; a single value is shown alone."""
        count = (f"{self.n} runs" if self.runs is None
                 else f"{self.n} round{'s' if self.n != 1 else ''} of {self.runs} run{'s' if self.runs != 1 else ''}")
        if self.n == 1:
            return f"{self.median:{fmt}}{unit} ({count.replace('1 runs', '1 run')})"
        return (f"{self.median:{fmt}}{unit} (min {self.min:{fmt}}{unit}, "
                f"IQR {self.q1:{fmt}}–{self.q3:{fmt}}{unit}, {count})")


def spread(values: Iterable[float]) -> Spread:
    """The :class:`Spread` of ``values``; quartiles by linear interpolation (numpy's default)."""
    xs = sorted(float(v) for v in values)
    if not xs:
        raise ValueError("spread: no values")
    if any(not math.isfinite(v) for v in xs):
        raise ValueError(f"spread: values must be finite, got {xs}")

    def quantile(q: float) -> float:
        pos = q * (len(xs) - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, len(xs) - 1)
        return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)

    return Spread(statistics.median(xs), xs[0], quantile(0.25), quantile(0.75), xs[-1], len(xs))


def pooled_rounds(per_run: Iterable[Iterable[float]]) -> Spread:
    """The :class:`Spread` of ratios taken round by round inside each run, pooled over the runs. It keeps
    the number of runs: the rounds of one run share that run's state of the machine, so
    :func:`classify_ratio` judges them only when they come from ``MIN_VALUES`` runs or more."""
    runs = [list(values) for values in per_run]
    return replace(spread(v for values in runs for v in values), runs=len(runs))


def agreement(differences: Mapping[str, float], tolerances: Mapping[str, float] | float) -> str:
    """*supported* when every difference is at most its tolerance, *contradicted* otherwise.

    ``tolerances`` is one number for all, or one per name. A NaN difference never agrees.
    """
    if not differences:
        raise ValueError("agreement: no differences to judge")
    limit = (lambda name: tolerances) if isinstance(tolerances, (int, float)) else tolerances.__getitem__
    ok = all(d <= limit(name) for name, d in differences.items())  # False for NaN
    return SUPPORTED if ok else CONTRADICTED


def classify_ratio(ratios: Iterable[float] | Spread, threshold: float) -> str:
    """How a speed ratio (time of A / time of B: above 1, B is faster) compares with ``threshold``.

    *faster* when the lower quartile is at least ``threshold``, *slower* when the upper
    quartile is at most ``1/threshold``, *no real difference* when both quartiles lie strictly
    between, *unclear* when the interquartile range straddles a boundary, when fewer than
    ``MIN_VALUES`` ratios were measured, or when ratios taken round by round came from fewer than
    ``MIN_VALUES`` runs (:func:`pooled_rounds`).
    """
    if threshold <= 1.0:
        raise ValueError(f"classify_ratio: threshold must be above 1, got {threshold}")
    s = ratios if isinstance(ratios, Spread) else spread(ratios)
    if min(s.n, s.n if s.runs is None else s.runs) < MIN_VALUES:
        return UNCLEAR
    return _side(s.q1, s.q3, threshold)


def classify_count_ratio(ratio: float, threshold: float) -> str:
    """:func:`classify_ratio` for one exact ratio of counts (lines, statements), which a re-run cannot
    change: *faster* (larger) when it is at least ``threshold``, *slower* when at most ``1/threshold``,
    *no real difference* strictly between."""
    if threshold <= 1.0:
        raise ValueError(f"classify_count_ratio: threshold must be above 1, got {threshold}")
    return _side(ratio, ratio, threshold)


def _side(low: float, high: float, threshold: float) -> str:
    if low >= threshold:
        return FASTER
    if high <= 1.0 / threshold:
        return SLOWER
    if 1.0 / threshold < low and high < threshold:
        return SAME
    return UNCLEAR


def for_expected(outcome: str, expected: str | tuple[str, ...]) -> str:
    """The verdict on a claim that predicts ``expected`` (one outcome, or a tuple of outcomes
    that all agree with it): *supported* when the outcome is one of them, *not testable here*
    when the outcome is unclear, *contradicted* otherwise."""
    if outcome == UNCLEAR:
        return NOT_TESTABLE
    return SUPPORTED if outcome in ((expected,) if isinstance(expected, str) else expected) else CONTRADICTED


def across(verdicts: Mapping[str, str]) -> str:
    """One verdict for a claim judged at several settings, e.g. ``{"256 floats": ..., "1e6 floats": ...}``.

    Settings that were not testable are left out; the rest must all say *supported* or all
    *contradicted*, otherwise the claim *depends* on the setting. Nothing testable: not testable.
    """
    unknown = set(verdicts.values()) - set(VERDICTS)
    if unknown:
        raise ValueError(f"across: not verdicts: {sorted(unknown)}")
    testable = {v for v in verdicts.values() if v != NOT_TESTABLE}
    if not testable:
        return NOT_TESTABLE
    if len(testable) == 1:
        return testable.pop()
    return DEPENDS


def where(verdicts: Mapping[str, str], verdict: str) -> list[str]:
    """The settings at which the claim came out as ``verdict``, in order."""
    return [name for name, v in verdicts.items() if v == verdict]
