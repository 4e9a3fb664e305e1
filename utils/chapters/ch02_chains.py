"""Chapter 2's timed workload, written once for both halves: chains of cheap elementwise steps.

The steps use only Python's operators and the functions a half passes in (``torch.sin`` or
``tf.sin``...), so the very same Python function runs on either framework's tensors, and in every
mode that half captures or compiles. Nothing here imports a framework.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

Step = Callable


def scale(t):
    return t * 1.5


def shift(t):
    return t + 0.25


def with_constants(c15, c025):
    """:func:`scale` and :func:`shift` with their Python numbers replaced by tensors made once."""
    def scale_const(t):
        return t * c15

    def shift_const(t):
        return t + c025
    return scale_const, shift_const


def make_chain(n: int, steps: Sequence[Step]):
    """A function that applies n operations of ``steps`` in turn."""
    def op_chain(x):
        for i in range(n):
            x = steps[i % len(steps)](x)
        return x
    return op_chain


def keep_every_result(n: int, steps: Sequence[Step]):
    """The chain of :func:`make_chain`, returning every intermediate result, so that none can lend its memory."""
    def op_chain(x):
        kept = []
        for i in range(n):
            x = steps[i % len(steps)](x)
            kept.append(x)
        return kept
    return op_chain


def show(values) -> str:
    """An array as a short list of rounded numbers: the same text on every run."""
    return "[" + ", ".join(f"{v:.4f}" for v in np.asarray(values).ravel()) + "]"
