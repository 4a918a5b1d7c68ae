"""Both themes: text readable on its background (WCAG AA, 4.5:1), words true in both, a highlighted point visible on the curve."""

from __future__ import annotations

import re

import numpy as np
import pytest

from kit.theme import THEMES
from netcore.choices import Choices
from netcore.inputs import load_inputs
from storyboard.record import plain
from storyboard.registry import BEATS

TEXT_COLOURS = ("text", "muted", "highlight", "positive", "negative", "weight", "bias", "squish", "relu")


def _luminance(colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour.to_rgb()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    """The WCAG contrast ratio of two colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_on_known_pairs() -> None:
    from manim import ManimColor

    assert contrast(ManimColor("#000000"), ManimColor("#FFFFFF")) == pytest.approx(21.0)
    assert contrast(ManimColor("#C98A00"), ManimColor("#FFFFFF")) == pytest.approx(2.95, abs=0.01)


@pytest.mark.parametrize("name", sorted(THEMES))
@pytest.mark.parametrize("role", TEXT_COLOURS)
def test_text_colours_are_readable(name: str, role: str) -> None:
    theme = THEMES[name]
    assert contrast(getattr(theme, role), theme.background) >= 4.5


ROLE_COLOURS = ("positive", "negative", "highlight", "weight", "bias", "squish", "relu")


@pytest.mark.parametrize("name", sorted(THEMES))
def test_each_role_has_a_colour_of_its_own(name: str) -> None:
    """One colour, one meaning: no two roles share a colour or nearly so (ΔE76 at least 30)."""
    theme = THEMES[name]
    for i, a in enumerate(ROLE_COLOURS):
        for b in ROLE_COLOURS[i + 1 :]:
            distance = float(np.linalg.norm(_lab(getattr(theme, a)) - _lab(getattr(theme, b))))
            assert distance >= 30, f"{name}: {a} and {b} are only {distance:.1f} apart"


@pytest.mark.parametrize("name", sorted(THEMES))
def test_highlight_stands_out_from_the_sigmoid_curve(name: str) -> None:
    theme = THEMES[name]
    assert theme.highlight != theme.squish


# Ink is white on black in the dark theme and black on white in the light one: a word
# that names a brightness is false in one of them ("0 = paper, 1 = ink" is true in both).
BRIGHTNESS_WORDS = re.compile(r"\b(black|white|bright\w*|dark\w*|lights? up)\b", re.IGNORECASE)


@pytest.mark.parametrize("beat", BEATS, ids=lambda b: b.name)
def test_words_are_true_in_both_themes(beat) -> None:
    record = beat.build(load_inputs(Choices()))
    texts = [step.caption for step in record.steps] + _strings(plain(record.words))
    assert not [t for t in texts if BRIGHTNESS_WORDS.search(t)]


def _strings(value) -> list[str]:
    """Every string inside a record's plain (JSON-ready) words."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _lab(colour) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB colour."""
    rgb = np.array(colour.to_rgb())
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    f = np.cbrt(xyz / np.array([0.95047, 1.0, 1.08883]))  # every theme colour is far above the linear toe
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_a_highlighted_point_shows_on_the_curve(theme) -> None:
    # The followed neuron's point is drawn in the highlight on a curve drawn in sigma's colour.
    # Light theme's brown sigma once hid it: a colour difference of 20.5; dark's orange on yellow is 47.5.
    assert np.linalg.norm(_lab(theme.highlight) - _lab(theme.squish)) > 35
