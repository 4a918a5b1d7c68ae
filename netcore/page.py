"""Find the sheet of paper in a photo, and flatten it: a page on a desk seen at an angle becomes a flat rectangle.

A student photographs a page lying on a desk: the sheet is a tilted, foreshortened
quadrilateral with the desk around it, and the desk's dark border would be taken
for ink. :func:`find_page` looks for the sheet as the largest region that is
enclosed by a sharp edge, bright, and roughly four-sided:

1. a small copy of the picture (``FIND_SIDE`` pixels on its long side) in log
   luminance, so that an edge is as strong in dim light as in bright light
   (a ratio of brightness, not a difference), smoothed a little;
2. **edges**: where the log luminance changes fast. The page's rim is a step
   (paper against desk); the light's gradients and a shadow's soft penumbra
   change slowly and are no edges, printed lines are too thin and faint at this size;
3. **regions**: the pieces of the picture between the edges. The desk touches
   the picture's rim; the sheet is the largest piece that does not, once its
   holes (the digit, lines) are filled;
4. **quadrilateral**: the piece's outline, its convex hull, and OpenCV's
   polygon approximation (Douglas-Peucker) with a growing tolerance until four
   corners are left;
5. **checks**: the four-sided shape must cover ``MIN_PAGE`` to ``MAX_PAGE`` of
   the picture, be filled by the piece, be no longer than ``MAX_ASPECT`` times
   its width, and be brighter inside than outside, both along its rim and
   taking all that lies outside it (the desk is all around).

No sheet found (a close-up where the paper fills the picture, a blackboard)
returns None, and the picture is read whole, as before. :func:`rectify`
maps the quadrilateral onto a rectangle of the page's proportions with
OpenCV's perspective transform, and drops a thin band along its rim.
"""

from __future__ import annotations

import cv2
import numpy as np

from netcore.steps import Step, rounded

__all__ = ["FIND_SIDE", "MAX_PAGE", "MIN_PAGE", "find_page", "rectify"]

FIND_SIDE = 400
# A picture smaller than this (pixels, shorter side) is a drawing or a crop, not a photo of a page on a desk.
_MIN_SIDE = 240
# The page covers this fraction of the picture at least (a sheet further away holds a
# digit too small to read) and at most (beyond, the "desk" is a sliver at the rim).
MIN_PAGE = 0.25
MAX_PAGE = 0.95
# A page's rectified sides are at most this many times longer than each other.
MAX_ASPECT = 2.5
# Log-luminance change per pixel of the small copy (after smoothing) that counts as an edge:
# paper against a grey desk changes by log(0.85 / 0.36) = 0.86 over about 4 pixels.
_EDGE = 0.07
_SMOOTH = 1.2
# Paper is brighter than the desk along its rim by at least this ratio of luminance.
_RIM_RATIO = 1.15
# The piece must fill this fraction of its quadrilateral.
_FILL = 0.9
# Rectified, this fraction of the page's sides is dropped along its rim (its edge, the desk's last pixels).
_RIM_CROP = 0.02


