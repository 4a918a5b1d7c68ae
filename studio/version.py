"""The code version: one short hash of everything that decides what a render shows.

Clips, chapters and lessons record it, so that a file made by other code is
never taken for one made by this code (and a Dask worker running other code is refused).
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version

from netcore.paths import PROJECT_ROOT

__all__ = ["code_version"]

# What a render depends on besides its inputs: a change to any of these makes every clip new.
_CODE = ("netcore", "storyboard", "scenes", "studio/render.py", "studio/clip.py", "studio/chapter.py", "studio/cluster.py",
         "assets", "manim.cfg")


@cache
def code_version() -> str:
    """A short hash of the code, assets and Manim version that make a clip (the same on every machine)."""
    digest = hashlib.sha256(f"manim {version('manim')}\n".encode())
    for entry in _CODE:
        root = PROJECT_ROOT / entry
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(PROJECT_ROOT).as_posix()}\n".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
