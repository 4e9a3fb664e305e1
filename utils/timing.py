"""One timing protocol for every framework and mode, so that both halves of a pair are timed alike.

The notebook hands in its framework's ``sync`` (the call that waits until the device has
finished; nothing to do on the CPU), so no framework code lives here. The analysis of the
samples is here too: ratios taken round by round, and a straight-line fit of time per call
against the number of operations, which splits a fixed cost per call from a cost per op.
"""
from __future__ import annotations

import contextlib
import cProfile
import pstats
import statistics
import time
from typing import Any, Callable, ContextManager, Mapping, Sequence


def first_call(make: Callable[[], Callable], x: Any, sync: Callable[[], None]) -> tuple[Callable, Any, float]:
    """Build a mode's callable and call it once; tracing and compiling land in the time returned."""
    sync()
    start = time.perf_counter()
    fn = make()
    out = fn(x)
    sync()
    return fn, out, time.perf_counter() - start


def interleaved(fns: dict[str, Callable], x: Any, *, warmup: int, repeats: int,
                sync: Callable[[], None],
                around: Mapping[str, Callable[[], ContextManager]] | None = None) -> dict[str, list[float]]:
    """Seconds per call of each mode: ``warmup`` untimed calls of each, then ``repeats`` rounds
    in which the modes take turns, one timed call each, so load from elsewhere hits them alike.

    ``around[mode]``, when given, makes a context that each call of that mode runs inside
    (a setting switched on for that mode only); entering and leaving it is not timed.
    """
    around = around or {}

    def context(mode: str) -> ContextManager:
        return around[mode]() if mode in around else contextlib.nullcontext()

    for mode, fn in fns.items():
        with context(mode):
            for _ in range(warmup):
                fn(x)
    sync()
    samples: dict[str, list[float]] = {mode: [] for mode in fns}
    for _ in range(repeats):
        for mode, fn in fns.items():
            with context(mode):
                start = time.perf_counter()
                fn(x)
                sync()
                samples[mode].append(time.perf_counter() - start)
    return samples


def interleaved_steps(loops: Mapping[str, Callable[[], Sequence[float]]], *, warmup: int,
                      repeats: int) -> dict[str, list[float]]:
    """Like :func:`interleaved`, for loops that clock their own steps: each call runs a whole loop (an
    epoch, say) and returns the seconds of its steps. ``warmup`` untimed calls of each, then ``repeats``
    rounds in which the loops take turns; a round's sample is the median step of its call."""
    for loop in loops.values():
        for _ in range(warmup):
            loop()
    samples: dict[str, list[float]] = {name: [] for name in loops}
    for _ in range(repeats):
        for name, loop in loops.items():
            samples[name].append(statistics.median(loop()))
    return samples


def function_name(where: tuple[str, int, str]) -> str:
    """cProfile's ``(file, line, name)`` as ``package/module.py:name`` below site-packages, or the name
    of a built-in."""
    path, _, name = where
    if path == "~":
        return name
    parts = path.replace("\\", "/").split("/site-packages/")
    return f"{parts[-1] if len(parts) > 1 else path.rsplit('/', 1)[-1]}:{name}"


def package_of(where: tuple[str, int, str]) -> str:
    """The installed package a profiled function's code belongs to (``keras``, ``torch``, ...),
    ``built-in`` for functions written in C, ``other`` for code outside site-packages."""
    path = where[0].replace("\\", "/")
    if path == "~":
        return "built-in"
    parts = path.split("/site-packages/")
    return parts[-1].split("/", 1)[0] if len(parts) > 1 else "other"


def profile_top(fn: Callable[[], Any], top: int = 5) -> dict:
    """Call ``fn`` once under cProfile: its wall time then, the number of function calls it made, the
    ``top`` functions by the time spent in their own code (not in what they call) with their calls, and
    that time summed by package (:func:`package_of`), each with its share of the wall time. The profiler
    slows Python code more than native code, so the shares attribute time; they are not timings."""
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.runcall(fn)
    total = time.perf_counter() - start
    stats = pstats.Stats(profile).stats
    own = sorted(((row[2], where) for where, row in stats.items()), reverse=True)
    packages: dict[str, float] = {}
    for seconds, where in own:
        package = package_of(where)
        packages[package] = packages.get(package, 0.0) + seconds
    return {"total_s": total, "calls": sum(row[1] for row in stats.values()),
            "top": [{"function": function_name(where), "self_s": seconds, "share": seconds / total,
                     "calls": stats[where][1]} for seconds, where in own[:top]],
            "by_package": {name: {"self_s": seconds, "share": seconds / total}
                           for name, seconds in sorted(packages.items(), key=lambda item: -item[1])}}


def package_shares(found: Mapping, floor: float) -> str:
    """A :func:`profile_top` result's own time by package, in words: ``"keras 45%, built-in 30%"``, largest
    share first, packages whose share is under ``floor`` left out."""
    return ", ".join(f"{name} {p['share']:.0%}" for name, p in
                     sorted(found["by_package"].items(), key=lambda item: -item[1]["share"]) if p["share"] >= floor)


def paired_ratios(samples: Mapping[str, Sequence[float]], numerator: str, denominator: str) -> list[float]:
    """``numerator`` time / ``denominator`` time, round by round (the modes took turns, so round
    ``i`` of both ran under the same load); above 1 the denominator's mode is faster."""
    a, b = samples[numerator], samples[denominator]
    if len(a) != len(b):
        raise ValueError(f"paired_ratios: {numerator} has {len(a)} samples, {denominator} {len(b)}")
    return [x / y for x, y in zip(a, b)]


def fixed_and_per_op(n_ops: Sequence[float], seconds: Sequence[float]) -> tuple[float, float]:
    """Least-squares line ``seconds = fixed + per_op * n_ops``: returns ``(fixed, per_op)``.

    Needs at least two different ``n_ops``.
    """
    if len(n_ops) != len(seconds) or len(set(n_ops)) < 2:
        raise ValueError(f"fixed_and_per_op: need two or more distinct op counts with a time each, got {list(n_ops)}")
    n = len(n_ops)
    mx, my = sum(n_ops) / n, sum(seconds) / n
    sxx = sum((x - mx) ** 2 for x in n_ops)
    slope = sum((x - mx) * (y - my) for x, y in zip(n_ops, seconds)) / sxx
    return my - slope * mx, slope
