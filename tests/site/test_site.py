"""The built site in headless Chromium and offline (utils.pipeline.site_check): one test per kind
of problem, the framework tabs and the screenshots; the browser used and the time it took are printed.

    make check-site        (after make book; BOOK_BUILD_DIR as for the build)
"""
import functools
import time
from pathlib import Path

import pytest

from utils import browser
from utils.pipeline import site_check

PATHS = site_check.build_paths()


@functools.cache
def _checked() -> tuple[dict, float]:
    started = time.perf_counter()
    return site_check.run(PATHS["html"], PATHS["screenshots"]), time.perf_counter() - started


def checked() -> tuple[dict, float]:
    """The browser's report on the built site and the seconds it took, made once per session."""
    html, site = PATHS["html"], PATHS["site"]
    if not (html / "index.html").is_file() or not (site / "_toc.yml").is_file():
        pytest.fail(f"no built site in {html} (staged sources in {site}): run `make book` first", pytrace=False)
    try:
        return _checked()
    except browser.NotRunHere as exc:
        pytest.fail(f"the browser cannot run here: {exc}", pytrace=False)


def report() -> dict:
    return checked()[0]


def none(problems: list[site_check.Problem]) -> None:
    if problems:
        found = sorted(set(problems))
        pytest.fail(f"{len(found)} problem(s):\n" + "\n".join(map(str, found)), pytrace=False)


def of_kind(kind: str, problems: list[site_check.Problem]) -> list[site_check.Problem]:
    return [p for p in problems if p.kind == kind]


def test_the_report_names_its_browser(capsys):
    """Prints the browser that made the report into make check-site's output."""
    used = report()["browser"]
    with capsys.disabled():  # and how long it took: a figure for the log, not a limit a busy machine could miss
        print(f"\nbrowser: {used['executable']} ({used['version']}), {len(report()['pages'])} pages in {checked()[1]:.0f} s")
    assert Path(used["executable"]).is_file() and used["version"]


def test_no_console_errors():
    none(site_check.console_errors(report()))


def test_no_failed_loads():
    none(site_check.failed_loads(report()))


def links() -> list[site_check.Problem]:
    """Offline and as the browser shows the pages."""
    return site_check.broken_links(report(), PATHS["html"]) + site_check.links(PATHS["html"])[0]


def test_no_broken_links():
    none(of_kind("broken link", links()))


def test_no_missing_anchors():
    none(of_kind("missing anchor", links()))


def test_every_page_has_an_icon():
    none(site_check.no_icon(PATHS["html"]))


def test_every_page_has_a_description():
    none(site_check.no_description(PATHS["html"]))


def test_every_book_page_has_the_navigation():
    none(site_check.no_navigation(report(), PATHS["site"]))


def test_every_glue_reference_shows():
    found = site_check.missing_glue(report(), PATHS["site"])
    assert site_check.glue_references(PATHS["site"]), "no glue reference in the staged sources"
    none(found)


def test_every_table_row_matches_its_header():
    none(site_check.broken_tables(PATHS["site"]))


def test_the_framework_tabs_keep_the_choice_from_chapter_1_to_chapter_2():
    none(site_check.tabs(report()))


def test_every_chapter_page_has_a_screenshot():
    chapters = [page for page in site_check.pages(PATHS["html"]) if page.startswith("chapters/")]
    entries = report()["pages"]
    assert chapters and all(entries[page].get("screenshot") for page in chapters)
    shots = [entries[page]["screenshot"] for page in chapters] + [s["screenshot"] for s in report()["tabs"]["steps"]]
    absent = [name for name in shots if not (PATHS["screenshots"] / name).is_file()]
    assert not absent, f"no screenshot {', '.join(absent)} in {PATHS['screenshots']}"

