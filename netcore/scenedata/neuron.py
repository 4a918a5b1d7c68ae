"""Numbers of the one-neuron beats: its weights, its weighted sum, the squish, the bias, the parameter count.

The chapter follows one neuron of the first hidden layer. Its 784 incoming
weights are a picture; multiplied pixel by pixel with the digit and added up
they give the weighted sum ``w·a``; a squishing function turns that sum into
an activation; and the bias ``b`` shifts where the neuron starts to light up.
As in the chapter, the weights and sigmoid beats leave the bias out
(``w·a`` and ``σ(w·a)``); the bias beat adds it and arrives at the
neuron's activation in the forward pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from netcore.errors import NetcoreError
from netcore.inputs import SceneInputs
from netcore.scenedata.common import Curve, FollowedNeuron, axis_limit, choose_neuron, function_curve, strength

__all__ = [
    "SHOWN_TERMS",
    "BiasNumbers",
    "LayerSums",
    "ParameterNumbers",
    "SigmoidNumbers",
    "Term",
    "WeightsNumbers",
    "bias_numbers",
    "parameter_numbers",
    "sigmoid_numbers",
    "weights_numbers",
]

# How many terms of the weighted sum are written out before the ellipsis.
SHOWN_TERMS = 3


@dataclass(frozen=True)
class Term:
    """One written term w_p a_p of the weighted sum: pixel ``index`` (0-based) at ``row``, ``col``."""

    index: int
    row: int
    col: int
    weight: float
    activation: float
    product: float


@dataclass(frozen=True)
class WeightsNumbers:
    """The weights beat: the neuron's weights as a picture, times the digit, summed (no bias yet)."""

    neuron: FollowedNeuron
    pixels: np.ndarray
    weights: np.ndarray  # rows x cols, as the picture
    weight_strength: np.ndarray
    products: np.ndarray
    product_strength: np.ndarray
    nonzero_pixels: int
    terms: list[Term]
    rest: float  # the sum of every other product: weighted_sum = sum of the terms' products + rest


