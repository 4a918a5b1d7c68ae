"""Numbers of the "first look at learning" beat: the chapter's network during its own training.

They come from the shipped checkpoints (``python -m netcore checkpoints``):
the first-layer weights and the test accuracy after a few epochs, from
random weights to the trained network.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from netcore.checkpoints import is_stored_copy, load_checkpoints
from netcore.inputs import SceneInputs
from netcore.paths import CHECKPOINTS_FILE
from netcore.scenedata.common import strength

__all__ = ["GlimpseNumbers", "glimpse_numbers"]


@dataclass(frozen=True)
class GlimpseNumbers:
    """Every number the beat shows, one entry per checkpoint."""

    epochs: np.ndarray  # (k,)
    test_accuracy: np.ndarray  # (k,) fraction of the test digits answered right
    test_digits: int
    train_digits: int
    strengths: np.ndarray  # (k, n, 28, 28): first-layer weights, each picture divided by its own largest |weight|
    sizes: list[int]
    parameters: int
    same_as_shown: bool  # the last checkpoint is the network the other beats show


def glimpse_numbers(inputs: SceneInputs, path: str | os.PathLike[str] = CHECKPOINTS_FILE) -> GlimpseNumbers:
    """The beat's numbers from the checkpoints file at ``path``."""
    checkpoints = load_checkpoints(path)
    first_layers = np.array([n.weights[0] for n in checkpoints.networks])  # (k, n, 784)
    side = int(round(np.sqrt(first_layers.shape[-1])))
    last = checkpoints.networks[-1]
    return GlimpseNumbers(
        epochs=checkpoints.epochs,
        test_accuracy=checkpoints.test_accuracy,
        test_digits=int(checkpoints.metadata["test_size"]),
        train_digits=int(checkpoints.metadata["train_size"]),
        strengths=np.array([[strength(row) for row in layer] for layer in first_layers]).reshape(len(checkpoints), -1, side, side),
        sizes=last.sizes,
        parameters=last.parameter_count,
        same_as_shown=is_stored_copy(last, inputs.network),
    )
