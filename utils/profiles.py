"""Parameter profiles: per-notebook overrides kept in ``profiles.yml``.

``ci`` is small and fast, ``full`` is what the published book shows (the notebooks'
own defaults, unless the file says otherwise). Besides notebook ids, a profile may set
``alternations``: how many times the runner runs each chapter's timed pair in turns
(PyTorch, TensorFlow, PyTorch, ...), so that cross-framework ratios have a spread.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from . import paths
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
