"""Verdicts as values, and what every comparison needs to show them: framework-free.

A chapter's decisions are plain functions in ``utils/chapters/chNN_decisions.py``, one per claim: each
takes what the pair recorded (already loaded, as plain numbers and lists) and the comparison's
parameters, and returns a :class:`Verdict`, which carries the word, the reason with the numbers that
decided it, and the keys of the records it read. The comparison notebook calls them and keeps its
tables and figures; ``claims.yml`` names the function that decides each claim (``decided_by``) and the
rule the reader is shown is that function's docstring, so the rule in prose and the rule in code are
one text. ``tests/test_decisions.py`` reaches every outcome of every function on small made-up
records, and fails for a claim whose function can reach fewer than two of *supported*,
*contradicted* and *it depends*.
"""
from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from .verdicts import CONTRADICTED, SUPPORTED, VERDICTS


@dataclass(frozen=True)
class Verdict:
    """One claim's verdict: ``word`` is one of :data:`utils.verdicts.VERDICTS`; ``reason`` says what
    decided it, with its numbers; ``evidence`` names the recorded metrics it read."""
    word: str
    reason: str
    evidence: tuple[str, ...] = ()

    def __post_init__(self):
        if self.word not in VERDICTS:
            raise ValueError(f"Verdict: {self.word!r} is not one of {VERDICTS}")
        if not self.reason.strip():
            raise ValueError(f"Verdict {self.word!r}: the reason is empty")

    def line(self, key: str) -> str:
        """The Markdown bullet a chapter shows: ``- **`key`: Supported.** Reason.``"""
        return f"- **`{key}`: {capital(self.word)}.** {capital(self.reason).rstrip('.')}."


def scoped(verdict: Verdict, scope: str) -> Verdict:
    """The same verdict, its reason opened by ``scope``: the device, threads and sizes it was judged at."""
    return Verdict(verdict.word, f"{scope}: {verdict.reason}", verdict.evidence)


def capital(text: str) -> str:
    """``text`` with its first letter in upper case (the rest untouched, unlike ``str.capitalize``)."""
    return text[:1].upper() + text[1:]


def yes(flag) -> str:
    """``yes`` or ``no``, as a table shows a fact that holds or not."""
    return "yes" if flag else "no"


def count_against(**flags) -> str:
    """*supported* when none of the named facts goes against the claim, *contradicted* otherwise
    (each fact that holds counts one against it)."""
    if not flags:
        raise ValueError("count_against: no facts to count")
    return SUPPORTED if not any(flags.values()) else CONTRADICTED


def cell(value) -> str:
    """``value`` as the text of one cell of a Markdown table: on one line, its ``|`` escaped, ``-`` when empty."""
    return " ".join(str(value).split()).replace("|", "\\|") or "-"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence], align: str | None = None) -> str:
    """A Markdown table whose every row has the header's number of cells, each made safe by :func:`cell`.

    ``align``: one letter per column, ``l`` or ``r`` (default all left)."""
    align = align or "l" * len(header)
    if len(align) != len(header) or set(align) - {"l", "r"}:
        raise ValueError(f"markdown_table: align {align!r} must give 'l' or 'r' for each of {len(header)} columns")
    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |"]
    for row in rows:
        row = list(row)
        if len(row) != len(header):
            raise ValueError(f"markdown_table: a row of {len(row)} cells under a header of {len(header)}: {row}")
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return "\n".join(lines)


def bullets(verdicts: Mapping[str, Verdict]) -> str:
    """The verdicts as a chapter shows them, one bullet each, in order."""
    return "\n".join(v.line(key) for key, v in verdicts.items())


def words(verdicts: Mapping[str, Verdict]) -> dict[str, str]:
    """``{key: word}``, as a result file records ``metrics.verdicts``."""
    return {key: v.word for key, v in verdicts.items()}


def reasons(verdicts: Mapping[str, Verdict]) -> dict[str, str]:
    """``{key: reason}``, as a result file records ``metrics.reasons``."""
    return {key: v.reason for key, v in verdicts.items()}


def rule(name: str) -> Callable[..., Verdict]:
    """The decision function that ``claims.yml`` names as ``module.function``; an error names what is missing."""
    module, _, function = name.rpartition(".")
    try:
        found = getattr(importlib.import_module(module), function, None) if module else None
    except ModuleNotFoundError:
        found = None
    if not callable(found):
        raise LookupError(f"{name!r} names no function (expected utils.chapters.chNN_decisions.<function>)")
    return found


def rule_text(name: str) -> str:
    """The rule the reader is shown: the first paragraph of the decision function's docstring, on one line."""
    doc = inspect.getdoc(rule(name)) or ""
    text = " ".join(doc.split("\n\n", 1)[0].split()).replace("``", "`")
    if not text:
        raise LookupError(f"{name}: the decision function has no docstring to show as its rule")
    return text
