"""A student's photo as it was taken (small and grey), framed: shown beside what the network saw."""

from __future__ import annotations

import numpy as np
from manim import BLACK, WHITE, Rectangle, VGroup

from kit.raster import Raster, blend
from kit.theme import Theme

__all__ = ["Photo"]


class Photo(VGroup):
    """``values`` (rows of grey levels in [0, 1], 0 = black) drawn to fit ``width`` x ``height``, framed.

    A photo keeps its own colours in both themes: it shows the paper as the
    camera saw it, which is the point of putting it beside the network's input.
    """

    def __init__(self, values: np.ndarray, theme: Theme, width: float, height: float) -> None:
        super().__init__()
        values = np.asarray(values, dtype=np.float64)
        rows, cols = values.shape
        cell = min(width / cols, height / rows)
        self.image = Raster(blend(BLACK, WHITE, values), cols * cell)
        self.frame = Rectangle(width=cols * cell, height=rows * cell, stroke_color=theme.muted, stroke_width=1.5)
        self.add(self.image, self.frame)
