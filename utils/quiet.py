"""Keeping a framework's native log lines off the page: framework-free.

TensorFlow's C++ runtime writes time-stamped lines (no CUDA driver found, oneDNN notices) straight
to file descriptor 2, before Python's logging is set up, so neither ``TF_CPP_MIN_LOG_LEVEL`` nor
the ``logging`` module hides them, and whether a kernel forwards them to the notebook differs
between papermill and nbval. Python's own errors and warnings still go where they always go.
"""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null while the block runs; the old one comes back after."""
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
