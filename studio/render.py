"""Render one beat with Manim, in a process of its own, and ``python -m studio render``.

Manim's global config and its Tex cache are not safe to share between
concurrent renders in one process, so every render is a ``manim`` subprocess
writing into the media folder it is given (each render works on a private
copy of the text and TeX caches: ``scenes/kit/cache.py``). The chapter, the
class batches and the ``render`` command all render through :func:`render`.

Manim writes its video, its subtitles and its section videos in place: a
render killed during Manim's final join leaves a 48-byte video ("moov atom
not found") where the good one was, with the old ``.srt`` beside it. So
``python -m studio render BEAT [-q l|m|h] [--media_dir FOLDER]`` has Manim
write its videos into a temporary folder inside the media folder, then
renames each finished file over the old one, the video last. The same
environment variables as the scenes (NN_DIGIT, NN_THEME, ...) apply.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from netcore.errors import NetcoreError
from netcore.files import move_into_place
from netcore.paths import PROJECT_ROOT
from storyboard.registry import Beat, beat_named
from studio.folders import work_folder

__all__ = ["QUALITY_FOLDERS", "add_parser", "render", "render_into_place"]

QUALITY_FOLDERS = {"l": "480p15", "m": "720p30", "h": "1080p60"}
# Manim's cache of one video per animation: rebuilt by each render, not part of the result.
_PARTIALS = "partial_movie_files"


def render(
    beat: Beat,
    quality: str,
    media: Path,
    choices: Mapping[str, str] | None = None,
    videos: Path | None = None,
) -> Path:
    """Render one beat with its sections into ``media`` and return its video's path.

    ``choices`` are NN_* variables (``{"NN_IMAGE": ..., "NN_THEME": ...}``)
    that replace the caller's own NN_* variables for this render only, so
    concurrent renders in one process never change each other's environment.
    ``videos`` (default ``media/videos``) is where the videos go; the text and
    TeX caches stay in ``media``.
    """
    env = None
    if choices is not None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")} | dict(choices)
    manim = str(Path(sys.executable).with_name("manim"))
    media = media.absolute()  # Manim runs from the project root
    command = [manim, f"-q{quality}", "--save_sections", "--media_dir", str(media)]
    if videos is not None:
        videos = videos.absolute()
        # Manim has no flag for its video folder, only a config file on top of manim.cfg (where % is special).
        config = videos.parent / f".{beat.name}.cfg"
        config.write_text(f"[CLI]\nvideo_dir = {str(videos).replace('%', '%%')}/{{module_name}}/{{quality}}\n")
        command += ["--config_file", str(config)]
    done = subprocess.run(
        [*command, beat.file, beat.scene], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise NetcoreError(f"rendering {beat.name} failed: {last}")
    return (videos or media / "videos") / beat.module / QUALITY_FOLDERS[quality] / f"{beat.scene}.mp4"


def render_into_place(beat: Beat, quality: str, media: Path) -> Path:
    """Render ``beat`` and move its video, subtitles and sections into ``media/videos``; return the video."""
    media.mkdir(parents=True, exist_ok=True)
    with work_folder(media, ".render-") as folder:  # a killed render's folder goes with the next render
        videos = folder / "videos"
        video = render(beat, quality, media, videos=videos)
        finished = [p for p in videos.rglob("*") if p.is_file() and _PARTIALS not in p.relative_to(videos).parts]
        # The video last: until it is replaced, the old video has its old subtitles and sections.
        for path in sorted(finished, key=lambda p: p == video):
            move_into_place(path, media / "videos" / path.relative_to(videos))
    return media / "videos" / video.relative_to(videos)


def _render(args: argparse.Namespace) -> None:
    video = render_into_place(beat_named(args.beat), args.quality, args.media_dir)
    print(f"{args.beat} rendered to {video}, with its subtitles and sections")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``render`` sub-command."""
    p = commands.add_parser("render", help="render one beat, replacing the previous video only once complete")
    p.add_argument("beat", help="a beat name (see: python -m studio beats)")
    p.add_argument("-q", "--quality", choices=sorted(QUALITY_FOLDERS), default="l")
    p.add_argument("--media_dir", type=Path, default=PROJECT_ROOT / "media", help="media folder (default: media)")
    p.set_defaults(run=_render)
