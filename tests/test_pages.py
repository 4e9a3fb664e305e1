"""What each notebook page says about its run, added when the site is staged."""
from pathlib import Path

from utils.pipeline import pages
from utils.pipeline.notebooks import Notebook


def notebook(*cells) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# A title"}, *cells]}


def code(source: str, *tags: str) -> dict:
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": source, "outputs": []}


PAIR = Notebook("01-a/pytorch", Path("chapters/01-a/pytorch.ipynb"), {"seed": 0, "repeats": 3})
COMPARE = Notebook("01-a/compare", Path("chapters/01-a/compare.ipynb"), {"seed": 0})


def test_the_note_says_when_with_what_and_links_downloads_and_the_status_row():
    executed = notebook(code("seed = 0\nrepeats = 3", "parameters"),
                        code("# Parameters\nrepeats = 10\n", "injected-parameters"), code("print(1)"))
    entry = {"status": "ok", "profile": "ci", "runs": 3, "reused": False, "executed_at": "2026-12-02T07:00:00+00:00"}
    page = pages.annotate(executed, PAIR, entry, executed=True)
    note = page["cells"][1]["source"]
    assert page["cells"][0]["source"] == "# A title" and len(page["cells"]) == len(executed["cells"]) + 1
    assert "executed on 2026-12-02 07:00 UTC, profile `ci`, the last of 3 runs" in note
    assert "the run set `repeats = 10`;" in note
    assert "{download}`the clean notebook <pytorch.source.ipynb>`" in note and "{download}`this executed one <pytorch.ipynb>`" in note
    assert 'href="../../status.html#status-01-a-pytorch"' in note
    assert not any("hide-input" in c["metadata"].get("tags", []) for c in page["cells"] if c["cell_type"] == "code")
    assert "run-note" not in str(executed)  # the executed notebook itself is left as it was


def test_a_reused_run_gives_the_same_page_and_a_missing_one_says_so():
    """When the outputs were made, not whether this build made them: a reused page is unchanged."""
    made = {"status": "ok", "profile": "full", "reused": False, "executed_at": "2026-11-30T03:00:00+00:00",
            "finished_at": "2026-11-30T03:00:00+00:00"}
    reused = {**made, "reused": True, "finished_at": "2026-12-02T07:00:00+00:00"}
    executed = notebook(code("seed = 0", "parameters"))
    note = pages.annotate(executed, PAIR, reused, executed=True)["cells"][1]["source"]
    assert "executed on 2026-11-30 03:00 UTC" in note and "every parameter has the default" in note
    assert pages.annotate(executed, PAIR, made, executed=True) == pages.annotate(executed, PAIR, reused, executed=True)
    note = pages.annotate(notebook(), PAIR, None, executed=False)["cells"][1]["source"]
    assert note.startswith("**Not executed in this build**") and "this executed one" not in note


def test_a_comparison_opens_with_its_results_and_its_code_one_click_away():
    page = pages.annotate(notebook(code("seed = 0", "parameters"), code("print(2)", "verdict")), COMPARE,
                          {"status": "ok", "executed_at": "2026-12-02T07:00:00+00:00"}, executed=True)
    hidden = [c["metadata"]["tags"] for c in page["cells"] if c["cell_type"] == "code"]
    assert hidden == [["parameters", "hide-input"], ["verdict", "hide-input"]]


def test_notebook_links_in_html_outputs_point_at_pages():
    table = {"output_type": "display_data", "metadata": {}, "data": {
        "text/plain": "[x](../02-b/compare.ipynb)",
        "text/html": '<a href="../02-b/compare.ipynb">x</a> <a href="compare.ipynb#verdicts">y</a> '
                     '<a href="https://example.org/a.ipynb">z</a>'}}
    cell = {**code("show()"), "outputs": [table]}
    page = pages.annotate(notebook(cell), COMPARE, None, executed=True)
    data = page["cells"][2]["outputs"][0]["data"]
    assert data["text/html"] == ('<a href="../02-b/compare.html">x</a> <a href="compare.html#verdicts">y</a> '
                                 '<a href="https://example.org/a.ipynb">z</a>')
    assert data["text/plain"] == "[x](../02-b/compare.ipynb)"


def test_a_chapter_index_ends_with_how_each_notebook_ran():
    log = {"notebooks": {"01-a/pytorch": {"status": "ok", "profile": "full", "reused": True,
                                          "executed_at": "2026-11-30T03:00:00+00:00", "finished_at": "2026-12-02T07:00:00+00:00"},
                         "01-a/compare": {"status": "failed", "detail": "cell 2"}}}
    note = pages.index_note([PAIR, COMPARE], log)
    assert "- [pytorch.ipynb](pytorch.ipynb): executed 2026-11-30 03:00 UTC, profile `full`" in note
    assert "- [compare.ipynb](compare.ipynb): failed" in note and 'href="../../status.html#status-01-a-compare"' in note
