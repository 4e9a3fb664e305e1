import numpy as np
import pytest

from utils import reference


def test_checker_records_each_result_and_a_disagreement_without_stopping(capsys):
    check = reference.Checker("PyTorch", tolerance=1e-6)
    check("exact", [1.0, 2.0], [1.0, 2.0], fingerprint=[3.0], tol=0.0)
    check("close", [1.0], [1.0 + 5e-7], fingerprint=reference.norm_and_head([3.0, 4.0]))
    assert [r["name"] for r in check.rows] == ["exact", "close"]
    assert check.rows[0]["exact"] and not check.rows[1]["exact"]
    assert check.rows[1]["fingerprint"] == [5.0, 3.0, 4.0]
    assert "close                    matches NumPy (within 1e-06)" in capsys.readouterr().out
    assert check("far", [1.0], [1.001], fingerprint=[1.0]) is False
    assert check.rows[-1]["passed"] is False and check.rows[-1]["max_abs_diff"] == pytest.approx(1e-3)
    assert "far                      DIFFERS from NumPy by 1.000e-03, not within 1e-06" in capsys.readouterr().out


@pytest.mark.parametrize("got, message", [
    ([1.0, 2.0, 3.0], r"shape \(3,\), NumPy \(2,\)"),
    ([1.0, float("nan")], "NaN or infinite"),
    ([1.0, float("inf")], "NaN or infinite"),
])
def test_checker_stops_only_at_a_gross_error(got, message):
    check = reference.Checker("TensorFlow", tolerance=1e-6)
    with pytest.raises(reference.GrossError, match=message):
        check("broken", got, [1.0, 2.0], fingerprint=[0.0])
    assert check.rows == []


def test_branch_and_halve_doubles_or_negates_then_halves_below_one():
    y, halvings = reference.branch_and_halve(np.array([1.0, 3.0], dtype=np.float32))
    assert halvings == 3 and np.allclose(y, [0.25, 0.75])
    y, halvings = reference.branch_and_halve([-2.0, 0.5])
    assert halvings == 1 and np.allclose(y, [1.0, -0.25])
