"""Chapter 7's rule for the articles' deployment names: each API call judged on its own warnings, a name
contradicted only when all its judged calls are deprecated, and *it depends* when they part."""
from utils.chapters import ch07_decisions as decide
from utils.verdicts import CONTRADICTED, DEPENDS, NOT_TESTABLE, SUPPORTED


def call(api, deprecated, successor=None):
    return {"api": api, "deprecated": deprecated, "error": "RuntimeError: no XNNPACK" if deprecated is None else None,
            "evidence": f"{api} is deprecated." if deprecated else "no warning", "successor": successor,
            "successor_module": successor and successor.lower(), "successor_importable": True if successor else None}


def name(label, *calls, testable=True):
    return {"name": label, "in_claim": True, "testable": testable, "reason": "offline", "apis": list(calls)}


TF_LITE = name("TF Lite", call("tf.lite.TFLiteConverter", False), call("tf.lite.Interpreter", True, "LiteRT"))
TORCHSCRIPT = name("TorchScript", call("torch.jit.script", True, "torch.export"))
MOBILE = name("PyTorch Mobile", call("lite interpreter", True, "ExecuTorch"), call("optimize_for_mobile", None))
TORCHSERVE = name("TorchServe", testable=False)


def test_a_name_whose_calls_part_depends_and_the_reason_names_each_call():
    got = decide.ecosystem_names_current([TF_LITE])
    assert got.word == DEPENDS == decide.name_verdict(TF_LITE)
    assert "`tf.lite.TFLiteConverter` ran without a deprecation warning" in got.reason
    assert '`tf.lite.Interpreter` warns "tf.lite.Interpreter is deprecated.", replaced by LiteRT' in got.reason


def test_one_call_s_warning_no_longer_marks_the_other_calls_of_its_name():
    quiet = name("TF Lite", call("tf.lite.TFLiteConverter", False), call("tf.lite.Interpreter", False))
    assert decide.name_verdict(quiet) == SUPPORTED
    assert decide.name_verdict(name("TF Lite", call("a", True, "B"), call("b", True, "B"))) == CONTRADICTED


def test_a_call_that_failed_before_warning_is_left_out_of_its_name():
    assert decide.name_verdict(MOBILE) == CONTRADICTED
    assert decide.name_verdict(name("PyTorch Mobile", call("optimize_for_mobile", None))) == NOT_TESTABLE
    reason = decide.ecosystem_names_current([MOBILE]).reason
    assert "`optimize_for_mobile` stopped with an error and no deprecation warning" in reason and "not judged" in reason


def test_the_names_add_up_over_the_claim_and_leave_out_names_outside_it():
    keras = dict(name("tf.keras", call("tf.keras", False)), in_claim=False)
    got = decide.ecosystem_names_current([TORCHSCRIPT, MOBILE, TORCHSERVE, TF_LITE, keras])
    assert got.word == DEPENDS
    assert "TorchScript (contradicted)" in got.reason and "TF Lite (it depends)" in got.reason
    assert "TorchServe: not testable here (offline)" in got.reason and "tf.keras" not in got.reason
    assert decide.ecosystem_names_current([TORCHSCRIPT, MOBILE, TORCHSERVE]).word == CONTRADICTED
    assert decide.ecosystem_names_current([TORCHSERVE]).word == NOT_TESTABLE
