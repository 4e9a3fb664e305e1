"""Chapter 5's standard workloads, described once for both frameworks: shapes, data, initial
weights and the arithmetic each step costs.

Each notebook builds the same network from a :class:`Workload` in its own framework code;
this module holds only what is framework-free. Weights come in Keras's layout (a dense
kernel is ``(inputs, outputs)``, a convolution kernel ``(height, width, in, out)``, an LSTM
kernel ``(inputs, 4 * units)`` with the gates in the order input, forget, cell, output), so
the PyTorch notebook transposes them where its layout differs, in plain sight.

FLOPs count multiply-adds as two operations, in the dense, convolution and recurrent
matrix products only (activations, pooling, biases and the loss are left out: they are a small
share here and not what a peak matmul rate measures). A training step counts, layer by layer,
the forward product, the product that gives the weights' gradient (as many FLOPs again), and the
product that gives the gradient with respect to the layer's input, which a training step does not
need for the first layer, whose input is the data (an LSTM still carries the gradient through its
own recurrent kernel). PyTorch's autograd skips that product, and ``tests/test_workloads.py``
holds these counts against PyTorch's own FLOP counter. TensorFlow's gradient of a convolution
(``_Conv2DGrad``) computes it anyway, so in eager mode its CNN step does somewhat more arithmetic than
counted here; a ``tf.function`` graph can prune the unused result.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data import digits, glorot_uniform

NAMES = ("mlp", "cnn", "lstm", "large_mlp")
CLASSES = 10
IMAGE = 28                  # the 8x8 digits, each pixel made a 3x3 block, padded by 2 on every side
SEQUENCE = (32, 16)         # the synthetic sequences: 32 time steps of 16 features
LSTM_UNITS = 64


@dataclass(frozen=True)
class Workload:
    name: str
    what: str                            # one line for the tables
    input_shape: tuple[int, ...]         # one example, channels last
    layers: tuple[tuple, ...]            # ("dense", in, out) | ("conv", k, cin, cout, out_side) | ("lstm", in, units, steps)

    def layer_flops(self, layer: tuple) -> tuple[int, int]:
        """Per example, the FLOPs of a layer's forward products that act on its input, and of those that
        act on its own state (an LSTM's recurrent kernel; nothing for the other layers)."""
        if layer[0] == "dense":
            return 2 * layer[1] * layer[2], 0
        if layer[0] == "conv":
            _, k, cin, cout, side = layer
            return 2 * k * k * cin * cout * side * side, 0
        _, n_in, units, steps = layer
        return 2 * n_in * 4 * units * steps, 2 * units * 4 * units * steps

    def forward_flops(self, batch: int) -> int:
        """Multiply-add FLOPs of one forward pass over ``batch`` examples."""
        return batch * sum(sum(self.layer_flops(layer)) for layer in self.layers)

    def train_flops(self, batch: int) -> int:
        """FLOPs of one training step (see the module's notes): each layer's forward products, their
        weight gradients, and the gradient with respect to its input, except the first layer's data."""
        total = 0
        for i, layer in enumerate(self.layers):
            on_input, on_state = self.layer_flops(layer)
            total += 2 * (on_input + on_state) + on_state + (on_input if i else 0)
        return batch * total

    def initial_weights(self, seed: int) -> dict[str, np.ndarray]:
        """Glorot-uniform kernels and zero biases from one seeded generator, in Keras's layout."""
        rng = np.random.default_rng(seed)
        weights = {}
        for i, layer in enumerate(self.layers):
            if layer[0] == "dense":
                weights[f"dense{i}/kernel"] = glorot_uniform(rng, layer[1], layer[2])
                weights[f"dense{i}/bias"] = np.zeros(layer[2], np.float32)
            elif layer[0] == "conv":
                _, k, cin, cout, _side = layer
                limit = np.sqrt(6.0 / (k * k * cin + k * k * cout))
                weights[f"conv{i}/kernel"] = rng.uniform(-limit, limit, (k, k, cin, cout)).astype(np.float32)
                weights[f"conv{i}/bias"] = np.zeros(cout, np.float32)
            else:
                _, n_in, units, _steps = layer
                weights[f"lstm{i}/kernel"] = glorot_uniform(rng, n_in, 4 * units)
                weights[f"lstm{i}/recurrent_kernel"] = glorot_uniform(rng, units, 4 * units)
                weights[f"lstm{i}/bias"] = np.zeros(4 * units, np.float32)
        return weights


def build(name: str, large_width: int) -> Workload:
    """The workload called ``name``; ``large_width`` is the hidden width of ``large_mlp``."""
    if name == "mlp":
        return Workload(name, "the articles' MLP, 784-64-10, on the digits", (IMAGE * IMAGE,),
                        (("dense", IMAGE * IMAGE, 64), ("dense", 64, CLASSES)))
    if name == "cnn":
        return Workload(name, "LeNet-style CNN on the digits at 28x28: conv 5x5x6, pool, conv 5x5x16, pool, 120-84-10",
                        (IMAGE, IMAGE, 1),
                        (("conv", 5, 1, 6, 28), ("conv", 5, 6, 16, 10),
                         ("dense", 400, 120), ("dense", 120, 84), ("dense", 84, CLASSES)))
    if name == "lstm":
        steps, features = SEQUENCE
        return Workload(name, f"one LSTM layer of {LSTM_UNITS} units over {steps} steps of {features} features, then 10 classes",
                        SEQUENCE, (("lstm", features, LSTM_UNITS, steps), ("dense", LSTM_UNITS, CLASSES)))
    if name == "large_mlp":
        w = large_width
        return Workload(name, f"a wide MLP, 784-{w}-{w}-10, where matrix products dominate", (IMAGE * IMAGE,),
                        (("dense", IMAGE * IMAGE, w), ("dense", w, w), ("dense", w, CLASSES)))
    raise ValueError(f"unknown workload {name!r}; known: {', '.join(NAMES)}")


def digit_images(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The training digits as 28x28 images, ``(n, 28, 28, 1)`` float32, and their labels."""
    split = digits(seed)
    images = split.x_train.reshape(-1, 8, 8)
    images = np.kron(images, np.ones((3, 3), np.float32))           # 24x24, each pixel a 3x3 block
    images = np.pad(images, ((0, 0), (2, 2), (2, 2)))               # 28x28, like MNIST's margin
    return images[..., None].astype(np.float32), split.y_train


def sequences(seed: int, n: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic sequences ``(n, 32, 16)`` and labels: the class is which of 10 fixed
    directions the sequence's mean lies closest to, so a recurrent model can learn it."""
    rng = np.random.default_rng(seed + 1)
    steps, features = SEQUENCE
    directions = rng.standard_normal((CLASSES, features))
    x = rng.standard_normal((n, steps, features)).astype(np.float32)
    labels = np.argmax(x.mean(axis=1) @ directions.T, axis=1).astype(np.int64)
    return x, labels


def data(workload: Workload, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Inputs shaped ``(n, *workload.input_shape)`` and int64 labels for ``workload``."""
    if workload.name == "lstm":
        return sequences(seed)
    images, labels = digit_images(seed)
    return images.reshape((len(images), *workload.input_shape)), labels


def batch(x: np.ndarray, y: np.ndarray, size: int, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Batch number ``step`` of a fixed order: consecutive slices, wrapping around the data."""
    index = (np.arange(size) + step * size) % len(x)
    return x[index], y[index]
