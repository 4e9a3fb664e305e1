"""One timing protocol for every framework and mode, so that both halves of a pair are timed alike.

The notebook hands in its framework's ``sync`` (the call that waits until the device has
finished; nothing to do on the CPU), so no framework code lives here.
"""
from __future__ import annotations

import time
from typing import Any, Callable


def first_call(make: Callable[[], Callable], x: Any, sync: Callable[[], None]) -> tuple[Callable, Any, float]:
    """Build a mode's callable and call it once; tracing and compiling land in the time returned."""
    sync()
    start = time.perf_counter()
    fn = make()
    out = fn(x)
    sync()
    return fn, out, time.perf_counter() - start


def interleaved(fns: dict[str, Callable], x: Any, *, warmup: int, repeats: int,
                sync: Callable[[], None]) -> dict[str, list[float]]:
    """Seconds per call of each mode: ``warmup`` untimed calls of each, then ``repeats`` rounds
    in which the modes take turns, one timed call each, so load from elsewhere hits them alike."""
    for fn in fns.values():
        for _ in range(warmup):
            fn(x)
    sync()
    samples: dict[str, list[float]] = {mode: [] for mode in fns}
    for _ in range(repeats):
        for mode, fn in fns.items():
            start = time.perf_counter()
            fn(x)
            sync()
            samples[mode].append(time.perf_counter() - start)
    return samples
