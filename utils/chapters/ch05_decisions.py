"""Chapter 5's decisions, for its two comparisons: how fast the frameworks train standard models
(``05-performance/compare``) and how data-parallel training behaves on one machine
(``05-performance/scalability/compare``). Each function decides one claim from what the pair recorded;
its docstring is the rule the book shows for the claim (``claims.yml``'s ``decided_by``).

The speed decisions take the pair's runs grouped by the condition they ran under (threads, oneDNN):
``{condition: [{"pytorch": run, "tensorflow": run}, ...]}``, each run with its ``timings`` (``key:
{"samples_s": [...]}``). A claim is judged at a workload and condition only where the workload passed
the quality gate, the modes it sets against each other computed eager's numbers, and every run under
that condition timed them: runs differ in the modes they time (only some time the compiled ones), so a
condition whose runs lack a mode leaves it out there and nowhere else."""
from __future__ import annotations

from typing import Mapping, Sequence

from ..decisions import Verdict
from ..measured import Runs
from ..verdicts import (CONTRADICTED, DEPENDS, FASTER, MIN_VALUES, NOT_TESTABLE, SAME, SLOWER, SUPPORTED, UNCLEAR, Spread,
                        across, agreement, classify_ratio, for_expected, spread, where)

PAIR = ("pytorch", "tensorflow")
NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow"}
MODE_NAMES = {"pytorch": {"eager": "eager", "compiled": "torch.compile"},
              "tensorflow": {"eager": "eager", "graph": "tf.function", "compiled": "XLA"}}
KERAS_FIT = "fit, as Keras chooses"  # Keras's fit compiled with its defaults: tf.function, and XLA where Keras picks it
OUTCOME = {FASTER: "PyTorch faster", SLOWER: "TensorFlow faster", SAME: "comparable", UNCLEAR: "too close to call"}
Conditions = Mapping[str, Sequence[Mapping[str, Mapping]]]


# --- what the speed decisions need: which workloads and modes computed the same numbers ---------------

EARLY_STEPS = 3  # the losses before rounding differences have had time to grow (see training_gate)


def training_gate(quality_losses: Mapping[str, Mapping[str, Sequence[Sequence[float]]]],
                  workloads: Sequence[str], exact_tolerance: float) -> dict[str, dict]:
    """Per workload, from each framework's loss curves per seed (``{fw: {workload: [[loss, ...] per seed]}}``):
    two checks. Exactness: the largest difference of the two frameworks' losses over the first
    ``EARLY_STEPS`` steps from the same seed (the forward pass at the shared weights, then after one and
    two updates) must be at most ``exact_tolerance``; the same computation differs there by float32
    rounding only, while a different one (another learning rate for some parameter, another loss) shows
    at once. Over training: the largest difference of the final losses must be within the seed-to-seed
    spread (the smaller of the two frameworks' ranges of final losses over the seeds), since rounding
    differences grow through later steps. ``passes`` when both hold; each framework's first loss too."""
    gate = {}
    for name in workloads:
        q = {fw: quality_losses[fw][name] for fw in PAIR}
        early = max(abs(x - y) for a, b in zip(q["pytorch"], q["tensorflow"]) for x, y in zip(a[:EARLY_STEPS], b[:EARLY_STEPS]))
        difference = max(abs(a[-1] - b[-1]) for a, b in zip(q["pytorch"], q["tensorflow"]))
        seed_spread = min(max(r[-1] for r in q[fw]) - min(r[-1] for r in q[fw]) for fw in PAIR)
        exact = agreement({name: early}, exact_tolerance) == SUPPORTED
        gate[name] = {"early_difference": early, "exact": exact, "difference": difference, "spread": seed_spread,
                      "passes": exact and agreement({name: difference}, seed_spread) == SUPPORTED,
                      "first": {fw: q[fw][0][0] for fw in PAIR}}
    return gate


OTHER_CHECKS = {"inference_max_abs_diff": "inference", "setting_differences": "in-process setting",
                "fit_differences": "Keras fit"}


