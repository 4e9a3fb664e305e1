"""The decision functions of ``utils/chapters/chNN_decisions.py`` on small made-up records: each reaches
every verdict it can give, and the registry check fails for a claim whose function cannot come out
two ways (a typed fact in disguise). Milliseconds, no framework."""
from __future__ import annotations

import importlib
import re
from typing import Callable

import pytest

from utils import claims, decisions
from utils.decisions import Verdict
from utils.verdicts import CONTRADICTED, DEPENDS, NOT_TESTABLE, SUPPORTED

CH01 = "utils.chapters.ch01_decisions."
CH08 = "utils.chapters.ch08_decisions."
JUDGED = {SUPPORTED, CONTRADICTED, DEPENDS}


def outcomes(name: str) -> dict[str, dict]:
    """The made-up records that the decision's module gives for each verdict it can reach (``OUTCOMES``)."""
    module, _, function = name.rpartition(".")
    return getattr(importlib.import_module(module), "OUTCOMES", {}).get(function, {})


DECISIONS = sorted({c.decided_by for c in claims.load().claims if c.decided_by})


def reach_problems(name: str, function: Callable[..., Verdict], examples: dict[str, dict],
                   untestable_here: str | None = None) -> list[str]:
    """What is wrong with a decision function's reach: no records for it, a record that gives another
    verdict than the one it was written for, or fewer than two of supported, contradicted and it
    depends reached. A claim that ``claims.yml`` says no run here can judge (``untestable_here``) must
    reach *not testable here* instead."""
    found = [f"{name}: the example for {expected!r} gives {got!r}"
             for expected, kwargs in examples.items() if (got := function(**kwargs).word) != expected]
    reached = set(examples) & JUDGED
    if untestable_here is not None:
        if NOT_TESTABLE not in examples:
            found.append(f"{name}: claims.yml says no run here can judge it, but no example reaches {NOT_TESTABLE!r}")
    elif len(reached) < 2:
        found.append(f"{name}: reaches {sorted(reached)} of {sorted(JUDGED)}: a verdict that cannot come out "
                     "otherwise is a typed fact")
    return found


@pytest.mark.parametrize("name, expected", [(n, v) for n in DECISIONS for v in outcomes(n)])
def test_each_verdict_of_each_decision_is_reached(name, expected):
    got = decisions.rule(name)(**outcomes(name)[expected])
    assert got.word == expected, got
    assert got.reason.strip() and got.evidence


def test_every_claim_is_decided_by_a_function_that_can_come_out_two_ways():
    registry = claims.load()
    problems = []
    for claim in registry.claims:
        problems += reach_problems(claim.decided_by, decisions.rule(claim.decided_by), outcomes(claim.decided_by),
                                   claim.untestable_here)
    assert not problems, "\n".join(problems)


def test_the_registry_check_catches_a_rule_made_constant():
    name = CH08 + "write_once"

    def constant(**_):
        return Verdict(SUPPORTED, "always")

    assert reach_problems(name, decisions.rule(name), outcomes(name)) == []
    found = reach_problems(name, constant, outcomes(name))
    assert f"{name}: the example for 'contradicted' gives 'supported'" in found
    assert any("a verdict that cannot come out otherwise" in p for p in reach_problems(name, constant, {SUPPORTED: {}}))


def test_a_step_that_does_not_go_downhill_contradicts_the_fundamentals_and_says_so():
    records = {**outcomes(CH01 + "same_fundamentals")[SUPPORTED], "lowered": {"PyTorch": True, "TensorFlow": False}}
    got = decisions.rule(CH01 + "same_fundamentals")(**records)
    assert got.word == CONTRADICTED and "the step did not lower the loss in TensorFlow" in got.reason
    assert got.reason.startswith("0 of 2 checks disagree")


def test_the_rule_shown_is_the_functions_docstring():
    claim = next(c for c in claims.load().claims if c.id == "convergence.write_once")
    assert claim.rule.startswith("Judged at the level of Keras")
    assert "`keras.ops`" in claim.rule and "``" not in claim.rule


@pytest.mark.parametrize("entry, message", [
    ({"rule": "in words", "decided_by": CH08 + "write_once"}, "unknown ['rule']"),
    ({}, "missing ['decided_by']"),
    ({"decided_by": CH08 + "no_such_rule"}, "names no function"),
    ({"decided_by": "utils.chapters.ch99_decisions.rule"}, "names no function"),
])
def test_a_claim_names_one_rule_that_exists(tmp_path, entry, message):
    text = claims.REGISTRY.read_text()
    base = "  - id: convergence.write_once\n"
    start = text.index(base)
    end = text.index("\n\n", start)
    block = text[start:end].splitlines()
    kept = [line for line in block if not line.lstrip().startswith(("rule:", "decided_by:"))]
    kept += [f"    {k}: {v}" for k, v in entry.items()]
    path = tmp_path / "claims.yml"
    path.write_text(text[:start] + "\n".join(kept) + text[end:])
    with pytest.raises(claims.RegistryError, match=re.escape(message)):
        claims.load(path)


def test_a_verdict_refuses_an_unknown_word_and_an_empty_reason():
    with pytest.raises(ValueError, match="is not one of"):
        Verdict("probably", "a reason")
    with pytest.raises(ValueError, match="the reason is empty"):
        Verdict(SUPPORTED, "  ")


def test_markdown_tables_keep_their_shape():
    table = decisions.markdown_table(["route", "max |diff|"], [["TF Lite", "max |diff| 3e-06"], ["ONNX", ""]], align="lr")
    rows = table.splitlines()
    assert rows[1] == "| --- | ---: |"
    assert rows[2] == "| TF Lite | max \\|diff\\| 3e-06 |" and rows[3] == "| ONNX | - |"
    with pytest.raises(ValueError, match="a row of 1 cells under a header of 2"):
        decisions.markdown_table(["a", "b"], [["only one"]])


def test_facts_counted_against_a_claim():
    assert decisions.count_against(raises=False, silent=False) == SUPPORTED
    assert decisions.count_against(raises=False, silent=True) == CONTRADICTED
    with pytest.raises(ValueError, match="no facts"):
        decisions.count_against()
    assert (decisions.yes(1), decisions.yes(False)) == ("yes", "no")


def test_a_claim_no_run_here_can_judge_is_exempt_only_with_its_reason_and_reaching_not_testable():
    name = CH08 + "write_once"

    def never(**_):
        return Verdict(NOT_TESTABLE, "needs a survey of job adverts")

    assert any("a verdict that cannot come out otherwise" in p for p in reach_problems(name, never, {NOT_TESTABLE: {}}))
    assert reach_problems(name, never, {NOT_TESTABLE: {}}, untestable_here="a survey of adverts would") == []
    assert any("no example reaches" in p for p in reach_problems(name, never, {}, untestable_here="a survey would"))
