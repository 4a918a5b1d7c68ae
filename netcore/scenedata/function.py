"""Numbers of "the network is a function" beat: 784 numbers in, 10 out, through every weight and bias."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.inputs import SceneInputs
from netcore.scenedata.common import Prediction, prediction_of

__all__ = ["FunctionNumbers", "LayerParameters", "function_numbers"]


@dataclass(frozen=True)
class LayerParameters:
    """One layer's parameters: an n_out x n_in weight matrix and n_out biases."""

    inputs: int
    outputs: int
    weights: int
    biases: int


@dataclass(frozen=True)
class FunctionNumbers:
    """Every number the beat shows."""

    sizes: list[int]
    layers: list[LayerParameters]
    weights: int
    biases: int
    parameters: int
    pixels: np.ndarray  # the chosen digit: the function's 784 inputs
    outputs: np.ndarray  # the function's outputs for it
    prediction: Prediction


def function_numbers(inputs: SceneInputs) -> FunctionNumbers:
    """The beat's numbers for the chosen network and digit; every count comes from the arrays' shapes."""
    network, digit = inputs.network, inputs.digit
    layers = [LayerParameters(w.shape[1], w.shape[0], w.size, b.size) for w, b in zip(network.weights, network.biases)]
    trace = network.forward(digit.pixels.reshape(-1))
    weights, biases = sum(layer.weights for layer in layers), sum(layer.biases for layer in layers)
    return FunctionNumbers(
        sizes=network.sizes,
        layers=layers,
        weights=weights,
        biases=biases,
        parameters=weights + biases,
        pixels=digit.pixels,
        outputs=np.asarray(trace.output),
        prediction=prediction_of(trace, digit.label),
    )
