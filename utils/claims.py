"""The book's claims registry, ``claims.yml``, and the verdict each claim has in a build: framework-free.

Every tested statement of the two articles is one entry, and so is every check of the book's own
(``article: ours``): the claim in our words, where the article makes it (its own headings), the
comparison notebook that decides it, the key under which that notebook records its verdict
(``metrics.verdicts[key]`` of its result file) and ``decided_by``, the decision function
(``utils/chapters/chNN_decisions.py``) whose docstring is the rule the reader is shown. A claim that
no run here can judge says why, and what would, in ``untestable_here``. ``untested`` lists the
articles' statements that no claim tests, each with the reason; the ``guide`` lists the articles'
advice on choosing, each item answered by the claims that test it.

A claim gets its notebook's verdict only when that notebook's result file exists and, where a run
log is given, the log says it ran without error; otherwise it is *not run*, with the reason, and
never a verdict left over from an earlier build. A result file that lacks the claim's key is an
error, not a *not run*: the registry or the notebook is wrong.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import decisions, paths
from .verdicts import CONTRADICTED, SUPPORTED, VERDICTS, across

REGISTRY = paths.ROOT / "claims.yml"
NOT_RUN = "not run"
OUTCOMES = (*VERDICTS, NOT_RUN)
CLAIM_FIELDS = ("id", "claim", "article", "section", "notebook", "key", "decided_by")
CLAIM_OPTIONAL = ("untestable_here",)
OURS = "ours"  # the article of a check of the book's own, which no article states
GUIDE_FIELDS = ("id", "group", "advice", "claims")
GUIDE_OPTIONAL = ("against",)
UNTESTED_FIELDS = ("article", "section", "statement", "why")


@dataclass(frozen=True)
class Claim:
    id: str
    claim: str
    article: str
    section: str
    notebook: str
    key: str
    decided_by: str                # utils.chapters.chNN_decisions.<function>
    rule: str                      # that function's docstring, as the reader is shown it
    untestable_here: str | None = None  # why no run here can judge it, and what would

    @property
    def ours(self) -> bool:
        """A check of the book's own (it underpins the articles' claims), not a statement of an article."""
        return self.article == OURS


@dataclass(frozen=True)
class GuideItem:
    id: str
    group: str
    advice: str
    claims: tuple[str, ...]        # ids of the claims whose support supports the advice
    against: tuple[str, ...] = ()  # ids of the claims whose support tells against it


@dataclass(frozen=True)
class Untested:
    """A statement of an article that no claim tests, and why."""
    article: str
    section: str
    statement: str
    why: str


@dataclass(frozen=True)
class Registry:
    articles: dict[str, str]
    claims: tuple[Claim, ...]
    guide: tuple[GuideItem, ...]
    untested: tuple[Untested, ...] = ()


@dataclass(frozen=True)
class Resolved:
    claim: Claim
    verdict: str        # one of OUTCOMES
    reason: str         # the notebook's reasons for the verdict, or why it has none


class RegistryError(ValueError):
    pass


def _entries(raw: dict, name: str, fields: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[dict]:
    entries = raw.get(name)
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"claims.yml: '{name}' must be a non-empty list")
    for i, entry in enumerate(entries):
        where = f"claims.yml: {name}[{i}] ({entry.get('id', 'no id') if isinstance(entry, dict) else entry!r})"
        if not isinstance(entry, dict):
            raise RegistryError(f"{where}: not a mapping")
        missing = [f for f in fields if f not in entry and f not in optional]
        unknown = sorted(set(entry) - set(fields) - set(optional))
        if missing or unknown:
            raise RegistryError(f"{where}: missing {missing}, unknown {unknown}; fields are {list(fields + optional)}")
    ids = Counter(e["id"] for e in entries)
    twice = sorted(i for i, n in ids.items() if n > 1)
    if twice:
        raise RegistryError(f"claims.yml: {name} ids used twice: {twice}")
    return entries


def load(path: Path = REGISTRY, chapters: Path = paths.CHAPTERS) -> Registry:
    """Read and check the registry: fields, unique ids, known articles, existing comparison notebooks."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    articles = raw.get("articles") or {}
    compares = {f"{folder.relative_to(chapters).as_posix()}/compare" for folder in paths.chapter_folders(chapters)
                if (folder / "compare.ipynb").is_file()}
    claims = []
    for entry in _entries(raw, "claims", CLAIM_FIELDS, optional=CLAIM_OPTIONAL):
        claim = Claim(**{f: str(entry[f]) for f in CLAIM_FIELDS}, rule=_rule(entry),
                      untestable_here=str(entry["untestable_here"]) if entry.get("untestable_here") else None)
        if claim.article not in articles and claim.article != OURS:
            raise RegistryError(f"claims.yml: claim {claim.id!r}: article {claim.article!r} is not one of "
                                f"{sorted(articles)} or {OURS!r} (a check of the book's own)")
        if claim.notebook not in compares:
            raise RegistryError(f"claims.yml: claim {claim.id!r}: {claim.notebook!r} is not a comparison notebook; "
                                f"they are {sorted(compares)}")
        claims.append(claim)
    known = {c.id for c in claims}
    guide = []
    for entry in _entries(raw, "guide", GUIDE_FIELDS, optional=GUIDE_OPTIONAL):
        item = GuideItem(str(entry["id"]), str(entry["group"]), str(entry["advice"]), tuple(entry["claims"] or ()),
                         tuple(entry.get("against") or ()))
        unknown = [c for c in item.claims + item.against if c not in known]
        if unknown:
            raise RegistryError(f"claims.yml: guide item {item.id!r} names claims that are not in the registry: {unknown}")
        if not item.claims and not item.against:
            raise RegistryError(f"claims.yml: guide item {item.id!r} names no claims to answer it")
        guide.append(item)
    untested = []
    for i, entry in enumerate(raw.get("untested") or ()):
        if not isinstance(entry, dict) or set(entry) != set(UNTESTED_FIELDS) or not all(str(v).strip() for v in entry.values()):
            raise RegistryError(f"claims.yml: untested[{i}] must give each of {list(UNTESTED_FIELDS)}, got {entry!r}")
        if entry["article"] not in articles:
            raise RegistryError(f"claims.yml: untested[{i}]: article {entry['article']!r} is not one of {sorted(articles)}")
        untested.append(Untested(**{f: str(entry[f]) for f in UNTESTED_FIELDS}))
    return Registry(dict(articles), tuple(claims), tuple(guide), tuple(untested))


