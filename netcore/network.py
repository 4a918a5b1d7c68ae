"""A feed-forward network that remembers every value a viewer is shown.

Convention (the weights file uses it too): layer l has weights ``W_l`` of shape
(n_out, n_in) and biases ``b_l`` of shape (n_out,), and

    z_l = W_l a_(l-1) + b_l,    a_l = f(z_l),

with a_0 the 784 pixels scaled to [0, 1]. Hidden layers use the configured
activation (sigmoid or ReLU); the output layer is always a sigmoid, so the ten
output activations lie in [0, 1] as in the chapter.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
from scipy.special import expit

from netcore.errors import NetcoreError
from netcore.files import write_atomically
from netcore.weightsfile import read_weight_arrays

__all__ = ["ACTIVATIONS", "Activation", "Network", "Trace", "load_network"]


@dataclass(frozen=True)
class Activation:
    """An activation function and its derivative, both elementwise."""

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    prime: Callable[[np.ndarray], np.ndarray]


def _sigmoid_prime(z: np.ndarray) -> np.ndarray:
    s = expit(z)
    return s * (1.0 - s)


SIGMOID = Activation("sigmoid", expit, _sigmoid_prime)
RELU = Activation("relu", lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(z.dtype))
ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (SIGMOID, RELU)}


@dataclass(frozen=True)
class Trace:
    """Every intermediate value of one forward pass.

    ``zs[i]`` and ``activations[i + 1]`` belong to layer i + 1; ``activations[0]``
    is the input. For a single digit the arrays are vectors, for a batch they
    have one row per digit.
    """

    zs: tuple[np.ndarray, ...]
    activations: tuple[np.ndarray, ...]

    @property
    def output(self) -> np.ndarray:
        """The output layer's activations."""
        return self.activations[-1]

    @property
    def prediction(self) -> np.ndarray | int:
        """The index of the largest output activation (per digit for a batch)."""
        p = np.argmax(self.output, axis=-1)
        return int(p) if p.ndim == 0 else p


@dataclass
class Network:
    """Weights, biases and activation of a fully connected network.

    ``weights[i]`` has shape (sizes[i + 1], sizes[i]); ``metadata`` records how
    the weights were made (seed, data checksums, accuracy) and is saved with them.
    """

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    activation: str = "sigmoid"
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.activation not in ACTIVATIONS:
            raise NetcoreError(f"unknown activation {self.activation!r} (choose from {', '.join(ACTIVATIONS)})")
        _check_shapes(self.weights, self.biases, "network")

    @classmethod
    def random(cls, sizes: list[int], activation: str = "sigmoid", seed: int = 0) -> Network:
        """A new network with Gaussian weights scaled by 1/sqrt(fan-in), zero-mean biases."""
        rng = np.random.default_rng(seed)
        weights = [rng.standard_normal((n_out, n_in)) / np.sqrt(n_in) for n_in, n_out in zip(sizes, sizes[1:])]
        biases = [rng.standard_normal(n_out) for n_out in sizes[1:]]
        return cls(weights, biases, activation)

    @property
    def sizes(self) -> list[int]:
        """Neurons per layer, input first: [784, 16, 16, 10] for the chapter's network."""
        return [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]

    @property
    def parameter_count(self) -> int:
        """The number of weights and biases together (13,002 for 784-16-16-10)."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    def layer_activation(self, layer: int) -> Activation:
        """The activation of layer ``layer`` (1-based; the last layer is always a sigmoid)."""
        return SIGMOID if layer == len(self.weights) else ACTIVATIONS[self.activation]

    def forward(self, inputs: np.ndarray) -> Trace:
        """Run one input (shape (n_in,)) or a batch (shape (n, n_in)) through the network."""
        a = np.asarray(inputs)
        # float32 stays float32 (training runs in it to halve memory traffic); anything else is float64.
        a = a if a.dtype == np.float32 else np.asarray(a, dtype=np.float64)
        if a.shape[-1] != self.sizes[0] or a.ndim not in (1, 2):
            raise NetcoreError(f"input of shape {a.shape} does not fit a network with {self.sizes[0]} inputs")
        zs, activations = [], [a]
        for layer, (w, b) in enumerate(zip(self.weights, self.biases), start=1):
            z = a @ w.T + b
            a = self.layer_activation(layer).f(z)
            zs.append(z)
            activations.append(a)
        return Trace(tuple(zs), tuple(activations))

    def accuracy(self, inputs: np.ndarray, labels: np.ndarray) -> float:
        """The fraction of ``inputs`` (one row each) whose prediction equals its label."""
        return float(np.mean(self.forward(inputs).prediction == labels))

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the weights file: arrays W1, b1, W2, b2, ... and a JSON ``metadata`` string."""
        arrays: dict[str, np.ndarray] = {}
        for i, (w, b) in enumerate(zip(self.weights, self.biases), start=1):
            arrays[f"W{i}"], arrays[f"b{i}"] = w, b
        meta = {**self.metadata, "sizes": self.sizes, "activation": self.activation}
        arrays["metadata"] = np.array(json.dumps(meta, sort_keys=True))
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        write_atomically(Path(path), buffer.getvalue())


