"""Native writes to file descriptor 2 are kept off the page only inside the block."""
import subprocess
import sys

from utils import paths

SCRIPT = """
import os
from utils.quiet import native_stderr_silenced
with native_stderr_silenced():
    os.write(2, b"native line inside\\n")
os.write(2, b"native line after\\n")
"""


def test_only_what_is_written_inside_the_block_is_dropped():
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=paths.ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stderr == "native line after\n"
