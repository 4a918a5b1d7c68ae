"""The record of what preprocessing did to a picture: one named step at a time, with its numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Step", "rounded"]


@dataclass(frozen=True)
class Step:
    """One preprocessing step applied to an image: its name and its parameters (JSON-ready)."""

    name: str
    params: dict[str, object] = field(default_factory=dict)


def rounded(value: float) -> float:
    """A number rounded for the steps' record: four decimals are far finer than any threshold here."""
    return round(float(value), 4)
