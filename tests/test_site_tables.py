"""The table check of utils.pipeline.site_check (issue 21): a Markdown table whose value carries an
unescaped pipe, as chapter 6's "Every route, both frameworks" once did, is caught in the staged
sources and in what a notebook glued; the kit's own tables (utils.decisions.markdown_table) pass."""
import json

from utils.decisions import markdown_table
from utils.pipeline import site_check

HEADER = ["framework", "route", "target", "result", "works", "the framework's own runtime", "deprecation warnings"]
ROW = ["PyTorch", "state_dict + class", "Python", "max |diff| 0.0e+00, within 1e-05; accuracy 0.9332", "yes", "yes", 0]
# chapter 6's table as it was glued before its cells were escaped: the pipes of "max |diff|" split the value
OLD = ("| " + " | ".join(HEADER) + " |\n| --- | --- | --- | --- | --- | --- | ---: |\n"
       "| " + " | ".join(map(str, ROW)) + " |")


def test_cells_are_split_at_unescaped_pipes_only():
    assert site_check.table_cells(r"| a | b \| c | d |") == [" a ", r" b \| c ", " d "]
    assert site_check.table_cells("| a |  |") == [" a ", "  "]
    assert site_check.table_cells(r"| a \\| b |") == [" a \\\\| b "]  # as markdown-it: a pipe after a backslash is kept


def test_the_old_chapter_6_table_is_caught_and_the_kits_table_passes():
    found = site_check.table_problems(OLD)
    assert len(found) == 1 and "9 cells under a header of 7" in found[0]
    assert site_check.table_problems(markdown_table(HEADER, [ROW], align="llllllr")) == []
    assert site_check.table_problems("text | with a pipe\n\nno table here") == []
    fenced = "```\n" + OLD + "\n```\n"  # a table shown as code is no table of the page
    assert site_check.table_problems(fenced) == [] and len(site_check.table_problems(fenced + "\n" + OLD)) == 1
    no_outer = "a | b\n--- | ---\n1 | 2 | 3\n"  # rows without outer pipes are rows too
    assert len(site_check.table_problems(no_outer)) == 1
    assert site_check.table_problems("a | b\n---\n") == []  # a heading underline, not a delimiter row


def test_a_glued_table_of_a_staged_page_is_checked(tmp_path):
    site = tmp_path / "site"
    (site / "chapters" / "06").mkdir(parents=True)
    (site / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: chapters/06/index\n")
    (site / "intro.md").write_text("# Intro\n")
    (site / "chapters" / "06" / "index.md").write_text("# Deployment\n\n```{glue:any} routes\n:doc: compare.ipynb\n```\n")
    prefix = "application/papermill.record/"

    def notebook(markdown):
        output = {"output_type": "display_data", "metadata": {"scrapbook": {"name": "routes", "mime_prefix": prefix}},
                  "data": {f"{prefix}text/markdown": markdown, f"{prefix}text/plain": markdown}}
        return json.dumps({"cells": [{"cell_type": "code", "source": "", "metadata": {}, "outputs": [output]}]})

    (site / "chapters" / "06" / "compare.ipynb").write_text(notebook(OLD))
    found = site_check.broken_tables(site)
    assert [(p.kind, p.page) for p in found] == [("broken table", "chapters/06/index.html")]
    assert "compare.ipynb::routes" in found[0].detail
    (site / "chapters" / "06" / "compare.ipynb").write_text(notebook(markdown_table(HEADER, [ROW])))
    assert site_check.broken_tables(site) == []