def eager_numbers(alternations: Sequence[Mapping[str, Mapping]], workloads: Sequence[str],
                  tolerance: float) -> tuple[dict[str, dict[str, list[str]]], list[str]]:
    """Which modes computed eager's numbers: ``(valid, off)``. ``valid[fw][workload]`` lists the training
    modes whose first loss was within ``tolerance`` of eager's in every run that timed them (every mode
    any run timed is looked at, not only the first run's), and the Keras ``fit`` settings whose first loss
    was; ``off`` names every mode, inference mode, in-process setting and ``fit`` that was not."""
    modes = {fw: list(dict.fromkeys(m for pair in alternations for m in pair[fw]["metrics"]["modes"])) for fw in PAIR}
    valid, off = {fw: {} for fw in PAIR}, []
    for fw in PAIR:
        for name in workloads:
            ok = []
            for m in modes[fw]:
                runs = [pair[fw]["metrics"] for pair in alternations if m in pair[fw]["metrics"]["modes"]]
                if all(abs(r["first_losses"][name][m] - r["first_losses"][name]["eager"]) <= tolerance for r in runs):
                    ok.append(m)
                else:
                    off.append(f"{NAMES[fw]} {m} on {name}")
            fits = [pair[fw]["metrics"].get("fit_differences", {}).get(name, {}) for pair in alternations]
            ok += [label for label in dict.fromkeys(k for f in fits for k in f) if all(f.get(label, 0.0) <= tolerance for f in fits)]
            valid[fw][name] = ok
        for metric, what in OTHER_CHECKS.items():
            off += list(dict.fromkeys(
                f"{NAMES[fw]} {what} '{label}' on {name}" for pair in alternations
                for name, by_label in pair[fw]["metrics"].get(metric, {}).items()
                for label, d in by_label.items() if not d <= tolerance))
    return valid, off


def _step_key(kind_mode: str, name: str) -> str:
    return f"fit/{name}/{kind_mode}" if kind_mode.startswith("fit") else f"train/{name}/{kind_mode}"


def _shown(fw: str, mode: str) -> str:
    return f"{NAMES[fw]} {MODE_NAMES[fw].get(mode, mode)}"


def _settings(conditions: Conditions, workloads: Sequence[str], passed: Mapping[str, bool],
              valid: Mapping[str, Mapping[str, Sequence[str]]], sides: Sequence[tuple[str, str]]) -> dict:
    """``{"workload, condition": pairs or the reason it cannot be judged}`` for a ratio of ``sides``
    (``(framework, mode)`` each)."""
    out = {}
    for cond, pairs in conditions.items():
        for name in workloads:
            key = f"{name}, {cond}"
            if not passed[name]:
                out[key] = "the two frameworks did not train the same"
            elif missing := [_shown(fw, m) for fw, m in sides
                             if not all(_step_key(m, name) in p[fw]["timings"] for p in pairs)]:
                out[key] = f"{' and '.join(missing)} not timed in these runs"
            elif off := [_shown(fw, m) for fw, m in sides if m not in valid[fw][name]]:
                out[key] = f"{' and '.join(off)} did not compute eager's numbers"
            else:
                out[key] = pairs
    return out


def _run_by_run(pairs, name: str, tf_mode: str, pt_mode: str) -> Spread:
    """TensorFlow's median step over PyTorch's, run by run (the two halves of a run ran one after the other)."""
    runs = Runs(pairs)
    return spread(runs.median("tensorflow", _step_key(tf_mode, name), k) / runs.median("pytorch", _step_key(pt_mode, name), k)
                  for k in range(len(runs)))


def _outcome(r: Spread, band: float) -> str:
    """What a run-by-run ratio says, in words; a ratio from fewer than MIN_VALUES runs says so."""
    return (f"from {r.n} run(s), fewer than {MIN_VALUES}: not judged" if r.n < MIN_VALUES
            else OUTCOME[classify_ratio(r, band)])


def _untested(found: Mapping) -> str:
    """The settings that could not be judged, grouped by why."""
    by_why: dict[str, list[str]] = {}
    for k, why in found.items():
        if isinstance(why, str):
            by_why.setdefault(why, []).append(k)
    return "; ".join(f"{why} ({'; '.join(keys)})" for why, keys in by_why.items())


