"""Render every beat of the registry and print how long each took, per quality.

For each beat: wall time of the ``manim`` command, the video's duration, and
their ratio (below 1.0 means it renders faster than it plays); and the CPU
seconds the command and its children (LaTeX, dvisvgm, ffmpeg) used, a figure
that other users of a shared machine inflate far less than the wall time. Videos go to a
temporary folder; Manim's cache is off so every frame is really drawn and
every formula compiled. With ``--warm`` each beat is first rendered once,
untimed, into the same folder, so that the timed render finds its text and
formulas compiled, as a re-render does (every frame is still drawn).

Usage (from the project root): ``.venv/bin/python bench/render.py [beat ...] [-q l m h] [--warm]``
(beats first, or after ``--``: ``-q`` takes every word that follows it)
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from storyboard.registry import BEATS, beat_named  # noqa: E402


def video_seconds(media: Path) -> float:
    """Duration of the single video Manim wrote under ``media``."""
    videos = [p for p in media.rglob("*.mp4") if "partial_movie_files" not in p.parts]
    with av.open(str(videos[0])) as container:
        return float(container.duration) / av.time_base


def children_cpu_seconds() -> float:
    """User and system CPU seconds of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--qualities", nargs="+", default=["l", "m", "h"], choices=["l", "m", "h"])
    parser.add_argument("--warm", action="store_true", help="time a second render, with text and formulas already compiled")
    parser.add_argument("beats", nargs="*", help="beat names (default: every beat, in the chapter's order)")
    args = parser.parse_args()
    beats = [beat_named(name) for name in args.beats] if args.beats else list(BEATS)
    manim = str(Path(sys.executable).with_name("manim"))
    print(f"{'beat':40s} {'quality':>7s} {'wall s':>8s} {'video s':>8s} {'ratio':>6s} {'cpu s':>7s}")
    for beat in beats:
        for quality in args.qualities:
            with tempfile.TemporaryDirectory() as media:
                command = [manim, f"-q{quality}", "--disable_caching", "--media_dir", media, beat.file, beat.scene]
                if args.warm:
                    subprocess.run(command, cwd=ROOT, capture_output=True)
                start, cpu_start = time.perf_counter(), children_cpu_seconds()
                done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
                wall, cpu = time.perf_counter() - start, children_cpu_seconds() - cpu_start
                name = f"{beat.name} ({beat.scene})"
                if done.returncode != 0:
                    print(f"{name:40s} {'-q' + quality:>7s}  failed: {done.stderr.strip().splitlines()[-1:]}")
                    continue
                seconds = video_seconds(Path(media))
            print(f"{name:40s} {'-q' + quality:>7s} {wall:8.1f} {seconds:8.1f} {wall / seconds:6.2f} {cpu:7.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
