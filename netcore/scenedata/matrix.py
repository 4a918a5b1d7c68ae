"""Numbers of the matrix beat: a(1) = f(W a(0) + b) with the real entries, then the whole network.

The beat writes the first layer as a matrix-vector product, works one row of
W against the column a(0) by hand, squishes the result with the activation
function, and ends on the whole network as composed functions.

A 784-row column cannot be read at 480p, so the numbers say exactly which
rows and columns are written out and which hide behind an ellipsis (as
:class:`Slot` index ranges). The input column shows a window of consecutive
pixels, the one whose terms weigh most in the worked row, rather than the
first and last pixels, which are blank in every MNIST digit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.inputs import SceneInputs
from netcore.scenedata.common import (
    MAX_COLUMN,
    Curve,
    FollowedNeuron,
    Prediction,
    axis_limit,
    choose_neuron,
    elided,
    function_curve,
    prediction_of,
    strength,
)

__all__ = [
    "INPUT_WINDOW",
    "MAX_MATRIX_ROWS",
    "Column",
    "LayerStep",
    "MatrixBlock",
    "MatrixNumbers",
    "RowTerm",
    "Slot",
    "WeightsPicture",
    "WorkedRow",
    "input_window",
    "matrix_numbers",
    "shown_rows",
    "slots",
]

# Consecutive input rows (pixels) written out in a(0) and in the columns of W.
INPUT_WINDOW = 6
# Rows of W written out when the layer is taller than this (first two, the row worked, the last).
MAX_MATRIX_ROWS = 6


@dataclass(frozen=True)
class Slot:
    """One drawn row (or column): a single shown index (``shown``), or an ellipsis hiding ``first``..``last``."""

    first: int
    last: int
    shown: bool


@dataclass(frozen=True)
class Column:
    """A column vector as drawn: its full size, its slots in order, each shown slot's value (None under an ellipsis)."""

    size: int
    slots: list[Slot]
    values: list[float | None]
    hidden_count: int


@dataclass(frozen=True)
class MatrixBlock:
    """A matrix as drawn: its shape, its row and column slots, and each cell's value (None where a slot is elided)."""

    shape: tuple[int, int]
    rows: list[Slot]
    cols: list[Slot]
    values: list[list[float | None]]


@dataclass(frozen=True)
class RowTerm:
    """One written term W[k, j] a(0)_j of the worked row."""

    index: int
    weight: float
    activation: float
    product: float


@dataclass(frozen=True)
class WorkedRow:
    """Row ``neuron.neuron`` of W times a(0), plus its bias: the written terms and the whole sums."""

    neuron: FollowedNeuron  # weighted_sum is the sum over all inputs, z adds the bias
    terms: list[RowTerm]
    shown_sum: float  # the written terms' products, added unrounded
    terms_total: int
    picture: np.ndarray  # the row's weights as the weights beat draws them: 28x28 signed strengths (the same neuron)


@dataclass(frozen=True)
class LayerStep:
    """One layer of the network as a step a(l) = f(W_l a(l-1) + b_l)."""

    layer: int
    function: str
    weights_shape: tuple[int, int]
    z: Column
    activations: Column


@dataclass(frozen=True)
class WeightsPicture:
    """A later layer's W drawn as a picture: its weights divided by the largest |w|, one row per neuron of the layer."""

    layer: int
    strengths: np.ndarray


@dataclass(frozen=True)
class MatrixNumbers:
    """Every number the matrix beat shows."""

    input: Column  # a(0), on the window of pixels
    weights: MatrixBlock  # W of layer 1, on the written rows and the window's columns
    biases: Column  # b of layer 1, on W's written rows
    result: Column  # W a(0) + b, on W's written rows
    row: WorkedRow
    layers: list[LayerStep]
    later_weights: list[WeightsPicture]  # W_2, W_3, ...: each later layer's weights, drawn as pictures
    x_limit: float  # the activation plot holds every entry of layer 1's W a(0) + b
    y_limit: float
    curve: Curve
    prediction: Prediction


