"""Chapter 8's decisions: has Keras 3 made the two frameworks one? Each function decides one claim from
what the pair recorded (Keras on the torch backend, Keras on the tensorflow backend); its docstring is
the rule the book shows for the claim (``claims.yml``'s ``decided_by``)."""
from __future__ import annotations

from typing import Mapping

from ..decisions import Verdict
from ..verdicts import CONTRADICTED, DEPENDS, NOT_TESTABLE, SUPPORTED, across, agreement


def _worst(gaps: Mapping[str, float]) -> str:
    return max(gaps, key=gaps.get)


def same_predictions(gaps: Mapping[str, float], tolerance: float) -> Verdict:
    """Supported when every pair of prediction sets compared (Keras on one backend against Keras on the
    other, each against its native model and against NumPy) differs by at most ``tolerance``;
    contradicted when one pair differs by more."""
    worst = _worst(gaps)
    return Verdict(agreement(gaps, tolerance),
                   f"the largest difference of {len(gaps)} comparisons is {gaps[worst]:.1e} ({worst}), "
                   f"against a tolerance of {tolerance:.0e}", ("predictions", "native_vs_keras", "keras_vs_numpy"))


def same_training(gaps: Mapping[str, float], curve_tolerance: float) -> Verdict:
    """Supported when, without dropout, every pair of loss curves compared (Keras ``fit`` on the two
    backends, and each against its native loop) differs at every epoch by at most ``curve_tolerance``,
    relative; contradicted when one epoch differs by more."""
    worst = _worst(gaps)
    return Verdict(agreement(gaps, curve_tolerance),
                   f"the largest relative difference of an epoch's loss is {gaps[worst]:.1e} ({worst}), "
                   f"against {curve_tolerance:.0e}", ("curves",))


def same_random_stream(same_seed: Mapping[str, float], seed_spread: Mapping[str, float],
                       curve_tolerance: float) -> Verdict:
    """Supported when, with dropout, the two backends' loss curves for each seed of
    ``keras.utils.set_random_seed`` differ at every epoch by at most ``curve_tolerance``, relative
    (the same masks drawn); contradicted otherwise. For scale only, the reason gives how far one
    backend's curve moves when only the seed changes: two different streams land about that far apart,
    and how much nearer or farther a given pair of them lands is chance, so it is not read further."""
    largest, yardstick = max(same_seed.values()), max(seed_spread.values())
    return Verdict(agreement(same_seed, curve_tolerance),
                   f"with dropout and the same seed the backends' curves differ by up to {largest:.1e}, relative, "
                   f"against {curve_tolerance:g} allowed for the same masks; for scale, another seed on one backend "
                   f"moves its curve by up to {yardstick:.1e}", ("dropout_curves",))


def _interop_ok(checks: Mapping[str, Mapping], tolerance: float, curve_tolerance: float) -> bool:
    return all(v <= (curve_tolerance if k == "curve_gap" else tolerance)
               for check in checks.values() for k, v in check.items() if k.endswith("_gap"))


def interop_both_ways(interop: Mapping[str, Mapping[str, Mapping]], tolerance: float, curve_tolerance: float) -> Verdict:
    """Per backend: supported when each mix of Keras and native code it ran (a Keras model trained by
    the framework's own loop, the framework's own model inside Keras) reproduces the numbers it is set
    against (loss curves within ``curve_tolerance``, relative; predictions within ``tolerance``), else
    contradicted; one verdict over the backends, which *depends* when they part."""
    per_backend = {b: SUPPORTED if _interop_ok(checks, tolerance, curve_tolerance) else CONTRADICTED
                   for b, checks in interop.items()}
    return Verdict(across(per_backend), "; ".join(
        f"on {b}: " + ", ".join(f"{what} ({'matches' if _interop_ok({what: c}, tolerance, curve_tolerance) else 'differs'})"
                                for what, c in checks.items()) for b, checks in interop.items()), ("interop",))


def weights_portable(moves: Mapping[str, Mapping], tolerance: float) -> Verdict:
    """Each direction in which one backend loaded the weights the other saved gives the saving
    backend's predictions within ``tolerance``: supported when every direction that ran does,
    contradicted when one does not, not testable when no direction ran (the other half had not yet
    saved its weights in this build)."""
    ran = {k: v["prediction_gap"] for k, v in moves.items() if "prediction_gap" in v}
    return Verdict(agreement(ran, tolerance) if ran else NOT_TESTABLE, "; ".join(
        f"from {k}: " + (f"max |difference| {v['prediction_gap']:.1e}" if "prediction_gap" in v else f"not run ({v['not_run']})")
        for k, v in moves.items()), ("carried_over",))