def _rule(entry: dict) -> str:
    try:
        return decisions.rule_text(str(entry["decided_by"]))
    except LookupError as exc:
        raise RegistryError(f"claims.yml: claim {entry['id']!r}: decided_by: {exc}") from None


def read_run_log(build: Path) -> dict | None:
    path = build / "run-log.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def resolve(registry: Registry, results: Path, run_log: dict | None,
            running: tuple[str, dict] | None = None) -> list[Resolved]:
    """Each claim's verdict in this build, or *not run* with the reason. ``run_log`` None: trust the
    result files as they are (a notebook run outside the runner, as nbval runs the references).
    ``running``: ``(notebook, metrics)`` of the notebook that is running now and has not saved yet."""
    found, loaded = [], {}
    for claim in registry.claims:
        if running is not None and claim.notebook == running[0]:
            found.append(_recorded(claim, running[1]))
            continue
        entry = None if run_log is None else run_log.get("notebooks", {}).get(claim.notebook)
        path = results / f"{claim.notebook}.json"
        if run_log is not None and entry is None:
            found.append(Resolved(claim, NOT_RUN, f"{claim.notebook} was not executed in this build"))
            continue
        if entry is not None and entry["status"] != "ok":
            found.append(Resolved(claim, NOT_RUN, f"{claim.notebook} {entry['status']}: {entry.get('detail') or 'no detail'}"))
            continue
        if not path.exists():
            found.append(Resolved(claim, NOT_RUN, f"{claim.notebook} left no result file"))
            continue
        found.append(_recorded(claim, loaded.setdefault(path, json.loads(path.read_text(encoding="utf-8"))["metrics"])))
    return found


def _recorded(claim: Claim, metrics: dict) -> Resolved:
    recorded = metrics.get("verdicts", {})
    if claim.key not in recorded:
        raise RegistryError(f"claims.yml: claim {claim.id!r}: {claim.notebook} recorded no verdict {claim.key!r}; "
                            f"it recorded {sorted(recorded)}")
    return Resolved(claim, recorded[claim.key], metrics.get("reasons", {}).get(claim.key, ""))


def problems(registry: Registry, results: Path) -> list[str]:
    """What keeps the registry from matching a full run's results: a claim without its result file
    or key, and a verdict some comparison recorded that no claim of the registry takes."""
    recorded = {path.relative_to(results).with_suffix("").as_posix():
                json.loads(path.read_text(encoding="utf-8"))["metrics"].get("verdicts", {})
                for path in sorted(results.rglob("compare.json"))}
    found, claimed = [], {}
    for claim in registry.claims:
        claimed.setdefault(claim.notebook, set()).add(claim.key)
        if claim.notebook not in recorded:
            found.append(f"claim {claim.id!r}: no result file {results / claim.notebook}.json")
        elif claim.key not in recorded[claim.notebook]:
            found.append(f"claim {claim.id!r}: {claim.notebook} recorded no verdict {claim.key!r}")
    for notebook, verdicts in recorded.items():
        for key in sorted(set(verdicts) - claimed.get(notebook, set())):
            found.append(f"{notebook} recorded a verdict on {key!r}, which no claim of the registry takes")
    return found


TURNED = {SUPPORTED: CONTRADICTED, CONTRADICTED: SUPPORTED}


def answer(item: GuideItem, by_id: dict[str, Resolved]) -> str:
    """One verdict for an item of the guide: its claims' verdicts combined, each claim listed under
    ``against`` turned around (its support contradicts the advice); all alike: that verdict, mixed: it
    depends; the claims that did not run are left out, and when none ran the answer is *not run*."""
    ran = {c: by_id[c].verdict for c in item.claims if by_id[c].verdict != NOT_RUN}
    ran.update({c: TURNED.get(by_id[c].verdict, by_id[c].verdict) for c in item.against if by_id[c].verdict != NOT_RUN})
    return across(ran) if ran else NOT_RUN


def counts(resolved: list[Resolved]) -> dict[str, int]:
    n = Counter(r.verdict for r in resolved)
    return {v: n.get(v, 0) for v in OUTCOMES}
