"""Fades and moves that do not copy what they animate or redraw what does not change, and a cross-fade that can wait its turn.

Manim's ``FadeIn``, ``FadeOut`` and ``.animate`` copy the whole mobject
(twice) before the first frame: for a 28x28 grid of squares or fifty
written numbers that costs more than drawing the frames. ``Fade`` and
``Glide`` change the mobject in place instead, so they start at once.

Each frame Manim 0.22 redraws every top-level mobject from the first one
with a moving part on; the rest stays in its cached picture. So what
appears or goes on a plain background comes or goes under a veil of the
background's colour (``Unveil``, ``Veil``, ``Wipe``: one rectangle redrawn),
what fades or moves over other things goes as one image (``SnapshotFade``,
``SnapshotGlide``), and a raster's squares fade in one by one inside it
(``LaggedFadeIn``).
"""

from __future__ import annotations

import manim
import numpy as np
from manim import Animation, Mobject, VMobject

from kit.images import veil
from kit.raster import Raster
from kit.snapshot import Snapshot
from kit.theme import Theme

__all__ = ["Fade", "FadeTransform", "Glide", "LaggedFadeIn", "SnapshotFade", "SnapshotGlide", "Unveil", "Veil", "Wipe"]


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


class Unveil(Fade):
    """Show ``mobject`` as :class:`Fade` would, by fading out a veil of the background's colour laid over it.

    Manim redraws every frame only what moves (and what lies above it): here
    the veil, one rectangle, while the mobject itself (a page of code, a
    column of numbers) waits in the cached picture below. Nothing else
    should lie under the veil, which covers the mobject's bounding box, and
    the mobject goes beneath everything already shown.
    """

    def __init__(self, mobject: Mobject, theme: Theme, **kwargs) -> None:
        self.shown = mobject
        super().__init__(_veil_over(mobject, theme), out=True, **kwargs)

    def _setup_scene(self, scene) -> None:
        # Beneath everything, and the veil on top: Manim redraws each frame everything from the first
        # top-level mobject with a moving part on, and whatever is shown with this one (a title fading
        # in) would otherwise come before it and drag it along.
        scene.bring_to_back(self.shown)
        scene.add(self.mobject)
        super()._setup_scene(scene)


class Wipe(Unveil):
    """Show ``mobject`` from left to right, under a veil whose left edge sweeps across it.

    Lines that all run from one column to the next (a layer's edges) appear
    as ``Create`` draws them, but Manim redraws one rectangle a frame, not
    hundreds of partial lines. The veil covers the mobject's bounding box
    exactly from left to right (so it does not cut into the neurons where the
    lines end) and a little more above and below.
    """

    def begin(self) -> None:
        self.left, self.right = self.shown.get_left()[0], self.shown.get_right()[0]
        self.bottom, self.top = self.mobject.get_bottom()[1], self.mobject.get_top()[1]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        left = self.left + self.rate_func(alpha) * (self.right - self.left)
        self.mobject.set_points_as_corners(
            [[left, self.top, 0], [self.right, self.top, 0], [self.right, self.bottom, 0], [left, self.bottom, 0], [left, self.top, 0]]
        )


class Veil(Fade):
    """Hide ``mobject`` as a fade-out would, by fading in a veil of the background's colour over it; then remove both.

    The mirror of :class:`Unveil`, with the same caution: whatever else lies
    under the veil fades out too.
    """

    def __init__(self, mobject: Mobject, theme: Theme, **kwargs) -> None:
        self.hidden = mobject
        super().__init__(_veil_over(mobject, theme), **kwargs)

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        # Every part: a group made for the fade holds mobjects that were added to the scene one by one.
        scene.remove(*self.hidden.get_family(), self.mobject)