def write_once(identical: Mapping[str, bool], prediction_gaps: Mapping[str, float], curve_gaps: Mapping[str, float],
               ops_layer_gaps: Mapping[str, float], tolerance: float, curve_tolerance: float) -> Verdict:
    """Judged at the level of Keras, where the second article places it: supported when the shared
    Keras code (models, training function, a layer written in ``keras.ops``) is the same text in both
    halves and gives the same numbers on both backends (predictions within ``tolerance``, ``fit``'s
    loss curves within ``curve_tolerance``, relative, and the ``keras.ops`` layer within ``tolerance``
    of Keras's ``Dense`` on each backend); it depends when that same text runs on both but some of
    those numbers part; contradicted when the text had to differ between the backends. Layers written
    in each framework's own operations are below Keras's level, where the article expects the
    frameworks to differ, and do not count."""
    differ = sorted(name for name, same in identical.items() if not same)
    if differ:
        return Verdict(CONTRADICTED, f"the shared Keras code had to differ between the backends: {', '.join(differ)}",
                       ("shared_source",))
    apart = [f"{k} ({v:.1e})" for k, v in prediction_gaps.items() if not v <= tolerance]
    apart += [f"{k} ({v:.1e}, relative)" for k, v in curve_gaps.items() if not v <= curve_tolerance]
    apart += [f"the keras.ops layer against Keras's Dense layer on {b} ({v:.1e})"
              for b, v in ops_layer_gaps.items() if not v <= tolerance]
    same_text = f"the {len(identical)} shared functions ({', '.join(sorted(identical))}) are the same text in both halves"
    evidence = ("shared_source", "predictions", "curves", "carried_over")
    if apart:
        return Verdict(DEPENDS, f"{same_text} and ran on both backends, but these numbers parted: {'; '.join(apart)}",
                       evidence)
    return Verdict(SUPPORTED, f"{same_text}, and on the two backends their predictions differ by at most "
                   f"{max(prediction_gaps.values()):.1e}, fit's loss curves by {max(curve_gaps.values()):.1e} (relative) "
                   f"and on each backend the keras.ops layer's predictions differ from Keras's Dense layer's by at most "
                   f"{max(ops_layer_gaps.values()):.1e}", evidence)


_TOL = dict(tolerance=1e-5, curve_tolerance=1e-5)
_SAME_TEXT = {"keras_mlp": True, "keras_cnn": True, "keras_epochs": True, "OpsDense": True}
_INTEROP_OK = {"Keras model trained by the plain loop": {"curve_gap": 2e-7, "is_native_module": True},
               "native module trained by fit": {"curve_gap": 1e-7, "prediction_gap": 3e-7}}
_INTEROP_OFF = {**_INTEROP_OK, "Keras model trained by the plain loop": {"curve_gap": 0.1, "is_native_module": True}}
_RAN, _NOT_RUN = {"prediction_gap": 3e-6}, {"not_run": "the other half has not run in this build"}
_BETWEEN = dict(prediction_gaps={"mlp": 3e-7, "cnn": 6e-7}, curve_gaps={"mlp fit": 2e-7, "cnn fit": 2e-7},
                ops_layer_gaps={"torch": 0.0, "tensorflow": 0.0}, **_TOL)

# For each decision, made-up records that reach each verdict it can give (tests/test_decisions.py runs them).
OUTCOMES = {
    "same_predictions": {
        SUPPORTED: dict(gaps={"mlp: torch against tensorflow": 3e-7, "mlp: against NumPy": 2e-6}, tolerance=1e-5),
        CONTRADICTED: dict(gaps={"mlp: torch against tensorflow": 1e-2, "mlp: against NumPy": 2e-6}, tolerance=1e-5),
    },
    "same_training": {
        SUPPORTED: dict(gaps={"mlp: fit on torch against on tensorflow": 2e-7}, curve_tolerance=1e-5),
        CONTRADICTED: dict(gaps={"mlp: fit on torch against on tensorflow": 1e-2}, curve_tolerance=1e-5),
    },
    "same_random_stream": {
        SUPPORTED: dict(same_seed={"0": 0.0, "1": 1e-7}, seed_spread={"torch": 3e-2}, curve_tolerance=1e-5),
        CONTRADICTED: dict(same_seed={"0": 3.5e-2, "1": 1e-7}, seed_spread={"torch": 3e-2}, curve_tolerance=1e-5),
    },
    "interop_both_ways": {
        SUPPORTED: dict(interop={"torch": _INTEROP_OK, "tensorflow": _INTEROP_OK}, **_TOL),
        CONTRADICTED: dict(interop={"torch": _INTEROP_OFF, "tensorflow": _INTEROP_OFF}, **_TOL),
        DEPENDS: dict(interop={"torch": _INTEROP_OK, "tensorflow": _INTEROP_OFF}, **_TOL),
    },
    "weights_portable": {
        SUPPORTED: dict(moves={"tensorflow to torch": _RAN, "torch to tensorflow": _NOT_RUN}, tolerance=1e-5),
        CONTRADICTED: dict(moves={"tensorflow to torch": _RAN, "torch to tensorflow": {"prediction_gap": 0.1}},
                           tolerance=1e-5),
        NOT_TESTABLE: dict(moves={"tensorflow to torch": _NOT_RUN}, tolerance=1e-5),
    },
    "write_once": {
        SUPPORTED: dict(identical=_SAME_TEXT, **_BETWEEN),
        DEPENDS: dict(identical=_SAME_TEXT, **{**_BETWEEN, "ops_layer_gaps": {"torch": 0.5, "tensorflow": 0.0}}),
        CONTRADICTED: dict(identical={**_SAME_TEXT, "keras_epochs": False}, **_BETWEEN),
    },
}
