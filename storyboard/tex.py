"""TeX formulas as named, coloured pieces, so scenes never count positions in a list.

A scene asks a formula for its pieces *by name* (``"total"``, ``"term 0"``)
and colours each piece by its *role*, which the theme maps to a colour; moving
a piece here can never silently recolour or move the wrong part of a scene.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ROLES", "Formula", "Piece", "formula", "signed_sum"]

# What a piece is, which decides its colour (scenes/kit/theme.py maps each role to one).
ROLES = ("text", "muted", "highlight", "weight", "bias", "squish", "relu", "positive", "negative", "activation")


@dataclass(frozen=True)
class Piece:
    """One piece of a formula: its TeX, its colour role, and the name scenes address it by ("" if none)."""

    tex: str
    role: str = "text"
    name: str = ""

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")


@dataclass(frozen=True)
class Formula:
    """A formula as pieces in reading order."""

    pieces: tuple[Piece, ...]

    def indices(self, name: str) -> list[int]:
        """Positions of the pieces called ``name`` (raises KeyError if there are none)."""
        found = [i for i, piece in enumerate(self.pieces) if piece.name == name]
        if not found:
            raise KeyError(f"no piece called {name!r}")
        return found

    def has(self, name: str) -> bool:
        """True when some piece is called ``name``."""
        return any(piece.name == name for piece in self.pieces)

    @property
    def tex(self) -> str:
        """The whole formula as one TeX string."""
        return " ".join(piece.tex for piece in self.pieces)


def formula(*pieces: Piece | str) -> Formula:
    """A formula from pieces; a bare string is an unnamed piece of plain text colour."""
    return Formula(tuple(p if isinstance(p, Piece) else Piece(p) for p in pieces))


def signed_sum(terms: list[tuple[str, str, str]]) -> list[Piece]:
    """Pieces of ``t1 + t2 - t3 ...`` from (written number, role, name) terms, a minus written as an operator.

    A written number is TeX (an ASCII minus); a negative one after the first
    term becomes ``- 0.31`` rather than ``+ -0.31``.
    """
    pieces: list[Piece] = []
    for i, (text, role, name) in enumerate(terms):
        negative = text.startswith("-")
        if i:
            pieces.append(Piece("-" if negative else "+", name=name))
            text = text.lstrip("-")
        pieces.append(Piece(text, role, name))
    return pieces
