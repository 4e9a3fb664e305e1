"""Chapters 3 and 4's decision functions beyond the made-up records of ``OUTCOMES``: what each rule
reads, and what it leaves out. Milliseconds, no framework."""
from utils import claims, decisions
from utils.chapters import ch03_decisions as ch03
from utils.chapters import ch04_decisions as ch04
from utils.verdicts import CONTRADICTED, DEPENDS, NOT_TESTABLE, SUPPORTED


def test_the_pytorch_debugging_claims_judge_eager_pytorch_only_and_not_the_message():
    eager = {**ch04.OUTCOMES["pytorch_errors_lead_to_line"][SUPPORTED]["eager"], "names_both_shapes": False}
    assert ch04.pytorch_errors_lead_to_line(eager).word == SUPPORTED  # the article promises the line, not the shapes
    for name in ("pytorch_errors_lead_to_line", "pdb_print_anywhere_pytorch"):
        rule = decisions.rule_text(f"utils.chapters.ch04_decisions.{name}")
        assert rule.startswith("Judged in eager PyTorch only") and "shape" not in rule.split("supported", 1)[0]


def test_eager_tensorflow_is_judged_against_what_eager_pytorch_does():
    both_short = {"probe": {"calls": 5, "stops": 0, "stops_in_forward": 0, "prints": 0},
                  "error": {"last_user_frame_is_offending_line": False}}
    # PyTorch doing no better is no shortfall of TensorFlow's
    assert ch04.tf2_eager_close_to_pytorch(both_short, both_short).word == SUPPORTED
    good = ch04.OUTCOMES["tf2_eager_close_to_pytorch"][SUPPORTED]["pytorch"]
    got = ch04.tf2_eager_close_to_pytorch(good, both_short)
    assert got.word == CONTRADICTED and "falls short with: debugger in forward, print, traceback on the line" in got.reason


def test_the_style_claims_read_the_code_counts_of_the_versions_they_name():
    sizes = ch03._sizes()
    # the real run's counts: Keras fit needs less of everything than the PyTorch loop
    assert ch03.easier_to_learn(sizes, 1.2).word == CONTRADICTED
    assert ch03.keras_competitive(sizes, 1.2).word == SUPPORTED
    assert ch03.more_pythonic(sizes).word == NOT_TESTABLE
    # the GradientTape loop does not enter easier_to_learn or keras_competitive
    longer_tape = {**sizes, ch03.TAPE: ch03._size(200, 200, 100)}
    assert ch03.easier_to_learn(longer_tape, 1.2).word == CONTRADICTED
    assert ch03.keras_competitive(longer_tape, 1.2).word == SUPPORTED
    for name in ("easier_to_learn", "keras_competitive"):
        rule = decisions.rule_text(f"utils.chapters.ch03_decisions.{name}")
        assert "API names" in rule or "API name" in rule


def test_every_claim_of_chapters_3_and_4_is_decided_by_its_chapters_module():
    mine = [c for c in claims.load().claims if c.notebook in ("03-api-style/compare", "04-debugging/compare")]
    assert len(mine) == 26
    for claim in mine:
        module = "ch03_decisions" if claim.notebook.startswith("03") else "ch04_decisions"
        assert claim.decided_by == f"utils.chapters.{module}.{claim.key}", claim.id
