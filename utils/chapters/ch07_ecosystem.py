"""Chapter 7's framework-free measurements of an installed framework: what it weighs on disk, what
it pulls in, how long a fresh process takes to import it, which tools its install holds, and the
shared in-memory data of its data-pipeline test.

Everything here reads the environment through :mod:`importlib.metadata` and :mod:`importlib.util`
or runs a fresh interpreter; nothing imports a framework. The sizes are those of the files each
distribution's ``RECORD`` lists that exist on disk (bytecode compiled after installation is not
listed, so it is not counted).
"""
from __future__ import annotations

import importlib.metadata as metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
from typing import Iterable, Mapping

import numpy as np
from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name


def distribution_bytes(dist: metadata.Distribution) -> int:
    """Bytes on disk of the files the distribution's ``RECORD`` lists (missing files count nothing)."""
    total = 0
    for f in dist.files or ():
        try:
            total += os.stat(f.locate()).st_size
        except OSError:
            pass
    return total


def requirements(dist: metadata.Distribution, environment: Mapping[str, str] | None = None) -> list[str]:
    """The canonical names of the distributions ``dist`` requires here: extras are not asked for
    (a requirement guarded by ``extra == ...`` is skipped) and markers are evaluated for this interpreter."""
    env = dict(default_environment(), **(environment or {}), extra="")
    names = []
    for text in dist.requires or ():
        try:
            req = Requirement(text)
        except InvalidRequirement:
            continue
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        names.append(canonicalize_name(req.name))
    return names


def closure(name: str) -> dict:
    """The distribution ``name`` and everything it requires, recursively, as installed here.

    Returns ``{"root", "version", "own_bytes", "closure_bytes", "distributions": [{"name",
    "version", "bytes"}, ...] largest first, "missing": [required but not installed]}``.
    """
    root = canonicalize_name(name)
    seen: dict[str, metadata.Distribution] = {}
    missing: set[str] = set()
    todo = [root]
    while todo:
        current = todo.pop()
        if current in seen or current in missing:
            continue
        try:
            dist = metadata.distribution(current)
        except metadata.PackageNotFoundError:
            missing.add(current)
            continue
        seen[current] = dist
        todo.extend(requirements(dist))
    if root not in seen:
        raise metadata.PackageNotFoundError(name)
    rows = [{"name": n, "version": d.version, "bytes": distribution_bytes(d)} for n, d in seen.items()]
    rows.sort(key=lambda r: (-r["bytes"], r["name"]))
    own = next(r["bytes"] for r in rows if r["name"] == root)
    return {"root": root, "version": seen[root].version, "own_bytes": own,
            "closure_bytes": sum(r["bytes"] for r in rows), "distributions": rows, "missing": sorted(missing)}


def import_times(module: str, repeats: int, warmup: int = 1, env: Mapping[str, str] | None = None) -> list[float]:
    """Wall seconds of ``repeats`` fresh ``python -c "import <module>"`` processes, after ``warmup``
    untimed ones (which bring the files into the page cache). A process that fails raises."""
    if not re.fullmatch(r"[A-Za-z_][\w.]*", module):
        raise ValueError(f"not a module name: {module!r}")
    command = [sys.executable, "-c", f"import {module}"]
    environment = dict(os.environ if env is None else env)
    samples = []
    for i in range(warmup + repeats):
        start = time.perf_counter()
        done = subprocess.run(command, env=environment, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"`import {module}` failed in a fresh process: {done.stderr.strip()[-500:]}")
        if i >= warmup:
            samples.append(elapsed)
    return samples


def importable(module: str) -> bool:
    """Whether ``module`` can be found (parents are imported to look, the module itself is not)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def installed(distribution: str) -> bool:
    try:
        metadata.distribution(distribution)
        return True
    except metadata.PackageNotFoundError:
        return False


def tool_rows(tools: Iterable[dict], framework: str) -> list[dict]:
    """One row per tool: ``{"tool", "category", "module", "needs"}`` (``needs``: distributions the
    module imports besides its own, ``command``: an optional program to look for on ``PATH``)
    becomes that plus ``importable`` (found, and every needed distribution installed),
    ``provided_by`` (the distributions of its top-level package), ``in_closure`` (whether
    installing ``framework`` brings those in) and ``on_path``."""
    provides = metadata.packages_distributions()
    inside = {d["name"] for d in closure(framework)["distributions"]}
    rows = []
    for tool in tools:
        needs = list(tool.get("needs", ()))
        top = tool["module"].split(".")[0]
        providers = sorted(canonicalize_name(p) for p in set(provides.get(top, ())))
        found = importable(tool["module"])
        lacking = [n for n in needs if not installed(n)]
        row = dict(tool, needs=needs, found=found, lacking=lacking, importable=found and not lacking,
                   provided_by=providers, in_closure=bool(providers) and all(p in inside for p in providers)
                   and all(canonicalize_name(n) in inside for n in needs))
        if tool.get("command"):
            row["on_path"] = shutil.which(tool["command"]) is not None
        rows.append(row)
    return rows


def pipeline_data(seed: int, rows: int, features: int, classes: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """The data-pipeline test's rows, the same in both halves: float32 features, int64 labels."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((rows, features), dtype=np.float32)
    y = rng.integers(0, classes, size=rows, dtype=np.int64)
    return x, y


