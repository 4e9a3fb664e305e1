"""Chapter 4's decisions: what each framework tells you about a planted bug. Each function decides one
claim from the facts the pair recorded (error texts, debugger stops, print counts, numerics checks);
its docstring is the rule the book shows for the claim (``claims.yml``'s ``decided_by``).

A *probe* is what one framework recorded for one mode when a scripted debugger breaks in the model's
``forward`` and ``forward`` prints: ``calls`` (forward calls), ``stops`` and ``stops_in_forward``
(the debugger's stops, and those in the model's own ``forward``), ``prints`` (times ``print`` fired),
``stopped_in`` and, in TensorFlow, ``tf_prints``. A *shape error* is what one mode recorded for the
same planted shape bug: ``last_user_frame_is_offending_line``, ``raised_at``, ``message_lines``.
"""
from __future__ import annotations

from typing import Mapping

from ..decisions import Verdict, count_against, yes
from ..verdicts import (CONTRADICTED, DEPENDS, FASTER, NOT_TESTABLE, SUPPORTED, Spread, across, agreement,
                        classify_ratio, for_expected)

_SHAPE, _PROBES, _NAN = ("shape_bug",), ("breakpoints",), ("nan_check",)


def every_call(probe: Mapping) -> bool:
    """Whether the debugger stopped in ``forward`` and ``print`` fired on every call."""
    return probe["stops_in_forward"] == probe["calls"] and probe["prints"] == probe["calls"]


def pytorch_errors_lead_to_line(eager: Mapping) -> Verdict:
    """Judged in eager PyTorch only (define-by-run, as the article means; ``torch.compile`` is judged in
    ``compiled_graph_hides_python_in_both``): supported when the traceback of the planted shape error
    ends, in our code, on the planted line; contradicted when it ends elsewhere. What the message
    says (the shapes, say) is not judged: the article promises the line.

    ``eager``: eager PyTorch's shape error."""
    on_line = eager["last_user_frame_is_offending_line"]
    return Verdict(count_against(line_missed=not on_line),
                   f"in eager PyTorch the traceback of the planted shape error {'ends' if on_line else 'does not end'} "
                   f"on the planted line (last frame of our code: `{eager.get('last_user_frame_function', '?')}`)", _SHAPE)


def tf_graph_errors_harder(captured: Mapping[str, Mapping]) -> Verdict:
    """Per captured TensorFlow mode (``tf.function``, and with XLA): supported when the traceback of the
    planted shape error no longer ends on the planted line, contradicted when it still does; one
    verdict over the modes, which *depends* when they part.

    ``captured``: each captured mode's shape error."""
    per = {m: count_against(still_on_the_line=f["last_user_frame_is_offending_line"]) for m, f in captured.items()}
    reason = "; ".join(f"{m}: the traceback {'still ends' if f['last_user_frame_is_offending_line'] else 'does not end'} "
                       f"on the planted line (raised at {f['raised_at']} time, {f['message_lines']} message lines)"
                       for m, f in captured.items())
    return Verdict(across(per), reason, _SHAPE)


def pdb_print_anywhere_pytorch(eager: Mapping) -> Verdict:
    """Judged in eager PyTorch only (define-by-run, as the article means; ``torch.compile`` is judged in
    ``compiled_graph_hides_python_in_both``): supported when a scripted debugger stops in the model's
    ``forward`` on every call and ``print`` in ``forward`` fires on every call; contradicted when either
    misses a call.

    ``eager``: eager PyTorch's probe."""
    return Verdict(SUPPORTED if every_call(eager) else CONTRADICTED,
                   f"in eager PyTorch the debugger stopped in `forward` on {eager['stops_in_forward']} of "
                   f"{eager['calls']} calls and `print` fired {eager['prints']} times", _PROBES)


