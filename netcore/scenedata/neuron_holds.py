"""Numbers of the neuron-holds-a-number beat: a digit's grey levels, a zoomed window, the input neurons they become."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from netcore.inputs import SceneInputs

__all__ = ["MID_GREY", "WINDOW", "NeuronHoldsNumbers", "Window", "neuron_holds_numbers"]

# The zoomed window is WINDOW x WINDOW pixels: two-decimal values in its cells read well at 480p.
WINDOW = 7
# A pixel is a mid-grey, neither near paper (0) nor near ink (1), strictly between these levels.
MID_GREY = (0.1, 0.9)


@dataclass(frozen=True)
class Window:
    """The zoomed square of pixels (0-based rows and columns of the grid) and their values."""

    top: int
    left: int
    size: int
    values: np.ndarray  # size x size grey levels
    grey_count: int  # mid-grey pixels in it (strictly between the MID_GREY levels)


@dataclass(frozen=True)
class NeuronHoldsNumbers:
    """Every number the neuron-holds-a-number beat shows."""

    pixels: np.ndarray  # 28x28 in [0, 1], 1 = ink
    window: Window
    row: int  # the grid row (0-based) whose window pixels are followed into the input layer
    neurons: list[int]  # their input neurons (0-based: row * 28 + column)
    row_neurons: list[int]  # the first and last input neuron of the whole row, as the grid unrolls into the input layer
    activations: np.ndarray  # those neurons' activations: the pixels' values
    held: int  # the position in ``neurons`` of the one neuron shown large
    input_size: int


def _mid_grey(values: np.ndarray) -> np.ndarray:
    """1 where a value is a mid-grey, else 0."""
    low, high = MID_GREY
    return ((values > low) & (values < high)).astype(np.int64)


def _window(pixels: np.ndarray, size: int) -> Window:
    """The size x size window with the most mid-grey pixels, then the most ink, then the first in
    reading order: where the values written out show paper, ink and the greys between."""
    grey_counts = sliding_window_view(_mid_grey(pixels), (size, size)).sum(axis=(-1, -2))
    ink = sliding_window_view(pixels, (size, size)).sum(axis=(-1, -2))
    # lexsort sorts by the last key first; the flat position makes the order total.
    order = np.lexsort((np.arange(grey_counts.size), -ink.reshape(-1), -grey_counts.reshape(-1)))
    top, left = np.unravel_index(order[0], grey_counts.shape)
    values = pixels[top : top + size, left : left + size]
    return Window(int(top), int(left), size, values, int(grey_counts[top, left]))


def neuron_holds_numbers(inputs: SceneInputs) -> NeuronHoldsNumbers:
    """The chosen digit's pixels, the window whose values are written, and one of its rows as input neurons.

    The row is the window's row with the most mid-greys (the first if several
    are), so that the neurons show values between paper and ink; the neuron
    shown large is the one of that row whose value is nearest 0.5 (again the first).
    """
    pixels = inputs.digit.pixels
    window = _window(pixels, min(WINDOW, *pixels.shape))
    row = window.top + int(np.argmax(_mid_grey(window.values).sum(axis=1)))
    columns = range(window.left, window.left + window.size)
    activations = pixels[row, window.left : window.left + window.size]
    return NeuronHoldsNumbers(
        pixels=pixels,
        window=window,
        row=row,
        neurons=[row * pixels.shape[1] + c for c in columns],
        row_neurons=[row * pixels.shape[1], (row + 1) * pixels.shape[1] - 1],
        activations=activations,
        held=int(np.argmin(np.abs(activations - 0.5))),
        input_size=inputs.network.sizes[0],
    )
