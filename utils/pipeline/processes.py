"""The papermill runs of one runner, which it can always stop, kernels and their children included.

A papermill run is not one process: papermill starts its kernel in a session of its own (Jupyter's
launcher does, so that an interrupt reaches the kernel's whole group), and the kernel may start
processes too (chapter 5's workers, chapter 6's Node and Chromium). Killing papermill's process
group therefore leaves the kernel running, and until it notices that its parent died (ipykernel
looks once a second) it goes on with its cell and can write a result file.

So every run is started with an environment variable that names it (:data:`TOKEN`), which every
process it starts inherits, and stopping a run kills every process that carries its name, looking
again until a look finds none. :meth:`Runs.stop` refuses new runs from the moment it is called: a
run is started under the same lock that checks for a stop, so none can start after the stop or
slip in between the check and its start.
"""
from __future__ import annotations

import signal
import subprocess
import threading
import time
import uuid

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


def kill_all(prefix: str) -> None:
    """SIGKILL every process of the runs named ``prefix`` and wait until each is dead; look again
    until a look finds none (a process that was being started during one look is found by the next)."""
    while found := holders(prefix):
        for proc in found:
            try:
                proc.send_signal(signal.SIGKILL)
            except psutil.NoSuchProcess:
                pass
        deadline = time.monotonic() + DEATH_WAIT_S
        while alive := [p for p in found if _alive(p)]:
            if time.monotonic() > deadline:
                raise RuntimeError(f"processes {[p.pid for p in alive]} did not die {DEATH_WAIT_S:g} s after SIGKILL")
            psutil.wait_procs(alive, timeout=0.05)


class Stopped(Exception):
    """A run was asked for after :meth:`Runs.stop`."""


class Runs:
    """The papermill runs of one runner: each started in a session of its own, under its own name."""

    def __init__(self) -> None:
        self.name = uuid.uuid4().hex
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._names: dict[int, str] = {}

    def start(self, command: list[str], env: dict, **popen) -> subprocess.Popen:
        """Start ``command`` as a run of its own; raises :class:`Stopped` once :meth:`stop` was called."""
        with self._lock:
            if self.stopping.is_set():
                raise Stopped
            name = f"{self.name}/{len(self._names) + 1}/"
            proc = subprocess.Popen(command, env={**env, TOKEN: name}, start_new_session=True, **popen)
            self._names[proc.pid] = name
            return proc

    def kill(self, proc: subprocess.Popen) -> None:
        """Kill one run (its timeout passed): papermill, its kernel and whatever they started."""
        kill_all(self._names[proc.pid])
        proc.wait()

    def stop(self) -> None:
        """Start no run from now on and kill every process of every run; returns when none is left."""
        with self._lock:
            self.stopping.set()
        kill_all(f"{self.name}/")
