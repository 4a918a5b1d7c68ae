"""Grids of coloured squares: a digit's pixels, or signed values such as weights."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import LEFT, UP, ManimColor, Rectangle, Square, VGroup, VMobject, interpolate_color

from kit.images import rectangles_mobject, runs_as_rectangles
from kit.theme import Theme

__all__ = ["PixelGrid", "SignedGrid", "SquareGrid", "outline"]


class SquareGrid(VGroup):
    """A ``rows x cols`` grid of filled squares with thin grid lines and a frame.

    The squares have no outlines, and all squares of one colour are drawn as
    one path (runs of equal squares in a row as one rectangle); the grid lines
    are one path too. A digit then draws as a few dozen paths instead of 784
    squares, which makes fading or moving a grid several times cheaper, and
    looks the same: the grid lines cover the seams between colours.

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
        hexes = [[ManimColor(c).to_hex() for c in row] for row in colours]
        palette = {hex_: k for k, hex_ in enumerate(sorted({h for row in hexes for h in row}))}
        self._key = np.array([[palette[h] for h in row] for row in hexes])  # each pixel's colour, as its path's index
        rects, run_key = runs_as_rectangles(self._key, size)
        self.cells = VGroup(*(rectangles_mobject(rects[run_key == k], ManimColor(hex_)) for hex_, k in palette.items()))
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

        It is not part of the grid (which draws its pixels by colour, not one
        by one): copy it from the grid, outline it, or place things by it.
        """
        size = self.frame.width / self.cols
        cell = self.cells[self._key[row, col]]
        centre = self.frame.get_corner(UP + LEFT) + size * np.array([col + 0.5, -(row + 0.5), 0.0])
        return Square(size, stroke_width=0).set_fill(cell.get_fill_color(), opacity=cell.get_fill_opacity()).move_to(centre)


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
