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


def test_a_name_is_deprecated_only_when_a_warning_names_its_own_api():
    jit = "`torch.jit.script` is deprecated. Please switch to `torch.compile` or `torch.export`."
    other = "The `foo` argument is deprecated."
    assert ecosystem.says_deprecated(jit, "torch.jit") and not ecosystem.says_deprecated(other, "torch.jit")
    assert ecosystem.deprecation_evidence([other, jit], "torch.jit") == "`torch.jit.script` is deprecated."
    assert ecosystem.deprecation_evidence([other], "torch.jit") is None
    row = ecosystem.name_row("TorchScript", "torch.jit", "torch.export", "json", [other, jit])
    assert row["deprecated"] and row["successor_named"] and row["successor_importable"]
    quiet = ecosystem.name_row("X", "x.api", "Y", "no_such_module_here", [])
    assert not quiet["deprecated"] and quiet["evidence"] == "no warning" and not quiet["successor_importable"]


def test_first_sentence_and_error_summary_keep_one_useful_sentence():
    assert ecosystem.first_sentence("  Warning: tf.lite.Interpreter is deprecated\n  in TF 2.20. See the guide.") == \
        "Warning: tf.lite.Interpreter is deprecated in TF 2.20."
    error = RuntimeError('false INTERNAL ASSERT FAILED at "x.cpp":5, please report a bug to PyTorch. '
                         "Mobile optimization only available with XNNPACK at the moment. More.")
    assert ecosystem.error_summary(error) == "RuntimeError: Mobile optimization only available with XNNPACK at the moment."
    assert ecosystem.error_summary(ValueError("plain")) == "ValueError: plain"
