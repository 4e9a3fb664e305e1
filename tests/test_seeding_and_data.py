import random
import subprocess
import sys

import numpy as np

from utils import data, seeding


def test_same_seed_same_numbers():
    a = seeding.seed_everything(7)
    first = (random.random(), np.random.rand(), a.random())
    b = seeding.seed_everything(7)
    assert (random.random(), np.random.rand(), b.random()) == first


def test_split_is_identical_for_a_seed_and_partitions_the_digits():
    one, two = data.digits(3), data.digits(3)
    for name in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(one, name), getattr(two, name))
    assert len(one.y_train) + len(one.y_test) == 1797
    assert one.x_train.dtype == np.float32 and one.y_train.dtype == np.int64
    assert one.x_train.min() >= 0.0 and one.x_train.max() <= 1.0
    assert one.n_features == 64 and one.n_classes == 10
    other = data.digits(4)
    assert not np.array_equal(one.y_train, other.y_train)


def test_glorot_weights_are_reproducible_and_bounded():
    w1 = data.glorot_uniform(np.random.default_rng(0), 64, 16)
    w2 = data.glorot_uniform(np.random.default_rng(0), 64, 16)
    np.testing.assert_array_equal(w1, w2)
    assert w1.shape == (64, 16) and w1.dtype == np.float32
    assert np.abs(w1).max() <= np.sqrt(6 / 80)


def test_importing_utils_imports_no_framework():
    code = ("import importlib, pkgutil, sys, utils\n"
            "names = [m.name for m in pkgutil.iter_modules(utils.__path__)]\n"
            "assert len(names) >= 15 and 'timing' in names, names\n"
            "for name in names: importlib.import_module(f'utils.{name}')\n"
            "print(sorted(m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
