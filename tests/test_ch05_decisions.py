"""Chapter 5's decisions beyond their made-up OUTCOMES: the book's runs differ in the modes they time,
and a speed claim is judged in the runs that timed its modes, whatever the other runs lack. Milliseconds,
no framework, no notebook."""
from __future__ import annotations

import pytest

from utils.chapters import ch05_decisions as decide
from utils.verdicts import CONTRADICTED, DEPENDS, NOT_TESTABLE, SUPPORTED

WORKLOADS = ["mlp", "cnn"]
MODES = {"pytorch": ["eager", "compiled"], "tensorflow": ["eager", "graph", "compiled"]}
STEP = {"pytorch": {"eager": 1.0, "compiled": 30.0}, "tensorflow": {"eager": 5.0, "graph": 1.0, "compiled": 2.0}}


def run(fw: str, compiled: bool, first_loss_off: float = 0.0) -> dict:
    """One half's run: the modes it timed, their first losses and their step times (three rounds)."""
    modes = [m for m in MODES[fw] if compiled or m != "compiled"]
    timings = {f"train/{name}/{m}": {"samples_s": [STEP[fw][m]] * 3} for name in WORKLOADS for m in modes}
    first = {name: {m: 2.3 + (first_loss_off if m == "compiled" else 0.0) for m in modes} for name in WORKLOADS}
    if fw == "tensorflow":
        timings.update({f"fit/{name}/{decide.KERAS_FIT}": {"samples_s": [1.0] * 3} for name in WORKLOADS})
    return {"metrics": {"modes": modes, "first_losses": first,
                        **({"fit_differences": {name: {decide.KERAS_FIT: 0.0} for name in WORKLOADS}} if fw == "tensorflow" else {})},
            "timings": timings}


def pair(compiled: bool, **kw) -> dict:
    return {fw: run(fw, compiled, **kw) for fw in ("pytorch", "tensorflow")}


def judge(conditions: dict, alternations: list) -> dict:
    valid, _ = decide.eager_numbers(alternations, WORKLOADS, 1e-4)
    passed = dict.fromkeys(WORKLOADS, True)
    return {claim: getattr(decide, claim)(conditions, WORKLOADS, passed, valid, 1.25)
            for claim in ("xla_fast", "jit_closes_gap", "minimal_difference", "common_use_negligible")}


def test_a_first_run_without_the_compiled_modes_does_not_hide_them_from_the_runs_that_timed_them():
    plain, timed = pair(compiled=False), pair(compiled=True)
    decided = judge({"2 threads": [plain] * 3, "1 thread": [timed] * 3}, [plain, timed])
    assert decided["xla_fast"].word == decided["jit_closes_gap"].word == CONTRADICTED
    assert "mlp, 1 thread" in decided["jit_closes_gap"].reason
    assert "not timed in these runs (mlp, 2 threads; cnn, 2 threads)" in decided["jit_closes_gap"].reason
    # the modes of every condition are judged where both sides ran: the eager and graph steps at both
    assert decided["minimal_difference"].word == SUPPORTED
    assert "mlp, 2 threads" in decided["minimal_difference"].reason and "mlp, 1 thread" in decided["minimal_difference"].reason


def test_a_compiled_mode_is_valid_when_it_computed_eagers_numbers_in_every_run_that_timed_it():
    plain, timed = pair(compiled=False), pair(compiled=True)
    valid, off = decide.eager_numbers([plain, timed], WORKLOADS, 1e-4)
    assert valid["pytorch"]["mlp"] == ["eager", "compiled"] and not off
    valid, off = decide.eager_numbers([plain, timed, pair(compiled=True, first_loss_off=0.1)], WORKLOADS, 1e-4)
    assert "compiled" not in valid["pytorch"]["mlp"] and "PyTorch compiled on mlp" in off


