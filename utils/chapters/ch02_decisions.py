"""Chapter 2's decisions: what define-by-run and define-and-run mean in the two frameworks today, and what a
graph buys in speed. Each function decides one claim from what the pair recorded (already reduced to plain
numbers, flags and :class:`~utils.verdicts.Spread` s of ratios); its docstring is the rule the book shows for
the claim (``claims.yml``'s ``decided_by``).

The speed rules take ratios of times (eager time over a mode's time, or one framework's over the other's) and
the comparison's ``threshold`` (``meaningful_speedup``): a ratio counts as a real difference only when its whole
interquartile range clears it (:func:`utils.verdicts.classify_ratio`). Each also takes ``unlike``, the checks
of the halves that found a timed mode computing something else than eager code: then no time compares like
with like, and every speed verdict is *not testable here*.
"""
from __future__ import annotations

from typing import Collection, Mapping, Sequence

from ..decisions import Verdict
from ..verdicts import (CONTRADICTED, DEPENDS, FASTER, NOT_TESTABLE, SAME, SLOWER, SUPPORTED, UNCLEAR, Spread,
                        across, agreement, classify_ratio, for_expected, where)

RESOLVED_PER_OP_S = 1e-8  # a fitted cost per operation under 10 ns is below what the sweep's fits resolve
MODES_CHECKED = ("timed_modes_agree", "control_modes_exact", "eager_variants_agree", "long_vector_forms_agree")
REPLAYED_FROM_PYTHON = ("replayed from Python operation by operation: torch.fx's GraphModule is generated Python "
                        "that calls the same operators as eager code, so it cannot remove their launch cost")


def _unlike(unlike: Sequence[str], evidence: tuple[str, ...]) -> Verdict | None:
    """*Not testable* when a timed mode computed something else than eager code (the failed checks named)."""
    if not unlike:
        return None
    return Verdict(NOT_TESTABLE, "some modes gave answers unlike eager code's, so their times are not times of the "
                   f"same work: {'; '.join(unlike)}", (*evidence, *MODES_CHECKED))


def _listed(outcomes: Mapping[str, str], details: Mapping[str, str] | None = None) -> str:
    """``yes: a; b. no: c.``: the settings behind a verdict, grouped by their own verdict."""
    details = details or {}
    groups = ((SUPPORTED, "yes"), (CONTRADICTED, "no"), (NOT_TESTABLE, "too close to call, or from fewer than 3 runs"))
    return "; ".join(f"{label}: " + ", ".join(f"{k}{details.get(k, '')}" for k in where(outcomes, word))
                     for word, label in groups if where(outcomes, word))


def define_by_run_control_flow(max_abs_diff: Mapping[str, float], wrong_counts: Mapping[str, int], inputs: int,
                               graphs: Mapping[str, str], tolerance: float = 1e-6) -> Verdict:
    """Supported when eager code in both frameworks (define-by-run in both) runs an ``if`` and a ``while`` that
    depend on tensor values as plain Python and matches a NumPy reference on every input: values within
    ``tolerance``, every count of loop turns exact; contradicted when one framework's eager answers are off.
    What graph captures make of the same function is reported beside the verdict, not judged.

    ``max_abs_diff`` and ``wrong_counts`` are keyed by framework; ``graphs`` maps a capture tool to what it did."""
    checks = {f"{fw}, largest difference from NumPy": d for fw, d in max_abs_diff.items()}
    checks.update({f"{fw}, inputs with a wrong count of loop turns": n for fw, n in wrong_counts.items()})
    limits = {k: (tolerance if "largest" in k else 0) for k in checks}
    word = agreement(checks, limits)
    failed = [f"{k} ({checks[k]:g})" for k in checks if not checks[k] <= limits[k]]
    reason = (f"eager code in both frameworks ran the branch and the loop on tensor values as plain Python and matched "
              f"NumPy on all {inputs} inputs (values within {tolerance:g}, every count of loop turns exact)"
              if word == SUPPORTED else f"eager answers disagreed with NumPy: {'; '.join(failed)}")
    reason += ". With a graph wanted instead: " + "; ".join(f"{tool} {what}" for tool, what in graphs.items())
    return Verdict(word, reason, ("eager_control_flow_max_abs_diff", "eager_control_flow_wrong_halvings", "control_flow"))


