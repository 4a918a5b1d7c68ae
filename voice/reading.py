"""Written words as a voice should say them: numbers, signs and symbols spelt out.

The storyboard writes a step's words as a viewer reads them ("−1.22",
"13,002", "σ(0.25)"). A number is read digit for digit from its written
form, so it is spoken exactly as rounded on screen: "−1.22" is "minus one
point two two", "13,002" is "thirteen thousand and two". Every engine gets
the same spelt-out words, so no engine's own number reading is relied on.
"""

from __future__ import annotations

import re

from num2words import num2words

__all__ = ["NUMBER", "numbers_in", "read_aloud"]

# A written number: a sign (true minus or hyphen) only when not part of a word, thousands
# separated by commas, optional decimals, an optional percent sign.
NUMBER = re.compile(r"(?<![\w.])([\u2212-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)(?![\d])")
_DIGITS = "zero one two three four five six seven eight nine".split()
# Superscript and subscript digits name things (a⁽⁰⁾, W₂): said as digits, but not numbers of the record.
_SCRIPTS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089", "01234567890123456789", "\u207d\u207e")
# Written symbol -> what is said. Order matters: longer forms first.
_SYMBOLS = (
    (re.compile(r"(?<=\d)\u2013(?=\d)"), " to "),  # a range, rows 6–12
    (re.compile(r"(?<=\d)\u00d7(?=\d)"), " by "),  # 28×28
    (re.compile(r"\u00d7"), " times "),
    (re.compile(r"\bw\u00b7a\b"), "w dot a"),
    (re.compile(r"\u03c3\("), "sigma of "),  # its closing parenthesis becomes a pause
    (re.compile(r"\u03c3"), "sigma"),
    (re.compile(r"\bReLU\b"), "ray-loo"),
    (re.compile(r"\bmax\((\S+), (\S+)\)"), r"the max of \1 and \2"),
    (re.compile(r"\bMNIST\b"), "em-nist"),
    (re.compile(r"\s=\s"), " equals "),
    (re.compile(r"\s\u2248\s"), " is about "),
    (re.compile(r"\s>\s"), " is more than "),
    (re.compile(r"\s<\s"), " is less than "),
    (re.compile(r"\s\+\s"), " plus "),
    (re.compile(r"\s[\u2212-]\s"), " minus "),
    (re.compile(r"\u2212(?=[a-zA-Z])"), "minus "),  # −b
    (re.compile(r"\s*[()]\s*"), ", "),
    (re.compile(r"\s\u2014\s"), ", "),
)


def _integer(digits: str) -> str:
    return num2words(int(digits.replace(",", ""))).replace(",", "").replace("-", " ")


def _plural(word: str) -> str:
    """The plural of a number's name: "threes", "sixes", "twenties"."""
    if word.endswith("x"):
        return word + "es"
    if word.endswith("y"):
        return word[:-1] + "ies"
    return word + "s"


def _number(match: re.Match[str]) -> str:
    sign, whole, decimals, percent = match.groups()
    spoken = _integer(whole)
    if decimals:
        spoken += " point " + " ".join(_DIGITS[int(d)] for d in decimals)
    if sign:
        spoken = "minus " + spoken
    return spoken + (" percent" if percent else "")


def numbers_in(text: str) -> list[str]:
    """Every number written in ``text``, as written ("−1.22", "13,002", "95.79%")."""
    return [m.group(0) for m in NUMBER.finditer(text)]


def read_aloud(text: str) -> str:
    """``text`` with its numbers and symbols in words, as a voice should say them."""
    text = text.translate(_SCRIPTS)
    text = re.sub(r"(?<=[A-Za-z])([0-9])", r" \1", text)  # a0, W2: "a zero", "W two"
    text = re.sub(r"\b(\d+)s\b", lambda m: _plural(_integer(m.group(1))), text)  # 3s: "threes"
    for pattern, said in _SYMBOLS:
        text = pattern.sub(said, text)
    text = NUMBER.sub(_number, text)
    text = re.sub(r"\s*,\s*(,\s*)+", ", ", text)  # "(ink)." leaves ", ,"
    text = re.sub(r",\s*([.!?:;])", r"\1", text)
    text = re.sub(r"^\s*,\s*", "", text)
    return " ".join(text.split())
