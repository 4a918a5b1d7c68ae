"""Shapes that paint themselves with Cairo, for what Manim's camera draws slowly.

Manim's Cairo camera draws every shape the same way: its Bézier points
become a Cairo path in Python, one call per curve, then filled and stroked.
A :class:`Painted` shape keeps Manim's points (so it moves, scales, fades and
transforms like any other) but hands Cairo its own, cheaper drawing: a
picture's pixels as one image (:class:`kit.raster.Raster`), or a bundle of
straight lines each stroked alone (:class:`kit.network.LineBundle`).
:func:`painting_display_vectorized` makes the camera call :meth:`Painted.paint`
(installed by :mod:`kit.patches`).
"""

from __future__ import annotations

from collections.abc import Callable

import cairo
from manim import VMobject
from manim.camera.camera import Camera

__all__ = ["Painted", "painting_display_vectorized"]


class Painted(VMobject):
    """A shape that paints itself: subclasses define :meth:`paint`."""

    def paint(self, ctx: cairo.Context, camera: Camera) -> None:
        """Paint the shape on ``ctx``, whose user space is the scene's (as the camera has set it)."""
        raise NotImplementedError


def painting_display_vectorized(stock: Callable[[Camera, VMobject, cairo.Context], Camera]) -> Callable:
    """Manim's ``Camera.display_vectorized`` (``stock``), handing :class:`Painted` shapes their own brush.

    Installed by :mod:`kit.patches`, which passes the camera's method as it finds it.
    """

    def display_vectorized(camera: Camera, vmobject: VMobject, ctx: cairo.Context) -> Camera:
        if isinstance(vmobject, Painted):
            ctx.new_path()  # Manim fills and strokes with *_preserve: the path of the shape before is still set
            vmobject.paint(ctx, camera)
            return camera
        return stock(camera, vmobject, ctx)

    return display_vectorized
