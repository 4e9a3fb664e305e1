"""Starting a notebook's worker processes on this machine, as a cluster launcher would: framework-free.

A data-parallel job is one script started once per worker, each copy told by environment
variables who it is and where to find the others. :func:`run_workers` starts the copies with
the environments the notebook built, waits for all of them, and never hangs: when one worker
fails, the others are killed and the error ends with the failed worker's last lines of output;
when the job runs past its timeout, every worker is killed. :func:`free_ports` asks the
operating system for ports nobody is listening on. Nothing here imports a framework.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from ..params import ParameterError

HOST = "127.0.0.1"


class WorkerFailed(RuntimeError):
    """A worker exited with an error, or the job ran past its timeout; the message ends with its output's tail."""


@dataclass(frozen=True)
class Job:
    """What a finished job leaves: each worker's exit status and whole output, and the job's wall time."""
    returncodes: list[int]
    output: list[str]
    wall_s: float


def free_ports(n: int) -> list[int]:
    """``n`` distinct ports on ``HOST`` that were free a moment ago (each socket bound to port 0)."""
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((HOST, 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def check_world(world_size: int, threads: int, global_batch: int, cpus: int) -> None:
    """Refuse, by name, a job this machine cannot run as asked: more worker threads than cores,
    or a global batch that the workers cannot share evenly."""
    if world_size * threads > cpus:
        raise ParameterError("world_size", world_size,
                             f"a world size the machine cannot run: {world_size} workers of {threads} thread(s) "
                             f"need {world_size * threads} cores, this machine has {cpus}")
    if global_batch % world_size:
        raise ParameterError("global_batch", global_batch,
                             f"expected a multiple of world_size = {world_size}, so that every worker takes as many rows")


def tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _kill(proc: subprocess.Popen) -> None:
    """Kill the worker and anything it started (each worker leads its own process group)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


def run_workers(argv: Sequence[str | Path], envs: Sequence[Mapping[str, str]], *,
                logs: str | Path, timeout_s: float) -> Job:
    """Run the command ``argv`` once per environment in ``envs`` (added to this process's
    environment), all at once, and wait for every one of them.

    Each worker's output (stdout and stderr) goes to ``logs/worker-<i>.log``. Raises :class:`WorkerFailed` naming
    the worker and ending with its output's tail as soon as one exits with an error (the others
    are killed), or when ``timeout_s`` passes first (all are killed).
    """
    logs = Path(logs)
    logs.mkdir(parents=True, exist_ok=True)
    procs, files = [], []
    start = time.perf_counter()
    try:
        for i, extra in enumerate(envs):
            err = open(logs / f"worker-{i}.log", "w+", encoding="utf-8")
            files.append(err)
            procs.append(subprocess.Popen([str(a) for a in argv], env={**os.environ, **extra},
                                          stdin=subprocess.DEVNULL, stdout=err, stderr=subprocess.STDOUT,
                                          start_new_session=True))
        while True:
            codes = [p.poll() for p in procs]
            failed = [i for i, c in enumerate(codes) if c not in (None, 0)]
            if failed:
                i = failed[0]
                raise WorkerFailed(f"worker {i} of {len(procs)} exited with status {codes[i]}; "
                                   f"the end of its output:\n{tail(_read(files[i]))}")
            if all(c == 0 for c in codes):
                break
            if time.perf_counter() - start > timeout_s:
                waiting = [i for i, c in enumerate(codes) if c is None]
                raise WorkerFailed(f"workers {waiting} of {len(procs)} still running after {timeout_s:g} s, killed; "
                                   f"the end of worker {waiting[0]}'s output:\n{tail(_read(files[waiting[0]]))}")
            time.sleep(0.02)
        return Job([p.returncode for p in procs], [_read(f) for f in files], time.perf_counter() - start)
    finally:
        for p in procs:
            _kill(p)
        for f in files:
            f.close()


def _read(fh) -> str:
    fh.flush()
    fh.seek(0)
    return fh.read()


def step_times(ranks: Sequence[Mapping], part: str = "times") -> list[float]:
    """Seconds per timed step (or part of one) of the job: the slowest worker's time at each repeat."""
    return np.max([r[part] for r in ranks], axis=0).tolist()
