"""The shared data, as NumPy arrays: one split, identical for both frameworks.

The handwritten digits ship inside scikit-learn, so nothing is downloaded.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Split:
    x_train: np.ndarray  # float32, shape (n, 64), pixel values scaled to [0, 1]
    y_train: np.ndarray  # int64 class labels 0..9
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def n_features(self) -> int:
        return self.x_train.shape[1]

    @property
    def n_classes(self) -> int:
        return int(max(self.y_train.max(), self.y_test.max())) + 1


def digits(seed: int, test_fraction: float = 0.25) -> Split:
    """The 1,797 8x8 digits of scikit-learn, shuffled by ``seed`` and split once."""
    from sklearn.datasets import load_digits

    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction = {test_fraction!r} must lie strictly between 0 and 1")
    bunch = load_digits()
    x = (bunch.data / 16.0).astype(np.float32)
    y = bunch.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = int(round(len(y) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return Split(x[train], y[train], x[test], y[test])


def glorot_uniform(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    """A (fan_in, fan_out) float32 weight matrix, to load into both frameworks alike."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(np.float32)


def to_784(x64: np.ndarray) -> np.ndarray:
    """8x8 digits -> 28x28, the input of the articles' networks: each pixel becomes a 3x3 block
    (24x24), then a border of 2 zero pixels; nothing is interpolated, so nothing is added or lost."""
    images = x64.reshape(-1, 8, 8)
    blocks = np.kron(images, np.ones((1, 3, 3), dtype=images.dtype))
    return np.pad(blocks, ((0, 0), (2, 2), (2, 2))).reshape(len(images), 784)


def simple_net_weights(rng: np.random.Generator, with_bias_noise: bool) -> dict[str, np.ndarray]:
    """The four parameters of the articles' 784-64-10 network (chapters 3 and 6), weights laid out
    (fan_in, fan_out); biases zero, or small random ones so that bias gradients are tested too."""
    def bias(n: int) -> np.ndarray:
        return (rng.uniform(-0.1, 0.1, n) if with_bias_noise else np.zeros(n)).astype(np.float32)
    return {"w1": glorot_uniform(rng, 784, 64), "b1": bias(64), "w2": glorot_uniform(rng, 64, 10), "b2": bias(10)}
