"""MathTex from a storyboard formula: each piece coloured by its role, addressable by name."""

from __future__ import annotations

from manim import MathTex, VGroup

from kit.theme import Theme
from storyboard.tex import Formula

__all__ = ["FormulaTex"]


class FormulaTex(MathTex):
    """A formula's pieces as one MathTex; ``part(name)`` gives the pieces called ``name``."""

    def __init__(self, formula: Formula, theme: Theme, **kwargs) -> None:
        super().__init__(*(piece.tex for piece in formula.pieces), color=theme.text, **kwargs)
        self.formula = formula
        for mob, piece in zip(self.submobjects, formula.pieces):
            mob.set_color(theme.role(piece.role))

    def part(self, name: str) -> VGroup:
        """The pieces called ``name``, as one group."""
        return VGroup(*(self.submobjects[i] for i in self.formula.indices(name)))
