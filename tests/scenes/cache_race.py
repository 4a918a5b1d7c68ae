"""Two scenes that make the same texts and formulas, to render at once into one media folder.

Run from the project root: ``manim -ql -s tests/scenes/cache_race.py FirstOfTwo``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from manim import MathTex, Scene, Text, VGroup

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scenes"))  # the kit, as Manim finds it for our scenes

from kit.cache import publish_private_caches, use_private_caches  # noqa: E402

FORMULAS = 12


class _SameTexts(Scene):
    def setup(self) -> None:
        use_private_caches()

    def construct(self) -> None:
        parts = [MathTex(rf"a_{{{i}}} = \sigma({i}.25)") for i in range(FORMULAS)]
        parts += [Text(f"step {i}") for i in range(FORMULAS)]
        self.add(VGroup(*parts).arrange_in_grid(cols=4).scale(0.5))

    def tear_down(self) -> None:
        publish_private_caches()


class FirstOfTwo(_SameTexts):
    """One of the two."""


class SecondOfTwo(_SameTexts):
    """The other."""
