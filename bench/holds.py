"""Still holds: where the picture stands still for more than 3 s while the voice goes on talking.

Each beat given (default: every beat) is rendered narrated at ``-ql`` (the
default voice) into ``--media`` (kept, so a second run reuses Manim's and the
voice's caches), then its video is read back: every frame is compared with
the one before (a frame is still when no pixel of it moved by more than 12
of 255, which ignores the encoder's noise), and its sound tells when the
voice speaks (a 10 ms frame louder than -40 dBFS; pauses under 0.6 s, between
phrases, count as speaking). A hold is a stretch of still frames over which
the voice speaks for more than ``--longest`` seconds (default 3); each is
listed with its beat, step, start, length and the words said over it
(the subtitles), and the beat's total.

Usage (from the project root): ``.venv/bin/python bench/holds.py [beat ...] [--media DIR] [--longest S]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import srt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from storyboard.registry import BEATS, Beat, beat_named  # noqa: E402
from voice.audio import RATE, read_audio  # noqa: E402

MOVED = 12  # a pixel moved when a channel changed by more than this (of 255)
SPEECH = 10 ** (-40 / 20)  # a 10 ms frame this loud (RMS) holds speech
PAUSE = 0.6  # seconds: a shorter silence between words still counts as speaking


@dataclass(frozen=True)
class Hold:
    """A stretch of still picture while the voice speaks."""

    beat: str
    step: str
    start: float
    still: float  # seconds the picture stands still
    spoken: float  # seconds of it the voice speaks over
    words: str


def render(beat: Beat, media: Path) -> Path:
    """The beat's narrated -ql video (and its sections and subtitles), rendered into ``media``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")}
    command = [str(Path(sys.executable).with_name("manim")), "-ql", "--save_sections", "--media_dir", str(media), beat.file, beat.scene]
    subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
    return media / "videos" / beat.module / "480p15" / f"{beat.scene}.mp4"


def still_frames(video: Path) -> tuple[np.ndarray, float]:
    """For each frame, whether it is the same picture as the one before; and the frame rate."""
    still, previous = [], None
    with av.open(str(video)) as container:
        rate = float(container.streams.video[0].guessed_rate)
        for frame in container.decode(video=0):
            picture = frame.to_ndarray(format="rgb24").astype(np.int16)
            still.append(previous is not None and int(np.abs(picture - previous).max()) <= MOVED)
            previous = picture
    return np.array(still), rate


def speaking(video: Path, seconds: float, rate: float) -> np.ndarray:
    """For each video frame, whether the voice is speaking then (short pauses included)."""
    sound = read_audio(video)
    n = RATE // 100
    levels = np.sqrt(np.mean(sound[: len(sound) // n * n].reshape(-1, n).astype(np.float64) ** 2, axis=1))
    loud = levels > SPEECH
    # Close pauses shorter than PAUSE: a silent run between two loud frames that short is speech.
    edges = np.flatnonzero(np.diff(loud.astype(np.int8)))
    for start, end in zip(edges[1::2] + 1, edges[2::2] + 1):  # silent runs between loud frames
        if (end - start) / 100 < PAUSE:
            loud[start:end] = True
    times = np.arange(round(seconds * rate)) / rate
    return loud[np.minimum((times * 100).astype(int), len(loud) - 1)] if len(loud) else np.zeros(len(times), bool)


def holds(beat: Beat, video: Path, longest: float) -> list[Hold]:
    """The beat's still holds over which the voice speaks for more than ``longest`` seconds."""
    still, rate = still_frames(video)
    talk = speaking(video, len(still) / rate, rate)
    index = json.loads((video.parent / "sections" / f"{video.stem}.json").read_text())
    starts = np.cumsum([0] + [int(s["nb_frames"]) for s in index])
    cues = list(srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")))
    found, i = [], 0
    while i < len(still):
        if not still[i]:
            i += 1
            continue
        j = i
        while j < len(still) and still[j]:
            j += 1
        spoken = float(talk[i:j].sum()) / rate
        if spoken > longest:
            step = index[int(np.searchsorted(starts, i, side="right")) - 1]["name"]
            a, b = i / rate, j / rate
            words = " ".join(c.content.replace("\n", " ") for c in cues if c.start.total_seconds() < b and c.end.total_seconds() > a)
            found.append(Hold(beat.name, step, round(a, 2), round(b - a, 2), round(spoken, 2), words))
        i = j
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("beats", nargs="*", help="beats to measure (default: every beat)")
    parser.add_argument("--media", type=Path, default=ROOT / "media" / "holds", help="media folder to render into (kept)")
    parser.add_argument("--longest", type=float, default=3.0, help="seconds of speech over a still picture allowed (default 3)")
    args = parser.parse_args()
    beats = [beat_named(name) for name in args.beats] if args.beats else list(BEATS)
    total = 0
    print(f"{'beat':24s} {'step':18s} {'at s':>6s} {'still s':>8s} {'spoken s':>9s}  words said over it")
    for beat in beats:
        video = render(beat, args.media)
        found = holds(beat, video, args.longest)
        for h in found:
            print(f"{h.beat:24s} {h.step:18s} {h.start:6.1f} {h.still:8.1f} {h.spoken:9.1f}  {h.words[:90]}", flush=True)
        if not found:
            print(f"{beat.name:24s} {'(none)':18s}", flush=True)
        total += len(found)
    print(f"{total} still holds over {args.longest:g} s of speech in {len(beats)} beats")
    return 0


if __name__ == "__main__":
    sys.exit(main())
