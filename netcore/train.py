"""Mini-batch stochastic gradient descent with backpropagation.

Cost: cross-entropy on the sigmoid outputs plus L2 regularisation
(lmbda / 2n) * sum(w^2), as in Nielsen's chapter 3. Everything is vectorised
over the mini-batch; the random generator is seeded, so a run is reproducible.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy import ndimage

from netcore.network import Network

__all__ = ["TrainingConfig", "augment", "backprop", "cost", "train"]


@dataclass(frozen=True)
class TrainingConfig:
    """Hyper-parameters of one training run."""

    epochs: int = 400
    batch_size: int = 10
    learning_rate: float = 0.03
    momentum: float = 0.9
    lmbda: float = 2.0
    augment: bool = True
    seed: int = 2017


def cost(network: Network, inputs: np.ndarray, targets: np.ndarray, lmbda: float = 0.0, n: int | None = None) -> float:
    """Mean cross-entropy over the batch plus the L2 term (lmbda / 2n) * sum of squared weights."""
    out = np.clip(network.forward(inputs).output, 1e-12, 1 - 1e-12)
    ce = -np.sum(targets * np.log(out) + (1 - targets) * np.log(1 - out)) / len(inputs)
    n = n or len(inputs)
    return float(ce + lmbda / (2 * n) * sum(np.sum(w * w) for w in network.weights))


def backprop(network: Network, inputs: np.ndarray, targets: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Gradients of the mean cross-entropy (without L2) with respect to every W and b.

    With a sigmoid output and cross-entropy cost the output error is simply a - y.
    """
    trace = network.forward(inputs)
    delta = (trace.output - targets) / len(inputs)
    grad_w, grad_b = [], []
    for layer in range(len(network.weights), 0, -1):
        grad_w.append(delta.T @ trace.activations[layer - 1])
        grad_b.append(delta.sum(axis=0))
        if layer > 1:
            delta = (delta @ network.weights[layer - 1]) * network.layer_activation(layer - 1).prime(trace.zs[layer - 2])
    return grad_w[::-1], grad_b[::-1]


def augment(images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Randomly rotate (±12°), scale (0.9-1.1) and shift (±2 px) each image (n, rows, cols) about its centre.

    Handwriting varies in exactly these ways, so the small network sees more
    kinds of digit than the few thousand it trains on. (Elastic distortions
    were tried too and lowered test accuracy for this small network.) One
    ``map_coordinates`` call handles the whole batch.
    """
    n = len(images)
    angle = np.deg2rad(rng.uniform(-12, 12, n))
    scale = rng.uniform(0.9, 1.1, n)
    shift = rng.uniform(-2, 2, (n, 2))
    height, width = images.shape[1:]
    centre_row, centre_col = (height - 1) / 2, (width - 1) / 2
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
    rows, cols = rows - centre_row, cols - centre_col
    cos, sin = (np.cos(angle) / scale)[:, None, None], (np.sin(angle) / scale)[:, None, None]
    src_rows = cos * rows - sin * cols + centre_row + shift[:, 0, None, None]
    src_cols = sin * rows + cos * cols + centre_col + shift[:, 1, None, None]
    index = np.broadcast_to(np.arange(n, dtype=np.float64)[:, None, None], src_rows.shape)
    out = ndimage.map_coordinates(images.astype(np.float64), [index, src_rows, src_cols], order=1)
    return np.clip(out, 0, 255)


def train(
    network: Network,
    images: np.ndarray,
    labels: np.ndarray,
    config: TrainingConfig,
    report: Callable[[int, float, float], None] | None = None,
    validation: tuple[np.ndarray, np.ndarray] | None = None,
) -> Network:
    """Train ``network`` in place on uint8 ``images`` (n, 28, 28) and return it.

    ``report(epoch, seconds, validation_accuracy)`` is called after each epoch.
    """
    rng = np.random.default_rng(config.seed)
    n = len(images)
    targets = np.eye(network.sizes[-1])[labels]
    velocity_w = [np.zeros_like(w) for w in network.weights]
    velocity_b = [np.zeros_like(b) for b in network.biases]
    for epoch in range(1, config.epochs + 1):
        start = time.perf_counter()
        # Cosine annealing: big steps early to explore, small steps late to settle.
        rate = config.learning_rate * 0.5 * (1 + np.cos(np.pi * (epoch - 1) / config.epochs))
        decay = 1 - rate * config.lmbda / n
        pixels = augment(images, rng) if config.augment else images.astype(np.float64)
        inputs = pixels.reshape(n, -1) / 255.0
        order = rng.permutation(n)
        for first in range(0, n, config.batch_size):
            batch = order[first : first + config.batch_size]
            grad_w, grad_b = backprop(network, inputs[batch], targets[batch])
            for i in range(len(network.weights)):
                velocity_w[i] = config.momentum * velocity_w[i] - rate * grad_w[i]
                velocity_b[i] = config.momentum * velocity_b[i] - rate * grad_b[i]
                network.weights[i] = decay * network.weights[i] + velocity_w[i]
                network.biases[i] = network.biases[i] + velocity_b[i]
        if report is not None:
            accuracy = network.accuracy(*validation) if validation is not None else float("nan")
            report(epoch, time.perf_counter() - start, accuracy)
    return network
