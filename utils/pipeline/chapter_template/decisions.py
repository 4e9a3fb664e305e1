"""Chapter {{number_plain}}'s decisions ({{title}}). Each function decides one claim from what the pair
recorded; its docstring is the rule the book shows for the claim (``claims.yml``'s ``decided_by``).
To fill in: one function per claim, and its made-up records in ``OUTCOMES``."""
from __future__ import annotations

from typing import Mapping

from ..decisions import Verdict
from ..verdicts import CONTRADICTED, SUPPORTED, agreement


def {{key}}(differences: Mapping[str, float], tolerance: float) -> Verdict:
    """(The placeholder.) Supported when each framework's sum of one seeded vector is within
    ``tolerance`` of NumPy's; contradicted when one is not."""
    word = agreement(differences, tolerance)
    reason = (f"both sums are within {tolerance:g} of NumPy's" if word == SUPPORTED
              else f"a sum is more than {tolerance:g} away from NumPy's")
    return Verdict(word, reason, ("sum", "numpy_sum"))


# For each decision, made-up records that reach each verdict it can give (tests/test_decisions.py runs them).
OUTCOMES = {
    "{{key}}": {
        SUPPORTED: dict(differences={"pytorch": 1e-6, "tensorflow": 2e-6}, tolerance=1e-3),
        CONTRADICTED: dict(differences={"pytorch": 1e-6, "tensorflow": 0.5}, tolerance=1e-3),
    },
}