def _tf_default(executing_eagerly_top_level: bool, values_at_once: bool, eager_inside_function: bool,
                body_runs: int, calls: int) -> str:
    return (f"with no setting, `tf.executing_eagerly()` was {str(executing_eagerly_top_level).lower()} and a result "
            f"{'held its value' if values_at_once else 'held no value'} right after the call; inside `tf.function` "
            f"it was {str(eager_inside_function).lower()}, and the Python body ran {body_runs} time(s) for {calls} "
            "calls of the graph")


_TF_EVIDENCE = ("executing_eagerly_top_level", "eager_by_default", "eager_inside_function", "python_body_runs_graph")


def tf_eager_by_default(executing_eagerly_top_level: bool, values_at_once: bool, eager_inside_function: bool,
                        body_runs: int, calls: int) -> Verdict:
    """Supported when TensorFlow, with no setting, reports eager execution (``tf.executing_eagerly()``) and
    returns values at once, while inside ``tf.function`` it builds a graph (not eager) whose Python body runs
    once, to trace it, however often the graph is called; contradicted when any of these fails."""
    against = {"not eager at the top level": not executing_eagerly_top_level,
               "no value right after the call": not values_at_once,
               "eager inside tf.function": eager_inside_function,
               "the body ran more or less than once": body_runs != 1}
    word = agreement({k: int(v) for k, v in against.items()}, 0)
    broken = [k for k, v in against.items() if v]
    return Verdict(word, _tf_default(executing_eagerly_top_level, values_at_once, eager_inside_function, body_runs, calls)
                   + (f"; against the claim: {', '.join(broken)}" if broken else
                      ": eager by default, and a graph, traced once, only on request"), _TF_EVIDENCE)


def tf_define_and_run(executing_eagerly_top_level: bool, values_at_once: bool, eager_inside_function: bool,
                      body_runs: int, calls: int) -> Verdict:
    """The first article's statement, in the present tense, taken for TensorFlow 2 as installed: supported
    when, with no setting, a graph must be defined before anything runs (``tf.executing_eagerly()`` is false
    and an operation returns no value until a graph is run); contradicted when operations run at once by
    default (eager execution reported and the value there right after the call), whatever ``tf.function``
    offers on request; it depends when these two readings of the default part."""
    eager = executing_eagerly_top_level and values_at_once
    deferred = not executing_eagerly_top_level and not values_at_once
    word = CONTRADICTED if eager else SUPPORTED if deferred else DEPENDS
    meaning = {CONTRADICTED: "TensorFlow 2 runs each operation as it is called; define-and-run holds only for "
                             "code that is put inside `tf.function` on request",
               SUPPORTED: "nothing ran before a graph was defined and run, as define-and-run says",
               DEPENDS: "the two readings of the default disagree"}[word]
    return Verdict(word, _tf_default(executing_eagerly_top_level, values_at_once, eager_inside_function, body_runs,
                                     calls) + f": {meaning}", _TF_EVIDENCE)


def dynamic_suits_variable_shapes(graphs: Mapping[str, Mapping[str, int]], default: Mapping[str, str],
                                   code: Mapping[str, Mapping[str, str]], calls: int, lengths: int) -> Verdict:
    """Read as what a run can show: eager code runs a call of any length as it comes, with nothing to capture,
    while a captured graph has to be traced or compiled again when the length changes. Judged per framework
    from the graphs its capture made over ``calls`` calls whose inputs took ``lengths`` different lengths, in
    its default setting (``tf.function()``, ``torch.compile()``, counted with a backend that only counts):
    supported for a framework when the default made more than one graph (it traced again where eager code did
    not), contradicted when one graph served every length; one verdict over the frameworks, which depends when
    they part. The settings that declare the length general from the start (an ``input_signature``,
    ``dynamic=True``) are reported, not judged: they are the remedy, and it must be asked for.

    ``graphs``: ``{framework: {setting: graphs made}}``; ``default``: each framework's default setting;
    ``code``: ``{framework: {setting: the call it stands for}}``."""
    per_fw = {fw: SUPPORTED if counts[default[fw]] > 1 else CONTRADICTED for fw, counts in graphs.items()}
    texts = [f"{fw}'s default `{code[fw][default[fw]]}` made {counts[default[fw]]} graph(s), other settings "
             + ", ".join(f"`{code[fw][s]}` {n}" for s, n in counts.items() if s != default[fw])
             for fw, counts in graphs.items()]
    return Verdict(across(per_fw), f"over {calls} calls with {lengths} different lengths, eager code has no graph to capture; "
                   + "; ".join(texts), ("graph_captures", "capture_pattern", "graph_capture_settings"))


