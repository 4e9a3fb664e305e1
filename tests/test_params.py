import pytest

from utils.device import resolve_device
from utils.params import Bool, Choice, Float, Int, IntList, ParameterError, Subset, validate


@pytest.mark.parametrize("rule, value", [
    (Int(min=1), -1),
    (Int(min=1), "abc"),
    (Int(min=1), 2.5),
    (Int(min=1), True),
    (Int(max=10), 11),
    (Float(positive=True), 0.0),
    (Float(positive=True), "0.1"),
    (Float(min=0, max=1), float("nan")),
    (Float(max=1), 1.5),
    (Choice("auto", "cpu", "cuda"), "quantum"),
    (Choice("auto", "cpu", "cuda"), None),
    (IntList(1, 100), [5]),
    (IntList(1, 100), [5, 5]),
    (IntList(1, 100), [5, 101]),
    (IntList(1, 100), [5, 2.0]),
    (IntList(1, 100), [5, True]),
    (IntList(1, 100), "1, 2"),
    (Subset("mlp", "cnn"), []),
    (Subset("mlp", "cnn"), ["mlp", "mlp"]),
    (Subset("mlp", "cnn"), ["rnn"]),
    (Subset("mlp", "cnn"), "mlp"),
])
def test_bad_values_name_the_parameter_and_what_is_allowed(rule, value):
    with pytest.raises(ParameterError) as err:
        validate({"knob": value}, knob=rule)
    message = str(err.value)
    assert "'knob'" in message
    assert repr(value) in message
    assert "expected" in message and rule.describe() in message


def test_good_values_pass_and_are_normalised():
    got = validate(
        {"seed": 0, "lr": 1, "device": "cpu"},
        seed=Int(min=0), lr=Float(positive=True), device=Choice("auto", "cpu"),
    )
    assert got == {"seed": 0, "lr": 1.0, "device": "cpu"}
    assert isinstance(got["lr"], float)


def test_a_subset_comes_back_in_the_order_of_its_options():
    assert validate({"w": ["cnn", "mlp"]}, w=Subset("mlp", "lstm", "cnn")) == {"w": ["mlp", "cnn"]}


def test_a_parameter_without_a_rule_is_an_error():
    with pytest.raises(TypeError, match="extra"):
        validate({"seed": 0, "extra": 1}, seed=Int())


def test_cuda_without_a_gpu_is_refused_by_name():
    with pytest.raises(ParameterError, match="'device'.*no CUDA GPU"):
        resolve_device("cuda", cuda_available=False)


@pytest.mark.parametrize("requested, available, expected", [
    ("auto", False, "cpu"), ("auto", True, "cuda"), ("cpu", True, "cpu"), ("cuda", True, "cuda"),
])
def test_device_resolution(requested, available, expected):
    assert resolve_device(requested, cuda_available=available) == expected


def test_unknown_device_is_refused():
    with pytest.raises(ParameterError, match="one of 'auto', 'cpu', 'cuda'"):
        resolve_device("quantum", cuda_available=True)


@pytest.mark.parametrize("value", [1, 0, "true", None])
def test_bool_accepts_only_true_or_false(value):
    with pytest.raises(ParameterError, match="'flag'.*expected True or False"):
        validate({"flag": value}, flag=Bool())
    assert validate({"flag": False}, flag=Bool()) == {"flag": False}


def test_an_int_list_comes_back_sorted():
    assert validate({"n_ops": [200, 1, 10]}, n_ops=IntList(1, 1000)) == {"n_ops": [1, 10, 200]}
