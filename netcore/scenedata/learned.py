"""Numbers of the "what it learned" beat: every first-layer neuron's weights as a picture.

Row j of W1 holds neuron j's 784 weights, one per pixel, so it can be drawn
as a 28x28 picture. Beside the pictures: which neurons the chosen digit
lights up, and for each neuron the sample digits that excite it most.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.inputs import SceneInputs
from netcore.samples import Sample, load_sample
from netcore.scenedata.common import FIRST_HIDDEN, Prediction, magnitude, prediction_of, strength

__all__ = ["FAVOURITES", "LIT", "Favourite", "LearnedNumbers", "favourites", "learned_numbers"]

# How many of the sample digits that excite a neuron most are shown per neuron.
FAVOURITES = 4
# A neuron is "lit" when it is drawn at least this bright (its activation, for a sigmoid).
LIT = 0.5


@dataclass(frozen=True)
class Favourite:
    """A sample digit that excites a neuron: its index in the sample, label, pixels and that neuron's activation."""

    sample_index: int
    label: int
    activation: float
    pixels: np.ndarray


@dataclass(frozen=True)
class LearnedNumbers:
    """Every number the beat shows."""

    weights: np.ndarray  # (n, 28, 28): row j of W1 as a picture
    strengths: np.ndarray  # the same, each picture divided by its own largest |weight|, in [-1, 1]
    largest: np.ndarray  # (n,) each picture's largest |weight|
    pixels: np.ndarray  # the chosen digit
    activations: np.ndarray  # (n,) of the first layer for the chosen digit
    brightness: np.ndarray  # (n,) how bright each neuron is drawn, in [0, 1]
    lit: list[int]  # neurons drawn at least LIT bright, brightest first
    favourites: list[list[Favourite]]  # per neuron, the sample digits exciting it most, most first
    prediction: Prediction
    sample_size: int


def favourites(activations: np.ndarray, sample: Sample, count: int = FAVOURITES) -> list[list[Favourite]]:
    """Per neuron, the ``count`` sample digits with the largest activation (``activations``: (digits, neurons)).

    Ties go to the lower sample index, so the choice is reproducible.
    """
    chosen = []
    for neuron in range(activations.shape[1]):
        order = np.lexsort((np.arange(len(activations)), -activations[:, neuron]))[:count]
        chosen.append(
            [Favourite(int(i), int(sample.labels[i]), float(activations[i, neuron]), sample.images[i] / 255.0) for i in order]
        )
    return chosen


def learned_numbers(inputs: SceneInputs, sample: Sample | None = None) -> LearnedNumbers:
    """The beat's numbers for the chosen network and digit; the favourites come from the shipped sample."""
    network, digit = inputs.network, inputs.digit
    sample = sample if sample is not None else load_sample()
    side = digit.pixels.shape[0]
    w = network.weights[0]
    trace = network.forward(digit.pixels.reshape(-1))
    a = trace.activations[FIRST_HIDDEN]
    bounded = network.layer_activation(FIRST_HIDDEN).name == "sigmoid"
    brightness = a if bounded else magnitude(a)
    lit = [int(j) for j in np.lexsort((np.arange(len(a)), -a)) if brightness[j] >= LIT]
    sample_activations = network.forward(sample.images.reshape(len(sample), -1) / 255.0).activations[FIRST_HIDDEN]
    return LearnedNumbers(
        weights=w.reshape(-1, side, side),
        strengths=np.array([strength(row) for row in w]).reshape(-1, side, side),
        largest=np.abs(w).max(axis=1),
        pixels=digit.pixels,
        activations=a,
        brightness=brightness,
        lit=lit,
        favourites=favourites(sample_activations, sample),
        prediction=prediction_of(trace, digit.label),
        sample_size=len(sample),
    )