def graph_removes_dispatch(eager_over_graph: Mapping[str, Spread], graph_per_op_s: Mapping[str, float],
                           eager_per_op_s: Mapping[str, float], threshold: float, size: int,
                           from_python: Collection[str] = (), unlike: Sequence[str] = ()) -> Verdict:
    """On the shortest vector, where an operation's cost is mostly the price of launching it, the eager cost per
    operation over a graph mode's, run by run, must be above ``threshold`` (its whole interquartile range) for
    that mode to remove the cost. Judged for every timed graph mode that runs its captured graph without Python
    (``tf.function`` with or without Grappler or XLA, ``torch.compile``): supported when each of them removes the
    cost, contradicted when none does, it depends when they part; not testable when every ratio is too close to
    the threshold to call or rests on fewer than MIN_VALUES runs, when no such mode was timed, or when a timed mode's answers differed from eager
    code's. A graph that Python replays operation by operation (``torch.fx``'s GraphModule) is shown but not
    judged: it calls the same operators as eager code, so it cannot remove their launch cost."""
    evidence = ("sweep", "costs")
    if (off := _unlike(unlike, evidence)) is not None:
        return off
    judged = {m: for_expected(classify_ratio(r, threshold), FASTER) for m, r in eager_over_graph.items()
              if m not in from_python}
    details = {m: (f", {graph_per_op_s[m] * 1e6:.2f} µs per operation"
                   + (" (below what the fit resolves)" if graph_per_op_s[m] < RESOLVED_PER_OP_S else "")
                   + f", eager over it {r.text()}") for m, r in eager_over_graph.items()}
    paid = ", ".join(f"{fw} {s * 1e6:.2f} µs" for fw, s in eager_per_op_s.items())
    shown = "; ".join(f"{m}{details[m]}" for m in eager_over_graph if m in from_python)
    left_out = f". Shown, not judged ({REPLAYED_FROM_PYTHON}): {shown}" if shown else ""
    if not judged:
        return Verdict(NOT_TESTABLE, f"no timed graph mode runs its graph without Python{left_out}", evidence)
    return Verdict(across(judged), f"on {size:,} floats eager code paid, per operation, {paid}. Removed the cost? "
                   f"{_listed(judged, details)}{left_out}", evidence)


def optimiser_pays(chain: Spread, control: Spread, threshold: float) -> str:
    """One optimiser's word: *not testable* unless it sped up the positive control (else the measurement could
    not have seen a gain), then *supported* when it sped up the chain and *contradicted* when it did not."""
    if classify_ratio(control, threshold) != FASTER:
        return NOT_TESTABLE
    return for_expected(classify_ratio(chain, threshold), FASTER)


def optimisation_pays(optimisers: Mapping[str, Mapping[str, Spread]], threshold: float, size: int, ops: int,
                      not_measured: Sequence[str] = (), slowest_step: Mapping[str, tuple[str, Spread]] | None = None,
                      unlike: Sequence[str] = ()) -> Verdict:
    """For each graph optimiser or compiler timed (Grappler, XLA, inductor), the time without it over the time
    with it, round by round, on the longest vector with the most operations, where launching costs little
    beside the work: it pays when the whole interquartile range is above ``threshold``. An optimiser counts only
    if it also sped up a positive control holding removable work (a matrix transposed twice); otherwise the
    measurement could not have seen a gain and it is not testable. Supported when every optimiser that counts
    paid, contradicted when none did, it depends when they part; not testable when none counts, none was
    timed, or a timed mode's answers differed from eager code's.

    ``optimisers``: ``{name: {"chain": Spread, "control": Spread}}``; ``slowest_step``: for a compiler, the step
    it compiled worst alone and its time over eager code's, named when the compiler lost on the chain."""
    evidence = ("sweep", "control", "kernels")
    if (off := _unlike(unlike, evidence)) is not None:
        return off
    skipped = f"not measured: {', '.join(not_measured)} (`compile_graph` was false)" if not_measured else ""
    if not optimisers:
        return Verdict(NOT_TESTABLE, f"no optimiser was timed; {skipped}", evidence)
    judged = {name: optimiser_pays(r["chain"], r["control"], threshold) for name, r in optimisers.items()}
    details = {name: f" (chain {r['chain'].text()}, control {r['control'].text()})" for name, r in optimisers.items()}
    why = [f"{name} lost on the chain, and its code for single steps shows why: `{step}` compiled alone took "
           f"{ratio.text()} of eager code's time"
           for name, (step, ratio) in (slowest_step or {}).items()
           if name in optimisers and classify_ratio(optimisers[name]["chain"], threshold) == SLOWER
           and classify_ratio(ratio, threshold) == FASTER]
    return Verdict(across(judged), f"on {size:,} floats with {ops} operations, did it pay? {_listed(judged, details)}"
                   + "".join(f"; {text}" for text in (skipped, *why) if text), evidence)


