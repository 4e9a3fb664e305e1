"""Chapter 6's decisions: which routes out of each framework work, and what that says about the
articles' deployment claims. Each function decides one claim from the rows the pair recorded (one per
route tried: ``path``, ``target``, ``runtime``, ``precision``, ``status``, ``max_abs_diff``,
``accuracy``, ``warnings``); its docstring is the rule the book shows for the claim (``claims.yml``'s
``decided_by``). Framework-free."""
from __future__ import annotations

from typing import Mapping, Sequence

from ..decisions import Verdict
from ..verdicts import CONTRADICTED, DEPENDS, NOT_TESTABLE, SUPPORTED, across
from .ch06_deployment import NOT_RUN, WORKS, parity_text
LABELS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow"}
OTHER = {"pytorch": "tensorflow", "tensorflow": "pytorch"}
# Runtimes that belong to neither framework's project: ONNX Runtime (and ONNX Runtime Web), and the
# framework-free HTTP endpoint on Python's http.server. A route through one of them is shown, never
# counted as the framework's own.
THIRD_PARTY = ("onnxruntime", "http.server")
# The deployment APIs whose deprecation by the framework marks a route as unsettled.
ROUTE_APIS = ("torch.jit", "lite interpreter", "tf.lite")
ANNOUNCES = ("deprecat", "scheduled for deletion")


def quantised(row: Mapping) -> bool:
    return row.get("precision", "float32") != "float32"


def works(row: Mapping, tolerance: float, model_accuracy: float | None = None,
          max_accuracy_drop: float | None = None) -> bool:
    """Ran, and reproduces the model within ``tolerance`` (float32) or keeps its accuracy within
    ``max_accuracy_drop`` of ``model_accuracy`` (quantised; a rule that gives no accuracy to keep, one
    about float32 parity, does not count a quantised route)."""
    if row["status"] != WORKS or row.get("accuracy") is None:
        return False
    if quantised(row):
        return model_accuracy is not None and row["accuracy"] - model_accuracy >= -max_accuracy_drop
    return row.get("max_abs_diff") is not None and row["max_abs_diff"] <= tolerance


def own(row: Mapping) -> bool:
    """The route runs in a runtime of the framework's own project (not ONNX Runtime, not the plain HTTP endpoint)."""
    return not row.get("runtime", "").lower().startswith(THIRD_PARTY)


def deprecated(row: Mapping, api: str) -> bool:
    """A warning the route raised announces that ``api`` itself is deprecated (not some other name it touched)."""
    return any(any(a in w["message"].lower() for a in ANNOUNCES) and api.lower() in w["message"].lower()
               for w in row["warnings"])


def unsettled(row: Mapping) -> bool:
    """The framework warned, while the route ran, that its API is deprecated or experimental."""
    return (any(deprecated(row, api) for api in ROUTE_APIS)
            or any("experimental" in w["message"].lower() for w in row["warnings"]))


def names(rows: Sequence[Mapping]) -> str:
    return ", ".join(f"*{r['path']}*" for r in rows) or "none"


def exports_compute_the_model(routes: Mapping[str, Sequence[Mapping]], tolerance: float) -> Verdict:
    """Per framework: supported when every float32 route that ran (exports, the other framework's ONNX
    file, the HTTP endpoint, the browser runtimes) gives outputs within ``tolerance`` of its model,
    contradicted when one ran without an error and gave other outputs, not testable when none ran;
    one verdict over the two, which *depends* when they part."""
    ran = {fw: [r for r in rows if r["status"] == WORKS and not quantised(r)] for fw, rows in routes.items()}
    wrong = {fw: [r for r in ran[fw] if not works(r, tolerance)] for fw in ran}
    per_fw = {fw: NOT_TESTABLE if not ran[fw] else CONTRADICTED if wrong[fw] else SUPPORTED for fw in ran}
    return Verdict(across(per_fw), "; ".join(
        f"{LABELS[fw]}: {len(ran[fw]) - len(wrong[fw])} of {len(ran[fw])} float32 routes that ran reproduce the model"
        + (f", while {names(wrong[fw])} ran without an error and gave other outputs" if wrong[fw] else "")
        for fw in ran), ("paths", "bridge", "endpoint", "browser"))


