import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def execute():
    """Run ``python -m utils.execute`` with its outputs in ``build``; returns the finished process."""
    def run(build: Path, *args: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, BOOK_BUILD_DIR=str(build))
        return subprocess.run([sys.executable, "-m", "utils.execute", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=900)
    return run
