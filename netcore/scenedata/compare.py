"""Numbers of the sigmoid-against-ReLU beat: twin networks trained with the shipped recipe, measured.

Each twin differs from the other only in its hidden layers' activation:
same sizes, same seed (so the same random start), same training recipe
(``python -m netcore checkpoints --sizes ... --activation ...``). Their test
accuracy at each checkpoint comes from the shipped checkpoint files; how
many ReLU neurons died and how much error signal reaches each layer at the
start are measured here on the shipped sample digits (never trained on).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.checkpoints import Checkpoints, is_stored_copy, load_checkpoints
from netcore.inputs import SceneInputs
from netcore.paths import checkpoints_file
from netcore.samples import load_sample
from netcore.train import backprop

__all__ = ["PAIRS", "CompareNumbers", "TrainedNetwork", "compare_numbers"]

# The networks compared, each trained once with the sigmoid and once with ReLU: the chapter's, and a deeper one.
PAIRS: tuple[tuple[int, ...], ...] = ((784, 16, 16, 10), (784, 16, 16, 16, 16, 10))


@dataclass(frozen=True)
class TrainedNetwork:
    """One network's training, from its shipped checkpoints."""

    sizes: list[int]
    activation: str
    seed: int
    learning_rate: float
    epochs: np.ndarray  # (k,) the checkpoints' epochs
    test_accuracy: np.ndarray  # (k,) on the official test set
    dead: list[int]  # per hidden layer, after training: neurons giving 0 for every sample digit
    start_gradients: np.ndarray  # per layer, before training: mean |dC/db| over the sample digits


@dataclass(frozen=True)
class CompareNumbers:
    """Every number the beat shows: ``pairs[i]`` is (sigmoid, ReLU) for the sizes ``PAIRS[i]``."""

    pairs: list[list[TrainedNetwork]]
    test_digits: int
    sample_digits: int
    same_as_shown: bool  # the first sigmoid network's last checkpoint is the network the other beats show
    # For the deeper pair: how many times weaker the error signal reaching the first hidden layer is
    # than the one reaching the output layer, before training (sigmoid, ReLU), rounded.
    deep_shrink: list[int]


def _trained(checkpoints: Checkpoints, pixels: np.ndarray, targets: np.ndarray) -> TrainedNetwork:
    """One network's numbers from its checkpoints, measured on the sample digits ``pixels`` (n, 784)."""
    first, last = checkpoints.networks[0], checkpoints.networks[-1]
    _, grad_b = backprop(first, pixels, targets)
    hidden = last.forward(pixels).activations[1:-1]
    meta = checkpoints.metadata
    return TrainedNetwork(
        sizes=list(last.sizes),
        activation=last.activation,
        seed=int(meta["training"]["seed"]),
        learning_rate=float(meta["training"]["learning_rate"]),
        epochs=checkpoints.epochs,
        test_accuracy=checkpoints.test_accuracy,
        dead=[int(np.sum(np.all(a == 0, axis=0))) for a in hidden],
        start_gradients=np.array([float(np.mean(np.abs(g))) for g in grad_b]),
    )


def compare_numbers(inputs: SceneInputs) -> CompareNumbers:
    """The beat's numbers (from the shipped checkpoints, whatever the chosen digit)."""
    sample = load_sample()
    pixels = sample.images.reshape(len(sample.images), -1) / 255.0
    targets = np.eye(10)[sample.labels]
    pairs, test_digits, chapter = [], 0, None
    for sizes in PAIRS:
        pair = []
        for activation in ("sigmoid", "relu"):
            checkpoints = load_checkpoints(checkpoints_file(list(sizes), activation))
            chapter = chapter or checkpoints.networks[-1]  # the first: the chapter's network, trained
            test_digits = int(checkpoints.metadata["test_size"])
            pair.append(_trained(checkpoints, pixels, targets))
        pairs.append(pair)
    shrink = [int(round(n.start_gradients[-1] / n.start_gradients[0])) for n in pairs[-1]]
    return CompareNumbers(pairs, test_digits, len(sample.labels), is_stored_copy(chapter, inputs.network), shrink)