def speed_scope(conditions: Sequence[str], specs: Mapping[str, Mapping], batch: int) -> str:
    """Where the speed verdicts hold, from what ran: the conditions (device and threads), the batch, and
    the ranges of the models' sizes (trainable parameters, GFLOP of a training step)."""
    params = sorted(s["parameters"] for s in specs.values())
    gflop = sorted(s["train_gflop"] for s in specs.values())
    return (f"judged only at what ran here ({'; '.join(conditions)}; batch {batch}; {len(params)} model(s) of "
            f"{params[0]:,} to {params[-1]:,} trainable parameters and {gflop[0]:.3f} to {gflop[-1]:.3f} GFLOP per "
            f"training step), not at scale")


def headline_ratios(conditions: Conditions, workloads: Sequence[str], passed: Mapping[str, bool],
                    valid: Mapping[str, Mapping[str, Sequence[str]]]) -> dict[str, Spread | str]:
    """TensorFlow's ``tf.function`` step over PyTorch's eager step, run by run, per ``"workload,
    condition"``; the reason it cannot be judged where it cannot."""
    found = _settings(conditions, workloads, passed, valid, SIDES["minimal_difference"])
    return {k: v if isinstance(v, str) else _run_by_run(v, k.split(", ", 1)[0], "graph", "eager") for k, v in found.items()}


def gap_by_kind(slow: Mapping[str, float], fast: Mapping[str, float], gap: float) -> list[tuple[str, float, float]]:
    """Where the slower of two profiles of one step spends its extra time: ``(kind, extra, share)`` for
    each kind of work on which ``slow`` spends more than ``fast``, largest first, ``share`` being
    ``extra`` over ``gap``, the difference of the two steps' times measured without a profiler (the
    shares need not add up to 1: the profilers see only the work inside operations, and kinds on
    which the slower step spends less pull the other way)."""
    if gap <= 0:
        raise ValueError(f"gap must be the slower step's time less the faster one's, above 0; got {gap!r}")
    extra = sorted(((k, slow.get(k, 0.0) - fast.get(k, 0.0)) for k in dict.fromkeys([*slow, *fast])),
                   key=lambda kv: (-kv[1], kv[0]))
    return [(k, d, d / gap) for k, d in extra if d > 0]


SIDES = {"minimal_difference": (("tensorflow", "graph"), ("pytorch", "eager")),
         "xla_fast": (("tensorflow", "graph"), ("tensorflow", "compiled")),
         "jit_closes_gap": (("pytorch", "eager"), ("pytorch", "compiled")),
         "common_use_negligible": (("tensorflow", KERAS_FIT), ("pytorch", "eager"))}


def judged_settings(conditions: Conditions, workloads: Sequence[str], passed: Mapping[str, bool],
                    valid: Mapping[str, Mapping[str, Sequence[str]]]) -> dict[str, list[str]]:
    """For each speed claim, the ``"workload, condition"`` settings at which it is judged: those whose
    two steps computed eager's numbers and were timed in every run under the condition (no time read)."""
    return {claim: [k for k, v in _settings(conditions, workloads, passed, valid, sides).items() if not isinstance(v, str)]
            for claim, sides in SIDES.items()}


def per_setting(ratios: Mapping[str, Spread | str], band: float) -> dict[str, str]:
    """The verdict of "comparable" at each setting: a ratio inside the band supports it, one outside
    contradicts it; one whose spread straddles the band, or no ratio, is not testable."""
    return {k: NOT_TESTABLE if isinstance(r, str) else for_expected(classify_ratio(r, band), SAME) for k, r in ratios.items()}


# --- 05-performance/compare ---------------------------------------------------------------------------

