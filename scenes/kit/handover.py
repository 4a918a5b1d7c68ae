"""The pictures one beat hands over to the next in the chapter, each drawn by one helper in one place.

A beat that ends on a picture (``ends_on`` in ``storyboard.registry``) and
the beat that opens from it (``opens_from``) both build it here from their
own records' numbers and words, so the last frame of the one and the first
frame of the other show the same mobjects in the same place
(``tests/test_handover.py`` measures the join).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, UP, Text, VGroup

from kit.pixels import PixelGrid
from kit.theme import Theme

__all__ = ["digit_on_stage"]


def digit_on_stage(pixels: np.ndarray, title: str, source: str, theme: Theme) -> VGroup:
    """The digit drawn big in the middle, its title above and where it comes from below: (grid, title, source).

    The forward beat opens on it; the neuron-holds-a-number beat ends on it in the chapter.
    """
    grid = PixelGrid(pixels, theme, side_length=5.2).move_to([0, -0.3, 0])
    heading = Text(title, color=theme.text, font_size=30).next_to(grid, UP, buff=0.25)
    origin = Text(source, color=theme.muted, font_size=16).next_to(grid, DOWN, buff=0.15)
    return VGroup(grid, heading, origin)
