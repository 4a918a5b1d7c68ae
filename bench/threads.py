"""Where a render's CPU time goes: Manim's drawing thread, the encoder's threads, and the programs it starts.

On a 2-core machine a render keeps up with its video when each of its two
halves does: Manim draws, and hands frames over, in its main thread, while
the video encoder (the YUV conversion in its own thread, x264 in its
threads) works on the other core. So beside the total CPU time per second of
video (``bench/render.py``), which is the figure for a machine of one core
or one shared with others, this prints each half's CPU time per second of
video; both below 1.0 on an idle machine of two cores means the render can
run in real time there. The main thread's figure includes Manim's start and
the scene's set-up; the third part, the programs Manim starts (LaTeX, the
narrating voice), runs before the first frame.

Usage (from the project root): ``.venv/bin/python bench/threads.py [beat ...] [-q l m h] [--avx2]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from bench.codepath import X264_AVX2, avx2_encoder_options, avx2_environment, describe_machine  # noqa: E402
from bench.render import video_seconds  # noqa: E402
from storyboard.registry import BEATS, beat_named  # noqa: E402

# Runs Manim in the child; at exit (in the main thread) it reports the process's and the main thread's CPU seconds.
_MANIM = """
import atexit, json, sys, time
atexit.register(lambda: print("THREADS " + json.dumps({"process": time.process_time(), "main": time.thread_time()}),
                              file=sys.stderr))
from manim.__main__ import main
sys.argv = ["manim", *sys.argv[1:]]
main()
"""


def measure(beat_file: str, scene: str, quality: str, env: dict[str, str], encoder: list[str]) -> dict[str, float]:
    """CPU seconds of the main thread, the other threads and the child programs of one cold render."""
    with tempfile.TemporaryDirectory() as media:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run([sys.executable, "-c", _MANIM, f"-q{quality}", "--disable_caching", "--media_dir", media,
                               *encoder, beat_file, scene], cwd=ROOT, env=env, capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        line = next((x for x in done.stderr.splitlines() if x.startswith("THREADS ")), None)
        if done.returncode != 0 or line is None:
            raise RuntimeError(f"{scene} failed: {done.stderr.strip().splitlines()[-1:]}")
        inside = json.loads(line.removeprefix("THREADS "))
        total = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        return {"video": video_seconds(Path(media)), "main": inside["main"],
                "threads": inside["process"] - inside["main"], "programs": total - inside["process"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--qualities", nargs="+", default=["h"], choices=["l", "m", "h"])
    parser.add_argument("--avx2", action="store_true", help="pin OpenBLAS, NumPy and x264 to their AVX2 code paths")
    parser.add_argument("beats", nargs="*", help="beat names (default: every beat, in the chapter's order)")
    args = parser.parse_args()
    env = avx2_environment() if args.avx2 else dict(os.environ)
    encoder = avx2_encoder_options(ROOT / "manim.cfg") if args.avx2 else []
    print(f"{describe_machine(env)}; x264 {X264_AVX2 if args.avx2 else 'as it finds the CPU'}")
    print(f"{'beat':40s} {'quality':>7s} {'video s':>8s} {'drawing':>8s} {'encoder':>8s} {'programs':>8s}   "
          "(CPU s per video s)  load")
    for beat in [beat_named(name) for name in args.beats] if args.beats else list(BEATS):
        for quality in args.qualities:
            name = f"{beat.name} ({beat.scene})"
            try:
                cpu = measure(beat.file, beat.scene, quality, env, encoder)
            except RuntimeError as exc:
                print(f"{name:40s} {'-q' + quality:>7s}  {exc}")
                continue
            video = cpu["video"]
            print(f"{name:40s} {'-q' + quality:>7s} {video:8.1f} {cpu['main'] / video:8.2f} {cpu['threads'] / video:8.2f} "
                  f"{cpu['programs'] / video:8.2f}   {'':19s} {os.getloadavg()[0]:5.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