def test_a_mode_that_computed_something_else_is_not_timed_and_contradicts_same_training():
    alternations = [pair(compiled=True, first_loss_off=0.1)]
    decided = judge({"1 thread": alternations}, alternations)
    assert decided["xla_fast"].word == decided["jit_closes_gap"].word == NOT_TESTABLE
    assert "did not compute eager's numbers" in decided["jit_closes_gap"].reason
    _, off = decide.eager_numbers(alternations, WORKLOADS, 1e-4)
    gate = {n: {"early_difference": 0.0, "exact": True, "difference": 0.0, "spread": 0.1, "passes": True} for n in WORKLOADS}
    assert decide.same_training(gate, off, 1e-4).word == CONTRADICTED


def test_the_compiled_step_is_judged_against_eager_pytorch_not_against_tensorflow():
    """jit_closes_gap: a compiled step faster than PyTorch's eager one supports the claim, even where
    TensorFlow is faster still."""
    timed = pair(compiled=True)
    for name in WORKLOADS:
        timed["pytorch"]["timings"][f"train/{name}/compiled"]["samples_s"] = [0.5] * 3
        timed["tensorflow"]["timings"][f"train/{name}/compiled"]["samples_s"] = [0.1] * 3
    assert judge({"1 thread": [timed] * 3}, [timed])["jit_closes_gap"].word == SUPPORTED


def test_negligible_for_common_use_can_depend_on_the_thread_count():
    one, two = pair(compiled=False), pair(compiled=False)
    for name in WORKLOADS:
        two["tensorflow"]["timings"][f"fit/{name}/{decide.KERAS_FIT}"]["samples_s"] = [3.0] * 3
    decided = judge({"1 thread": [one] * 3, "2 threads": [two] * 3}, [one, two])
    assert decided["common_use_negligible"].word == DEPENDS
    assert "at 1 thread, 2 of 2 workloads negligible; at 2 threads, 0 of 2" in decided["common_use_negligible"].reason


def test_a_ratio_between_the_frameworks_from_two_runs_is_not_judged():
    """Issue 20, finding 9: the same step times from two runs per framework decide nothing."""
    one = pair(compiled=False)
    for runs, word in ((2, NOT_TESTABLE), (3, SUPPORTED)):
        decided = judge({"1 thread": [one] * runs}, [one])
        assert decided["minimal_difference"].word == word
        assert decided["common_use_negligible"].word == word
    two = judge({"1 thread": [one] * 2}, [one])
    assert "from 2 run(s), fewer than 3: not judged" in two["minimal_difference"].reason
    speedups = {"pytorch": [1.1, 1.2], "tensorflow": [1.8, 1.9]}
    got = decide.scales_seamlessly(**{**decide.OUTCOMES["scales_seamlessly"][SUPPORTED], "speedups": speedups})
    assert got.word == NOT_TESTABLE and "only 2 run(s) measured the speed-up" in got.reason


def test_speed_is_not_judged_when_the_workers_computed_another_answer():
    """Workers that end away from one worker's weights: the speed verdict is not testable, whatever the
    times and the machine say (formerly a run of the scalability comparison on edited results)."""
    records = {**decide.OUTCOMES["scales_seamlessly"][SUPPORTED], "workers_exact": False}
    got = decide.scales_seamlessly(**records)
    assert got.word == NOT_TESTABLE
    assert "did not train to the 1-worker weights" in got.reason
    exact = decide.data_parallel_exact({"PyTorch, 2 workers vs 1": 0.5}, 1e-6)
    assert exact.word == CONTRADICTED and "beyond" in exact.reason


def curves(early, final, start=2.3):
    """One seed's loss curve: its first three losses ``early`` apart from ``start``, its last ``final``."""
    return [start, start - 0.01 + early, start - 0.02 + early, 2.0 + final]


