"""Reading what a framework tells a person about a bug: framework-free, for chapter 4.

An exception is read the way a person reads it (:func:`error_facts`: does the message give
both shapes, is the last frame of the reader's own code the line where the bug is?), and
Python's debugger is driven by a script instead of a keyboard (:class:`ScriptedPdb`,
:func:`scripted_breakpoints`), so a notebook can record where it stops without waiting for
input. Nothing here imports a framework.
"""
from __future__ import annotations

import contextlib
import inspect
import io
import os
import pdb
import re
import sys
import sysconfig
import traceback
from pathlib import Path

# Frames in these folders are library code, not the reader's: the standard library, the
# installed packages, and these helpers themselves.
LIBRARY_DIRS = tuple({sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
                     | {str(Path(__file__).resolve().parent)})


def caught(call):
    """The exception that ``call()`` raises; an AssertionError when it raises none (the planted bug must raise)."""
    try:
        call()
    except Exception as exc:  # the planted bug must raise; anything else is a gross error
        return exc
    raise AssertionError("the planted shape bug did not raise")


def marked_line(fn, marker):
    """The file and line number of the one line of ``fn``'s source that carries ``marker``."""
    lines, start = inspect.getsourcelines(fn)
    hits = [start + i for i, text in enumerate(lines) if marker in text]
    if len(hits) != 1:
        raise ValueError(f"{fn.__name__}: expected one line marked {marker!r}, found {len(hits)}")
    return fn.__code__.co_filename, hits[0]


def names_shape(message, shape):
    """Whether ``message`` writes out ``shape``: as 32x16, [32,16], [32, 16] or (32, 16)."""
    body = r"\s*(?:x|X|,)\s*".join(str(d) for d in shape)
    return re.search(r"(?<![\d.])[\[(]?" + body + r"[\])]?(?![\d.])", message) is not None


def user_frames(exc):
    """The frames of the exception's traceback that are neither library code nor generated code."""
    return [f for f in traceback.extract_tb(exc.__traceback__)
            if not f.filename.startswith(LIBRARY_DIRS) and "__autograph_generated_file" not in f.filename]


def error_facts(exc, fn, marker, shapes):
    """What an exception tells about the planted bug on ``fn``'s line marked ``marker``."""
    file, line = marked_line(fn, marker)
    frames = user_frames(exc)
    last = frames[-1] if frames else None
    message = str(exc)
    return {
        "error_type": f"{type(exc).__module__}.{type(exc).__qualname__}",
        "names_both_shapes": all(names_shape(message, s) for s in shapes),
        "last_user_frame_is_offending_line": bool(last and last.filename == file and last.lineno == line),
        "last_user_frame_function": last.name if last else None,
        "message_names_offending_line": bool(re.search(rf"line {line}\b", message)),
        "message_lines": len(message.strip().splitlines()),
    }


class ScriptedPdb(pdb.Pdb):
    """Python's debugger reading a script instead of the keyboard; it notes where it stops."""

    def __init__(self, script, stops):
        self.said = io.StringIO()
        super().__init__(stdin=io.StringIO(script), stdout=self.said)
        self.use_rawinput = False
        self.prompt = "(Pdb) "  # in a notebook pdb.Pdb may be IPython's debugger, whose prompt differs
        self.stops = stops

    def interaction(self, frame, tb):
        stop = {"function": frame.f_code.co_name, "file": frame.f_code.co_filename, "line": frame.f_lineno}
        self.stops.append(stop)
        super().interaction(frame, tb)
        answers = self.said.getvalue().split("(Pdb) ")[1:]  # what pdb printed for each command
        stop["answer"] = answers[0].strip() if answers else ""


@contextlib.contextmanager
def scripted_breakpoints(script):
    """Make ``breakpoint()`` open a ScriptedPdb on its caller; yields the list of stops."""
    stops = []

    def hook(*args, **kwargs):
        ScriptedPdb(script, stops).set_trace(sys._getframe(1))

    saved = sys.breakpointhook
    sys.breakpointhook = hook
    try:
        yield stops
    finally:
        sys.breakpointhook = saved
        sys.settrace(None)


def place(path, notebook_file):
    """Where a stop was, in words that do not change from run to run."""
    if path == notebook_file:
        return "the model's cell"
    if "__autograph_generated_file" in path:
        return "AutoGraph's generated code"
    return os.path.basename(path)


def breakpoint_facts(stops, forward, prints, calls):
    """How often the debugger stopped, whether in the model's own forward, and how often print fired."""
    file = forward.__code__.co_filename
    return {
        "calls": calls,
        "stops": len(stops),
        "stops_in_forward": sum(s["function"] == forward.__name__ and s["file"] == file for s in stops),
        "stopped_in": sorted({f"{place(s['file'], file)}:{s['function']}" for s in stops}),
        "first_answer": stops[0]["answer"] if stops else None,
        "prints": prints,
    }


def show(facts):
    """A dict of facts as aligned lines (the same text on every run)."""
    for key, value in facts.items():
        print(f"  {key:<34} {value}")