def reuse_reading(as_written: Spread, every_result_kept: Spread, threshold: float) -> tuple[str, bool]:
    """What memory reuse says about a graph mode's lead over eager code on the longest vector: eager time over
    the mode's, as written and with every intermediate result kept. Returns the sentence and whether the lead
    came from reusing memory (it cleared ``threshold`` as written but not with every result kept)."""
    if classify_ratio(as_written, threshold) != FASTER:
        return "so there was no lead over eager code to explain", False
    kept = classify_ratio(every_result_kept, threshold)
    if kept == FASTER:
        return "so the lead survives without memory reuse and is not only reuse", False
    if kept == UNCLEAR:
        return "so whether the lead survives without memory reuse is too close to call, or rests on fewer than 3 runs", False
    return "so its lead over eager code came from reusing memory, not from faster arithmetic", True


def graph_faster(eager_over_graph: Mapping[str, Mapping[str, Spread]], threshold: float, ops: int,
                 from_python: Collection[str] = (), reuse_leads: Sequence[str] = (),
                 unlike: Sequence[str] = ()) -> Verdict:
    """The articles' claim as stated, judged at every vector length: eager time over a graph mode's time with the
    most operations, round by round, must be above ``threshold`` (its whole interquartile range). At one
    length, the graph modes that run without Python (``tf.function`` with or without Grappler or XLA,
    ``torch.compile``) must all be faster for *supported*, none for *contradicted*, else it depends; over the
    lengths, supported or contradicted when every length decided says so, it depends when they part. Not
    testable when no length could be decided, no such mode was timed, or a timed mode's answers differed from
    eager code's. ``torch.fx``'s GraphModule, replayed from Python operation by operation, is shown but not
    judged.

    ``eager_over_graph``: ``{length: {mode: Spread}}``; ``reuse_leads``: the modes whose lead on the longest
    vector came from reusing the memory of intermediate results."""
    evidence = ("sweep", "reuse")
    if (off := _unlike(unlike, evidence)) is not None:
        return off
    by_size, texts = {}, []
    for size, ratios in eager_over_graph.items():
        judged = {m: for_expected(classify_ratio(r, threshold), FASTER) for m, r in ratios.items() if m not in from_python}
        by_size[size] = across(judged) if judged else NOT_TESTABLE
        shown = [f"{m} {r.text()}" for m, r in ratios.items() if m in from_python]
        texts.append(f"on {size} {by_size[size]} (faster? {_listed(judged) or 'no mode judged'}"
                     + (f"; shown, not judged: {', '.join(shown)}" if shown else "") + ")")
    if not any(m not in from_python for ratios in eager_over_graph.values() for m in ratios):
        return Verdict(NOT_TESTABLE, "no timed graph mode runs its graph without Python; " + "; ".join(texts), evidence)
    reuse = (f". The lead of {' and '.join(reuse_leads)} on the longest vector came from reusing the memory of "
             "intermediate results, not from faster arithmetic" if reuse_leads else "")
    return Verdict(across(by_size), f"eager time over the mode's, {ops} operations: " + "; ".join(texts) + reuse,
                   evidence)