def lite_for_edge(routes: Sequence[Mapping], model_accuracy: float, tolerance: float,
                  max_accuracy_drop: float) -> Verdict:
    """Among TensorFlow's routes to phones and small devices: supported when a float32 TF Lite file
    reproduces the model within ``tolerance`` and an 8-bit one under half its size keeps the accuracy
    within ``max_accuracy_drop``; it depends when only the float32 file works; contradicted when no
    float32 file does."""
    lite = [r for r in routes if r["target"] == "mobile and edge"]
    floats = [r for r in lite if not quantised(r) and works(r, tolerance)]
    small = [r for r in lite if quantised(r) and works(r, tolerance, model_accuracy, max_accuracy_drop)
             and floats and r["size_bytes"] < 0.5 * floats[0]["size_bytes"]]
    return Verdict(SUPPORTED if floats and small else DEPENDS if floats else CONTRADICTED,
                   f"float32 TF Lite files that reproduce the model: {names(floats)}; 8-bit files under half the size "
                   f"that keep the accuracy within {max_accuracy_drop:g}: {names(small)}", ("paths", "model"))


def pytorch_mobile(routes: Sequence[Mapping], tolerance: float) -> Verdict:
    """Supported when a PyTorch Mobile route reproduces the model and the installed PyTorch does not
    call the lite interpreter deprecated; it depends when PyTorch Mobile fails or is deprecated but
    its successor ExecuTorch reproduces the model; contradicted when neither does."""
    mobile = [r for r in routes if r["target"] == "mobile and edge"]
    old = [r for r in mobile if r["path"].startswith("PyTorch Mobile")]
    new = [r for r in mobile if r["path"].startswith("ExecuTorch")]
    old_ok, new_ok = ([r for r in group if works(r, tolerance)] for group in (old, new))
    warned = [r for r in old_ok if deprecated(r, "lite interpreter")]
    word = SUPPORTED if old_ok and not warned else DEPENDS if new_ok else CONTRADICTED
    return Verdict(word, f"PyTorch Mobile routes that work: {names(old_ok)} (with a deprecation warning: {names(warned)}; "
                         f"failing: {names([r for r in old if r not in old_ok])}); ExecuTorch routes that work: "
                         f"{names(new_ok)}", ("paths",))


def browser_support(browser: Mapping[str, Sequence[Mapping]], tolerance: float) -> Verdict:
    """In headless Chromium, counting only exported files (a row whose network the page rebuilt by hand
    from weights, as TensorFlow.js's is when its converter cannot be installed, is shown but never
    counted): contradicted when no file exported from TensorFlow runs in a runtime of TensorFlow's own
    project (LiteRT.js, or TensorFlow.js from its converter) and reproduces the model within
    ``tolerance``. Otherwise PyTorch's support counts as *limited*, and the claim supported, when
    PyTorch reaches the browser only through another project's runtime (ONNX Runtime Web) or not at
    all; it depends when a browser runtime of PyTorch's own project works but PyTorch warns it is
    deprecated or experimental; contradicted when one works with no such warning. Not testable when a
    browser row did not run."""
    not_run = [r for rows in browser.values() for r in rows if r["status"] == NOT_RUN]
    if not_run:
        return Verdict(NOT_TESTABLE, f"{names(not_run)} did not run: {not_run[0]['error']}", ("browser",))
    ok = {fw: [r for r in rows if works(r, tolerance) and not r.get("rebuilt")] for fw, rows in browser.items()}
    rebuilt = [r for rows in browser.values() for r in rows if r.get("rebuilt")]
    tf_own = [r for r in ok["tensorflow"] if own(r)]
    pt_own = [r for r in ok["pytorch"] if own(r)]
    settled = [r for r in pt_own if not unsettled(r)]
    word = (CONTRADICTED if not tf_own or settled else DEPENDS if pt_own else SUPPORTED)
    return Verdict(word, f"exported TensorFlow files that reproduce the model in Chromium: {names(ok['tensorflow'])} "
                         f"(in a runtime of TensorFlow's own project: {names(tf_own)}); PyTorch's: {names(ok['pytorch'])}, "
                         f"of which in a runtime of PyTorch's own project: {names(pt_own)} (deprecated or experimental: "
                         f"{names([r for r in pt_own if r not in settled])}); rebuilt by hand from weights, not counted: "
                         f"{names(rebuilt)}", ("browser",))