def same_training(gate: Mapping[str, Mapping], off: Sequence[str], mode_tolerance: float) -> Verdict:
    """Supported when, for every workload and every seed, the two frameworks' losses over the first
    training steps from the same weights agree to the exactness tolerance and their losses after the
    last step differ by less than the seed-to-seed spread (:func:`training_gate`), and every timed
    mode, inference mode, in-process setting and Keras ``fit`` of both frameworks computed eager's
    first loss (or outputs) within ``mode_tolerance``; contradicted when a workload or one of them does not.

    ``gate``: :func:`training_gate`; ``off``: the modes that did not compute eager's numbers (:func:`eager_numbers`)."""
    failed = [name for name, g in gate.items() if not g["passes"]]
    word = CONTRADICTED if failed or off else SUPPORTED
    early = ", ".join(f"{n} {g['early_difference']:.1e}" + ("" if g["exact"] else " (beyond the tolerance)")
                      for n, g in gate.items())
    losses = ", ".join(f"{n} {g['difference']:.1e} against {g['spread']:.1e}" for n, g in gate.items())
    reason = (f"largest difference of the losses of the first {EARLY_STEPS} steps: {early}; "
              f"largest difference of the final losses against the seed-to-seed spread: {losses}")
    reason += (f"; workloads outside it: {', '.join(failed)}" if failed else "; every workload within it")
    reason += (f"; modes whose numbers differed from eager's by more than {mode_tolerance:g}: {', '.join(off)} "
               "(a training mode among them has no speed reported)" if off else
               f"; every mode, inference mode, setting and fit computed eager's numbers within {mode_tolerance:g} in both frameworks")
    return Verdict(word, reason, ("quality_losses", "first_losses", "inference_max_abs_diff", "setting_differences",
                                  "fit_differences"))


def minimal_difference(conditions: Conditions, workloads: Sequence[str], passed: Mapping[str, bool],
                       valid: Mapping[str, Mapping[str, Sequence[str]]], band: float) -> Verdict:
    """At each workload and condition, TensorFlow's ``tf.function`` step over PyTorch's eager step, run
    by run: comparable when its whole interquartile range lies inside [1/``band``, ``band``], not
    comparable when it lies outside, not testable when it straddles the band's edge or when fewer than
    three runs measured it. Supported when every
    setting judged is comparable, contradicted when none is, it depends (on the workload or thread count)
    when they part; not testable when no setting could be judged."""
    ratios = headline_ratios(conditions, workloads, passed, valid)
    verdicts = per_setting(ratios, band)
    judged = {k: r for k, r in ratios.items() if not isinstance(r, str)}
    reason = (f"TensorFlow tf.function / PyTorch eager, run by run: "
              + "; ".join(f"{k} {r.text()}, {_outcome(r, band)}" for k, r in judged.items())
              + f"; comparable within {1 / band:.2f}–{band:.2f}x: {'; '.join(where(verdicts, SUPPORTED)) or 'none'}"
              if judged else "no setting could be judged")
    if untested := _untested(ratios):
        reason += f"; not judged: {untested}"
    return Verdict(across(verdicts), reason, ("train/*/graph", "train/*/eager"))


def _within(conditions: Conditions, workloads: Sequence[str], passed, valid, fw: str, slow: str, fast: str,
            band: float) -> tuple[dict[str, str], dict[str, Spread], str]:
    """``slow`` time over ``fast`` time in ``fw``, round by round (the modes took turns within a run):
    supported where ``fast`` is faster beyond ``band``. The rounds of one run share that run's state of
    the machine, so a setting is judged only on MIN_VALUES runs or more, as a ratio between the
    frameworks is."""
    found = {k: f"{len(v)} run(s), fewer than {MIN_VALUES}" if not isinstance(v, str) and len(v) < MIN_VALUES else v
             for k, v in _settings(conditions, workloads, passed, valid, ((fw, slow), (fw, fast))).items()}
    ratios = {k: Runs(v).rounds(fw, _step_key(slow, k.split(", ", 1)[0]), _step_key(fast, k.split(", ", 1)[0]))
              for k, v in found.items() if not isinstance(v, str)}
    verdicts = {k: for_expected(classify_ratio(ratios[k], band), FASTER) if k in ratios else NOT_TESTABLE for k in found}
    return verdicts, ratios, _untested(found)


def _within_reason(what: str, verdicts, ratios, untested: str, band: float) -> str:
    reason = (f"{what}, round by round: " + "; ".join(f"{k} {r.text()}" for k, r in ratios.items())
              + f"; faster by more than {band:g}x: {'; '.join(where(verdicts, SUPPORTED)) or 'none'}"
              if ratios else "no setting could be judged")
    return reason + (f"; not judged: {untested}" if untested else "")


