"""The book's run history: one snapshot per build that changed something, in ``<build>/history/``.

A snapshot holds what the run log says of each notebook (status, wall time, whether its outputs
were reused, when they were made, the profile), every comparison's verdicts and when the build
started. :func:`record` adds one unless it equals the latest in content; a reused output is the
same output as the run that made it, so a rebuild that reuses everything adds nothing. The status
page draws the last snapshots (:func:`section`): each notebook's wall time over the runs that
executed it, each claim's verdict over the builds, and what changed between the last two.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from .. import paths, plotting, results
from ..verdicts import CONTRADICTED, DEPENDS, NOT_TESTABLE, SUPPORTED

KEPT = ("status", "wall_s", "reused", "executed_at", "profile")
FIGURE = "_static/status-history.png"  # in the staged site
SLOWER = 1.5  # a wall time this many times its previous run's is reported
COLORS = {SUPPORTED: "#15803d", CONTRADICTED: "#b91c1c", DEPENDS: "#d97706", NOT_TESTABLE: "#9ca3af"}
NO_VERDICT = "#f3f4f6"


def when(iso: str) -> str:
    return f"{datetime.fromisoformat(iso).astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"


def snapshot(build: Path) -> dict:
    """This build as the run log and the comparisons' result files describe it."""
    log_path = build / "run-log.json"
    log = json.loads(log_path.read_text(encoding="utf-8")) if log_path.exists() else {"notebooks": {}}
    runs = log["notebooks"]
    verdicts = {}
    for path in sorted((build / "results").rglob("compare.json")):
        chapter = path.parent.relative_to(build / "results").as_posix()
        if runs.get(f"{chapter}/compare", {}).get("status") == "ok":
            verdicts[chapter] = json.loads(path.read_text(encoding="utf-8"))["metrics"].get("verdicts", {})
    started = log.get("build", {}).get("started_at") or datetime.now(timezone.utc).isoformat(timespec="seconds")
    return {"built_at": started,
            "notebooks": {nb: {key: run.get(key) for key in KEPT} for nb, run in sorted(runs.items())},
            "verdicts": verdicts}


def content(snap: dict) -> dict:
    """What a snapshot says about the outputs, without when the build ran or whether it reused them."""
    notebooks = {nb: {k: v for k, v in run.items() if k != "reused"} for nb, run in snap["notebooks"].items()}
    return {"notebooks": notebooks, "verdicts": snap["verdicts"]}


def record(build: Path) -> Path | None:
    """Write this build's snapshot to ``<build>/history/<start time>.json``; None when there is
    no run log or nothing changed since the latest snapshot."""
    snap = snapshot(build)
    latest = load(build, last=1)
    if not snap["notebooks"] or (latest and content(latest[0]) == content(snap)):
        return None
    stamp = f"{datetime.fromisoformat(snap['built_at']).astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"
    return results.write_json(build / "history" / f"{stamp}.json", snap)


def load(build: Path, last: int = 20) -> list[dict]:
    """The latest ``last`` snapshots, oldest first (file names are UTC times, so they sort)."""
    files = sorted((build / "history").glob("*.json"))[-last:]
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def executions(snapshots: list[dict]) -> dict[str, list[tuple[int, float]]]:
    """Each notebook's successful runs as (snapshot index, wall time), once per run that executed it."""
    found: dict[str, list[tuple[int, float]]] = {}
    seen = set()
    for i, snap in enumerate(snapshots):
        for nb, run in snap["notebooks"].items():
            if run["status"] == "ok" and not run["reused"] and (nb, run["executed_at"]) not in seen:
                seen.add((nb, run["executed_at"]))
                found.setdefault(nb, []).append((i, run["wall_s"]))
    return found


def changes(snapshots: list[dict]) -> list[tuple[str, str, str, str]]:
    """(what, which, before, after) for each verdict that differs between the last two snapshots
    and each notebook that the latest executed again more than ``SLOWER`` times slower."""
    if len(snapshots) < 2:
        return []
    before, after = snapshots[-2:]
    rows = []
    for chapter, verdicts in after["verdicts"].items():
        for claim, verdict in verdicts.items():
            old = before["verdicts"].get(chapter, {}).get(claim)
            if old is not None and old != verdict:
                rows.append(("verdict", f"{chapter}: {claim}", old, verdict))
    for nb, run in after["notebooks"].items():
        old = before["notebooks"].get(nb)
        if (old and old["status"] == run["status"] == "ok" and run["executed_at"] != old["executed_at"]
                and old["wall_s"] and run["wall_s"] > SLOWER * old["wall_s"]):
            rows.append(("wall time", nb, f"{old['wall_s']:.1f} s",
                         f"{run['wall_s']:.1f} s (+{run['wall_s'] / old['wall_s'] - 1:.0%})"))
    return rows


