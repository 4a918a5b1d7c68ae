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
from netcore.scenedata.common import MAX_COLUMN, Curve, FollowedNeuron, axis_limit, choose_neuron, elided, function_curve, strength
from netcore.scenedata.forward import shown_neurons

__all__ = [
    "SHOWN_TERMS",
    "BiasNumbers",
    "LayerSums",
    "NeuronEdges",
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
    edges: NeuronEdges  # the neuron among its layer, with its incoming edges, before they become the picture


@dataclass(frozen=True)
class NeuronEdges:
    """The followed neuron in the network as the forward beat draws it: the same input pixels shown, its
    layer (itself always shown), and the real weights between them; the neuron's own edges are its 784 weights."""

    inputs: list[int]  # the input pixels drawn (the forward beat's choice for this digit)
    input_size: int
    neurons: list[int]  # the neurons of its layer drawn, the followed one among them
    layer_size: int
    weights: np.ndarray  # (neurons, inputs): the real weights between the drawn neurons
    strength: np.ndarray  # each edge's width and opacity in [0, 1]: the followed neuron's |weights| scaled to its largest, the rest 0


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
        edges=_edges(inputs, followed),
    )


def _edges(inputs: SceneInputs, followed: FollowedNeuron) -> NeuronEdges:
    """The followed neuron's incoming edges among the forward beat's drawn pixels and its drawn layer."""
    network = inputs.network
    shown_inputs = shown_neurons(network, inputs.digit.pixels.reshape(-1))[0]
    layer = elided(network.sizes[followed.layer], MAX_COLUMN, keep=(followed.neuron,))
    weights = network.weights[followed.layer - 1][np.ix_(layer, shown_inputs)]
    row = layer.index(followed.neuron)
    strengths = np.zeros_like(weights)
    strengths[row] = strength(weights[row], signed=False)
    return NeuronEdges(shown_inputs, network.sizes[0], layer, network.sizes[followed.layer], weights, strengths)


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
    shown: list[list[int]]  # the neurons drawn per layer: the 8 inputs with the largest weights in all, then up to 16
    edge_signs: list[np.ndarray]  # per pair of layers, +1 or -1 for each drawn edge's real weight, shape (to, from)


# How many neurons of each layer the parameter count draws: a few inputs, whole hidden layers where they fit.
COUNT_SHOWN_INPUTS, COUNT_SHOWN = 8, 16


def _count_shown(network) -> list[list[int]]:
    """The neurons the count draws: the inputs whose weights are largest in all (the pixels that matter
    most, whatever the digit), in order, then each later layer elided to at most COUNT_SHOWN."""
    strongest = np.argsort(-np.abs(network.weights[0]).sum(axis=0), kind="stable")[:COUNT_SHOWN_INPUTS]
    return [sorted(int(i) for i in strongest)] + [elided(size, COUNT_SHOWN) for size in network.sizes[1:]]


def parameter_numbers(inputs: SceneInputs) -> ParameterNumbers:
    """784 x 16 + 16 x 16 + 16 x 10 weights and 16 + 16 + 10 biases = 13,002 for the chapter's network."""
    network = inputs.network
    sizes = network.sizes
    weights = [WeightCount(n_in, n_out, n_in * n_out) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = list(sizes[1:])
    total = sum(t.count for t in weights) + sum(biases)
    if total != network.parameter_count:  # cannot happen for a network that passed its shape checks
        raise NetcoreError(f"parameter count {total} from sizes disagrees with {network.parameter_count} loaded")
    shown = _count_shown(network)
    signs = [np.where(w[np.ix_(to, fro)] >= 0, 1, -1) for w, fro, to in zip(network.weights, shown, shown[1:])]
    return ParameterNumbers(weights, biases, sum(t.count for t in weights), sum(biases), total, shown, signs)
