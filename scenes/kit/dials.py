"""Dials set to values: thousands of tiny ones painted as one image, or a few large ones as shapes.

A dial's needle points straight up at 0 and turns right for a positive
value, left for a negative one, reaching :data:`TRAVEL` radians either way
at the dial's ``limit``; it is blue for a positive value and red for a
negative one, as weights are everywhere in the chapter.
"""

from __future__ import annotations

import math

import numpy as np
from manim import Circle, Line, VGroup

from kit.raster import Raster, rgba_of
from kit.theme import Theme

__all__ = ["TRAVEL", "Dial", "dial_wall", "needle_angle"]

# How far a needle turns at the dial's limit, either way from straight up: three quarters of a half turn.
TRAVEL = 0.75 * math.pi
# Pixels a side of one tiny dial in a wall: enough for a ring and a needle at 1080p.
DIAL_PIXELS = 9
# Opacity of a tiny dial's face, behind its needle.
FACE_TINT = 0.3


def needle_angle(value: float | np.ndarray, limit: float) -> float | np.ndarray:
    """The needle's turn from straight up (clockwise positive) for ``value`` on a dial reaching ±``limit``."""
    return TRAVEL * np.clip(np.asarray(value, dtype=np.float64) / (limit if limit > 0 else 1.0), -1.0, 1.0)


def _sprites(values: np.ndarray, limit: float, theme: Theme) -> np.ndarray:
    """(rows, cols, DIAL_PIXELS, DIAL_PIXELS, 4) RGBA: each value's dial (a faint face and a needle,
    both in its sign's colour), transparent where a value is NaN."""
    px = DIAL_PIXELS
    centre = np.arange(px) + 0.5 - px / 2
    x, y = centre[None, :], -centre[:, None]  # screen x right, y up, for one dial's pixels
    shown = ~np.isnan(values)
    angle = needle_angle(np.where(shown, values, 0.0), limit)[..., None, None]
    ux, uy = np.sin(angle), np.cos(angle)
    along = np.clip(x * ux + y * uy, 0.0, 0.38 * px)
    distance = np.hypot(x - along * ux, y - along * uy)
    needle = np.clip(1.3 - distance, 0.0, 1.0)
    # A face tinted by the sign's colour, so that a wall too small for its needles still shows signs.
    face = FACE_TINT * np.clip(0.44 * px + 0.5 - np.hypot(x, y), 0.0, 1.0) * np.ones_like(needle)
    colour = np.where((values >= 0)[..., None, None, None], rgba_of(theme.positive), rgba_of(theme.negative))
    rgba = colour * (needle + (1 - needle) * face)[..., None]
    rgba[..., 3] = needle + (1 - needle) * face
    return rgba * shown[..., None, None, None]


def dial_wall(values: np.ndarray, limit: float, theme: Theme, dial_size: float) -> Raster:
    """``values`` (rows, cols; NaN leaves a gap) as a wall of tiny dials, each ``dial_size`` wide, in one image."""
    rows, cols = values.shape
    sprites = _sprites(np.asarray(values, dtype=np.float64), limit, theme)
    image = sprites.transpose(0, 2, 1, 3, 4).reshape(rows * DIAL_PIXELS, cols * DIAL_PIXELS, 4)
    return Raster(image, cols * dial_size)


class Dial(VGroup):
    """One dial as shapes: a ring, marks at 0 and at both ends, and a needle set to ``value``."""

    def __init__(self, value: float, limit: float, theme: Theme, radius: float) -> None:
        super().__init__()
        ring = Circle(radius=radius, color=theme.muted, stroke_width=2)
        marks = VGroup(
            *(
                Line([0.78 * radius * math.sin(a), 0.78 * radius * math.cos(a), 0], [radius * math.sin(a), radius * math.cos(a), 0], color=theme.muted, stroke_width=2)
                for a in (-TRAVEL, 0.0, TRAVEL)
            )
        )
        a = float(needle_angle(value, limit))
        self.needle = Line([0, 0, 0], [0.9 * radius * math.sin(a), 0.9 * radius * math.cos(a), 0], color=theme.signed(value), stroke_width=4)
        self.add(ring, marks, self.needle)
