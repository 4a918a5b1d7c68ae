"""Axes for an activation function, and the curves a record samples for them."""

from __future__ import annotations

from manim import LEFT, Axes, Line, Text, VGroup, VMobject

from kit.theme import Theme
from netcore.scenedata.common import Curve

__all__ = ["activation_axes", "curve_on", "gridded_axis"]


def activation_axes(theme: Theme, x_limit: float, y_limit: float, x_length: float, y_length: float) -> Axes:
    """Axes for an activation function: x symmetric about 0, y from 0, with numbered ticks far enough
    apart that their numbers never touch (a dead layer's sums reach ±50)."""
    x_step = _step(5 if x_limit >= 10 else 1, x_limit, x_length / 2)
    y_step = 0.5 if y_limit <= 1 else _step(5 if y_limit >= 10 else 1, y_limit, y_length)
    return Axes(
        x_range=[-x_limit, x_limit, x_step],
        y_range=[0, y_limit, y_step],
        x_length=x_length,
        y_length=y_length,
        tips=False,
        axis_config={"color": theme.muted, "stroke_width": 2, "include_numbers": True, "font_size": 24},
        y_axis_config={"decimal_number_config": {"num_decimal_places": 1 if y_limit <= 1 else 0, "color": theme.text}},
        x_axis_config={"decimal_number_config": {"num_decimal_places": 0, "color": theme.text}},
    )


# Scene units between numbered ticks, at least: room for a number such as "−50" at font size 24.
TICK_ROOM = 0.8


def _step(step: float, limit: float, length: float) -> float:
    """``step``, or the next of 1, 2, 5, 10, 20, 50, ... after it that puts ticks ``TICK_ROOM`` apart on ``length``."""
    while length * step / limit < TICK_ROOM:
        step = step * 2.5 if str(step).startswith("2") else step * 2
    return step


def curve_on(axes: Axes, curve: Curve, theme: Theme) -> VMobject:
    """A curve through the record's sampled points: smooth for the sigmoid, straight segments for ReLU."""
    points = [axes.c2p(x, y) for x, y in curve.points]
    line = VMobject(stroke_color=theme.squish, stroke_width=4)
    return line.set_points_smoothly(points) if curve.smooth else line.set_points_as_corners(points)


def gridded_axis(labels: list[str], left: float, right: float, top: float, bottom: float, theme: Theme) -> VGroup:
    """A chart's baseline with one faint grid line and one label (on the left) per value of ``labels``, evenly from bottom to top."""
    axis = VGroup(Line([left, bottom, 0], [right, bottom, 0], color=theme.muted, stroke_width=1.5))
    steps = len(labels) - 1
    for k, label in enumerate(labels):
        y = bottom + (top - bottom) * k / steps
        if k:
            axis.add(Line([left, y, 0], [right, y, 0], color=theme.muted, stroke_width=0.8, stroke_opacity=0.5))
        axis.add(Text(label, color=theme.muted, font_size=14).next_to([left, y, 0], LEFT, buff=0.1))
    return axis
