"""Numbers of the knobs beat: every weight and bias of the network, their range and how they spread.

The beat shows each parameter as a dial set to its real value, then a few
dials up close, then a histogram of all of them: the settings learning had
to find.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from netcore.inputs import SceneInputs

__all__ = ["HISTOGRAM_BIN", "ZOOM_SHAPE", "KnobBlock", "KnobsNumbers", "ZoomedKnobs", "knobs_numbers"]

# Width of a histogram bin; bins are aligned on 0, so none mixes negative and positive values.
HISTOGRAM_BIN = 0.25
# Rows and columns of first-layer dials shown up close, with their values.
ZOOM_SHAPE = (4, 6)


@dataclass(frozen=True)
class KnobBlock:
    """One weight matrix or bias vector: ``W<layer>`` of shape (n_out, n_in), or ``b<layer>`` of shape (n_out,)."""

    name: str
    layer: int  # 1 for the weights and biases into the first hidden layer
    kind: str  # "weights" or "biases"
    values: np.ndarray


@dataclass(frozen=True)
class ZoomedKnobs:
    """A window of one first-layer neuron's weights, drawn as a picture: the dials shown up close."""

    neuron: int
    row: int  # the window's top left pixel in the neuron's picture (counted from 0)
    col: int
    count: int  # dials in the window
    values: np.ndarray  # (rows, cols)


@dataclass(frozen=True)
class KnobsNumbers:
    """Every number the beat shows."""

    sizes: list[int]
    blocks: list[KnobBlock]  # W1, b1, W2, b2, ... in the network's order
    picture_side: int  # a first-layer neuron's weights form a picture_side x picture_side picture
    total: int
    weights_total: int
    biases_total: int
    first_layer_weights: int
    first_layer_share: float  # first_layer_weights / total
    limit: float  # the largest |value|: a dial's full turn either way
    minimum: float
    minimum_at: str  # "b3[7]": where the smallest value is
    maximum: float
    maximum_at: str
    positive: int
    negative: int
    median_magnitude: float  # half of all parameters lie within ±this of 0
    bin_edges: np.ndarray  # (k + 1,) multiples of HISTOGRAM_BIN
    counts: np.ndarray  # (k,) parameters in each bin
    zoom: ZoomedKnobs


def _where(blocks: list[KnobBlock], flat_index: int) -> str:
    """``W2[3, 5]`` or ``b3[7]``: the parameter at ``flat_index`` of all blocks' values laid end to end."""
    for block in blocks:
        if flat_index < block.values.size:
            index = np.unravel_index(flat_index, block.values.shape)
            return f"{block.name}[{', '.join(str(int(i)) for i in index)}]"
        flat_index -= block.values.size
    raise IndexError(flat_index)


def _zoom(first_layer: np.ndarray, side: int) -> ZoomedKnobs:
    """The window of ZOOM_SHAPE around the first layer's largest |weight|, inside that neuron's picture."""
    neuron, pixel = np.unravel_index(int(np.argmax(np.abs(first_layer))), first_layer.shape)
    rows, cols = ZOOM_SHAPE
    picture = first_layer[neuron].reshape(side, side)
    row = min(max(int(pixel) // side - rows // 2, 0), side - rows)
    col = min(max(int(pixel) % side - cols // 2, 0), side - cols)
    return ZoomedKnobs(int(neuron), row, col, rows * cols, picture[row : row + rows, col : col + cols].copy())


def knobs_numbers(inputs: SceneInputs) -> KnobsNumbers:
    """The beat's numbers for the network of ``inputs`` (they do not depend on the digit)."""
    network = inputs.network
    blocks: list[KnobBlock] = []
    for layer, (w, b) in enumerate(zip(network.weights, network.biases), start=1):
        blocks += [KnobBlock(f"W{layer}", layer, "weights", w.copy()), KnobBlock(f"b{layer}", layer, "biases", b.copy())]
    values = np.concatenate([block.values.ravel() for block in blocks])
    side = int(round(math.sqrt(network.sizes[0])))
    low = HISTOGRAM_BIN * math.floor(values.min() / HISTOGRAM_BIN)
    high = HISTOGRAM_BIN * math.ceil(values.max() / HISTOGRAM_BIN)
    edges = low + HISTOGRAM_BIN * np.arange(round((high - low) / HISTOGRAM_BIN) + 1)
    counts, _ = np.histogram(values, bins=edges)
    weights_total = sum(w.size for w in network.weights)
    first = network.weights[0].size
    return KnobsNumbers(
        sizes=list(network.sizes),
        blocks=blocks,
        picture_side=side,
        total=int(values.size),
        weights_total=int(weights_total),
        biases_total=int(values.size - weights_total),
        first_layer_weights=int(first),
        first_layer_share=first / values.size,
        limit=float(np.max(np.abs(values))),
        minimum=float(values.min()),
        minimum_at=_where(blocks, int(np.argmin(values))),
        maximum=float(values.max()),
        maximum_at=_where(blocks, int(np.argmax(values))),
        positive=int(np.sum(values > 0)),
        negative=int(np.sum(values < 0)),
        median_magnitude=float(np.median(np.abs(values))),
        bin_edges=edges,
        counts=counts.astype(np.int64),
        zoom=_zoom(network.weights[0], side),
    )
