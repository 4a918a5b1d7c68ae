"""MathTex from a storyboard formula: each piece coloured by its role, addressable by name."""

from __future__ import annotations

from collections.abc import Iterable

from manim import DEFAULT_FONT_SIZE, ManimColor, MathTex, VGroup, VMobject

from kit.theme import Theme
from storyboard.tex import Formula

__all__ = ["FormulaTex", "TexBatch"]


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


class TexBatch:
    """Many small TeX strings (matrix entries, signs) compiled by LaTeX in one run.

    Each ``MathTex`` is one LaTeX and one dvisvgm run; a matrix of numbers is
    dozens of them. Here every distinct string is one piece of a single
    ``MathTex``, and ``batch(tex)`` hands out a copy of its piece, with the
    same glyphs and size as ``MathTex(tex)``. It can be passed to ``Matrix``
    as ``element_to_mobject``.
    """

    def __init__(self, strings: Iterable[str]) -> None:
        unique = list(dict.fromkeys(strings))
        # Each piece in braces, so a leading minus stays a sign: after the previous
        # piece TeX would typeset it as a binary minus, "- 1.50" with spaces.
        whole = MathTex(*(f"{{{tex}}}" for tex in unique), arg_separator=r"\quad ")
        self._pieces = dict(zip(unique, whole.submobjects))

    def __call__(self, tex: str, font_size: float = DEFAULT_FONT_SIZE, color: ManimColor | None = None) -> VMobject:
        """A copy of ``tex``'s piece at ``font_size``, in ``color`` if given."""
        piece = self._pieces[tex].copy().scale(font_size / DEFAULT_FONT_SIZE)
        return piece if color is None else piece.set_color(color)
