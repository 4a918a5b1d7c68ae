"""Numbers of "the hope" beat: real sample digits cut into loops and lines, and a loop cut into edges.

The beat illustrates what one might hope hidden layers do; nothing here is
measured from the network. The shapes are real, though: each part is a set
of a real digit's own pixels. A loop is the ink around a hole (background
that does not reach the border), a line the largest piece of ink left once
the loops are taken; every other ink pixel joins the nearest part, so the
parts add up to the digit exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from netcore.errors import NetcoreError
from netcore.inputs import SceneInputs
from netcore.samples import Sample, load_sample

__all__ = [
    "EDGE_ANGLES",
    "DigitParts",
    "HopeNumbers",
    "LOOP",
    "LINE",
    "Part",
    "bounding_box",
    "digit_parts",
    "hope_numbers",
    "loop_edges",
]

LOOP, LINE = "loop", "line"
# Pixels at least this dark are solid ink: holes are looked for in solid ink, so a faint
# grey rim never closes a gap that is not a loop.
SOLID = 0.5
# A hole smaller than this (pixels) is a gap inside a thick stroke, not the inside of a loop.
MIN_HOLE = 8
# Ink within this distance (pixels) of a hole is that hole's loop: about a stroke's width.
RING = 3.0
# A leftover piece of ink this big (pixels) is a line; smaller ones are a stroke's rim.
MIN_LINE = 20
# The four edges of a loop, by the direction (degrees, anticlockwise from the right) of
# their middle seen from the hole's centre: top, right, bottom, left.
EDGE_ANGLES = (90, 0, 270, 180)
# The digits the beat breaks up: a 9 (a loop over a line) and an 8 (a loop over a loop).
WANTED = ((9, (LOOP, LINE)), (8, (LOOP, LOOP)))


@dataclass(frozen=True)
class Part:
    """A loop or a line of a digit: a mask of its pixels and those pixels' grey levels."""

    kind: str  # LOOP or LINE
    mask: np.ndarray  # (28, 28) bool
    pixels: np.ndarray  # (28, 28) grey levels inside the mask, 0 elsewhere
    centre: np.ndarray  # (row, col) of its centre of mass


@dataclass(frozen=True)
class DigitParts:
    """A sample digit and its parts: loops top to bottom, then the line, if any."""

    sample_index: int
    source_index: int  # its index in train10k
    label: int
    pixels: np.ndarray
    parts: list[Part]
    holes: list[np.ndarray]  # one (28, 28) bool mask per loop, in the same order
    box: list[int]  # its ink's bounding box, one pixel wider each side: top, bottom, left, right (ends excluded)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(part.kind for part in self.parts)


@dataclass(frozen=True)
class HopeNumbers:
    """Every number the hope beat shows: the digits, their parts, and the first digit's top loop as edges."""

    digits: list[DigitParts]
    edges: list[np.ndarray]  # (28, 28) grey levels of each edge of digits[0]'s top loop
    edge_angles: list[int]
    edges_box: list[int]  # that loop's bounding box, as DigitParts.box
    sample_size: int


def _part(kind: str, mask: np.ndarray, pixels: np.ndarray) -> Part:
    values = np.where(mask, pixels, 0.0)
    return Part(kind, mask, values, np.array(ndimage.center_of_mass(values)))


