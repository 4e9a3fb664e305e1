"""The papermill runs of one runner: started cheaply, and always stoppable, kernels and their children included.

**Starting.** Importing papermill takes about 2 s of CPU (most of it jsonschema's format checkers,
which nbformat loads), as long as a small notebook's whole run. So the runner starts a fork server
once (``multiprocessing``'s ``forkserver``, with papermill imported in it) and each run is a process
forked from it that calls ``papermill.execute_notebook``: the same engine, parameters, working folder
and log as ``python -m papermill``, without the import. Each run calls ``setsid``, as a subprocess
started with ``start_new_session`` would.

**Stopping.** A run is not one process: papermill starts its kernel in a session of its own
(Jupyter's launcher does, so that an interrupt reaches the kernel's whole group), and the kernel may
start processes too (chapter 5's workers, chapter 6's Node and Chromium). Killing the run's process
group therefore leaves the kernel running, and until it notices that its parent died (ipykernel
looks once a second) it goes on with its cell and can write a result file. So the fork server is
started with an environment variable that names the runner (:data:`TOKEN`), which every process
forked from it and every process those start inherit, and each run puts its own name after it for
what it starts. Stopping kills every process that carries the name, looking again until a look finds
none. A process shows the environment it was started with, so a process just forked, before it runs
another program, shows its parent's: stopping one run therefore first freezes the run's process
group and kills its descendants as psutil finds them, then every process that carries the run's name.

:meth:`Runs.stop` refuses new runs from the moment it is called: a run is started under the same
lock that checks for a stop, so none can start after the stop or slip in between.
"""
from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import sys
import threading
import time
import traceback
import uuid
from pathlib import Path

import psutil

TOKEN = "BOOK_RUN"
# A process sent SIGKILL dies at once unless it is stuck in the kernel (uninterruptible I/O):
# past this, the runner says which processes it could not stop rather than wait for ever.
DEATH_WAIT_S = 120.0


def holders(prefix: str) -> list[psutil.Process]:
    """The live processes whose environment names a run starting with ``prefix`` (a zombie is dead:
    it runs nothing, and only its parent can remove it)."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.status() != psutil.STATUS_ZOMBIE and proc.environ().get(TOKEN, "").startswith(prefix):
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def kill(found: list[psutil.Process]) -> None:
    """SIGKILL each process and wait until each is dead."""
    for proc in found:
        try:
            proc.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            pass
    deadline = time.monotonic() + DEATH_WAIT_S
    while alive := [p for p in found if _alive(p)]:
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes {[p.pid for p in alive]} did not die {DEATH_WAIT_S:g} s after SIGKILL")
        time.sleep(0.05)  # not psutil.wait_procs: it would reap the fork server, which multiprocessing reaps itself


def kill_all(prefix: str) -> None:
    """Kill every process of the runs named ``prefix``; look again until a look finds none (a
    process that was being started during one look is found by the next)."""
    while found := holders(prefix):
        kill(found)


def papermill(source: str, executed: str, parameters: dict, cwd: str, env: dict, log: str) -> None:
    """A run, in a process forked from the fork server: ``python -m papermill source executed -k python3
    --cwd cwd --log-output``, with ``parameters``, ``env`` added to the environment, and its output in
    ``log``. Exits 0 when the notebook ran to its end, 1 otherwise."""
    os.setsid()
    os.environ.update(env)
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os.dup2(out, 1)
    os.dup2(out, 2)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr, force=True)  # as the CLI does
    import papermill as pm

    try:
        started(lambda: pm.execute_notebook(source, executed, parameters=parameters, kernel_name="python3", cwd=cwd,
                                            progress_bar=False, log_output=True))
        code = 0
    except BaseException:  # noqa: BLE001 - every failure is the run's, and goes to its log
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


KERNEL_START_TRIES = 3


def started(execute, tries: int = KERNEL_START_TRIES):
    """``execute()``, again when its kernel died before it answered its first request. No cell has run
    then: it is a start that failed (kernels started at the same moment can pick the same free ports),
    not a notebook that failed, so a new kernel is started, up to ``tries`` times in all. Any other
    failure, and the last start's, is raised."""
    for attempt in range(1, tries + 1):
        try:
            return execute()
        except RuntimeError as error:
            if "Kernel died before replying to kernel_info" not in str(error) or attempt == tries:
                raise
            print(f"the kernel died while starting ({error}); starting another, try {attempt + 1} of {tries}",
                  file=sys.stderr, flush=True)


class Stopped(Exception):
    """A run was asked for after :meth:`Runs.stop`."""


class Run:
    """One run: a process forked from the fork server, and the name its kernel carries."""

    def __init__(self, process: multiprocessing.Process, name: str):
        self.process, self.name = process, name

    def wait(self, timeout_s: float) -> int | None:
        """The run's exit status, or None when it is still running after ``timeout_s``."""
        self.process.join(timeout_s)
        return self.process.exitcode


class Runs:
    """The papermill runs of one runner."""

    def __init__(self) -> None:
        self.name = uuid.uuid4().hex
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._count = 0
        self._context = None

    def _forkserver(self):
        """Started on the first run, with papermill imported and the runner's name in its environment."""
        if self._context is None:
            self._context = multiprocessing.get_context("forkserver")
            self._context.set_forkserver_preload([__name__, "papermill"])
            previous = os.environ.get(TOKEN)
            os.environ[TOKEN] = f"{self.name}/"
            try:
                multiprocessing.forkserver.ensure_running()
            finally:
                os.environ.pop(TOKEN) if previous is None else os.environ.__setitem__(TOKEN, previous)
        return self._context

    def start(self, source: Path, executed: Path, parameters: dict, cwd: Path, env: dict, log: Path) -> Run:
        """Start a run; raises :class:`Stopped` once :meth:`stop` was called."""
        with self._lock:
            if self.stopping.is_set():
                raise Stopped
            self._count += 1
            name = f"{self.name}/{self._count}/"
            process = self._forkserver().Process(
                target=papermill, args=(str(source), str(executed), parameters, str(cwd), {**env, TOKEN: name}, str(log)),
                daemon=False)
            process.start()
            return Run(process, name)

    def kill(self, run: Run) -> None:
        """Kill one run (its timeout passed): papermill, its kernel and whatever they started."""
        try:
            os.killpg(run.process.pid, signal.SIGSTOP)  # nothing in its group starts anything from now on
        except ProcessLookupError:
            pass
        try:
            process = psutil.Process(run.process.pid)
            kill([process, *process.children(recursive=True)])
        except psutil.NoSuchProcess:
            pass
        kill_all(run.name)
        run.process.join()

    def stop(self) -> None:
        """Start no run from now on and kill every process of every run, and the fork server (a later
        runner in the same process starts its own); returns when none is left."""
        with self._lock:
            self.stopping.set()
        kill_all(f"{self.name}/")
