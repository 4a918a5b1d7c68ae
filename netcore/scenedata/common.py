"""Numeric pieces every beat's numbers share: the answer, elided columns, the followed neuron, curves."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from netcore.inputs import SceneInputs
from netcore.network import Trace

__all__ = [
    "FIRST_HIDDEN",
    "MAX_COLUMN",
    "Curve",
    "FollowedNeuron",
    "Prediction",
    "axis_limit",
    "choose_neuron",
    "elided",
    "function_curve",
    "magnitude",
    "prediction_of",
    "strength",
]

# A column taller than this cannot be read at 480p: the rest is elided.
MAX_COLUMN = 16
# The first hidden layer (layer 0 is the input): the layer whose neuron the neuron beats follow.
FIRST_HIDDEN = 1


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


@dataclass(frozen=True)
class FollowedNeuron:
    """The first-hidden-layer neuron the neuron beats follow, why, and its sums for the digit."""

    layer: int
    neuron: int
    rule: str  # "chosen" (by the user) or "most active"
    weighted_sum: float  # w·a, without the bias
    bias: float
    z: float  # w·a + b
    activation: float  # f(z), the neuron's activation in the forward pass


def choose_neuron(inputs: SceneInputs) -> FollowedNeuron:
    """The first-hidden-layer neuron the neuron and matrix beats follow, with its sums.

    The user's choice (``NN_NEURON`` or ``neuron`` in ``manim.cfg``, checked
    when the inputs were loaded) wins. Otherwise it is the neuron with the
    largest weighted input ``z = w·a + b`` for the digit, that is the most
    active one. Ties keep the lowest index, so the choice is reproducible.
    """
    network = inputs.network
    a = inputs.digit.pixels.reshape(-1)
    w, b = network.weights[FIRST_HIDDEN - 1], network.biases[FIRST_HIDDEN - 1]
    z = w @ a + b
    neuron, rule = (int(inputs.neuron), "chosen") if inputs.neuron is not None else (int(np.argmax(z)), "most active")
    weighted_sum = float(w[neuron] @ a)
    total = weighted_sum + float(b[neuron])
    activation = float(network.layer_activation(FIRST_HIDDEN).f(np.array(total)))
    return FollowedNeuron(FIRST_HIDDEN, neuron, rule, weighted_sum, float(b[neuron]), total, activation)


def axis_limit(values, minimum: float = 5.0) -> float:
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


@dataclass(frozen=True)
class Curve:
    """Points of an activation function's graph, ready to draw.

    ``smooth`` says whether to draw a smooth curve (sigmoid) or straight
    segments (ReLU: its exact polyline, kink included).
    """

    function: str
    smooth: bool
    points: np.ndarray  # (n, 2): x, y


def function_curve(function: str, x_range: tuple[float, float], y_top: float, shift: float = 0.0, samples: int = 81) -> Curve:
    """Points of ``y = f(x + shift)`` for x in ``x_range``, cut where y would leave the axes (above ``y_top``)."""
    x0, x1 = float(x_range[0]), float(x_range[1])
    if function == "relu":
        kink = min(max(-shift, x0), x1)
        end = min(x1, y_top - shift)  # where x + shift reaches the top of the axes
        points = [(x0, max(x0 + shift, 0.0)), (kink, max(kink + shift, 0.0))]
        if end > kink:
            points.append((end, end + shift))
        # Drop repeated points (a kink at an end of the range).
        curve = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        return Curve(function, False, np.array(curve, dtype=np.float64))
    xs = np.linspace(x0, x1, samples)
    return Curve(function, True, np.column_stack([xs, np.minimum(expit(xs + shift), y_top)]))
