"""utils.pipeline.site_check and web/check-site.mjs on a tiny site written here, one defect of
each kind: a broken link, a missing anchor, a page without an icon, a page without the book's
navigation, a glued output that does not show, a missing image and a script that logs an error. The
browser really runs, once with the one the check finds and once with each Chromium of the machine."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx_design

from utils import browser
from utils.pipeline import site_check

pytestmark = pytest.mark.slow(seconds=16)

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16"/></svg>'
DESIGN_TABS = Path(sphinx_design.__file__).parent / "static" / "design-tabs.js"
TOC = """format: jb-book
root: intro
parts:
  - caption: Chapters
    chapters:
      - file: chapters/01-foundations/index
        sections:
          - file: chapters/01-foundations/side-by-side
      - file: chapters/02-philosophies/side-by-side
      - file: scorecard
"""
INDEX_MD = """# Chapter 1

```{glue:any} ch01_verdict
:doc: compare.ipynb
```

```{glue:any} ch01_table
:doc: compare.ipynb
```
"""
TAB_SET = """<div class="sd-tab-set docutils">
<input checked="checked" id="sd-tab-item-{n}" name="sd-tab-set-{n}" type="radio">
<label class="sd-tab-label" data-sync-group="framework" data-sync-id="pytorch" for="sd-tab-item-{n}">PyTorch</label>
<div class="sd-tab-content docutils">torch</div>
<input id="sd-tab-item-{m}" name="sd-tab-set-{n}" type="radio">
<label class="sd-tab-label" data-sync-group="framework" data-sync-id="tensorflow" for="sd-tab-item-{m}">TensorFlow</label>
<div class="sd-tab-content docutils">tensorflow</div>
</div>"""


def page(depth: int, body: str, nav: bool = True, head: str = "", icon: bool = True) -> str:
    up = "../" * depth
    sidebar = (f'<div class="bd-sidebar-primary"><nav class="bd-links bd-docs-nav">'
               f'<a class="reference internal" href="{up}intro.html">Intro</a></nav></div>') if nav else ""
    head = (f'<link rel="icon" href="{up}_static/icon.svg">' if icon else "") + head
    return f"<!DOCTYPE html><html><head>{head}</head><body>{sidebar}<article class='bd-article'>{body}</article></body></html>"


def tabs_page(prefix: str = "sphinx-design-tab-id-", icon: bool = True) -> str:
    script = f'<script data-sd-tabs-storage-prefix="{prefix}" src="../../_static/design-tabs.js"></script>'
    return page(2, TAB_SET.format(n=0, m=1) + TAB_SET.format(n=2, m=3), head=script, icon=icon)


def glued(key: str, html: str) -> dict:
    prefix = "application/papermill.record/"
    return {"output_type": "display_data", "metadata": {"scrapbook": {"name": key, "mime_prefix": prefix}},
            "data": {f"{prefix}text/html": html, f"{prefix}text/plain": html}}


def write(files: dict[Path, str]) -> None:
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def fake_site(root: Path, second_tabs: str) -> tuple[Path, Path]:
    html, site = root / "html", root / "site"
    ch1, ch2 = html / "chapters" / "01-foundations", html / "chapters" / "02-philosophies"
    notebook = {"cells": [{"cell_type": "code", "source": "", "metadata": {}, "outputs": [
        glued("ch01_verdict", "<p><strong>Supported.</strong> Both agree.</p>"),
        glued("ch01_table", "<table><tr><td>never shown</td></tr></table>")]}]}
    write({
        html / "index.html": '<link rel="icon" href="_static/icon.svg">'
                             '<meta http-equiv="Refresh" content="0; url=intro.html" />',
        html / "intro.html": page(0, '<a href="chapters/01-foundations/index.html#verdict">ok</a>'
                                     '<a href="chapters/01-foundations/gone.html">gone</a>'
                                     '<a href="chapters/01-foundations/index.html#nowhere">no anchor</a>'
                                     '<a href="https://example.org/">outside</a><a href="mailto:a@example.org">mail</a>'),
        html / "scorecard.html": page(0, "<p>no navigation</p>", nav=False),
        ch1 / "index.html": page(2, '<section id="verdict"><div class="output text_html"><p><strong>Supported.'
                                    '</strong> Both agree.</p></div></section><img src="figure.png">'
                                    '<img src="https://example.org/logo.png"><script>console.error("boom")</script>'),
        ch1 / "side-by-side.html": tabs_page(icon=False),  # and the site has no favicon.ico
        ch2 / "side-by-side.html": second_tabs,
        html / "_static" / "design-tabs.js": DESIGN_TABS.read_text(),
        html / "_static" / "icon.svg": ICON,
        site / "_toc.yml": TOC,
        site / "chapters" / "01-foundations" / "index.md": INDEX_MD,
        site / "chapters" / "01-foundations" / "compare.ipynb": json.dumps(notebook),
    })
    return html, site


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """The command's run over the fake site: its exit status, its output and the report it kept."""
    html, site = fake_site(tmp_path_factory.mktemp("fake"), tabs_page())
    shots = html.parent / "screenshots"
    done = subprocess.run([sys.executable, "-m", "utils.pipeline.site_check", "--html", str(html), "--site", str(site),
                           "--screenshots", str(shots)], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode != 2, done.stderr
    print(next(line for line in done.stdout.splitlines() if line.startswith("browser: ")))
    return done, json.loads((shots / "report.json").read_text()), html, site


def test_the_command_prints_every_problem_and_exits_1(checked):
    done, report, html, site = checked
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    for problem in site_check.problems(report, html, site):
        assert str(problem) in lines
    assert "note: blocked request outside the site, on 1 page(s): https://example.org/logo.png" in lines
    assert f"browser: {report['browser']['executable']} ({report['browser']['version']})" in lines
    assert "pages checked in" in lines[-1]


def test_console_errors(checked):
    _, report, _, _ = checked
    assert [(p.page, p.detail.split(" (")[0]) for p in site_check.console_errors(report)] == \
        [("chapters/01-foundations/index.html", "boom")]


def chromiums() -> tuple[dict[str, str], list[str]]:
    """The Chromiums of this machine that the check can be given through CHROME_PATH, by name: the one
    @sparticuz/chromium unpacks and Debian's; and why each of those not found is missing."""
    found, missing = {}, []
    unpacked = subprocess.run(
        [shutil.which("node"), "-e",
         "import('@sparticuz/chromium').then(async (m) => console.log(await m.default.executablePath()))"],
        cwd=browser.WEB, capture_output=True, text=True, timeout=300)
    if unpacked.returncode == 0:
        found["@sparticuz/chromium"] = unpacked.stdout.strip()
    else:
        missing.append(f"@sparticuz/chromium (exit {unpacked.returncode}: {unpacked.stderr.strip()[-200:]})")
    if DEBIAN_CHROMIUM.is_file():
        found["Debian's chromium"] = str(DEBIAN_CHROMIUM)
    else:
        missing.append(f"Debian's chromium (no {DEBIAN_CHROMIUM}: apt-get install chromium)")
    return found, missing


def test_every_chromium_gives_the_same_problems(checked, monkeypatch, tmp_path):
    """Debian's chromium asks for a page's icon by itself, the headless shell of @sparticuz/chromium
    never does: the problems must be the same with each, given through CHROME_PATH."""
    _, report, html, site = checked
    want = site_check.problems(report, html, site)
    found, missing = chromiums()
    for name, executable in found.items():
        monkeypatch.setenv("CHROME_PATH", executable)
        other = site_check.run(html, tmp_path / name)
        print(f"{name}: {other['browser']['executable']} ({other['browser']['version']})")
        assert other["browser"]["executable"] == executable
        assert site_check.problems(other, html, site) == want, \
            f"{name} ({executable}) and {report['browser']['executable']} report different problems"
    if len(found) < 2:
        pytest.skip(f"checked {', '.join(found) or 'no Chromium'} against the default run only; "
                    f"missing: {'; '.join(missing)}")


def test_failed_loads_name_the_missing_image_and_not_the_blocked_one(checked):
    _, report, _, _ = checked
    assert site_check.failed_loads(report) == [site_check.Problem(
        "failed load", "chapters/01-foundations/index.html", "image chapters/01-foundations/figure.png: HTTP 404")]
    assert report["pages"]["chapters/01-foundations/index.html"]["external"] == [
        {"url": "https://example.org/logo.png", "type": "image"}]


def test_broken_links_and_missing_anchors_offline_and_in_the_browser(checked):
    _, report, html, _ = checked
    gone = site_check.Problem("broken link", "intro.html",
                              "chapters/01-foundations/gone.html: no file chapters/01-foundations/gone.html")
    anchor = site_check.Problem("missing anchor", "intro.html",
                                "chapters/01-foundations/index.html#nowhere: no id 'nowhere' in chapters/01-foundations/index.html")
    image = site_check.Problem("broken link", "chapters/01-foundations/index.html",
                               "figure.png: no file chapters/01-foundations/figure.png")
    offline, outside = site_check.links(html)
    assert sorted(offline) == sorted([gone, anchor, image])
    assert outside == ["https://example.org/", "https://example.org/logo.png", "mailto:a@example.org"]
    assert sorted(site_check.broken_links(report, html)) == sorted([gone, anchor])


def test_a_page_without_an_icon_when_the_site_has_no_favicon_ico(checked):
    _, _, html, _ = checked
    assert site_check.no_icon(html) == [site_check.Problem(
        "no icon", "chapters/01-foundations/side-by-side.html", "declares no icon, and the site has no favicon.ico")]


def test_an_icon_must_be_a_file_of_the_site(tmp_path):
    write({tmp_path / "favicon.ico": ICON, tmp_path / "_static" / "icon.svg": ICON,
           tmp_path / "none.html": "<p>no icon declared: favicon.ico</p>",
           tmp_path / "declared.html": '<link rel="shortcut icon" href="_static/icon.svg">',
           tmp_path / "empty.html": '<link rel="icon" href="data:,">',
           tmp_path / "gone.html": '<link rel="icon" href="_static/gone.ico">',
           tmp_path / "outside.html": '<link rel="icon" href="https://example.org/favicon.ico">'})
    assert site_check.no_icon(tmp_path) == [
        site_check.Problem("no icon", "empty.html", "data:,: not a file of the site"),
        site_check.Problem("no icon", "gone.html", "_static/gone.ico: not a file of the site"),
        site_check.Problem("no icon", "outside.html", "https://example.org/favicon.ico: not a file of the site")]


def test_a_page_without_the_navigation(checked):
    _, report, _, site = checked
    assert site_check.no_navigation(report, site) == [site_check.Problem(
        "no navigation", "scorecard.html", "no nav.bd-docs-nav with links in .bd-sidebar-primary")]


def test_a_glued_output_that_does_not_show(checked):
    _, report, _, site = checked
    assert site_check.missing_glue(report, site) == [site_check.Problem(
        "missing glue", "chapters/01-foundations/index.html", "compare.ipynb::ch01_table: not shown on the page")]


def test_the_tabs_keep_the_choice_and_every_chapter_page_is_photographed(checked):
    _, report, html, _ = checked
    assert site_check.tabs(report) == []
    assert [s["shown"] for s in report["tabs"]["steps"]] == [["pytorch"] * 2, ["tensorflow"] * 2, ["tensorflow"] * 2]
    shots = html.parent / "screenshots"
    assert sorted(p.name for p in shots.glob("*.png")) == [
        "chapters-01-foundations-index.png", "chapters-01-foundations-side-by-side.png",
        "chapters-02-philosophies-side-by-side.png", "tabs-1-before.png", "tabs-2-chosen.png", "tabs-3-next-chapter.png"]


def test_tabs_that_forget_the_choice_are_reported(tmp_path):
    html, _ = fake_site(tmp_path, tabs_page(prefix=""))  # an empty prefix turns sphinx-design's memory off
    for name in ("intro.html", "scorecard.html", "chapters/01-foundations/index.html"):
        (html / name).unlink()
    assert site_check.tabs(site_check.run(html, tmp_path / "shots")) == [site_check.Problem(
        "tabs", "chapters/02-philosophies/side-by-side.html",
        "want every tab set on tensorflow, shown ['pytorch', 'pytorch'] (tabs-3-next-chapter.png)")]


def test_glue_roles_in_notebooks_with_a_format(tmp_path):
    notebook = tmp_path / "compare.ipynb"
    notebook.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": "Ratio {glue:text}`ratio:.2f`, verdict {glue}`verdict`.", "metadata": {}},
        {"cell_type": "code", "source": "", "metadata": {}, "outputs": [glued("ratio", "1.23456"), glued("verdict", "<b>Yes</b>")]}]}))
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: compare\n")
    refs = site_check.glue_references(tmp_path)["compare.html"]
    assert [(g.key, g.kind, g.spec) for g in refs] == [("ratio", "text", ".2f"), ("verdict", "any", "")]
    assert [site_check.glued_text(g) for g in refs] == ["1.23", "Yes"]


def test_without_node_the_reason_names_node(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(browser.NotRunHere, match="Node"):
        site_check.run(tmp_path, tmp_path / "shots")


def test_without_a_built_site_the_command_says_to_build_it(tmp_path, capsys):
    assert site_check.main(["--html", str(tmp_path), "--site", str(tmp_path), "--screenshots", str(tmp_path)]) == 2
    assert "run `make book` first" in capsys.readouterr().err


def test_a_page_without_a_meta_description_and_a_redirect_that_needs_none(tmp_path):
    write({tmp_path / "described.html": '<meta content="What the page holds" name="description">',
           tmp_path / "empty.html": '<meta name="description" content="  ">',
           tmp_path / "none.html": "<p>no description</p>",
           tmp_path / "index.html": '<meta http-equiv="Refresh" content="0; url=described.html" />'})
    assert site_check.no_description(tmp_path) == [
        site_check.Problem("no description", page, 'no <meta name="description"> with a text') for page in ("empty.html", "none.html")]
