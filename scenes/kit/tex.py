"""MathTex from storyboard formulas, compiled by LaTeX a beat at a time; and batches of small TeX strings.

Each ``MathTex`` is one LaTeX and one dvisvgm run, about a quarter of a
second; the matrix beat has 36 formulas. :func:`compile_formulas` typesets
all of a beat's formulas in one run, one per line, and :class:`FormulaTex`
takes its pieces from there (or compiles its formula alone if no batch has);
:class:`TexBatch` does the same for the matrix beat's hundreds of entries.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from manim import DEFAULT_FONT_SIZE, ORIGIN, ManimColor, MathTex, VGroup, VMobject

from kit.theme import Theme
from storyboard.tex import Formula, Piece

__all__ = ["FormulaTex", "TexBatch", "compile_formulas", "formulas_in"]

# Each formula's pieces, as typeset (default size, in place in their batch), by formula.
_TYPESET: dict[Formula, list[VMobject]] = {}


def formulas_in(words: object) -> Iterator[Formula]:
    """Every :class:`Formula` in a beat's words: its dataclass fields, lists, tuples and dicts, at any depth."""
    if isinstance(words, Formula):
        yield words
    elif dataclasses.is_dataclass(words) and not isinstance(words, type):
        for field in dataclasses.fields(words):
            yield from formulas_in(getattr(words, field.name))
    elif isinstance(words, (list, tuple)):
        for item in words:
            yield from formulas_in(item)
    elif isinstance(words, dict):
        for item in words.values():
            yield from formulas_in(item)


def compile_formulas(formulas: Iterable[Formula]) -> None:
    """Typeset the formulas not typeset yet in one LaTeX run, for :class:`FormulaTex` to take its pieces from.

    Each formula is a line of its own (``align*`` rows), so that TeX spaces
    its pieces exactly as it would the formula alone: a minus at its start
    stays a sign, whatever the line before ends with.
    """
    todo = [f for f in dict.fromkeys(formulas) if f not in _TYPESET]
    if not todo:
        return
    strings: list[str] = []
    for k, formula in enumerate(todo):
        strings.extend(piece.tex for piece in formula.pieces)
        if k < len(todo) - 1:
            strings.append(r"\\")  # a piece of its own: no glyphs, one submobject
    whole = MathTex(*strings)
    parts = iter(whole.submobjects)
    for k, formula in enumerate(todo):
        _TYPESET[formula] = [next(parts) for _ in formula.pieces]
        if k < len(todo) - 1:
            next(parts)  # the line break


class FormulaTex(VGroup):
    """A formula's pieces, each coloured by its role, as ``MathTex(*pieces)`` draws them; ``part(name)`` gives the pieces called ``name``.

    Its submobjects are the pieces, in order, as a ``MathTex``'s are.
    """

    def __init__(self, formula: Formula, theme: Theme, font_size: float = DEFAULT_FONT_SIZE, **kwargs) -> None:
        super().__init__(**kwargs)
        if formula not in _TYPESET:
            compile_formulas([formula])
        self.formula = formula
        self.add(*(piece.copy() for piece in _TYPESET[formula]))
        self.move_to(ORIGIN).scale(font_size / DEFAULT_FONT_SIZE)
        for mob, piece in zip(self.submobjects, formula.pieces):
            mob.set_color(theme.role(piece.role))

    def part(self, name: str) -> VGroup:
        """The pieces called ``name``, as one group."""
        return VGroup(*(self.submobjects[i] for i in self.formula.indices(name)))


class TexBatch:
    """Many small TeX strings (matrix entries, signs), each typeset as if it were its own ``MathTex``, in one LaTeX run.

    ``batch(tex)`` hands out a copy of ``tex``'s glyphs (each string is a
    one-piece formula of :func:`compile_formulas`). It can be passed to
    ``Matrix`` as ``element_to_mobject``.
    """

    def __init__(self, strings: Iterable[str]) -> None:
        self._formulas = {tex: Formula((Piece(tex),)) for tex in dict.fromkeys(strings)}
        compile_formulas(self._formulas.values())

    def __call__(self, tex: str, font_size: float = DEFAULT_FONT_SIZE, color: ManimColor | None = None) -> VMobject:
        """A copy of ``tex``'s glyphs at ``font_size``, in ``color`` if given."""
        piece = _TYPESET[self._formulas[tex]][0].copy().scale(font_size / DEFAULT_FONT_SIZE)
        return piece if color is None else piece.set_color(color)
