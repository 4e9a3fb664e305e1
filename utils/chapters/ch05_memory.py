"""Resident memory of the notebook's own process, read from Linux's ``/proc/self/status``, and the page
faults a call causes, counted by the kernel (:func:`faults_per_call`)."""
from __future__ import annotations

import resource
from pathlib import Path
from typing import Callable

STATUS = Path("/proc/self/status")


def _field_mib(name: str) -> float:
    for line in STATUS.read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) / 1024  # the kernel reports kB
    raise RuntimeError(f"{STATUS} has no {name} line")


def rss_mib() -> float:
    """Resident memory now, in MiB."""
    return _field_mib("VmRSS")


def peak_rss_mib() -> float:
    """The high-water mark of resident memory since the process started, in MiB."""
    return _field_mib("VmHWM")


def faults_per_call(fn: Callable[[], object], calls: int = 3) -> float:
    """Minor page faults of the whole process per call of ``fn`` (each call's result dropped before the
    next): about one per 4 KiB page when every call writes to memory freshly mapped from the operating
    system, near zero when it writes to memory the process already holds."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(calls):
        fn()
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / calls