def xla_fast(conditions: Conditions, workloads: Sequence[str], passed: Mapping[str, bool],
             valid: Mapping[str, Mapping[str, Sequence[str]]], band: float) -> Verdict:
    """At each workload and condition whose runs timed both, TensorFlow's ``tf.function`` step over its
    XLA step (``jit_compile=True``), round by round: XLA is faster when the ratio's whole interquartile
    range is at least ``band``. Supported when XLA is faster at every setting judged, contradicted when
    at none, it depends when they part; not testable when no setting had both steps timed in at least
    MIN_VALUES runs (XLA is timed only in runs with ``compiled=True``)."""
    verdicts, ratios, untested = _within(conditions, workloads, passed, valid, "tensorflow", "graph", "compiled", band)
    return Verdict(across(verdicts), _within_reason("tf.function / XLA", verdicts, ratios, untested, band),
                   ("train/*/graph", "train/*/compiled"))


def jit_closes_gap(conditions: Conditions, workloads: Sequence[str], passed: Mapping[str, bool],
                   valid: Mapping[str, Mapping[str, Sequence[str]]], band: float) -> Verdict:
    """At each workload and condition whose runs timed both, PyTorch's eager step over its
    ``torch.compile`` step, round by round: the compiler optimises the step when the ratio's whole
    interquartile range is at least ``band``. Supported when compiled code is faster at every setting
    judged, contradicted when it is faster at none (as fast or slower), it depends when they part; not
    testable when no setting had both steps timed in at least MIN_VALUES runs (``torch.compile`` is
    timed only in runs with ``compiled=True``)."""
    verdicts, ratios, untested = _within(conditions, workloads, passed, valid, "pytorch", "eager", "compiled", band)
    return Verdict(across(verdicts), _within_reason("PyTorch eager / torch.compile", verdicts, ratios, untested, band),
                   ("train/*/eager", "train/*/compiled"))


def common_use_negligible(conditions: Conditions, workloads: Sequence[str], passed: Mapping[str, bool],
                          valid: Mapping[str, Mapping[str, Sequence[str]]], band: float,
                          fit_xla: Mapping[str, bool] | None = None) -> Verdict:
    """Each framework as it usually trains: PyTorch's eager step against Keras's ``fit`` compiled with
    its defaults (a ``tf.function``, with XLA only where Keras picks it), at each standard workload and
    condition: the ratio of their median steps, run by run, is negligible when its whole interquartile
    range lies inside [1/``band``, ``band``]. At each condition, supported when most workloads judged
    are negligible, contradicted when most are not, it depends when they split evenly; one verdict over
    the conditions, which depends when they part. Workloads whose ratio straddles the band's edge, or
    rests on fewer than three runs, or that could not be judged, do not count."""
    found = _settings(conditions, workloads, passed, valid, SIDES["common_use_negligible"])
    ratios = {k: _run_by_run(v, k.split(", ", 1)[0], KERAS_FIT, "eager") for k, v in found.items() if not isinstance(v, str)}
    outcome = {k: classify_ratio(r, band) for k, r in ratios.items()}
    per_condition, counts = {}, []
    for cond in conditions:
        clear = [outcome[k] for k in (f"{name}, {cond}" for name in workloads) if k in outcome and outcome[k] != UNCLEAR]
        same = sum(o == SAME for o in clear)
        per_condition[cond] = (NOT_TESTABLE if not clear else SUPPORTED if 2 * same > len(clear)
                               else CONTRADICTED if 2 * same < len(clear) else DEPENDS)
        counts.append(f"at {cond}, {same} of {len(clear)} workloads negligible")
    reason = ("Keras fit (as Keras chooses) / PyTorch eager, run by run: "
              + "; ".join(f"{k} {r.text()}, {_outcome(r, band)}" for k, r in ratios.items()) + "; " + "; ".join(counts)
              if ratios else "no setting could be judged")
    if fit_xla and any(fit_xla.values()):
        reason += f"; Keras chose XLA for {', '.join(n for n, x in fit_xla.items() if x)}"
    if untested := _untested(found):
        reason += f"; not judged: {untested}"
    return Verdict(across(per_condition), reason, (f"fit/*/{KERAS_FIT}", "train/*/eager", "fit_jit_compile"))


