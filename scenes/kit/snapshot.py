"""A group of shapes drawn once into an image, then painted at an opacity: cheap fades of many glyphs.

Fading a page of formulas in or out redraws every glyph every frame, each
a Cairo path built in Python: 559 glyphs cost the matrix beat 92 ms a frame
at 720p. A :class:`Snapshot` draws them once, at the camera's resolution and
in the places they are, and then paints that one image each frame at its
own opacity. The image moves with the snapshot (by whole and fractional
pixels alike) but does not scale.
"""

from __future__ import annotations

import math

import cairo
import numpy as np
from manim import Mobject, VMobject
from manim.camera.camera import Camera
from manim.utils.family import extract_mobject_family_members

from kit.painting import Painted

__all__ = ["Snapshot"]

# How far, in scene units, the image reaches beyond the shapes' points: strokes and anti-aliasing.
PAD = 0.1


class Snapshot(Painted):
    """``subject`` as one image, drawn the first time it is painted; fade it with its fill opacity.

    The subject is drawn as it is then (its opacities included) and where it
    is, wherever the snapshot has moved since: :attr:`home` is the place the
    image belongs to.
    """

    def __init__(self, subject: Mobject) -> None:
        super().__init__(stroke_width=0, fill_opacity=1)
        self.subject = subject
        (left, bottom, _), (right, top, _) = subject.get_corner(np.array([-1, -1, 0])), subject.get_corner(np.array([1, 1, 0]))
        left, bottom, right, top = left - PAD, bottom - PAD, right + PAD, top + PAD
        self.set_points_as_corners([[left, top, 0], [right, top, 0], [right, bottom, 0], [left, bottom, 0], [left, top, 0]])
        self.home = np.array([left, top])
        self._image: tuple[cairo.ImageSurface, float, float] | None = None

    def paint(self, ctx: cairo.Context, camera: Camera) -> None:
        """Paint the image where the snapshot's top left corner is now, at its fill opacity."""
        opacity = float(self.get_fill_opacity())
        if opacity <= 0:
            return
        if self._image is None:
            self._image = self._draw(ctx, camera)
        surface, x, y = self._image
        home_x, home_y = ctx.user_to_device(*self.home)
        now_x, now_y = ctx.user_to_device(*self.points[0, :2])
        ctx.save()
        ctx.identity_matrix()
        ctx.set_source_surface(surface, x + now_x - home_x, y + now_y - home_y)
        ctx.paint_with_alpha(opacity)
        ctx.restore()

    def _draw(self, ctx: cairo.Context, camera: Camera) -> tuple[cairo.ImageSurface, float, float]:
        """The subject drawn by the camera into an image covering the snapshot's home, and the image's device position."""
        right, bottom = self.home + (self.points[8, :2] - self.points[0, :2])
        corners = [ctx.user_to_device(*p) for p in (self.home, (right, bottom))]
        left, top = (math.floor(min(c[k] for c in corners)) for k in (0, 1))
        width, height = (max(1, math.ceil(max(c[k] for c in corners)) - start) for k, start in ((0, left), (1, top)))
        surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, width, height)
        image = cairo.Context(surface)
        xx, yx, xy, yy, x0, y0 = ctx.get_matrix()
        image.set_matrix(cairo.Matrix(xx, yx, xy, yy, x0 - left, y0 - top))  # the camera's, shifted to the image
        for part in extract_mobject_family_members([self.subject], use_z_index=True, only_those_with_points=True):
            if isinstance(part, VMobject):
                camera.display_vectorized(part, image)
        return surface, float(left), float(top)
