"""Chapter 9's decisions: is a switch between the frameworks cheap? Each function decides one claim from
what the book recorded (the chapter's pair moving chapter 6's ONNX files across, the code of the
book's pairs, chapter 8's Keras code on both backends); its docstring is the rule the book shows for
the claim (``claims.yml``'s ``decided_by``)."""
from __future__ import annotations

from typing import Mapping

from ..decisions import Verdict
from ..verdicts import CONTRADICTED, DEPENDS, NOT_TESTABLE, SUPPORTED


def _converted(record: Mapping, tolerance: float) -> bool:
    return "max_abs_diff" in record and record["max_abs_diff"] <= tolerance


def _tried(name: str, record: Mapping, tolerance: float) -> str:
    if "error" in record:
        return f"{name} fails ({record['error']})"
    return f"{name}'s model gives outputs up to {record['max_abs_diff']:.1e} from the other model's" + (
        "" if _converted(record, tolerance) else f" (more than {tolerance:.0e})")


def onnx_converts(conversions: Mapping[str, Mapping[str, Mapping]], by_hand: Mapping[str, Mapping],
                  tolerance: float) -> Verdict:
    """Judged by converters that import an ONNX file into a framework's own model: supported when, in
    both directions, an installed converter turns the other framework's exported file into a model
    whose outputs match the other model's within ``tolerance``; contradicted when, in a direction, every
    installed converter fails or changes the outputs by more; not testable here when a direction has no
    converter installed (none installs beside the book's pinned framework versions). A network written
    anew by hand from the file's weights shows that ONNX carries the weights, not that it converts the
    model, and is reported without counting.

    ``conversions``: ``{direction: {converter: {"installed": bool, "max_abs_diff" or "error"}}}``;
    ``by_hand``: ``{direction: {"works", "max_abs_diff" or "error"}}``."""
    per_direction, said = {}, []
    for direction, converters in conversions.items():
        tried = {name: r for name, r in converters.items() if r.get("installed")}
        if not tried:
            per_direction[direction] = NOT_TESTABLE
            said.append(f"{direction}: no converter installed ({', '.join(converters) or 'none known'})")
        else:
            per_direction[direction] = (SUPPORTED if any(_converted(r, tolerance) for r in tried.values())
                                        else CONTRADICTED)
            said.append(f"{direction}: " + ", ".join(_tried(name, r, tolerance) for name, r in tried.items()))
    words = set(per_direction.values())
    word = (CONTRADICTED if CONTRADICTED in words else SUPPORTED if words == {SUPPORTED} else NOT_TESTABLE)
    # within the tolerance, not the exact difference: its float32 digits change from CPU to CPU, and
    # this reason is shown in a cell that nbval compares
    hand = [f"{direction} {f'within {tolerance:g}' if m.get('works') else 'not faithful'}"
            for direction, m in by_hand.items()]
    reason = "; ".join(said)
    if hand:
        reason += (". By hand, a network written anew from the file's weights reproduces the other model's outputs: "
                   + ", ".join(hand) + " (ONNX carries the weights; this does not count as a conversion)")
    return Verdict(word, reason, ("conversions", "moves"))