def onnx_bridge(bridge: Mapping[str, Mapping], tolerance: float) -> Verdict:
    """Each framework runs the other's ONNX file (in ONNX Runtime, beside its own framework): supported
    when every direction that ran reproduces the exporting model within ``tolerance`` and a converter
    from ONNX back into a framework is installed, it depends when the files run but no converter is
    installed, contradicted when a direction gives other outputs, not testable when none ran."""
    direction = {fw: NOT_TESTABLE if b["run"]["status"] == NOT_RUN else SUPPORTED if works(b["run"], tolerance)
                 else CONTRADICTED for fw, b in bridge.items()}
    runs_both = across(direction)
    converters = {fw: [k for k, v in b["converters"].items() if v] for fw, b in bridge.items()}
    word = DEPENDS if runs_both == SUPPORTED and not any(converters.values()) else runs_both
    return Verdict(word, "; ".join(
        f"{LABELS[OTHER[fw]]}'s file beside {LABELS[fw]}: {parity_text(b['run'], tolerance)}; converters into "
        f"{LABELS[fw]} importable: {', '.join(converters[fw]) or 'none'}" for fw, b in bridge.items()), ("bridge",))


def torchscript_static(routes: Sequence[Mapping], tolerance: float) -> Verdict:
    """Supported when a TorchScript file (scripted or traced), loaded without the model's class,
    reproduces the model within ``tolerance`` and PyTorch does not call ``torch.jit`` deprecated while
    it runs; it depends when the files that work are called deprecated; contradicted when none works.
    The second article's "without a Python dependency" (a C++ program on libtorch) is not tried here."""
    script = [r for r in routes if r["path"].startswith("TorchScript")]
    ok = [r for r in script if works(r, tolerance)]
    warned = [r for r in ok if deprecated(r, "torch.jit")]
    return Verdict(CONTRADICTED if not ok else DEPENDS if warned else SUPPORTED,
                   f"TorchScript routes that reproduce the model: {names(ok)}; of those, warned deprecated by PyTorch "
                   f"itself: {names(warned)}", ("paths",))


def _standing(rows: Sequence[Mapping]) -> int:
    """2: a route of the framework's own works with no warning that it is deprecated or experimental;
    1: its own routes that work all carry such a warning; 0: none of its own works."""
    working = [r for r in rows if own(r)]
    return 2 if any(not unsettled(r) for r in working) else 1 if working else 0


