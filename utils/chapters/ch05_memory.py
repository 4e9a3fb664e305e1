"""Resident memory of the notebook's own process, read from Linux's ``/proc/self/status``."""
from __future__ import annotations

from pathlib import Path

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