def slots(size: int, shown: list[int]) -> list[Slot]:
    """The drawn rows of a ``size``-long axis in order: each shown index, and an ellipsis per hidden run."""
    out: list[Slot] = []
    expected = 0
    for i in shown:
        if i > expected:
            out.append(Slot(expected, i - 1, False))
        out.append(Slot(i, i, True))
        expected = i + 1
    if expected < size:
        out.append(Slot(expected, size - 1, False))
    return out


def shown_rows(size: int, keep: int, max_rows: int = MAX_MATRIX_ROWS) -> list[int]:
    """Rows of a ``size``-tall matrix written out: all if few, else 0, 1, ``keep`` and the last."""
    if size <= max_rows:
        return list(range(size))
    return elided(size, 2, keep=(1, keep))  # the first and last, plus row 1 and the worked row


def input_window(weights_row: np.ndarray, a0: np.ndarray, width: int = INPUT_WINDOW) -> list[int]:
    """The ``width`` consecutive inputs whose terms |w_j a_j| add up most (lowest start on ties)."""
    width = min(width, len(a0))
    size = np.abs(weights_row * a0)
    totals = np.convolve(size, np.ones(width), mode="valid")
    # Round away float noise so equal windows tie and the earliest wins.
    start = int(np.argmax(np.round(totals, 12)))
    return list(range(start, start + width))


def _column(values: np.ndarray, shown: list[int]) -> Column:
    drawn = slots(len(values), shown)
    return Column(
        size=len(values),
        slots=drawn,
        values=[float(values[s.first]) if s.shown else None for s in drawn],
        hidden_count=len(values) - len(shown),
    )


def _block(w: np.ndarray, rows: list[int], cols: list[int]) -> MatrixBlock:
    row_slots, col_slots = slots(w.shape[0], rows), slots(w.shape[1], cols)
    values = [[float(w[r.first, c.first]) if r.shown and c.shown else None for c in col_slots] for r in row_slots]
    return MatrixBlock((int(w.shape[0]), int(w.shape[1])), row_slots, col_slots, values)


def _worked_row(inputs: SceneInputs, followed: FollowedNeuron, a0: np.ndarray, window: list[int]) -> WorkedRow:
    w = inputs.network.weights[followed.layer - 1][followed.neuron]
    products = w[window] * a0[window]
    terms = [RowTerm(j, float(w[j]), float(a0[j]), float(p)) for j, p in zip(window, products)]
    side = inputs.digit.pixels.shape
    return WorkedRow(followed, terms, float(products.sum()), len(a0), strength(w).reshape(side))


def matrix_numbers(inputs: SceneInputs) -> MatrixNumbers:
    """Every number the matrix beat shows, for the given network and digit."""
    network = inputs.network
    a0 = inputs.digit.pixels.reshape(-1).astype(np.float64)
    trace = network.forward(a0)
    w1, b1 = network.weights[0], network.biases[0]
    followed = choose_neuron(inputs)
    k = followed.neuron
    window = input_window(w1[k], a0)
    rows = shown_rows(network.sizes[1], k)
    layers = []
    for layer in range(1, len(network.sizes)):
        # One row fewer than a column may hold, for the ellipsis; layer 1 keeps the worked row.
        shown = elided(network.sizes[layer], MAX_COLUMN - 1, keep=(k,) if layer == 1 else ())
        layers.append(
            LayerStep(
                layer=layer,
                function=network.layer_activation(layer).name,
                weights_shape=(int(network.weights[layer - 1].shape[0]), int(network.weights[layer - 1].shape[1])),
                z=_column(trace.zs[layer - 1], shown),
                activations=_column(trace.activations[layer], shown),
            )
        )
    function = layers[0].function
    x_limit = axis_limit(trace.zs[0])
    y_limit = 1.0 if function == "sigmoid" else x_limit
    return MatrixNumbers(
        input=_column(a0, window),
        weights=_block(w1, rows, window),
        biases=_column(b1, rows),
        result=_column(trace.zs[0], rows),
        row=_worked_row(inputs, followed, a0, window),
        layers=layers,
        later_weights=[WeightsPicture(layer, strength(w)) for layer, w in enumerate(network.weights[1:], start=2)],
        x_limit=x_limit,
        y_limit=y_limit,
        curve=function_curve(function, (-x_limit, x_limit), y_limit),
        prediction=prediction_of(trace, inputs.digit.label),
    )