def tf_graph_hides_python(graph: Mapping) -> Verdict:
    """Supported when, inside ``tf.function``, neither the debugger stops in ``forward`` on every call nor
    ``print`` fires on every call; contradicted when either does (each that does counts against).

    ``graph``: TensorFlow's probe inside ``tf.function``."""
    word = count_against(debugger_every_call=graph["stops_in_forward"] == graph["calls"],
                         print_every_call=graph["prints"] == graph["calls"])
    return Verdict(word, f"inside `tf.function` the debugger stopped {graph['stops']} time(s) for {graph['calls']} calls"
                   f" (in {', '.join(graph['stopped_in']) or 'nothing'}) and `print` fired {graph['prints']} time(s); "
                   f"`tf.print` fired {graph.get('tf_prints', '–')} times", _PROBES)


def compiled_graph_hides_python_in_both(captured: Mapping[str, Mapping]) -> Verdict:
    """Per captured mode of either framework (``torch.compile`` with and without ``fullgraph``,
    ``tf.function``): supported when the debugger does not stop in ``forward`` on every call, contradicted
    when it does; one verdict over the modes, which *depends* when they part.

    ``captured``: probes keyed by framework and mode."""
    per = {m: count_against(debugger_every_call=f["stops_in_forward"] == f["calls"]) for m, f in captured.items()}
    reason = "; ".join(f"{m}: {f['stops_in_forward']} of {f['calls']} calls stopped in `forward`" for m, f in captured.items())
    if across(per) == SUPPORTED:
        reason += (". Once code is captured into a graph, Python's debugger no longer stops in the model's own code "
                   "on each call, in both frameworks")
    return Verdict(across(per), reason, _PROBES)


def remedies_restore_python(remedies: Mapping[str, Mapping], graph: Mapping) -> Verdict:
    """Per remedy (PyTorch's switch back to eager, ``tf.config.run_functions_eagerly``, and ``tf.print``
    inside ``tf.function``): supported when the debugger stops in ``forward`` and ``print`` fires on every
    call (for ``tf.print``: it fires on every call), contradicted otherwise; one verdict over the
    remedies, which *depends* when they part.

    ``remedies``: probes keyed by framework and remedy; ``graph``: TensorFlow's probe inside ``tf.function``."""
    per = {m: SUPPORTED if every_call(f) else CONTRADICTED for m, f in remedies.items()}
    per["TensorFlow tf.print in the graph"] = agreement({"tf.print": abs(graph["tf_prints"] - graph["calls"])}, 0)
    reason = "; ".join(f"{m}: {v}" for m, v in per.items())
    return Verdict(across(per), reason, ("remedies", "breakpoints"))


def nan_tools_name_the_op(nan: Mapping[str, Mapping], nan_step: int) -> Verdict:
    """Per framework: supported when its numerics check stops at the step where the NaN was planted and
    names an operation, contradicted when it stops elsewhere, not at all, or names none; one verdict
    over the frameworks, which *depends* when they part.

    ``nan``: per framework, ``detected_at_step`` (None when nothing stopped) and ``op_named``."""
    per = {fw: count_against(wrong_step=n["detected_at_step"] != nan_step, no_op_named=n["op_named"] is None)
           for fw, n in nan.items()}
    reason = "; ".join(f"{fw} stopped at step {n['detected_at_step']} (planted: {nan_step}) naming `{n['op_named']}`"
                       for fw, n in nan.items())
    return Verdict(across(per), reason, _NAN)


def nan_tools_name_the_cause(nan: Mapping[str, Mapping]) -> Verdict:
    """Per framework: supported when its numerics check leads to the planted division, by naming that
    operation or by a traceback ending on the planted line; contradicted when it does neither; one
    verdict over the frameworks, which *depends* when they part.

    ``nan``: per framework, ``op_is_planted_division`` and ``last_user_frame_is_planted_line``."""
    per = {fw: count_against(cause_missed=not (n["op_is_planted_division"] or n["last_user_frame_is_planted_line"]))
           for fw, n in nan.items()}
    reason = "; ".join(f"{fw}: names the division {yes(n['op_is_planted_division'])}, traceback on the planted line "
                       f"{yes(n['last_user_frame_is_planted_line'])} ({per[fw]})" for fw, n in nan.items())
    return Verdict(across(per), reason, _NAN)


