"""Signed values (weights, weight x pixel) as a grid of blue and red squares."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Rectangle, Square, VGroup, VMobject, interpolate_color

from kit.theme import Theme

__all__ = ["SignedGrid"]


class SignedGrid(VGroup):
    """A ``rows x cols`` grid of squares coloured by sign and magnitude.

    A positive value is ``theme.positive`` (blue), a negative one
    ``theme.negative`` (red); the colour fades to the background as the value
    goes to 0, so intensity shows magnitude. Laid out exactly like
    :class:`kit.pixels.PixelGrid`, so the two can stand side by side and
    ``pixel(row, col)`` names the same pixel in both.

    Parameters
    ----------
    strengths
        Rows of values in [-1, 1]: the value divided by the largest magnitude
        (as the scene data stores it), so the strongest square is at full colour.
    theme
        Colours.
    side_length
        Width of the whole grid in scene units.
    """

    def __init__(self, strengths: Sequence[Sequence[float]], theme: Theme, side_length: float = 3.6, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows, self.cols = len(strengths), len(strengths[0])
        size = side_length / self.cols
        width, height = side_length, size * self.rows
        # Squares without outlines, and the grid lines as one path: far cheaper to draw than
        # 784 outlined squares, and it looks the same as PixelGrid.
        self.squares = VGroup(
            *(
                Square(size, stroke_width=0)
                .set_fill(self.colour(theme, s), opacity=1)
                .move_to([(c - (self.cols - 1) / 2) * size, ((self.rows - 1) / 2 - r) * size, 0])
                for r, row in enumerate(strengths)
                for c, s in enumerate(row)
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

    @staticmethod
    def colour(theme: Theme, strength: float):
        """The colour of a square of signed strength ``strength`` in [-1, 1]."""
        s = min(max(float(strength), -1.0), 1.0)
        return interpolate_color(theme.background, theme.signed(s), abs(s))

    def pixel(self, row: int, col: int) -> Square:
        """The square of pixel (row, col), counted from the top left."""
        return self.squares[row * self.cols + col]

    def row(self, row: int) -> VGroup:
        """The squares of one row, left to right (for row-by-row reveals)."""
        return VGroup(*self.squares[row * self.cols : (row + 1) * self.cols])