def test_the_gate_checks_the_first_steps_exactly_and_the_last_against_the_seed_spread():
    """Issue 20, finding 3, with the differences measured on this machine: PyTorch's LSTM with its second bias
    left trainable differed by 3e-4 to 6e-4 within three steps (its bias learnt twice as fast), and about
    3e-3 after 30; the CNN with oneDNN off, the same computation rounded otherwise, by at most 3e-5 within
    three steps and 1e-2 after 30, within the seed-to-seed spread."""
    spread_of = [curves(0.0, 0.0), curves(0.0, 0.3), curves(0.0, 0.6)]  # final losses 2.0, 2.3, 2.6
    quality = {"pytorch": {"lstm": spread_of, "cnn": spread_of},
               "tensorflow": {"lstm": [curves(5e-4, 3e-3), curves(3e-4, 0.3), curves(3e-4, 0.6)],
                              "cnn": [curves(3e-5, 1e-2), curves(2e-5, 0.3), curves(3e-5, 0.6)]}}
    gate = decide.training_gate(quality, ["lstm", "cnn"], 1e-4)
    assert not gate["lstm"]["exact"] and not gate["lstm"]["passes"] and gate["lstm"]["difference"] < gate["lstm"]["spread"]
    assert gate["cnn"]["exact"] and gate["cnn"]["passes"]
    assert abs(gate["lstm"]["early_difference"] - 5e-4) < 1e-9 and gate["cnn"]["spread"] > 0.5
    verdict = decide.same_training(gate, [], 1e-4)
    assert verdict.word == CONTRADICTED and "lstm 5.0e-04 (beyond the tolerance)" in verdict.reason
    far = {fw: {"cnn": [curves(0.0, 0.0), curves(0.0, 0.01), curves(0.0, 0.02)]} for fw in ("pytorch", "tensorflow")}
    far["tensorflow"]["cnn"][0] = curves(0.0, 0.5)  # exact at first, then further apart than the seeds are
    assert not decide.training_gate(far, ["cnn"], 1e-4)["cnn"]["passes"]


def test_the_speed_verdicts_name_where_they_were_judged():
    specs = {"mlp": {"parameters": 50_890, "train_gflop": 0.02}, "large_mlp": {"parameters": 4_200_000, "train_gflop": 1.6},
             "cnn": {"parameters": 61_706, "train_gflop": 2.5}}  # more work per step with fewer parameters
    scope = decide.speed_scope(["2 threads", "1 thread"], specs, 64)
    assert scope == ("judged only at what ran here (2 threads; 1 thread; batch 64; 3 model(s) of 50,890 to 4,200,000 "
                     "trainable parameters and 0.020 to 2.500 GFLOP per training step), not at scale")
    from utils.decisions import scoped
    verdict = scoped(decide.same_training({}, [], 1e-4), scope)
    assert verdict.reason.startswith("judged only at what ran here (2 threads") and verdict.word == SUPPORTED


def test_a_gap_is_laid_on_the_kinds_of_work_the_slower_step_spends_more_on():
    slow = {"convolution": 10.0, "pooling": 2.5, "matrix product": 0.3}
    fast = {"convolution": 3.0, "pooling": 0.5, "matrix product": 0.5, "outside any operation": 1.0}
    found = decide.gap_by_kind(slow, fast, gap=10.0)
    assert [(k, round(d, 6), round(s, 6)) for k, d, s in found] == [("convolution", 7.0, 0.7), ("pooling", 2.0, 0.2)]


def test_a_gap_that_the_profiles_do_not_show_names_no_kind():
    assert decide.gap_by_kind({"convolution": 1.0}, {"convolution": 1.5}, gap=0.2) == []


def test_a_gap_must_be_the_slower_step_less_the_faster():
    with pytest.raises(ValueError, match="gap must be"):
        decide.gap_by_kind({}, {}, gap=-1.0)


def test_a_ratio_within_one_framework_needs_three_runs_however_many_rounds():
    """Issue 20, finding 9: the rounds of one run share its machine; the compilers' claims are judged
    on three runs or more, as the ratios between the frameworks are."""
    timed = pair(compiled=True)
    for name in WORKLOADS:
        timed["pytorch"]["timings"][f"train/{name}/eager"]["samples_s"] = [1.0] * 30
        timed["pytorch"]["timings"][f"train/{name}/compiled"]["samples_s"] = [0.5] * 30
    for runs, word in ((2, NOT_TESTABLE), (3, SUPPORTED)):
        decided = judge({"1 thread": [timed] * runs}, [timed])
        assert decided["jit_closes_gap"].word == word
    assert "2 run(s), fewer than 3 (mlp, 1 thread; cnn, 1 thread)" in judge({"1 thread": [timed] * 2}, [timed])["jit_closes_gap"].reason
