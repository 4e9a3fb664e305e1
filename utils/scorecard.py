"""The scorecard page, written at build time from ``claims.yml`` and the build's result files.

Counts per article come first (its statements tested, by verdict, and those left untested), then each
article's statements, chapter by chapter, then the book's own checks, counted apart, and last the
articles' advice on choosing, each item answered by its claims. Every claim is one item: the verdict
this build computed (or *not run*, and why), the claim, where the article makes it, the comparison's
own account of the deciding numbers, the rule (its decision function's docstring) and a link to the
comparison that decided it.
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


def item(r: Resolved) -> str:
    """One claim as the scorecard lists it: verdict, claim, where it is made, what decided it, the rule, the evidence."""
    c = r.claim
    where = "" if c.ours else f" Article {c.article}, *{cell(c.section)}*."
    return (f"- **{capital(r.verdict)}**: {c.claim} (`{c.key}`).{where} "
            + (f"*What decided it:* {capital(cell(r.reason)).rstrip('.')}. " if r.reason else "")
            + f"*The rule* (`{c.decided_by.rsplit('.', 1)[0].replace('.', '/')}.py`, "
              f"`{c.decided_by.rsplit('.', 1)[1]}`): {cell(c.rule).rstrip('.')}. "
            + (f"*Why no run here can judge it:* {cell(c.untestable_here).rstrip('.')}. " if c.untestable_here else "")
            + f"[Evidence](chapters/{c.notebook}.ipynb).")


def by_chapter(resolved: list[Resolved], level: int) -> list[str]:
    """The claims' items under a heading of ``level`` per chapter, in the book's order."""
    lines, chapter = [], None
    for r in resolved:
        if r.claim.notebook != chapter:
            chapter = r.claim.notebook
            lines += ["", f"{'#' * level} {chapter_title(chapter)}", ""]
        lines.append(item(r))
    return lines


def count_row(name: str, resolved: list[Resolved], *extra) -> str:
    n = counts(resolved)
    return f"| {name} | {len(resolved)} | " + " | ".join(str(n[v]) for v in OUTCOMES) + "".join(f" | {e}" for e in extra) + " |"


def page(registry: Registry, resolved: list[Resolved]) -> str:
    by_id = {r.claim.id: r for r in resolved}
    stated = {a: [r for r in resolved if r.claim.article == a] for a in registry.articles}
    ours = [r for r in resolved if r.claim.ours]
    untested = {a: [u for u in registry.untested if u.article == a] for a in registry.articles}
    header = "| | Tested | " + " | ".join(capital(v) for v in OUTCOMES)
    rule = "| --- | ---: | " + " | ".join("---:" for _ in OUTCOMES)
    lines = [
        "# Scorecard: what the articles claim, and what ran here",
        "",
        f"The two articles make the statements below; this book tests {sum(map(len, stated.values()))} of them, each "
        "with the verdict its chapter's comparison computed in this build, and lists those it leaves untested with the "
        f"reason. Its own {len(ours)} checks, which no article states but on which the comparisons rest (two listings "
        "that compute alike, a seed that draws alike), come after, counted apart. A claim whose notebook failed or was "
        "not executed in this build reads *not run*: no verdict is carried over from an earlier build. Each verdict "
        "comes with what decided it, with its numbers, and the rule: the docstring of the function that decides it.",
        "",
        header + " | Left untested |",
        rule + " | ---: |",
        *[count_row(f"Article {a}", stated[a], len(untested[a])) for a in registry.articles],
        count_row("The book's own checks", ours, "-"),
        "",
        "Articles: " + "; ".join(f"**{k}**: *{cell(title)}*" for k, title in registry.articles.items()) + ".",
    ]
    for a, title in registry.articles.items():
        lines += ["", f"## Article {a}: {title}", "", f"### What article {a} states, tested", *by_chapter(stated[a], 4)]
        if untested[a]:
            lines += ["", f"### What article {a} states, left untested", ""]
            lines += [f"- {cell(u.statement).rstrip('.')} (*{cell(u.section)}*). *Why not here:* {cell(u.why).rstrip('.')}."
                      for u in untested[a]]
    lines += ["", "## The book's own checks", "",
              "Not statements of either article: what the comparisons above rely on, checked in the same runs.",
              *by_chapter(ours, 3)]
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
