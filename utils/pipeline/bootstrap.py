"""The first code cell of every notebook: installs the book's kit where it is not importable.

    python -m utils.pipeline.bootstrap      (after changing repository.url in _config.yml)

A notebook opened from the site's launch buttons in Colab has no checkout around it, so ``utils``
does not import there. The cell then installs the kit from the repository that ``_config.yml`` names,
and reports every framework whose version differs from the book's pin (``utils.hosted``). In the
checkout it installs nothing and prints nothing. This command writes the cell into every notebook,
from the repository URL and the frameworks each notebook imports; ``tests/test_notebooks.py`` fails
while a notebook's cell differs from what it would write.
"""
from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import yaml

from .. import paths
from .cache import MAGIC

TAG = "bootstrap"
FRAMEWORKS = ("torch", "tensorflow", "keras")


def repository() -> str:
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"].rstrip("/")


def frameworks(nb: dict) -> list[str]:
    """The frameworks the notebook's code imports, in the order of FRAMEWORKS."""
    code = "\n".join(line for c in nb["cells"] if c["cell_type"] == "code" and TAG not in c["metadata"].get("tags", [])
                     for line in "".join(c["source"]).splitlines() if not MAGIC.match(line))
    names = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return [f for f in FRAMEWORKS if f in names]


def source(url: str, packages: list[str]) -> str:
    return "\n".join([
        "# Outside the book's checkout (Colab, for one) its kit `utils` is not importable: install it from the repository.",
        "try:",
        "    import utils",
        "except ModuleNotFoundError:",
        "    import subprocess, sys",
        f'    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "git+{url}"], check=True)',
        "from utils import hosted",
        "",
        f"hosted.report({', '.join(repr(p) for p in packages)})",
    ])


def cell(url: str, packages: list[str], with_id: bool) -> dict:
    """The cell as nbformat stores it; cell ids exist from nbformat 4.5 on."""
    return {"cell_type": "code", "execution_count": None, **({"id": TAG} if with_id else {}),
            "metadata": {"tags": [TAG, "hide-input"]}, "outputs": [], "source": source(url, packages).splitlines(True)}


def first_code(nb: dict) -> dict | None:
    return next((c for c in nb["cells"] if c["cell_type"] == "code"), None)


def write(path: Path, url: str) -> bool:
    """Put the cell first among the notebook's code cells; True when the file changed."""
    raw = path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    wanted = cell(url, frameworks(nb), nb.get("nbformat_minor", 0) >= 5)
    first = first_code(nb)
    if first is not None and TAG in first["metadata"].get("tags", []):
        nb["cells"][nb["cells"].index(first)] = wanted
    else:
        at = nb["cells"].index(first) if first is not None else len(nb["cells"])
        nb["cells"].insert(at, wanted)
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    if text == raw:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def main() -> int:
    url = repository()
    changed = [p for folder in paths.chapter_folders() for p in sorted(folder.glob("*.ipynb")) if write(p, url)]
    print(f"{len(changed)} notebook(s) rewritten for {url}" + "".join(f"\n  {p.relative_to(paths.ROOT)}" for p in changed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
