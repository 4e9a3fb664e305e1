"""Stopping the runner at any moment of a papermill run leaves no process of the run and no result.

Each test starts the runner on a throw-away book, waits for an event it can observe (a line the
runner prints, a kernel process appearing, a file the notebook writes), and sends the signal at
once: Ctrl-C's SIGINT, or SIGTERM as a CI cancel sends it (a shell that starts a job in the
background makes it ignore SIGINT). No wait assumes a fast machine: every wait is for an event, with
a deadline only to fail instead of hanging. Processes are counted by their environment (the build
folder the test gave the runner), not by anything the runner itself keeps.
"""
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from test_runner import SAVE, write_notebook
from utils.pipeline import cache
from utils.pipeline import notebooks as nbs

pytestmark = pytest.mark.slow(seconds=15)

ROOT = Path(__file__).resolve().parent.parent
EVENT_DEADLINE_S = 600  # only to fail rather than hang: every wait below ends at its event


def of_build(build: Path, but: int | None = None) -> list[psutil.Process]:
    """Live processes started for ``build``: papermill, kernels and what they started."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.pid != but and proc.status() != psutil.STATUS_ZOMBIE \
                    and proc.environ().get("BOOK_BUILD_DIR") == str(build):
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def until(condition, what: str):
    """Poll ``condition`` until it gives something true; fails (naming ``what``) only past the deadline."""
    deadline = time.monotonic() + EVENT_DEADLINE_S
    while not (found := condition()):
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.02)
    return found


class Runner:
    """``python -m utils.pipeline.execute`` on the book, its printed lines read as they come."""

    def __init__(self, book: Path, *args: str):
        self.build = book / "_build"
        env = dict(os.environ, BOOK_BUILD_DIR=str(self.build))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "utils.pipeline.execute", "--chapters", str(book / "chapters"),
             "--profiles", str(book / "profiles.yml"), "--kit", str(book / "utils"), "--jobs", "1", *args],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for_line(self, *words: str) -> None:
        """Read the runner's lines until one holds ``words`` one after the other."""
        while True:
            line = self.lines.get(timeout=EVENT_DEADLINE_S)
            assert line is not None, f"the runner ended before printing {words}: {''.join(self.seen)}"
            self.seen.append(line)
            found = line.split()
            if any(found[i:i + len(words)] == list(words) for i in range(len(found))):
                return

    def stop(self, signum: int) -> int:
        self.proc.send_signal(signum)
        try:
            return self.proc.wait(timeout=EVENT_DEADLINE_S)
        finally:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)


@pytest.fixture
def book(tmp_path):
    """Two notebooks: ``03-c/a`` finishes at once; ``03-c/held`` writes ``inside`` when its cell
    starts, then waits while ``hold`` exists, then saves its result."""
    shutil.copytree(ROOT / "utils", tmp_path / "utils", ignore=shutil.ignore_patterns("__pycache__"))
    hold, inside = tmp_path / "hold", tmp_path / "inside"
    chapters = tmp_path / "chapters"
    write_notebook(chapters / "03-c" / "a.ipynb", SAVE, "03-c/a")
    body = (f"import os, pathlib, time\npathlib.Path({str(inside)!r}).touch()\n"
            f"while os.path.exists({str(hold)!r}):\n    time.sleep(0.05)\n" + SAVE)
    write_notebook(chapters / "03-c" / "held.ipynb", body, "03-c/held")
    (tmp_path / "profiles.yml").write_text("ci: {}\nfull: {}\n")
    hold.touch()
    return tmp_path


def kernel_started(build: Path, runner: int):
    return [p for p in of_build(build, but=runner) if "ipykernel" in " ".join(p.cmdline())]


MOMENTS = {
    # before any run: the runner has printed its plan
    "before a run starts": lambda r, book: r.wait_for_line("executing"),
    # the instant after papermill's process exists: the runner prints the start line right after
    "just after papermill is launched": lambda r, book: r.wait_for_line("start", "03-c/held"),
    # papermill has started the notebook's kernel, in a session of the kernel's own
    "as the kernel starts": lambda r, book: until(lambda: kernel_started(r.build, r.proc.pid), "a kernel"),
    # the notebook's cell is running
    "while the cell runs": lambda r, book: until(lambda: (book / "inside").exists(), "the cell start"),
    # one notebook has finished and the runner goes on to the next
    "between two runs": lambda r, book: r.wait_for_line("ok", "03-c/a"),
}


@pytest.mark.parametrize("moment, signum", [
    ("before a run starts", signal.SIGINT),
    ("just after papermill is launched", signal.SIGTERM),
    ("as the kernel starts", signal.SIGINT),
    ("while the cell runs", signal.SIGTERM),
    ("between two runs", signal.SIGTERM),
], ids=lambda v: v if isinstance(v, str) else signal.Signals(v).name)
def test_an_interrupt_leaves_no_run_and_no_result_behind(book, moment, signum):
    only = ("--only", "03-c/a", "03-c/held") if moment == "between two runs" else ("--only", "03-c/held")
    runner = Runner(book, *only)
    MOMENTS[moment](runner, book)
    assert runner.stop(signum) == 130, "".join(runner.seen)
    assert of_build(runner.build) == [], "a process of the run outlived the runner"
    (book / "hold").unlink()  # a run left behind would now finish and write its result
    assert not (runner.build / "results" / "03-c" / "held.json").exists()


def test_an_interrupted_run_leaves_nothing_to_reuse(book, execute):
    """A forced run stopped while its cell runs, with the same inputs as a good run before it: the
    cache entry is gone before the notebook starts, and the next run executes it again."""
    args = ("--chapters", str(book / "chapters"), "--profiles", str(book / "profiles.yml"), "--kit", str(book / "utils"),
            "--only", "03-c/held")
    (book / "hold").unlink()
    assert execute(book / "_build", *args).returncode == 0
    held = nbs.load(book / "chapters" / "03-c" / "held.ipynb", book / "chapters")
    entry = cache.entry_path((held,), book / "_build")
    assert entry.exists()
    (book / "hold").touch()
    (book / "inside").unlink()
    runner = Runner(book, "--only", "03-c/held", "--force")
    until(lambda: (book / "inside").exists(), "the cell start")
    assert not entry.exists(), "the entry must go before the notebook starts"
    assert runner.stop(signal.SIGTERM) == 130
    (book / "hold").unlink()
    assert not (book / "_build" / "results" / "03-c" / "held.json").exists()
    out = execute(book / "_build", *args)
    assert out.returncode == 0 and "1 ok (0 reused, 1 executed)" in out.stdout, out.stdout
    assert entry.exists()
