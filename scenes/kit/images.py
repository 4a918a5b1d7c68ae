"""Small pictures of values (a digit, a part of one, a neuron's weights), cheap enough to show dozens.

A :class:`Picture` has no grid lines, so sixteen 28x28 of them fit at once.
Like :class:`kit.pixels.SquareGrid` it draws one path per colour: runs of
equal pixels in a row become one rectangle, and all rectangles of one colour
are one path. Its pixels are rounded to one of ``LEVELS`` strengths (invisible
at these sizes), and zero pixels are not drawn, so the background shows
through. (Manim's ``ImageMobject`` would be faster still, but Manim 0.22
cannot draw it with the Pillow the project pins.)
"""

from __future__ import annotations

from collections.abc import Sequence

import math

import numpy as np
from manim import ManimColor, Rectangle, VGroup, VMobject, interpolate_color

from kit.theme import Theme

__all__ = ["LEVELS", "Picture", "grid_cells", "rectangles_mobject", "runs_as_rectangles", "signed_picture", "value_picture", "veil"]

# Strengths a picture's pixels are rounded to, per sign: finer than the eye can tell apart here.
LEVELS = 12
# Rectangles overlap their neighbours by this much (scene units, about half a pixel at 480p),
# so no thin seam of background shows between two pixels.
OVERLAP = 0.008


def runs_as_rectangles(key: np.ndarray, size: float, overlap: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The runs of equal ``key`` along each row of a grid of ``size`` cells centred on the origin.

    Returns rows of (left, bottom, right, top), each grown by ``overlap``, and
    each run's key; runs whose key is negative are left out.
    """
    rows, cols = key.shape
    # Where a run starts, and where it ends (the next start, or the row's end).
    starts = np.ones_like(key, dtype=bool)
    starts[:, 1:] = key[:, 1:] != key[:, :-1]
    row, first = np.nonzero(starts)
    same_row = np.r_[row[1:] == row[:-1], False]
    last = np.where(same_row, np.r_[first[1:], 0], cols)
    run_key = key[row, first]
    drawn = run_key >= 0
    row, first, last, run_key = row[drawn], first[drawn], last[drawn], run_key[drawn]
    top = rows * size / 2 - row * size
    rects = np.column_stack(
        [first * size - cols * size / 2 - overlap, top - size - overlap, last * size - cols * size / 2 + overlap, top + overlap]
    )
    return rects, run_key


def rectangles_mobject(rects: np.ndarray, colour: ManimColor) -> VMobject:
    """One filled path, without outline, of the rectangles ``rects`` (rows of left, bottom, right, top)."""
    path = VMobject(stroke_width=0).set_fill(colour, opacity=1)
    return path.set_points(_rectangles_path(rects))


def _rectangles_path(rects: np.ndarray) -> np.ndarray:
    """Bézier points of closed rectangles, rows of (left, bottom, right, top): one subpath each."""
    left, bottom, right, top = rects.T
    corners = np.stack([np.stack([left, top]), np.stack([right, top]), np.stack([right, bottom]), np.stack([left, bottom])])
    corners = corners.transpose(2, 0, 1)  # (n, 4 corners, xy)
    start, end = corners, np.roll(corners, -1, axis=1)
    # Each side is a cubic Bézier curve with its handles a third of the way along.
    curves = np.stack([start, start + (end - start) / 3, start + 2 * (end - start) / 3, end], axis=2)  # (n, 4, 4, 2)
    points = curves.reshape(-1, 2)
    return np.column_stack([points, np.zeros(len(points))])


class Picture(VGroup):
    """A ``rows x cols`` picture: each pixel a colour at a strength in [0, 1] over the background.

    Parameters
    ----------
    colours
        One colour per pixel sign: ``colours[k]`` is used where ``which == k``.
    which
        (rows, cols) indices into ``colours``.
    strengths
        (rows, cols) values in [0, 1]: 1 is the full colour, 0 the background.
    theme
        The background the colours fade to, and the frame's colour.
    height
        The picture's height in scene units.
    frame
        Whether to draw a thin frame around it (its bounds are the grid's either way).

    Attributes
    ----------
    paths
        One path per colour drawn (dim or restore them with ``set_fill(opacity=...)``).
    frame
        The frame rectangle.
    """

    def __init__(
        self,
        colours: Sequence[ManimColor],
        which: np.ndarray,
        strengths: np.ndarray,
        theme: Theme,
        height: float,
        frame: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        rows, cols = strengths.shape
        size = height / rows
        level = np.rint(np.clip(strengths, 0.0, 1.0) * LEVELS).astype(int)
        key = np.where(level > 0, which * (LEVELS + 1) + level, -1)  # one key per colour drawn; -1: not drawn
        rects, run_key = runs_as_rectangles(key, size, OVERLAP)
        self.paths = VGroup()
        for k in np.unique(run_key):
            colour = interpolate_color(theme.background, colours[k // (LEVELS + 1)], (k % (LEVELS + 1)) / LEVELS)
            self.paths.add(rectangles_mobject(rects[run_key == k], colour))
        # Kept (invisible) even without a frame, so the picture's bounds are the whole grid's.
        self.frame = Rectangle(width=cols * size, height=height, stroke_color=theme.muted, stroke_width=1.2, stroke_opacity=1.0 if frame else 0.0)
        self.add(self.paths, self.frame)


def value_picture(values: Sequence[Sequence[float]], theme: Theme, height: float, colour: ManimColor | None = None, frame: bool = True) -> Picture:
    """Values in [0, 1] (a digit's grey levels: 1 = ink) in ``colour`` (the theme's ink by default)."""
    values = np.asarray(values, dtype=np.float64)
    return Picture([colour or theme.ink], np.zeros(values.shape, dtype=int), values, theme, height, frame)


def signed_picture(strengths: Sequence[Sequence[float]], theme: Theme, height: float, frame: bool = True) -> Picture:
    """Signed strengths in [-1, 1] (weights divided by the largest): blue positive, red negative, faint near 0."""
    strengths = np.asarray(strengths, dtype=np.float64)
    return Picture([theme.positive, theme.negative], (strengths < 0).astype(int), np.abs(strengths), theme, height, frame)


def grid_cells(count: int, left: float, right: float, top: float, bottom: float) -> tuple[list[np.ndarray], float, int]:
    """Centres of ``count`` square cells in a near-square grid filling the box, row by row; the cell size; the columns."""
    cols = math.ceil(math.sqrt(count))
    rows = math.ceil(count / cols)
    cell = min((right - left) / cols, (top - bottom) / rows)
    x0 = (left + right - cols * cell) / 2
    centres = [np.array([x0 + (k % cols + 0.5) * cell, top - (k // cols + 0.5) * cell, 0.0]) for k in range(count)]
    return centres, cell, cols


def veil(mobject, theme: Theme, opacity: float = 1.0, margin: float = 0.05) -> Rectangle:
    """A rectangle of the background's colour over ``mobject``, at ``opacity``.

    Fading a veil out reveals pictures, fading one in dims them, and only the
    veil is redrawn each frame: the pictures stay in Manim's cached
    background, which keeps scenes with dozens of pictures fast to render.
    """
    cover = Rectangle(width=mobject.width + 2 * margin, height=mobject.height + 2 * margin, stroke_width=0)
    return cover.set_fill(theme.background, opacity=opacity).move_to(mobject)
