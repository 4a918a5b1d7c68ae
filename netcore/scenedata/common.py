"""Pieces every scene's data record shares: the header and the JSON form."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import expit

from netcore.errors import NetcoreError
from netcore.inputs import SceneInputs
from netcore.network import Trace

__all__ = [
    "MAX_COLUMN",
    "Prediction",
    "elided",
    "prediction_of",
    "CHOSEN",
    "DECIMALS",
    "FIRST_HIDDEN",
    "FORMAT_VERSION",
    "FUNCTION_NAME",
    "FUNCTION_TEX",
    "MOST_ACTIVE",
    "axis_limit",
    "choose_neuron",
    "function_curve",
    "header",
    "magnitude",
    "rounded",
    "strength",
    "sum_relation",
    "tex_number",
    "to_json",
    "two_decimals",
    "verdict",
]

# A column taller than this cannot be read at 480p: the rest is elided.
MAX_COLUMN = 16


@dataclass(frozen=True)
class Prediction:
    """The network's answer for the digit: the brightest output, and whether it is right."""

    digit: int
    activation: float
    label: int | None
    correct: bool | None
    outputs: np.ndarray  # every output activation


def prediction_of(trace: Trace, label: int | None) -> Prediction:
    """The answer of a forward pass, judged against ``label`` when the digit has one."""
    best = int(trace.prediction)
    return Prediction(best, float(trace.output[best]), label, None if label is None else best == label, trace.output)


def _fill_single_gaps(indices: set[int]) -> list[int]:
    """Sorted indices, where a gap of one is shown rather than hidden behind an ellipsis."""
    ordered = sorted(indices)
    filled = set(ordered)
    for a, b in zip(ordered, ordered[1:]):
        if b - a == 2:
            filled.add(a + 1)
    return sorted(filled)


def elided(size: int, max_shown: int = MAX_COLUMN, keep: tuple[int, ...] = ()) -> list[int]:
    """Indices of a ``size``-tall column that are drawn: all if they fit, else the first and last
    halves of ``max_shown`` plus ``keep``; a hidden run of one is drawn instead of elided."""
    if size <= max_shown:
        return list(range(size))
    half = max_shown // 2
    return _fill_single_gaps(set(range(half)) | set(range(size - (max_shown - half), size)) | set(keep))


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


# --- Helpers shared by the neuron and matrix clips -------------------------------------------

# The first hidden layer (layer 0 is the input): the layer whose neuron the clips follow.
FIRST_HIDDEN = 1
# How the followed neuron was picked (``choose_neuron``'s second value).
CHOSEN, MOST_ACTIVE = "chosen", "most active"
# An activation function's name in TeX and in plain text (captions, subtitles).
FUNCTION_TEX = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}"}
FUNCTION_NAME = {"sigmoid": "\u03c3", "relu": "ReLU"}


def choose_neuron(inputs: SceneInputs) -> tuple[int, str]:
    """The first-hidden-layer neuron the neuron and matrix clips follow, and why (``CHOSEN`` or ``MOST_ACTIVE``).

    The user's choice (``NN_NEURON`` or ``neuron`` in ``manim.cfg``) wins.
    Otherwise it is the neuron with the largest weighted input ``z = w·a + b``
    for the digit, that is the most active one (the activation increases with
    ``z``, and ``z`` still separates neurons whose activations both round to
    1 or are all 0 under ReLU). Ties keep the lowest index, so the choice is reproducible.
    """
    size = inputs.network.sizes[FIRST_HIDDEN]
    if inputs.neuron is not None:
        if not 0 <= inputs.neuron < size:
            raise NetcoreError(f"neuron {inputs.neuron} is out of range: the first hidden layer has neurons 0 to {size - 1}")
        return int(inputs.neuron), CHOSEN
    z = inputs.network.weights[0] @ inputs.digit.pixels.reshape(-1) + inputs.network.biases[0]
    return int(np.argmax(z)), MOST_ACTIVE


def axis_limit(values: Any, minimum: float = 5.0) -> float:
    """A round axis half-width (a multiple of 5, at least ``minimum``) that shows every value with some margin."""
    top = float(np.max(np.abs(values))) if np.size(values) else 0.0
    return float(max(minimum, 5.0 * math.ceil((top + 0.5) / 5.0)))


def strength(values: np.ndarray, signed: bool = True) -> np.ndarray:
    """``values`` divided by the largest magnitude, so the strongest is ±1 (all zero stays zero).

    With ``signed=False`` the magnitudes only, in [0, 1].
    """
    values = np.asarray(values, dtype=np.float64)
    top = float(np.max(np.abs(values))) if values.size else 0.0
    scaled = values / top if top > 0 else np.zeros_like(values)
    return scaled if signed else np.abs(scaled)


def magnitude(values: np.ndarray) -> np.ndarray:
    """|values| divided by the largest |value|, so the strongest is 1 (all zero stays zero)."""
    return strength(values, signed=False)


def function_curve(function: str, x_range: tuple[float, float], y_top: float, shift: float = 0.0, samples: int = 81) -> dict[str, Any]:
    """Points of ``y = f(x + shift)`` for x in ``x_range``, cut where y would leave the axes (above ``y_top``).

    ``smooth`` tells the scene whether to draw a smooth curve (sigmoid) or
    straight segments (ReLU: its exact polyline, kink included).
    """
    x0, x1 = float(x_range[0]), float(x_range[1])
    if function == "relu":
        kink = min(max(-shift, x0), x1)
        end = min(x1, y_top - shift)  # where x + shift reaches the top of the axes
        points = [(x0, max(x0 + shift, 0.0)), (kink, max(kink + shift, 0.0))]
        if end > kink:
            points.append((end, end + shift))
        # Drop repeated points (a kink at an end of the range).
        curve = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        return {"function": function, "smooth": False, "curve": np.array(curve, dtype=np.float64)}
    xs = np.linspace(x0, x1, samples)
    ys = expit(xs + shift)
    return {"function": function, "smooth": True, "curve": np.column_stack([xs, np.minimum(ys, y_top)])}


def sum_relation(addends: Any, total: float, tex: bool = False) -> str:
    """"=" when the addends as written (two decimals) add up to the total as written, else "≈" (``\\approx`` with ``tex``).

    Every sum on screen uses this, so "9.04 + 1.58 = 10.63" can never appear:
    it would read "9.04 + 1.58 ≈ 10.63", true of the unrounded values.
    """
    written = sum(round(float(two_decimals(v).replace("\u2212", "-")), 2) for v in addends)
    shown = float(two_decimals(total).replace("\u2212", "-"))
    if round(written, 2) == round(shown, 2):
        return "="
    return r"\approx" if tex else "\u2248"


def verdict(prediction: int, label: int | None) -> str:
    """What every clip says of the network's answer: right, wrong, or (for a user's digit) just the answer."""
    if label is None:
        return f"The network reads it as a {prediction}."
    if prediction == label:
        return f"The network answers {prediction}: right."
    return f"The network answers {prediction}, but this is a {label}: it is wrong."
