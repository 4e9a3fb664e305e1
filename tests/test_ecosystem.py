"""Chapter 7's framework-free helpers: install sizes, dependency closures, import times, tool rows,
the shared pipeline data and the reading of deprecation warnings."""
import importlib.metadata as metadata
import sys

import numpy as np
import pytest

from utils.chapters import ch07_ecosystem as ecosystem


def fake_distribution(tmp_path, requires):
    folder = tmp_path / "fake-1.0.dist-info"
    folder.mkdir()
    (folder / "METADATA").write_text("Metadata-Version: 2.1\nName: fake\nVersion: 1.0\n"
                                     + "".join(f"Requires-Dist: {r}\n" for r in requires))
    return metadata.PathDistribution(folder)


def test_requirements_skip_extras_and_markers_that_do_not_apply(tmp_path):
    dist = fake_distribution(tmp_path, ['Kept_Name>=1', 'only-extra; extra == "gpu"', 'ancient; python_version < "3.0"',
                                        f'here; python_version >= "{sys.version_info.major}.{sys.version_info.minor}"'])
    assert ecosystem.requirements(dist) == ["kept-name", "here"]


def test_closure_follows_requirements_and_adds_up_sizes():
    jinja = ecosystem.closure("Jinja2")
    names = [d["name"] for d in jinja["distributions"]]
    assert jinja["root"] == "jinja2" and {"jinja2", "markupsafe"} <= set(names)
    assert jinja["closure_bytes"] == sum(d["bytes"] for d in jinja["distributions"]) > jinja["own_bytes"] > 0
    assert [d["bytes"] for d in jinja["distributions"]] == sorted((d["bytes"] for d in jinja["distributions"]), reverse=True)
    alone = ecosystem.closure("packaging")
    assert [d["name"] for d in alone["distributions"]] == ["packaging"] and alone["missing"] == []


def test_closure_of_a_missing_distribution_raises():
    with pytest.raises(metadata.PackageNotFoundError):
        ecosystem.closure("no-such-distribution-here")


def test_import_times_counts_only_the_timed_processes_and_fails_loudly():
    samples = ecosystem.import_times("json", 2, warmup=1)
    assert len(samples) == 2 and all(s > 0 for s in samples)
    with pytest.raises(RuntimeError, match="no_such_module_here"):
        ecosystem.import_times("no_such_module_here", 1, warmup=0)
    with pytest.raises(ValueError):
        ecosystem.import_times("json; import os", 1)


def test_tool_rows_say_what_is_importable_and_who_ships_it():
    rows = ecosystem.tool_rows([
        {"tool": "own", "category": "c", "module": "jinja2"},
        {"tool": "dependency", "category": "c", "module": "markupsafe"},
        {"tool": "outside", "category": "c", "module": "packaging"},
        {"tool": "absent", "category": "c", "module": "no_such_module_here", "command": "no-such-command-here"},
        {"tool": "lacking", "category": "c", "module": "jinja2", "needs": ["no-such-distribution-here"]},
    ], "jinja2")
    own, dep, outside, absent, lacking = rows
    assert own["importable"] and own["in_closure"] and ecosystem.provider_text(own, "jinja2") == "jinja2 (its own wheel)"
    assert dep["in_closure"] and "a dependency of jinja2" in ecosystem.provider_text(dep, "jinja2")
    assert outside["importable"] and not outside["in_closure"]
    assert "a separate install" in ecosystem.provider_text(outside, "jinja2")
    assert not absent["importable"] and absent["on_path"] is False
    assert ecosystem.provider_text(absent, "jinja2") == "not installed"
    assert lacking["found"] and not lacking["importable"] and lacking["lacking"] == ["no-such-distribution-here"]


def test_pipeline_data_is_the_seed_s_and_the_expected_batches_cover_every_row():
    x, y = ecosystem.pipeline_data(3, 10, 5)
    x2, y2 = ecosystem.pipeline_data(3, 10, 5)
    assert x.dtype == np.float32 and y.dtype == np.int64 and x.shape == (10, 5)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    assert not np.array_equal(x, ecosystem.pipeline_data(4, 10, 5)[0])
    expected = ecosystem.pipeline_expected(x, y, 4)
    assert expected["batches"] == ecosystem.batch_count(10, 4) == 3
    assert expected["first"]["rows"] == 4 and expected["last"]["rows"] == 2
    assert expected["last"]["x_sum"] == float(x[8:].astype(np.float64).sum())
    assert ecosystem.batch_count(8, 4) == 2


