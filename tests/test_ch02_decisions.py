"""Chapter 2's decisions beyond reaching each verdict (``tests/test_decisions.py`` does that): a timed mode
that computed something else makes every speed verdict *not testable*, and ``torch.fx``'s graph, which Python
replays operation by operation, never counts as a graph mode. Milliseconds, no framework."""
from __future__ import annotations

import pytest

from utils.chapters import ch02_decisions as decide
from utils.verdicts import CONTRADICTED, NOT_TESTABLE, SUPPORTED

SPEED = ("graph_removes_dispatch", "optimisation_pays", "graph_faster", "performance_negligible")
FX = "PyTorch torch.fx graph"


def records(function: str, verdict: str) -> dict:
    return dict(decide.OUTCOMES[function][verdict])


@pytest.mark.parametrize("function", SPEED)
def test_a_timed_mode_whose_answers_differ_from_eager_makes_every_speed_verdict_not_testable(function):
    for verdict, kwargs in decide.OUTCOMES[function].items():
        unlike = ["TensorFlow, timed_modes_agree", "PyTorch, long_vector_forms_agree"]
        got = getattr(decide, function)(**{**kwargs, "unlike": unlike})
        assert got.word == NOT_TESTABLE, (verdict, got)
        assert "TensorFlow, timed_modes_agree; PyTorch, long_vector_forms_agree" in got.reason
        assert "timed_modes_agree" in got.evidence


def test_the_fx_graph_is_shown_but_never_judged_as_a_graph_mode():
    kwargs = records("graph_removes_dispatch", SUPPORTED)
    assert FX in kwargs["eager_over_graph"] and decide.classify_ratio(kwargs["eager_over_graph"][FX], 1.2) != "faster"
    got = decide.graph_removes_dispatch(**kwargs)
    assert got.word == SUPPORTED  # the fx graph's lack of a gain does not make it *it depends*
    assert "Shown, not judged" in got.reason and FX in got.reason.split("Shown, not judged")[1]
    # counted as a graph mode, the same records would part
    assert decide.graph_removes_dispatch(**{**kwargs, "from_python": ()}).word == "it depends"


def test_graph_faster_does_not_depend_on_the_fx_graph():
    kwargs = records("graph_faster", SUPPORTED)
    assert decide.graph_faster(**kwargs).word == SUPPORTED
    assert decide.graph_faster(**{**kwargs, "from_python": ()}).word == "it depends"


def test_with_only_the_fx_graph_timed_no_graph_verdict_can_be_given():
    fx_only = {FX: decide.OUTCOMES["graph_removes_dispatch"][SUPPORTED]["eager_over_graph"]["TensorFlow tf.function"]}
    got = decide.graph_faster(eager_over_graph={"256 floats": fx_only}, threshold=1.2, ops=200, from_python={FX})
    assert got.word == NOT_TESTABLE and "without Python" in got.reason


def test_an_optimiser_that_cannot_speed_up_the_control_is_not_judged_on_the_chain():
    fast, even = decide._FAST, decide._EVEN
    assert decide.optimiser_pays(chain=fast, control=even, threshold=1.2) == NOT_TESTABLE
    assert decide.optimiser_pays(chain=even, control=fast, threshold=1.2) == CONTRADICTED
    assert decide.optimiser_pays(chain=fast, control=fast, threshold=1.2) == SUPPORTED


def test_the_two_articles_statements_about_tensorflow_come_out_opposite_on_the_same_facts():
    for kwargs in (decide._TF_DEFAULT, decide._TF_GRAPH_FIRST):
        words = {decide.tf_eager_by_default(**kwargs).word, decide.tf_define_and_run(**kwargs).word}
        assert words == {SUPPORTED, CONTRADICTED}


def test_memory_reuse_explains_a_lead_only_when_it_vanishes_with_every_result_kept():
    fast, even = decide._FAST, decide._EVEN
    assert decide.reuse_reading(fast, even, 1.2)[1] is True
    assert decide.reuse_reading(fast, fast, 1.2)[1] is False
    assert decide.reuse_reading(even, even, 1.2) == ("so there was no lead over eager code to explain", False)
