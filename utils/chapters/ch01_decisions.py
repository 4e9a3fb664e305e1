"""Chapter 1's decision: do the two frameworks compute the same basics? Its docstring is the rule the
book shows for the claim (``claims.yml``'s ``decided_by``)."""
from __future__ import annotations

from typing import Mapping, Sequence

from ..decisions import Verdict
from ..verdicts import CONTRADICTED, SUPPORTED, agreement


def same_fundamentals(rows: Sequence[Mapping], lowered: Mapping[str, bool], sharing: Mapping[str, bool],
                      tolerance: float) -> Verdict:
    """Supported when every check (tensors, gradients, activations, losses, a round trip through
    NumPy) agrees in both frameworks with a hand-written NumPy reference and between the frameworks,
    within ``tolerance`` or exactly where the check must be exact, and one descent step lowers the
    loss in both; contradicted when a check disagrees or a step does not lower the loss.

    ``rows``: one per check, with its differences ``pytorch`` and ``tensorflow`` (each against NumPy),
    ``between`` and its ``limit``; ``lowered`` and ``sharing`` are keyed by the frameworks' names."""
    worst = {r["quantity"]: max(r["pytorch"], r["tensorflow"], r["between"]) for r in rows}
    limits = {r["quantity"]: r["limit"] for r in rows}
    disagree = [q for q in worst if agreement({q: worst[q]}, limits[q]) != SUPPORTED]
    word = agreement(worst, limits)
    if not all(lowered.values()):  # the step is part of the claim: it must go downhill in both
        word = CONTRADICTED
    if word == SUPPORTED:
        reason = (f"All {len(rows)} checks agree: on the same batch and the same initial weights, PyTorch and "
                  f"TensorFlow match a hand-written NumPy reference and each other to within {tolerance:g}, a round "
                  "trip through NumPy is exact in both, and one gradient-descent step lowers the loss in both.")
    else:
        failed = disagree + [f"the step did not lower the loss in {fw}" for fw, down in lowered.items() if not down]
        reason = (f"{len(disagree)} of {len(rows)} checks disagree by more than {tolerance:g}, "
                  f"or a step failed to lower the loss: {', '.join(failed)}.")
    reason += (" One difference in behaviour, not in numbers: a tensor made from a NumPy array "
               + " and ".join(f"{'shares' if shared else 'does not share'} its memory in {fw}" for fw, shared in sharing.items())
               + ".")
    return Verdict(word, reason, ("checks", "step_lowered_loss", "shares_memory_with_numpy"))


def _check(quantity, pytorch=2e-7, tensorflow=3e-7, between=1e-7, limit=1e-5):
    return {"quantity": quantity, "pytorch": pytorch, "tensorflow": tensorflow, "between": between, "limit": limit}


_CHECKS = [_check("forward pass"), _check("round trip through NumPy", 0.0, 0.0, 0.0, limit=0.0)]
_RECORDS = dict(lowered={"PyTorch": True, "TensorFlow": True}, sharing={"PyTorch": True, "TensorFlow": False},
                tolerance=1e-5)

# For each decision, made-up records that reach each verdict it can give (tests/test_decisions.py runs them).
OUTCOMES = {
    "same_fundamentals": {
        SUPPORTED: dict(rows=_CHECKS, **_RECORDS),
        CONTRADICTED: dict(rows=[*_CHECKS, _check("gradients", tensorflow=3e-3)], **_RECORDS),
    },
}
