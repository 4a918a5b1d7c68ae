"""Render every beat of the registry and print how long each took, per quality.

For each beat: wall time of the ``manim`` command, the video's duration, and
their ratio (below 1.0 means it renders faster than it plays); and the CPU
seconds the command and its children (LaTeX, dvisvgm, ffmpeg) used, a figure
that other users of a shared machine inflate far less than the wall time. Videos go to a
temporary folder; Manim's cache is off so every frame is really drawn and
every formula compiled. With ``--warm`` each beat is first rendered once,
untimed, into the same folder, so that the timed render finds its text and
formulas compiled, as a re-render does (every frame is still drawn).

The header names the CPU and the code path the renders run on (OpenBLAS's
kernel, NumPy's SIMD features; :mod:`codepath`): ``--avx2`` pins both, and
x264, to their AVX2 paths, as on a machine without AVX-512; ``--native`` lets both
choose by CPU (it clears ``OPENBLAS_CORETYPE`` and
``NPY_DISABLE_CPU_FEATURES``); neither keeps the environment as it is. Each
row ends with the CPU seconds per second of video and the 1-minute load
average when the render ended: on a shared machine, wall time says little,
while CPU time per video second bounds the idle wall ratio (the encoder's
threads only add CPU time beside the drawing).

Usage (from the project root):
``.venv/bin/python bench/render.py [beat ...] [-q l m h] [--warm] [--avx2 | --native]``
(beats first, or after ``--``: ``-q`` takes every word that follows it)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from bench.codepath import X264_AVX2, avx2_encoder_options, avx2_environment, describe_machine  # noqa: E402
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


def render_environment(avx2: bool, native: bool) -> dict[str, str]:
    """The renders' environment: pinned to AVX2, left to the CPU, or this process's as it is."""
    if avx2:
        return avx2_environment()
    env = dict(os.environ)
    if native:
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("NPY_DISABLE_CPU_FEATURES", None)
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--qualities", nargs="+", default=["l", "m", "h"], choices=["l", "m", "h"])
    parser.add_argument("--warm", action="store_true", help="time a second render, with text and formulas already compiled")
    path = parser.add_mutually_exclusive_group()
    path.add_argument("--avx2", action="store_true", help="pin OpenBLAS and NumPy to their AVX2 code paths")
    path.add_argument("--native", action="store_true", help="let OpenBLAS and NumPy choose their code paths by CPU")
    parser.add_argument("beats", nargs="*", help="beat names (default: every beat, in the chapter's order)")
    args = parser.parse_args()
    beats = [beat_named(name) for name in args.beats] if args.beats else list(BEATS)
    manim = str(Path(sys.executable).with_name("manim"))
    env = render_environment(args.avx2, args.native)
    encoder = avx2_encoder_options(ROOT / "manim.cfg") if args.avx2 else []
    print(f"{describe_machine(env)}; x264 {X264_AVX2 if args.avx2 else 'as it finds the CPU'}", flush=True)
    print(f"{'beat':40s} {'quality':>7s} {'wall s':>8s} {'video s':>8s} {'ratio':>6s} {'cpu s':>7s} {'cpu/video':>9s} {'load':>5s}")
    for beat in beats:
        for quality in args.qualities:
            with tempfile.TemporaryDirectory() as media:
                command = [manim, f"-q{quality}", "--disable_caching", "--media_dir", media, *encoder, beat.file, beat.scene]
                if args.warm:
                    subprocess.run(command, cwd=ROOT, env=env, capture_output=True)
                start, cpu_start = time.perf_counter(), children_cpu_seconds()
                done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
                wall, cpu = time.perf_counter() - start, children_cpu_seconds() - cpu_start
                name = f"{beat.name} ({beat.scene})"
                if done.returncode != 0:
                    print(f"{name:40s} {'-q' + quality:>7s}  failed: {done.stderr.strip().splitlines()[-1:]}")
                    continue
                seconds = video_seconds(Path(media))
            print(f"{name:40s} {'-q' + quality:>7s} {wall:8.1f} {seconds:8.1f} {wall / seconds:6.2f} {cpu:7.1f} "
                  f"{cpu / seconds:9.2f} {os.getloadavg()[0]:5.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
