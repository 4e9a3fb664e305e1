"""Node and headless Chromium, as the book finds them: framework-free.

Chapter 6 runs its exported models in a browser (``utils/chapters/ch06_browser.py``) and the site
check opens every page of the built book in one (``utils/pipeline/site_check.py``); both drive
Chromium from Node scripts in ``web/``. :func:`unavailable` says why this machine cannot (no Node 20,
no packages in ``web/node_modules``, no browser), and :class:`NotRunHere` carries that reason, so a
notebook can print "not run here" with it.
"""
from __future__ import annotations

import json
import shutil
import subprocess

from . import paths

WEB = paths.ROOT / "web"
DRIVER = WEB / "run.mjs"  # chapter 6's driver; ``--which`` names the browser it would launch
NODE_MODULES = WEB / "node_modules"
MIN_NODE = 20
INSTALL_HINT = "run `make env` (npm ci --prefix web)"
# A driver's own limit comes first; this much more covers Node's start and the browser's exit.
GRACE_S = 30.0


class NotRunHere(RuntimeError):
    """The reason a browser run cannot happen on this machine."""


def find_node() -> tuple[str | None, str | None]:
    """Node's path and the reason it cannot be used (None when it can)."""
    node = shutil.which("node")
    if node is None:
        return None, f"Node.js is not on PATH: install Node {MIN_NODE} or newer"
    version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    if int(version.lstrip("v").split(".")[0] or 0) < MIN_NODE:
        return node, f"Node {version} is older than {MIN_NODE}: install Node {MIN_NODE} or newer"
    return node, None


def packages_missing() -> str | None:
    """Why ``web/node_modules`` cannot serve the driver and the pages, or None."""
    wanted = json.loads((WEB / "package.json").read_text())["dependencies"]
    missing = [name for name in wanted if not (NODE_MODULES / name / "package.json").is_file()]
    return f"web/node_modules lacks {', '.join(missing)}: {INSTALL_HINT}" if missing else None


def tail(text: str | None, lines: int = 20) -> str:
    return "\n".join((text or "").strip().splitlines()[-lines:])


def unavailable() -> str | None:
    """Why this machine cannot run the pages in a browser, or None when it can.

    The browser is looked up by the driver itself (``node web/run.mjs --which``), so Python
    and the driver never disagree on which one, if any, would be launched.
    """
    node, reason = find_node()
    reason = reason or packages_missing()
    if reason:
        return reason
    which = subprocess.run([node, str(DRIVER), "--which"], capture_output=True, text=True, timeout=300)
    if which.returncode == 3:
        return which.stderr.strip()
    if which.returncode:
        raise RuntimeError(f"node web/run.mjs --which failed (exit {which.returncode}): {tail(which.stderr)}")
    return None
