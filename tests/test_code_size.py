"""Counting code from its syntax tree (chapter 3's API-style measure)."""
import functools

import numpy as np
import pytest

from utils.code_size import code_size, source_of


class Model:
    """A docstring is not code."""

    def __init__(self):
        self.scale = 2.0

    def forward(self, x):
        # a comment is not code either
        return np.tanh(x) * self.scale


@functools.lru_cache
def train(model, data):
    total = 0.0
    for row in data:
        total += model.forward(row).sum()
    return functools.reduce(lambda a, b: a + b, [total]), data.mean()


def test_lines_statements_and_api_names_are_counted_from_the_syntax_tree():
    size = code_size([Model], {"np"})
    assert size["lines"] == 5  # class, def, assignment, def, return: no docstring, comment or blank line
    assert size["statements"] == 5  # re-printed one statement a line, blank lines not counted
    assert size["api_names"] == ["np.tanh"]


def test_a_decorated_function_is_found_and_our_own_methods_are_not_api():
    lines, node = source_of(train.__wrapped__)
    assert node.name == "train" and lines[node.lineno - 1].startswith("def train")
    size = code_size([train.__wrapped__], {"functools"})
    assert size["api_names"] == [".forward", ".mean", ".sum", "functools.lru_cache", "functools.reduce"]
    assert size["lines"] == 6 and size["statements"] == 6  # the decorator is a line of the definition


def test_a_method_is_an_api_name_unless_the_same_definition_defines_it():
    size = code_size([Model, train.__wrapped__], {"np"})
    assert ".forward" in size["api_names"]  # train calls a method that train itself does not define
    assert code_size([Model], {"np"})["api_names"] == ["np.tanh"]


def test_an_object_without_code_is_refused():
    with pytest.raises(LookupError):
        source_of(type("Empty", (), {}))