def digit_parts(pixels: np.ndarray) -> tuple[list[Part], list[np.ndarray]]:
    """A digit's loops (top first) and line, and each loop's hole.

    Every ink pixel (value above 0) belongs to exactly one part.
    """
    ink = pixels > 0
    solid = pixels >= SOLID
    labelled, count = ndimage.label(ndimage.binary_fill_holes(solid) & ~solid)
    holes = [labelled == k for k in range(1, count + 1) if np.sum(labelled == k) >= MIN_HOLE]
    holes.sort(key=lambda hole: ndimage.center_of_mass(hole)[0])
    # Distance of every pixel to each hole; a ring pixel belongs to its nearest hole.
    distance = np.array([ndimage.distance_transform_edt(~hole) for hole in holes]).reshape(len(holes), *pixels.shape)
    seeds = []
    if holes:
        nearest = np.argmin(distance, axis=0)
        seeds = [(LOOP, ink & (distance[k] <= RING) & (nearest == k)) for k in range(len(holes))]
    taken = np.any([mask for _, mask in seeds], axis=0) if seeds else np.zeros_like(ink)
    pieces, count = ndimage.label(ink & ~taken, structure=np.ones((3, 3)))
    if count:
        sizes = ndimage.sum(np.ones_like(pixels), pieces, range(1, count + 1))
        if sizes.max() >= MIN_LINE:
            seeds.append((LINE, pieces == 1 + int(np.argmax(sizes))))
    if not seeds:
        return [], []
    # Every other ink pixel (a stroke's rim, a small blot) joins the part it is nearest to.
    reach = np.array([ndimage.distance_transform_edt(~mask) for _, mask in seeds])
    owner = np.argmin(reach, axis=0)
    parts = [_part(kind, ink & (owner == k), pixels) for k, (kind, _) in enumerate(seeds)]
    return parts, holes


def loop_edges(part: Part, hole: np.ndarray) -> list[np.ndarray]:
    """The loop's pixels cut into four edges by their direction from the hole's centre (see EDGE_ANGLES)."""
    rows, cols = np.indices(part.mask.shape)
    centre_row, centre_col = ndimage.center_of_mass(hole)
    # Rows grow downwards, so "up" is a negative row offset.
    angle = np.degrees(np.arctan2(centre_row - rows, cols - centre_col)) % 360
    sector = np.rint(angle / 90).astype(int) % 4  # 0 right, 1 top, 2 left, 3 bottom
    return [np.where(part.mask & (sector == (a // 90)), part.pixels, 0.0) for a in EDGE_ANGLES]


def bounding_box(mask: np.ndarray, margin: int = 1) -> list[int]:
    """Top, bottom, left, right (ends excluded) of the mask's pixels, ``margin`` wider each side within the image."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    height, width = mask.shape
    return [
        max(int(rows[0]) - margin, 0),
        min(int(rows[-1]) + 1 + margin, height),
        max(int(cols[0]) - margin, 0),
        min(int(cols[-1]) + 1 + margin, width),
    ]


def _clearest(sample: Sample, label: int, kinds: tuple[str, ...]) -> DigitParts:
    """The sample digit with ``label`` whose parts are exactly ``kinds`` (loops top to bottom, then a line)
    and whose smallest part is the largest: every part is clearly there. Ties go to the lower index."""
    best: tuple[int, DigitParts] | None = None
    for index in np.flatnonzero(sample.labels == label):
        pixels = sample.images[index].astype(np.float64) / 255.0
        parts, holes = digit_parts(pixels)
        if tuple(p.kind for p in parts) != kinds:
            continue
        smallest = int(min(part.mask.sum() for part in parts))
        if best is None or smallest > best[0]:
            found = DigitParts(int(index), int(sample.source_indices[index]), label, pixels, parts, holes, bounding_box(pixels > 0))
            best = (smallest, found)
    if best is None:
        raise NetcoreError(f"no {label} in the sample breaks into {' and '.join(kinds)}")
    return best[1]


def hope_numbers(inputs: SceneInputs, sample: Sample | None = None) -> HopeNumbers:
    """The hope beat's numbers: from the shipped sample, whatever the chosen digit (the beat says so)."""
    sample = sample if sample is not None else load_sample()
    digits = [_clearest(sample, label, kinds) for label, kinds in WANTED]
    first = digits[0]
    loop = first.parts[0]
    return HopeNumbers(digits, loop_edges(loop, first.holes[0]), list(EDGE_ANGLES), bounding_box(loop.mask), len(sample))
