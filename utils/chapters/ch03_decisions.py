"""Chapter 3's decisions: are the articles' two listings the same network, and what do their API
styles cost? Each function decides one claim from what the pair recorded; its docstring is the rule
the book shows for the claim (``claims.yml``'s ``decided_by``).

The code counts (``sizes``) are keyed by version: ``"PyTorch loop"`` (the ``nn.Module`` class and
its training loop), ``"Keras fit"`` (``Sequential``, ``compile`` and ``fit``) and ``"TensorFlow
GradientTape loop"`` (the same model trained by a custom loop), each with the ``lines``,
``statements`` and distinct ``api_names`` of model plus training code, and the final test
``accuracy`` (mean over the seeds) with its ``accuracy_range`` over the seeds.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from ..decisions import Verdict
from ..verdicts import (CONTRADICTED, DEPENDS, FASTER, NOT_TESTABLE, SAME, SLOWER, SUPPORTED, across, agreement,
                        classify_count_ratio, for_expected)

PYTORCH, KERAS, TAPE = "PyTorch loop", "Keras fit", "TensorFlow GradientTape loop"
COUNTS = ("lines", "statements", "api_names")
COUNT_WORDS = {"lines": "lines", "statements": "statements", "api_names": "distinct API names"}
_CODE = ("code_size",)


def check_agrees(row: Mapping, tolerance: float) -> bool:
    """Whether one parity check agrees: both frameworks within ``tolerance`` of NumPy and of each other."""
    return agreement({k: row[k] for k in ("pytorch", "tensorflow", "between")}, tolerance) == SUPPORTED


def parity(rows: Sequence[Mapping], tolerance: float) -> Verdict:
    """Supported when every parity check (outputs, loss, gradients, one SGD step, with dropout off, from
    the same weights and batch) has both frameworks within ``tolerance`` of the NumPy float64
    reference and of each other; contradicted when one check differs by more.

    ``rows``: one per check, with its ``quantity`` and its differences ``pytorch`` and ``tensorflow``
    (each against NumPy) and ``between`` (the two frameworks)."""
    failed = [r["quantity"] for r in rows if not check_agrees(r, tolerance)]
    word = SUPPORTED if not failed else CONTRADICTED
    # counts, not the differences: the digits of float32 round-off change from machine to machine
    reason = (f"{len(rows) - len(failed)} of {len(rows)} checks (outputs, loss, gradients, one SGD step, dropout off) "
              f"agree within {tolerance:g}" + (f"; disagreeing: {', '.join(failed)}" if failed else ""))
    return Verdict(word, reason, ("checks",))


def inverted_dropout(drop: Mapping[str, Mapping], p: float, tolerance: float, sigmas: float) -> Verdict:
    """Supported when, in both frameworks, dropout in training zeroes a share of the values within
    ``sigmas`` standard errors of p, every kept value equals 1/(1−p) within ``tolerance``, and in
    evaluation mode nothing changes; contradicted when one of these fails in either framework.

    ``drop``: per framework, ``n`` values pushed through, ``zero_fraction``, ``kept_min``, ``kept_max``
    and ``eval_max_change``."""
    scale = 1 / (1 - p)
    n = min(d["n"] for d in drop.values())
    se = float(np.sqrt(p * (1 - p) / n))
    differences, limits = {}, {}
    for fw, d in drop.items():
        differences[f"{fw} kept values"] = max(abs(d["kept_min"] - scale), abs(d["kept_max"] - scale))
        limits[f"{fw} kept values"] = tolerance
        differences[f"{fw} share dropped"] = abs(d["zero_fraction"] - p)
        limits[f"{fw} share dropped"] = sigmas * se
        differences[f"{fw} evaluation mode"] = d["eval_max_change"]
        limits[f"{fw} evaluation mode"] = 0.0
    word = agreement(differences, limits)
    failed = [k for k in differences if not differences[k] <= limits[k]]
    reason = (f"with p = {p:g} over {n:,} values the shares dropped are "
              + ", ".join(f"{d['zero_fraction']:.4f} ({fw})" for fw, d in drop.items())
              + f" (standard error {se:.4f}); kept values lie between {min(d['kept_min'] for d in drop.values()):.6f} "
              f"and {max(d['kept_max'] for d in drop.values()):.6f} against 1/(1−p) = {scale:.6f}; evaluation mode "
              f"changes values by at most {max(d['eval_max_change'] for d in drop.values()):g}"
              + (f"; failing: {', '.join(failed)}" if failed else ""))
    return Verdict(word, reason, ("dropout",))


def _coincide(gaps: Mapping[str, float], spreads: Mapping[str, float], setting: str) -> Verdict:
    word = agreement(gaps, spreads)
    outside = [k for k in gaps if not gaps[k] <= spreads[k]]
    reason = (f"with {setting}, {len(outside)} of {len(gaps)} points (test loss and accuracy per epoch) have a gap "
              "between the frameworks' mean curves larger than the seed-to-seed range"
              + (f" ({', '.join(outside[:4])}{', …' if len(outside) > 4 else ''})" if outside else ""))
    return Verdict(word, reason, ("curves",))


def matched_curves_coincide(gaps: Mapping[str, float], spreads: Mapping[str, float]) -> Verdict:
    """Supported when, trained from the same NumPy weights with one Adam epsilon, the gap between the two
    frameworks' mean learning curves (test loss and accuracy, over the seeds) is at every epoch within
    the seed-to-seed range (the larger framework's highest minus lowest seed); contradicted when one
    point lies outside.

    ``gaps`` and ``spreads``: keyed alike, one entry per metric and epoch."""
    return _coincide(gaps, spreads, "matched settings")


def default_curves_coincide(gaps: Mapping[str, float], spreads: Mapping[str, float]) -> Verdict:
    """Supported when, each library trained with its own defaults (its own initial weights, its own
    Adam epsilon), the gap between the two frameworks' mean learning curves is at every epoch within the
    seed-to-seed range; contradicted when one point lies outside.

    ``gaps`` and ``spreads``: keyed alike, one entry per metric and epoch."""
    return _coincide(gaps, spreads, "each library's defaults")


def same_network(parity: str, matched: str, defaults: str, differing: int, defaults_read: int) -> Verdict:
    """Supported when the parity checks, the matched learning curves and the curves with each library's
    defaults all say supported; contradicted when all three say contradicted; it depends when they part
    (typically: one network when a port copies the settings, not when it keeps each library's defaults).

    The arguments are the verdicts of ``parity``, ``matched_curves_coincide`` and
    ``default_curves_coincide``, and how many of the defaults read from the libraries differ."""
    parts = {"parity": parity, "matched settings": matched, "each library's defaults": defaults}
    word = across(parts)
    reason = ("; ".join(f"{k}: {v}" for k, v in parts.items())
              + f" ({differing} of {defaults_read} defaults read from the libraries differ)")
    if (parity, matched, defaults) == (SUPPORTED, SUPPORTED, CONTRADICTED):
        reason += (". The two listings are one network when a port also copies the settings the table lists, and "
                   "measurably different networks when each library's defaults are left in place")
    return Verdict(word, reason, ("checks", "curves", "defaults"))


def _ratios(sizes: Mapping[str, Mapping], numerator: str, denominator: str) -> dict[str, float]:
    return {c: sizes[numerator][c] / sizes[denominator][c] for c in COUNTS}


def _sizes_text(sizes: Mapping[str, Mapping], versions: Sequence[str]) -> str:
    return "; ".join(f"{v} {sizes[v]['lines']} lines, {sizes[v]['statements']} statements, "
                     f"{sizes[v]['api_names']} API names" for v in versions)


def _per_count(ratios: Mapping[str, float], expected, threshold: float) -> dict[str, str]:
    return {c: for_expected(classify_count_ratio(r, threshold), expected) for c, r in ratios.items()}


def _counted(sizes: Mapping[str, Mapping], numerator: str, denominator: str, expected, threshold: float,
             over: str) -> tuple[str, str]:
    """``numerator``'s three counts over ``denominator``'s, each judged against ``threshold`` as
    ``expected``: the verdict over the counts, and the text that shows both versions' counts and each ratio."""
    ratios = _ratios(sizes, numerator, denominator)
    per = _per_count(ratios, expected, threshold)
    return across(per), (_sizes_text(sizes, (denominator, numerator)) + f"; {over}: "
                         + ", ".join(f"{COUNT_WORDS[c]} {r:.2f}× ({per[c]})" for c, r in ratios.items()))


def tf2_loop_not_more_verbose(sizes: Mapping[str, Mapping], threshold: float) -> Verdict:
    """Counted on the model plus training code that ran: supported when the TensorFlow GradientTape loop
    is no more than ``threshold`` times the PyTorch loop in lines, in statements and in distinct API
    names; contradicted when it is more on all three; it depends when the counts part. Custom layers,
    which the article also names, are not counted."""
    word, counts = _counted(sizes, TAPE, PYTORCH, (SAME, SLOWER), threshold, "GradientTape over PyTorch")
    return Verdict(word, counts + f"; more code means a ratio beyond {threshold:g}", _CODE)


def styles_reach_same_accuracy(sizes: Mapping[str, Mapping], fit_vs_tape: float) -> Verdict:
    """Supported when the final test accuracy (mean over the seeds) of Keras ``fit`` and of the GradientTape
    loop each lies within the seed-to-seed range (the largest of the three versions') of the PyTorch
    loop's; contradicted when one lies farther.

    ``fit_vs_tape``: the largest gap between ``fit`` and the GradientTape loop seed by seed, shown only."""
    gaps = {v: abs(s["accuracy"] - sizes[PYTORCH]["accuracy"]) for v, s in sizes.items() if v != PYTORCH}
    limit = max(s["accuracy_range"] for s in sizes.values())
    reason = (", ".join(f"{v} {s['accuracy']:.4f}" for v, s in sizes.items())
              + f" final test accuracy; largest gap to PyTorch {max(gaps.values()):.4f} against a seed-to-seed range "
              f"of {limit:.4f}; from the same weights, data order and seed, `fit` and the GradientTape loop end "
              f"{fit_vs_tape:.1e} apart")
    return Verdict(agreement(gaps, limit), reason, ("style_accuracy",))


def easier_to_learn(sizes: Mapping[str, Mapping], threshold: float) -> Verdict:
    """What can be counted of learning an API is how much of it one must know and write to build and
    train the article's network: the distinct API names, the statements and the lines of model plus
    training code. Supported when the PyTorch version needs less than the Keras version (Keras more
    than ``threshold`` times PyTorch) on all three counts; contradicted when it needs less on none; it
    depends when the counts part. How fast people learn needs learners, which no run here has.
    """
    word, counts = _counted(sizes, KERAS, PYTORCH, FASTER, threshold, "Keras over PyTorch")
    return Verdict(word, counts + f"; PyTorch needs less when the ratio is beyond {threshold:g}. These count code, "
                   "not learners", _CODE)


def more_pythonic(sizes: Mapping[str, Mapping]) -> Verdict:
    """Not testable here: "Pythonic" names how idiomatic code feels to a Python programmer, and no count
    of code measures that without readers to judge it. The reason gives the counts this chapter has
    (distinct API names, statements, lines of each version) as context, not as a verdict.
    """
    reason = ("how idiomatic an API feels needs Python programmers to judge it, and no count of code stands in "
              "for them; for context, " + _sizes_text(sizes, (PYTORCH, KERAS, TAPE)))
    return Verdict(NOT_TESTABLE, reason, _CODE)


def keras_competitive(sizes: Mapping[str, Mapping], threshold: float) -> Verdict:
    """Counted as for ``easier_to_learn``: supported when the Keras version (``Sequential``, ``compile``,
    ``fit``) needs no more than ``threshold`` times the PyTorch version's distinct API names, statements
    and lines, on all three counts; contradicted when it needs more on all three; it depends when the
    counts part. These count code, not learners.
    """
    word, counts = _counted(sizes, KERAS, PYTORCH, (SAME, SLOWER), threshold, "Keras over PyTorch")
    return Verdict(word, counts + f"; more code means a ratio beyond {threshold:g}", _CODE)


TF1 = "TensorFlow 1 graph and session"
TF1_ACCURACY_FLOOR = 0.02  # the least accuracy gap allowed however alike Keras's seeds are


def keras_simpler_than_tf1(sizes: Mapping[str, Mapping], threshold: float) -> Verdict:
    """Counted as for ``easier_to_learn``, on the model plus training code of Keras ``fit`` against the
    same network written as TensorFlow 1 wrote it (``tf.compat.v1``: placeholders, variables, a
    session): supported when the TensorFlow 1 version needs more than ``threshold`` times Keras's
    distinct API names, statements and lines, on all three counts; contradicted when it needs more on
    none; it depends when the counts part. Not testable when the TensorFlow 1 version did not learn
    like Keras (final test accuracy farther from Keras's mean than Keras's seed-to-seed range, or
    0.02): its code would then not be the same program."""
    keras, tf1 = sizes[KERAS], sizes[TF1]
    gap, limit = abs(tf1["accuracy"] - keras["accuracy"]), max(keras["accuracy_range"], TF1_ACCURACY_FLOOR)
    learned = (f"the TensorFlow 1 version ends at test accuracy {tf1['accuracy']:.4f} against Keras fit's "
               f"{keras['accuracy']:.4f} (allowed gap {limit:.4f})")
    if not gap <= limit:
        return Verdict(NOT_TESTABLE, learned + ", so it is not the same program and its code is not counted",
                       (*_CODE, "tf1_accuracy"))
    word, counts = _counted(sizes, TF1, KERAS, FASTER, threshold, "TensorFlow 1 over Keras")
    return Verdict(word, counts + f"; Keras needs less when the ratio is beyond {threshold:g}; {learned}. These count "
                   "code, not learners", (*_CODE, "tf1_accuracy"))


GAN_PYTORCH, GAN_TENSORFLOW = "PyTorch GAN", "TensorFlow GAN"


def gan_custom_loop(sizes: Mapping[str, Mapping], first_step: Mapping[str, Sequence[float]], tolerance: float,
                    threshold: float) -> Verdict:
    """Counted as chapter 3 counts the other versions, on a small GAN's two networks and its
    alternating training step, written as each framework is usually written (PyTorch: `nn.Sequential`
    and an eager step with `detach`, `zero_grad`, `backward`, `step`; TensorFlow: Keras `Sequential`
    and two `GradientTape`s): supported when TensorFlow's version needs more than ``threshold`` times
    PyTorch's distinct API names, statements and lines, on all three counts; contradicted when it
    needs more on none; it depends when the counts part. Not testable when the two GANs did not
    compute the same first step (both losses within ``tolerance``) from the same weights and batch:
    their code would not be the same program.

    ``first_step``: per framework, the discriminator's and the generator's loss at the first step."""
    gap = max(abs(a - b) for a, b in zip(first_step["pytorch"], first_step["tensorflow"]))
    same = (f"from the same weights and batch the first step's losses are "
            f"{'within' if gap <= tolerance else 'beyond'} {tolerance:g} of each other")
    if not gap <= tolerance:
        return Verdict(NOT_TESTABLE, same + ", so the two GANs are not the same program and their code is not compared",
                       ("code_size", "gan_losses"))
    word, counts = _counted(sizes, GAN_TENSORFLOW, GAN_PYTORCH, FASTER, threshold, "TensorFlow over PyTorch")
    return Verdict(word, counts + f"; PyTorch needs less when the ratio is beyond {threshold:g}; {same}. These count "
                   "code, not how easily a GAN's training is reasoned about", ("code_size", "gan_losses"))


def keras_official_api(tf_keras: Mapping) -> Verdict:
    """Supported when the installed TensorFlow exposes Keras as ``tf.keras``, that module's classes are the
    installed ``keras`` package's own, and TensorFlow's package requires ``keras``; it depends when
    ``tf.keras`` exists but is another Keras than the ``keras`` package, or TensorFlow does not require
    it; contradicted when TensorFlow has no ``tf.keras``.

    ``tf_keras``: ``module`` (``tf.keras.__name__``, None when absent), ``same_classes``,
    ``keras_version`` and ``tensorflow_requires`` (TensorFlow's requirements that name keras)."""
    if not tf_keras.get("module"):
        return Verdict(CONTRADICTED, "the installed TensorFlow has no `tf.keras`", ("tf_keras",))
    facts = {"its classes are the keras package's": bool(tf_keras["same_classes"]),
             "TensorFlow requires keras": bool(tf_keras["tensorflow_requires"])}
    word = SUPPORTED if all(facts.values()) else DEPENDS
    # no version numbers: the verdict's text is compared on re-runs, the versions change with the installation
    reason = (f"`tf.keras` is the module `{tf_keras['module']}`; "
              + "; ".join(f"{k}: {'yes' if v else 'no'}" for k, v in facts.items()))
    return Verdict(word, reason, ("tf_keras",))


# ---- made-up records for tests/test_decisions.py ----

def _row(quantity, pytorch=2e-7, tensorflow=3e-7, between=1e-7):
    return {"quantity": quantity, "pytorch": pytorch, "tensorflow": tensorflow, "between": between}


def _drop(zero_fraction=0.5, kept=2.0, eval_change=0.0):
    return {"n": 1_568_000, "zero_fraction": zero_fraction, "kept_min": kept, "kept_max": kept,
            "eval_max_change": eval_change}


def _size(lines, statements, api_names, accuracy=0.95, accuracy_range=0.02):
    return {"lines": lines, "statements": statements, "api_names": api_names, "accuracy": accuracy,
            "accuracy_range": accuracy_range}


def _sizes(pytorch=(22, 22, 12), keras=(14, 7, 6), tape=(25, 18, 11), keras_accuracy=0.95):
    return {PYTORCH: _size(*pytorch), KERAS: _size(*keras, accuracy=keras_accuracy), TAPE: _size(*tape)}


def _with_tf1(lines, statements, api_names, accuracy=0.95):
    return {**_sizes(), TF1: _size(lines, statements, api_names, accuracy=accuracy, accuracy_range=0.0)}


def _gan(lines, statements, api_names):
    return {GAN_PYTORCH: _size(20, 19, 14), GAN_TENSORFLOW: _size(lines, statements, api_names)}


_FIRST = {"pytorch": [1.3552, 0.8112], "tensorflow": [1.3552, 0.8112]}
_GAPS = {"test_loss epoch 0": 0.01, "test_loss epoch 1": 0.02}
_SPREADS = {"test_loss epoch 0": 0.05, "test_loss epoch 1": 0.05}
_WIDE = {"test_loss epoch 0": 0.3, "test_loss epoch 1": 0.02}
_TF_KERAS = {"module": "keras._tf_keras.keras", "same_classes": True, "keras_version": "3.15.1",
             "tensorflow_requires": ["keras>=3.12.0"]}

# For each decision, made-up records that reach each verdict it can give (tests/test_decisions.py runs them).
OUTCOMES = {
    "parity": {
        SUPPORTED: dict(rows=[_row("logits"), _row("SGD step")], tolerance=1e-5),
        CONTRADICTED: dict(rows=[_row("logits"), _row("dL/dw1", pytorch=1e-3, between=1e-3)], tolerance=1e-5),
    },
    "inverted_dropout": {
        SUPPORTED: dict(drop={"pytorch": _drop(), "tensorflow": _drop(0.5004)}, p=0.5, tolerance=1e-5, sigmas=5.0),
        CONTRADICTED: dict(drop={"pytorch": _drop(), "tensorflow": _drop(kept=1.0)}, p=0.5, tolerance=1e-5, sigmas=5.0),
    },
    "matched_curves_coincide": {
        SUPPORTED: dict(gaps=_GAPS, spreads=_SPREADS),
        CONTRADICTED: dict(gaps=_WIDE, spreads=_SPREADS),
    },
    "default_curves_coincide": {
        SUPPORTED: dict(gaps=_GAPS, spreads=_SPREADS),
        CONTRADICTED: dict(gaps=_WIDE, spreads=_SPREADS),
    },
    "same_network": {
        SUPPORTED: dict(parity=SUPPORTED, matched=SUPPORTED, defaults=SUPPORTED, differing=0, defaults_read=13),
        CONTRADICTED: dict(parity=CONTRADICTED, matched=CONTRADICTED, defaults=CONTRADICTED, differing=10,
                           defaults_read=13),
        DEPENDS: dict(parity=SUPPORTED, matched=SUPPORTED, defaults=CONTRADICTED, differing=10, defaults_read=13),
    },
    "tf2_loop_not_more_verbose": {
        SUPPORTED: dict(sizes=_sizes(), threshold=1.2),
        CONTRADICTED: dict(sizes=_sizes(tape=(75, 54, 33)), threshold=1.2),
        DEPENDS: dict(sizes=_sizes(tape=(75, 18, 11)), threshold=1.2),
    },
    "styles_reach_same_accuracy": {
        SUPPORTED: dict(sizes=_sizes(), fit_vs_tape=0.0),
        CONTRADICTED: dict(sizes=_sizes(keras_accuracy=0.65), fit_vs_tape=0.3),
    },
    "easier_to_learn": {
        SUPPORTED: dict(sizes=_sizes(keras=(30, 30, 16)), threshold=1.2),
        CONTRADICTED: dict(sizes=_sizes(), threshold=1.2),
        DEPENDS: dict(sizes=_sizes(keras=(30, 30, 6)), threshold=1.2),
    },
    "more_pythonic": {
        NOT_TESTABLE: dict(sizes=_sizes()),
    },
    "keras_competitive": {
        SUPPORTED: dict(sizes=_sizes(), threshold=1.2),
        CONTRADICTED: dict(sizes=_sizes(keras=(30, 30, 16)), threshold=1.2),
        DEPENDS: dict(sizes=_sizes(keras=(30, 7, 6)), threshold=1.2),
    },
    "keras_simpler_than_tf1": {
        SUPPORTED: dict(sizes=_with_tf1(60, 40, 30), threshold=1.2),
        CONTRADICTED: dict(sizes=_with_tf1(10, 8, 6), threshold=1.2),
        DEPENDS: dict(sizes=_with_tf1(60, 8, 6), threshold=1.2),
        NOT_TESTABLE: dict(sizes=_with_tf1(60, 40, 30, accuracy=0.5), threshold=1.2),
    },
    "gan_custom_loop": {
        SUPPORTED: dict(sizes=_gan(30, 28, 20), first_step=_FIRST, tolerance=1e-5, threshold=1.2),
        CONTRADICTED: dict(sizes=_gan(15, 14, 10), first_step=_FIRST, tolerance=1e-5, threshold=1.2),
        DEPENDS: dict(sizes=_gan(30, 14, 10), first_step=_FIRST, tolerance=1e-5, threshold=1.2),
        NOT_TESTABLE: dict(sizes=_gan(30, 28, 20), first_step={**_FIRST, "tensorflow": [1.4, 0.8]}, tolerance=1e-5,
                           threshold=1.2),
    },
    "keras_official_api": {
        SUPPORTED: dict(tf_keras=_TF_KERAS),
        DEPENDS: dict(tf_keras={**_TF_KERAS, "module": "tf_keras", "same_classes": False, "keras_version": "2.16.0"}),
        CONTRADICTED: dict(tf_keras={**_TF_KERAS, "module": None, "same_classes": False}),
    },
}
