"""Parameter profiles: per-notebook overrides kept in ``profiles.yml``.

``ci`` is small and fast, ``full`` is what the published book shows (the notebooks'
own defaults, unless the file says otherwise).
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
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    for name, overrides in data.items():
        if not isinstance(overrides, dict) or not all(isinstance(v, dict) for v in overrides.values()):
            raise ProfileError(f"{path}: profile {name!r} must map notebook ids to parameter mappings")
    return {name: overrides or {} for name, overrides in data.items()}


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
