import os
import shutil

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from utils import paths, results
from utils.pipeline import build_book, notebooks, side_by_side, status

pytestmark = pytest.mark.slow(seconds=8)


def test_toc_files_lists_root_chapters_and_sections_in_order():
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text())
    files = build_book.toc_files(toc)
    assert files[0] == "intro" and files[-1] == "status"
    assert files.index("chapters/01-foundations/index") < files.index("chapters/01-foundations/pytorch")


def test_status_page_shows_each_run_and_marks_what_did_not_run(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_BUILD_DIR", str(tmp_path))
    ok, failed, reused, earlier, *rest = [nb.id for nb in notebooks.discover()]
    now, before = "2026-03-02T03:00:00+00:00", "2026-03-01T03:00:00+00:00"
    log = {
        "environment": {"python": "3.11.7", "platform": "Linux", "cpu_count": 2, "packages": {"torch": "2.13.0"}},
        "build": {"started_at": now, "profile": "ci", "forced": False},
        "notebooks": {
            ok: {"status": "ok", "wall_s": 12.5, "runs": 3, "detail": "", "profile": "ci",
                 "finished_at": now, "reused": False, "executed_at": now, "build": now},
            failed: {"status": "failed", "wall_s": 3.0, "detail": "cell 3: ParameterError: bad", "profile": "ci",
                     "finished_at": now, "reused": False, "executed_at": now, "build": now},
            reused: {"status": "ok", "wall_s": 4.0, "detail": "", "profile": "ci",
                     "finished_at": now, "reused": True, "executed_at": before, "build": now},
            earlier: {"status": "ok", "wall_s": 5.0, "detail": "", "profile": "ci",
                      "finished_at": before, "reused": False, "executed_at": before, "build": before},
        },
    }
    results.write_json(tmp_path / "run-log.json", log)
    results.Recorder(ok, framework="pytorch", framework_version="2.13.0", device="cpu", params={}).save()
    page = status.page(tmp_path, missing=rest)

    def row(nb):
        return f'| <span id="{status.anchor(nb)}"></span>[{nb}](chapters/{nb}.ipynb) |'

    assert f"{row(ok)} ok | executed in this build | 3 | 12.5 | ci | cpu | pytorch 2.13.0 |" in page
    assert f"{row(failed)} failed | executed in this build | 1 | 3.0 | ci | - | - |" in page
    assert f"{row(reused)} ok | reused, made 2026-03-01 03:00 UTC | 1 | 4.0 |" in page
    assert f"{row(earlier)} ok | an earlier build, 2026-03-01 03:00 UTC | 1 | 5.0 |" in page
    assert all(f"{row(nb)} not executed | - |" in page for nb in rest)
    assert status.anchor("01-foundations/pytorch") == "status-01-foundations-pytorch"
    assert "cell 3: ParameterError: bad" in page
    assert "| torch | 2.13.0 |" in page and "| CPU cores | 2 |" in page
    assert "## History" in page and "No history yet" in page


def write_pair(folder, pytorch_headings, tensorflow_headings):
    folder.mkdir()
    (folder / "index.md").write_text("# 9 · A chapter\n")
    for fw, headings in (("pytorch", pytorch_headings), ("tensorflow", tensorflow_headings)):
        cells = [new_markdown_cell(f"# {fw}"), new_code_cell("seed = 0", metadata={"tags": ["parameters"]})]
        for heading in headings:
            cells += [new_markdown_cell(f"## {heading}\n\nText."), new_code_cell(f"print({heading!r}, {fw!r})")]
        nbformat.write(new_notebook(cells=cells), folder / f"{fw}.ipynb")


def test_side_by_side_pairs_code_under_shared_headings(tmp_path):
    write_pair(tmp_path / "09-x", ["Setup", "Timing"], ["Setup", "Timing"])
    text = side_by_side.page(tmp_path / "09-x")
    assert text.index("## Parameters") < text.index("## Setup") < text.index("## Timing")
    assert "9 · A chapter" in text


def test_side_by_side_tabs_hold_what_differs_and_fold_what_differs_only_by_the_name(tmp_path):
    """Issue 21: a cell that differs from its counterpart only in the framework's name is shown once, folded,
    after the tabs; the tabs open on the cells that really differ."""
    folder = tmp_path / "09-x"
    folder.mkdir()
    (folder / "index.md").write_text("# 9 · A chapter\n")
    shared = 'rec = Recorder("09-x/{fw}", framework="{fw}")  # {Fw} records'
    for fw, Fw, own in (("pytorch", "PyTorch", "import torch"), ("tensorflow", "TensorFlow", "import tensorflow as tf")):
        cells = [new_markdown_cell(f"# {fw}"), new_markdown_cell("## Setup"), new_code_cell(shared.format(fw=fw, Fw=Fw)),
                 new_code_cell(own)]
        nbformat.write(new_notebook(cells=cells), folder / f"{fw}.ipynb")
    text = side_by_side.page(folder)
    setup = text[text.index("## Setup"):]
    assert setup.index("import torch") < setup.index("import tensorflow as tf") < setup.index(":::{dropdown}")
    assert setup.count("Recorder(") == 1 and 'Recorder("09-x/pytorch", framework="pytorch")  # PyTorch records' in setup
    assert side_by_side.split(["a = 'pytorch_x'"], ["a = 'tensorflow_x'"]) == ([], [], ["a = 'pytorch_x'"])
    # the names swapped (each notebook loading the other's file) is a difference, not the same cell
    assert side_by_side.split(["load('tensorflow')"], ["load('pytorch')"]) == (["load('tensorflow')"], ["load('pytorch')"], [])
    assert side_by_side.split(["x = 1"], ["x = 2"]) == (["x = 1"], ["x = 2"], [])


def test_side_by_side_names_where_a_pair_parts(tmp_path):
    write_pair(tmp_path / "09-x", ["Setup", "Timing"], ["Setup", "Speed"])
    with pytest.raises(ValueError, match="part at heading 3.*Timing.*Speed"):
        side_by_side.page(tmp_path / "09-x")


def test_staging_rewrites_only_what_changed(tmp_path):
    """Sphinx reads again only pages whose files changed: an unchanged page keeps its file as it was."""
    site, staged = tmp_path / "site", tmp_path / "staged"
    for folder, text in ((site, "old"), (staged, "new")):
        (folder / "a").mkdir(parents=True)
        (folder / "a" / "same.md").write_text("same")
        (folder / "a" / "changed.md").write_text(text)
    (site / "gone.md").write_text("left over")
    os.utime(site / "a" / "same.md", (1, 1))
    build_book.sync(staged, site)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.md")) == ["a/changed.md", "a/same.md"]
    assert (site / "a" / "changed.md").read_text() == "new"
    assert (site / "a" / "same.md").stat().st_mtime == 1 and not staged.exists()


def glued_notebook(path, text: str) -> None:
    """A comparison that glued ``text`` under ``verdict``, as myst-nb's glue stores it in an output."""
    output = nbformat.v4.new_output("display_data", data={"application/papermill.record/text/plain": repr(text)},
                                    metadata={"scrapbook": {"name": "verdict", "mime_prefix": "application/papermill.record/"}})
    cell = new_code_cell("glue('verdict', text)", outputs=[output])
    nb = new_notebook(cells=[new_markdown_cell("# Compare"), cell],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, path)


def test_a_page_that_pastes_a_glued_verdict_is_rendered_again_when_its_notebook_changes(tmp_path):
    """Sphinx renders again only what changed; a chapter page depends on the comparison it pastes from."""
    site = tmp_path / "site"
    site.mkdir()
    for name in build_book.BOOK_FILES:
        (shutil.copytree if (paths.ROOT / name).is_dir() else shutil.copy)(paths.ROOT / name, site / name)
    (site / "_static").mkdir()
    # the page that pastes is not the comparison's parent in the table of contents, which Sphinx writes again anyway
    (site / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: page\n  - file: compare\n")
    (site / "index.md").write_text("# A book\n")
    (site / "page.md").write_text("# A chapter\n\n```{glue:any} verdict\n:doc: compare.ipynb\n```\n")
    shown = []
    for verdict in ("supported by the first run", "contradicted by the second run"):
        glued_notebook(site / "compare.ipynb", verdict)
        code, html = build_book.render(site, tmp_path / "out")
        assert code == 0
        shown.append((html / "page.html").read_text())
    assert "supported by the first run" in shown[0]
    assert "contradicted by the second run" in shown[1] and "supported by the first run" not in shown[1]
