"""Numbers of the layers beat: the input, output and hidden layers, each neuron's real activation for the digit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.inputs import SceneInputs
from netcore.scenedata.forward import ForwardNumbers, forward_numbers

__all__ = ["LayersNumbers", "layers_numbers"]


@dataclass(frozen=True)
class LayersNumbers:
    """Every number the layers beat shows: the network as the forward beat draws it, and the output ranking."""

    network: ForwardNumbers  # shown neurons of every layer with their real activations, and the edges
    ranking: np.ndarray  # output neurons from most to least active (ties: lower digit first)


def layers_numbers(inputs: SceneInputs) -> LayersNumbers:
    """The chosen digit through the network, drawn as the forward beat draws it."""
    network = forward_numbers(inputs)
    outputs = network.prediction.outputs
    return LayersNumbers(network, np.lexsort((np.arange(len(outputs)), -outputs)))