# --- 05-performance/scalability/compare ---------------------------------------------------------------

def _sides(diffs: Mapping[str, float], tolerance: float) -> str:
    # no exact values: they change with the machine's CPU, and this reason is shown in a compared cell
    return "; ".join(f"{k} {'within' if d <= tolerance else 'beyond'} {tolerance:g}" for k, d in diffs.items())


def data_parallel_exact(differences: Mapping[str, float], tolerance: float) -> Verdict:
    """Supported when, in both frameworks, the weights of ``world_size`` workers after the same steps
    differ from those of one worker with the whole batch, and from rank to rank, by at most
    ``tolerance``; contradicted when one difference is larger."""
    return Verdict(agreement(differences, tolerance), _sides(differences, tolerance), ("correctness",))


def matches_numpy_sgd(differences: Mapping[str, float], numpy_tolerance: float) -> Verdict:
    """Supported when the weights of every run of both frameworks (one worker and ``world_size``
    workers) differ from plain SGD computed in float64 NumPy by at most ``numpy_tolerance``;
    contradicted when one differs by more."""
    return Verdict(agreement(differences, numpy_tolerance), _sides(differences, numpy_tolerance), ("correctness",))


def _fit_outcome(fit: Mapping) -> str:
    return (f"raised {fit['error_type'].rsplit('.', 1)[-1]} ({fit['first_line']})" if fit["raised"] else "trained")


def keras_fit_multiworker(fit: Mapping, world_size: int) -> Verdict:
    """Supported when Keras's ``model.fit`` trains without an error under ``MultiWorkerMirroredStrategy``
    with ``world_size`` workers; contradicted when it raises. (With one worker, and TensorFlow's custom
    loop with ``strategy.run``, are shown beside it.)"""
    reason = (f"with {world_size} workers model.fit {_fit_outcome(fit)}"
              + (", naming PerReplica" if fit.get("mentions_per_replica") and fit["raised"] else "")
              + (f"; with 1 worker it {_fit_outcome(fit['one_worker'])}" if "one_worker" in fit else ""))
    return Verdict(SUPPORTED if not fit["raised"] else CONTRADICTED, reason, ("keras_fit",))


def mirrored_fallback_exact(vs_one_device: float, replicas: int, tolerance: float) -> Verdict:
    """Supported when TensorFlow's in-process ``MirroredStrategy`` over several logical CPU devices
    trains to weights within ``tolerance`` of one device's; contradicted when it ends further away."""
    return Verdict(agreement({"MirroredStrategy": vs_one_device}, tolerance),
                   f"MirroredStrategy over {replicas} logical CPU devices ended "
                   f"{'within' if vs_one_device <= tolerance else 'beyond'} {tolerance:g} of one device", ("in_process",))


def scales_seamlessly(speedups: Mapping[str, Sequence[float]], world_size: int, threads: int, cores: int,
                      workers_exact: bool, min_efficiency: float) -> Verdict:
    """Judged on TensorFlow, of whose strategies the first article says it (PyTorch's speed-up is shown
    beside it): supported when the lower quartile of TensorFlow's speed-up of ``world_size`` workers over
    one, over the pair's alternating runs, reaches ``min_efficiency`` × ``world_size``; contradicted when
    its upper quartile stays below it; not testable when the spread straddles it, and not testable
    whatever the times when the workers did not train to one worker's weights, when only one worker ran,
    or when the workers' threads fill the machine's cores (then the times mix the frameworks' scaling
    with the machine's own limits), or when fewer than three runs measured the speed-up."""
    shown = "; ".join(f"{NAMES[fw]} {spread(s).text()}" for fw, s in speedups.items())
    target = min_efficiency * world_size
    needed = world_size * threads
    evidence = ("step/one_worker", "step/all_workers", "correctness", "scaling")
    if not workers_exact:
        why = (f"the {world_size}-worker runs did not train to the 1-worker weights, so their step times are not times "
               "of the same training")
    elif world_size < 2:
        why = "the job ran one worker only: there is nothing to scale"
    elif cores <= needed:
        why = (f"the {world_size} workers of {threads} thread(s) ask for {needed} of this machine's {cores} CPU cores, "
               "leaving none for the threads that carry the all-reduce, the notebook and the operating system, so the "
               "times mix the frameworks' scaling with the machine's own limits; judging it needs more than "
               f"{needed} cores, or several machines")
    elif len(speedups["tensorflow"]) < MIN_VALUES:
        why = (f"only {len(speedups['tensorflow'])} run(s) measured the speed-up; a verdict on a ratio needs at least "
               f"{MIN_VALUES}")
    else:
        tf = spread(speedups["tensorflow"])
        word = SUPPORTED if tf.q1 >= target else CONTRADICTED if tf.q3 < target else NOT_TESTABLE
        return Verdict(word, f"speed-up of {world_size} workers over one: {shown}; seamless means at least "
                       f"{min_efficiency:g} × {world_size} = {target:.2f} for TensorFlow"
                       + (", and its spread straddles that" if word == NOT_TESTABLE else ""), evidence)
    return Verdict(NOT_TESTABLE, f"{why} (speed-up: {shown})", evidence)


