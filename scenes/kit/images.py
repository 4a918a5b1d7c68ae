"""Small pictures of values (a digit, a part of one, a neuron's weights), cheap enough to show dozens.

A :class:`Picture` has no grid lines, so sixteen 28x28 of them fit at once.
Its pixels are one :class:`kit.raster.Raster`, painted as one image; zero
pixels are transparent, so the background shows through.
"""

from __future__ import annotations

from collections.abc import Sequence

import math

import numpy as np
from manim import ManimColor, Rectangle, VGroup

from kit.raster import Raster, blend, rgba_of
from kit.theme import Theme

__all__ = ["Picture", "Tally", "grid_cells", "signed_picture", "value_picture", "veil"]


class Picture(VGroup):
    """A ``rows x cols`` picture: each pixel a colour at a strength in [0, 1] over the background.

    Parameters
    ----------
    colours
        One colour per pixel sign: ``colours[k]`` is used where ``which == k``.
    which
        (rows, cols) indices into ``colours``.
    strengths
        (rows, cols) values in [0, 1]: 1 is the full colour, 0 the background (not drawn).
    theme
        The background the colours fade to, and the frame's colour.
    height
        The picture's height in scene units.
    frame
        Whether to draw a thin frame around it (its bounds are the grid's either way).

    Attributes
    ----------
    image
        The pixels, as one :class:`kit.raster.Raster`.
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
        strengths = np.clip(strengths, 0.0, 1.0)
        rgba = np.zeros((rows, cols, 4))
        for k, colour in enumerate(colours):
            mine = which == k
            rgba[mine] = blend(theme.background, colour, strengths[mine])
        rgba[..., 3] = strengths > 0
        self.image = Raster(rgba, cols * height / rows)
        # Kept (invisible) even without a frame, so the picture's bounds are the whole grid's.
        self.frame = Rectangle(width=cols * height / rows, height=height, stroke_color=theme.muted, stroke_width=1.2, stroke_opacity=1.0 if frame else 0.0)
        self.add(self.image, self.frame)


class Tally(Raster):
    """One square per item, ``columns`` to a row from the top left, each in its colour, drawn as one image.

    The squares are four fifths of the ``pitch`` between them. ``items`` gives
    each of the image's pixels the index of the square it belongs to (-1 in
    the gaps), for :class:`kit.motion.LaggedFadeIn`.
    """

    # Pixels per square's cell, and the gap's pixels on each side: squares of 8 in cells of 10.
    CELL, GAP = 10, 1

    def __init__(self, colours: Sequence[ManimColor], columns: int, pitch: float) -> None:
        rows = -(-len(colours) // columns)  # rounded up
        index = np.arange(rows * columns).reshape(rows, columns)
        index[index >= len(colours)] = -1
        inside = np.zeros((self.CELL, self.CELL), dtype=bool)
        inside[self.GAP : self.CELL - self.GAP, self.GAP : self.CELL - self.GAP] = True
        self.items = np.where(np.tile(inside, (rows, columns)), index.repeat(self.CELL, axis=0).repeat(self.CELL, axis=1), -1)
        palette = np.array([rgba_of(c) for c in colours] + [np.zeros(4)])  # the last, transparent, for the gaps
        super().__init__(palette[self.items], columns * pitch)


def value_picture(values: Sequence[Sequence[float]], theme: Theme, height: float, colour: ManimColor | None = None, frame: bool = True) -> Picture:
    """Values in [0, 1] (a digit's grey levels: 1 = ink) in ``colour`` (the theme's ink by default)."""
    values = np.asarray(values, dtype=np.float64)
    return Picture([colour or theme.ink], np.zeros(values.shape, dtype=int), values, theme, height, frame)


def signed_picture(strengths: Sequence[Sequence[float]], theme: Theme, height: float, frame: bool = True) -> Picture:
    """Signed strengths in [-1, 1] (weights divided by the largest): blue positive, red negative, faint near 0.

    The colour's strength is the square root of |strength|, still larger for a larger weight: most
    weights are a small fraction of the largest, and drawn in proportion they were dark red and teal
    smudges on black, hard to read at 480p.
    """
    strengths = np.asarray(strengths, dtype=np.float64)
    return Picture([theme.positive, theme.negative], (strengths < 0).astype(int), np.sqrt(np.abs(strengths)), theme, height, frame)


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