def nan_checks_slow_down(overhead: Mapping[str, Spread], threshold: float) -> Verdict:
    """Per framework, on the time of a step with its numerics check over the same step without, round by
    round: supported when the interquartile range lies at or beyond ``threshold`` (slower), contradicted
    when it lies inside the band of no real difference or below it, not testable when it straddles a
    boundary; one verdict over the frameworks, which *depends* when they part.

    ``overhead``: per framework, the spread of those ratios over every round of every run
    (:func:`utils.verdicts.pooled_rounds`: from fewer than three runs, it is not judged)."""
    per = {fw: for_expected(classify_ratio(s, threshold), FASTER) for fw, s in overhead.items()}
    reason = ("a checked step takes " + "; ".join(
        f"{s.text()} the time of a plain one in {fw}"
        for fw, s in overhead.items())
        + f" (a ratio within {1 / threshold:.2f} to {threshold:g} counts as no real difference; judged on the "
        "interquartile range)")
    return Verdict(across(per), reason, ("nan_check_overhead_ratios",))


def activations_reachable_in_both(activations: Mapping[str, Mapping], tolerance: float) -> Verdict:
    """Supported when both frameworks return the hidden activations without a change to the model's code
    (a forward hook, a sub-model on the same layers) and each is within ``tolerance`` of NumPy's;
    contradicted when either differs by more.

    ``activations``: per framework, ``method`` and ``max_abs_diff`` to NumPy."""
    gaps = {fw: a["max_abs_diff"] for fw, a in activations.items()}
    # within or beyond: the digits of float32 round-off change from machine to machine
    reason = "; ".join(f"{fw} by {a['method']}, {'within' if a['max_abs_diff'] <= tolerance else 'beyond'} "
                       f"{tolerance:g} of NumPy" for fw, a in activations.items())
    return Verdict(agreement(gaps, tolerance), reason, ("activations",))


def tensorboard_one_reader(tensorboard: Mapping[str, Mapping], tolerance: float) -> Verdict:
    """Supported when TensorBoard's own reader loads back the event files both frameworks wrote, each
    value within ``tolerance`` of what was logged; contradicted when one differs by more; not testable
    when the ``tensorboard`` package is not installed.

    ``tensorboard``: per framework, ``tensorboard_installed``, ``max_abs_diff`` and the ``steps`` read."""
    missing = [fw for fw, t in tensorboard.items() if not t["tensorboard_installed"]]
    if missing:
        return Verdict(NOT_TESTABLE, "the `tensorboard` package is not installed in this environment (checked by the "
                       f"{' and '.join(missing)} half)", ("tensorboard",))
    gaps = {fw: t["max_abs_diff"] for fw, t in tensorboard.items()}
    return Verdict(agreement(gaps, tolerance), "TensorBoard's `EventAccumulator` read back "
                   + ", ".join(f"{len(t.get('steps', []))} steps from {fw}, "
                               f"{'within' if t['max_abs_diff'] <= tolerance else 'beyond'} {tolerance:g} of the values logged"
                               for fw, t in tensorboard.items()), ("tensorboard",))


def tf2_eager_pdb_print(eager: Mapping) -> Verdict:
    """Judged in eager TensorFlow 2, its default mode: supported when a scripted debugger stops in the
    model's ``forward`` on every call and ``print`` in ``forward`` fires on every call; contradicted when
    either misses a call. (``tf.function`` is judged in ``tf_graph_hides_python``.)

    ``eager``: eager TensorFlow's probe."""
    return Verdict(SUPPORTED if every_call(eager) else CONTRADICTED,
                   f"in eager TensorFlow the debugger stopped in `forward` on {eager['stops_in_forward']} of "
                   f"{eager['calls']} calls and `print` fired {eager['prints']} times", _PROBES)


TOOLS = {"debugger in forward": "stops_in_forward", "print": "prints"}


