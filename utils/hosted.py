"""What a notebook opened outside the book's checkout (Colab, a bare Binder) should know: framework-free.

The first code cell of every notebook installs the book's kit from the repository when ``utils`` is not
importable, then calls :func:`report`, which names every framework whose installed version differs
from the book's pin. Results are recorded with the versions in use, whatever they are.
"""
from __future__ import annotations

from importlib import metadata

# The pins of requirements.txt for the packages a notebook's results depend on most
# (tests/test_hosted.py keeps them equal): requirements.txt is not inside the installed package.
PINS = {"torch": "2.13.0", "tensorflow": "2.21.0", "keras": "3.15.1"}
# The distributions that install an importable package, the book's own first: TensorFlow's CPU-only
# build (what requirements.txt installs, like PyTorch's CPU wheel) or its GPU-capable build.
BUILDS = {"tensorflow": ("tensorflow-cpu", "tensorflow")}


def distribution(package: str) -> str | None:
    """The name of the installed distribution that provides ``package``, or ``None``."""
    for name in BUILDS.get(package, (package,)):
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        return name
    return None


def differences(*packages: str) -> list[str]:
    """One sentence per package whose installed version is not the book's pin, or is missing."""
    found = []
    for name in packages:
        pin = PINS[name]
        installed = distribution(name)
        if installed is None:
            found.append(f"{name} is not installed here: the book pins "
                         + " or ".join(f"{build}=={pin}" for build in BUILDS.get(name, (name,))))
            continue
        version = metadata.version(installed)
        if version.split("+")[0] != pin:
            found.append(f"this runtime has {name} {version}, the book pins {pin}: "
                         f"the results below are recorded with {version}")
    return found


def report(*packages: str) -> None:
    """Print what :func:`differences` finds; nothing when every version is the pinned one."""
    for line in differences(*packages):
        print(line)