def switch_needs_rewrite(native: Mapping[str, Mapping[str, int]], keras_same_text: Mapping[str, bool] | None,
                         rewrite_share: float) -> Verdict:
    """Judged on the book's own code, where every chapter's pair implements one experiment twice: for
    the pairs written in each framework's own API, the share of the lines that use the framework (its
    names normalised, so ``torch.__version__`` and ``tf.__version__`` read alike) that have no identical
    line in the other half, pooled over the pairs. Supported when at least ``rewrite_share`` of them
    differ and no route moved code unchanged; it depends when that much differs but chapter 8's Keras 3
    code (its models, training function and layer) is the same text on both backends, so the level the
    project is written at decides; contradicted when less than ``rewrite_share`` differs. Without
    chapter 8's records in this build, the verdict rests on the native pairs and says so; without any
    pair, not testable.

    ``native``: ``{chapter: {"lines": n, "rewritten": m}}``; ``keras_same_text``: chapter 8's shared
    functions, each True when both halves hold the same text, or None when chapter 8 did not run."""
    lines = sum(p["lines"] for p in native.values())
    if not lines:
        return Verdict(NOT_TESTABLE, "no pair of notebooks written natively was found to compare", ("pairs",))
    share = sum(p["rewritten"] for p in native.values()) / lines
    low, high = min(native, key=lambda c: _share(native[c])), max(native, key=lambda c: _share(native[c]))
    reason = (f"across {len(native)} pairs written natively, {share:.0%} of the {lines} lines that use a framework "
              f"have no identical line in the other half (from {_share(native[low]):.0%} in {low} to "
              f"{_share(native[high]):.0%} in {high}), against a rewrite at {rewrite_share:.0%}")
    evidence = ("pairs", "08-convergence shared_source")
    if share < rewrite_share:
        return Verdict(CONTRADICTED, f"{reason}: most of the code carries over", evidence)
    if keras_same_text is None:
        return Verdict(SUPPORTED, f"{reason}; chapter 8 did not run in this build, so whether Keras 3 code moves "
                       "unchanged is not known here", evidence)
    same = sorted(name for name, ok in keras_same_text.items() if ok)
    if keras_same_text and len(same) == len(keras_same_text):
        return Verdict(DEPENDS, f"{reason}; but chapter 8's {len(same)} Keras 3 functions ({', '.join(same)}) are the "
                       "same text on both backends, so code written at Keras's level moves unchanged", evidence)
    differ = sorted(set(keras_same_text) - set(same))
    return Verdict(SUPPORTED, f"{reason}; and no route moved code unchanged: chapter 8's Keras 3 code had to differ "
                   f"between the backends ({', '.join(differ) or 'no shared function recorded'})", evidence)


def _share(pair: Mapping[str, int]) -> float:
    return pair["rewritten"] / pair["lines"] if pair["lines"] else 0.0


_NONE = {"installed": False}
_WORKS, _OFF = {"installed": True, "max_abs_diff": 4e-7}, {"installed": True, "max_abs_diff": 0.3}
_FAILS = {"installed": True, "error": "NotImplementedError: LogSoftmax"}
_HAND = {"TensorFlow to PyTorch": {"works": True, "max_abs_diff": 6e-7},
         "PyTorch to TensorFlow": {"works": True, "max_abs_diff": 5e-7}}
_NATIVE = {"02-philosophies": {"lines": 120, "rewritten": 110}, "06-deployment": {"lines": 80, "rewritten": 76}}
_ALIKE = {"02-philosophies": {"lines": 120, "rewritten": 20}, "06-deployment": {"lines": 80, "rewritten": 10}}
_KERAS = {"keras_mlp": True, "keras_cnn": True, "keras_epochs": True, "OpsDense": True}

# For each decision, made-up records that reach each verdict it can give (tests/test_decisions.py runs them).
OUTCOMES = {
    "onnx_converts": {
        SUPPORTED: dict(conversions={"TensorFlow to PyTorch": {"onnx2torch": _WORKS},
                                     "PyTorch to TensorFlow": {"onnx2tf": _WORKS, "onnx-tf": _FAILS}},
                        by_hand=_HAND, tolerance=1e-5),
        CONTRADICTED: dict(conversions={"TensorFlow to PyTorch": {"onnx2torch": _OFF},
                                        "PyTorch to TensorFlow": {"onnx2tf": _NONE, "onnx-tf": _NONE}},
                           by_hand=_HAND, tolerance=1e-5),
        NOT_TESTABLE: dict(conversions={"TensorFlow to PyTorch": {"onnx2torch": _NONE},
                                        "PyTorch to TensorFlow": {"onnx2tf": _NONE, "onnx-tf": _NONE}},
                           by_hand=_HAND, tolerance=1e-5),
    },
    "switch_needs_rewrite": {
        SUPPORTED: dict(native=_NATIVE, keras_same_text={**_KERAS, "OpsDense": False}, rewrite_share=0.5),
        DEPENDS: dict(native=_NATIVE, keras_same_text=_KERAS, rewrite_share=0.5),
        CONTRADICTED: dict(native=_ALIKE, keras_same_text=_KERAS, rewrite_share=0.5),
        NOT_TESTABLE: dict(native={}, keras_same_text=_KERAS, rewrite_share=0.5),
    },
}
