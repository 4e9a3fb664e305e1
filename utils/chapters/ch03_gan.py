"""Chapter 3's small GAN, framework-free: its sizes, its initial weights and its batches, the same
NumPy arrays for both halves, so that both frameworks train one GAN from one start on one stream of
data. The networks and the training step are written in each notebook, in each framework's own way.

The generator maps ``NOISE`` standard-normal numbers through ``HIDDEN`` ReLU units to the 64 pixels
of an 8×8 digit (tanh, so pixels lie in [-1, 1]); the discriminator maps 64 pixels through
``CRITIC`` leaky-ReLU units to one logit, "real" above zero.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

from ..data import glorot_uniform

NOISE, HIDDEN, PIXELS, CRITIC = 16, 64, 64, 32
LEAK = 0.2            # the discriminator's leaky-ReLU slope
LR, BETA_1 = 2e-4, 0.5  # Adam as GANs are usually trained


def gan_weights(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Glorot-uniform weights laid out (fan_in, fan_out) and zero biases, generator ``g_*`` and
    discriminator ``d_*``."""
    shapes = {"g_w1": (NOISE, HIDDEN), "g_w2": (HIDDEN, PIXELS), "d_w1": (PIXELS, CRITIC), "d_w2": (CRITIC, 1)}
    weights = {}
    for name, (fan_in, fan_out) in shapes.items():
        weights[name] = glorot_uniform(rng, fan_in, fan_out)
        weights[name.replace("w", "b")] = np.zeros(fan_out, dtype=np.float32)
    return weights


def gan_batches(digits64: np.ndarray, steps: int, batch_size: int,
                rng: np.random.Generator) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``steps`` pairs of (real digits scaled to [-1, 1], generator noise), float32, drawn by ``rng``."""
    if not 0.0 <= float(digits64.min()) and float(digits64.max()) <= 1.0:
        raise ValueError("gan_batches: the digits must lie in [0, 1]")
    for _ in range(steps):
        rows = rng.integers(0, len(digits64), size=batch_size)
        yield (2.0 * digits64[rows] - 1.0).astype(np.float32), rng.standard_normal((batch_size, NOISE)).astype(np.float32)