def production_ready(routes: Mapping[str, Sequence[Mapping]], model_accuracy: Mapping[str, float], tolerance: float,
                     max_accuracy_drop: float) -> Verdict:
    """Breadth and maturity of each framework's own deployment routes, target by target (Python,
    server, mobile and edge, browser: each target where either framework tried a route of its own).
    Only routes whose runtime comes from the framework's own project count (for PyTorch: PyTorch,
    libtorch, the lite interpreter, ExecuTorch; for TensorFlow: TensorFlow, Keras, TF Lite/LiteRT,
    TF.js, LiteRT.js); ONNX Runtime, ONNX Runtime Web and the plain HTTP endpoint are shown but not
    counted, nor is the other framework's ONNX file, nor a browser row whose network the page rebuilt
    by hand from weights instead of loading an exported file. At each target a framework stands higher when it
    has a working own route there and the other has none, or when one of its working own routes
    carries no warning from the framework that its API is deprecated (`torch.jit`, the lite
    interpreter, `tf.lite`) or experimental while every working own route of the other does.
    Supported when TensorFlow stands higher at one target or more and PyTorch at none; contradicted
    when TensorFlow stands higher nowhere; it depends when each stands higher somewhere.

    A route works as in the other rules: float32 within ``tolerance`` of its model, 8-bit within
    ``max_accuracy_drop`` of its accuracy."""
    ok = {fw: [r for r in rows if r["target"] != "bridge" and not r.get("rebuilt")
               and works(r, tolerance, model_accuracy[fw], max_accuracy_drop)] for fw, rows in routes.items()}
    targets = sorted({r["target"] for rows in routes.values() for r in rows if r["target"] != "bridge" and own(r)})
    standing = {t: {fw: _standing([r for r in ok[fw] if r["target"] == t]) for fw in ok} for t in targets}
    ahead = {fw: [t for t in targets if standing[t][fw] > standing[t][OTHER[fw]]] for fw in ok}
    word = (CONTRADICTED if not ahead["tensorflow"] else DEPENDS if ahead["pytorch"] else SUPPORTED)
    level = {2: "an own route works", 1: "its own routes that work are warned deprecated or experimental",
             0: "no own route works"}

    def at(fw, t):
        mine = [r for r in ok[fw] if r["target"] == t]
        others = [r for r in mine if not own(r)]
        return (f"{LABELS[fw]} {level[standing[t][fw]]}"
                + (f" ({names([r for r in mine if own(r)])})" if standing[t][fw] else "")
                + (f", through others' runtimes {names(others)}" if others else ""))

    unsettled_own = {fw: [r for r in ok[fw] if own(r) and unsettled(r)] for fw in ok}
    return Verdict(word, "; ".join(f"{t}: {at('pytorch', t)}, {at('tensorflow', t)}" for t in targets)
                   + f"; TensorFlow stands higher at: {', '.join(ahead['tensorflow']) or 'no target'}; PyTorch at: "
                   + f"{', '.join(ahead['pytorch']) or 'no target'}; working own routes warned deprecated or experimental: "
                   + ", ".join(f"{LABELS[fw]} {len(unsettled_own[fw])}" for fw in ok),
                   ("paths", "endpoint", "browser", "model"))


PLACES = ("Python", "server", "mobile and edge", "browser")  # where a model runs; "any ONNX runtime" is not one


def onnx_widens_pytorch(routes: Sequence[Mapping], tolerance: float) -> Verdict:
    """Judged on PyTorch's routes through an ONNX file (its runtime is ONNX Runtime, in Python or in the
    browser), place by place (Python, server, mobile and edge, browser; "any ONNX runtime" names a file
    format, not a place, and does not count). Supported when every such route reproduces the model
    within ``tolerance`` and one or more of them runs in a place that no working route of PyTorch's own
    reaches; it depends when such a place is reached but other ONNX routes fail or drift; contradicted
    when no ONNX route reaches a place PyTorch's own routes do not."""
    onnx = [r for r in routes if r["target"] != "bridge" and not own(r) and "onnx" in r["runtime"].lower()]
    ok = [r for r in onnx if works(r, tolerance)]
    own_places = {r["target"] for r in routes if r["target"] in PLACES and own(r) and works(r, tolerance)}
    new = sorted({r["target"] for r in ok if r["target"] in PLACES} - own_places)
    word = (CONTRADICTED if not new else SUPPORTED if len(ok) == len(onnx) else DEPENDS)
    return Verdict(word, f"PyTorch's ONNX routes that work: {names(ok)}; that fail or drift: "
                   f"{names([r for r in onnx if r not in ok])}; places PyTorch's own routes reach: "
                   f"{', '.join(p for p in PLACES if p in own_places) or 'none'}; places only ONNX adds: "
                   f"{', '.join(new) or 'none'}", ("paths", "browser"))


def serving(servers: Sequence[Mapping]) -> Verdict:
    """Supported when both servers, TF Serving and TorchServe, are installed here (found as a Python
    module or a command); not testable here otherwise, which is the case in this book's environment."""
    if servers and all(s["status"] == "installed" for s in servers):
        return Verdict(SUPPORTED, "both servers are installed: " + ", ".join(s["server"] for s in servers), ("serving",))
    return Verdict(NOT_TESTABLE, "; ".join(
        f"{s['server']}: {s['status']} (Python module `{s['module']}`, command `{s['command']}`)" for s in servers)
        + "; TF Serving ships as a container image or a system package from outside the package registries this "
        "machine reaches, and TorchServe is no longer maintained", ("serving",))


