"""Find the ink of one handwritten digit in a grey photo or scan, and nothing else.

A classroom photo is not an MNIST digit: the paper is lit unevenly (200 grey
on one side, 110 on the other), a hand or a phone casts a shadow, the paper is
ruled or squared, there is dust, and the digit is small somewhere on a large
page. :func:`find_ink` turns such a picture into ink strength in [0, 1]
(0 = paper) on the digit's pixels only, in these steps:

1. **polarity**: the paper is the border's median grey; ink is dark on light
   paper or light on a dark background, whichever reaches further from it;
2. **paper**: paper that is evenly lit along the border is taken as one level,
   as MNIST's scans were. Otherwise the light is estimated pixel by pixel by a
   grey opening (SciPy) wider than three strokes: it removes every stroke and
   keeps gradients and shadow edges, which are wider;
3. **threshold**: ink must differ from the paper by five times the paper's
   noise and by ``MIN_CONTRAST``; its strength is its contrast divided by the
   local paper's (so ink in a shadow counts as much as ink in the light);
4. **lines**: ruled and squared lines are found as families of at least two
   long, thin, parallel, straight bands (any tilt up to ``MAX_TILT``) and
   removed, except where a stroke crosses them;
5. **digit**: specks (pieces much lighter than the biggest) and stray long
   thin straight marks are dropped; the digit is the heaviest piece with the
   pieces near it.

Refused with a one-line :class:`NetcoreError`: no ink at all, ink too small to
be a digit (a speck of dust), and two or more separate digit-sized marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image
from scipy import ndimage

from netcore.errors import NetcoreError

__all__ = ["MIN_CONTRAST", "MIN_DIGIT", "Step", "find_ink", "stroke_width"]

# Ink must differ from the paper by at least this much (grey levels in [0, 1]):
# about 25 of 255 levels, more than JPEG noise on a blank sheet.
MIN_CONTRAST = 0.1
# Ink below this fraction of the typical stroke level is paper: shadows, texture,
# JPEG ringing. MNIST digits themselves have almost nothing so faint.
_MIN_INK = 0.25
# A connected piece of ink weighing less than this fraction of the biggest piece
# is a speck of dust or noise, not part of the digit (whose pieces are larger).
_MIN_PIECE = 0.03
# The digit's longer side must reach this fraction of the picture's shorter
# side, and MIN_DIGIT_PIXELS: a digit photographed from so far that it is
# smaller is unreadable anyway, and a lone speck of dust is refused.
MIN_DIGIT = 0.04
MIN_DIGIT_PIXELS = 8
# Pieces of ink further than this fraction of the biggest piece's size from it
# are not part of the same digit.
_NEAR = 0.3
# Another piece at least this heavy and this tall (fractions of the digit's)
# and clearly apart from it is a second digit.
_SECOND_MASS = 0.25
_SECOND_HEIGHT = 0.7
_SECOND_GAP = 0.1
# Lines: a band at most _LINE_THICKNESS of the picture's shorter side thick
# (and at most 2 px in small pictures), with ink along _LINE_FILL of the
# line's length within the picture and spread over _LINE_SPAN of it, since
# paper lines run across the whole picture; relative contrast at least
# _LINE_CONTRAST. Paper lines tilt
# with the camera by up to MAX_TILT degrees.
_LINE_THICKNESS = 0.015
_LINE_FILL = 0.5
_LINE_SPAN = 0.85
_LINE_CONTRAST = 0.1
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


@dataclass(frozen=True)
class Step:
    """One preprocessing step applied to an image: its name and its parameters (JSON-ready)."""

    name: str
    params: dict[str, object] = field(default_factory=dict)


def find_ink(grey: np.ndarray) -> tuple[np.ndarray, list[Step]]:
    """Ink strength in [0, 1] (0 = paper) of the one digit in ``grey`` (2-D float in [0, 1]), and the steps taken.

    Raises :class:`NetcoreError` when there is no ink, when the only ink is
    too small to be a digit, or when two or more digits are found.
    """
    steps: list[Step] = []
    paper_level, dark = _polarity(grey)
    # From here on ink is high and the paper low, whatever the picture's polarity.
    signal = 1.0 - grey if dark else grey
    steps.append(Step("polarity", {"ink": "dark on light" if dark else "light on dark", "paper": _r(paper_level)}))

    paper, noise, window = _paper(signal, 1.0 - paper_level if dark else paper_level)
    if window is None:
        steps.append(Step("paper", {"light": "even"}))
    else:
        grey_paper = (1.0 - paper) if dark else paper
        params = {"light": "uneven", "window": window, "darkest": _r(grey_paper.min()), "brightest": _r(grey_paper.max())}
        steps.append(Step("paper", params))
    raw = np.clip(signal - paper, 0.0, None)
    # Contrast relative to what the paper leaves to reach full ink (1): ink in a
    # shadow, whose absolute contrast is smaller, counts as much as ink in the light.
    reach = np.maximum(1.0 - paper, 0.05)
    contrast = raw / reach
    candidates = raw > max(5.0 * noise, MIN_CONTRAST)
    if not candidates.any():
        raise NetcoreError("no ink found: the image is blank or its marks are too faint")
    steps.append(Step("threshold", {"noise": _r(noise), "min_contrast": _r(max(5.0 * noise, MIN_CONTRAST))}))

    lines = (contrast > _LINE_CONTRAST) & (raw > 3.0 * noise)
    candidates, line_step = _remove_lines(candidates, lines)
    if line_step is not None:
        steps.append(line_step)
    if not candidates.any():
        raise NetcoreError("no ink found: the image is blank or its marks are too faint (only paper lines)")

    digit, pieces = _digit(candidates, contrast, min(grey.shape))
    steps.append(pieces)
    # The typical stroke level (not the single darkest pixel, which may be a
    # speck) becomes 1, so pencil and felt pen come out alike.
    level = float(np.percentile(contrast[digit], 90))
    # The digit and its soft edges, one pixel around it; none of the rest.
    left, top, right, bottom = pieces.params["box"]
    near = (slice(max(top - 1, 0), bottom + 1), slice(max(left - 1, 0), right + 1))
    ink = np.zeros(grey.shape)
    part = np.clip(contrast[near] / level, 0.0, 1.0)
    part[~ndimage.binary_dilation(digit[near], structure=np.ones((3, 3)))] = 0.0
    reach_near = reach[near] if np.ndim(reach) else reach
    part[part < np.minimum(np.maximum(_MIN_INK, 5.0 * noise / (reach_near * level)), 0.5)] = 0.0
    ink[near] = part
    steps.append(Step("ink", {"level": _r(level)}))
    return ink, steps


def stroke_width(mask: np.ndarray) -> float:
    """Mean stroke width in pixels of a boolean ink mask, as 2 x area / perimeter (exact for long strokes)."""
    padded = np.pad(mask, 1)
    perimeter = np.count_nonzero(padded[1:] != padded[:-1]) + np.count_nonzero(padded[:, 1:] != padded[:, :-1])
    return 2.0 * np.count_nonzero(mask) / perimeter if perimeter else 0.0


def _r(value: float) -> float:
    """A number rounded for the steps' record."""
    return round(float(value), 4)


