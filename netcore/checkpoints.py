"""Snapshots of the chapter's network during its own training, for a first look at learning.

``python -m netcore checkpoints`` reruns the training that made the shipped
weights (``python -m netcore train`` with its defaults: same seed, same
random start, same schedule) and keeps the whole network after the epochs in
:data:`CHECKPOINT_EPOCHS`, with its accuracy on the official test set. The
file is a NumPy ``.npz`` (read with ``allow_pickle=False``): ``epochs``,
``test_accuracy``, ``W1, b1, W2, b2, ...`` each stacked over the checkpoints
and stored as float32 (the accuracies are those of the stored weights), and a
JSON ``metadata`` string saying how it was made.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from netcore.errors import NetcoreError
from netcore.files import write_atomically
from netcore.network import Network
from netcore.train import TrainingConfig, train

__all__ = ["CHECKPOINT_EPOCHS", "Checkpoints", "is_stored_copy", "load_checkpoints", "make_checkpoints", "save_checkpoints"]

# After how many epochs the network is kept: the first epochs change it most, so they are dense.
CHECKPOINT_EPOCHS = (0, 1, 2, 3, 5, 10, 20, 40, 60, 80)


@dataclass(frozen=True)
class Checkpoints:
    """The network after each of ``epochs`` epochs of training, and its test accuracy then."""

    epochs: np.ndarray  # (k,) int
    networks: list[Network]
    test_accuracy: np.ndarray  # (k,) fraction of the test digits answered right
    metadata: dict[str, Any] = field(default_factory=dict)  # includes train_size and test_size

    def __len__(self) -> int:
        return len(self.epochs)


class _LastCheckpointTaken(Exception):
    """Raised from the epoch report once the last wanted checkpoint is kept: no need to train on."""


def _stored(network: Network) -> Network:
    """``network`` as the file keeps it: float32 weights, read back as float64."""
    return Network(
        [w.astype(np.float32).astype(np.float64) for w in network.weights],
        [b.astype(np.float32).astype(np.float64) for b in network.biases],
        network.activation,
    )


def is_stored_copy(stored: Network, network: Network) -> bool:
    """True when ``stored`` (read from a checkpoints file) is ``network`` as the file keeps it:
    the same sizes and, to float32 rounding, the same weights and biases."""
    return stored.sizes == network.sizes and all(
        np.allclose(a, b.astype(np.float32), rtol=0, atol=1e-6)
        for a, b in zip(stored.weights + stored.biases, network.weights + network.biases)
    )


def make_checkpoints(
    network: Network,
    train_data: tuple[np.ndarray, np.ndarray],
    test_data: tuple[np.ndarray, np.ndarray],
    config: TrainingConfig,
    epochs: tuple[int, ...] = CHECKPOINT_EPOCHS,
) -> Checkpoints:
    """Train ``network`` in place on ``train_data`` (uint8 images, labels) with ``config``, keeping it after ``epochs``.

    Training stops after the last of ``epochs``; the learning-rate schedule is
    still that of ``config.epochs``, so a run cut short keeps exactly the
    first checkpoints of the full run. ``test_data`` is (inputs in [0, 1], labels).
    """
    if not epochs or list(epochs) != sorted(set(epochs)) or epochs[0] < 0 or epochs[-1] > config.epochs:
        raise NetcoreError(f"checkpoint epochs must increase from 0 up to {config.epochs}, not {list(epochs)}")
    kept: list[Network] = []

    def keep(epoch: int, seconds: float, accuracy: float) -> None:
        if epoch in epochs:
            kept.append(_stored(network))
        if epoch >= epochs[-1]:
            raise _LastCheckpointTaken

    if epochs[0] == 0:
        kept.append(_stored(network))
    if epochs[-1] > 0:
        try:
            train(network, *train_data, config, keep)
        except _LastCheckpointTaken:
            pass
    accuracy = np.array([n.accuracy(*test_data) for n in kept])
    sizes = {"train_size": len(train_data[1]), "test_size": len(test_data[1])}
    return Checkpoints(np.array(epochs, dtype=np.int64), kept, accuracy, sizes)


def save_checkpoints(checkpoints: Checkpoints, path: str | os.PathLike[str]) -> None:
    """Write ``checkpoints`` to ``path`` (atomically: no half-written file on failure)."""
    arrays: dict[str, np.ndarray] = {"epochs": checkpoints.epochs, "test_accuracy": checkpoints.test_accuracy}
    for i in range(len(checkpoints.networks[0].weights)):
        arrays[f"W{i + 1}"] = np.stack([n.weights[i] for n in checkpoints.networks]).astype(np.float32)
        arrays[f"b{i + 1}"] = np.stack([n.biases[i] for n in checkpoints.networks]).astype(np.float32)
    meta = {**checkpoints.metadata, "activation": checkpoints.networks[0].activation}
    arrays["metadata"] = np.array(json.dumps(meta, sort_keys=True))
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    write_atomically(Path(path), buffer.getvalue())


def load_checkpoints(path: str | os.PathLike[str]) -> Checkpoints:
    """Read a checkpoints file written by :func:`save_checkpoints`; every fault is one :class:`NetcoreError`."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        metadata = json.loads(str(arrays.pop("metadata")))
        epochs, accuracy = arrays.pop("epochs"), arrays.pop("test_accuracy")
        layers = len(arrays) // 2
        weights = [arrays[f"W{i}"] for i in range(1, layers + 1)]
        biases = [arrays[f"b{i}"] for i in range(1, layers + 1)]
    except FileNotFoundError:
        raise NetcoreError(f"{path}: training checkpoints not found (make them with: python -m netcore checkpoints)") from None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise NetcoreError(f"{path}: not a readable checkpoints file ({exc})") from None
    if not isinstance(metadata, dict) or not all(isinstance(metadata.get(k), int) for k in ("train_size", "test_size")):
        raise NetcoreError(f"{path}: metadata does not give the numbers of training and test digits")
    if epochs.ndim != 1 or accuracy.shape != epochs.shape or any(w.shape[0] != len(epochs) for w in weights + biases):
        raise NetcoreError(f"{path}: expected one epoch, accuracy and set of weights per checkpoint")
    activation = metadata.get("activation", "sigmoid")
    try:
        networks = [
            Network([w[k].astype(np.float64) for w in weights], [b[k].astype(np.float64) for b in biases], activation)
            for k in range(len(epochs))
        ]
    except NetcoreError as exc:
        raise NetcoreError(f"{path}: {exc}") from None
    return Checkpoints(epochs.astype(np.int64), networks, accuracy.astype(np.float64), metadata)