# ---------------------------------------------------------------------------------------------------
# Made-up records reaching every verdict of every decision (tests/test_decisions.py runs them).

def _row(path, target, runtime, diff=0.0, status=WORKS, precision="float32", accuracy=0.93, size=200_000,
         warnings=()):
    return {"path": path, "target": target, "runtime": runtime, "status": status, "precision": precision,
            "max_abs_diff": diff, "accuracy": accuracy, "size_bytes": size,
            "stage": None, "error": None if status == WORKS else "x",
            "warnings": [{"category": "DeprecationWarning", "package": "torch", "message": m} for m in warnings]}


_T = dict(tolerance=1e-5)
_JIT = ("`torch.jit.script` is deprecated. Please switch to `torch.export`.",)
_LITE = ("Lite Interpreter is deprecated. Please consider switching to ExecuTorch.",)
_EXPERIMENTAL = ("This API is experimental and subject to change without notice.",)
_PT = [_row("state_dict + class", "Python", "PyTorch"), _row("AOTInductor package", "server", "PyTorch or libtorch (C++)"),
       _row("ExecuTorch, portable", "mobile and edge", "ExecuTorch runtime"),
       _row("HTTP endpoint", "server", "http.server and PyTorch"),
       _row("browser: onnxruntime-web", "browser", "onnxruntime-web (wasm)")]
_TF = [_row(".keras file", "Python", "Keras"), _row("SavedModel", "server", "TensorFlow or TF Serving"),
       _row("TF Lite", "mobile and edge", "LiteRT interpreter"),
       _row("TF Lite, full int8", "mobile and edge", "LiteRT interpreter", diff=3e-2, precision="int8", accuracy=0.925,
            size=60_000),
       _row("browser: tfjs", "browser", "tfjs (cpu)"), _row("browser: onnxruntime-web", "browser", "onnxruntime-web")]
_ACC = {"model_accuracy": {"pytorch": 0.93, "tensorflow": 0.93}, "max_accuracy_drop": 0.01, **_T}
_PT_OWN_BROWSER = _row("browser: executorch-wasm", "browser", "ExecuTorch (wasm)")
_TF_NO_MOBILE = [r for r in _TF if r["target"] != "mobile and edge"]
_BROWSER = {"pytorch": [_PT[-1]], "tensorflow": _TF[-2:]}
_BRIDGE_OK = {"run": _row("other's ONNX file", "bridge", "onnxruntime"), "converters": {"onnx2torch": False}}
_SERVERS = [{"server": "TorchServe", "module": "ts", "command": "torchserve", "status": "installed"},
            {"server": "TensorFlow Serving", "module": "tensorflow_serving", "command": "tensorflow_model_server",
             "status": "installed"}]

