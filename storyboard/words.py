"""How numbers are written on screen and in captions: one convention for the whole chapter."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "FUNCTION_NAME",
    "FUNCTION_TEX",
    "MINUS",
    "sum_relation",
    "tex_number",
    "numbers_text",
    "decimals_that_add_up",
    "thousands",
    "two_decimals",
    "verdict",
]

MINUS = "\u2212"
# An activation function's name in TeX and in plain text (captions, subtitles).
FUNCTION_TEX = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}"}
FUNCTION_NAME = {"sigmoid": "\u03c3", "relu": "ReLU"}


def two_decimals(value: float, sign: bool = False) -> str:
    """``value`` as the clips write it: two decimals, a true minus sign (U+2212), never "-0.00".

    With ``sign`` a positive value gets a "+" (for "w·a + b" written with b's sign).
    """
    text = numbers_text(value)
    return "+" + text if sign and not text.startswith(MINUS) else text


def numbers_text(value: float, decimals: int = 2) -> str:
    """A number for plain text (captions): ``decimals`` decimals and a true minus sign (U+2212)."""
    return tex_number(value, decimals).replace("-", MINUS)


def tex_number(value: float, decimals: int = 2) -> str:
    """A number for MathTex (a plain ASCII minus, which TeX typesets as one), never "-0.00"."""
    text = f"{float(value):.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def decimals_that_add_up(addends: Iterable[float], total: float, most: int = 6) -> int:
    """The fewest decimals (from 2) at which the addends, as written, add up to the total as written.

    So "9.04 + 1.58 = 10.63", which reads as an error, is written "9.036 + 1.584 = 10.620" instead.
    """
    addends = list(addends)
    for decimals in range(2, most + 1):
        written = sum(float(tex_number(a, decimals)) for a in addends)
        if tex_number(written, decimals) == tex_number(total, decimals):
            return decimals
    return most


def thousands(n: int) -> str:
    """An integer with thousands separators, as the chapter writes 13,002."""
    return f"{int(n):,}"


def _as_written(value: float) -> float:
    return float(tex_number(value))


def sum_relation(addends: Iterable[float], total: float, tex: bool = False) -> str:
    """"=" when the addends as written (two decimals) add up to the total as written, else "≈" (``\\approx`` with ``tex``).

    Every sum on screen uses this, so "9.04 + 1.58 = 10.63" can never appear.
    """
    written = sum(_as_written(v) for v in addends)
    if round(written, 2) == round(_as_written(total), 2):
        return "="
    return r"\approx" if tex else "\u2248"


def verdict(prediction: int, label: int | None) -> str:
    """What every clip says of the network's answer: right, wrong, or (for a user's digit) just the answer."""
    if label is None:
        return f"The network reads it as a {prediction}."
    if prediction == label:
        return f"The network answers {prediction}: right."
    return f"The network answers {prediction}, but this is a {label}: it is wrong."