def _veil_over(mobject: Mobject, theme: Theme) -> Mobject:
    """A veil over ``mobject``, drawn above every part of it.

    Its z-index is one above the mobject's, so that Manim (which draws in
    z-order, redrawing from the first moving mobject on) puts the veils of a
    ``LaggedStart`` after everything they cover: added in turn, each veil
    would be followed by the next one's mobject, redrawn for nothing.
    """
    return veil(mobject, theme).set_z_index(max(part.z_index for part in mobject.get_family()) + 1)


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


class LaggedFadeIn(Animation):
    """Fade a raster's items in one after another, as a ``LaggedStart`` of :class:`Fade` would, as one image.

    ``items`` gives each pixel the index of its item (-1: always shown);
    each item's fade starts ``lag_ratio`` of a fade after the one before,
    with the animation's rate function. A ``LaggedStart`` of 500 squares
    redraws 500 shapes a frame; this one image.
    """

    def __init__(self, raster: Raster, items: np.ndarray, lag_ratio: float = 0.05, **kwargs) -> None:
        self.items = items
        super().__init__(raster, introducer=True, lag_ratio=lag_ratio, **kwargs)  # Animation keeps lag_ratio

    def create_starting_mobject(self) -> Mobject:
        return self.mobject

    def begin(self) -> None:
        self.full = self.mobject.rgba.copy()
        self.starts = np.arange(self.items.max() + 1) * self.lag_ratio
        self.own_rate = np.vectorize(self.rate_func, otypes=[float])
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        span = 1 + self.starts[-1]  # the whole, in fades
        strengths = np.append(self.own_rate(np.clip(alpha * span - self.starts, 0.0, 1.0)), 1.0)  # the last for -1
        rgba = self.full.copy()
        rgba[..., 3] *= strengths[self.items]
        self.mobject.set_rgba(rgba)


class _AsSnapshot(Animation):
    """While it plays, ``mobject`` is replaced by its :class:`kit.snapshot.Snapshot`, drawn above what was shown before."""

    def __init__(self, mobject: Mobject, shows_at_end: bool, **kwargs) -> None:
        self.subject, self.shows_at_end = mobject, shows_at_end
        super().__init__(Snapshot(mobject), introducer=True, remover=True, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject

    def _setup_scene(self, scene) -> None:
        scene.remove(*self.subject.get_family())  # its parts may have been added one by one
        super()._setup_scene(scene)

    def begin(self) -> None:
        self.start = self.mobject.get_center()
        super().begin()

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        if self.shows_at_end:
            scene.add(self.subject)


class SnapshotFade(_AsSnapshot):
    """Fade ``mobject`` in (or out, with ``out=True``) as one image: see :class:`kit.snapshot.Snapshot`.

    For a group of many glyphs, such as a page of formulas, on any
    background. The image moves by ``shift`` as Manim's ``FadeIn`` and
    ``FadeOut`` move theirs (coming from ``-shift``, going to ``+shift``); at
    the end a faded-in mobject is back in the scene itself.
    """

    def __init__(self, mobject: Mobject, out: bool = False, shift=None, **kwargs) -> None:
        self.out = out
        self.shift = np.zeros(3) if shift is None else np.asarray(shift, dtype=np.float64)
        super().__init__(mobject, shows_at_end=not out, **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        self.mobject.set_fill(opacity=1 - t if self.out else t)
        self.mobject.move_to(self.start + self.shift * (t if self.out else t - 1))


class SnapshotGlide(_AsSnapshot):
    """Move ``mobject`` so that its centre ends at ``point``, as one image, as :class:`Glide` would.

    While it moves the image is resampled at fractions of a pixel (a little
    softer than the shapes themselves); at the end the mobject, moved, is
    back in the scene itself.
    """

    def __init__(self, mobject: Mobject, point, **kwargs) -> None:
        self.end = np.asarray(point, dtype=np.float64)
        super().__init__(mobject, shows_at_end=True, **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        self.mobject.move_to(self.start + (self.end - self.start) * self.rate_func(alpha))

    def clean_up_from_scene(self, scene) -> None:
        self.subject.shift(self.end - self.start)
        super().clean_up_from_scene(scene)
