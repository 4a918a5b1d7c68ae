"""Colours of the dark (default) and light themes, consistent across scenes: one colour, one meaning.

Within a theme each colour role means one thing in every beat:

- ``positive`` (blue) and ``negative`` (red): the sign of a weight (edges, weight pictures, written weights);
  nothing else is drawn blue or red, except ``negative`` for a wrong answer;
- ``ink``: an activation or pixel value, as a grey level (white on black, black on white);
- ``weight`` (green): the matrix W and the word "weights";
- ``bias`` (purple): a bias b, its threshold and the word "biases" (not blue: blue is a positive weight);
- ``squish`` (yellow, dark gold on white): the activation function σ (or ReLU, where it stands alone);
- ``relu`` (pink, teal on white): ReLU where it is set against the sigmoid (the sigmoid-vs-ReLU beat);
- ``highlight`` (orange, magenta on white): the one thing to look at now (a point on the curve, the answer, a total);
- ``text`` and ``muted``: words and labels, and neutral measurements (accuracy bars, counted edges).

As in the original, W is green and σ yellow; b is purple here, as blue already means a positive
weight. Every colour that draws text reaches a contrast of at least 4.5:1 on its background
(WCAG AA), and the role colours differ by at least 30 in CIELAB (ΔE76), tested.
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import BLUE, GREEN, ORANGE, RED, YELLOW, ManimColor, interpolate_color

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
    bias: ManimColor = ManimColor("#B189E0")
    squish: ManimColor = ManimColor(YELLOW)  # the sigmoid, σ
    relu: ManimColor = ManimColor("#E65A9E")  # ReLU, where it is set against the sigmoid (pink: purple is b)
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
        highlight=ManimColor("#D0006F"),  # magenta: an orange dark enough for white is a brown too close to σ's gold
        weight=ManimColor("#1B7F35"),
        bias=ManimColor("#7B3FA0"),
        squish=ManimColor("#7A6A00"),  # dark gold: yellow is unreadable on white; olive was too close to W's green, brown to the highlight
        relu=ManimColor("#00838F"),  # teal: a pink dark enough for white is too close to the magenta highlight
        code_style="default",
    ),
)
# The theme names are netcore's (which checks the user's choice); the palettes are here.
THEMES = {theme.name: theme for theme in _PALETTES if theme.name in THEME_NAMES}


def theme_named(name: str) -> Theme:
    """The theme called ``name`` (``dark`` or ``light``)."""
    return THEMES[name]
