"""A digit's pixels as a grid of grey squares."""

from __future__ import annotations

from collections.abc import Sequence

from manim import Rectangle, Square, VGroup

from kit.theme import Theme

__all__ = ["PixelGrid"]


class PixelGrid(VGroup):
    """A ``rows x cols`` grid of squares, each filled with its pixel's grey level.

    Parameters
    ----------
    values
        Rows of grey levels in [0, 1] (1 = ink), for example a digit's 28x28 pixels.
    theme
        Colours: a pixel of value v is ``theme.grey(v)``.
    side_length
        Width of the whole grid in scene units.
    """

    def __init__(self, values: Sequence[Sequence[float]], theme: Theme, side_length: float = 3.6, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows, self.cols = len(values), len(values[0])
        size = side_length / self.cols
        self.squares = VGroup(
            *(
                Square(size, stroke_width=0.4, stroke_color=theme.muted, stroke_opacity=0.35)
                .set_fill(theme.grey(v), opacity=1)
                .move_to([(c - (self.cols - 1) / 2) * size, ((self.rows - 1) / 2 - r) * size, 0])
                for r, row in enumerate(values)
                for c, v in enumerate(row)
            )
        )
        self.frame = Rectangle(width=side_length, height=size * self.rows, stroke_color=theme.muted, stroke_width=1.5)
        self.add(self.squares, self.frame)

    def pixel(self, row: int, col: int) -> Square:
        """The square of pixel (row, col), counted from the top left."""
        return self.squares[row * self.cols + col]