def _border(grey: np.ndarray) -> np.ndarray:
    """The pixels of a band along the picture's four edges (a twentieth of its shorter side)."""
    height, width = grey.shape
    band = max(1, min(height, width) // 20)
    return np.concatenate([grey[:band].ravel(), grey[-band:].ravel(), grey[:, :band].ravel(), grey[:, -band:].ravel()])


def _polarity(grey: np.ndarray) -> tuple[float, bool]:
    """The paper's grey level and whether the ink is darker than the paper."""
    # The border is mostly paper even where strokes touch it, so its median is
    # the paper's level; the ink lies on the side (darker or lighter) that
    # reaches further from it.
    paper = float(np.median(_border(grey)))
    return paper, paper - float(grey.min()) > float(grey.max()) - paper


def _paper(signal: np.ndarray, border_level: float) -> tuple[np.ndarray | float, float, int | None]:
    """The paper under every pixel (ink high), the paper's noise, and the opening's width (None if evenly lit)."""
    border = _border(signal)
    low, high = np.percentile(border, [10, 90])
    if high - low <= MIN_CONTRAST:
        # Evenly lit (its light varies less than ink must differ from it): one
        # level, as MNIST's scans had, and the noise from the border's robust spread.
        noise = max(1.4826 * float(np.median(np.abs(border - border_level))), 1.0 / 255.0)
        return border_level, noise, None
    short = min(signal.shape)
    size = max(3, short // 6)
    opened = _opening(signal, size)
    # The opening must be wider than any stroke, or thick strokes would count
    # as paper: measure the strokes it found and widen it if they are thick.
    wide = min(short, int(np.ceil(3.0 * stroke_width(signal - opened > MIN_CONTRAST))))
    if wide > size:
        size = wide
        opened = _opening(signal, size)
    # The opening follows the paper's darkest grains; shift it to the paper's
    # middle. A regular sample of the pixels gives the statistics in a fraction of the time.
    residual = _sample(signal - opened)
    offset = float(np.median(residual))
    noise = max(1.4826 * float(np.median(np.abs(residual - offset))), 1.0 / 255.0)
    return opened + offset, noise, size


def _opening(signal: np.ndarray, size: int) -> np.ndarray:
    """A grey opening of ``signal`` (erosion, then dilation) by a square ``size`` pixels wide.

    The paper's light varies over far more than a sixteenth of the square, so
    the opening is computed on blocks of that side (each block's darkest
    pixel: itself an erosion) and brought back to full size by bilinear
    interpolation; this is some fifty times faster on a photo.
    """
    block = max(1, size // 16)
    height, width = signal.shape
    padded = np.pad(signal, ((0, -height % block), (0, -width % block)), mode="edge")
    rows, cols = padded.shape[0] // block, padded.shape[1] // block
    blocks = padded.reshape(rows, block, cols, block).min(axis=(1, 3))
    reach = max(1, round(size / block))
    small = ndimage.grey_dilation(ndimage.grey_erosion(blocks, size=(reach, reach)), size=(reach, reach))
    if block == 1:
        return small
    image = Image.fromarray(small.astype(np.float32)).resize(padded.shape[::-1], Image.Resampling.BILINEAR)
    return np.asarray(image, dtype=np.float64)[:height, :width]


def _sample(array: np.ndarray, count: int = 100_000) -> np.ndarray:
    """About ``count`` values of ``array`` taken at a regular stride (all of them if fewer)."""
    flat = array.ravel()
    return flat[:: max(1, len(flat) // count)]


def _remove_lines(candidates: np.ndarray, lines: np.ndarray) -> tuple[np.ndarray, Step | None]:
    """Remove ruled and squared lines from the candidate ink; keep strokes that cross them."""
    height, width = lines.shape
    rows, cols = np.nonzero(lines)
    if len(rows) < min(height, width):  # not even one line's worth of ink
        return candidates, None
    angle = _line_angle(rows, cols)
    cos, sin = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    thickness = _line_thickness(min(height, width))
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
    params: dict[str, object] = {"angle": _r(angle)}
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


def _digit(candidates: np.ndarray, contrast: np.ndarray, short_side: int) -> tuple[np.ndarray, Step]:
    """The digit's pixels among the candidates: the heaviest digit-sized piece and the pieces near it."""
    labels, count = ndimage.label(candidates, structure=np.ones((3, 3)))
    mass = np.bincount(labels.ravel(), weights=contrast.ravel(), minlength=count + 1)[1:]
    boxes = np.array([_extent(box) for box in ndimage.find_objects(labels)])  # top, left, bottom, right
    keep = mass >= _MIN_PIECE * mass.max()
    specks = int(np.count_nonzero(~keep))
    thickness = _line_thickness(short_side)
    strays = 0
    for i in np.flatnonzero(keep):
        top, left, bottom, right = boxes[i]
        if _is_stray_line(labels[top:bottom, left:right] == i + 1, thickness, max(candidates.shape)):
            keep[i], strays = False, strays + 1
    if not keep.any():
        raise NetcoreError("no ink found: the image holds only lines and specks")
    heights = boxes[:, 2] - boxes[:, 0]
    # Pieces as heavy and as tall as a digit could be one; the heaviest of them is the digit.
    digit_sized = keep & (mass >= _SECOND_MASS * mass[keep].max()) & (heights >= _SECOND_HEIGHT * heights[keep].max())
    main = int(np.argmax(np.where(digit_sized, mass, -1.0)))
    size = int(max(heights[main], boxes[main, 3] - boxes[main, 1]))
    for i in np.flatnonzero(digit_sized):
        if _gap(boxes[i], boxes[main]) > _SECOND_GAP * size:
            raise NetcoreError(
                "found two or more separate digits (marks as large as a digit, apart): show one digit only, "
                "or crop the image to it"
            )
    # The digit's other pieces (a detached bar, a broken stroke) lie near it.
    chosen = np.zeros(count, bool)
    chosen[main] = True
    box = boxes[main].copy()
    while True:
        near = keep & ~chosen & np.array([_gap(other, box) <= _NEAR * size for other in boxes])
        if not near.any():
            break
        chosen |= near
        box = np.concatenate([boxes[chosen, :2].min(axis=0), boxes[chosen, 2:].max(axis=0)])
    height, width = int(box[2] - box[0]), int(box[3] - box[1])
    needed = max(MIN_DIGIT_PIXELS, MIN_DIGIT * short_side)
    if max(height, width) < needed:
        raise NetcoreError(
            f"no digit found: the only ink is a speck of {width}x{height} pixels "
            f"(a digit needs at least {int(np.ceil(needed))}); photograph the digit larger"
        )
    params = {"pieces": int(np.count_nonzero(chosen)), "specks_removed": specks, "stray_lines_removed": strays}
    params["box"] = [int(box[1]), int(box[0]), int(box[3]), int(box[2])]  # left, top, right, bottom
    return np.isin(labels, np.flatnonzero(chosen) + 1), Step("digit", params)


def _gap(a: np.ndarray, b: np.ndarray) -> int:
    """Pixels of paper between two boxes (top, left, bottom, right), along whichever axis separates them most."""
    return int(max(a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3], 0))


def _line_thickness(short_side: int) -> int:
    """The thickest a paper line can be, in pixels: printed lines are thinner than any stroke of a digit."""
    return max(2, round(_LINE_THICKNESS * short_side))


def _extent(box: tuple[slice, slice]) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of a bounding box, bottom and right exclusive."""
    return box[0].start, box[1].start, box[0].stop, box[1].stop


def _is_stray_line(piece: np.ndarray, thickness: int, long_side: int) -> bool:
    """Whether a piece of ink is one long, thin, straight mark (a margin line, a page edge, a lone ruled line)."""
    rows, cols = np.nonzero(piece)
    if len(rows) < 3:
        return False
    spread = np.linalg.eigvalsh(np.cov(np.stack([rows, cols]).astype(np.float64)))
    # A straight band of length L and width w has variances L^2/12 and w^2/12.
    length, width = np.sqrt(12.0 * spread[1]), np.sqrt(12.0 * max(spread[0], 0.0))
    return length >= _STRAY_LENGTH * long_side and width <= thickness and length >= _STRAY_ASPECT * max(width, 1.0)
