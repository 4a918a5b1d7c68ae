"""Grids of coloured squares: a digit's pixels, or signed values such as weights."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import ManimColor, Rectangle, Square, VGroup, VMobject, interpolate_color

from kit.theme import Theme

__all__ = ["PixelGrid", "SignedGrid", "SquareGrid"]


class SquareGrid(VGroup):
    """A ``rows x cols`` grid of filled squares with thin grid lines and a frame.

    The squares have no outlines; the grid lines are one path. That draws far
    faster than 784 outlined squares and looks the same.

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
        self.squares = VGroup(
            *(
                Square(size, stroke_width=0)
                .set_fill(colour, opacity=1)
                .move_to([(c - (self.cols - 1) / 2) * size, ((self.rows - 1) / 2 - r) * size, 0])
                for r, row in enumerate(colours)
                for c, colour in enumerate(row)
            )
        )
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
        self.add(self.squares, self.lines, self.frame)

    def pixel(self, row: int, col: int) -> Square:
        """The square of pixel (row, col), counted from the top left."""
        return self.squares[row * self.cols + col]


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
