"""Hand-written NumPy references for the fundamentals both frameworks claim to compute.

Everything here is plain NumPy in float64, written out step by step, so a notebook
can hold a framework's float32 answer against an independent one. Nothing here
imports a framework.

The small network of chapter 1 is ``logits = relu(x @ w1 + b1) @ w2 + b2`` with
its parameters in a dict ``{"w1", "b1", "w2", "b2"}``, weights laid out
``(fan_in, fan_out)`` as :func:`utils.data.glorot_uniform` makes them. Chapter 2's
data-dependent rule is :func:`branch_and_halve`.
"""
from __future__ import annotations

import numpy as np

MLP_PARAMS = ("w1", "b1", "w2", "b2")


def as64(a) -> np.ndarray:
    """``a`` as a float64 NumPy array (a copy when the dtype changes)."""
    return np.asarray(a, dtype=np.float64)


def max_abs_diff(a, b) -> float:
    """The largest ``|a - b|`` over all elements, in float64; shapes must match."""
    a, b = as64(a), as64(b)
    if a.shape != b.shape:
        raise ValueError(f"max_abs_diff: shapes differ, {a.shape} vs {b.shape}")
    return float(np.max(np.abs(a - b))) if a.size else 0.0


class GrossError(ValueError):
    """A result that cannot be compared at all: NaN or infinite values, or the wrong shape."""


class Checker:
    """Holds a notebook's results against the NumPy reference, one call per result.

    Each call records the largest absolute difference and a fingerprint (a few
    full-precision numbers of the result, so the compare notebook can set the two
    frameworks against each other directly) and prints a line that reads the same on
    every run while the result agrees. A difference above the tolerance is recorded and
    printed, not raised: the comparison notebook decides what it means. Only a gross
    error (a shape that differs from the reference, a NaN or an infinity) stops the run.
    ``rows`` is what the notebook's results file keeps.
    """

    def __init__(self, framework: str, tolerance: float):
        self.framework, self.tolerance, self.rows = framework, tolerance, []

    def __call__(self, name: str, got, want, fingerprint, tol: float | None = None) -> bool:
        tol = self.tolerance if tol is None else tol
        got64, want64 = as64(got), as64(want)
        if got64.shape != want64.shape:
            raise GrossError(f"{name}: {self.framework} gave shape {got64.shape}, NumPy {want64.shape}")
        if not np.all(np.isfinite(got64)):
            raise GrossError(f"{name}: {self.framework} gave NaN or infinite values")
        diff = max_abs_diff(got64, want64)
        passed = diff <= tol
        self.rows.append({"name": name, "max_abs_diff": diff, "tolerance": tol, "exact": tol == 0,
                          "passed": passed, "fingerprint": [float(v) for v in np.ravel(fingerprint)]})
        bound = "exactly" if tol == 0 else f"within {tol:g}"
        print(f"{name:<24} " + (f"matches NumPy ({bound})" if passed
                                else f"DIFFERS from NumPy by {diff:.3e}, not {bound}"))
        return passed


def norm_and_head(a) -> list[float]:
    """A fingerprint of an array: its L2 norm and its first five values."""
    a = as64(a)
    return [float(np.linalg.norm(a)), *a.ravel()[:5]]


def flat(params: dict) -> np.ndarray:
    """All parameters of the network in one float64 vector, in the order of ``MLP_PARAMS``."""
    return np.concatenate([as64(params[k]).ravel() for k in MLP_PARAMS])


def sigmoid(z) -> np.ndarray:
    """``1 / (1 + exp(-z))``, written so that no exponent overflows."""
    z = as64(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(z) -> np.ndarray:
    return np.maximum(as64(z), 0.0)


def log_softmax(logits) -> np.ndarray:
    """Row-wise log-softmax, shifted by the row maximum for stability."""
    z = as64(logits)
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def softmax(logits) -> np.ndarray:
    return np.exp(log_softmax(logits))


def one_hot(labels, n_classes: int) -> np.ndarray:
    return np.eye(n_classes, dtype=np.float64)[np.asarray(labels)]


def mse(pred, target) -> float:
    """Mean of the squared differences over every element."""
    return float(np.mean((as64(pred) - as64(target)) ** 2))


def cross_entropy(logits, labels) -> float:
    """Mean over the batch of ``-log softmax(logits)[label]``."""
    logp = log_softmax(logits)
    labels = np.asarray(labels)
    return float(-logp[np.arange(len(labels)), labels].mean())


def mlp_logits(params: dict, x) -> np.ndarray:
    """Forward pass of the two-layer ReLU network."""
    hidden = relu(as64(x) @ as64(params["w1"]) + as64(params["b1"]))
    return hidden @ as64(params["w2"]) + as64(params["b2"])


def mlp_loss_and_grads(params: dict, x, labels) -> tuple[float, dict]:
    """Mean cross-entropy of the network and its gradient for every parameter.

    The backward pass is the chain rule written out by hand, layer by layer.
    """
    x = as64(x)
    w1, b1, w2, b2 = (as64(params[k]) for k in MLP_PARAMS)
    pre = x @ w1 + b1                      # (n, hidden)
    hidden = np.maximum(pre, 0.0)
    logits = hidden @ w2 + b2              # (n, classes)
    loss = cross_entropy(logits, labels)

    n = x.shape[0]
    d_logits = (softmax(logits) - one_hot(labels, logits.shape[1])) / n
    grads = {"w2": hidden.T @ d_logits, "b2": d_logits.sum(axis=0)}
    d_pre = (d_logits @ w2.T) * (pre > 0)
    grads["w1"] = x.T @ d_pre
    grads["b1"] = d_pre.sum(axis=0)
    return loss, {k: grads[k] for k in MLP_PARAMS}


def sgd_step(params: dict, grads: dict, lr: float) -> dict:
    """One plain gradient-descent step, ``theta - lr * grad``, for every parameter."""
    return {k: as64(params[k]) - lr * as64(grads[k]) for k in params}


def sgd_run(params: dict, x, labels, steps: int, batch: int, lr: float) -> dict:
    """``steps`` steps of plain SGD on the network of :func:`mlp_loss_and_grads`, in float64, taking
    the rows of ``x`` in batches of ``batch`` in order, from the start again once they run out."""
    theta = {k: as64(v) for k, v in params.items()}
    n_batches = len(x) // batch
    for i in range(steps):
        lo = (i % n_batches) * batch
        _, grads = mlp_loss_and_grads(theta, x[lo:lo + batch], labels[lo:lo + batch])
        theta = sgd_step(theta, grads, lr)
    return theta


def max_param_diff(a: dict, b: dict) -> float:
    """The largest |a - b| over every weight and bias of two parameter dicts of the network."""
    return max(max_abs_diff(a[k], b[k]) for k in MLP_PARAMS)


def branch_and_halve(x) -> tuple[np.ndarray, int]:
    """Double ``x`` when its sum is positive, negate it otherwise, then halve it until no
    element exceeds 1; returns the result and the number of halvings."""
    y = as64(x)
    y = y * 2.0 if y.sum() > 0 else -y
    halvings = 0
    while y.max() > 1.0:
        y, halvings = y / 2.0, halvings + 1
    return y, halvings
