"""Fades and moves that do not copy what they animate, and a cross-fade that can wait its turn.

Manim's ``FadeIn``, ``FadeOut`` and ``.animate`` copy the whole mobject
(twice) before the first frame: for a 28x28 grid of squares or fifty
written numbers that costs more than drawing the frames. ``Fade`` and
``Glide`` change the mobject in place instead, so they start at once.
"""

from __future__ import annotations

import manim
import numpy as np
from manim import Animation, Mobject, VMobject

__all__ = ["Fade", "FadeTransform", "Glide"]


class FadeTransform(manim.FadeTransform):
    """Manim's ``FadeTransform``, showing only its source until its turn comes in a ``LaggedStart``.

    Manim's ``begin`` draws its first state before it fades the target onto
    the source, and a ``LaggedStart`` leaves animations that have not begun
    as ``begin`` left them: every target waiting its turn showed at full
    strength in its final place (the factors of the matrix beat's row, all
    at once, before they flew in).
    """

    def begin(self) -> None:
        super().begin()
        self.interpolate(0)


class Fade(Animation):
    """Fade ``mobject`` in (or out, with ``out=True``) by scaling every part's opacities.

    A fade-out removes the mobject at the end and gives it back its opacities,
    so it can be shown again later.
    """

    def __init__(self, mobject: Mobject, out: bool = False, **kwargs) -> None:
        self.out = out
        super().__init__(mobject, introducer=not out, remover=out, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # nothing is interpolated from a copy

    def begin(self) -> None:
        self._opacities = [
            (part, part.fill_rgbas[:, 3].copy(), part.stroke_rgbas[:, 3].copy(), part.background_stroke_rgbas[:, 3].copy())
            for part in self.mobject.get_family()
            if isinstance(part, VMobject)
        ]
        super().begin()

    def _scale(self, k: float) -> None:
        for part, fill, stroke, background in self._opacities:
            part.fill_rgbas[:, 3] = fill * k
            part.stroke_rgbas[:, 3] = stroke * k
            part.background_stroke_rgbas[:, 3] = background * k

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        self._scale(1 - t if self.out else t)

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        self._scale(1.0)


class Glide(Animation):
    """Move ``mobject`` so that its centre ends at ``point``, in a straight line."""

    def __init__(self, mobject: Mobject, point, **kwargs) -> None:
        self.end = np.asarray(point, dtype=np.float64)
        super().__init__(mobject, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject

    def begin(self) -> None:
        self.start = self.mobject.get_center()
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        self.mobject.move_to(self.start + (self.end - self.start) * self.rate_func(alpha))
