"""The order in which make test's two workers take their units: a chapter that reads the unit handed out
just before it swaps places with the next unit, so its worker does not wait idle (tests/conftest.py)."""
from types import SimpleNamespace

from conftest import REFERENCES, reading_the_chapter_before_goes_later, unit_of


def items(*names):
    return [SimpleNamespace(fspath=REFERENCES / name if name.endswith(".ipynb") else name) for name in names]


def units(ordered):
    return list(dict.fromkeys(unit_of(i).replace("tests/", "") for i in ordered))


UNITS = items("08-convergence/pytorch.ipynb", "08-convergence/compare.ipynb", "09-choosing/pytorch.ipynb",
              "09-choosing/compare.ipynb", "tests/test_runner.py", "tests/test_cache.py")


def test_a_chapter_reading_the_one_before_goes_after_the_next_unit():
    needs = {"09-choosing/compare": ("09-choosing/pytorch", "08-convergence/compare")}
    assert units(reading_the_chapter_before_goes_later(UNITS, needs)) == [
        "08-convergence", "test_runner.py", "09-choosing", "test_cache.py"]


def test_a_chapter_that_reads_nothing_before_it_keeps_its_place():
    needs = {"09-choosing/compare": ("09-choosing/pytorch",)}
    assert units(reading_the_chapter_before_goes_later(UNITS, needs)) == [
        "08-convergence", "09-choosing", "test_runner.py", "test_cache.py"]


def test_no_swap_puts_a_reader_before_what_it_reads():
    three = items("07-ecosystem/compare.ipynb", "08-convergence/compare.ipynb", "09-choosing/compare.ipynb")
    needs = {"08-convergence/compare": ("07-ecosystem/compare",), "09-choosing/compare": ("08-convergence/compare",)}
    assert units(reading_the_chapter_before_goes_later(three, needs)) == ["07-ecosystem", "08-convergence", "09-choosing"]
