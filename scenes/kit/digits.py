"""Small digits drawn cheaply: a wall of fifty of them renders as fast as one pixel grid.

Manim's ``ImageMobject`` does not render under the pinned Pillow 13 (its Cairo
camera calls ``Image.fromarray`` with a ``mode`` Pillow no longer accepts),
and 784 squares per digit is too slow for fifty digits. So a digit here is a
few compound paths: one per grey level, holding all the pixels of that level.
"""

from __future__ import annotations

import numpy as np
from manim import Rectangle, VGroup, VMobject

from kit.theme import Theme

__all__ = ["LEVELS", "DigitTile"]

# Grey levels drawn: a pixel's colour is its value rounded to 1/LEVELS, a step no eye can see at this size.
LEVELS = 16


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Horizontal runs of True in ``mask``: their rows, first columns and lengths."""
    padded = np.pad(mask.astype(np.int8), ((0, 0), (1, 1)))
    edges = np.diff(padded, axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)  # row-major order pairs each start with its end
    return rows, starts, ends - starts


def _rectangles(corners: np.ndarray, widths: np.ndarray, size: float) -> np.ndarray:
    """Cubic Bézier points of closed rectangles ``size`` high, with top-left ``corners`` (n, 2) and ``widths``."""
    w = widths[:, None]
    xs = np.hstack([0 * w, w, w, 0 * w, 0 * w])
    ys = np.tile([0.0, 0.0, -size, -size, 0.0], (len(corners), 1))
    vertices = corners[:, None, :] + np.stack([xs, ys], axis=-1)  # (n, 5, 2)
    starts, ends = vertices[:, :-1], vertices[:, 1:]
    t = np.array([0, 1, 2, 3])[:, None] / 3
    points = starts[:, :, None, :] + (ends - starts)[:, :, None, :] * t  # (n, 4 sides, 4 points, 2)
    flat = points.reshape(-1, 2)
    return np.column_stack([flat, np.zeros(len(flat))])


class DigitTile(VGroup):
    """A digit's grey levels (rows of values in [0, 1], 1 = ink), ``width`` wide, framed.

    Paper pixels are left to the background; a thin frame shows the 28x28 square.
    Each grey level is one path (its pixels merged into horizontal runs),
    coloured as :meth:`Theme.grey` colours a pixel.
    """

    def __init__(self, values: np.ndarray, theme: Theme, width: float = 0.8, frame: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        values = np.clip(np.asarray(values, dtype=np.float64), 0.0, 1.0)
        rows, cols = values.shape
        size = width / cols
        height = size * rows
        levels = np.rint(values * LEVELS).astype(int)
        for level in np.unique(levels[levels > 0]):
            r, c, n = _runs(levels == level)
            corners = np.column_stack([-width / 2 + c * size, height / 2 - r * size])
            path = VMobject(stroke_width=0).set_fill(theme.grey(level / LEVELS), 1)
            path.set_points(_rectangles(corners, n * size, size))
            self.add(path)
        self.frame = Rectangle(width=width, height=height, stroke_color=theme.muted, stroke_width=1 if frame else 0)
        self.add(self.frame)
