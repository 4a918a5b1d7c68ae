"""Find the ink of one handwritten digit in a grey photo or scan, and nothing else.

A classroom photo is not an MNIST digit: the paper is lit unevenly (200 grey
on one side, 110 on the other), a hand or a phone casts a shadow, the paper is
ruled or squared, there is dust, and the digit is small somewhere on a large
page. :func:`find_ink` turns such a picture into ink strength in [0, 1]
(0 = paper) on the digit's pixels only, in these steps:

1. **polarity**: the paper is the border's median grey; ink is dark on light
   paper or light on a dark background, whichever reaches further from it
   (under uneven light: from the paper around it, a wide median);
2. **paper**: paper that is evenly lit along the border is taken as one level,
   as MNIST's scans were. Otherwise the light is estimated pixel by pixel by a
   grey opening (SciPy) wider than three strokes: it removes every stroke and
   keeps gradients and shadow edges, which are wider;
3. **threshold**: ink must differ from the paper by five times the paper's
   noise and by ``MIN_CONTRAST``; its strength is its contrast divided by the
   local paper's (so ink in a shadow counts as much as ink in the light);
4. **lines**: ruled and squared lines are found as families of at least two
   long, thin, parallel, straight bands (:mod:`netcore.paperlines`) and
   removed, except where a stroke crosses them;
5. **digit**: specks (pieces much lighter than the biggest) and stray long
   thin straight marks are dropped; pieces far fainter than the strongest
   (shading: a shadow's rim, crumpled paper's bumps) are no second digit; the
   digit is the heaviest inked piece with the pieces near it; a second digit
   is judged against the whole digit, never against a fragment of it;
6. **hysteresis** (only where strong sensor noise was smoothed out of the
   picture): the digit grows into the fainter ink connected to it, so that
   the faint stretches of a pencil stroke join their stroke.

Refused with a one-line :class:`NetcoreError`: no ink at all, ink too small to
be a digit (a speck of dust), and two or more separate digit-sized marks.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image
from scipy import ndimage

from netcore.errors import NetcoreError
from netcore.paperlines import LINE_CONTRAST, is_stray_line, line_thickness, remove_lines
from netcore.steps import Step, rounded
from netcore.strokes import stroke_width

__all__ = ["MIN_CONTRAST", "MIN_DIGIT", "MIN_DIGIT_PIXELS", "find_ink", "is_dark_ink"]

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
# Another piece at least this heavy (a fraction of the digit's), with a height
# within this factor of the digit's, and clearly apart from it is a second digit.
_SECOND_MASS = 0.25
_SECOND_HEIGHT = 0.7
_SECOND_GAP = 0.1
# Heavy pieces whose typical level is below this fraction of the strongest heavy piece's are shading
# (a shadow's rim, crumpled paper's bumps): never a second digit, and the digit only if nothing else is.
_SHADING_LEVEL = 0.7
# The band along the picture's rim (a fraction of its side) where marks reaching the rim (within
# _RIM_NEAR of it) are no digit.
_RIM_BAND = 0.06
_RIM_NEAR = 0.01
# The paper's local median (for the ink's polarity under uneven light) is taken on a copy this long.
_MEDIAN_SIDE = 300
# In strong noise, the digit, found on the ink above the threshold, grows into the ink connected to it
# down to this fraction of the threshold (hysteresis): a faint stretch of a stroke joins its stroke.
_HYSTERESIS = 0.45
# ... but to at most this many times the digit found above the threshold (beyond, it leaked into lines).
_MAX_GROWTH = 8.0
# A digit whose strokes' typical level is below this many times the threshold is smudges (crumples, a
# shadow's rim, noise), and so is one in at least _SCATTERED pieces below _SCATTERED_LEVEL times it
# (:func:`_refuse_smudges`). Where no strong noise was smoothed away, strokes stand clear of the threshold
# and _FAINTEST_CLEAR holds instead.
_FAINTEST = 1.4
_FAINTEST_CLEAR = 2.0
_SCATTERED = 7
_SCATTERED_LEVEL = 3.0


def find_ink(grey: np.ndarray, smoothed: bool = False) -> tuple[np.ndarray, list[Step]]:
    """Ink strength in [0, 1] (0 = paper) of the one digit in ``grey`` (2-D float in [0, 1]), and the steps taken.

    ``smoothed``: strong sensor noise was smoothed out of ``grey`` (:mod:`netcore.contrast`), which
    leaves thin faint strokes fainter than the threshold in stretches: the digit then grows into the
    fainter ink connected to it.

    Raises :class:`NetcoreError` when there is no ink, when the only ink is
    too small to be a digit, or when two or more digits are found.
    """
    steps: list[Step] = []
    paper_level, dark = _polarity(grey)
    # From here on ink is high and the paper low, whatever the picture's polarity.
    signal = 1.0 - grey if dark else grey
    steps.append(Step("polarity", {"ink": "dark on light" if dark else "light on dark", "paper": rounded(paper_level)}))

    paper, noise, window = _paper(signal, 1.0 - paper_level if dark else paper_level)
    if window is None:
        steps.append(Step("paper", {"light": "even"}))
    else:
        grey_paper = (1.0 - paper) if dark else paper
        params = {"light": "uneven", "window": window, "darkest": rounded(grey_paper.min()), "brightest": rounded(grey_paper.max())}
        steps.append(Step("paper", params))
    raw = np.clip(signal - paper, 0.0, None)
    # Contrast relative to what the paper leaves to reach full ink (1): ink in a
    # shadow, whose absolute contrast is smaller, counts as much as ink in the light.
    reach = np.maximum(1.0 - paper, 0.05)
    contrast = raw / reach
    threshold = max(5.0 * noise, MIN_CONTRAST)
    strong = raw > threshold
    if not strong.any():
        raise NetcoreError("no ink found: the image is blank or its marks are too faint")
    # Only where smoothed sensor noise, not MIN_CONTRAST, sets the threshold: below MIN_CONTRAST lie
    # printed lines and shading (crumples, a shadow's rim), which the digit would grow into on a clean photo.
    noisy = smoothed and 5.0 * noise > MIN_CONTRAST
    weak = _HYSTERESIS * threshold if noisy else 5.0 * noise
    params = {"noise": rounded(noise), "min_contrast": rounded(threshold)}
    steps.append(Step("threshold", params | ({"grown_to": rounded(weak)} if noisy else {})))

    lines = (contrast > LINE_CONTRAST) & (raw > 3.0 * noise)
    candidates, line_step = remove_lines(strong, lines)
    if line_step is not None:
        steps.append(line_step)
    if not candidates.any():
        raise NetcoreError("no ink found: the image is blank or its marks are too faint (only paper lines)")

    digit, pieces = _digit(candidates, contrast, min(grey.shape))
    steps.append(pieces)
    # Hysteresis, as Canny's edges: the digit grows into the fainter ink connected to it (a stroke's
    # stretch that faint pencil, a shadow or noise left below the threshold), while specks as faint
    # elsewhere stay out. The digit was found, and its size judged, on the ink above the threshold.
    if noisy:
        # Strokes are completed, not flooded: growth that spreads far beyond the digit has leaked into
        # the paper's lines or shading (a squared page's grid blurred, thick as the noise), and is not kept.
        grown = _grown(digit, raw > weak)
        if np.count_nonzero(grown) <= _MAX_GROWTH * np.count_nonzero(digit):
            digit = grown
    _refuse_smudges(raw, digit, threshold, pieces.params["pieces"], _FAINTEST if smoothed else _FAINTEST_CLEAR)
    rows, cols = np.flatnonzero(digit.any(axis=1)), np.flatnonzero(digit.any(axis=0))
    # The typical stroke level (not the single darkest pixel, which may be a
    # speck) becomes 1, so pencil and felt pen come out alike.
    level = float(np.percentile(contrast[digit], 90))
    # The digit and its soft edges, one pixel around it; none of the rest.
    near = (slice(max(rows[0] - 1, 0), rows[-1] + 2), slice(max(cols[0] - 1, 0), cols[-1] + 2))
    ink = np.zeros(grey.shape)
    part = np.clip(contrast[near] / level, 0.0, 1.0)
    part[~ndimage.binary_dilation(digit[near], structure=np.ones((3, 3)))] = 0.0
    reach_near = reach[near] if np.ndim(reach) else reach
    part[part < np.minimum(np.maximum(_MIN_INK, weak / (reach_near * level)), 0.5)] = 0.0
    ink[near] = part
    steps.append(Step("ink", {"level": rounded(level)}))
    return ink, steps


def _refuse_smudges(raw: np.ndarray, digit: np.ndarray, threshold: float, pieces: int, faintest: float) -> None:
    """Refuse a "digit" that is only smudges: strokes below ``faintest`` times the threshold, or many faint
    scattered pieces.

    A blank page's crumples, a shadow's rim and sensor noise left after smoothing cross the threshold in
    faint patches; a stroke stands well above it. Measured on harder photos (1 megapixel, all conditions
    at once or crumpled paper): the typical level (90th percentile) of blank pages' "digits" was 1.1 to 2.8
    times the threshold, of real digits 2.0 to 4.8 times; blank pages' marks came in up to 208 pieces,
    real digits' in at most 6 (or 10, well above the threshold: a grainy pencil stroke broken up). Without
    strong noise (nothing smoothed), a crumpled blank page's bumps stood 1.5 to 2.0 times above the
    threshold and the digits of the same photos at least 3.3 times.
    """
    level = float(np.percentile(raw[digit], 90)) / threshold
    if level < faintest or (pieces >= _SCATTERED and level < _SCATTERED_LEVEL):
        raise NetcoreError(
            f"no digit found: the only marks are {pieces} faint smudge{'s' if pieces > 1 else ''} "
            f"({level:.1f} times the paper's noise threshold; a stroke stands out more): the page is blank, "
            "or its digit too faint to read"
        )


def _grown(strong: np.ndarray, weak: np.ndarray) -> np.ndarray:
    """The pieces of ``weak`` (8-connected) that hold a pixel of ``strong``."""
    labels, count = ndimage.label(weak, structure=np.ones((3, 3)))
    keep = np.zeros(count + 1, bool)
    keep[np.unique(labels[strong])] = True
    keep[0] = False
    return keep[labels]


def is_dark_ink(grey: np.ndarray) -> bool:
    """Whether the ink in ``grey`` is darker than its paper (the usual case) rather than lighter."""
    return _polarity(grey)[1]


def _band(grey: np.ndarray) -> int:
    """The width of the band along the picture's edges taken for paper: a twentieth of its shorter side."""
    return max(1, min(grey.shape) // 20)


def _border(grey: np.ndarray) -> np.ndarray:
    """The pixels of the band along the picture's four edges."""
    band = _band(grey)
    return np.concatenate([grey[:band].ravel(), grey[-band:].ravel(), grey[:, :band].ravel(), grey[:, -band:].ravel()])


def _polarity(grey: np.ndarray) -> tuple[float, bool]:
    """The paper's grey level and whether the ink is darker than the paper."""
    # The border is mostly paper even where strokes touch it, so its median is
    # the paper's level; the ink lies on the side (darker or lighter) that
    # reaches further from it.
    border = _border(grey)
    paper = float(np.median(border))
    low, high = np.percentile(border, [10, 90])
    # Evenly lit if the border varies less than ink must differ from the paper, at the picture's own
    # brightness: in a dim photo (its brightest paper a fifth of white) a shadow's step is a few hundredths,
    # and the darkest and brightest pixels of the whole picture are the sensor noise's, not the ink's.
    if high - low <= MIN_CONTRAST * float(np.percentile(_sample(grey), 99)):
        return paper, paper - float(grey.min()) > float(grey.max()) - paper
    # Unevenly lit: a shadow or the light's fall can reach further from the border's paper than
    # faint ink does (a pencil digit in the light beside a dark shadow). The ink is then the side
    # that reaches further from the paper around it: a median wider than the digit's strokes keeps
    # the light's steps and ramps and leaves out the strokes (and the lines, a minority too), and a
    # little smoothing of what is left takes the noise's extremes out.
    # The border band is left out: there the median's window folds back on itself, and a shadow's edge
    # meeting the rim stood out further than a pencil digit in the light (a dim close-up read as light ink).
    residual = cv2.GaussianBlur((grey - _local_median(grey)).astype(np.float32), (0, 0), 1.0)
    band = _band(grey)
    inner = residual[band:-band, band:-band] if min(grey.shape) > 2 * band else residual
    return paper, -float(inner.min()) > float(inner.max())


def _local_median(grey: np.ndarray) -> np.ndarray:
    """The median of ``grey`` over a square a third of its shorter side, on a copy of at most
    ``_MEDIAN_SIDE`` pixels (OpenCV's median on 8 bits), brought back to full size."""
    height, width = grey.shape
    factor = min(1.0, _MEDIAN_SIDE / max(height, width))
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    small = cv2.resize(np.clip(grey, 0.0, 1.0).astype(np.float32), size, interpolation=cv2.INTER_AREA)
    window = min(255, max(3, round(min(small.shape) / 3)) | 1)
    median = cv2.medianBlur(np.round(small * 255.0).astype(np.uint8), window).astype(np.float32) / 255.0
    return cv2.resize(median, (width, height), interpolation=cv2.INTER_LINEAR)


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


def _digit(candidates: np.ndarray, contrast: np.ndarray, short_side: int) -> tuple[np.ndarray, Step]:
    """The digit's pixels among the candidates: the heaviest digit-sized piece and the pieces near it."""
    labels, count = ndimage.label(candidates, structure=np.ones((3, 3)))
    mass = np.bincount(labels.ravel(), weights=contrast.ravel(), minlength=count + 1)[1:]
    boxes = np.array([_extent(box) for box in ndimage.find_objects(labels)])  # top, left, bottom, right
    rows, cols = candidates.shape
    # A mark lying wholly in a thin band along the picture's rim and reaching it is the rim of
    # something (the page's edge, the desk beyond it, a shadow's rim), never the digit.
    band_rows, band_cols = _RIM_BAND * rows, _RIM_BAND * cols
    near_rows, near_cols = _RIM_NEAR * rows, _RIM_NEAR * cols
    at_rim = (
        ((boxes[:, 0] <= near_rows) & (boxes[:, 2] <= band_rows))
        | ((boxes[:, 2] >= rows - near_rows) & (boxes[:, 0] >= rows - band_rows))
        | ((boxes[:, 1] <= near_cols) & (boxes[:, 3] <= band_cols))
        | ((boxes[:, 3] >= cols - near_cols) & (boxes[:, 1] >= cols - band_cols))
    )
    if at_rim.all():
        raise NetcoreError(f"no digit found: the only marks ({count}) lie along the picture's rim: the page is blank")
    mass = np.where(at_rim, 0.0, mass)
    keep = (mass >= _MIN_PIECE * mass.max()) & ~at_rim
    specks = int(np.count_nonzero(~keep & ~at_rim))
    thickness = line_thickness(short_side)
    strays = 0
    for i in np.flatnonzero(keep):
        top, left, bottom, right = boxes[i]
        if is_stray_line(labels[top:bottom, left:right] == i + 1, thickness, max(candidates.shape)):
            keep[i], strays = False, strays + 1
    if not keep.any():
        raise NetcoreError("no ink found: the image holds only lines and specks")
    heights = boxes[:, 2] - boxes[:, 0]
    extents = np.maximum(heights, boxes[:, 3] - boxes[:, 1])
    needed = max(MIN_DIGIT_PIXELS, MIN_DIGIT * short_side)
    whole = (boxes[:, 0] > 0) & (boxes[:, 1] > 0) & (boxes[:, 2] < rows) & (boxes[:, 3] < cols)
    # Ink is as dark as the digit's strokes: what is left of a shadow's rim or of crumpled paper's
    # bumps is wide but fainter than any stroke (the typical level of its darkest pixels). The
    # strongest level among the heavy pieces is the ink's; pieces far fainter are shading.
    levels = np.zeros(count)
    for i in np.flatnonzero(keep):
        top, left, bottom, right = boxes[i]
        levels[i] = np.percentile(contrast[top:bottom, left:right][labels[top:bottom, left:right] == i + 1], 90)
    heavy = keep & (mass >= _SECOND_MASS * mass[keep].max())
    inked = keep & (levels >= _SHADING_LEVEL * levels[heavy].max())
    # The heaviest inked piece shown whole is (part of) the digit; one cut by the picture's edge
    # (a shadow's rim, a neighbour's digit half in view) only if there is nothing else.
    main = int(np.argmax(np.where(inked & whole if (inked & whole).any() else inked, mass, -1.0)))
    # The digit's other pieces (a detached bar, a broken stroke: faint pencil breaks into several) lie near it.
    chosen, box = _gather(main, keep, boxes, _NEAR * extents[main])
    # Another digit is an inked piece nearly as heavy as the digit, about as tall, shown whole and as
    # large as a digit could be, and apart from the digit, or from another such piece within it (two
    # digits written close): a fragment of the digit (a bar of a broken 3, a dot beside it) is far
    # lighter or shorter than the digit, and a far taller piece is a line (a margin, a page's edge).
    height, mass_digit = box[2] - box[0], float(mass[chosen].sum())
    similar = (heights >= _SECOND_HEIGHT * height) & (_SECOND_HEIGHT * heights <= height)
    digit_sized = inked & (mass >= _SECOND_MASS * mass_digit) & similar & whole & (extents >= needed)
    size = max(box[2] - box[0], box[3] - box[1])
    for i in np.flatnonzero(digit_sized):
        against = [box] if not chosen[i] else [boxes[j] for j in np.flatnonzero(digit_sized & chosen) if j != i]
        if any(_gap(boxes[i], other) > _SECOND_GAP * size for other in against):
            raise NetcoreError(
                "found two or more separate digits (marks as large as a digit, apart): show one digit only, "
                "or crop the image to it"
            )
    height, width = int(box[2] - box[0]), int(box[3] - box[1])
    if max(height, width) < needed:
        raise NetcoreError(
            f"no digit found: the only ink is a speck of {width}x{height} pixels, too small for a digit "
            f"(at least {int(np.ceil(needed))} pixels tall or wide): the page is blank, or photograph the digit larger"
        )
    params = {"pieces": int(np.count_nonzero(chosen)), "specks_removed": specks, "stray_lines_removed": strays}
    if at_rim.any():
        params["rim_marks_removed"] = int(np.count_nonzero(at_rim))
    params["box"] = [int(box[1]), int(box[0]), int(box[3]), int(box[2])]  # left, top, right, bottom
    return np.isin(labels, np.flatnonzero(chosen) + 1), Step("digit", params)


def _gather(main: int, keep: np.ndarray, boxes: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """Piece ``main`` and every kept piece within ``reach`` of the pieces gathered so far: which, and their box."""
    chosen = np.zeros(len(boxes), bool)
    chosen[main] = True
    box = boxes[main].copy()
    while True:
        near = keep & ~chosen & np.array([_gap(other, box) <= reach for other in boxes])
        if not near.any():
            return chosen, box
        chosen |= near
        box = _union(boxes[chosen])


def _union(boxes: np.ndarray) -> np.ndarray:
    """The bounding box (top, left, bottom, right) of boxes (n, 4)."""
    return np.concatenate([boxes[:, :2].min(axis=0), boxes[:, 2:].max(axis=0)])


def _gap(a: np.ndarray, b: np.ndarray) -> int:
    """Pixels of paper between two boxes (top, left, bottom, right), along whichever axis separates them most."""
    return int(max(a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3], 0))


def _extent(box: tuple[slice, slice]) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of a bounding box, bottom and right exclusive."""
    return box[0].start, box[1].start, box[0].stop, box[1].stop
