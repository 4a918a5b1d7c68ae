"""Colours of the dark (default) and light themes, consistent across scenes.

As in the original: positive weights blue, negative red; activations are
white fill on black (black on white in the light theme); in the matrix form
W is green, b blue and sigma yellow (olive on white); ReLU, set against the sigmoid, purple. Every colour that draws text reaches a
contrast of at least 4.5:1 on its background (WCAG AA), tested.
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import BLUE, GREEN, ORANGE, PURPLE, RED, YELLOW, ManimColor, interpolate_color

from netcore.choices import THEMES as THEME_NAMES

__all__ = ["FONT", "Theme", "THEMES", "theme_named"]

# One font installed by the set-up (fonts-dejavu-core), so frames are the same on every machine.
FONT = "DejaVu Sans"


@dataclass(frozen=True)
class Theme:
    """The colours a scene draws with."""

    name: str
    background: ManimColor
    text: ManimColor
    muted: ManimColor
    ink: ManimColor  # a pixel or neuron at activation 1
    positive: ManimColor = ManimColor(BLUE)
    negative: ManimColor = ManimColor(RED)
    highlight: ManimColor = ManimColor(ORANGE)  # not sigma's yellow: a highlighted point on the curve must show
    weight: ManimColor = ManimColor(GREEN)
    bias: ManimColor = ManimColor(BLUE)
    squish: ManimColor = ManimColor(YELLOW)  # the sigmoid, σ
    relu: ManimColor = ManimColor(PURPLE)  # ReLU, where it is set against the sigmoid
    code_style: str = "monokai"  # the Pygments style source code is shown in

    def grey(self, value: float) -> ManimColor:
        """The colour of a pixel or neuron whose value is ``value`` in [0, 1]."""
        return interpolate_color(self.background, self.ink, min(max(float(value), 0.0), 1.0))

    def role(self, role: str) -> ManimColor:
        """The colour of a formula piece or word with this role (see ``storyboard.tex.ROLES``)."""
        return self.ink if role == "activation" else getattr(self, role)

    def signed(self, value: float) -> ManimColor:
        """Blue for a positive value, red for a negative one."""
        return self.positive if value >= 0 else self.negative


_PALETTES = (
    Theme("dark", ManimColor("#000000"), ManimColor("#FFFFFF"), ManimColor("#8A8A8A"), ManimColor("#FFFFFF")),
    Theme(
        "light",
        ManimColor("#FFFFFF"),
        ManimColor("#111111"),
        ManimColor("#6E6E6E"),
        ManimColor("#000000"),
        positive=ManimColor("#1F6FD1"),
        negative=ManimColor("#D1342B"),
        highlight=ManimColor("#A85A00"),
        weight=ManimColor("#1B7F35"),
        bias=ManimColor("#1F6FD1"),
        squish=ManimColor("#6F7400"),  # olive: a yellow unreadable on white; the brown before hid the highlighted point
        relu=ManimColor("#7A3D9E"),
        code_style="default",
    ),
)
# The theme names are netcore's (which checks the user's choice); the palettes are here.
THEMES = {theme.name: theme for theme in _PALETTES if theme.name in THEME_NAMES}


def theme_named(name: str) -> Theme:
    """The theme called ``name`` (``dark`` or ``light``)."""
    return THEMES[name]
