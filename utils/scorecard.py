"""The scorecard page, written at build time from ``claims.yml`` and the build's result files.

Every claim of the registry is one item, under its chapter: the verdict this build computed (or
*not run*, and why), the claim, where the articles make it, the comparison's own account of the
deciding numbers, and a link to the comparison that decided it. The counts per verdict come first, the articles' advice on
choosing last, each item answered by its claims.
"""
from __future__ import annotations

from typing import Callable

from . import paths
from .claims import OUTCOMES, Registry, Resolved, answer, counts
from .decisions import capital, cell


def chapter_title(notebook: str) -> str:
    index = paths.CHAPTERS / paths.chapter_of(notebook) / "index.md"
    first = index.read_text(encoding="utf-8").splitlines()[0] if index.exists() else notebook
    return first.lstrip("# ").strip()


def page(registry: Registry, resolved: list[Resolved]) -> str:
    n = counts(resolved)
    by_id = {r.claim.id: r for r in resolved}
    lines = [
        "# Scorecard: every claim, with its verdict",
        "",
        f"This page lists the {len(resolved)} testable claims of the two articles that this book examines, from the "
        "registry `claims.yml`, each with the verdict its chapter's comparison computed in this build. A claim whose "
        "notebook failed or was not executed in this build reads *not run*: no verdict is carried over from an "
        "earlier build. After each verdict comes the comparison's own account of what decided it, with its numbers.",
        "",
        "| Verdict | Claims |",
        "| --- | ---: |",
        *[f"| {capital(v)} | {n[v]} |" for v in OUTCOMES],
        "",
        "Articles: " + "; ".join(f"**{k}**: *{cell(title)}*" for k, title in registry.articles.items()) + ".",
        "",
        "## Every claim, chapter by chapter",
    ]
    chapter = None
    for r in resolved:
        c = r.claim
        if c.notebook != chapter:
            chapter = c.notebook
            lines += ["", f"### {chapter_title(chapter)}", ""]
        lines.append(f"- **{capital(r.verdict)}**: {c.claim} (`{c.key}`); article {c.article}, {c.section}. "
                     + (f"*What decided it:* {capital(cell(r.reason)).rstrip('.')}. " if r.reason else "")
                     + (f"*The rule* (`{c.decided_by.rsplit('.', 1)[0].replace('.', '/')}.py`, "
                        f"`{c.decided_by.rsplit('.', 1)[1]}`): {cell(c.rule).rstrip('.')}. " if c.decided_by else "")
                     + f"[Evidence](chapters/{c.notebook}.ipynb).")
    lines += [
        "",
        "## The articles' advice, answered",
        "",
        "Each piece of advice is answered by the claims that test it: the same verdict when they agree, *it depends* "
        "when they do not. A claim marked *against it* counts the other way: where it is supported, the advice is "
        "contradicted. Claims that did not run are left out.",
        "",
        advice_table(registry, by_id, lambda r: f"`{r.claim.key}` {r.verdict}"),
    ]
    return "\n".join(lines) + "\n"


def advice_table(registry: Registry, by_id: dict[str, Resolved], reference: Callable[[Resolved], str]) -> str:
    """The articles' advice, each with its answer and the claims behind it; ``reference`` writes a claim
    as the page needs it (a link is relative to the page)."""
    lines = ["| Advice | Answer | From the claims |", "| --- | --- | --- |"]
    for item in registry.guide:
        basis = [reference(by_id[c]) for c in item.claims] + [f"against it, {reference(by_id[c])}" for c in item.against]
        lines.append(f"| {cell(item.group)}: {cell(item.advice)} | **{capital(answer(item, by_id))}** | {'; '.join(basis)} |")
    return "\n".join(lines)
