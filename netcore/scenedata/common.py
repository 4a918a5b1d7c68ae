"""Pieces every scene's data record shares: the header and the JSON form."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from netcore.inputs import SceneInputs

__all__ = ["FORMAT_VERSION", "DECIMALS", "header", "rounded", "tex_number", "to_json", "two_decimals"]

# Bump when the layout of a record changes, so old snapshots are recognised as such.
FORMAT_VERSION = 1
# Numbers are stored to this many decimals: far finer than anything on screen,
# coarse enough that the same inputs give byte-identical files on any machine.
DECIMALS = 6


def header(scene: str, inputs: SceneInputs) -> dict[str, Any]:
    """The record's first fields: format, scene name and the inputs that produced it."""
    digit = inputs.digit
    network = inputs.network
    return {
        "format": FORMAT_VERSION,
        "scene": scene,
        "inputs": {
            "weights_file": inputs.weights_file.name,
            "weights_sha256": inputs.weights_sha256,
            "sizes": network.sizes,
            "activation": network.activation,
            "digit": {
                "sample_index": digit.sample_index,
                "label": digit.label,
                "image": digit.image.name if digit.image is not None else None,
                "description": digit.description,
                "origin": digit.origin,
            },
        },
    }


def rounded(value: Any) -> Any:
    """``value`` with NumPy types made plain and every float rounded to DECIMALS."""
    if isinstance(value, dict):
        return {str(k): rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(v) for v in value]
    if isinstance(value, np.ndarray):
        return rounded(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        r = round(float(value), DECIMALS)
        return 0.0 if r == 0 else r  # no "-0.0" in files
    return value


def to_json(record: dict[str, Any]) -> str:
    """The record as deterministic JSON text (sorted keys, rounded floats, final newline)."""
    return json.dumps(rounded(record), sort_keys=True, indent=1) + "\n"


def two_decimals(value: float, sign: bool = False) -> str:
    """``value`` as the clips write it: two decimals, a true minus sign, never "-0.00".

    With ``sign`` a positive value gets a "+" (for "w·a + b" written with b's sign).
    """
    text = f"{float(value):.2f}"
    if text in ("-0.00", "0.00"):
        text = "0.00"
    if text.startswith("-"):
        return "\u2212" + text[1:]
    return ("+" + text) if sign else text


def tex_number(value: float) -> str:
    """:func:`two_decimals` for MathTex (a plain ASCII minus, which TeX typesets as one)."""
    return two_decimals(value).replace("\u2212", "-")
