"""How numbers are written on screen and in captions: one convention for the whole chapter."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "FUNCTION_NAME",
    "FUNCTION_TEX",
    "MINUS",
    "subscript",
    "sum_relation",
    "tex_number",
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
    text = f"{float(value):.2f}"
    if text in ("-0.00", "0.00"):
        text = "0.00"
    if text.startswith("-"):
        return MINUS + text[1:]
    return ("+" + text) if sign else text


def tex_number(value: float) -> str:
    """:func:`two_decimals` for MathTex (a plain ASCII minus, which TeX typesets as one)."""
    return two_decimals(value).replace(MINUS, "-")


def thousands(n: int) -> str:
    """An integer with thousands separators, as the chapter writes 13,002."""
    return f"{int(n):,}"


def subscript(n: int) -> str:
    """``n`` in Unicode subscript digits (w₇₈₄ in plain text)."""
    return str(n).translate(str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089"))


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
