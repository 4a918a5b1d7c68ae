"""Stroke width: measure it, and bring strokes far thinner or fatter than MNIST's towards MNIST's.

A thin pen on a big photo would come out fainter and thinner than any MNIST
digit, and a marker or a blown-up scan much fatter; the network reads both
badly (fat 1s as 8). Strokes are widened or peeled evenly with SciPy's
distance transform before the digit is scaled to the 20-pixel box.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from netcore.steps import Step, rounded

__all__ = ["normalise_strokes", "stroke_width"]

# Stroke widths (2 x area / perimeter of the ink above 0.5) in MNIST's 20-pixel
# box: median 2.0 px; 1% of the validation digits are thinner than 1.08 px and
# 5% fatter than 3.1 px. The network reads strokes far outside this range
# badly (fat 1s as 8), so strokes thinner than _MIN_STROKE are widened to about
# _THIN_TARGET and strokes fatter than _MAX_STROKE thinned to _FAT_TARGET before
# scaling; MNIST-like strokes are left alone. The thin limit sits at MNIST's
# 10th percentile rather than its 1st: a fine pen or pencil photographed small
# comes out thinner than it was drawn, and widening it to MNIST's median read
# 2% more of the harder photos right (all conditions at once; 0.8 -> 1.5 px, 1.8 -> 2.0).
_MIN_STROKE = 1.5
_THIN_TARGET = 2.0
_MAX_STROKE = 2.9
_FAT_TARGET = 2.4
# Gaps in the ink narrower than this (pixels of the box) are a stroke's grain, not paper between strokes.
_GRAIN = 0.5


def stroke_width(mask: np.ndarray) -> float:
    """Mean stroke width in pixels of a boolean ink mask, as 2 x area / perimeter (exact for long strokes)."""
    padded = np.pad(mask, 1)
    perimeter = np.count_nonzero(padded[1:] != padded[:-1]) + np.count_nonzero(padded[:, 1:] != padded[:, :-1])
    return 2.0 * np.count_nonzero(mask) / perimeter if perimeter else 0.0


def normalise_strokes(ink: np.ndarray, box: int) -> tuple[np.ndarray, Step]:
    """Bring strokes that would be far thinner or fatter than MNIST's, once the cropped ``ink`` is scaled to
    fit a ``box``-pixel square, to about MNIST's width; and the step taken, with the width measured."""
    mask = ink >= 0.5
    if not mask.any():
        mask = ink > 0
    scale = box / max(ink.shape)
    # Grainy strokes (pencil: graphite misses the paper's hollows) are riddled with holes that would
    # count as edges and make them look far thinner than they are: gaps narrower than _GRAIN of a
    # pixel of the box are filled to measure them (a binary closing; none at all for a digit drawn that small).
    reach = int(_GRAIN / scale / 2.0)
    solid = mask
    if reach:
        solid = ndimage.binary_closing(np.pad(mask, reach), structure=np.ones((3, 3)), iterations=reach)[reach:-reach, reach:-reach]
    width = stroke_width(solid) * scale
    params: dict[str, object] = {"width": rounded(width)}
    if width < _MIN_STROKE:
        ink = _widen(ink, mask, (_THIN_TARGET / scale - width / scale) / 2.0)
        params.update(action="widened", to=_THIN_TARGET)
    elif width > _MAX_STROKE:
        ink = _thin(ink, mask, _FAT_TARGET / scale)
        thinned = stroke_width(ink >= 0.5) * scale
        params.update(action="thinned" if thinned < width else "kept (thinning would cut strokes)", to=rounded(thinned))
    else:
        params.update(action="kept")
    return ink, Step("strokes", params)


def _widen(ink: np.ndarray, mask: np.ndarray, grow: float) -> np.ndarray:
    """Ink grown by ``grow`` pixels on each side of every stroke."""
    margin = int(np.ceil(grow)) + 2
    padded = np.pad(ink, margin)
    distance = ndimage.distance_transform_edt(~np.pad(mask, margin))
    # Full ink within ``grow`` of a stroke, fading out over the next pixel.
    return np.maximum(padded, np.clip(grow + 1.0 - distance, 0.0, 1.0))


def _thin(ink: np.ndarray, mask: np.ndarray, target: float) -> np.ndarray:
    """Ink peeled evenly (by the distance to the paper) until its strokes are ``target`` pixels wide.

    Width is measured as everywhere here (2 x area / perimeter), which does not
    fall in step with the peeling for short fat strokes, so the depth is found
    by bisection. Peeling never cuts a stroke or loses a piece: if the full
    depth would (a digit with a few thin parts), half as much is tried, and so
    on; the ink is returned as it was if even a little would.
    """
    inside = ndimage.distance_transform_edt(mask)
    low, high = 0.0, float(inside.max()) - 1.0
    for _ in range(12):
        middle = (low + high) / 2.0
        low, high = (middle, high) if stroke_width(inside >= middle + 1.0) > target else (low, middle)
    pieces = ndimage.label(mask, structure=np.ones((3, 3)))[1]
    for depth in (low, low / 2.0, low / 4.0):
        thinned = np.clip(inside - depth, 0.0, 1.0)  # the edge moves in by ``depth``, fading over one pixel
        if ndimage.label(thinned >= 0.5, structure=np.ones((3, 3)))[1] == pieces:
            return thinned
    return ink
