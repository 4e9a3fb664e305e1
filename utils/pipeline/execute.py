"""Execute the book's notebooks through papermill.

    python -m utils.pipeline.execute --profile ci
    python -m utils.pipeline.execute --only 02-philosophies -p repeats=5
    python -m utils.pipeline.execute --profile full --jobs 2

Each notebook runs in its own papermill process with the profile's parameters;
the executed copy goes to ``_build/executed/``, its results file to
``_build/results/``. Notebooks marked ``timed`` never run beside another one, and a
notebook runs after the notebooks it ``needs``. A failing notebook does not stop
the others: it is reported with its cell and error, its traceback is saved under
``_build/tracebacks/``, and the exit status is 1. Every outcome is merged into
``_build/run-log.json``, which the status page reads.

A chapter's timed notebooks run as a group, in turns, as often as the profile's
``alternations`` (or ``--alternations``) says: PyTorch, TensorFlow, PyTorch,
TensorFlow, ... Each run's result file is kept (``results/<id>.runs/<k>.json``), so the
comparison can take every cross-framework ratio run by run, from runs made close in time.

A chapter's entry under ``chapters`` in the profile can give its timed pair its own number of
alternations and a list of ``variants``: parameter settings the pair runs under in turn, in
every alternation (PyTorch and TensorFlow with the first variant, then both with the second,
...). Parameters given with ``-p`` win over a variant's.

A notebook that refuses a parameter (``ParameterError``, raised before it starts
work) leaves its previous results as they were; a notebook that started and failed
leaves none.

A task whose inputs did not change since it last succeeded is not run again: its executed copies
and result files are reused, and the run log says so, with when they were made (``cache.py`` says
what the inputs are). ``--force`` runs every selected notebook regardless.

As with ``make``, ``--only`` brings in what the selection needs, and what that needs, each run or
reused as above (``--no-needs`` runs the selection alone, on what is already in the build folder);
``--list`` says what a run would execute or reuse, and why.

Ctrl-C or SIGTERM, at any moment, stops the runner with status 130: no run starts after it, and
every run in progress is killed with its kernel and whatever that started (``processes.py``).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from fnmatch import fnmatch
from importlib import metadata
from pathlib import Path

import yaml

from .. import hosted, paths, results
from . import notebooks as nbs
from . import cache, processes, profiles

PACKAGES = ("torch", "tensorflow", "keras", "numpy", "scikit-learn", "matplotlib",
            "papermill", "nbval", "jupyter-book", "myst-nb")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The papermill runs of this runner (one per call of main): an interrupted runner stops every one,
# kernels included.
RUNS = processes.Runs()


@dataclass
class Outcome:
    notebook: str
    status: str               # ok | failed | timeout | skipped
    wall_s: float = 0.0
    detail: str = ""
    traceback_file: str | None = None
    parameters: dict = field(default_factory=dict)
    refused: bool = False     # stopped by a ParameterError before it started: old results kept
    runs: int = 1             # runs made (more than one: a timed pair's alternating runs; wall_s is their sum)
    reused_from: str | None = None  # when the reused outputs were made; None: executed in this build


def select(every: list[nbs.Notebook], patterns: list[str]) -> list[nbs.Notebook]:
    """Notebooks matching any pattern: an id, a path, a chapter (with its sections, as chapter 5's
    scalability), or a glob of ids."""
    if not patterns:
        return list(every)
    chosen, unmatched = [], []
    for pattern in patterns:
        key = pattern.removeprefix("chapters/").removesuffix(".ipynb").rstrip("/")
        hits = [nb for nb in every if fnmatch(nb.id, key) or nb.chapter == key or nb.chapter.startswith(f"{key}/")]
        if not hits:
            unmatched.append(pattern)
        chosen += [nb for nb in hits if nb not in chosen]
    if unmatched:
        raise profiles.ProfileError(
            f"--only {', '.join(unmatched)}: matches no notebook; known: {', '.join(nb.id for nb in every)}")
    return sorted(chosen, key=lambda nb: nb.order)


def with_needs(chosen: list[nbs.Notebook], every: list[nbs.Notebook]) -> dict[str, str]:
    """The chosen notebooks and, as ``make`` does, everything they need, followed through the needs of
    the needs: ``{id: why}``, in the book's order, where why is "selected" or "needed by <id>"."""
    known = {nb.id: nb for nb in every}
    why = {nb.id: "selected" for nb in chosen}
    todo = [nb.id for nb in chosen]
    while todo:
        current = todo.pop()
        for need in known[current].needs:
            if need not in known:
                raise profiles.ProfileError(f"{current} needs {need}, which is not a notebook of the book")
            if need not in why:
                why[need] = f"needed by {current}"
                todo.append(need)
    return {nb.id: why[nb.id] for nb in every if nb.id in why}


