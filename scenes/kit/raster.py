"""Pictures of pixels painted as one image each: a digit, a grid of weights, a photo.

Manim's Cairo camera draws a shape by turning its Bézier points into a Cairo
path in Python, one call per curve, then filling it. A digit drawn as
vectors is dozens of such paths (one per colour, a rectangle per run of
equal pixels), and a wall of forty digits gliding across the frame cost
110 ms a frame at 1080p. A :class:`Raster` is one shape whose points are
its four corners, so it moves, scales, fades and transforms as any shape
does, and whose pixels Cairo paints in one call, clipped to those corners.

To keep pixel edges as sharp as the vector drawing had them, the image is
first enlarged by whole pixels (each pixel a ``k x k`` block, ``k`` the
whole number of screen pixels it covers) and then smoothed over at most one
screen pixel as it is scaled the rest of the way: a pixel's edge is blurred
as much as an anti-aliased rectangle's, whatever the size. A picture shown
smaller than its pixels (a photo) is averaged down.

Manim's own ``ImageMobject`` cannot be drawn with the Pillow this project
pins (its camera casts a float array with ``Image.fromarray(..., mode=...)``),
and would go through Pillow for every frame. A raster is a
:class:`kit.painting.Painted` shape: the camera hands it to :meth:`Raster.paint`.
"""

from __future__ import annotations

import math

import cairo
import numpy as np
from manim import ManimColor
from manim.camera.camera import Camera
from manim.utils.paths import straight_path

from kit.painting import Painted

__all__ = ["Raster", "blend", "rgba_of"]

# The largest side, in pixels, an enlarged image may have (a 28-pixel digit filling the frame's height at 4K).
MAX_SIDE = 4096


def rgba_of(colour: ManimColor) -> np.ndarray:
    """A colour as (r, g, b, a) floats in [0, 1]."""
    return np.asarray(ManimColor(colour).to_rgba(), dtype=np.float64)


def blend(start: ManimColor, end: ManimColor, amounts: np.ndarray) -> np.ndarray:
    """Rows of RGBA pixels part way from ``start`` to ``end``: ``amounts`` (rows, cols) in [0, 1].

    The same straight line between the two colours as Manim's ``interpolate_color``.
    """
    t = np.clip(np.asarray(amounts, dtype=np.float64), 0.0, 1.0)[..., None]
    return (1 - t) * rgba_of(start) + t * rgba_of(end)


class Raster(Painted):
    """A ``rows x cols`` picture of RGBA pixels, ``width`` wide, drawn as one image.

    Parameters
    ----------
    rgba
        (rows, cols, 4) floats in [0, 1], top row first; alpha 0 leaves what is behind visible.
    width
        Its width in scene units; its height follows the pixels' shape.

    Its fill opacity (``set_opacity``, ``FadeIn``, ``kit.motion.Fade``) scales
    the whole picture's; its fill colour is not drawn.
    """

    def __init__(self, rgba: np.ndarray, width: float, **kwargs) -> None:
        super().__init__(stroke_width=0, fill_opacity=1, **kwargs)
        rows, cols = np.shape(rgba)[:2]
        half_w, half_h = width / 2, width * rows / cols / 2
        corners = [(-half_w, half_h), (half_w, half_h), (half_w, -half_h), (-half_w, -half_h), (-half_w, half_h)]
        self.set_points_as_corners([np.array([x, y, 0.0]) for x, y in corners])
        self.set_rgba(rgba)

    def set_rgba(self, rgba: np.ndarray) -> Raster:
        """Give the picture new pixels of the same shape, (rows, cols, 4) floats in [0, 1]."""
        rgba = np.clip(np.asarray(rgba, dtype=np.float64), 0.0, 1.0)
        self.rgba = rgba
        # Cairo's ARGB32 with premultiplied alpha; Manim's camera keeps red where Cairo's blue is,
        # so the bytes go in (r, g, b, a) order, as its own colours do.
        premultiplied = np.concatenate([rgba[..., :3] * rgba[..., 3:], rgba[..., 3:]], axis=-1)
        self.pixels = np.ascontiguousarray(np.rint(premultiplied * 255).astype(np.uint8))
        self._enlarged: tuple[int, np.ndarray] = (1, self.pixels)
        return self

    def _enlarged_by(self, k: int) -> np.ndarray:
        """The pixels with each one repeated into a ``k x k`` block (kept for the next frame)."""
        if self._enlarged[0] != k:
            self._enlarged = (k, np.ascontiguousarray(self.pixels.repeat(k, axis=0).repeat(k, axis=1)))
        return self._enlarged[1]

    def paint(self, ctx: cairo.Context, camera: Camera) -> None:
        """Paint the pixels inside the picture's four corners, at its fill opacity."""
        opacity = float(self.get_fill_opacity())
        if opacity <= 0 or len(self.points) < 13:
            return
        top_left, top_right, bottom_right, bottom_left = (self.points[i, :2] for i in (0, 4, 8, 12))
        across, down = top_right - top_left, bottom_left - top_left
        if abs(across[0] * down[1] - across[1] * down[0]) < 1e-12:
            return  # no area (a fade that starts from a point)
        rows, cols = self.pixels.shape[:2]
        on_screen = math.hypot(*ctx.user_to_device_distance(*across)) / cols  # screen pixels per pixel
        k = max(1, min(int(on_screen), MAX_SIDE // max(rows, cols)))
        image = self._enlarged_by(k)
        ctx.save()
        for corner in (top_left, top_right, bottom_right, bottom_left):
            ctx.line_to(*corner)
        ctx.close_path()
        ctx.clip()  # anti-aliased, as a filled rectangle's edges are
        ctx.transform(cairo.Matrix(*(across / (cols * k)), *(down / (rows * k)), *top_left))
        surface = cairo.ImageSurface.create_for_data(memoryview(image), cairo.FORMAT_ARGB32, cols * k, rows * k, cols * k * 4)
        ctx.set_source_surface(surface, 0, 0)
        pattern = ctx.get_source()
        pattern.set_extend(cairo.EXTEND_PAD)  # the edge pixels reach the clip's edge
        # Averaged down when smaller than its pixels (a photo); enlarged, each pixel's block already is its square.
        pattern.set_filter(cairo.FILTER_GOOD if on_screen < 1 else cairo.FILTER_BILINEAR)
        ctx.paint_with_alpha(opacity)
        ctx.restore()

    def interpolate(self, mobject1, mobject2, alpha: float, path_func=straight_path()) -> Raster:
        """Move between two rasters' corners and opacities; the pixels switch halfway."""
        super().interpolate(mobject1, mobject2, alpha, path_func)
        source = mobject1 if alpha < 0.5 else mobject2
        if isinstance(source, Raster) and source.pixels is not self.pixels:
            self.rgba, self.pixels, self._enlarged = source.rgba, source.pixels, (1, source.pixels)
        return self
