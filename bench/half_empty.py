"""Find half-empty screens: runs of more than 3 s where one half of the frame shows (almost) only background.

It samples a rendered chapter (``Chapter.mp4``, with its ``Chapter.json``
beside it to name the beats) or any clip every 0.5 s and, in each sampled
frame, measures for the left, right, top and bottom half the share of pixels
that differ from the background colour. A half whose share is under 0.15 %
counts as empty (a single 16-point word at 480p covers about 0.2 % of a half;
a fading curtain, compression noise and the thin frame of a box do not count).
A run of empty samples of one half lasting more than 3 s is reported with its
start and end, in the chapter and within its beat. Frames where every half is
empty (the fade between beats) are left out of the runs' counting only if
they are shorter than the limit too: a black screen of more than 3 s is
reported as well.

Usage (from the project root):
``.venv/bin/python bench/half_empty.py media/videos/chapter/480p15/Chapter.mp4 [--every 0.5] [--longer 3]``.
The theme (its background colour) comes from ``Chapter.json``'s inputs, or
``--theme dark|light`` for a clip without one. Exit status 1 if a run is found.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

BACKGROUNDS = {"dark": (0, 0, 0), "light": (255, 255, 255)}  # the themes' background colours (scenes/kit/theme.py)
HALVES = ("left", "right", "top", "bottom")
DIFFERENT = 40  # a channel this far from the background's is drawn on (JPEG-like noise of H.264 stays well under)
EMPTY_SHARE = 0.0015  # under this share of drawn pixels a half counts as empty


@dataclass(frozen=True)
class Run:
    """One half empty from ``start`` to ``end`` (seconds in the video)."""

    half: str
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


def drawn_shares(frame: np.ndarray, background: tuple[int, int, int]) -> dict[str, float]:
    """The share of pixels in each half of an RGB ``frame`` that differ from ``background``."""
    drawn = (np.abs(frame.astype(np.int16) - np.array(background, np.int16)).max(axis=2) > DIFFERENT)
    h, w = drawn.shape
    parts = {"left": drawn[:, : w // 2], "right": drawn[:, w // 2 :], "top": drawn[: h // 2], "bottom": drawn[h // 2 :]}
    return {half: float(part.mean()) for half, part in parts.items()}


def sampled(video: Path, every: float):
    """(time, RGB frame) for the first frame at or after 0, ``every``, 2 ``every``, ..."""
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        wanted = 0.0
        for frame in container.decode(stream):
            t = float(frame.pts * stream.time_base)
            if t + 1e-6 >= wanted:
                yield t, frame.to_ndarray(format="rgb24")
                wanted = (int(t / every + 1e-6) + 1) * every


def empty_runs(samples: list[tuple[float, dict[str, float]]], every: float, longer: float) -> list[Run]:
    """Runs of more than ``longer`` seconds in which a half stays under the empty share, in time order."""
    runs = []
    for half in HALVES:
        start = None
        for t, shares in [*samples, (float("inf"), {h: 1.0 for h in HALVES})]:
            if shares[half] < EMPTY_SHARE:
                start = t if start is None else start
                last = t
                continue
            if start is not None and last + every - start > longer:
                runs.append(Run(half, start, last + every))
            start = None
    return sorted(runs, key=lambda r: (r.start, r.half))


def beat_at(index: list[dict], t: float) -> tuple[str, float]:
    """The beat playing at ``t`` seconds into the chapter, and ``t`` within it."""
    current = index[0] if index else {"beat": "-", "start": 0.0}
    for entry in index:
        if entry["start"] <= t + 1e-6:
            current = entry
    return current["beat"], t - current["start"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("--every", type=float, default=0.5, help="seconds between sampled frames (default 0.5)")
    parser.add_argument("--longer", type=float, default=3.0, help="report runs longer than this (default 3 s)")
    parser.add_argument("--theme", choices=sorted(BACKGROUNDS), help="the background's theme (default: from Chapter.json)")
    args = parser.parse_args()
    index_file = args.video.with_suffix(".json")
    index = json.loads(index_file.read_text()) if index_file.is_file() else {}
    theme = args.theme or index.get("inputs", {}).get("theme", "dark")
    background = BACKGROUNDS[theme]
    samples = [(t, drawn_shares(frame, background)) for t, frame in sampled(args.video, args.every)]
    runs = empty_runs(samples, args.every, args.longer)
    print(f"{args.video} ({theme}): {len(samples)} frames sampled every {args.every} s, "
          f"{len(runs)} run(s) longer than {args.longer} s with a half (almost) empty")
    for run in runs:
        beat, within = beat_at(index.get("beats", []), run.start)
        print(f"  {run.half:6} empty {run.start:7.1f}-{run.end:7.1f} s ({run.seconds:4.1f} s)  {beat} at {within:5.1f} s")
    return 1 if runs else 0


if __name__ == "__main__":
    sys.exit(main())
