import functools
import os
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

import nbval.kernel
import pytest

from utils.pipeline.processes import started

ROOT = Path(__file__).resolve().parent.parent
REFERENCES = ROOT / "tests" / "reference"

# nbval's kernels inherit the environment: the reference notebooks write their results here.
os.environ.setdefault("BOOK_BUILD_DIR", str(ROOT / "_build" / "test"))

# A kernel that dies before it answers its first request ran no cell: nbval starts another, as the
# runner does (seen twice in make test on a loaded machine, each time failing a whole notebook).
_start_kernel = nbval.kernel.start_new_kernel
nbval.kernel.start_new_kernel = functools.wraps(_start_kernel)(lambda *a, **kw: started(lambda: _start_kernel(*a, **kw)))


def pytest_sessionstart(session):
    """Build matplotlib's font cache now, not inside a reference notebook, where its one-time
    notice on stderr would differ from the committed outputs."""
    import matplotlib.font_manager  # noqa: F401


def pytest_collection_modifyitems(session, config, items):
    """The reference notebooks first, in the book's order (a chapter's pair before its comparison,
    which reads their results), each notebook's cells together and in order; then the other test
    modules, the slowest first (``slow``'s estimate), so that the two workers of make test end together
    rather than one waiting on the other's last long module; last the modules with tests marked
    ``after_references``, which read what the references wrote. Then a chapter that reads the unit just
    before it trades places with the next unit (:func:`reading_the_chapter_before_goes_later`)."""
    from utils.pipeline import notebooks

    every = notebooks.discover()
    rank = {(REFERENCES / f"{nb.id}.ipynb"): nb.order for nb in every}
    reading = {Path(str(item.fspath)) for item in items if item.get_closest_marker("after_references")}

    def place(item):
        module = Path(str(item.fspath))
        if module in rank:
            return 0, rank[module]
        slow = item.get_closest_marker("slow")
        return (2 if module in reading else 1), -(slow.kwargs["seconds"] if slow else 0)

    items.sort(key=place)
    items[:] = reading_the_chapter_before_goes_later(items, {nb.id: nb.needs for nb in every})


def unit_of(item) -> str:
    """The unit of work of ``make test``'s workers: a chapter's references, or a test module."""
    nb_id = reference_id(item)
    return nb_id.rsplit("/", 1)[0] if nb_id else str(item.fspath)


def reading_the_chapter_before_goes_later(items, needs):
    """A chapter whose references read the unit handed out just before it (chapter 9's comparison reads
    chapter 8's results, chapter 7's reads chapter 6's) would have its worker wait, idle, for the other
    worker to finish that unit: it swaps places with the unit after it, which keeps both workers busy,
    unless that unit reads the chapter or the one before it too (a module with tests marked
    ``after_references`` reads every reference)."""
    references = {unit_of(i) for i in items if reference_id(i)}
    read = defaultdict(set)  # unit -> the chapters it reads
    for i in items:
        if getattr(i, "get_closest_marker", lambda _: None)("after_references"):
            read[unit_of(i)] |= references
        elif nb_id := reference_id(i):
            read[unit_of(i)] |= {n.rsplit("/", 1)[0] for n in needs.get(nb_id, ())}

    order = list(dict.fromkeys(unit_of(i) for i in items))
    k = 1
    while k < len(order) - 1:
        before, unit, after = order[k - 1], order[k], order[k + 1]
        if before in read[unit] and not {before, unit} & read[after]:
            order[k], order[k + 1] = after, unit
            k += 2
        else:
            k += 1
    rank = {u: n for n, u in enumerate(order)}
    return sorted(items, key=lambda i: rank[unit_of(i)])


# Under pytest-xdist (make test: -n 2 --no-loadscope-reorder) each worker takes the next unit of work in
# the order above: a chapter's reference notebooks (its pair, whose second half may read what the first
# wrote, then its comparison), or a test module. A notebook that needs another chapter's results waits,
# before its first cell, until that notebook's last cell has run on whichever worker: each finished
# reference leaves a mark in the build folder, under a name this session draws. Since units go out in
# order and each worker runs its own in order, what a notebook waits for is running or done, never
# queued behind it. A need that this session does not run is not waited for.
DONE_WAIT_S = 3600  # only to fail instead of hanging: the wait ends when the mark appears


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Units of work as above: a chapter's references together, any other test module by itself (so a
    module's fixtures are made once)."""
    from xdist.scheduler import LoadScopeScheduling

    class ChaptersTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module.rsplit("/", 1)[0] if module.startswith("tests/reference/") else module

    return ChaptersTogether(config, log)


def pytest_configure(config):
    if not hasattr(config, "workerinput"):
        config.references_done = str(Path(os.environ["BOOK_BUILD_DIR"]) / "nbval-done" / uuid.uuid4().hex)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    node.workerinput["references_done"] = node.config.references_done


def done_mark(config, nb_id: str) -> Path:
    folder = config.workerinput["references_done"] if hasattr(config, "workerinput") else config.references_done
    return Path(folder) / f"{nb_id}.done"


@functools.cache
def needs_of(nb_id: str) -> tuple[str, ...]:
    from utils.pipeline import notebooks

    return next(nb.needs for nb in notebooks.discover() if nb.id == nb_id)


def reference_id(item) -> str | None:
    module = Path(str(item.fspath))
    return module.relative_to(REFERENCES).with_suffix("").as_posix() if module.is_relative_to(REFERENCES) else None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a reference notebook's first cell (and before a test marked ``after_references``), wait
    for the reference notebooks it reads to finish."""
    nb_id = reference_id(item)
    if item.get_closest_marker("after_references"):
        needs = None
    elif nb_id and item is next(i for i in item.session.items if reference_id(i) == nb_id):
        needs = set(needs_of(nb_id))
    else:
        return
    in_session = {reference_id(i) for i in item.session.items} - {None}
    needs = in_session if needs is None else needs & in_session
    deadline = time.monotonic() + DONE_WAIT_S
    while waiting := sorted(n for n in needs if not done_mark(item.config, n).exists()):
        assert time.monotonic() < deadline, f"{item.nodeid}: the references {waiting} never finished"
        time.sleep(0.2)


def pytest_runtest_teardown(item, nextitem):
    """After a reference notebook's last cell, leave its mark (passed or not: the wait is for it to end)."""
    nb_id = reference_id(item)
    if nb_id and (nextitem is None or reference_id(nextitem) != nb_id):
        mark = done_mark(item.config, nb_id)
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()


@pytest.fixture
def reference_results(request):
    """The results folder that nbval's run of every reference notebook filled in this session."""
    if not any(Path(str(item.fspath)).is_relative_to(REFERENCES) for item in request.session.items):
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
