"""Layout and pacing constants every scene shares, in scene units and seconds."""

from __future__ import annotations

from manim import config

__all__ = ["CORNER_BUFF", "MARGIN", "RIGHT_EDGE", "LEFT_EDGE", "TOP_EDGE", "BOTTOM_EDGE", "fits"]

# Nothing is drawn closer than this to the frame's edge (about 34 px at 480p).
MARGIN = 0.5
# Small tags in a corner (the "Your own digit" note) may sit closer.
CORNER_BUFF = 0.15
RIGHT_EDGE = config.frame_x_radius - MARGIN
LEFT_EDGE = -RIGHT_EDGE
TOP_EDGE = config.frame_y_radius - MARGIN
BOTTOM_EDGE = -TOP_EDGE


def fits(mobject) -> bool:
    """True when ``mobject`` lies inside the margins."""
    return (
        mobject.get_left()[0] >= LEFT_EDGE - 1e-6
        and mobject.get_right()[0] <= RIGHT_EDGE + 1e-6
        and mobject.get_bottom()[1] >= BOTTOM_EDGE - 1e-6
        and mobject.get_top()[1] <= TOP_EDGE + 1e-6
    )
