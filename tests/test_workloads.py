import numpy as np
import pytest

from utils.chapters import ch05_workloads as workloads


def test_the_articles_mlp_counts_its_flops_from_its_shapes():
    mlp = workloads.build("mlp", 2048)
    assert mlp.forward_flops(1) == 2 * (784 * 64 + 64 * 10)
    # forward and weight gradient for both layers, the input's gradient for the second only
    assert mlp.train_flops(64) == 64 * 2 * (3 * 64 * 10 + 2 * 784 * 64)


def test_the_cnn_counts_both_convolutions_at_their_output_sizes():
    cnn = workloads.build("cnn", 2048)
    convs = 2 * 5 * 5 * 1 * 6 * 28 * 28 + 2 * 5 * 5 * 6 * 16 * 10 * 10
    dense = 2 * (400 * 120 + 120 * 84 + 84 * 10)
    assert cnn.forward_flops(1) == convs + dense


@pytest.mark.parametrize("name", workloads.NAMES)
def test_weights_are_seeded_and_in_keras_layout(name):
    w = workloads.build(name, 32)
    a, b = w.initial_weights(3), w.initial_weights(3)
    assert list(a) == list(b) and all(np.array_equal(a[k], b[k]) for k in a)
    assert all(v.dtype == np.float32 for v in a.values())
    kernels = [v for k, v in a.items() if k.endswith("/kernel")]
    assert kernels[-1].shape[-1] == workloads.CLASSES
    assert not np.array_equal(w.initial_weights(4)[next(iter(a))], a[next(iter(a))])


@pytest.mark.parametrize("name", workloads.NAMES)
def test_data_matches_the_input_shape_and_batches_wrap_around(name):
    w = workloads.build(name, 32)
    x, y = workloads.data(w, 0)
    assert x.shape[1:] == w.input_shape and x.dtype == np.float32 and y.dtype == np.int64
    assert set(np.unique(y)) <= set(range(workloads.CLASSES))
    xb, yb = workloads.batch(x, y, 64, len(x) // 64 + 1)
    assert xb.shape == (64, *w.input_shape)
    start = (len(x) // 64 + 1) * 64 % len(x)
    assert np.array_equal(yb[0], y[start])


def test_an_unknown_workload_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown workload 'rnn'"):
        workloads.build("rnn", 32)


def torch_network(w):
    """The workload as a PyTorch module, for PyTorch's FLOP counter (shapes only: the weights are PyTorch's)."""
    torch = pytest.importorskip("torch")
    nn = torch.nn
    layers = []
    for layer in w.layers:
        if layer[0] == "dense":
            layers += [nn.Flatten(), nn.Linear(layer[1], layer[2]), nn.ReLU()]
        elif layer[0] == "conv":
            _, k, cin, cout, side = layer
            layers += [nn.Conv2d(cin, cout, k, padding=2 if cin == 1 else 0), nn.ReLU(), nn.MaxPool2d(2)]
        else:
            _, n_in, units, _steps = layer

            class Last(nn.Module):  # an LSTM unrolled cell by cell, whose matrix products the counter sees
                def __init__(self):
                    super().__init__()
                    self.cell = nn.LSTMCell(n_in, units)

                def forward(self, x):
                    h = c = torch.zeros(x.shape[0], units)
                    for t in range(x.shape[1]):
                        h, c = self.cell(x[:, t], (h, c))
                    return h
            layers.append(Last())
    return nn.Sequential(*layers[:-1] if layers[-1].__class__.__name__ == "ReLU" else layers)


@pytest.mark.parametrize("name", workloads.NAMES)
def test_the_counts_agree_with_pytorchs_flop_counter(name):
    """An independent count: PyTorch's FlopCounterMode over one forward pass and one backward pass of
    the same shapes, within 5 %."""
    torch = pytest.importorskip("torch")
    from torch.utils.flop_counter import FlopCounterMode

    w = workloads.build(name, 64)
    net, batch = torch_network(w), 4
    x = torch.zeros((batch, *w.input_shape))
    if w.layers[0][0] == "conv":
        x = x.permute(0, 3, 1, 2)
    with FlopCounterMode(display=False) as forward:
        net(x)
    assert forward.get_total_flops() == pytest.approx(w.forward_flops(batch), rel=0.05)
    with FlopCounterMode(display=False) as step:
        net(x).sum().backward()
    assert step.get_total_flops() == pytest.approx(w.train_flops(batch), rel=0.05)
