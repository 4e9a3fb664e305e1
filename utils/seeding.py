"""One seed for everything that is not a framework.

Frameworks are seeded in the notebooks (``torch.manual_seed``,
``tf.keras.utils.set_random_seed``) so the reader sees it happen.
"""
from __future__ import annotations

import os
import random

import numpy as np


def seed_everything(seed: int) -> np.random.Generator:
    """Seed Python's and NumPy's global generators and return a fresh NumPy Generator."""
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    return np.random.default_rng(seed)