def draw(snapshots: list[dict], path: Path) -> Path:
    """Wall times per chapter (one line per notebook), above a grid of claims × builds coloured by verdict."""
    from matplotlib.colors import to_rgb
    from matplotlib.figure import Figure  # drawn with Agg, never through pyplot
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    plotting.use_book_style()
    runs = executions(snapshots)
    chapters = sorted({paths.chapter_of(nb) for nb in runs} | {c for s in snapshots for c in s["verdicts"]})
    claims = [(c, claim) for c in chapters
              for claim in dict.fromkeys(k for s in snapshots for k in s["verdicts"].get(c, {}))]
    columns = (len(chapters) + 1) // 2 or 1
    grid_height = 2.4 + 0.16 * len(claims)  # inches: title, build labels and legend, then one row per claim
    fig = Figure(figsize=(2.2 * columns, 4.6 + grid_height), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[4.6, grid_height])
    top.suptitle("Wall time of each run that executed the notebook (s)", fontweight="bold")
    axes = top.subplots(2, columns, sharex=True, squeeze=False).ravel()
    for ax, chapter in zip(axes, chapters):
        ax.set_title(chapter, fontsize=8)
        for nb, points in runs.items():
            if paths.chapter_of(nb) == chapter:
                name = nb.rsplit("/", 1)[1]
                ax.plot([i + 1 for i, _ in points], [wall for _, wall in points], "o-", ms=3,
                        color=plotting.COLORS.get(name, plotting.COLORS["numpy"]),
                        label=plotting.LABELS.get(name, name))
        ax.set_ylim(bottom=0)
        ax.set_xlim(0.5, len(snapshots) + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(labelsize=7)
    for ax in axes[len(chapters):]:
        ax.set_visible(False)
    for ax in axes[columns:]:
        ax.set_xlabel("build", fontsize=7)
    handles = {h.get_label(): h for ax in axes for h in ax.get_lines()}
    top.legend(handles.values(), handles.keys(), loc="outside lower center", ncols=len(handles), fontsize=8)

    ax = bottom.subplots()
    ax.set_title("Verdict of each claim, build by build" if claims else "No verdicts recorded", fontsize=10)
    if claims:
        ax.imshow([[to_rgb(COLORS.get(s["verdicts"].get(c, {}).get(claim), NO_VERDICT)) for s in snapshots]
                   for c, claim in claims], aspect="auto", interpolation="nearest")
    ax.set_yticks(range(len(claims)), [f"{c}: {claim}" for c, claim in claims], fontsize=6)
    ax.set_xticks(range(len(snapshots)), [f"{i + 1}  {when(s['built_at'])[5:16]}" for i, s in enumerate(snapshots)],
                  rotation=90, fontsize=6)
    ax.grid(False)
    for i in range(1, len(claims)):
        if claims[i][0] != claims[i - 1][0]:
            ax.axhline(i - 0.5, color="white", lw=2)
    patches = [Patch(facecolor=color, edgecolor="#9ca3af", label=verdict)
               for verdict, color in {**COLORS, "no verdict": NO_VERDICT}.items()]
    bottom.legend(handles=patches, loc="outside lower center", ncols=len(patches), fontsize=8)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    return path


def section(snapshots: list[dict], site: Path) -> list[str]:
    """The status page's History section; draws its figure into the staged ``site``."""
    lines = ["## History", ""]
    if len(snapshots) < 2:
        return lines + ["No history yet: `_build/history/` holds fewer than two builds. Each build that "
                        "changes an output adds a snapshot, and from the second one on this section plots "
                        "how wall times and verdicts moved."]
    draw(snapshots, site / FIGURE)
    lines += [f"The last {len(snapshots)} builds that changed an output, from {when(snapshots[0]['built_at'])} "
              f"to {when(snapshots[-1]['built_at'])}, numbered from 1 in both parts of the figure; a wall "
              "time is plotted only for a build that executed the notebook rather than reusing it.",
              "", f"![Wall times and verdicts across builds]({FIGURE})", ""]
    rows = changes(snapshots)
    if not rows:
        return lines + [f"Since the build before the last, no verdict changed and no notebook became more than "
                        f"{SLOWER - 1:.0%} slower."]
    lines += ["Changes since the build before the last:", "",
              "| What | Which | Before | After |", "| --- | --- | --- | --- |"]
    return lines + [f"| {what} | {which} | {old} | {new} |" for what, which, old, new in rows]
