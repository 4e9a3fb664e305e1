"""The status page: what the run log says each notebook did in this build, on what machine, and
how the builds recorded in ``<build>/history/`` compare (``history.py``)."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from .. import results
from . import history
from . import notebooks as nbs


def anchor(nb_id: str) -> str:
    """The id of a notebook's row on the status page: ``status.html#<anchor>`` links to it."""
    return "status-" + nb_id.replace("/", "-")


def made(run: dict, started_at: str | None) -> str:
    """Where a notebook's outputs come from: this build's run, a reuse, or an earlier build."""
    if started_at and run.get("build", started_at) != started_at:
        return f"an earlier build, {history.when(run['finished_at'])}"
    return f"reused, made {history.when(run['executed_at'])}" if run.get("reused") else "executed in this build"


def page(build: Path, missing: list[str], notebooks: list[nbs.Notebook] | None = None) -> str:
    """The status page: a row per notebook (every notebook of the book, or ``notebooks``)."""
    log_path = build / "run-log.json"
    log = json.loads(log_path.read_text(encoding="utf-8")) if log_path.exists() else {"notebooks": {}}
    runs = log["notebooks"]
    env = log.get("environment", {})
    devices = set()
    lines = [
        "# Execution status",
        "",
        "Every notebook of this book was executed by papermill before the site was rendered; "
        "the site itself never runs code. This page is written from the run log and the result "
        f"files at build time ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC). A timed pair runs "
        "several times in turns (PyTorch, TensorFlow, PyTorch, ...); its wall time is the sum of its runs.",
        "",
        "| Notebook | Status | Outputs | Runs | Wall time (s) | Profile | Device | Framework |",
        "| --- | --- | --- | ---: | ---: | --- | --- | --- |",
    ]
    for nb in nbs.discover() if notebooks is None else notebooks:
        run = runs.get(nb.id)
        try:
            res = results.load(nb.id)
        except results.MissingResults:
            res = {}
        if res.get("device"):
            devices.add(res["device"])
        framework = f"{res['framework']} {res['framework_version']}" if res.get("framework") not in (None, "none") else "-"
        status = "not executed" if nb.id in missing or run is None else run["status"]
        wall = f"{run['wall_s']:.1f}" if run else "-"
        outputs = made(run, log.get("build", {}).get("started_at")) if run else "-"
        lines.append(f'| <span id="{anchor(nb.id)}"></span>[{nb.id}](chapters/{nb.id}.ipynb) | {status} | {outputs} | '
                     f"{run.get('runs', 1) if run else '-'} | {wall} | "
                     f"{run['profile'] if run else '-'} | {res.get('device', '-')} | {framework} |")
    shown = {nb.id for nb in (nbs.discover() if notebooks is None else notebooks)}
    failures = [(k, v) for k, v in runs.items() if v["status"] != "ok" and k in shown]
    if failures:
        lines += ["", "## Failures", ""]
        lines += [f"- **{k}** ({v['status']}): `{v['detail']}`" for k, v in failures]
    lines += [
        "", "## Environment", "",
        "| What | Value |", "| --- | --- |",
        f"| Python | {env.get('python', '-')} |",
        f"| Platform | {env.get('platform', '-')} |",
        f"| CPU cores | {env.get('cpu_count', '-')} |",
        f"| Devices used | {', '.join(sorted(devices)) or '-'} |",
    ]
    lines += [f"| {name} | {version or 'not installed'} |" for name, version in env.get("packages", {}).items()]
    lines += ["", *history.section(history.load(build), build / "site")]
    return "\n".join(lines) + "\n"