OUTCOMES = {
    "exports_compute_the_model": {
        SUPPORTED: dict(routes={"pytorch": _PT, "tensorflow": _TF}, **_T),
        DEPENDS: dict(routes={"pytorch": _PT, "tensorflow": [*_TF, _row("TF Lite, from a concrete function",
                                                                        "mobile and edge", "LiteRT", diff=1.0)]}, **_T),
        CONTRADICTED: dict(routes={"pytorch": [*_PT, _row("torch.export", "Python", "PyTorch", diff=0.01)],
                                   "tensorflow": [_row("SavedModel", "server", "TensorFlow", diff=0.1)]}, **_T),
        NOT_TESTABLE: dict(routes={"pytorch": [_row("x", "Python", "PyTorch", status="failed")]}, **_T),
    },
    "lite_for_edge": {
        SUPPORTED: dict(routes=_TF, model_accuracy=0.93, max_accuracy_drop=0.01, **_T),
        DEPENDS: dict(routes=_TF, model_accuracy=0.95, max_accuracy_drop=0.01, **_T),
        CONTRADICTED: dict(routes=_TF_NO_MOBILE, model_accuracy=0.93, max_accuracy_drop=0.01, **_T),
    },
    "pytorch_mobile": {
        SUPPORTED: dict(routes=[_row("PyTorch Mobile, lite interpreter", "mobile and edge", "lite interpreter")], **_T),
        DEPENDS: dict(routes=[_row("PyTorch Mobile, lite interpreter", "mobile and edge", "lite interpreter",
                                   warnings=_LITE), _PT[2] | {"path": "ExecuTorch, portable"}], **_T),
        CONTRADICTED: dict(routes=[_row("PyTorch Mobile, lite interpreter", "mobile and edge", "x", status="failed")], **_T),
    },
    "browser_support": {
        SUPPORTED: dict(browser=_BROWSER, **_T),
        DEPENDS: dict(browser={**_BROWSER, "pytorch": [_row("browser: executorch-wasm", "browser", "ExecuTorch (wasm)",
                                                            warnings=_EXPERIMENTAL)]}, **_T),
        CONTRADICTED: dict(browser={**_BROWSER, "pytorch": [_PT_OWN_BROWSER]}, **_T),
        NOT_TESTABLE: dict(browser={**_BROWSER, "tensorflow": [_row("browser: tfjs", "browser", "tfjs", status=NOT_RUN)]},
                           **_T),
    },
    "onnx_bridge": {
        SUPPORTED: dict(bridge={"pytorch": _BRIDGE_OK, "tensorflow": {**_BRIDGE_OK, "converters": {"onnx2tf": True}}}, **_T),
        DEPENDS: dict(bridge={"pytorch": _BRIDGE_OK, "tensorflow": _BRIDGE_OK}, **_T),
        CONTRADICTED: dict(bridge={fw: {**_BRIDGE_OK, "run": _row("f", "bridge", "onnxruntime", diff=0.01)}
                                   for fw in ("pytorch", "tensorflow")}, **_T),
        NOT_TESTABLE: dict(bridge={"pytorch": {**_BRIDGE_OK, "run": _row("f", "bridge", "onnxruntime", status=NOT_RUN)}}, **_T),
    },
    "torchscript_static": {
        SUPPORTED: dict(routes=[_row("TorchScript, traced", "server", "PyTorch or libtorch (C++)")], **_T),
        DEPENDS: dict(routes=[_row("TorchScript, traced", "server", "PyTorch or libtorch (C++)", warnings=_JIT)], **_T),
        CONTRADICTED: dict(routes=[_row("TorchScript, traced", "server", "libtorch", status="failed")], **_T),
    },
    "production_ready": {
        # TensorFlow.js against ONNX Runtime Web only: TensorFlow higher in the browser, even elsewhere
        SUPPORTED: dict(routes={"pytorch": _PT, "tensorflow": _TF}, **_ACC),
        # a browser runtime of PyTorch's own: level everywhere
        CONTRADICTED: dict(routes={"pytorch": [*_PT, _PT_OWN_BROWSER], "tensorflow": _TF}, **_ACC),
        # TensorFlow higher in the browser, PyTorch on phones
        DEPENDS: dict(routes={"pytorch": _PT, "tensorflow": _TF_NO_MOBILE}, **_ACC),
    },
    "onnx_widens_pytorch": {
        # _PT ends with onnxruntime-web in the browser, where PyTorch has no runtime of its own
        SUPPORTED: dict(routes=[*_PT, _row("ONNX", "any ONNX runtime", "onnxruntime (CPU)")], **_T),
        DEPENDS: dict(routes=[*_PT, _row("ONNX", "any ONNX runtime", "onnxruntime (CPU)", diff=0.1)], **_T),
        # the browser page failed: ONNX runs only where PyTorch's own routes run already
        CONTRADICTED: dict(routes=[*_PT[:4], _row("ONNX", "any ONNX runtime", "onnxruntime (CPU)"),
                                   _row("browser: onnxruntime-web", "browser", "onnxruntime-web (wasm)", status="failed")],
                           **_T),
    },
    "serving": {
        SUPPORTED: dict(servers=_SERVERS),
        NOT_TESTABLE: dict(servers=[_SERVERS[0], {**_SERVERS[1], "status": "not installed"}]),
    },
}