def tf2_eager_close_to_pytorch(pytorch: Mapping[str, Mapping], tensorflow: Mapping[str, Mapping]) -> Verdict:
    """Eager TensorFlow 2 against eager PyTorch, on three tools: the debugger stopping in ``forward``,
    ``print`` in ``forward`` (each counted over the calls), and the traceback of the planted shape error
    ending on the planted line. Supported when eager TensorFlow does at least what eager PyTorch does
    with every tool; contradicted when it falls short with all three; it depends otherwise.

    ``pytorch`` and ``tensorflow``: each framework's eager ``probe`` and eager shape ``error``."""
    per = {}
    for tool, key in TOOLS.items():
        per[tool] = SUPPORTED if tensorflow["probe"][key] >= pytorch["probe"][key] else CONTRADICTED
    line = {fw: f["error"]["last_user_frame_is_offending_line"] for fw, f in (("PyTorch", pytorch), ("TensorFlow", tensorflow))}
    per["traceback on the line"] = SUPPORTED if line["TensorFlow"] or not line["PyTorch"] else CONTRADICTED
    reason = (f"in eager mode, over {tensorflow['probe']['calls']} calls TensorFlow's debugger stopped in `forward` "
              f"{tensorflow['probe']['stops_in_forward']} times (PyTorch {pytorch['probe']['stops_in_forward']}) and "
              f"`print` fired {tensorflow['probe']['prints']} times (PyTorch {pytorch['probe']['prints']}); the traceback "
              f"ends on the planted line in TensorFlow: {yes(line['TensorFlow'])} (PyTorch: {yes(line['PyTorch'])})")
    short = [t for t, v in per.items() if v == CONTRADICTED]
    if short:
        reason += f"; TensorFlow falls short with: {', '.join(short)}"
    return Verdict(across(per), reason, ("breakpoints", "shape_bug"))


# ---- made-up records for tests/test_decisions.py ----

def _probe(stops_in_forward=5, prints=5, calls=5, tf_prints=5):
    return {"calls": calls, "stops": stops_in_forward, "stops_in_forward": stops_in_forward, "prints": prints,
            "stopped_in": ["the model's cell:forward"] if stops_in_forward else [], "tf_prints": tf_prints}


def _error(on_line=True, raised_at="run", message_lines=1):
    return {"last_user_frame_is_offending_line": on_line, "last_user_frame_function": "forward_with_shape_bug",
            "raised_at": raised_at, "message_lines": message_lines}


def _nan(step=3, op="RealDiv", division=True, line=False):
    return {"detected_at_step": step, "op_named": op, "op_is_planted_division": division,
            "last_user_frame_is_planted_line": line}


def _spread(median, q1, q3):
    return Spread(median, q1 - 0.1, q1, q3, q3 + 0.1, 15)


def _tb(installed=True, gap=0.0):
    return {"tensorboard_installed": installed, "max_abs_diff": gap, "steps": [0, 1, 2]}


_GRAPH = _probe(stops_in_forward=0, prints=1)
_EAGER = {"probe": _probe(), "error": _error()}

