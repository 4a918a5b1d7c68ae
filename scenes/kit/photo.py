"""A student's photo as it was taken (small and grey), framed, with the page found on it outlined:
shown beside what the network saw."""

from __future__ import annotations

import numpy as np
from manim import BLACK, WHITE, Polygon, Rectangle, VGroup

from kit.raster import Raster, blend
from kit.theme import Theme

__all__ = ["Photo"]


class Photo(VGroup):
    """``values`` (rows of grey levels in [0, 1], 0 = black) drawn to fit ``width`` x ``height``, framed.

    ``page`` is the sheet of paper found in it (corners (x, y) in the picture's
    pixels, from the record), outlined in the highlight colour; None draws no outline.
    A photo keeps its own colours in both themes: it shows the paper as the
    camera saw it, which is the point of putting it beside the network's input.
    """

    def __init__(self, values: np.ndarray, theme: Theme, width: float, height: float, page: np.ndarray | None = None) -> None:
        super().__init__()
        values = np.asarray(values, dtype=np.float64)
        rows, cols = values.shape
        cell = min(width / cols, height / rows)
        self.image = Raster(blend(BLACK, WHITE, values), cols * cell)
        self.frame = Rectangle(width=cols * cell, height=rows * cell, stroke_color=theme.muted, stroke_width=1.5)
        self.add(self.image, self.frame)
        self.page = None
        if page is not None:
            # The picture's pixel (x, y) from its top left corner, on screen (y up).
            points = [[(x - cols / 2) * cell, (rows / 2 - y) * cell, 0.0] for x, y in np.asarray(page)]
            self.page = Polygon(*points, color=theme.highlight, stroke_width=3)
            self.add(self.page)
