"""TexBatch: each batched piece is typeset as if it were its own MathTex."""

from __future__ import annotations

import pytest
from manim import MathTex, tempconfig

from kit.tex import TexBatch


def test_a_negative_entry_keeps_its_sign_after_another_piece(tmp_path) -> None:
    # "-1.50" after "0.61" in one TeX run: unbraced, TeX spaces the minus as a
    # binary operator and the matrix reads "0.61 - 1.50" as a subtraction.
    with tempconfig({"media_dir": str(tmp_path)}):
        batch = TexBatch(["0.61", "-1.50", "+"])
        for tex in ("0.61", "-1.50", "+"):
            assert batch(tex).width == pytest.approx(MathTex(tex).width, abs=1e-3), tex
