"""Sorting the operations of a profile into kinds, so that two frameworks' profiles can be
set side by side although their operations have different names.

PyTorch names an operation ``aten::addmm``, TensorFlow ``MatMul`` or, from oneDNN,
``_MklNativeFusedMatMul``; both are a *matrix product*. The first pattern that matches an
operation's name (case-insensitive) gives its kind, so the order below matters: a fused
convolution with a bias is a convolution, not an elementwise add.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

KINDS: tuple[tuple[str, str], ...] = (
    ("autograd bookkeeping", r"autograd::engine|accumulategrad"),
    ("convolution", r"conv"),
    ("matrix product", r"matmul|addmm|\bmm\b|::mm|gemm|bmm|einsum|\blinear\b|::linear"),
    ("recurrent cell", r"lstm|gru|rnn"),
    ("pooling", r"pool|reduce-window|select-and-scatter"),  # XLA's instructions for max pooling and its gradient
    ("loss and softmax", r"softmax|cross_?entropy|nll|xent|logsumexp"),
    ("optimizer update", r"optimizer|applygradient|resourceapply|_foreach|sgd|assign|readvariable|varhandle"),
    ("data movement", r"copy|transpose|reshape|view|permute|contiguous|concat|slice|select|gather|identity|"
                      r"\bpad\b|clone|zero|fill|empty|\bcast\b|expand|squeeze|stack|unbind|split|strided|tile|"
                      r"shape|flatten|as_strided|\bto\b|_to_copy|pack|tensorlist|::t$"),
    ("elementwise and reduction", r"relu|threshold|sigmoid|tanh|add|mul|sub|div|bias|exp|log|neg|sum|mean|max|"
                                  r"min|square|sqrt|pow|where|equal|greater|less|argmax|sign"),
)
OTHER = "other"
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in KINDS]


def kind_of(op: str) -> str:
    """The kind of an operation, from its name; ``"other"`` when no pattern matches."""
    for kind, pattern in _COMPILED:
        if pattern.search(op):
            return kind
    return OTHER


def by_kind(seconds_per_op: Mapping[str, float]) -> dict[str, float]:
    """Seconds per kind, every kind present (zero when absent), in the order of :data:`KINDS`."""
    totals = dict.fromkeys(kinds(), 0.0)
    for op, seconds in seconds_per_op.items():
        totals[kind_of(op)] += seconds
    return totals


def top(seconds_per_op: Mapping[str, float], n: int) -> list[tuple[str, float]]:
    """The ``n`` operations that took longest, longest first (ties by name, for a stable order)."""
    return sorted(seconds_per_op.items(), key=lambda item: (-item[1], item[0]))[:n]


def kinds() -> list[str]:
    """Every kind, in the order of :data:`KINDS`, ``"other"`` last."""
    return [kind for kind, _ in KINDS] + [OTHER]
