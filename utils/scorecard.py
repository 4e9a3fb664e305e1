"""The scorecard page, written at build time from ``claims.yml`` and the build's result files.

It answers first: a figure of the verdicts per article and per chapter (:func:`figure`), the counts per
article, and a table with one line per claim (its verdict, its chapter, its evidence). The full
account follows, each claim folded under its verdict and claim, one click away: where the article
makes it, the comparison's own account of the deciding numbers and the rule (its decision function's
docstring). Then the statements left untested, the book's own checks, counted apart, and the
articles' advice on choosing, each item answered by its claims.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from . import paths
from .claims import OUTCOMES, Registry, Resolved, answer, counts
from .decisions import capital, cell


def chapter_title(notebook: str) -> str:
    index = paths.CHAPTERS / paths.chapter_of(notebook) / "index.md"
    first = index.read_text(encoding="utf-8").splitlines()[0] if index.exists() else notebook
    return first.lstrip("# ").strip()


VERDICT_COLORS = {"supported": "#15803d", "contradicted": "#b91c1c", "it depends": "#a16207",
                  "not testable here": "#6b7280", "not run": "#d1d5db"}
FIGURE = "_static/scorecard-verdicts.svg"


def chapter_number(notebook: str) -> str:
    return paths.chapter_of(notebook).split("-", 1)[0].lstrip("0")


def item(r: Resolved) -> str:
    """One claim folded under its verdict and claim: where it is made, what decided it, the rule, the evidence."""
    c = r.claim
    where = "" if c.ours else f"Article {c.article}, *{cell(c.section)}*. "
    return "\n".join([
        f":::{{dropdown}} **{capital(r.verdict)}**: {cell(c.claim)} (`{c.key}`)",
        where + (f"*What decided it:* {capital(cell(r.reason)).rstrip('.')}. " if r.reason else "")
        + f"*The rule* (`{c.decided_by.rsplit('.', 1)[0].replace('.', '/')}.py`, "
          f"`{c.decided_by.rsplit('.', 1)[1]}`): {cell(c.rule).rstrip('.')}. "
        + (f"*Why no run here can judge it:* {cell(c.untestable_here).rstrip('.')}. " if c.untestable_here else "")
        + f"[Evidence](chapters/{c.notebook}.ipynb).",
        ":::",
        ""])


def by_chapter(resolved: list[Resolved], level: int) -> list[str]:
    """The claims' folded items under a heading of ``level`` per chapter, in the book's order."""
    lines, chapter = [], None
    for r in resolved:
        if r.claim.notebook != chapter:
            chapter = r.claim.notebook
            lines += ["", f"{'#' * level} {chapter_title(chapter)}", ""]
        lines.append(item(r))
    return lines


def glance(resolved: list[Resolved]) -> str:
    """One line per claim: its chapter, the claim, who states it, its verdict and its evidence."""
    rows = ["| Chapter | Claim | Stated by | Verdict | Evidence |", "| ---: | --- | --- | --- | --- |"]
    for r in resolved:
        c = r.claim
        rows.append(f"| {chapter_number(c.notebook)} | {cell(c.claim)} (`{c.key}`) | {'this book' if c.ours else f'article {c.article}'} "
                    f"| **{capital(r.verdict)}** | [{paths.chapter_of(c.notebook)}](chapters/{c.notebook}.ipynb) |")
    return "\n".join(rows)


def figure(registry: Registry, resolved: list[Resolved], path: Path) -> None:
    """Bars of the verdicts: per article (and the book's own checks), and per chapter, written to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .plotting import use_book_style

    use_book_style()
    groups = {f"Article {a}": [r for r in resolved if r.claim.article == a and not r.claim.ours] for a in registry.articles}
    groups["The book's own checks"] = [r for r in resolved if r.claim.ours]
    chapters: dict[str, list[Resolved]] = {}
    for r in resolved:
        chapters.setdefault(chapter_title(r.claim.notebook).split(":")[0], []).append(r)
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.2), gridspec_kw={"width_ratios": [1, 1.6]})
    for ax, bars, title in ((axes[0], groups, "By article"), (axes[1], chapters, "By chapter")):
        names = list(bars)[::-1]
        left = [0] * len(names)
        for verdict in OUTCOMES:
            widths = [counts(bars[n])[verdict] for n in names]
            ax.barh(names, widths, left=left, color=VERDICT_COLORS.get(verdict, "#9ca3af"), label=capital(verdict))
            left = [a + b for a, b in zip(left, widths)]
        ax.set(title=title, xlabel="claims")
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", labelsize=8)
    axes[0].legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8)
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)


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
        f"The two articles make the statements below; this book tests {sum(map(len, stated.values()))} of them and lists "
        f"those it leaves untested, with the reason. Its own {len(ours)} checks, on which the comparisons rest, are counted "
        "apart. Every verdict is the one its chapter's comparison computed in this build; a claim whose notebook failed "
        "or did not run reads *not run*, never an older verdict.",
        "",
        f"![Bars of verdicts, by article and by chapter: how many claims each verdict holds]({FIGURE})",
        "",
        header + " | Left untested |",
        rule + " | ---: |",
        *[count_row(f"Article {a}", stated[a], len(untested[a])) for a in registry.articles],
        count_row("The book's own checks", ours, "-"),
        "",
        "Articles: " + "; ".join(f"**{k}**: *{cell(title)}*" for k, title in registry.articles.items()) + ".",
        "",
        "## Every claim at a glance",
        "",
        "One line per claim. The full account of each, below, opens with a click: where the article makes it, what "
        "decided it, with its numbers, and the rule, the docstring of the function that decides it.",
        "",
        glance([r for a in registry.articles for r in stated[a]] + ours),
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