# --- made-up records for each verdict (tests/test_decisions.py runs them) ------------------------------

def _run(timings: Mapping[str, Sequence[float]]) -> dict:
    return {"timings": {k: {"samples_s": list(v)} for k, v in timings.items()}}


def _pair(pt: Mapping[str, Sequence[float]], tf: Mapping[str, Sequence[float]]) -> dict:
    return {"pytorch": _run(pt), "tensorflow": _run(tf)}


def _steps(eager=1.0, graph=1.0, fit=1.0, pt_compiled=None, tf_compiled=None, name="mlp") -> dict:
    """One run of the pair with step times (seconds, three rounds each) for one workload."""
    pt = {f"train/{name}/eager": [eager] * 3}
    tf = {f"train/{name}/graph": [graph] * 3, f"fit/{name}/{KERAS_FIT}": [fit] * 3}
    if pt_compiled is not None:
        pt[f"train/{name}/compiled"] = [pt_compiled] * 3
    if tf_compiled is not None:
        tf[f"train/{name}/compiled"] = [tf_compiled] * 3
    return _pair(pt, tf)


def _merge(*pairs: dict) -> dict:
    """Runs of several workloads in one run of the pair."""
    return {fw: {"timings": {k: v for p in pairs for k, v in p[fw]["timings"].items()}} for fw in PAIR}


_VALID = {"pytorch": {"mlp": ["eager", "compiled"], "cnn": ["eager", "compiled"]},
          "tensorflow": {"mlp": ["eager", "graph", "compiled", KERAS_FIT], "cnn": ["eager", "graph", "compiled", KERAS_FIT]}}
_TWO = dict(workloads=["mlp", "cnn"], passed={"mlp": True, "cnn": True}, valid=_VALID, band=1.25)


def _speed(**by_workload) -> dict:
    """One condition, three runs, the given step times per workload."""
    return {"1 thread": [_merge(*(_steps(name=n, **kw) for n, kw in by_workload.items()))] * 3}


_GATE = {"mlp": {"early_difference": 1e-7, "exact": True, "difference": 1e-7, "spread": 6e-2, "passes": True,
                 "first": {"pytorch": 2.35, "tensorflow": 2.35}}}
_SPEEDUPS = {"pytorch": [1.1, 1.2, 1.15], "tensorflow": [1.8, 1.9, 1.85]}
_SCALE = dict(world_size=2, threads=1, cores=8, workers_exact=True, min_efficiency=0.75)
_FIT = {"raised": True, "error_type": "builtins.ValueError", "first_line": "Attempt to convert a value (PerReplica:{",
        "mentions_per_replica": True, "one_worker": {"raised": False}}

