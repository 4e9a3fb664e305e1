import yaml

from utils import build_book, notebooks, paths, results


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
            ok: {"status": "ok", "wall_s": 12.5, "detail": "", "profile": "ci"},
            failed: {"status": "failed", "wall_s": 3.0, "detail": "cell 3: ParameterError: bad", "profile": "ci"},
        },
    }
    results.write_json(tmp_path / "run-log.json", log)
    results.Recorder(ok, framework="pytorch", framework_version="2.13.0", device="cpu", params={}).save()
    page = build_book.status_page(tmp_path, missing=rest)
    assert f"| [{ok}](chapters/{ok}.ipynb) | ok | 12.5 | ci | cpu | pytorch 2.13.0 |" in page
    assert f"| [{failed}](chapters/{failed}.ipynb) | failed | 3.0 | ci | - | - |" in page
    assert all(f"| [{nb}](chapters/{nb}.ipynb) | not executed |" in page for nb in rest)
    assert "cell 3: ParameterError: bad" in page
    assert "| torch | 2.13.0 |" in page and "| CPU cores | 2 |" in page
