"""Ruled and squared paper lines: find them in candidate ink and take them out, keeping the strokes that cross them.

Paper lines are long, thin, straight and parallel, and run across the whole
picture; a digit's strokes are none of these. Lines are found as thin peaks
of the ink's projection across them, at the tilt (up to ``MAX_TILT`` degrees)
where those peaks are sharpest.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from netcore.steps import Step, rounded

__all__ = ["LINE_CONTRAST", "MAX_TILT", "is_stray_line", "line_thickness", "remove_lines"]

# Lines: a band at most _LINE_THICKNESS of the picture's shorter side thick
# (2 px at least, in small pictures), with ink along _LINE_FILL of the line's
# length within the picture and spread over _LINE_SPAN of it, since paper
# lines run across the whole picture. Their ink is searched among pixels of
# relative contrast LINE_CONTRAST or more (printed lines can be fainter than
# ink). Paper lines tilt with the camera by up to MAX_TILT degrees.
_LINE_THICKNESS = 0.015
_LINE_FILL = 0.5
_LINE_SPAN = 0.85
LINE_CONTRAST = 0.1
# Lines cut short by a corner of a tilted picture count down to this fraction of the longest.
_MIN_CHORD = 0.1
MAX_TILT = 10.0
# A piece of ink at least _STRAY_LENGTH of the picture's long side long, as thin
# as a line and _STRAY_ASPECT times longer than wide is a stray line (a margin, a
# page's edge), not a stroke: a handwritten "1" is 8 to 20 times longer than wide.
_STRAY_LENGTH = 0.5
_STRAY_ASPECT = 30.0
# Points used to search for the lines' angle (a random subset of the ink, seeded).
_ANGLE_POINTS = 20_000


def remove_lines(candidates: np.ndarray, lines: np.ndarray) -> tuple[np.ndarray, Step | None]:
    """Remove ruled and squared lines from the ``candidates`` (a mask of ink), looking for them among the
    ``lines`` mask (fainter marks allowed); keep strokes that cross them. The step is None if no line was found."""
    height, width = lines.shape
    rows, cols = np.nonzero(lines)
    if len(rows) < min(height, width):  # not even one line's worth of ink
        return candidates, None
    angle = _line_angle(rows, cols)
    cos, sin = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    thickness = line_thickness(min(height, width))
    kept = candidates.copy()
    found = {}
    c_rows, c_cols = np.nonzero(candidates)
    # Each family of lines by its unit normal and direction, as (row, column)
    # vectors, and the element that bridges a stroke across one of its lines.
    for name, normal, direction, gap in (
        ("across", (cos, -sin), (sin, cos), (thickness + 3, 1)),
        ("down", (sin, cos), (cos, -sin), (1, thickness + 3)),
    ):
        bands = _line_bands(rows, cols, np.array(normal), np.array(direction), lines.shape, thickness)
        if not bands:
            continue
        found[name] = len(bands)
        position = c_rows * normal[0] + c_cols * normal[1]
        on_line = np.zeros(len(c_rows), bool)
        for start, stop in bands:
            on_line |= (position >= start - 1.5) & (position <= stop + 1.5)
        removed = np.zeros_like(candidates)
        removed[c_rows[on_line], c_cols[on_line]] = True
        kept &= ~removed
        # A stroke crossing the line has ink on both sides: bridge it again
        # (only where ink is left, with a margin the closing needs).
        rows_left, cols_left = np.flatnonzero(kept.any(axis=1)), np.flatnonzero(kept.any(axis=0))
        if len(rows_left):
            box = (slice(max(rows_left[0] - gap[0], 0), rows_left[-1] + gap[0] + 1),
                   slice(max(cols_left[0] - gap[1], 0), cols_left[-1] + gap[1] + 1))
            kept[box] |= removed[box] & ndimage.binary_closing(kept[box], structure=np.ones(gap, bool))
    if not found:
        return candidates, None
    params: dict[str, object] = {"angle": rounded(angle)}
    params.update({f"lines_{k}": v for k, v in found.items()})
    return kept, Step("lines", params)


def _line_angle(rows: np.ndarray, cols: np.ndarray) -> float:
    """The tilt (degrees) at which the ink projects into the sharpest rows and columns."""
    if len(rows) > _ANGLE_POINTS:
        pick = np.random.default_rng(0).choice(len(rows), _ANGLE_POINTS, replace=False)
        rows, cols = rows[pick], cols[pick]
    rows, cols = rows.astype(np.float64), cols.astype(np.float64)

    def sharpness(angle: float) -> float:
        cos, sin = np.cos(np.radians(angle)), np.sin(np.radians(angle))
        total = 0.0
        for position in (rows * cos - cols * sin, cols * cos + rows * sin):
            counts = np.bincount(np.round(position - position.min()).astype(np.int64))
            total += float(np.dot(counts, counts))
        return total

    best = float(max(np.arange(-MAX_TILT, MAX_TILT + 0.5, 1.0), key=sharpness))
    for step in (0.1, 0.01):  # then tenths and hundredths of a degree around the best
        best = float(max(best + np.arange(-5, 6) * step, key=sharpness))
    return best


def _line_bands(
    rows: np.ndarray, cols: np.ndarray, normal: np.ndarray, direction: np.ndarray, shape: tuple[int, int], thickness: int
) -> list[tuple[int, int]]:
    """Thin bands across ``normal`` that each hold one long straight line: (first, last) positions."""
    across = rows * normal[0] + cols * normal[1]
    along = rows * direction[0] + cols * direction[1]
    origin = int(np.floor(across.min()))
    bins = np.round(across - origin).astype(np.int64)
    counts = np.bincount(bins)
    # Only what stands out of its surroundings as a thin peak: ink of the digit
    # lying along a line, or a thick stroke, is wider and is taken off.
    peaks = counts - ndimage.grey_opening(counts, size=2 * thickness + 3)
    longest = max(_chord(position, normal, direction, shape) for position in (0.0, across.min(), across.max()))
    # A line one pixel thick falling between two positions fills each only in part.
    busy = np.flatnonzero(peaks >= _LINE_FILL * _MIN_CHORD * longest / 3.0)
    bands = []
    for run in np.split(busy, np.flatnonzero(np.diff(busy) > 1) + 1) if len(busy) else []:
        # The line's core, where it is at least half as full as at its fullest; its soft edges are less.
        core = run[peaks[run] >= 0.5 * peaks[run].max()]
        # How long the line is within the picture: a tilted line near a corner is short.
        chord = _chord(origin + (core[0] + core[-1]) / 2.0, normal, direction, shape)
        if core[-1] - core[0] >= thickness or chord < _MIN_CHORD * longest or peaks[run].sum() < _LINE_FILL * chord:
            continue
        run = np.arange(core[0], core[-1] + 1)
        inside = (bins >= run[0]) & (bins <= run[-1])
        low, high = np.percentile(along[inside], [1, 99])
        if high - low >= _LINE_SPAN * chord:
            bands.append((int(run[0]) + origin, int(run[-1]) + origin))
    return bands


def _chord(position: float, normal: np.ndarray, direction: np.ndarray, shape: tuple[int, int]) -> float:
    """Length within the picture of the line of points p with p . normal = position."""
    low, high = -np.inf, np.inf
    for axis, size in enumerate(shape):
        start = position * normal[axis]  # the line's point nearest the origin, on this axis
        if abs(direction[axis]) < 1e-12:
            if not 0 <= start <= size - 1:
                return 0.0
            continue
        ends = sorted(((0 - start) / direction[axis], (size - 1 - start) / direction[axis]))
        low, high = max(low, ends[0]), min(high, ends[1])
    return max(0.0, high - low)


def line_thickness(short_side: int) -> int:
    """The thickest a paper line can be, in pixels: printed lines are thinner than any stroke of a digit."""
    return max(2, round(_LINE_THICKNESS * short_side))


def is_stray_line(piece: np.ndarray, thickness: int, long_side: int) -> bool:
    """Whether a piece of ink is one long, thin, straight mark (a margin line, a page edge, a lone ruled line)."""
    rows, cols = np.nonzero(piece)
    if len(rows) < 3:
        return False
    spread = np.linalg.eigvalsh(np.cov(np.stack([rows, cols]).astype(np.float64)))
    # A straight band of length L and width w has variances L^2/12 and w^2/12.
    length, width = np.sqrt(12.0 * spread[1]), np.sqrt(12.0 * max(spread[0], 0.0))
    return length >= _STRAY_LENGTH * long_side and width <= thickness and length >= _STRAY_ASPECT * max(width, 1.0)
