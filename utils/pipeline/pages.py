"""What each notebook's page says about its own run, added when the site is staged.

Below the title of every notebook page goes a note: when the run that made its outputs was executed
(whether this build executed it or reused it is the status page's to say, so a reused page is the
same page, byte for byte), with which profile and which parameters the run set, links to
download the clean notebook and the executed one, and its row on the status page. The code cells
of a comparison are collapsed (``hide-input``): its page opens with tables, figures and verdicts.
Links to notebooks inside HTML outputs (a glued table's links), which Sphinx leaves as they are,
are pointed at the pages the site makes of those notebooks. Each chapter's index page ends with how its notebooks ran, each with its status row. The source
notebooks are never changed.
"""
from __future__ import annotations

import copy
import re

from . import status
from .history import when
from .notebooks import Notebook

INJECTED = "injected-parameters"
HIDE = "hide-input"
SOURCE_SUFFIX = ".source.ipynb"
# A relative link to a notebook in an HTML output: href="../08-convergence/compare.ipynb#part"
NOTEBOOK_HREF = re.compile(r'href="(?![a-z]+:|/)([^"#]*)\.ipynb(#[^"]*)?"')


def set_parameters(nb: dict) -> str:
    """The assignments papermill injected, as one line of code spans; '' when it injected none."""
    cells = [c for c in nb["cells"] if INJECTED in c.get("metadata", {}).get("tags", [])]
    lines = [line for c in cells for line in "".join(c["source"]).splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return ", ".join(f"`{line.strip()}`" for line in lines)


def run_note(nb: Notebook, notebook: dict, entry: dict | None, executed: bool) -> str:
    name = nb.path.name
    row = f'<a href="{to_root(nb)}status.html#{status.anchor(nb.id)}">its row on the status page</a>'
    downloads = (f"Download {{download}}`the clean notebook <{nb.path.stem}{SOURCE_SUFFIX}>`"
                 + (f" or {{download}}`this executed one <{name}>`" if executed else "") + f"; see {row}.")
    if not executed or entry is None:
        return f"**Not executed in this build**: the page shows the notebook without outputs. {downloads}"
    how = f"executed on {when(entry.get('executed_at') or entry['finished_at'])}"
    given = set_parameters(notebook)
    parameters = (f"the run set {given}; every other parameter has the default of the parameters cell"
                  if given else "every parameter has the default of the parameters cell")
    runs = f", the last of {entry['runs']} runs in turns with its pair" if entry.get("runs", 1) > 1 else ""
    return (f"**How this page was run:** {how}, profile `{entry.get('profile', '?')}`{runs}; {parameters}. "
            f"{downloads}")


def to_root(nb: Notebook) -> str:
    """The relative way from a notebook's page up to the site's root: ``../../`` for a chapter's."""
    return "../" * (nb.id.count("/") + 1)


def index_note(notebooks: list[Notebook], log: dict) -> str:
    """The closing section of a chapter's index page: how each of its notebooks ran in this build."""
    lines = ["", "## How these numbers were made", "",
             "Each notebook's page says with which parameters it ran and links its downloads.", ""]
    for nb in notebooks:
        entry = log.get("notebooks", {}).get(nb.id)
        if entry is None:
            ran = "not executed in this build"
        elif entry["status"] != "ok":
            ran = entry["status"]
        else:
            ran = f"executed {when(entry.get('executed_at') or entry['finished_at'])}, profile `{entry.get('profile', '?')}`"
        lines.append(f"- [{nb.path.name}]({nb.path.name}): {ran} "
                     f'(<a href="{to_root(nb)}status.html#{status.anchor(nb.id)}">status</a>)')
    return "\n".join(lines) + "\n"


def site_links(html: str) -> str:
    return NOTEBOOK_HREF.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', html)


def annotate(notebook: dict, nb: Notebook, entry: dict | None, executed: bool) -> dict:
    """A copy of the notebook with its run note after the title, a comparison's code collapsed, and
    the notebook links of its HTML outputs pointed at pages."""
    page = copy.deepcopy(notebook)
    for cell in page["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in [m for m in data if m.endswith("text/html")]:
                html = "".join(data[mime]) if isinstance(data[mime], list) else data[mime]
                data[mime] = site_links(html)
    note = {"cell_type": "markdown", "metadata": {"tags": ["run-note"]},
            "source": run_note(nb, notebook, entry, executed)}
    if page.get("nbformat_minor", 0) >= 5:
        note["id"] = "run-note"
    page["cells"].insert(1, note)
    if nb.path.stem == "compare":
        for cell in page["cells"]:
            tags = cell.setdefault("metadata", {}).setdefault("tags", [])
            if cell["cell_type"] == "code" and HIDE not in tags:
                tags.append(HIDE)
    return page
