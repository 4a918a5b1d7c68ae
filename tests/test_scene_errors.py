"""A bad choice stops a render with one line and no half-written video."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MANIM = str(Path(sys.executable).with_name("manim"))

pytestmark = pytest.mark.render


def _render(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NN_")}
    return subprocess.run(
        [MANIM, "-ql", "--media_dir", str(tmp_path / "media"), "scenes/forward.py", "ForwardPass"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"NN_DIGIT": "9999"}, "digit 9999 is out of range"),
        ({"NN_DIGIT": "three"}, "digit must be a whole number"),
        ({"NN_LABEL": "12"}, "no digit with label 12"),
        ({"NN_WEIGHTS": "missing.npz"}, "missing.npz: weights file not found"),
        ({"NN_IMAGE": "missing.png"}, "missing.png"),
        ({"NN_THEME": "sepia"}, "unknown theme 'sepia'"),
        ({"NN_DIGIT": "1", "NN_LABEL": "2"}, "choose one input"),
        ({"NN_DIGIT": "5" * 5000}, "...(5002 characters)"),  # cut, not echoed in full
        ({"NN_WEIGHTS": "tests/data/student-seven.jpg"}, "not an .npz weights file"),
        ({"NN_VOICE": "klingon"}, "unknown voice 'klingon' (choose none, festival, espeak-ng, or a folder of recordings)"),
        # Only the virtual environment on the PATH: no engine is found, and the line says how to install it.
        ({"NN_VOICE": "espeak-ng", "PATH": str(Path(sys.executable).parent)}, "not installed (as root: apt-get install espeak-ng)"),
    ],
)
def test_bad_choice_gives_one_line_and_no_video(tmp_path: Path, env: dict[str, str], message: str) -> None:
    done = _render(tmp_path, **env)
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: ") and message in errors[0], done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not list((tmp_path / "media").rglob("*.mp4"))


def test_corrupt_weights_file_gives_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip file at all")
    done = _render(tmp_path, NN_WEIGHTS=str(bad))
    assert done.returncode == 2 and done.stderr.strip().count("\n") == 0
    assert "not an .npz weights file" in done.stderr


def test_a_misspelt_variable_is_warned_about_in_one_line(tmp_path: Path) -> None:
    done = _render(tmp_path, NN_DIGTI="3", NN_DIGIT="9999")
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 2 and lines[0].startswith("warning: environment: ignoring unknown 'NN_DIGTI'"), done.stderr
    assert lines[1].startswith("error: digit 9999 is out of range") and done.returncode == 2