def first_error(executed: Path) -> tuple[str, str]:
    """(where, what) of the first cell that raised, numbered as in the source notebook."""
    try:
        nb = json.loads(executed.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "", ""
    added = {"injected-parameters", "papermill-error-cell-tag"}
    source_cells = [c for c in nb.get("cells", []) if not added & set(c.get("metadata", {}).get("tags", []))]
    for index, cell in enumerate(source_cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                line = next((l for l in "".join(cell.get("source", "")).splitlines() if l.strip()), "")
                where = f"cell {index} (In [{cell.get('execution_count')}]: {line[:60]})"
                trace = ANSI.sub("", "\n".join(out.get("traceback", [])))
                return where, f"{out.get('ename')}: {out.get('evalue')}\n\n{trace}"
    return "", ""


def run_one(nb: nbs.Notebook, parameters: dict, build: Path, started=lambda: None) -> Outcome:
    """Execute one notebook with papermill, within its timeout; ``started()`` is called once its
    process exists."""
    if RUNS.stopping.is_set():
        return not_started(nb, parameters)
    executed = build / "executed" / f"{nb.id}.ipynb"
    log = build / "logs" / f"{nb.id}.log"
    for p in (executed, log):
        p.parent.mkdir(parents=True, exist_ok=True)
    env = {"BOOK_BUILD_DIR": str(build), "PYTHONUNBUFFERED": "1"}
    start = time.perf_counter()
    try:
        run = RUNS.start(nb.path, executed, parameters, nb.path.parent, env, log)
    except processes.Stopped:
        return not_started(nb, parameters)
    started()
    code = run.wait(nb.timeout_s)
    if code is None:
        RUNS.kill(run)
    wall = time.perf_counter() - start
    if code == 0:
        return Outcome(nb.id, "ok", wall, parameters=parameters)
    where, error = first_error(executed)
    refused = error.startswith("ParameterError:")
    if not refused:
        results.clear(nb.id)  # it started: a result file now would be an older run's
    if code is None:
        status, headline = "timeout", f"stopped after the notebook's timeout of {nb.timeout_s} s"
    else:
        status = "failed"
        headline = f"{where}: {error.splitlines()[0]}" if error else f"papermill exited {code}, see {log}"
    trace_file = build / "tracebacks" / f"{nb.id}.txt"
    trace_file.parent.mkdir(parents=True, exist_ok=True)
    trace_file.write_text(f"{nb.id}: {headline}\n\n{error or log.read_text(encoding='utf-8')[-20000:]}\n",
                          encoding="utf-8")
    return Outcome(nb.id, status, wall, headline, str(trace_file), parameters, refused)


def not_started(nb: nbs.Notebook, parameters: dict) -> Outcome:
    return Outcome(nb.id, "failed", detail="not started: the runner was interrupted", parameters=parameters)


def environment() -> dict:
    versions = {}
    for name in PACKAGES:
        installed = hosted.distribution(name)  # TensorFlow under its CPU or its GPU build's name
        versions[installed or name] = installed and metadata.version(installed)
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpu_count": os.cpu_count(), "packages": versions}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def record(build: Path, outcome: Outcome, profile: str, env: dict) -> None:
    """Merge one outcome into the run log, atomically."""
    log_path = build / "run-log.json"
    log = json.loads(log_path.read_text(encoding="utf-8")) if log_path.exists() else {"notebooks": {}}
    log["environment"] = env
    log["notebooks"][outcome.notebook] = {
        "status": outcome.status, "wall_s": round(outcome.wall_s, 2), "runs": outcome.runs, "detail": outcome.detail,
        "traceback_file": outcome.traceback_file, "profile": profile, "parameters": outcome.parameters,
        "finished_at": now(), "reused": outcome.reused_from is not None,
        "executed_at": outcome.reused_from or now(), "build": log.get("build", {}).get("started_at"),
    }
    results.write_json(log_path, log)


def begin(build: Path, profile: str, force: bool) -> None:
    """Mark the start of this build in the run log; each entry it records carries the mark, so an
    entry with another one is an earlier build's."""
    log_path = build / "run-log.json"
    log = json.loads(log_path.read_text(encoding="utf-8")) if log_path.exists() else {"notebooks": {}}
    started = datetime.now(timezone.utc).isoformat()  # to the microsecond: it names the build
    log["build"] = {"started_at": started, "profile": profile, "forced": force}
    results.write_json(log_path, log)


@dataclass(frozen=True)
class Task:
    """Notebooks that run as one unit: a single notebook, or a chapter's timed ones in turns."""
    members: tuple[nbs.Notebook, ...]
    rounds: int = 1
    variants: tuple[dict, ...] = ({},)

    @property
    def timed(self) -> bool:
        return self.members[0].timed

    @property
    def needs(self) -> list[str]:
        own = {nb.id for nb in self.members}
        return [n for nb in self.members for n in nb.needs if n not in own]


def tasks(selected: list[nbs.Notebook], rounds: int,
          plans: dict[str, tuple[int, list[dict]]] | None = None) -> list[Task]:
    """One task per notebook, except that the timed notebooks of a chapter form one task,
    run ``rounds`` times, or as the chapter's plan (alternations, variants) says."""
    plans = plans or {}
    found: list[Task] = []
    for nb in selected:
        group = [t for t in found if nb.timed and t.timed and t.members[0].chapter == nb.chapter]
        if group:
            found[found.index(group[0])] = Task(group[0].members + (nb,), group[0].rounds, group[0].variants)
        elif nb.timed:
            n, variants = plans.get(nb.chapter, (rounds, [{}]))
            found.append(Task((nb,), n, tuple(variants)))
        else:
            found.append(Task((nb,)))
    return found


def run_task(task: Task, parameters: dict[str, dict], build: Path, report, task_key: str) -> list[Outcome]:
    """Run the task's notebooks in turns, ``task.rounds`` times under each of its variants; with
    more than one run each run's results are kept. A member that fails leaves the rotation, with
    none of its runs kept; the others go on. The task's cache entry is removed first and stored
    again only when every member succeeded."""
    cache.forget(task.members, build)
    started = now()
    plan = [variant for _ in range(task.rounds) for variant in task.variants]
    alternating = len(plan) > 1
    if alternating:
        for nb in task.members:
            results.clear_runs(nb.id)
    outcomes = {nb.id: Outcome(nb.id, "ok", parameters=parameters[nb.id]) for nb in task.members}
    for k, variant in enumerate(plan, start=1):
        for nb in task.members:
            if outcomes[nb.id].status != "ok":
                continue
            run_parameters = {**parameters[nb.id], **variant}
            note = f"run {k} of {len(plan)}" + (f", {variant}" if variant else "") if alternating else ""
            run = run_one(nb, run_parameters, build, started=lambda: report(None, started=nb, note=note))
            run.wall_s += outcomes[nb.id].wall_s
            run.runs = k
            if run.status != "ok" and alternating:
                run.detail = f"run {k} of {len(plan)}: {run.detail}"
                results.clear_runs(nb.id)
            elif alternating:
                results.keep_run(nb.id, k)
            outcomes[nb.id] = run
    if all(o.status == "ok" for o in outcomes.values()):
        cache.store(task.members, build, task_key, started, {i: o.wall_s for i, o in outcomes.items()}, len(plan))
    return list(outcomes.values())


def reuse(task: Task, parameters: dict[str, dict], build: Path, every: dict[str, nbs.Notebook],
          versions: dict, force: bool, kit: Path) -> tuple[str, list[Outcome] | None]:
    """The task's cache key, and its outcomes when its stored outputs can be used as they are."""
    needs = tuple(every[n] for n in dict.fromkeys(task.needs) if n in every)
    plan = {"rounds": task.rounds, "variants": list(task.variants)}
    task_key = cache.key(task.members, parameters, plan, needs, build, versions, kit)
    entry = None if force else cache.lookup(task.members, build, task_key)
    if entry is None:
        return task_key, None
    return task_key, [Outcome(nb.id, "ok", entry.wall_s.get(nb.id, 0.0), parameters=parameters[nb.id],
                              runs=entry.runs, reused_from=entry.executed_at) for nb in task.members]


# The main thread waits on the runs in slices of this length. Python runs a signal handler only when
# the main thread executes bytecode; a SIGINT or SIGTERM that lands just before it falls asleep in
# ``wait`` (or that the kernel hands to a waiting thread) would otherwise wait for a run to end, which
# for a held or long notebook is never soon. Each slice's end lets the handler stop the runs at once.
SIGNAL_CHECK_S = 0.25


def schedule(selected: list[nbs.Notebook], parameters: dict[str, dict], jobs: int, build: Path,
             report, rounds: int = 1, plans: dict[str, tuple[int, list[dict]]] | None = None,
             every: list[nbs.Notebook] | None = None, force: bool = False, kit: Path = cache.KIT) -> list[Outcome]:
    """Run the notebooks, ``jobs`` at a time, timed ones alone (a chapter's timed notebooks in
    turns, ``rounds`` times), each after what it needs; reuse a task whose inputs did not change
    (unless ``force``)."""
    pending = tasks(selected, rounds, plans)
    chosen = {nb.id for nb in selected}
    known = {nb.id: nb for nb in (every or selected)}
    versions = environment()
    done: dict[str, Outcome] = {}
    running: dict[Future, Task] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        try:
            while pending or running:
                for task in list(pending):
                    needs = [n for n in task.needs if n in chosen]
                    broken = [n for n in needs if n in done and done[n].status != "ok"]
                    if broken:
                        pending.remove(task)
                        for nb in task.members:
                            done[nb.id] = Outcome(nb.id, "skipped", detail=f"needs {', '.join(broken)}, which did not succeed",
                                                  parameters=parameters[nb.id])
                            report(done[nb.id])
                        continue
                    if any(n not in done for n in needs):
                        continue
                    task_key, reused = reuse(task, parameters, build, known, versions, force, kit)
                    if reused is not None:
                        pending.remove(task)
                        for outcome in reused:
                            done[outcome.notebook] = outcome
                            report(outcome)
                        continue
                    alone = task.timed or any(r.timed for r in running.values())
                    if len(running) >= jobs or (alone and running):
                        break
                    pending.remove(task)
                    running[pool.submit(run_task, task, parameters, build, report, task_key)] = task
                if running:
                    finished = set()
                    while not finished:
                        finished, _ = wait(running, timeout=SIGNAL_CHECK_S, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        running.pop(fut)
                        for outcome in fut.result():
                            done[outcome.notebook] = outcome
                            report(outcome)
                elif pending:
                    missing = {n for task in pending for n in task.needs if n in chosen and n not in done}
                    raise RuntimeError(f"notebooks wait on each other: {sorted(missing)}")
        except BaseException:
            RUNS.stop()
            raise
    return [done[nb.id] for nb in selected]


class Progress:
    """One line per start and per finish, and a summary table at the end."""

    MARKS = {"ok": "ok", "failed": "FAILED", "timeout": "TIMEOUT", "skipped": "skipped"}

    def __init__(self, total: int, build: Path, profile: str):
        self.total, self.build, self.profile, self.finished = total, build, profile, 0
        self.t0 = time.perf_counter()
        self.environment = environment()

    def __call__(self, outcome: Outcome | None, started: nbs.Notebook | None = None, note: str = "") -> None:
        clock = f"{time.perf_counter() - self.t0:7.1f}s"
        if started is not None:
            marks = [m for m in (note, "timed: runs alone" if started.timed else "") if m]
            print(f"[{clock}] start  {started.id}" + (f" ({'; '.join(marks)})" if marks else ""), flush=True)
            return
        self.finished += 1
        record(self.build, outcome, self.profile, self.environment)
        mark = "reused" if outcome.reused_from else self.MARKS[outcome.status]
        took = f"made {outcome.reused_from}" if outcome.reused_from else f"{outcome.wall_s:.1f}s"
        line = f"[{clock}] {mark:<7} {outcome.notebook}  {took}  ({self.finished}/{self.total})"
        print(line + (f"\n            {outcome.detail}" if outcome.detail else ""), flush=True)

    def summary(self, outcomes: list[Outcome]) -> str:
        width = max(len(o.notebook) for o in outcomes)
        rows = [f"{'notebook':<{width}}  {'status':<8} {'wall s':>7}", "-" * (width + 18)]
        rows += [f"{o.notebook:<{width}}  {'reused' if o.reused_from else o.status:<8} {o.wall_s:7.1f}" for o in outcomes]
        bad = [o for o in outcomes if o.status != "ok"]
        reused = sum(1 for o in outcomes if o.reused_from)
        rows.append(f"{len(outcomes) - len(bad)} ok ({reused} reused, {len(outcomes) - len(bad) - reused} executed), "
                    f"{len(bad)} not ok, {time.perf_counter() - self.t0:.1f}s in all")
        rows += [f"  {o.notebook}: {o.detail}" + (f"\n    traceback: {o.traceback_file}" if o.traceback_file else "")
                 for o in bad]
        rows += [f"  note, {nb}: {text}" for nb, text in notices(self.build, outcomes)]
        return "\n".join(rows)


def notices(build: Path, outcomes: list[Outcome]) -> list[tuple[str, str]]:
    """What the notebooks that ran asked the reader of the summary to know (``Recorder.notice``)."""
    found = []
    for o in outcomes:
        file = build / "results" / f"{o.notebook}.json"
        if o.status == "ok" and file.exists():
            found += [(o.notebook, text) for text in json.loads(file.read_text(encoding="utf-8")).get("notices", [])]
    return found


def interrupt(signum, frame) -> None:
    """SIGTERM stops the runner as Ctrl-C does; a second signal while it stops is ignored, so that
    the stop itself is never cut short."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def plan_lines(tasks_: list[Task], parameters: dict[str, dict], why: dict[str, str], build: Path,
               every: dict[str, nbs.Notebook], force: bool, kit: Path) -> list[str]:
    """What ``--list`` prints for each notebook: its marks, parameters, why it is in the run, and
    whether its outputs would be reused or it would execute (and why)."""
    versions, executes, lines = environment(), set(), []
    for task in tasks_:
        waiting = [n for n in task.needs if n in executes]
        if force:
            fate = "executes: --force"
        elif waiting:
            fate = f"executes: it needs {', '.join(waiting)}, which executes"
        else:
            entry = reuse(task, parameters, build, every, versions, False, kit)[1]
            fate = f"reused (made {entry[0].reused_from})" if entry else "executes: it never ran, or its inputs changed"
        if fate.startswith("executes"):
            executes |= {nb.id for nb in task.members}
        for nb in task.members:
            marks = ", ".join(m for m, on in (("timed", nb.timed), ("needs " + " ".join(nb.needs), nb.needs)) if on)
            lines.append(f"{nb.id}{f'  [{marks}]' if marks else ''}  ({why[nb.id]})\n    {fate}\n"
                         f"    defaults: {nb.params}\n    runs with: {parameters[nb.id]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """The command; Ctrl-C or SIGTERM at any moment stops it with status 130, leaving no run behind."""
    global RUNS
    RUNS = processes.Runs()
    handlers = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return run(argv)
    except KeyboardInterrupt:
        RUNS.stop()
        print("interrupted: the notebooks that were running are stopped and left no cache entry, "
              "so the next run executes them again", file=sys.stderr)
        return 130
    finally:
        for sig in handlers:
            signal.signal(sig, signal.SIG_IGN)  # the fork server's stop is not cut short
        RUNS.stop()
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def run(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.pipeline.execute", description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", default="full", help="parameter profile from profiles.yml (default: full)")
    parser.add_argument("--only", nargs="+", default=[], metavar="NOTEBOOK",
                        help="ids, paths, chapters or globs, e.g. 01-foundations or '*/pytorch'; "
                             "what they need runs too (or is reused)")
    parser.add_argument("--no-needs", action="store_true",
                        help="run only the --only selection, on what its needs left in the build folder")
    parser.add_argument("-p", "--parameter", action="append", default=[], metavar="KEY=VALUE",
                        help="override a parameter in every selected notebook that declares it")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks run at once (timed ones always run alone)")
    parser.add_argument("--alternations", type=int, default=None, metavar="N",
                        help="runs of each chapter's timed pair, in turns (default: the profile's, else 1)")
    parser.add_argument("--force", action="store_true",
                        help="execute every selected notebook, even those whose inputs did not change")
    parser.add_argument("--chapters", type=Path, default=paths.CHAPTERS, help=argparse.SUPPRESS)
    parser.add_argument("--kit", type=Path, default=cache.KIT, help=argparse.SUPPRESS)
    parser.add_argument("--profiles", type=Path, default=profiles.PROFILES_FILE, help=argparse.SUPPRESS)
    parser.add_argument("--list", action="store_true",
                        help="list what a run would execute or reuse, and why, with the parameters; run nothing")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs {args.jobs}: must be 1 or more")
    if args.alternations is not None and not 1 <= args.alternations <= 20:
        parser.error(f"--alternations {args.alternations}: must be from 1 to 20")
    build = paths.build_dir()
    try:
        every = nbs.discover(args.chapters)
        if not every:
            raise profiles.ProfileError(f"no notebooks under {args.chapters}/*/")
        chosen = select(every, args.only)
        why = {nb.id: "selected" for nb in chosen} if args.no_needs else with_needs(chosen, every)
        selected = [nb for nb in every if nb.id in why]
        overrides = [profiles.parse_override(text) for text in args.parameter]
        table = profiles.load_profiles(args.profiles)
        parameters = profiles.parameters_for(chosen, every, args.profile, overrides, table)
        parameters.update(profiles.parameters_for([nb for nb in selected if nb not in chosen], every, args.profile, [],
                                                  table))
        rounds = args.alternations or profiles.alternations(args.profile, args.profiles)
        plans = profiles.chapter_plans(args.profile, every, args.profiles)
        given = {key for key, _ in overrides}  # a variant leaves alone what the command line sets
        plans = {chapter: (args.alternations or n, [{k: v for k, v in variant.items()
                                                     if not (k in given and any(nb.chapter == chapter for nb in chosen))}
                                                    for variant in variants])
                 for chapter, (n, variants) in plans.items()}
    except (profiles.ProfileError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.list:
        print("\n".join(plan_lines(tasks(selected, rounds, plans), parameters, why, build,
                                   {nb.id: nb for nb in every}, args.force, args.kit)))
        return 0
    pulled = len(selected) - len(chosen)
    print(f"executing {len(selected)} notebook(s)" + (f" ({pulled} of them needed by the selection)" if pulled else "")
          + f", profile {args.profile!r}, {args.jobs} at a time, timed pairs {rounds} time(s) in turns"
          + "".join(f" ({chapter}: {n} time(s) under each of {len(v)} variants)" for chapter, (n, v) in plans.items()
                    if any(nb.chapter == chapter and nb.timed for nb in selected))
          + f", into {build}", flush=True)
    begin(build, args.profile, args.force)
    progress = Progress(len(selected), build, args.profile)
    outcomes = schedule(selected, parameters, args.jobs, build, progress, rounds, plans, every, args.force, args.kit)
    print("\n" + progress.summary(outcomes), flush=True)
    return 0 if all(o.status == "ok" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
