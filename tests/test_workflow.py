"""The nightly workflow passes its own audit: zizmor, run offline, finds nothing of medium severity or
higher in .github/workflows/ (actions pinned to full commit SHAs, no credentials left in the checkout,
the token's permissions per job). A workflow written the old way shows that the audit can fail."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ZIZMOR = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")


def findings(folder: Path) -> list[dict]:
    """zizmor's findings of medium severity or higher in ``folder``'s workflows."""
    if ZIZMOR is None:
        pytest.fail("zizmor is not installed: make env installs it (requirements.txt)")
    done = subprocess.run([ZIZMOR, "--offline", "--no-progress", "--min-severity=medium", "--format=json", str(folder)],
                          capture_output=True, text=True, check=False)
    if not done.stdout.strip():
        pytest.fail(f"zizmor gave no report (exit {done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def test_the_nightly_workflow_has_no_finding_of_medium_or_higher():
    found = findings(ROOT / ".github" / "workflows")
    assert found == [], [(f["ident"], f["determinations"]["severity"]) for f in found]


def test_an_unpinned_action_and_a_kept_credential_are_found(tmp_path):
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "old.yml").write_text(
        "name: old\non: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - run: make book\n"
        "      - uses: actions/upload-artifact@v4\n        with:\n          name: site\n          path: .\n")
    found = {f["ident"] for f in findings(workflows)}
    assert {"unpinned-uses", "artipacked"} <= found
