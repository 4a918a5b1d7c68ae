"""Grids of coloured squares: a digit's pixels, or signed values such as weights."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import LEFT, UP, ManimColor, Rectangle, Square, VGroup, VMobject, interpolate_color

from kit.raster import Raster, rgba_of
from kit.theme import Theme

__all__ = ["PixelGrid", "SignedGrid", "SquareGrid", "outline"]


class SquareGrid(VGroup):
    """A ``rows x cols`` grid of filled squares with thin grid lines and a frame.

    The squares are one :class:`kit.raster.Raster`, painted as one image, and
    the grid lines are one path: moving or fading a digit costs three shapes,
    not 784.

    Parameters
    ----------
    colours
        Rows of fill colours, top row first.
    theme
        Colours of the grid lines and frame.
    side_length
        Width of the whole grid in scene units.
    """

    def __init__(self, colours: Sequence[Sequence[ManimColor]], theme: Theme, side_length: float = 3.6, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows, self.cols = len(colours), len(colours[0])
        size = side_length / self.cols
        width, height = side_length, size * self.rows
        self.cells = Raster(np.array([[rgba_of(c) for c in row] for row in colours]), side_length)
        self.lines = VMobject(stroke_color=theme.muted, stroke_width=0.4, stroke_opacity=0.35)
        for c in range(1, self.cols):
            x = c * size - width / 2
            self.lines.start_new_path(np.array([x, -height / 2, 0]))
            self.lines.add_line_to(np.array([x, height / 2, 0]))
        for r in range(1, self.rows):
            y = r * size - height / 2
            self.lines.start_new_path(np.array([-width / 2, y, 0]))
            self.lines.add_line_to(np.array([width / 2, y, 0]))
        self.frame = Rectangle(width=width, height=height, stroke_color=theme.muted, stroke_width=1.5)
        self.add(self.cells, self.lines, self.frame)

    def pixel(self, row: int, col: int) -> Square:
        """A square over pixel (row, col), counted from the top left, in its colour, where the grid is now.

        It is not part of the grid (which paints its pixels as one image): copy
        it from the grid, outline it, or place things by it.
        """
        size = self.frame.width / self.cols
        r, g, b, a = self.cells.rgba[row, col]
        centre = self.frame.get_corner(UP + LEFT) + size * np.array([col + 0.5, -(row + 0.5), 0.0])
        colour = ManimColor.from_rgb((r, g, b))
        return Square(size, stroke_width=0).set_fill(colour, opacity=a * self.cells.get_fill_opacity()).move_to(centre)


class PixelGrid(SquareGrid):
    """A digit's pixels: ``values`` are rows of grey levels in [0, 1] (1 = ink)."""

    def __init__(self, values: Sequence[Sequence[float]], theme: Theme, side_length: float = 3.6, **kwargs) -> None:
        super().__init__([[theme.grey(v) for v in row] for row in values], theme, side_length, **kwargs)


class SignedGrid(SquareGrid):
    """Signed values (weights, weight x pixel): blue positive, red negative.

    ``strengths`` are rows of values in [-1, 1] (the value divided by the
    largest magnitude, as the scene data stores it); the colour fades to the
    background as a value goes to 0, so intensity shows magnitude.
    """

    def __init__(self, strengths: Sequence[Sequence[float]], theme: Theme, side_length: float = 3.6, **kwargs) -> None:
        super().__init__([[self.colour(theme, s) for s in row] for row in strengths], theme, side_length, **kwargs)

    @staticmethod
    def colour(theme: Theme, strength: float) -> ManimColor:
        """The colour of a square of signed strength ``strength`` in [-1, 1]."""
        s = min(max(float(strength), -1.0), 1.0)
        return interpolate_color(theme.background, theme.signed(s), abs(s))


def outline(square: Square, theme: Theme) -> Square:
    """An outline of one pixel in the highlight colour, ringed by the background's colour.

    The ring keeps the outline visible on ink in both themes: the light
    theme's amber on its black ink was hard to see.
    """
    ring = square.copy().set_fill(opacity=0)
    return ring.set_stroke(theme.highlight, 2.5, 1).set_stroke(theme.background, 5, 1, background=True)
