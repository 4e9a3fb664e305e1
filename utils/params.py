"""Validation of notebook parameters.

Each notebook states what it accepts next to its parameters cell, for example::

    params = validate(
        {"seed": seed, "epochs": epochs, "device": device},
        seed=Int(min=0), epochs=Int(min=1), device=Choice("auto", "cpu", "cuda"),
    )

A bad value stops the notebook at once with a :class:`ParameterError` that names
the parameter, the value it got and what is allowed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any


class ParameterError(ValueError):
    """A notebook parameter has a value the notebook cannot use."""

    def __init__(self, name: str, value: Any, allowed: str):
        self.name, self.value, self.allowed = name, value, allowed
        super().__init__(f"parameter {name!r} = {value!r} is not allowed: {allowed}")


@dataclass(frozen=True)
class Int:
    min: int | None = None
    max: int | None = None

    def describe(self) -> str:
        return "an integer" + _range(self.min, self.max)

    def check(self, name: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, Integral):
            raise ParameterError(name, value, f"expected {self.describe()}")
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise ParameterError(name, value, f"expected {self.describe()}")
        return int(value)


@dataclass(frozen=True)
class Float:
    min: float | None = None
    max: float | None = None
    positive: bool = False

    def describe(self) -> str:
        text = "a positive number" if self.positive else "a number"
        return text + _range(self.min, self.max)

    def check(self, name: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise ParameterError(name, value, f"expected {self.describe()}")
        bad = (
            (self.positive and value <= 0)
            or (self.min is not None and value < self.min)
            or (self.max is not None and value > self.max)
        )
        if bad:
            raise ParameterError(name, value, f"expected {self.describe()}")
        return float(value)


@dataclass(frozen=True)
class Choice:
    options: tuple[str, ...]

    def __init__(self, *options: str):
        object.__setattr__(self, "options", options)

    def describe(self) -> str:
        return "one of " + ", ".join(repr(o) for o in self.options)

    def check(self, name: str, value: Any) -> str:
        if not isinstance(value, str) or value not in self.options:
            raise ParameterError(name, value, f"expected {self.describe()}")
        return value


@dataclass(frozen=True)
class Bool:
    """``True`` or ``False`` and nothing else (not 0, 1 or the string "True")."""

    def describe(self) -> str:
        return "True or False"

    def check(self, name: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ParameterError(name, value, f"expected {self.describe()}")
        return value


@dataclass(frozen=True)
class IntList:
    """A list of at least two distinct integers within the bounds, e.g. the points of a sweep;
    returned sorted."""
    min: int
    max: int

    def describe(self) -> str:
        return f"a list of at least two distinct integers from {self.min} to {self.max}"

    def check(self, name: str, value: Any) -> list[int]:
        fine = (isinstance(value, list) and len(value) >= 2 and len(set(value)) == len(value)
                and all(isinstance(v, Integral) and not isinstance(v, bool) and self.min <= v <= self.max
                        for v in value))
        if not fine:
            raise ParameterError(name, value, f"expected {self.describe()}")
        return sorted(int(v) for v in value)


@dataclass(frozen=True)
class Subset:
    """A non-empty list of distinct options, e.g. the workloads to run; returned in the order of the options."""
    options: tuple[str, ...]

    def __init__(self, *options: str):
        object.__setattr__(self, "options", options)

    def describe(self) -> str:
        return "a non-empty list of distinct values from " + ", ".join(repr(o) for o in self.options)

    def check(self, name: str, value: Any) -> list[str]:
        fine = (isinstance(value, list) and value and len(set(map(repr, value))) == len(value)
                and all(isinstance(v, str) and v in self.options for v in value))
        if not fine:
            raise ParameterError(name, value, f"expected {self.describe()}")
        return [o for o in self.options if o in value]


def _range(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f" from {lo} to {hi}"
    if lo is not None:
        return f" >= {lo}"
    if hi is not None:
        return f" <= {hi}"
    return ""


def validate(values: dict[str, Any], **rules: Any) -> dict[str, Any]:
    """Check every parameter against its rule and return the cleaned values.

    The parameter names and the rule names must match exactly, so a parameter
    that the notebook forgot to validate is an error too.
    """
    if set(values) != set(rules):
        missing = sorted(set(values) ^ set(rules))
        raise TypeError(f"validate(): parameters and rules do not match: {missing}")
    return {name: rules[name].check(name, values[name]) for name in values}
