"""The order in which make test's two workers take their units: a chapter that reads the unit handed out
just before it swaps places with the next unit, so its worker does not wait idle (tests/conftest.py)."""
from types import SimpleNamespace

from conftest import REFERENCES, reading_the_chapter_before_goes_later, unit_of


def items(*names, after_references=()):
    return [SimpleNamespace(fspath=REFERENCES / name if name.endswith(".ipynb") else name,
                            get_closest_marker=lambda marker, name=name: marker == "after_references"
                            and name in after_references or None) for name in names]


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


def test_no_swap_puts_a_chapter_behind_a_module_that_reads_every_reference():
    ordered = items("08-convergence/compare.ipynb", "09-choosing/compare.ipynb", "tests/test_scorecard.py",
                    after_references=("tests/test_scorecard.py",))
    needs = {"09-choosing/compare": ("08-convergence/compare",)}
    assert units(reading_the_chapter_before_goes_later(ordered, needs)) == [
        "08-convergence", "09-choosing", "test_scorecard.py"]


def test_the_books_own_order_keeps_every_reader_after_what_it_reads():
    from utils.pipeline import notebooks

    every = notebooks.discover()
    ordered = items(*(f"{nb.id}.ipynb" for nb in every), "tests/test_runner.py", "tests/test_cache.py")
    placed = units(reading_the_chapter_before_goes_later(ordered, {nb.id: nb.needs for nb in every}))
    for nb in every:
        for need in nb.needs:
            assert placed.index(need.rsplit("/", 1)[0]) <= placed.index(nb.id.rsplit("/", 1)[0]), (nb.id, need)
    assert placed.index("09-choosing") > placed.index("test_runner.py")