def _check_shapes(weights: list[np.ndarray], biases: list[np.ndarray], where: str) -> None:
    if not weights or len(weights) != len(biases):
        raise NetcoreError(f"{where}: needs as many bias vectors as weight matrices, at least one")
    for i, (w, b) in enumerate(zip(weights, biases), start=1):
        if w.ndim != 2 or b.shape != (w.shape[0],):
            raise NetcoreError(f"{where}: W{i} has shape {w.shape} and b{i} {b.shape}; expected (n_out, n_in) and (n_out,)")
        if i > 1 and w.shape[1] != weights[i - 2].shape[0]:
            raise NetcoreError(f"{where}: W{i} has {w.shape[1]} inputs but layer {i - 1} has {weights[i - 2].shape[0]} neurons")
        if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
            raise NetcoreError(f"{where}: W{i} or b{i} holds NaN or infinite values")


def _check_forward_is_finite(network: Network, where: str) -> None:
    """Refuse weights for which some input in [0, 1] could overflow a weighted sum (to inf, then NaN).

    For every input, |z_l| <= |W_l| @ max|a_(l-1)| + |b_l|, where max|a_0| = 1
    (pixels), a sigmoid's output is at most 1 and a ReLU's at most its sum's bound.
    The bound must stay under half the largest float: the forward pass's own
    rounding (a relative 1e-13 for 784 terms) then cannot reach infinity.
    """
    bound = np.ones(network.sizes[0])
    limit = np.finfo(np.float64).max / 2
    with np.errstate(over="ignore", invalid="ignore"):
        for layer, (w, b) in enumerate(zip(network.weights, network.biases), start=1):
            sums = np.abs(w) @ bound + np.abs(b)
            if not np.all(sums < limit):
                raise NetcoreError(
                    f"{where}: layer {layer}'s weighted sums can reach {np.max(sums):.3g}, "
                    "overflowing the forward pass (weights too large)"
                )
            bound = np.ones_like(sums) if network.layer_activation(layer) is SIGMOID else sums


def load_network(path: str | os.PathLike[str], input_size: int | None = 784) -> Network:
    """Read a weights file written by :meth:`Network.save` and check it thoroughly.

    ``input_size`` (784 pixels by default, ``None`` for any) rejects a network
    that cannot read MNIST digits; weights so large that the forward pass
    would overflow are refused too. Every fault raises :class:`NetcoreError`.
    """
    path = Path(path)
    arrays = read_weight_arrays(path)
    layers = sum(1 for name in arrays if name[:1] == "W" and name[1:].isdigit())
    missing = [n for i in range(1, layers + 1) for n in (f"W{i}", f"b{i}") if n not in arrays]
    if layers == 0 or missing:
        raise NetcoreError(f"{path}: missing arrays {', '.join(missing or ['W1', 'b1'])}")
    try:
        metadata = json.loads(str(arrays["metadata"])) if "metadata" in arrays else {}
    except json.JSONDecodeError:
        raise NetcoreError(f"{path}: metadata is not valid JSON") from None
    if not isinstance(metadata, dict):
        raise NetcoreError(f"{path}: metadata is not a JSON object")
    weights = [arrays[f"W{i}"].astype(np.float64) for i in range(1, layers + 1)]
    biases = [arrays[f"b{i}"].astype(np.float64) for i in range(1, layers + 1)]
    _check_shapes(weights, biases, str(path))
    sizes = [weights[0].shape[1]] + [w.shape[0] for w in weights]
    if 0 in sizes:  # a layer that holds no number: nothing to compute or show
        raise NetcoreError(f"{path}: layer {sizes.index(0)} has 0 neurons (sizes {sizes})")
    if "sizes" in metadata and metadata["sizes"] != sizes:
        raise NetcoreError(f"{path}: arrays have sizes {sizes} but metadata says {metadata['sizes']}")
    if input_size is not None and sizes[0] != input_size:
        raise NetcoreError(f"{path}: network takes {sizes[0]} inputs, expected {input_size}")
    activation = metadata.pop("activation", "sigmoid")
    if not isinstance(activation, str):
        raise NetcoreError(f"{path}: metadata activation {activation!r} is not a name")
    metadata.pop("sizes", None)
    try:
        network = Network(weights, biases, activation, metadata)
    except NetcoreError as exc:
        raise NetcoreError(f"{path}: {exc}") from None
    _check_forward_is_finite(network, str(path))
    return network
