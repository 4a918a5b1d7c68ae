"""Render every scene of scenes/ at -ql and -qm and print how long each took.

For each scene: wall time of the ``manim`` command, the video's duration, and
their ratio (below 1.0 means it renders faster than it plays). Videos go to a
temporary folder; Manim's cache is off so every frame is really drawn.

Usage (from the project root): ``.venv/bin/python bench/render.py [-q l m] [scene-file ...]``
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av

ROOT = Path(__file__).resolve().parents[1]
SCENES = ROOT / "scenes"


def scene_classes(path: Path) -> list[str]:
    """Names of the scene classes a scene file defines (classes with a base ending in 'Scene')."""
    tree = ast.parse(path.read_text())
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(isinstance(b, ast.Name) and b.id.endswith("Scene") for b in node.bases)
    ]


def video_seconds(media: Path) -> float:
    """Duration of the single video Manim wrote under ``media``."""
    videos = [p for p in media.rglob("*.mp4") if "partial_movie_files" not in p.parts]
    with av.open(str(videos[0])) as container:
        return float(container.duration) / av.time_base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--qualities", nargs="+", default=["l", "m"], choices=["l", "m", "h"])
    parser.add_argument("files", nargs="*", type=Path, help="scene files (default: every scenes/*.py)")
    args = parser.parse_args()
    files = args.files or sorted(SCENES.glob("*.py"))
    manim = str(Path(sys.executable).with_name("manim"))
    print(f"{'scene':40s} {'quality':>7s} {'wall s':>8s} {'video s':>8s} {'ratio':>6s}")
    for path in files:
        for scene in scene_classes(path):
            for quality in args.qualities:
                with tempfile.TemporaryDirectory() as media:
                    start = time.perf_counter()
                    done = subprocess.run(
                        [manim, f"-q{quality}", "--disable_caching", "--media_dir", media, str(path), scene],
                        cwd=ROOT,
                        capture_output=True,
                        text=True,
                    )
                    wall = time.perf_counter() - start
                    if done.returncode != 0:
                        print(f"{path.stem}.{scene:34s} {quality:>7s}  failed: {done.stderr.strip().splitlines()[-1:]}")
                        continue
                    seconds = video_seconds(Path(media))
                print(f"{path.stem + '.' + scene:40s} {'-q' + quality:>7s} {wall:8.1f} {seconds:8.1f} {wall / seconds:6.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