def batch_count(rows: int, batch_size: int) -> int:
    """Batches in one pass when the last, shorter batch is kept."""
    return -(-rows // batch_size)


def first_sentence(text: str) -> str:
    """A warning's text on one line, up to the end of its first sentence."""
    flat = " ".join(text.split())
    match = re.search(r"\.(\s|$)", flat)
    return flat[:match.start() + 1] if match else flat


def says_deprecated(text: str, api: str) -> bool:
    """Whether ``text`` calls ``api`` itself deprecated: it speaks of deprecation and names the API."""
    low = " ".join(text.lower().split())
    return "deprecat" in low and api.lower() in low


def deprecation_evidence(messages: Iterable[str], api: str) -> str | None:
    """The first sentence of the first message that calls ``api`` deprecated, or ``None``."""
    for message in messages:
        if says_deprecated(message, api):
            return first_sentence(message)
    return None


def megabytes(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def install_table(install: dict, top: int = 8) -> str:
    """Markdown: the ``top`` largest distributions of a :func:`closure`, then the closure's total."""
    lines = ["| distribution | version | on disk |", "| --- | --- | ---: |"]
    for d in install["distributions"][:top]:
        lines.append(f"| {d['name']} | {d['version']} | {megabytes(d['bytes'])} |")
    rest = install["distributions"][top:]
    if rest:
        lines.append(f"| {len(rest)} more | | {megabytes(sum(d['bytes'] for d in rest))} |")
    lines.append(f"| **all {len(install['distributions'])} distributions** | | **{megabytes(install['closure_bytes'])}** |")
    return "\n".join(lines)


def provider_text(row: dict, framework: str) -> str:
    """Who ships a :func:`tool_rows` row: the framework's own wheel, a dependency, or a separate install."""
    if not row["provided_by"]:
        return "not installed"
    names = ", ".join(row["provided_by"])
    if row["provided_by"] == [canonicalize_name(framework)]:
        text = f"{names} (its own wheel)"
    elif row["in_closure"]:
        text = f"{names} (a dependency of {framework})"
    else:
        text = f"{names} (a separate install, not required by {framework})"
    if row["lacking"]:
        text += f"; needs {', '.join(row['lacking'])}, not installed"
    elif row["needs"]:
        text += f"; imports {', '.join(row['needs'])}" + ("" if row["in_closure"] else f", not required by {framework}")
    return text


def name_row(name: str, api: str, successor: str, successor_module: str, messages: list[str],
             error: str | None = None) -> dict:
    """What the installed library says about one of the articles' names: whether a warning it raised
    calls ``api`` deprecated (with that warning's first sentence as evidence), and whether the
    successor's module is importable and named in the warnings."""
    evidence = deprecation_evidence(messages, api)
    named = any(successor.lower() in m.lower() or successor_module.lower() in m.lower() for m in messages)
    return {"name": name, "api": api, "successor": successor, "successor_module": successor_module,
            "successor_importable": importable(successor_module), "successor_named": named,
            "evidence": evidence or (first_sentence(messages[0]) if messages else "no warning"),
            "deprecated": evidence is not None, "warnings": len(messages), "error": error,
            "testable": True, "reason": None, "in_claim": True}


def untestable_name(name: str, reason: str, module: str, command: str | None = None) -> dict:
    """A name whose status no installed library can tell: the reason, and whether it is installed at all."""
    return {"name": name, "api": module, "successor": None, "successor_module": None, "successor_importable": None,
            "successor_named": None, "evidence": None, "deprecated": None, "warnings": 0, "error": None,
            "testable": False, "reason": reason, "in_claim": True, "installed": importable(module)
            or (command is not None and shutil.which(command) is not None)}


def batch_summary(x: np.ndarray, y: np.ndarray) -> dict:
    """Rows, the float64 sum of the features and the sum of the labels of one batch (as NumPy arrays)."""
    return {"rows": int(x.shape[0]), "x_sum": float(np.sum(np.asarray(x), dtype=np.float64)),
            "y_sum": int(np.sum(np.asarray(y), dtype=np.int64))}


def one_pass(pipeline) -> dict:
    """Read a pipeline once: how many batches it gave, and a summary of its first and last batch.
    A batch is a pair of tensors with ``.numpy()``, which both frameworks' tensors have."""
    count, first, last = 0, None, None
    for xb, yb in pipeline:
        first = first or (xb, yb)
        last, count = (xb, yb), count + 1
    return {"batches": count, "first": batch_summary(first[0].numpy(), first[1].numpy()),
            "last": batch_summary(last[0].numpy(), last[1].numpy())}


def pipeline_expected(x: np.ndarray, y: np.ndarray, batch_size: int) -> dict:
    """What an in-order pass in batches of ``batch_size`` must give: the batch count, the first and last batch."""
    n = batch_count(len(x), batch_size)
    last = (n - 1) * batch_size
    return {"batches": n, "first": batch_summary(x[:batch_size], y[:batch_size]),
            "last": batch_summary(x[last:], y[last:])}


def error_summary(error: BaseException) -> str:
    """An exception as ``Type: sentence``, the sentence being the first of its message that is not
    an internal assertion's location or a request to report a bug."""
    flat = " ".join(str(error).split())
    sentences = [s.strip() for s in re.split(r"(?<=\.)\s+", flat) if s.strip()]
    useful = [s for s in sentences if "INTERNAL ASSERT" not in s and "report a bug" not in s]
    return f"{type(error).__name__}: {(useful or sentences or [''])[0]}"


def caught(action):
    """Run ``action()``; return what it returned (or the exception it raised) and the texts of its warnings."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            result = action()
        except Exception as error:  # a route that fails is a fact to record, not a stop
            result = error
    return result, [str(w.message) for w in seen]


def error_text(result, step: str) -> str | None:
    """``step: Type: sentence`` when ``result`` is an exception, else None."""
    return f"{step}: {error_summary(result)}" if isinstance(result, Exception) else None
