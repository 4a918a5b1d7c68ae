"""The set-up left a healthy Manim in .venv/ (as ./project.sh makes it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def test_manim_checkhealth_passes() -> None:
    # checkhealth looks for `manim` on PATH, as it is once .venv/bin/activate is sourced.
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [str(VENV_BIN / "manim"), "checkhealth"], input="n\n", env=env, capture_output=True, text=True, timeout=300
    )
    assert "No problems detected" in done.stdout, done.stdout + done.stderr
