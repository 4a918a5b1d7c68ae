"""Glare: a washed-out patch where a lamp or a window is reflected (a photo through glass, glossy paper).

Under glare the paper and the ink are both white: whatever the digit had
there is lost, and what is left would be read as another digit. A picture
with a patch of more than ``GLARE_AREA`` of nearly saturated pixels, in one piece,
mostly clipped, clearly brighter than its paper (whose median is below ``_PAPER``: a scan of a
white page is white everywhere, and that is no glare), is refused.
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["GLARE_AREA", "GLARE_SIDE", "glare_fraction"]

# The largest washed-out patch, as a fraction of the picture, that is not refused.
GLARE_AREA = 0.03
# Pictures with a shorter side below this (drawings, crops, MNIST-sized arrays) are not photos: no glare looked for.
GLARE_SIDE = 240
_WHITE = 0.97  # luminance of a washed-out pixel
# Glare saturates the sensor: at least this share of the patch is clipped (luminance from 254 of 255 up; JPEG
# wobbles a level). Brightly lit paper, a crumpled page's bump turned to the lamp, stays below the clip, with
# its ruled lines still showing: measured, under 6% of such a patch against 85% or more under glare.
_CLIPPED = 0.995
_CLIPPED_SHARE = 0.5
_PAPER = 0.9  # paper brighter than this (a scan, a white canvas) is no background for glare
_DARK = 0.15  # nor is a picture mostly darker than this (white ink on black: the white is the ink)
_THICK = 0.04  # the patch's inscribed circle has at least this radius (a fraction of the picture's shorter side)
# Around the patch, within this fraction of the shorter side, the picture is still this bright (a halo).
_HALO = 0.03
_HALO_LEVEL = 0.75
# Beyond the halo, up to this fraction of the shorter side, the median is paper: at least this bright.
_AROUND = 0.1
_AROUND_LEVEL = 0.3


def glare_fraction(grey: np.ndarray) -> float:
    """The share of the picture (grey, 2-D in [0, 1]) covered by its largest washed-out patch; 0 if the
    paper itself is white (glare cannot be told from paper then)."""
    step = max(1, max(grey.shape) // 400)  # a small copy is enough for patches of a hundredth of the picture
    small = np.ascontiguousarray(grey[::step, ::step], np.float32)
    if not _DARK <= np.median(small) < _PAPER:  # white paper everywhere, or a black ground (white ink on it)
        return 0.0
    white = (cv2.GaussianBlur(small, (0, 0), 1.0) >= _WHITE).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(white, connectivity=8)
    if count <= 1:
        return 0.0
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    # Glare is a broad patch; white strokes (chalk, white ink on black) are thin, however long.
    inscribed = float(cv2.distanceTransform((labels == largest).astype(np.uint8), cv2.DIST_L2, 5).max())
    if inscribed < _THICK * min(small.shape):
        return 0.0
    patch = (labels == largest).astype(np.uint8)
    if np.mean(small[patch > 0] >= _CLIPPED) < _CLIPPED_SHARE:
        return 0.0
    # Glare fades out into the paper through a bright halo; white ink (chalk, white on black) ends sharply.
    reach = max(3, round(_HALO * min(small.shape))) | 1
    halo = cv2.dilate(patch, np.ones((reach, reach), np.uint8)) > patch
    if not halo.any() or np.median(small[halo]) < _HALO_LEVEL:
        return 0.0
    # And beyond the halo lies paper, not a black ground (thick white strokes on black have soft edges too).
    wide = max(reach + 2, round(_AROUND * min(small.shape))) | 1
    around = cv2.dilate(patch, np.ones((wide, wide), np.uint8)) > cv2.dilate(patch, np.ones((reach, reach), np.uint8))
    if not around.any() or np.median(small[around]) < _AROUND_LEVEL:
        return 0.0
    return float(stats[largest, cv2.CC_STAT_AREA]) / small.size