# For each decision, made-up records that reach each verdict it can give (tests/test_decisions.py runs them).
OUTCOMES = {
    "pytorch_errors_lead_to_line": {
        SUPPORTED: dict(eager=_error()),
        CONTRADICTED: dict(eager=_error(on_line=False)),
    },
    "tf_graph_errors_harder": {
        SUPPORTED: dict(captured={"graph": _error(False, "trace", 6), "compiled": _error(False, "trace", 6)}),
        CONTRADICTED: dict(captured={"graph": _error(True, "trace", 6), "compiled": _error(True, "trace", 6)}),
        DEPENDS: dict(captured={"graph": _error(False, "trace", 6), "compiled": _error(True, "trace", 6)}),
    },
    "pdb_print_anywhere_pytorch": {
        SUPPORTED: dict(eager=_probe()),
        CONTRADICTED: dict(eager=_probe(stops_in_forward=0)),
    },
    "tf_graph_hides_python": {
        SUPPORTED: dict(graph=_GRAPH),
        CONTRADICTED: dict(graph=_probe()),
    },
    "compiled_graph_hides_python_in_both": {
        SUPPORTED: dict(captured={"PyTorch compiled": _probe(0, 5), "TensorFlow graph": _GRAPH}),
        CONTRADICTED: dict(captured={"PyTorch compiled": _probe(), "TensorFlow graph": _probe()}),
        DEPENDS: dict(captured={"PyTorch compiled": _probe(), "TensorFlow graph": _GRAPH}),
    },
    "remedies_restore_python": {
        SUPPORTED: dict(remedies={"PyTorch force_eager": _probe(), "TensorFlow run_functions_eagerly": _probe()},
                        graph=_GRAPH),
        CONTRADICTED: dict(remedies={"PyTorch force_eager": _probe(0, 0), "TensorFlow run_functions_eagerly": _probe(0, 1)},
                           graph=_probe(0, 1, tf_prints=1)),
        DEPENDS: dict(remedies={"PyTorch force_eager": _probe(0, 0), "TensorFlow run_functions_eagerly": _probe()},
                      graph=_GRAPH),
    },
    "nan_tools_name_the_op": {
        SUPPORTED: dict(nan={"PyTorch": _nan(op="LogSoftmaxBackward0"), "TensorFlow": _nan()}, nan_step=3),
        CONTRADICTED: dict(nan={"PyTorch": _nan(op=None), "TensorFlow": _nan(step=None)}, nan_step=3),
        DEPENDS: dict(nan={"PyTorch": _nan(op=None), "TensorFlow": _nan()}, nan_step=3),
    },
    "nan_tools_name_the_cause": {
        SUPPORTED: dict(nan={"PyTorch": _nan(division=False, line=True), "TensorFlow": _nan()}),
        CONTRADICTED: dict(nan={"PyTorch": _nan(division=False), "TensorFlow": _nan(division=False)}),
        DEPENDS: dict(nan={"PyTorch": _nan(division=False), "TensorFlow": _nan()}),
    },
    "nan_checks_slow_down": {
        SUPPORTED: dict(overhead={"PyTorch": _spread(7.2, 6.8, 7.4), "TensorFlow": _spread(8.0, 7.4, 8.9)}, threshold=1.2),
        CONTRADICTED: dict(overhead={"PyTorch": _spread(1.0, 0.95, 1.05), "TensorFlow": _spread(1.02, 0.97, 1.1)},
                           threshold=1.2),
        DEPENDS: dict(overhead={"PyTorch": _spread(1.0, 0.95, 1.05), "TensorFlow": _spread(8.0, 7.4, 8.9)}, threshold=1.2),
        NOT_TESTABLE: dict(overhead={"PyTorch": _spread(1.2, 1.1, 1.3), "TensorFlow": _spread(1.2, 1.0, 1.4)},
                           threshold=1.2),
    },
    "activations_reachable_in_both": {
        SUPPORTED: dict(activations={"PyTorch": {"method": "forward hook", "max_abs_diff": 1e-7},
                                     "TensorFlow": {"method": "functional sub-model", "max_abs_diff": 2e-7}}, tolerance=1e-5),
        CONTRADICTED: dict(activations={"PyTorch": {"method": "forward hook", "max_abs_diff": 0.5},
                                        "TensorFlow": {"method": "functional sub-model", "max_abs_diff": 2e-7}},
                           tolerance=1e-5),
    },
    "tensorboard_one_reader": {
        SUPPORTED: dict(tensorboard={"PyTorch": _tb(), "TensorFlow": _tb()}, tolerance=1e-5),
        CONTRADICTED: dict(tensorboard={"PyTorch": _tb(gap=0.5), "TensorFlow": _tb()}, tolerance=1e-5),
        NOT_TESTABLE: dict(tensorboard={"PyTorch": _tb(installed=False), "TensorFlow": _tb()}, tolerance=1e-5),
    },
    "tf2_eager_pdb_print": {
        SUPPORTED: dict(eager=_probe()),
        CONTRADICTED: dict(eager=_probe(prints=0)),
    },
    "tf2_eager_close_to_pytorch": {
        SUPPORTED: dict(pytorch=_EAGER, tensorflow=_EAGER),
        CONTRADICTED: dict(pytorch=_EAGER, tensorflow={"probe": _probe(1, 0), "error": _error(on_line=False)}),
        DEPENDS: dict(pytorch=_EAGER, tensorflow={"probe": _probe(), "error": _error(on_line=False)}),
    },
}
