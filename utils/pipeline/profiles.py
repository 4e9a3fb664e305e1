"""Parameter profiles: per-notebook overrides kept in ``profiles.yml``.

``ci`` is small and fast, ``full`` is what the published book shows (the notebooks'
own defaults, unless the file says otherwise). Besides notebook ids, a profile may set
``alternations``: how many times the runner runs each chapter's timed pair in turns
(PyTorch, TensorFlow, PyTorch, ...), so that cross-framework ratios have a spread, and
``chapters``: per chapter, its own ``alternations`` and a list of ``variants``, parameter
settings that the chapter's timed pair runs under in turn, in every alternation (settings a
framework fixes when its process starts, such as thread counts)::

    full:
      alternations: 3
      chapters:
        05-performance:
          alternations: 2
          variants: [{threads: 1}, {threads: 2}]
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .. import paths
from .notebooks import Notebook

PROFILES_FILE = paths.ROOT / "profiles.yml"


class ProfileError(ValueError):
    """A profile or an override that cannot apply to the selected notebooks."""


def load_profiles(path: Path = PROFILES_FILE) -> dict[str, dict[str, dict]]:
    """``{profile: {notebook id: {parameter: value}}}``, without the ``alternations`` key
    (see :func:`alternations`)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    table = {}
    for name, entries in data.items():
        entries = dict(entries or {})
        alternations_of(name, entries, path)
        entries.pop("alternations", None)
        entries.pop("chapters", None)
        if not all(isinstance(v, dict) for v in entries.values()):
            raise ProfileError(f"{path}: profile {name!r} must map notebook ids to parameter mappings")
        table[name] = entries
    return table


def alternations_of(name: str, entries: dict, path: Path) -> int:
    value = entries.get("alternations", 1)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 20:
        raise ProfileError(f"{path}: profile {name!r} sets alternations: {value!r}; expected an integer from 1 to 20")
    return value


def alternations(profile: str, path: Path = PROFILES_FILE) -> int:
    """How many alternating runs of each timed pair ``profile`` asks for (1 when unset)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return alternations_of(profile, dict(data.get(profile) or {}), path)


def chapter_plans(profile: str, every: list[Notebook], path: Path = PROFILES_FILE) -> dict[str, tuple[int, list[dict]]]:
    """``{chapter: (alternations, variants)}`` for the chapters that ``profile`` plans apart.

    Raises :class:`ProfileError` for an unknown chapter, a bad alternation count, or a variant
    that is not a mapping of parameters the chapter's timed notebooks all declare.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    plans = {}
    for chapter, plan in (dict(data.get(profile) or {}).get("chapters") or {}).items():
        timed = [nb for nb in every if nb.chapter == chapter and nb.timed]
        if not timed:
            raise ProfileError(f"{path}: profile {profile!r} plans chapter {chapter!r}, which has no timed notebooks")
        plan = dict(plan or {})
        unknown = sorted(set(plan) - {"alternations", "variants"})
        if unknown:
            raise ProfileError(f"{path}: profile {profile!r}, chapter {chapter!r}: unknown keys {unknown}; "
                               "expected alternations and variants")
        rounds = alternations_of(f"{profile}, chapter {chapter}", plan, path) if "alternations" in plan \
            else alternations_of(profile, dict(data.get(profile) or {}), path)
        variants = plan.get("variants", [{}])
        if not isinstance(variants, list) or not variants or not all(isinstance(v, dict) for v in variants):
            raise ProfileError(f"{path}: profile {profile!r}, chapter {chapter!r}: variants must be a non-empty "
                               "list of parameter mappings")
        for variant in variants:
            for nb in timed:
                undeclared = sorted(set(variant) - set(nb.params))
                if undeclared:
                    raise ProfileError(f"{path}: profile {profile!r}, chapter {chapter!r}: a variant sets {undeclared}, "
                                       f"which {nb.id} does not declare")
        plans[chapter] = (rounds, [dict(v) for v in variants])
    return plans


def parse_override(text: str) -> tuple[str, object]:
    """``"epochs=3"`` -> ``("epochs", 3)``; values are read as YAML, as papermill's ``-y`` does."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ProfileError(f"-p {text!r}: write overrides as key=value")
    return key.strip(), yaml.safe_load(value)


def parameters_for(selected: list[Notebook], every: list[Notebook], profile: str,
                   overrides: list[tuple[str, object]], profiles: dict) -> dict[str, dict]:
    """The parameters papermill injects into each selected notebook.

    Raises :class:`ProfileError` for an unknown profile, a profile entry naming a
    notebook or parameter that does not exist, or a ``-p`` key that no selected
    notebook declares.
    """
    if profile not in profiles:
        raise ProfileError(f"unknown profile {profile!r}; profiles.yml has: {', '.join(sorted(profiles))}")
    known = {nb.id: nb for nb in every}
    for nb_id, values in profiles[profile].items():
        if nb_id not in known:
            raise ProfileError(f"profile {profile!r} names {nb_id!r}, which is not a notebook of the book")
        undeclared = sorted(set(values) - set(known[nb_id].params))
        if undeclared:
            raise ProfileError(f"profile {profile!r} sets {undeclared} for {nb_id!r}, which declares only {sorted(known[nb_id].params)}")
    for key, _ in overrides:
        if not any(key in nb.params for nb in selected):
            declared = sorted({p for nb in selected for p in nb.params})
            raise ProfileError(f"-p {key}: no selected notebook declares a parameter {key!r} (they declare: {', '.join(declared)})")
    result = {}
    for nb in selected:
        values = dict(profiles[profile].get(nb.id, {}))
        values.update({k: v for k, v in overrides if k in nb.params})
        result[nb.id] = values
    return result
