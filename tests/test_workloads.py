import numpy as np
import pytest

from utils.chapters import ch05_workloads as workloads


def test_the_articles_mlp_counts_its_flops_from_its_shapes():
    mlp = workloads.build("mlp", 2048)
    assert mlp.forward_flops(1) == 2 * (784 * 64 + 64 * 10)
    assert mlp.train_flops(64) == 3 * 64 * mlp.forward_flops(1)


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
