"""How fast each voice speaks, what narration costs a render, and how long the narrated chapter is.

1. Per installed engine: every step's words of every beat (default digit)
   synthesised into an empty cache: seconds of speech per second of synthesis.
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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from bench.render import video_seconds  # noqa: E402
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
    print(f"{'engine':12s} {'steps':>5s} {'speech s':>9s} {'synthesis s':>12s} {'speech/synthesis':>17s}")
    for name, engine in ENGINES.items():
        try:
            engine.check()
        except VoiceError as exc:
            print(f"{name:12s} skipped: {exc}")
            continue
        with tempfile.TemporaryDirectory() as cache:
            voice = Synthesised(engine, Path(cache))
            start = time.perf_counter()
            speech = sum(voice.speak(w).duration for w in words)
            wall = time.perf_counter() - start
        print(f"{name:12s} {len(words):5d} {speech:9.1f} {wall:12.1f} {speech / wall:17.1f}", flush=True)


def _render(beat: Beat, media: str, voice: str) -> tuple[float, float]:
    """Wall seconds of one ``manim -ql`` render of ``beat`` into ``media``, and the video's length."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")} | {"NN_VOICE": voice}
    command = [str(Path(sys.executable).with_name("manim")), "-ql", "--disable_caching", "--media_dir", media, beat.file, beat.scene]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
    return time.perf_counter() - start, video_seconds(Path(media))


def render_costs(beats: list[Beat], repeat: int) -> None:
    """Render time silent against narrated, cold and warm, the best of ``repeat`` runs (others share the machine)."""
    print(f"\n{'beat':24s} {'voice':>9s} {'video s':>8s} {'cold s':>7s} {'warm s':>7s}")
    for beat in beats:
        times = {}
        for voice in ("none", DEFAULT_VOICE):
            runs = []
            for _ in range(repeat):
                with tempfile.TemporaryDirectory() as media:
                    cold, length = _render(beat, media, voice)
                    runs.append((cold, _render(beat, media, voice)[0]))
            cold, warm = min(r[0] for r in runs), min(r[1] for r in runs)
            times[voice] = (cold, warm)
            print(f"{beat.name:24s} {voice:>9s} {length:8.1f} {cold:7.1f} {warm:7.1f}", flush=True)
        (cold_none, warm_none), (cold_voice, warm_voice) = times["none"], times[DEFAULT_VOICE]
        print(f"{'':24s} {'ratio':>9s} {'':8s} {cold_voice / cold_none:7.2f} {warm_voice / warm_none:7.2f}")


def chapter_lengths() -> None:
    """The chapter's length silent and narrated: every beat rendered at -ql both ways."""
    totals = {"none": 0.0, DEFAULT_VOICE: 0.0}
    print(f"\n{'beat':24s} {'silent s':>9s} {'narrated s':>11s}")
    for beat in BEATS:
        lengths = []
        for voice in totals:
            with tempfile.TemporaryDirectory() as media:
                lengths.append(_render(beat, media, voice)[1])
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
