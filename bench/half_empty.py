"""Find half-empty screens: runs of more than 3 s where one half of the frame shows (almost) only background.

It samples a rendered chapter (``Chapter.mp4``, with its ``Chapter.json``
beside it to name the beats) or any clip every 0.5 s and, in each sampled
frame, measures how much of the left, right, top and bottom half holds
anything other than the background colour: each half is cut into 8 x 8
cells, and a half in which fewer than a quarter of the cells hold anything
counts as (almost) empty (a title's end and a three-line note in one corner,
say; a row of pictures across it does not). A figure drawn in thin lines (a
plot's axes and curve) occupies its whole bounding box, as the eye reads it.
A run of empty samples of one half lasting more than 3 s is reported with its
start and end, in the chapter and within its beat. Frames where every half is
empty (the fade between beats, nothing drawn anywhere) end a run rather than
lengthen it; a blank screen of more than 3 s is reported as well.

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
from scipy import ndimage

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scenes"))  # run as a plain script from anywhere; the scenes import kit as Manim runs them

from kit.theme import THEMES  # noqa: E402

# Each theme's background as 0-255 RGB, as the scenes paint it.
BACKGROUNDS = {name: tuple(round(255 * c) for c in theme.background.to_rgb()) for name, theme in THEMES.items()}
HALVES = ("left", "right", "top", "bottom")
DIFFERENT = 40  # a channel this far from the background's is drawn on (JPEG-like noise of H.264 stays well under)
CELLS = 8  # each half is cut into CELLS x CELLS cells
CELL_DRAWN = 0.01  # a cell with more than this share of drawn pixels holds something
EMPTY_SHARE = 0.25  # a half with less than this share of its cells holding something counts as (almost) empty


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
    """The share of each half of an RGB ``frame`` that has something drawn on it.

    Each half is cut into 8 x 8 cells (53 x 30 pixels at 480p); a cell holds
    something if more than 1 % of its pixels differ from ``background``, a
    figure's whole bounding box counting as drawn (see :func:`figures`). The
    share of such cells measures how much of the half is used, wherever it
    is: a 3-line note in one corner uses a few cells, however bright.
    """
    drawn = np.abs(frame.astype(np.int16) - np.array(background, np.int16)).max(axis=2) > DIFFERENT
    h, w = drawn.shape
    parts = {"left": drawn[:, : w // 2], "right": drawn[:, w // 2 :], "top": drawn[: h // 2], "bottom": drawn[h // 2 :]}
    return {half: _used(figures(part)) for half, part in parts.items()}


def figures(part: np.ndarray) -> np.ndarray:
    """``part`` (the drawn pixels of one half) with the bounding box of each figure in it filled in.

    A figure is a connected shape at least one cell wide and one cell tall
    within the half: a plot's axes, ticks and curve, which touch one another,
    or an outline. Drawn in thin lines, it occupies the area it spans, as the
    eye reads it, not only the few pixels of its strokes: without this, a plot
    across a half counted as (almost) empty. Glyphs, words, brackets, lines
    and a shape's sliver reaching over the middle of the frame are smaller
    than a cell in one direction at least, so they count as before.
    """
    h, w = part.shape
    labels, _ = ndimage.label(part, structure=np.ones((3, 3), bool))
    filled = part.copy()
    for rows, cols in ndimage.find_objects(labels):
        if rows.stop - rows.start >= h / CELLS and cols.stop - cols.start >= w / CELLS:
            filled[rows, cols] = True
    return filled


def _used(part: np.ndarray) -> float:
    rows = np.array_split(part, CELLS, axis=0)
    return float(np.mean([cell.mean() > CELL_DRAWN for row in rows for cell in np.array_split(row, CELLS, axis=1)]))


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
    """Runs of more than ``longer`` seconds in which a half stays under the empty share, in time order.

    A blank sample (nothing drawn anywhere: the fade between two beats) is no
    half-empty screen: it ends a run. Blank runs of more than ``longer`` seconds
    are reported as the half ``all``.
    """
    runs = []
    for half in (*HALVES, "all"):
        start = None
        for t, shares in [*samples, (float("inf"), {h: 1.0 for h in HALVES})]:
            blank = not any(shares.values())
            if (blank if half == "all" else not blank and shares[half] < EMPTY_SHARE):
                start = t if start is None else start
                last = t
                continue
            if start is not None and last + every - start > longer + 1e-6:
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
    parser.add_argument("--theme", choices=sorted(BACKGROUNDS), help="the background's theme (default: from Chapter.json, else dark)")
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
