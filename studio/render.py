"""Render one beat with Manim, in a process and a media folder of its own.

Manim's global config and its Tex cache are not safe to share between
concurrent renders in one process, so every render is a ``manim`` subprocess
writing into the media folder it is given. The chapter and class batches both
render through :func:`render`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from netcore.errors import NetcoreError
from netcore.paths import PROJECT_ROOT
from storyboard.registry import Beat

__all__ = ["QUALITY_FOLDERS", "render"]

QUALITY_FOLDERS = {"l": "480p15", "m": "720p30", "h": "1080p60"}


def render(beat: Beat, quality: str, media: Path, choices: Mapping[str, str] | None = None) -> Path:
    """Render one beat with its sections into ``media`` and return its video's path.

    ``choices`` are NN_* variables (``{"NN_IMAGE": ..., "NN_THEME": ...}``)
    that replace the caller's own NN_* variables for this render only, so
    concurrent renders in one process never change each other's environment.
    """
    env = None
    if choices is not None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")} | dict(choices)
    manim = str(Path(sys.executable).with_name("manim"))
    done = subprocess.run(
        [manim, f"-q{quality}", "--save_sections", "--media_dir", str(media), beat.file, beat.scene],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise NetcoreError(f"rendering {beat.name} failed: {last}")
    return media / "videos" / beat.module / QUALITY_FOLDERS[quality] / f"{beat.scene}.mp4"
