"""Chapter 7's framework-free measurements of an installed framework: what it weighs on disk, what
it pulls in, how long a fresh process takes to import it, which tools its install holds, and the
shared in-memory data of its data-pipeline test.

Everything here reads the environment through :mod:`importlib.metadata` and :mod:`importlib.util`
or runs a fresh interpreter; nothing imports a framework. The sizes are those of the files each
distribution's ``RECORD`` lists that exist on disk (bytecode compiled after installation is not
listed, so it is not counted).
"""
from __future__ import annotations

import contextlib
import importlib.metadata as metadata
import importlib.util
import logging
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


def build_text(build: Mapping) -> str:
    """A framework's build as recorded by its half: ``{"distribution", "version", "cuda"}``, ``cuda``
    being whether the framework says it was compiled with CUDA kernels."""
    return (f"{build['distribution']} {build['version']}, "
            + ("a build with CUDA kernels compiled in" if build["cuda"] else "a CPU-only build"))


def builds_compared(pytorch: Mapping, tensorflow: Mapping) -> str:
    """Which builds a comparison of sizes and import times sets side by side, and whether they are alike."""
    text = f"{build_text(pytorch)}, against {build_text(tensorflow)}"
    if pytorch["cuda"] != tensorflow["cuda"]:
        return (text + ": unlike builds, so the one with CUDA kernels carries them in every size and import time "
                       "set against the other")
    if pytorch["cuda"]:
        return text + ": like against like, both with CUDA kernels compiled in"
    return text + ": like against like; neither framework's GPU-capable build is measured here"


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


def api_row(api: str, call: str, messages: list[str], error: str | None = None, successor: str | None = None,
            successor_module: str | None = None, successor_ran: bool | None = None) -> dict:
    """What one API call said while it ran, judged on its own warnings only (never on those of another
    call of the same name): ``deprecated`` is True when one of them calls ``api`` deprecated (that
    warning's first sentence is the evidence), False when the call ran to its end without one, and
    None when it stopped with an error before any such warning, which leaves it unjudged.
    ``successor`` is what replaces the call (None: nothing is named), ``successor_module`` the module
    to import it from, ``successor_ran`` whether it ran the same model to the same output (None: not
    tried)."""
    evidence = deprecation_evidence(messages, api)
    deprecated = True if evidence is not None else None if error else False
    tokens = [t.lower() for t in (successor, successor_module, (successor_module or "").split(".")[0]) if t]
    return {"api": api, "call": call, "deprecated": deprecated, "warnings": len(messages), "error": error,
            "evidence": evidence or (first_sentence(messages[0]) if messages else "no warning"),
            "successor": successor, "successor_module": successor_module,
            "successor_importable": importable(successor_module) if successor_module else None,
            "successor_named": any(t in m.lower() for t in tokens for m in messages) if tokens else None,
            "successor_ran": successor_ran}


def name_row(name: str, apis: list[dict]) -> dict:
    """One of the articles' names with the API calls that stand for it (:func:`api_row`), each judged
    on its own; how the calls add up for the name is a decision (``ch07_decisions``)."""
    return {"name": name, "apis": list(apis), "testable": True, "reason": None, "in_claim": True}


def _said(flag) -> str:
    return "not tried" if flag is None else "yes" if flag else "no"


def api_text(row: dict) -> str:
    """One API call's record on one line: deprecated by its own call or not, and what replaces it."""
    if row["deprecated"] is None:
        return f"not judged: it stopped with an error and no deprecation warning ({row['error']})"
    if not row["deprecated"]:
        return "deprecated by its own call: no; " + (f"{row['warnings']} other warning(s)" if row["warnings"] else "no warning")
    if row["successor"] is None:
        return "deprecated by its own call: yes; no successor named"
    return (f"deprecated by its own call: yes; replaced by {row['successor']} (`{row['successor_module']}` importable: "
            f"{_said(row['successor_importable'])}, named by the warning: {_said(row['successor_named'])}, "
            f"same output from the same model: {_said(row['successor_ran'])})")


def name_lines(names: Iterable[dict]) -> list[str]:
    """The names' records as the halves print them: one line per API call and one with what it said."""
    lines = []
    for r in names:
        if not r["testable"]:
            lines.append(f"{r['name']:<15} not testable here: {r['reason']} (installed here: "
                         f"{'yes' if r['installed'] else 'no'})")
            continue
        for a in r["apis"]:
            lines.append(f"{r['name']:<15} {a['api']:<32} {api_text(a)}")
            lines.append(f"{'':<15} {'':<32} said: {a['evidence']}"
                         + (f"; failed: {a['error']}" if a["error"] and a["deprecated"] is not None else ""))
    return lines


def untestable_name(name: str, reason: str, module: str, command: str | None = None) -> dict:
    """A name whose status no installed library can tell: the reason, and whether it is installed at all."""
    return {"name": name, "apis": [], "testable": False, "reason": reason, "in_claim": True, "module": module,
            "installed": importable(module) or (command is not None and shutil.which(command) is not None)}


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


class _Kept(logging.Handler):
    """Keeps the text of every record at WARNING or above."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# Where the libraries log their warnings: TensorFlow's deprecation notices go to its logger, not to warnings.warn.
LOGGERS = ("", "tensorflow", "absl")


@contextlib.contextmanager
def logged(names: Iterable[str] = LOGGERS):
    """Inside the block, the warnings these loggers would write are kept in the list it yields instead
    of printed, whatever level the notebook set them to; the loggers are left as they were."""
    kept, saved = _Kept(), []
    for name in names:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.handlers[:], logger.propagate))
        logger.handlers, logger.propagate = [kept], False
        if logger.getEffectiveLevel() > logging.WARNING:
            logger.setLevel(logging.WARNING)
    try:
        yield kept.messages
    finally:
        for logger, level, handlers, propagate in saved:
            logger.setLevel(level)
            logger.handlers, logger.propagate = handlers, propagate


def caught(action):
    """Run ``action()``; return what it returned (or the exception it raised) and the texts of its
    warnings, those raised with ``warnings.warn`` and those logged at WARNING or above (:func:`logged`)."""
    with warnings.catch_warnings(record=True) as seen, logged() as messages:
        warnings.simplefilter("always")
        try:
            result = action()
        except Exception as error:  # a route that fails is a fact to record, not a stop
            result = error
    return result, [str(w.message) for w in seen] + messages


def error_text(result, step: str) -> str | None:
    """``step: Type: sentence`` when ``result`` is an exception, else None."""
    return f"{step}: {error_summary(result)}" if isinstance(result, Exception) else None
