"""Copies of glyphs share their parsed SVG path and are otherwise independent (scenes/kit/copying.py)."""

from __future__ import annotations

import numpy as np
from manim import RIGHT, Text

from kit.patches import patches_installed


@patches_installed()
def test_a_copied_glyph_shares_its_path_and_nothing_else() -> None:
    text = Text("net 3")
    copy = text.copy()
    pairs = list(zip(text.family_members_with_points(), copy.family_members_with_points()))
    assert pairs and len(pairs) == len(text.family_members_with_points())
    for glyph, twin in pairs:
        assert twin is not glyph
        assert twin.path_obj is glyph.path_obj  # shared, not deep-copied
        assert np.array_equal(twin.points, glyph.points)
    before = text.get_center().copy()
    copy.shift(RIGHT).set_color("#ff0000")
    assert np.array_equal(text.get_center(), before)
    assert text.get_color() != copy.get_color()
