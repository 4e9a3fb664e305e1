"""The framework-free readers of chapter 4: exceptions and a scripted debugger."""
import pytest

from utils.chapters import ch04_debugging as debugging


def planted(a, b):
    total = len(a) + len(b)
    return a[total]  # the planted bug


def test_marked_line_finds_the_one_marked_line_and_refuses_none_or_two():
    file, line = debugging.marked_line(planted, "the planted bug")
    assert file == planted.__code__.co_filename and line == planted.__code__.co_firstlineno + 2
    with pytest.raises(ValueError, match="found 0"):
        debugging.marked_line(planted, "no such marker")


@pytest.mark.parametrize("message, found", [
    ("shapes 32x16 and 8x4", True), ("got [32, 16]", True), ("got (32,16)", True),
    ("got 132x16", False), ("got 32x160", False), ("got 3.32x16", False), ("nothing here", False),
])
def test_names_shape_reads_the_usual_spellings_of_a_shape(message, found):
    assert debugging.names_shape(message, (32, 16)) is found


def test_error_facts_read_an_exception_as_a_person_would():
    try:
        planted([1], [2])
    except IndexError as err:
        facts = debugging.error_facts(err, planted, "the planted bug", shapes=[(1,)])
    assert facts["error_type"] == "builtins.IndexError"
    assert facts["last_user_frame_is_offending_line"] and facts["last_user_frame_function"] == "planted"
    assert facts["names_both_shapes"] is False and facts["message_names_offending_line"] is False


def test_scripted_breakpoints_stop_where_breakpoint_is_called_and_answer_the_script():
    def forward(x):
        h = x * 2
        breakpoint()
        return h

    with debugging.scripted_breakpoints("p h\ncontinue\n") as stops:
        outputs = [forward(v) for v in (1, 2, 3)]
    assert outputs == [2, 4, 6]
    facts = debugging.breakpoint_facts(stops, forward, prints=0, calls=3)
    assert facts["stops"] == 3 and facts["stops_in_forward"] == 3
    assert facts["first_answer"] == "2"
