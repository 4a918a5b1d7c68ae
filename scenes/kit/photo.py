"""A student's photo as it was taken (small and grey), framed: shown beside what the network saw.

Manim 0.22's ImageMobject cannot be drawn with Pillow 13 (its camera casts a
float array with ``Image.fromarray(..., mode="RGBA")``), so the photo is drawn
as vector shapes instead: one filled shape per grey level, made of the runs
of pixels at that level along each row. That is a few dozen shapes, however
many pixels the photo has, and Cairo fills them fast.
"""

from __future__ import annotations

import numpy as np
from manim import BLACK, WHITE, Rectangle, VGroup, VMobject, interpolate_color

from kit.theme import Theme

__all__ = ["LEVELS", "Photo"]

# Grey levels drawn: finer steps than this cannot be told apart on a small photo.
LEVELS = 64
# Each run is drawn this fraction of a pixel wider and taller, so that neighbouring
# runs overlap and no seam of background shows between them.
_OVERLAP = 0.35


class Photo(VGroup):
    """``values`` (rows of grey levels in [0, 1], 0 = black) drawn to fit ``width`` x ``height``, framed.

    A photo keeps its own colours in both themes: it shows the paper as the
    camera saw it, which is the point of putting it beside the network's input.
    """

    def __init__(self, values: np.ndarray, theme: Theme, width: float, height: float) -> None:
        super().__init__()
        levels = np.round(np.clip(np.asarray(values, dtype=np.float64), 0.0, 1.0) * (LEVELS - 1)).astype(int)
        rows, cols = levels.shape
        cell = min(width / cols, height / rows)
        self.shapes = VGroup(
            *(
                _runs_shape(levels == level, cell).set_fill(interpolate_color(BLACK, WHITE, level / (LEVELS - 1)), 1)
                for level in np.unique(levels)
            )
        )
        self.frame = Rectangle(width=cols * cell, height=rows * cell, stroke_color=theme.muted, stroke_width=1.5)
        self.add(self.shapes, self.frame)


def _runs_shape(mask: np.ndarray, cell: float) -> VMobject:
    """One shape covering the ``True`` pixels of ``mask`` as a rectangle per horizontal run, centred on the origin."""
    rows, cols = mask.shape
    padded = np.pad(mask, ((0, 0), (1, 1))).astype(np.int8)
    row, start = np.nonzero(np.diff(padded, axis=1) == 1)
    stop = np.nonzero(np.diff(padded, axis=1) == -1)[1]
    left = (start - cols / 2) * cell
    right = (stop - cols / 2 + _OVERLAP) * cell
    top = (rows / 2 - row) * cell
    bottom = (rows / 2 - row - 1 - _OVERLAP) * cell
    corners = np.stack(
        [np.stack([left, top], 1), np.stack([right, top], 1), np.stack([right, bottom], 1), np.stack([left, bottom], 1)], 1
    )  # (runs, 4, 2), clockwise from the top left
    ends = np.roll(corners, -1, axis=1)
    # Each side as a straight cubic Bezier curve: start, two handles on the line, end.
    sides = np.stack([corners, corners + (ends - corners) / 3, corners + 2 * (ends - corners) / 3, ends], 2)
    points = np.zeros((sides.shape[0] * 16, 3))
    points[:, :2] = sides.reshape(-1, 2)
    shape = VMobject(stroke_width=0)
    shape.set_points(points)
    return shape