OUTCOMES = {
    "same_training": {
        SUPPORTED: dict(gate=_GATE, off=[], mode_tolerance=1e-4),
        CONTRADICTED: dict(gate={**_GATE, "cnn": {**_GATE["mlp"], "difference": 1.0, "passes": False}}, off=[],
                           mode_tolerance=1e-4),
    },
    "minimal_difference": {
        SUPPORTED: dict(conditions=_speed(mlp=dict(graph=1.1), cnn=dict(graph=0.9)), **_TWO),
        CONTRADICTED: dict(conditions=_speed(mlp=dict(graph=3.0), cnn=dict(graph=0.3)), **_TWO),
        DEPENDS: dict(conditions=_speed(mlp=dict(graph=3.0), cnn=dict(graph=1.0)), **_TWO),
        NOT_TESTABLE: dict(conditions=_speed(mlp=dict(graph=3.0), cnn=dict(graph=1.0)),
                           **{**_TWO, "passed": {"mlp": False, "cnn": False}}),
    },
    "xla_fast": {
        SUPPORTED: dict(conditions=_speed(mlp=dict(tf_compiled=0.5), cnn=dict(tf_compiled=0.6)), **_TWO),
        CONTRADICTED: dict(conditions=_speed(mlp=dict(tf_compiled=2.0), cnn=dict(tf_compiled=1.0)), **_TWO),
        DEPENDS: dict(conditions=_speed(mlp=dict(tf_compiled=0.5), cnn=dict(tf_compiled=1.0)), **_TWO),
        NOT_TESTABLE: dict(conditions=_speed(mlp={}, cnn={}), **_TWO),
    },
    "jit_closes_gap": {
        SUPPORTED: dict(conditions=_speed(mlp=dict(pt_compiled=0.5), cnn=dict(pt_compiled=0.6)), **_TWO),
        CONTRADICTED: dict(conditions=_speed(mlp=dict(pt_compiled=30.0), cnn=dict(pt_compiled=1.0)), **_TWO),
        DEPENDS: dict(conditions=_speed(mlp=dict(pt_compiled=0.5), cnn=dict(pt_compiled=1.0)), **_TWO),
        NOT_TESTABLE: dict(conditions=_speed(mlp={}, cnn={}), **_TWO),
    },
    "common_use_negligible": {
        SUPPORTED: dict(conditions=_speed(mlp=dict(fit=1.1), cnn=dict(fit=0.95)), **_TWO),
        CONTRADICTED: dict(conditions=_speed(mlp=dict(fit=3.0), cnn=dict(fit=0.2)), **_TWO, fit_xla={"mlp": True}),
        DEPENDS: dict(conditions=_speed(mlp=dict(fit=3.0), cnn=dict(fit=1.0)), **_TWO),
        NOT_TESTABLE: dict(conditions=_speed(mlp=dict(fit=1.0), cnn=dict(fit=1.0)),
                           **{**_TWO, "valid": {**_VALID, "tensorflow": {"mlp": ["graph"], "cnn": ["graph"]}}}),
    },
    "data_parallel_exact": {
        SUPPORTED: dict(differences={"PyTorch, 2 workers vs 1": 6e-8, "TensorFlow, between ranks": 0.0}, tolerance=1e-6),
        CONTRADICTED: dict(differences={"PyTorch, 2 workers vs 1": 0.5, "TensorFlow, between ranks": 0.0}, tolerance=1e-6),
    },
    "matches_numpy_sgd": {
        SUPPORTED: dict(differences={"PyTorch, 1 worker vs NumPy": 3e-8}, numpy_tolerance=1e-5),
        CONTRADICTED: dict(differences={"PyTorch, 1 worker vs NumPy": 1e-2}, numpy_tolerance=1e-5),
    },
    "keras_fit_multiworker": {
        SUPPORTED: dict(fit={"raised": False, "one_worker": {"raised": False}}, world_size=2),
        CONTRADICTED: dict(fit=_FIT, world_size=2),
    },
    "mirrored_fallback_exact": {
        SUPPORTED: dict(vs_one_device=1.5e-8, replicas=2, tolerance=1e-6),
        CONTRADICTED: dict(vs_one_device=1e-2, replicas=2, tolerance=1e-6),
    },
    "scales_seamlessly": {
        SUPPORTED: dict(speedups=_SPEEDUPS, **_SCALE),
        CONTRADICTED: dict(speedups={**_SPEEDUPS, "tensorflow": [1.0, 1.02, 0.98]}, **_SCALE),
        NOT_TESTABLE: dict(speedups=_SPEEDUPS, **{**_SCALE, "cores": 2}),
    },
}
