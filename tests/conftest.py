import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCES = ROOT / "tests" / "reference"

# nbval's kernels inherit the environment: the reference notebooks write their results here.
os.environ.setdefault("BOOK_BUILD_DIR", str(ROOT / "_build" / "test"))


def pytest_sessionstart(session):
    """Build matplotlib's font cache now, not inside a reference notebook, where its one-time
    notice on stderr would differ from the committed outputs."""
    import matplotlib.font_manager  # noqa: F401


def pytest_collection_modifyitems(session, config, items):
    """nbval runs the reference notebooks in the book's order (a chapter's pair before its
    comparison, which reads their results), each notebook's cells kept together and in order,
    and the tests marked ``after_references`` after all of them."""
    from utils.pipeline import notebooks

    rank = {(REFERENCES / f"{nb.id}.ipynb"): nb.order for nb in notebooks.discover()}
    last = len(rank)  # tests marked after_references read what the references wrote
    items.sort(key=lambda item: last if item.get_closest_marker("after_references") else rank.get(Path(str(item.fspath)), -1))


@pytest.fixture
def reference_results(request):
    """The results folder that nbval's run of every reference notebook filled in this session."""
    if not any(Path(str(item.fspath)).parent.parent == REFERENCES for item in request.session.items):
        pytest.skip("reads the results of nbval's run of tests/reference in the same session: run the whole suite (make test)")
    return Path(os.environ["BOOK_BUILD_DIR"]) / "results"


@pytest.fixture(scope="session")
def execute():
    """Run ``python -m utils.pipeline.execute`` with its outputs in ``build``; returns the finished process."""
    def run(build: Path, *args: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, BOOK_BUILD_DIR=str(build))
        return subprocess.run([sys.executable, "-m", "utils.pipeline.execute", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=900)
    return run
