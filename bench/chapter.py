"""Time the whole chapter, per quality, rendered beat after beat (1 worker) and on a local Dask cluster (2 workers).

For each run: the wall time of ``studio.chapter.build`` (cluster start,
renders, bytes sent back, join, subtitles and index; not Python's start),
the chapter's length and their ratio; the seconds spent inside ``manim``,
summed over the beats (from ``studio.cluster``'s log); and, as for the class
batch (``bench/batch.py``), the overhead: the worker-seconds the run occupied
(wall time x workers) beyond the seconds in Manim, which covers the
cluster's start, moving bytes, the join and workers idle at the end (with 14
beats of unequal length, the last beats keep one worker waiting). The speed-up
is the 1-worker wall time over the 2-worker one. Every run renders into
fresh temporary folders, so it is cold: every formula is compiled and every
frame drawn.

The header names the CPU and the code path (``bench/codepath.py``);
``--avx2`` pins OpenBLAS and NumPy to their AVX2 kernels for every render
(the workers and Manim inherit the environment). x264 is not pinned here:
the chapter's renders take their encoder options from ``manim.cfg`` only
(``bench/render.py --avx2`` pins it too).

Usage (from the project root):
``.venv/bin/python bench/chapter.py [-q m h] [--workers 1 2] [--beats a,b] [--avx2]``
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

import av

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from bench.codepath import avx2_environment, describe_machine  # noqa: E402
from studio.chapter import beats_named, build  # noqa: E402
from studio.cluster import beat_renderer  # noqa: E402


class RenderSeconds(logging.Handler):
    """Collects each beat's seconds in Manim from ``studio.cluster``'s log."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "render_seconds"):
            self.seconds[record.beat] = record.render_seconds


def run(beats_arg: str | None, quality: str, workers: int) -> tuple[float, float, float]:
    """Wall seconds of one chapter, its video's seconds, and the seconds in Manim summed over its beats."""
    handler = RenderSeconds()
    log = logging.getLogger("studio.cluster")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    log.propagate = False  # collected here, not printed
    try:
        with tempfile.TemporaryDirectory(prefix="bench-chapter-") as out:
            beats = beats_named(beats_arg)
            start = time.perf_counter()
            video = build(beats, quality, Path(out), beat_renderer(None, workers))
            wall = time.perf_counter() - start
            with av.open(str(video)) as container:
                seconds = float(container.duration) / av.time_base
    finally:
        log.removeHandler(handler)
    return wall, seconds, sum(handler.seconds.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--qualities", nargs="+", default=["m", "h"], choices=["l", "m", "h"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--beats", help="comma-separated beat names (default: every beat, in order)")
    parser.add_argument("--avx2", action="store_true", help="pin OpenBLAS and NumPy to their AVX2 code paths")
    args = parser.parse_args()
    if args.avx2:
        os.environ.update(avx2_environment())  # before any worker or render starts
    print(f"the chapter ({args.beats or 'every beat'}); {describe_machine()} at the start; x264 as it finds the CPU")
    print(f"{'quality':>7s} {'workers':>7s} {'wall s':>8s} {'video s':>8s} {'ratio':>6s} {'manim s':>8s} "
          f"{'worker-s':>8s} {'overhead':>8s} {'speed-up':>8s}")
    for quality in args.qualities:
        first = None
        for workers in args.workers:
            wall, seconds, manim = run(args.beats, quality, workers)
            first = first or wall
            occupied = wall * workers
            print(f"{'-q' + quality:>7s} {workers:7d} {wall:8.1f} {seconds:8.1f} {wall / seconds:6.2f} {manim:8.1f} "
                  f"{occupied:8.1f} {(occupied - manim) / manim:8.1%} {first / wall:7.2f}x", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