def performance_negligible(pt_over_tf: Mapping[str, Spread], threshold: float, ops: int,
                           dispatch_share: Mapping[str, float], kernels_tf_over_pt: Spread | None = None,
                           unlike: Sequence[str] = ()) -> Verdict:
    """A check of the book's own, on what the chapter's timings rest on: eager chains of cheap elementwise
    operations (the sweep, with the most operations) take about the same time in the two frameworks. PyTorch's
    time over TensorFlow's, run by run, at each vector length is no real difference when its whole
    interquartile range lies inside (1/``threshold``, ``threshold``). Supported when that holds at every length,
    contradicted when at every length decided one framework or the other is faster, it depends when the lengths
    part; not testable when every ratio is too close to call or rests on fewer than MIN_VALUES runs, or a timed mode's answers differed from eager
    code's. On the short vector this compares the cost of launching an operation from Python, on the long one
    mostly the kernels."""
    evidence = ("sweep", "kernels", "eager_per_op_s")
    if (off := _unlike(unlike, evidence)) is not None:
        return off
    direction = {FASTER: "TensorFlow took less time", SLOWER: "PyTorch took less time", SAME: "no real difference",
                 UNCLEAR: "too close to the threshold to call, or from fewer than 3 runs"}
    outcomes = {size: classify_ratio(r, threshold) for size, r in pt_over_tf.items()}
    word = across({size: for_expected(o, SAME) for size, o in outcomes.items()})
    shares = " and ".join(f"{share:.1%} ({fw})" for fw, share in dispatch_share.items())
    return Verdict(word, f"PyTorch eager time over TensorFlow's, {ops} operations, run by run: "
                   + "; ".join(f"on {size} {r.text()}: {direction[outcomes[size]]}" for size, r in pt_over_tf.items())
                   + f". The eager cost per operation on the short vector, an upper bound on the cost of launching one, was "
                   f"{shares} of that on the long vector"
                   + (f"; the four steps alone on the long vector took {kernels_tf_over_pt.text()} as long in "
                      "TensorFlow as in PyTorch" if kernels_tf_over_pt is not None else ""), evidence)


def _s(median: float, q1: float | None = None, q3: float | None = None, n: int = 3) -> Spread:
    q1, q3 = median if q1 is None else q1, median if q3 is None else q3
    return Spread(median, min(q1, median), q1, q3, max(q3, median), n)


_FAST, _SLOW, _EVEN, _CLOSE = _s(10.0, 9.0, 11.0), _s(0.5, 0.45, 0.55), _s(1.0, 0.95, 1.05), _s(1.2, 1.0, 1.4)
_FX = "PyTorch torch.fx graph"
_TF_DEFAULT = dict(executing_eagerly_top_level=True, values_at_once=True, eager_inside_function=False, body_runs=1,
                   calls=3)
_TF_GRAPH_FIRST = dict(_TF_DEFAULT, executing_eagerly_top_level=False, values_at_once=False)
_DISPATCH = dict(graph_per_op_s={_FX: 2.3e-6, "TensorFlow tf.function": 1.6e-6, "PyTorch torch.compile": 2e-7},
                 eager_per_op_s={"PyTorch": 2.4e-6, "TensorFlow": 2.6e-5}, threshold=1.2, size=256,
                 from_python=(_FX,))
_OPT = {"TensorFlow Grappler": {"chain": _EVEN, "control": _FAST}}
_UNLIKE = ["TensorFlow, timed_modes_agree"]
_SIZES = ("256 floats", "1,000,000 floats")
_CODE = {fw: {"specialise": "specialise()", "general": "general()"} for fw in ("TensorFlow", "PyTorch")}
_SHARES = dict(threshold=1.2, ops=200, dispatch_share={"PyTorch": 0.002, "TensorFlow": 0.06})