def test_a_call_is_deprecated_only_when_its_own_warning_names_its_api():
    jit = "`torch.jit.script` is deprecated. Please switch to `torch.compile` or `torch.export`."
    other = "The `foo` argument is deprecated."
    assert ecosystem.says_deprecated(jit, "torch.jit") and not ecosystem.says_deprecated(other, "torch.jit")
    assert ecosystem.deprecation_evidence([other, jit], "torch.jit") == "`torch.jit.script` is deprecated."
    assert ecosystem.deprecation_evidence([other], "torch.jit") is None
    row = ecosystem.api_row("torch.jit.script", "torch.jit.script(m)", [other, jit], None, "torch.export", "json", True)
    assert row["deprecated"] is True and row["successor_named"] and row["successor_importable"] and row["successor_ran"]
    assert "replaced by torch.export" in ecosystem.api_text(row)
    quiet = ecosystem.api_row("x.api", "x.api()", [other])
    assert quiet["deprecated"] is False and quiet["evidence"] == "The `foo` argument is deprecated."
    assert quiet["successor"] is None and quiet["successor_importable"] is None and quiet["successor_named"] is None
    assert ecosystem.api_text(quiet) == "deprecated by its own call: no; 1 other warning(s)"
    missing = ecosystem.api_row("x.api", "x.api()", [], None, "Y", "no_such_module_here")
    assert missing["evidence"] == "no warning" and missing["successor_importable"] is False


def test_a_failed_call_is_unjudged_unless_it_warned_first():
    failed = ecosystem.api_row("optimize_for_mobile", "optimize_for_mobile(m)", [], "optimize_for_mobile: RuntimeError: no")
    assert failed["deprecated"] is None and ecosystem.api_text(failed).startswith("not judged")
    warned = ecosystem.api_row("lite interpreter", "save", ["Lite Interpreter is deprecated. Use ExecuTorch."], "load: Error")
    assert warned["deprecated"] is True and warned["successor_named"] is None


def test_a_name_keeps_each_call_s_record_apart():
    """The old rule pooled a name's warnings, so one call's warning marked them all: now each call keeps its own."""
    converter = ecosystem.api_row("tf.lite.TFLiteConverter", "convert()", [])
    interpreter = ecosystem.api_row("tf.lite.Interpreter", "Interpreter()", [
        "Warning: tf.lite.Interpreter is deprecated and is scheduled for deletion. Please use the LiteRT interpreter "
        "from the ai_edge_litert package."], None, "LiteRT", "json", None)
    row = ecosystem.name_row("TF Lite", [converter, interpreter])
    assert [a["deprecated"] for a in row["apis"]] == [False, True]
    assert interpreter["successor_named"] and "same output from the same model: not tried" in ecosystem.api_text(interpreter)
    lines = ecosystem.name_lines([row, ecosystem.untestable_name("TorchServe", "offline", "no_such_module_here")])
    assert len(lines) == 5 and lines[0].startswith("TF Lite") and "deprecated by its own call: no" in lines[0]
    assert "said: Warning: tf.lite.Interpreter is deprecated" in lines[3]
    assert lines[4].startswith("TorchServe") and "(installed here: no)" in lines[4]


def test_the_builds_compared_say_whether_they_are_alike():
    cpu = {"distribution": "torch", "version": "2.0+cpu", "cuda": False}
    tf_cpu = {"distribution": "tensorflow-cpu", "version": "2.0", "cuda": False}
    tf_gpu = {"distribution": "tensorflow", "version": "2.0", "cuda": True}
    assert ecosystem.build_text(cpu) == "torch 2.0+cpu, a CPU-only build"
    assert "like against like" in ecosystem.builds_compared(cpu, tf_cpu)
    assert "unlike builds" in ecosystem.builds_compared(cpu, tf_gpu)
    assert "both with CUDA kernels" in ecosystem.builds_compared(dict(cpu, cuda=True), tf_gpu)


def test_first_sentence_and_error_summary_keep_one_useful_sentence():
    assert ecosystem.first_sentence("  Warning: tf.lite.Interpreter is deprecated\n  in TF 2.20. See the guide.") == \
        "Warning: tf.lite.Interpreter is deprecated in TF 2.20."
    error = RuntimeError('false INTERNAL ASSERT FAILED at "x.cpp":5, please report a bug to PyTorch. '
                         "Mobile optimization only available with XNNPACK at the moment. More.")
    assert ecosystem.error_summary(error) == "RuntimeError: Mobile optimization only available with XNNPACK at the moment."
    assert ecosystem.error_summary(ValueError("plain")) == "ValueError: plain"


def test_a_deprecation_logged_by_a_library_is_caught_like_a_warning(capsys):
    """TensorFlow's deprecation decorator logs through its logger; the notebook has set that logger to ERROR."""
    import logging
    tf_logger = logging.getLogger("tensorflow")
    before = (tf_logger.level, list(tf_logger.handlers), tf_logger.propagate)
    tf_logger.setLevel(logging.ERROR)
    try:
        def deprecated_call():
            tf_logger.warning("From x.py:1: old_api (from tf.compat) is deprecated and will be removed.")
            logging.getLogger("tensorflow").info("not a warning")
            return 7
        result, messages = ecosystem.caught(deprecated_call)
        assert result == 7
        assert messages == ["From x.py:1: old_api (from tf.compat) is deprecated and will be removed."]
        assert ecosystem.says_deprecated(messages[0], "old_api")
        assert tf_logger.level == logging.ERROR and capsys.readouterr().err == ""
    finally:
        tf_logger.setLevel(before[0])
        tf_logger.handlers, tf_logger.propagate = before[1], before[2]
