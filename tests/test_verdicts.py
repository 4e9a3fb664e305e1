import math

import pytest

from utils import verdicts as v


def test_spread_gives_median_extremes_and_quartiles():
    s = v.spread([5.0, 1.0, 3.0, 2.0, 4.0])
    assert (s.median, s.min, s.q1, s.q3, s.max, s.n) == (3.0, 1.0, 2.0, 4.0, 5.0, 5)
    assert s.text() == "3.00× (min 1.00×, IQR 2.00–4.00×, 5 runs)"
    assert v.spread([2.5]).text() == "2.50× (1 run)"
    with pytest.raises(ValueError, match="no values"):
        v.spread([])
    with pytest.raises(ValueError, match="finite"):
        v.spread([1.0, math.nan])


@pytest.mark.parametrize("diffs, tol, verdict", [
    ({"a": 1e-7, "b": 0.0}, 1e-5, v.SUPPORTED),
    ({"a": 1e-7, "b": 2e-5}, 1e-5, v.CONTRADICTED),
    ({"a": math.nan}, 1e-5, v.CONTRADICTED),
    ({"exact": 0.0, "close": 5e-6}, {"exact": 0.0, "close": 1e-5}, v.SUPPORTED),
    ({"exact": 1e-9, "close": 5e-6}, {"exact": 0.0, "close": 1e-5}, v.CONTRADICTED),
])
def test_agreement_within_tolerance(diffs, tol, verdict):
    assert v.agreement(diffs, tol) == verdict


def test_agreement_needs_something_to_judge():
    with pytest.raises(ValueError):
        v.agreement({}, 1e-5)


@pytest.mark.parametrize("ratios, outcome", [
    ([1.5, 1.6, 1.7], v.FASTER),
    ([1.2, 1.3, 1.25], v.FASTER),            # the lower quartile sits on the threshold
    ([0.5, 0.6, 0.55], v.SLOWER),
    ([0.9, 1.0, 1.1], v.SAME),
    ([0.8, 1.0, 1.5, 1.6], v.UNCLEAR),       # the spread straddles the threshold
    ([0.7, 0.9, 1.0], v.UNCLEAR),
])
def test_a_ratio_is_classified_by_its_whole_interquartile_range(ratios, outcome):
    assert v.classify_ratio(ratios, 1.2) == outcome
    assert v.classify_ratio(v.spread(ratios), 1.2) == outcome


@pytest.mark.parametrize("ratios", [[2.0], [2.0, 2.1], [0.5, 0.5], [1.0, 1.0]])
def test_a_ratio_from_fewer_than_three_values_is_unclear(ratios):
    assert len(ratios) < v.MIN_VALUES == 3
    assert v.classify_ratio(ratios, 1.2) == v.UNCLEAR
    assert v.classify_ratio(ratios + ratios[-1:] * (v.MIN_VALUES - len(ratios)), 1.2) != v.UNCLEAR


@pytest.mark.parametrize("ratio, outcome", [(1.2, v.FASTER), (2.0, v.FASTER), (1 / 1.2, v.SLOWER), (0.5, v.SLOWER),
                                            (1.0, v.SAME), (1.19, v.SAME)])
def test_an_exact_count_ratio_needs_no_repeats(ratio, outcome):
    assert v.classify_count_ratio(ratio, 1.2) == outcome


def test_a_threshold_must_be_above_one():
    with pytest.raises(ValueError):
        v.classify_ratio([1.0], 1.0)
    with pytest.raises(ValueError):
        v.classify_count_ratio(1.0, 1.0)


@pytest.mark.parametrize("outcome, expected, verdict", [
    (v.FASTER, v.FASTER, v.SUPPORTED),
    (v.SAME, v.FASTER, v.CONTRADICTED),
    (v.SLOWER, v.FASTER, v.CONTRADICTED),
    (v.SAME, v.SAME, v.SUPPORTED),
    (v.UNCLEAR, v.FASTER, v.NOT_TESTABLE),
    (v.SAME, (v.FASTER, v.SAME), v.SUPPORTED),
    (v.SLOWER, (v.FASTER, v.SAME), v.CONTRADICTED),
    (v.UNCLEAR, (v.FASTER, v.SAME), v.NOT_TESTABLE),
])
def test_a_claim_is_judged_by_the_outcome_it_expects(outcome, expected, verdict):
    assert v.for_expected(outcome, expected) == verdict


@pytest.mark.parametrize("by_setting, verdict", [
    ({"256": v.SUPPORTED, "1e6": v.SUPPORTED}, v.SUPPORTED),
    ({"256": v.CONTRADICTED, "1e6": v.CONTRADICTED}, v.CONTRADICTED),
    ({"256": v.SUPPORTED, "1e6": v.CONTRADICTED}, v.DEPENDS),
    ({"256": v.SUPPORTED, "1e6": v.NOT_TESTABLE}, v.SUPPORTED),
    ({"256": v.NOT_TESTABLE, "1e6": v.NOT_TESTABLE}, v.NOT_TESTABLE),
    ({"256": v.DEPENDS, "1e6": v.SUPPORTED}, v.DEPENDS),
])
def test_a_claim_across_settings_depends_when_they_part(by_setting, verdict):
    assert v.across(by_setting) == verdict


def test_across_refuses_words_that_are_not_verdicts_and_where_names_settings():
    with pytest.raises(ValueError, match="not verdicts"):
        v.across({"a": "faster"})
    assert v.where({"256": v.SUPPORTED, "1e6": v.CONTRADICTED, "1e7": v.SUPPORTED}, v.SUPPORTED) == ["256", "1e7"]


def test_ratios_taken_round_by_round_are_judged_on_three_runs_however_many_rounds():
    """Issue 20, finding 9: the rounds of one run share its machine, so they count as one run."""
    two = v.pooled_rounds([[2.0] * 30, [2.1] * 30])
    three = v.pooled_rounds([[2.0] * 10, [2.1] * 10, [1.9] * 10])
    assert (two.n, two.runs, three.runs) == (60, 2, 3)
    assert v.classify_ratio(two, 1.25) == v.UNCLEAR and v.classify_ratio(three, 1.25) == v.FASTER
    assert two.text().endswith("60 rounds of 2 runs)") and "30 rounds of 3 runs" in three.text()
