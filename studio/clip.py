"""Render one beat so that an interrupted render never loses the previous video.

Manim writes its video, its subtitles and its section videos in place: a
render killed during Manim's final join leaves a 48-byte video ("moov atom
not found") where the good one was, with the old ``.srt`` beside it.
``python -m studio render BEAT`` has Manim write its videos into a temporary
folder inside the media folder (the text and TeX caches stay shared), then
renames each finished file over the old one, the video last.

Usage: ``python -m studio render BEAT [-q l|m|h] [--media_dir FOLDER]``.
The same environment variables as the scenes (NN_DIGIT, NN_THEME, ...) apply.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from netcore.files import move_into_place
from netcore.paths import PROJECT_ROOT
from storyboard.registry import Beat, beat_named
from studio.chapter import QUALITY_FOLDERS, render

__all__ = ["add_parser", "render_into_place"]

# Manim's cache of one video per animation: rebuilt by each render, not part of the result.
_PARTIALS = "partial_movie_files"


def render_into_place(beat: Beat, quality: str, media: Path) -> Path:
    """Render ``beat`` and move its video, subtitles and sections into ``media/videos``; return the video."""
    media.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".render-", dir=media) as folder:
        videos = Path(folder) / "videos"
        video = render(beat, quality, media, videos)
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
