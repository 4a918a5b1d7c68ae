"""Words shared by the beats that draw on the shipped sample rather than on the chosen digit."""

from __future__ import annotations

from netcore.inputs import SceneInputs

__all__ = ["percent", "sample_source"]


def sample_source(inputs: SceneInputs, size: int) -> str:
    """Where the digits come from, said on screen; with the user's own image, that these are not it."""
    where = f"From the {size} MNIST digits shipped with the project"
    return f"{where}. Not your image." if inputs.digit.is_user_image else where


def percent(fraction: float, decimals: int = 1) -> str:
    """A fraction as a percentage, "95.4%"."""
    return f"{100 * fraction:.{decimals}f}%"