def weights_numbers(inputs: SceneInputs) -> WeightsNumbers:
    """The weights beat's numbers.

    ``terms`` are the ``SHOWN_TERMS`` largest products |w_p a_p|, largest
    first (ties to the lower pixel): the terms that explain most of the sum.
    """
    followed = choose_neuron(inputs)
    pixels = inputs.digit.pixels
    a = pixels.reshape(-1)
    w = inputs.network.weights[followed.layer - 1][followed.neuron]
    products = w * a
    cols = pixels.shape[1]
    inked = np.flatnonzero(a)
    largest = np.lexsort((np.arange(a.size), -np.abs(products)))[: min(SHOWN_TERMS, inked.size)]
    terms = [Term(int(p), int(p) // cols, int(p) % cols, float(w[p]), float(a[p]), float(products[p])) for p in largest]
    return WeightsNumbers(
        neuron=followed,
        pixels=pixels,
        weights=w.reshape(pixels.shape),
        weight_strength=strength(w).reshape(pixels.shape),
        products=products.reshape(pixels.shape),
        product_strength=strength(products).reshape(pixels.shape),
        nonzero_pixels=int(inked.size),
        terms=terms,
        rest=followed.weighted_sum - sum(t.product for t in terms),
    )


@dataclass(frozen=True)
class LayerSums:
    """One first-layer neuron's weighted sum w·a (no bias) and what σ and ReLU make of it."""

    neuron: int
    weighted_sum: float
    sigmoid: float
    relu: float
    outside: bool  # beyond the axes' x range: drawn at its edge


@dataclass(frozen=True)
class SigmoidNumbers:
    """The sigmoid beat: σ squishes the weighted sum (no bias yet); then every neuron; then ReLU."""

    neuron: FollowedNeuron
    activation_function: str  # the network's own hidden-layer function
    squished: float  # σ(w·a)
    neurons: list[LayerSums]
    x_limit: float  # as narrow as shows the S (±10) and the followed neuron's own sum
    relu_y_limit: float  # as tall as the x range, so the ReLU line runs to the corner
    sigmoid_curve: Curve
    relu_curve: Curve


# The sigmoid's S shows on ±10; a wider range makes it look like a step.
SIGMOID_RANGE = 10.0


def sigmoid_numbers(inputs: SceneInputs) -> SigmoidNumbers:
    """The sigmoid beat's numbers; the curves are sampled here and cut at the top of their axes."""
    followed = choose_neuron(inputs)
    network = inputs.network
    sums = network.weights[followed.layer - 1] @ inputs.digit.pixels.reshape(-1)
    relu = np.maximum(sums, 0.0)
    limit = axis_limit([followed.weighted_sum], minimum=SIGMOID_RANGE)
    return SigmoidNumbers(
        neuron=followed,
        activation_function=network.layer_activation(followed.layer).name,
        squished=float(expit(followed.weighted_sum)),
        neurons=[LayerSums(j, float(s), float(expit(s)), float(r), bool(abs(s) > limit)) for j, (s, r) in enumerate(zip(sums, relu))],
        x_limit=limit,
        relu_y_limit=limit,
        sigmoid_curve=function_curve("sigmoid", (-limit, limit), 1.0),
        relu_curve=function_curve("relu", (-limit, limit), limit),
    )


@dataclass(frozen=True)
class BiasNumbers:
    """The bias beat: ``threshold = -b`` is where ``w·a + b`` crosses 0; the curve before and after the shift."""

    neuron: FollowedNeuron
    activation_function: str
    threshold: float
    activation_without_bias: float
    x_limit: float
    y_limit: float  # the activation axis: 1 for the sigmoid, up to the largest value shown for ReLU
    curve_before: Curve
    curve_after: Curve


def bias_numbers(inputs: SceneInputs) -> BiasNumbers:
    """The bias beat's numbers; ``neuron.activation`` is the very value the forward beat shows."""
    followed = choose_neuron(inputs)
    activation = inputs.network.layer_activation(followed.layer)
    wa, z, threshold = followed.weighted_sum, followed.z, -followed.bias
    x_limit = axis_limit([wa, z, threshold])
    y_limit = 1.0 if activation.name == "sigmoid" else axis_limit([max(wa, 0.0), max(z, 0.0)])
    return BiasNumbers(
        neuron=followed,
        activation_function=activation.name,
        threshold=threshold,
        activation_without_bias=float(activation.f(np.array(wa))),
        x_limit=x_limit,
        y_limit=y_limit,
        curve_before=function_curve(activation.name, (-x_limit, x_limit), y_limit),
        curve_after=function_curve(activation.name, (-x_limit, x_limit), y_limit, shift=followed.bias),
    )


@dataclass(frozen=True)
class WeightCount:
    """The weights between two neighbouring layers."""

    n_in: int
    n_out: int
    count: int


@dataclass(frozen=True)
class ParameterNumbers:
    """Every weight and bias of the network, counted from its sizes and checked against the loaded arrays."""

    weights: list[WeightCount]
    biases: list[int]  # per layer after the input
    weights_total: int
    biases_total: int
    total: int


def parameter_numbers(inputs: SceneInputs) -> ParameterNumbers:
    """784 x 16 + 16 x 16 + 16 x 10 weights and 16 + 16 + 10 biases = 13,002 for the chapter's network."""
    network = inputs.network
    sizes = network.sizes
    weights = [WeightCount(n_in, n_out, n_in * n_out) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = list(sizes[1:])
    total = sum(t.count for t in weights) + sum(biases)
    if total != network.parameter_count:  # cannot happen for a network that passed its shape checks
        raise NetcoreError(f"parameter count {total} from sizes disagrees with {network.parameter_count} loaded")
    return ParameterNumbers(weights, biases, sum(t.count for t in weights), sum(biases), total)