def find_page(rgb: np.ndarray) -> np.ndarray | None:
    """The corners (x, y) of the sheet of paper in ``rgb`` (H, W, 3 floats in [0, 1], or grey H, W), clockwise from the
    top left, in the picture's pixels (pixel (i, j) spans x in [j, j + 1]); None if there is no sheet."""
    height, width = rgb.shape[:2]
    if min(height, width) < _MIN_SIDE:
        return None
    factor = min(1.0, FIND_SIDE / max(height, width))
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    small = cv2.resize(np.ascontiguousarray(rgb, np.float32), size, interpolation=cv2.INTER_AREA)
    luminance = small if small.ndim == 2 else small @ np.array([0.299, 0.587, 0.114], np.float32)
    log = cv2.GaussianBlur(np.log(luminance + np.float32(0.02)), (0, 0), _SMOOTH)
    gradient = np.hypot(cv2.Sobel(log, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(log, cv2.CV_32F, 0, 1, ksize=3)) / 8.0
    edges = cv2.dilate((gradient > _EDGE).astype(np.uint8), np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(1 - edges, connectivity=4)
    rows, cols = labels.shape
    inner = (stats[:, cv2.CC_STAT_LEFT] > 0) & (stats[:, cv2.CC_STAT_TOP] > 0)
    inner &= stats[:, cv2.CC_STAT_LEFT] + stats[:, cv2.CC_STAT_WIDTH] < cols
    inner &= stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT] < rows
    inner[0] = False  # label 0 is the edges themselves
    candidates = np.flatnonzero(inner & (stats[:, cv2.CC_STAT_AREA] >= MIN_PAGE * rows * cols * 0.8))
    for label in candidates[np.argsort(-stats[candidates, cv2.CC_STAT_AREA])]:
        corners = _quadrilateral(labels == label, luminance)
        if corners is not None:
            return (corners + 0.5) / factor  # centres of the small copy's pixels -> the picture's coordinates
    return None


def _quadrilateral(piece: np.ndarray, luminance: np.ndarray) -> np.ndarray | None:
    """The four corners of a piece (with its holes filled) if it is a page: four-sided, filled, bright inside."""
    contours, _ = cv2.findContours(piece.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    outline = max(contours, key=cv2.contourArea)
    # The piece stops short of the page's rim by the edge band's half-width: grow it back.
    filled = np.zeros(piece.shape, np.uint8)
    cv2.drawContours(filled, [outline], -1, 1, thickness=cv2.FILLED)
    filled = cv2.dilate(filled, np.ones((9, 9), np.uint8))
    outline = max(cv2.findContours(filled, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)[0], key=cv2.contourArea)
    hull = cv2.convexHull(outline)
    perimeter = cv2.arcLength(hull, True)
    for tolerance in (0.01, 0.02, 0.03, 0.04, 0.06, 0.08):
        polygon = cv2.approxPolyDP(hull, tolerance * perimeter, True)
        if len(polygon) <= 4:
            break
    if len(polygon) != 4:
        return None
    corners = _clockwise(polygon.reshape(4, 2).astype(np.float64))
    area = cv2.contourArea(corners.astype(np.float32))
    rows, cols = piece.shape
    if not MIN_PAGE * rows * cols <= area <= MAX_PAGE * rows * cols:
        return None
    if np.count_nonzero(filled) < _FILL * area:
        return None
    sides = np.linalg.norm(corners - np.roll(corners, -1, axis=0), axis=1)
    across, down = (sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2
    if max(across, down) > MAX_ASPECT * min(across, down):
        return None
    # Brighter inside than outside along the rim: paper on a desk, not a dark frame on a light wall.
    band = max(2, round(0.03 * min(rows, cols)))
    inside = cv2.erode(filled, np.ones((band, band), np.uint8)) ^ cv2.erode(filled, np.ones((3 * band, 3 * band), np.uint8))
    outside = cv2.dilate(filled, np.ones((3 * band, 3 * band), np.uint8)) ^ cv2.dilate(filled, np.ones((band, band), np.uint8))
    if not inside.any() or not outside.any():
        return None
    if np.median(luminance[inside > 0]) < _RIM_RATIO * np.median(luminance[outside > 0]):
        return None
    # And the desk is all around: most of what lies outside is darker than the page (the inside of a
    # digit's loop, or a square of squared paper, has paper again beyond its rim).
    if np.median(luminance[filled == 0]) * _RIM_RATIO > np.median(luminance[filled > 0]):
        return None
    return corners


def _clockwise(corners: np.ndarray) -> np.ndarray:
    """Four points (x, y) ordered clockwise on screen (y down), from the one nearest the top left."""
    centre = corners.mean(axis=0)
    order = np.argsort(np.arctan2(corners[:, 1] - centre[1], corners[:, 0] - centre[0]))
    corners = corners[order]  # clockwise on screen, since y points down
    return np.roll(corners, -int(np.argmin(corners.sum(axis=1))), axis=0)


def rectify(rgb: np.ndarray, corners: np.ndarray, max_side: int) -> tuple[np.ndarray, Step]:
    """The page flattened: ``rgb`` inside ``corners`` mapped onto a rectangle of the page's proportions
    (at most ``max_side`` pixels on its long side, never enlarged), its rim dropped; and the step."""
    sides = np.linalg.norm(corners - np.roll(corners, -1, axis=0), axis=1)
    width, height = max(sides[0], sides[2]), max(sides[1], sides[3])
    factor = min(1.0, max_side / max(width, height))
    width, height = max(8, round(width * factor)), max(8, round(height * factor))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    matrix = cv2.getPerspectiveTransform((corners - 0.5).astype(np.float32), target - 0.5)
    flat = cv2.warpPerspective(np.ascontiguousarray(rgb, np.float32), matrix, (width, height), flags=cv2.INTER_LINEAR)
    rim_x, rim_y = max(1, round(_RIM_CROP * width)), max(1, round(_RIM_CROP * height))
    flat = flat[rim_y : height - rim_y, rim_x : width - rim_x]
    params = {
        "corners": [[rounded(x), rounded(y)] for x, y in corners],
        "width": int(flat.shape[1]),
        "height": int(flat.shape[0]),
    }
    return flat, Step("page", params)
