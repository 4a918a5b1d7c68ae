"""How numbers are written on screen and in captions: one convention for the whole chapter."""

from __future__ import annotations

from collections.abc import Callable, Iterable

__all__ = [
    "FUNCTION_NAME",
    "FUNCTION_TEX",
    "MINUS",
    "sum_relation",
    "superscript",
    "tex_number",
    "numbers_text",
    "decimals_that_add_up",
    "decimals_that_map",
    "decimals_that_multiply",
    "thousands",
    "two_decimals",
    "verdict",
]

MINUS = "\u2212"
# An activation function's name in TeX and in plain text (captions, subtitles).
FUNCTION_TEX = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}"}
FUNCTION_NAME = {"sigmoid": "\u03c3", "relu": "ReLU"}
_SUPERSCRIPT = str.maketrans("0123456789()-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾\u207b")


def superscript(text: str) -> str:
    """``text``'s digits, brackets and minus signs raised, for plain text: "(1)" -> "⁽¹⁾", "-3" -> "⁻³"."""
    return text.translate(_SUPERSCRIPT)


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


def decimals_that_multiply(terms: Iterable[tuple[float, float, float]], product_decimals: int = 2, most: int = 6) -> int:
    """The fewest decimals (from 2) for the factors at which every ``(x, y, product)``, as written, multiplies out.

    That is, the written x times the written y, written at ``product_decimals``, is the written product:
    "(−1.02)(0.98) = −1.01" reads as an error, so the factors are written "(−1.023)(0.984)" instead.
    """
    terms = list(terms)
    for decimals in range(2, most + 1):
        if all(
            tex_number(float(tex_number(x, decimals)) * float(tex_number(y, decimals)), product_decimals) == tex_number(product, product_decimals)
            for x, y, product in terms
        ):
            return decimals
    return most


def decimals_that_map(value: float, image: float, function: Callable[[float], float], most: int = 6) -> int:
    """The fewest decimals (from 2) for ``value`` at which ``function`` of it, as written, gives ``image`` as written (2 decimals).

    σ(−0.9693) = 0.2750 is written 0.28, but σ(−0.97) = 0.2749 would be 0.27: the argument is written −0.969.
    """
    for decimals in range(2, most + 1):
        if tex_number(function(float(tex_number(value, decimals)))) == tex_number(image):
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


def verdict(prediction: int, label: int | None, says: str | None = None) -> str:
    """What a clip says of the network's answer: right, wrong, or (for a user's digit) just the answer.

    ``says`` ("So the formula answers") leads the sentence in place of "The network answers", so a
    beat that tells the answer again does not repeat another beat's sentence word for word.
    """
    if label is None:
        return f"{says} {prediction}." if says else f"The network reads it as a {prediction}."
    says = says or "The network answers"
    if prediction == label:
        return f"{says} {prediction}: right."
    return f"{says} {prediction}, but this is a {label}: it is wrong."
