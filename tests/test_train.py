"""Training: backpropagation against finite differences, SGD runs, augmentation."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy import ndimage

from netcore.network import Network
from netcore.paths import SAMPLE_FILE
from netcore.samples import load_sample
from netcore.train import TrainingConfig, augment, backprop, cost, train

SIZES = [6, 4, 3, 2]


def tiny_problem(activation: str, seed: int = 0) -> tuple[Network, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    network = Network.random(SIZES, activation, seed=seed + 100)
    inputs = rng.uniform(0, 1, (5, SIZES[0]))
    targets = np.eye(SIZES[-1])[rng.integers(0, SIZES[-1], 5)]
    return network, inputs, targets


def numerical_gradients(network: Network, inputs: np.ndarray, targets: np.ndarray, lmbda: float = 0.0, h: float = 1e-5):
    """Central differences of train.cost with respect to every weight and bias."""
    grads = []
    for params in (network.weights, network.biases):
        layer_grads = []
        for p in params:
            g = np.zeros_like(p)
            for idx in np.ndindex(p.shape):
                saved = p[idx]
                p[idx] = saved + h
                plus = cost(network, inputs, targets, lmbda)
                p[idx] = saved - h
                minus = cost(network, inputs, targets, lmbda)
                p[idx] = saved
                g[idx] = (plus - minus) / (2 * h)
            layer_grads.append(g)
        grads.append(layer_grads)
    return grads


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300))


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_backprop_matches_finite_differences(activation: str) -> None:
    network, inputs, targets = tiny_problem(activation)
    if activation == "relu":
        # No pre-activation may sit on the hinge, where the derivative is undefined.
        assert min(np.abs(z).min() for z in network.forward(inputs).zs[:-1]) > 1e-3
    grad_w, grad_b = backprop(network, inputs, targets)
    num_w, num_b = numerical_gradients(network, inputs, targets)
    assert [g.shape for g in grad_w] == [w.shape for w in network.weights]
    assert [g.shape for g in grad_b] == [b.shape for b in network.biases]
    for analytic, numeric in zip(grad_w + grad_b, num_w + num_b):
        assert np.linalg.norm(numeric) > 1e-6  # a layer with zero gradient would prove nothing
        assert relative_error(analytic, numeric) < 1e-6


def test_relu_backprop_differs_from_sigmoid_backprop() -> None:
    sig, inputs, targets = tiny_problem("sigmoid")
    relu = Network([w.copy() for w in sig.weights], [b.copy() for b in sig.biases], "relu")
    gs, gr = backprop(sig, inputs, targets), backprop(relu, inputs, targets)
    assert relative_error(gs[0][0], gr[0][0]) > 1e-2
    # Output-layer gradients are (a - y) a_prev^T, whatever the hidden activation.
    trace = relu.forward(inputs)
    np.testing.assert_allclose(gr[0][-1], (trace.output - targets).T @ trace.activations[-2] / len(inputs), rtol=1e-12)


def test_l2_term_of_cost_is_the_weight_decay_train_applies() -> None:
    """cost(lmbda) differentiates to backprop + (lmbda / n) W, the decay used in train."""
    network, inputs, targets = tiny_problem("sigmoid", seed=3)
    lmbda = 0.7
    grad_w, grad_b = backprop(network, inputs, targets)
    num_w, num_b = numerical_gradients(network, inputs, targets, lmbda)
    for g, num, w in zip(grad_w, num_w, network.weights):
        assert relative_error(g + lmbda / len(inputs) * w, num) < 1e-6
    for g, num in zip(grad_b, num_b):
        assert relative_error(g, num) < 1e-6  # biases are not regularised


def test_cost_values() -> None:
    network, inputs, targets = tiny_problem("sigmoid")
    out = network.forward(inputs).output
    expected = -np.sum(targets * np.log(out) + (1 - targets) * np.log(1 - out)) / len(inputs)
    assert cost(network, inputs, targets) == pytest.approx(expected, rel=1e-12)
    l2 = sum(float(np.sum(w**2)) for w in network.weights)
    assert cost(network, inputs, targets, lmbda=2.0, n=50) == pytest.approx(expected + 2.0 / 100 * l2, rel=1e-12)


# ---------------------------------------------------------------- training runs


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray]:
    """300 real handwritten digits from the shipped sample (synthetic blobs if it is missing)."""
    if SAMPLE_FILE.is_file():
        sample = load_sample()
        return sample.images[:300].copy(), sample.labels[:300].astype(np.int64)
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 300)
    images = rng.integers(0, 40, (300, 28, 28)).astype(np.uint8)
    for i, label in enumerate(labels):  # one bright 5x5 block per class: linearly separable
        r, c = divmod(int(label), 5)
        images[i, 4 + 10 * r : 9 + 10 * r, 2 + 5 * c : 7 + 5 * c] = 255
    return images, labels


def as_inputs(images: np.ndarray) -> np.ndarray:
    return images.reshape(len(images), -1).astype(np.float64) / 255.0


def snapshot(network: Network) -> list[np.ndarray]:
    return [a.copy() for a in network.weights + network.biases]


def test_short_training_run_learns(digits) -> None:
    images, labels = digits
    inputs, targets = as_inputs(images), np.eye(10)[labels]
    network = Network.random([784, 16, 16, 10], seed=0)
    before_cost, before_acc = cost(network, inputs, targets), network.accuracy(inputs, labels)
    reports = []
    config = TrainingConfig(epochs=25, batch_size=10, learning_rate=0.1, momentum=0.9, lmbda=0.0, augment=False, seed=5)
    returned = train(network, images, labels, config, lambda *r: reports.append(r), (inputs, labels))
    assert returned is network
    after_cost, after_acc = cost(network, inputs, targets), network.accuracy(inputs, labels)
    assert after_cost < 0.5 * before_cost
    assert before_acc < 0.3 and after_acc > 0.9
    assert [r[0] for r in reports] == list(range(1, 26))
    assert all(r[1] >= 0 for r in reports)
    assert reports[-1][2] == pytest.approx(after_acc)


def test_default_config_with_augmentation_reduces_cost(digits) -> None:
    images, labels = digits
    inputs, targets = as_inputs(images), np.eye(10)[labels]
    network = Network.random([784, 16, 16, 10], seed=0)
    before = cost(network, inputs, targets)
    original = images.copy()
    train(network, images, labels, replace(TrainingConfig(), epochs=2))
    assert cost(network, inputs, targets) < 0.7 * before
    np.testing.assert_array_equal(images, original)  # the caller's digits are not altered


def test_training_is_reproducible_with_a_seed(digits) -> None:
    images, labels = digits[0][:120], digits[1][:120]
    config = TrainingConfig(epochs=2, batch_size=10, learning_rate=0.1, augment=True, seed=42)
    runs = []
    for seed in (42, 42, 43):
        network = Network.random([784, 16, 16, 10], seed=0)
        train(network, images, labels, replace(config, seed=seed))
        runs.append(snapshot(network))
    start = snapshot(Network.random([784, 16, 16, 10], seed=0))
    assert all(np.array_equal(a, b) for a, b in zip(runs[0], runs[1]))
    assert not any(np.array_equal(a, b) for a, b in zip(runs[0], runs[2]))
    assert not any(np.array_equal(a, b) for a, b in zip(runs[0], start))


def test_clean_epochs_train_on_the_digits_as_they_are(digits) -> None:
    images, labels = digits[0][:120], digits[1][:120]
    config = TrainingConfig(epochs=2, batch_size=10, learning_rate=0.1, seed=4)
    runs = {}
    for name, changes in {"all clean": {"clean_epochs": 2}, "no augmentation": {"augment": False}, "last clean": {"clean_epochs": 1}}.items():
        network = Network.random([784, 16, 16, 10], seed=0)
        train(network, images, labels, replace(config, **changes))
        runs[name] = snapshot(network)
    assert all(np.array_equal(a, b) for a, b in zip(runs["all clean"], runs["no augmentation"]))
    assert not any(np.array_equal(a, b) for a, b in zip(runs["all clean"], runs["last clean"]))


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_training_keeps_shapes_and_finite_values(digits, activation: str) -> None:
    images, labels = digits[0][:100], digits[1][:100]
    network = Network.random([784, 8, 10], activation, seed=1)
    train(network, images, labels, TrainingConfig(epochs=1, learning_rate=0.05, augment=False, seed=1))
    assert network.sizes == [784, 8, 10]
    assert all(np.all(np.isfinite(a)) and a.dtype == np.float64 for a in network.weights + network.biases)


# ---------------------------------------------------------------- augmentation


def test_augment_keeps_shape_and_range_and_preserves_ink(digits) -> None:
    images = digits[0]
    original = images.copy()
    out = augment(images, np.random.default_rng(0))
    np.testing.assert_array_equal(images, original)
    assert out.shape == images.shape and out.dtype == np.float32
    assert out.min() >= 0 and out.max() <= 255
    # Every image is changed noticeably ...
    change = np.abs(out - images).reshape(len(images), -1).mean(axis=1)
    assert change.min() > 1.0
    # ... yet keeps most of its ink: scaling by 0.9-1.1 changes area by at most ~20 %.
    ink_before = images.reshape(len(images), -1).sum(axis=1).astype(np.float64)
    ratio = out.reshape(len(images), -1).sum(axis=1) / ink_before
    assert ratio.min() > 0.6 and ratio.max() < 1.45
    assert abs(float(np.median(ratio)) - 1.0) < 0.1
    # The ink moves a little (shift of at most 2 px per axis, plus bending), never far.
    moved = np.array([np.subtract(ndimage.center_of_mass(a), ndimage.center_of_mass(b.astype(np.float64))) for a, b in zip(out, images)])
    assert np.abs(moved).max() < 4.5
    assert np.abs(moved).max() > 0.5


def test_augment_is_driven_by_the_generator(digits) -> None:
    images = digits[0][:20]
    a = augment(images, np.random.default_rng(9))
    b = augment(images, np.random.default_rng(9))
    c = augment(images, np.random.default_rng(10))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    # Each digit gets its own distortion, so identical digits come out different.
    twins = augment(np.repeat(images[:1], 2, axis=0), np.random.default_rng(1))
    assert not np.array_equal(twins[0], twins[1])
