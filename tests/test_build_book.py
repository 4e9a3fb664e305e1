import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from utils import build_book, notebooks, paths, results, side_by_side


def test_toc_files_lists_root_chapters_and_sections_in_order():
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text())
    files = build_book.toc_files(toc)
    assert files[0] == "intro" and files[-1] == "status"
    assert files.index("chapters/01-foundations/index") < files.index("chapters/01-foundations/pytorch")


def test_status_page_shows_each_run_and_marks_what_did_not_run(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_BUILD_DIR", str(tmp_path))
    ok, failed, *rest = [nb.id for nb in notebooks.discover()]
    log = {
        "environment": {"python": "3.11.7", "platform": "Linux", "cpu_count": 2, "packages": {"torch": "2.13.0"}},
        "notebooks": {
            ok: {"status": "ok", "wall_s": 12.5, "runs": 3, "detail": "", "profile": "ci"},
            failed: {"status": "failed", "wall_s": 3.0, "detail": "cell 3: ParameterError: bad", "profile": "ci"},
        },
    }
    results.write_json(tmp_path / "run-log.json", log)
    results.Recorder(ok, framework="pytorch", framework_version="2.13.0", device="cpu", params={}).save()
    page = build_book.status_page(tmp_path, missing=rest)
    assert f"| [{ok}](chapters/{ok}.ipynb) | ok | 3 | 12.5 | ci | cpu | pytorch 2.13.0 |" in page
    assert f"| [{failed}](chapters/{failed}.ipynb) | failed | 1 | 3.0 | ci | - | - |" in page
    assert all(f"| [{nb}](chapters/{nb}.ipynb) | not executed |" in page for nb in rest)
    assert "cell 3: ParameterError: bad" in page
    assert "| torch | 2.13.0 |" in page and "| CPU cores | 2 |" in page


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
    assert text.index("print('Timing', 'pytorch')") < text.index("print('Timing', 'tensorflow')")
    assert "9 · A chapter" in text


def test_side_by_side_names_where_a_pair_parts(tmp_path):
    write_pair(tmp_path / "09-x", ["Setup", "Timing"], ["Setup", "Speed"])
    with pytest.raises(ValueError, match="part at heading 3.*Timing.*Speed"):
        side_by_side.page(tmp_path / "09-x")
