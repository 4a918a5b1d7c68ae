"""Numbers of the forward-pass beat: a digit's pixels flow through every layer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.inputs import SceneInputs
from netcore.network import Network
from netcore.scenedata.common import MAX_COLUMN, Prediction, elided, magnitude, prediction_of

__all__ = ["EdgeNumbers", "ForwardNumbers", "InputPixel", "LayerNumbers", "forward_numbers", "shown_neurons"]


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
class ForwardNumbers:
    """Every number the forward-pass beat shows."""

    pixels: np.ndarray
    layers: list[LayerNumbers]
    edges: list[EdgeNumbers]
    prediction: Prediction


def shown_neurons(network: Network, pixels: np.ndarray, max_shown: int = MAX_COLUMN) -> list[list[int]]:
    """Which neurons of each layer are drawn, as sorted indices.

    Layers that fit are shown whole. For the input layer, the shown pixels are
    those that move the first hidden layer most for this digit: the largest
    ``a_p * sum_j |W1[j, p]|``, ties (say, too few ink pixels) broken by the
    weights alone. So the column shows pixels the network actually reads,
    not always-dark corners. A hidden or output layer too tall to draw keeps
    its first and last neurons, with the middle elided.
    """
    shown = []
    for layer, size in enumerate(network.sizes):
        if layer == 0 and size > max_shown:
            influence = np.abs(network.weights[0]).sum(axis=0)
            # lexsort sorts by the last key first; the pixel index makes the order total.
            order = np.lexsort((np.arange(size), -influence, -pixels * influence))
            shown.append(sorted(order[:max_shown].tolist()))
        else:
            shown.append(elided(size, max_shown))
    return shown


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
    return ForwardNumbers(
        pixels=digit.pixels,
        layers=_layers(network, trace, shown, digit.pixels.shape[1]),
        edges=_edges(network, trace, shown),
        prediction=prediction_of(trace, digit.label),
    )
