"""How fast each voice speaks, what narration costs a render, and how long the narrated chapter is.

1. Per installed engine: every step's words of every beat (default digit)
   synthesised into an empty cache: seconds of speech per second of synthesis,
   wall and CPU (the CPU figure holds when others share the machine).
2. Per beat given (default: forward): wall time of a ``manim -ql`` render
   silent (``NN_VOICE=none``) and narrated (the default voice), each cold (a
   fresh media folder: no text, TeX or speech cached) and warm (a second
   render into the same folder), the best of ``--repeat`` runs, and the
   ratio narrated / silent.
3. With ``--chapter``: every beat rendered at -ql silent and narrated (warm),
   and the lengths of the chapter both ways.

Usage (from the project root): ``.venv/bin/python bench/voice.py [beat ...] [--chapter]``
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from bench.render import children_cpu_seconds, video_seconds  # noqa: E402
from netcore.choices import DEFAULT_VOICE, Choices  # noqa: E402
from netcore.inputs import load_inputs  # noqa: E402
from storyboard.registry import BEATS, Beat, beat_named  # noqa: E402
from voice.engines import ENGINES  # noqa: E402
from voice.errors import VoiceError  # noqa: E402
from voice.speech import Synthesised  # noqa: E402


def engine_speeds() -> None:
    """Seconds of speech per second of synthesis, per installed engine, over every step of the chapter."""
    inputs = load_inputs(Choices())
    words = [step.words for beat in BEATS for step in beat.build(inputs).steps]
    print(f"{'engine':12s} {'steps':>5s} {'speech s':>9s} {'wall s':>7s} {'cpu s':>6s} {'speech/wall':>12s} {'speech/cpu':>11s}")
    for name, engine in ENGINES.items():
        try:
            engine.check()
        except VoiceError as exc:
            print(f"{name:12s} skipped: {exc}")
            continue
        with tempfile.TemporaryDirectory() as cache:
            voice = Synthesised(engine, Path(cache))
            start, cpu = time.perf_counter(), _cpu_seconds()
            speech = sum(voice.speak(w).duration for w in words)
            wall, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
        print(f"{name:12s} {len(words):5d} {speech:9.1f} {wall:7.1f} {cpu:6.1f} {speech / wall:12.1f} {speech / cpu:11.1f}", flush=True)


def _cpu_seconds() -> float:
    """CPU seconds of this process (reading, joining, normalising) and its finished children (the engines)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime + children_cpu_seconds()


def _render(beat: Beat, media: str, voice: str) -> tuple[float, float, float]:
    """Wall and CPU seconds of one ``manim -ql`` render of ``beat`` into ``media``, and the video's length."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")} | {"NN_VOICE": voice}
    command = [str(Path(sys.executable).with_name("manim")), "-ql", "--disable_caching", "--media_dir", media, beat.file, beat.scene]
    start, cpu = time.perf_counter(), children_cpu_seconds()
    subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
    return time.perf_counter() - start, children_cpu_seconds() - cpu, video_seconds(Path(media))


def render_costs(beats: list[Beat], repeat: int) -> None:
    """Render time silent against narrated, cold and warm, the best of ``repeat`` runs (others share the machine).

    Wall and CPU seconds (the render and its children: LaTeX, Festival), and
    both per second of video: narration makes a clip longer, and a longer
    clip has more frames to draw and encode.
    """
    print(f"\n{'beat':24s} {'voice':>9s} {'video s':>8s} {'cold wall/cpu s':>16s} {'warm wall/cpu s':>16s} {'warm cpu/video s':>17s}")
    for beat in beats:
        times = {}
        for voice in ("none", DEFAULT_VOICE):
            runs = []
            for _ in range(repeat):
                with tempfile.TemporaryDirectory() as media:
                    cold = _render(beat, media, voice)
                    runs.append((cold, _render(beat, media, voice)))
            best = [min(r[i][k] for r in runs) for i in (0, 1) for k in (0, 1)]
            length = runs[0][0][2]
            times[voice] = (*best, length)
            print(
                f"{beat.name:24s} {voice:>9s} {length:8.1f} {best[0]:7.1f} / {best[1]:6.1f} {best[2]:7.1f} / {best[3]:6.1f} {best[3] / length:17.3f}",
                flush=True,
            )
        silent, narrated = times["none"], times[DEFAULT_VOICE]
        ratios = [narrated[i] / silent[i] for i in range(4)]
        per_second = (narrated[3] / narrated[4]) / (silent[3] / silent[4])
        print(
            f"{'':24s} {'ratio':>9s} {narrated[4] / silent[4]:8.2f} {ratios[0]:7.2f} / {ratios[1]:6.2f} "
            f"{ratios[2]:7.2f} / {ratios[3]:6.2f} {per_second:17.2f}"
        )


def chapter_lengths() -> None:
    """The chapter's length silent and narrated: every beat rendered at -ql both ways."""
    totals = {"none": 0.0, DEFAULT_VOICE: 0.0}
    print(f"\n{'beat':24s} {'silent s':>9s} {'narrated s':>11s}")
    for beat in BEATS:
        lengths = []
        for voice in totals:
            with tempfile.TemporaryDirectory() as media:
                lengths.append(_render(beat, media, voice)[2])
            totals[voice] += lengths[-1]
        print(f"{beat.name:24s} {lengths[0]:9.1f} {lengths[1]:11.1f}", flush=True)
    print(f"{'chapter':24s} {totals['none']:9.1f} {totals[DEFAULT_VOICE]:11.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("beats", nargs="*", help="beats to render (default: forward)")
    parser.add_argument("--repeat", type=int, default=3, help="renders of each kind, the best counts (default 3)")
    parser.add_argument("--chapter", action="store_true", help="also render every beat both ways for the chapter's length")
    args = parser.parse_args()
    engine_speeds()
    render_costs([beat_named(name) for name in args.beats or ["forward"]], args.repeat)
    if args.chapter:
        chapter_lengths()
    return 0


if __name__ == "__main__":
    sys.exit(main())