# For each decision, made-up records that reach each verdict it can give (tests/test_decisions.py runs them).
OUTCOMES = {
    "define_by_run_control_flow": {
        SUPPORTED: dict(max_abs_diff={"PyTorch": 0.0, "TensorFlow": 1e-7}, wrong_counts={"PyTorch": 0, "TensorFlow": 0},
                        inputs=3, graphs={"TensorFlow's `tf.function`": "captured it in 1 graph"}),
        CONTRADICTED: dict(max_abs_diff={"PyTorch": 0.5, "TensorFlow": 0.0}, wrong_counts={"PyTorch": 2, "TensorFlow": 0},
                           inputs=3, graphs={"TensorFlow's `tf.function`": "captured it in 1 graph"}),
    },
    "tf_eager_by_default": {
        SUPPORTED: _TF_DEFAULT,
        CONTRADICTED: _TF_GRAPH_FIRST,
    },
    "tf_define_and_run": {
        CONTRADICTED: _TF_DEFAULT,
        SUPPORTED: _TF_GRAPH_FIRST,
        DEPENDS: dict(_TF_DEFAULT, values_at_once=False),
    },
    "dynamic_suits_variable_shapes": {
        SUPPORTED: dict(graphs={"TensorFlow": {"specialise": 3, "general": 1}, "PyTorch": {"specialise": 3, "general": 1}},
                        default={"TensorFlow": "specialise", "PyTorch": "specialise"}, code=_CODE, calls=5, lengths=3),
        # a library whose default capture serves every length with one graph (neither does today)
        CONTRADICTED: dict(graphs={"TensorFlow": {"specialise": 1, "general": 1}, "PyTorch": {"specialise": 1, "general": 1}},
                           default={"TensorFlow": "specialise", "PyTorch": "specialise"}, code=_CODE, calls=5, lengths=3),
        DEPENDS: dict(graphs={"TensorFlow": {"specialise": 3, "general": 1}, "PyTorch": {"specialise": 1, "general": 1}},
                      default={"TensorFlow": "specialise", "PyTorch": "specialise"}, code=_CODE, calls=5, lengths=3),
    },
    "graph_removes_dispatch": {
        SUPPORTED: dict(eager_over_graph={_FX: _EVEN, "TensorFlow tf.function": _FAST}, **_DISPATCH),
        CONTRADICTED: dict(eager_over_graph={_FX: _FAST, "TensorFlow tf.function": _EVEN}, **_DISPATCH),
        DEPENDS: dict(eager_over_graph={"TensorFlow tf.function": _FAST, "PyTorch torch.compile": _EVEN}, **_DISPATCH),
        NOT_TESTABLE: dict(eager_over_graph={_FX: _FAST}, **_DISPATCH),
    },
    "optimisation_pays": {
        SUPPORTED: dict(optimisers={"PyTorch inductor": {"chain": _FAST, "control": _FAST}}, threshold=1.2,
                        size=1_000_000, ops=200),
        CONTRADICTED: dict(optimisers=_OPT, threshold=1.2, size=1_000_000, ops=200,
                           not_measured=["TensorFlow XLA"]),
        DEPENDS: dict(optimisers={**_OPT, "TensorFlow XLA": {"chain": _FAST, "control": _FAST}}, threshold=1.2,
                      size=1_000_000, ops=200),
        NOT_TESTABLE: dict(optimisers={"TensorFlow Grappler": {"chain": _FAST, "control": _EVEN}}, threshold=1.2,
                           size=1_000_000, ops=200),
    },
    "graph_faster": {
        SUPPORTED: dict(eager_over_graph={s: {_FX: _EVEN, "TensorFlow tf.function": _FAST} for s in _SIZES},
                        threshold=1.2, ops=200, from_python=(_FX,)),
        CONTRADICTED: dict(eager_over_graph={s: {"TensorFlow tf.function": _SLOW} for s in _SIZES}, threshold=1.2,
                           ops=200),
        DEPENDS: dict(eager_over_graph={_SIZES[0]: {"TensorFlow tf.function": _FAST},
                                        _SIZES[1]: {"TensorFlow tf.function": _EVEN}}, threshold=1.2, ops=200,
                      reuse_leads=["TensorFlow tf.function"]),
        NOT_TESTABLE: dict(eager_over_graph={s: {"TensorFlow tf.function": _FAST} for s in _SIZES}, threshold=1.2,
                           ops=200, unlike=_UNLIKE),
    },
    "performance_negligible": {
        SUPPORTED: dict(pt_over_tf={s: _EVEN for s in _SIZES}, **_SHARES),
        CONTRADICTED: dict(pt_over_tf={_SIZES[0]: _s(0.09, 0.08, 0.1), _SIZES[1]: _s(2.4, 2.3, 2.5)}, **_SHARES),
        DEPENDS: dict(pt_over_tf={_SIZES[0]: _s(0.09, 0.08, 0.1), _SIZES[1]: _EVEN}, **_SHARES,
                      kernels_tf_over_pt=_s(0.45)),
        NOT_TESTABLE: dict(pt_over_tf={s: _CLOSE for s in _SIZES}, **_SHARES),
    },
}
