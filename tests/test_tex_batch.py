"""TexBatch and compile_formulas: each batched piece or formula is typeset as if it were its own MathTex."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from manim import ManimColor, MathTex, tempconfig

from kit.tex import FormulaTex, TexBatch, compile_formulas, formulas_in
from kit.theme import theme_named
from storyboard.tex import Piece, formula

THEME = theme_named("dark")


def test_a_negative_entry_keeps_its_sign_after_another_piece(tmp_path) -> None:
    # "-1.50" after "0.61" in one TeX run: unbraced, TeX spaces the minus as a
    # binary operator and the matrix reads "0.61 - 1.50" as a subtraction.
    with tempconfig({"media_dir": str(tmp_path)}):
        batch = TexBatch(["0.61", "-1.50", "+"])
        for tex in ("0.61", "-1.50", "+"):
            assert batch(tex).width == pytest.approx(MathTex(tex).width, abs=1e-3), tex


def _points(mobject) -> np.ndarray:
    return np.concatenate([m.points for m in mobject.family_members_with_points()])


def test_formulas_compiled_together_draw_as_each_alone(tmp_path) -> None:
    # The second formula starts with a minus right after a line that ends in a number:
    # typeset on one line, TeX would space it as a subtraction.
    first = formula(Piece("a^{(1)}", "activation", "a"), "=", Piece("0.28", name="value"))
    second = formula(Piece("-1.50", "bias", "b"), "+", r"\sigma\left(", "z", r"\right)")
    with tempconfig({"media_dir": str(tmp_path)}):
        compile_formulas([first, second])
        for f in (first, second):
            batched = FormulaTex(f, THEME, font_size=30)
            alone = MathTex(*(p.tex for p in f.pieces), font_size=30)
            assert len(batched.submobjects) == len(alone.submobjects) == len(f.pieces)
            assert np.abs(_points(batched) - _points(alone)).max() < 1e-6, f.tex
        assert FormulaTex(first, THEME).part("value").get_color() == ManimColor(THEME.text)


def test_formulas_are_found_at_any_depth_of_a_beats_words() -> None:
    @dataclasses.dataclass(frozen=True)
    class Words:
        title: str
        lines: tuple
        by_name: dict

    f, g = formula("x"), formula("y")
    assert list(formulas_in(Words("t", (f, [g]), {"k": f}))) == [f, g, f]
