"""The shared reading of a pair's runs (utils/measured.py) on made-up runs."""
import pytest

from utils.measured import Runs, curve_gap, max_gap


def run(**timings):
    return {"timings": {k: {"samples_s": v} for k, v in timings.items()}, "metrics": {"size": len(timings)}}


RUNS = Runs([{"pytorch": run(step=[1.0, 3.0], eager=[2.0, 6.0]), "tensorflow": run(step=[2.0, 2.0], eager=[4.0, 4.0])},
             {"pytorch": run(step=[2.0, 2.0], eager=[8.0, 8.0]), "tensorflow": run(step=[5.0, 7.0], eager=[6.0, 7.0])}])


def test_samples_medians_and_spreads():
    assert RUNS.samples("pytorch", "step") == [1.0, 3.0, 2.0, 2.0]
    assert RUNS.samples("tensorflow", "step", run=0) == [2.0, 2.0]
    assert RUNS.pooled("pytorch", "step").median == 2.0 and RUNS.pooled("pytorch", "step").n == 4
    assert RUNS.median("tensorflow", "step") == 6.0 and RUNS.median("tensorflow", "step", run=0) == 2.0
    assert RUNS.per_run("pytorch", lambda r: r["metrics"]["size"]).median == 2
    assert len(RUNS) == 2 and RUNS.latest["tensorflow"]["timings"]["step"]["samples_s"] == [5.0, 7.0]


def test_ratios_run_by_run_and_round_by_round():
    between = RUNS.between(lambda r: sum(r["timings"]["step"]["samples_s"]))
    assert (between.min, between.max, between.n) == (1.0, 3.0, 2)
    rounds = RUNS.rounds("pytorch", "eager", "step")
    assert sorted([rounds.min, rounds.max]) == [2.0, 4.0] and rounds.n == 4


def test_gaps():
    assert max_gap([[1.0, 2.0]], [[1.5, 2.0]]) == 0.5
    assert curve_gap([1.1, 2.0], [1.0, 2.0]) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="shapes"):
        max_gap([1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="curves of 1 and 2 points"):
        curve_gap([1.0], [1.0, 2.0])


def test_runs_need_both_halves():
    with pytest.raises(ValueError, match="no runs"):
        Runs([])
    with pytest.raises(ValueError, match="do not hold both halves"):
        Runs([{"pytorch": run()}])
