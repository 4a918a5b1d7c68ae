"""Time a class batch of 20 students at -ql with 1 and with 2 local workers.

Prints the wall time of ``python -m studio batch`` for each, the speed-up,
clips per minute, and the overhead per clip beyond the render itself: the
worker-seconds the batch occupied per clip (wall time x workers / clips)
against the seconds each clip spent inside ``manim`` (summed over its beats,
from report.json). The overhead covers the cluster's start, reading and
checking each image, joining, decoding the poster, sending the bytes back,
writing the files and workers idle at the end. The students are the first 20
digits of the shipped sample, saved as PNGs. Every run starts in a fresh
output folder, so every clip is rendered.

Usage (from the project root): ``.venv/bin/python bench/batch.py [--students 20] [--beats forward]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from netcore.preprocess import save_png  # noqa: E402
from netcore.samples import load_sample  # noqa: E402


def run(roster: Path, out: Path, workers: int, beats: str) -> tuple[float, list[float]]:
    """Wall time of one batch and each clip's seconds inside manim."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")} | {"PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "studio", "batch", str(roster), "--out", str(out), "--workers", str(workers),
         "--beats", beats, "-q", "l", "--no-progress"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"batch with {workers} worker(s) failed: {done.stderr.strip().splitlines()[-1:]}")
    students = json.loads((out / "report.json").read_text())["students"]
    return wall, [s["render_seconds"] for s in students]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--beats", default="forward")
    args = parser.parse_args()
    sample = load_sample()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as work:
        roster = Path(work) / "class"
        for i in range(args.students):
            save_png(sample.images[i] / 255.0, roster / f"student{i:02d}.png", scale=4)
        print(f"{args.students} students, beats {args.beats}, -ql, {os.cpu_count()} cores")
        print(f"{'workers':>7s} {'wall s':>8s} {'clips/min':>9s} {'render s/clip':>13s} {'worker-s/clip':>13s} {'overhead':>8s}")
        walls = {}
        for workers in (1, 2):
            wall, renders = run(roster, Path(work) / f"out{workers}", workers, args.beats)
            walls[workers] = wall
            render = statistics.mean(renders)
            occupied = wall * workers / args.students
            print(f"{workers:7d} {wall:8.1f} {60 * args.students / wall:9.2f} {render:13.2f} {occupied:13.2f} "
                  f"{(occupied - render) / render:8.1%}", flush=True)
        print(f"speed-up with 2 workers: {walls[1] / walls[2]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
