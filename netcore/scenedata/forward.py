"""Numbers of the forward-pass beat: a digit's pixels flow through every layer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.inputs import SceneInputs
from netcore.network import Network
from netcore.scenedata.common import MAX_COLUMN, Prediction, elided, magnitude, prediction_of

# A pixel below this grey level is the edge of a stroke rather than its core.
GREY_EDGE = 0.9

__all__ = [
    "GREY_EDGE",
    "EdgeNumbers",
    "ForwardNumbers",
    "InputPixel",
    "LayerNumbers",
    "PhotoNumbers",
    "forward_numbers",
    "shown_neurons",
]


@dataclass(frozen=True)
class InputPixel:
    """A pixel drawn in the input column: its index in the 784 and its place in the grid (0-based)."""

    index: int
    row: int
    col: int


@dataclass(frozen=True)
class LayerNumbers:
    """One layer as drawn: its size, which neurons are shown, and their values."""

    size: int
    shown: list[int]
    activations: np.ndarray
    brightness: np.ndarray  # how bright each shown neuron is drawn, in [0, 1]
    z: np.ndarray | None  # weighted inputs (None for the input layer)
    bias: np.ndarray | None
    pixels: list[InputPixel] | None  # the input layer only


@dataclass(frozen=True)
class EdgeNumbers:
    """The edges between two layers' shown neurons, as arrays of shape (to, from)."""

    weights: np.ndarray
    weight_strength: np.ndarray
    contributions: np.ndarray  # w * a of the source neuron
    contribution_strength: np.ndarray


@dataclass(frozen=True)
class PhotoNumbers:
    """A user's picture as the forward beat shows it beside the input: small and grey, with the page found."""

    picture: np.ndarray  # the whole picture, small and grey in [0, 1] (0 = black)
    page: np.ndarray | None  # the sheet's corners (x, y) in ``picture``'s pixels, clockwise from top left; None if none


@dataclass(frozen=True)
class ForwardNumbers:
    """Every number the forward-pass beat shows."""

    pixels: np.ndarray
    photo: PhotoNumbers | None  # a user's picture, shown beside ``pixels``
    layers: list[LayerNumbers]
    edges: list[EdgeNumbers]
    prediction: Prediction
    ranking: np.ndarray  # output neurons from most to least active (ties: lower digit first)


def _input_pixels(network: Network, pixels: np.ndarray, count: int) -> list[int]:
    """The input pixels drawn in the input column: half the ones that move the first hidden layer
    most for this digit (the largest ``a_p * sum_j |W1[j, p]|``), half the most moving among the
    stroke's grey edge pixels (0 < a < GREY_EDGE), so the column shows grey levels too.

    Ties (say, too few ink pixels) are broken by the weights alone, then by the
    pixel index, so the choice is total and reproducible.
    """
    influence = np.abs(network.weights[0]).sum(axis=0)
    # lexsort sorts by the last key first.
    order = np.lexsort((np.arange(pixels.size), -influence, -pixels * influence)).tolist()
    chosen = order[: count // 2]
    greys = [p for p in order if 0 < pixels[p] < GREY_EDGE and p not in chosen]
    chosen += greys[: count - len(chosen)]
    chosen += [p for p in order if p not in chosen][: count - len(chosen)]
    return sorted(chosen)


def shown_neurons(network: Network, pixels: np.ndarray, max_shown: int = MAX_COLUMN) -> list[list[int]]:
    """Which neurons of each layer are drawn, as sorted indices.

    Layers that fit are shown whole. The input layer shows the pixels of
    :func:`_input_pixels`, which the network actually reads, not
    always-blank corners. A hidden or output layer too tall to draw keeps
    its first and last neurons, with the middle elided.
    """
    return [
        _input_pixels(network, pixels, max_shown) if layer == 0 and size > max_shown else elided(size, max_shown)
        for layer, size in enumerate(network.sizes)
    ]


def _brightness(activations: np.ndarray, bounded: bool) -> np.ndarray:
    """How bright each neuron is drawn: its activation when that lies in [0, 1]
    (pixels, sigmoid), else relative to the layer's largest (ReLU is unbounded)."""
    return activations if bounded else magnitude(activations)


def _layers(network: Network, trace, shown: list[list[int]], side: int) -> list[LayerNumbers]:
    layers = []
    for layer, indices in enumerate(shown):
        a = trace.activations[layer][indices]
        bounded = layer == 0 or network.layer_activation(layer).name == "sigmoid"
        layers.append(
            LayerNumbers(
                size=network.sizes[layer],
                shown=indices,
                activations=a,
                brightness=_brightness(a, bounded),
                z=None if layer == 0 else trace.zs[layer - 1][indices],
                bias=None if layer == 0 else network.biases[layer - 1][indices],
                pixels=[InputPixel(p, p // side, p % side) for p in indices] if layer == 0 else None,
            )
        )
    return layers


def _edges(network: Network, trace, shown: list[list[int]]) -> list[EdgeNumbers]:
    edges = []
    for layer in range(1, len(shown)):
        w = network.weights[layer - 1][np.ix_(shown[layer], shown[layer - 1])]  # (to, from)
        contribution = w * trace.activations[layer - 1][shown[layer - 1]]
        edges.append(EdgeNumbers(w, magnitude(w), contribution, magnitude(contribution)))
    return edges


def forward_numbers(inputs: SceneInputs) -> ForwardNumbers:
    """Every number the forward beat shows, for the given network and digit."""
    network, digit = inputs.network, inputs.digit
    pixels = digit.pixels.reshape(-1)
    trace = network.forward(pixels)
    shown = shown_neurons(network, pixels)
    outputs = trace.activations[-1]
    return ForwardNumbers(
        pixels=digit.pixels,
        photo=None if digit.prepared is None else PhotoNumbers(digit.prepared.photo, digit.prepared.page),
        layers=_layers(network, trace, shown, digit.pixels.shape[1]),
        edges=_edges(network, trace, shown),
        prediction=prediction_of(trace, digit.label),
        ranking=np.lexsort((np.arange(len(outputs)), -outputs)),
    )
