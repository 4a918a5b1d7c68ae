"""Sigmoid against ReLU: the shipped twin checkpoints, their metadata, and the beat showing exactly them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from netcore.checkpoints import CHECKPOINT_EPOCHS
from netcore.choices import Choices
from netcore.cli import main as netcore_main
from netcore.inputs import load_inputs
from netcore.mnist import load_split
from netcore.paths import CHECKPOINTS_FILE, checkpoints_file
from netcore.samples import load_sample
from netcore.scenedata.compare import PAIRS
from storyboard.compare import compare_record

NETWORKS = [(list(sizes), activation) for sizes in PAIRS for activation in ("sigmoid", "relu")]
IDS = [f"{'-'.join(map(str, s))}-{a}" for s, a in NETWORKS]


def stored_arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def forward(arrays: dict[str, np.ndarray], k: int, pixels: np.ndarray, activation: str) -> list[np.ndarray]:
    """Every layer's activations for checkpoint ``k``, written out here (hidden layers ``activation``, output sigmoid)."""
    layers = sum(1 for name in arrays if name.startswith("W"))
    a, out = pixels, [pixels]
    for i in range(1, layers + 1):
        z = a @ arrays[f"W{i}"][k].astype(np.float64).T + arrays[f"b{i}"][k].astype(np.float64)
        a = 1.0 / (1.0 + np.exp(-z)) if i == layers or activation == "sigmoid" else np.where(z > 0, z, 0.0)
        out.append(a)
    return out


@pytest.fixture(scope="module")
def record():
    return compare_record(load_inputs(Choices()))


@pytest.mark.parametrize(("sizes", "activation"), NETWORKS, ids=IDS)
def test_the_curves_equal_a_forward_pass_of_the_checkpoints_on_t10k(sizes, activation, record, shared_mnist: Path) -> None:
    arrays = stored_arrays(checkpoints_file(sizes, activation))
    test = load_split("t10k", shared_mnist)
    pixels = test.images.reshape(len(test.images), -1) / 255.0
    shown = record.numbers.pairs[PAIRS.index(tuple(sizes))][("sigmoid", "relu").index(activation)]
    assert shown.epochs.tolist() == arrays["epochs"].tolist() == list(CHECKPOINT_EPOCHS)
    for k, epoch in enumerate(arrays["epochs"]):
        accuracy = np.mean(np.argmax(forward(arrays, k, pixels, activation)[-1], axis=1) == test.labels)
        assert shown.test_accuracy[k] == accuracy, f"epoch {epoch}"


@pytest.mark.parametrize(("sizes", "activation"), NETWORKS, ids=IDS)
def test_each_file_says_how_it_was_made(sizes, activation) -> None:
    path = checkpoints_file(sizes, activation)
    meta = json.loads(str(stored_arrays(path)["metadata"]))
    assert meta["activation"] == activation and meta["training"]["seed"] == 2017 and meta["test_digits"] == "t10k"
    if path != CHECKPOINTS_FILE:  # the chapter's own file predates these keys; its sizes are its arrays'
        assert meta["sizes"] == sizes and meta["seed"] == 2017
    chapter = json.loads(str(stored_arrays(CHECKPOINTS_FILE)["metadata"]))
    assert meta["training"] == chapter["training"], "the same recipe as the chapter's network"


def test_dead_neurons_and_the_shrinking_signal_recomputed_on_the_sample(record) -> None:
    sample = load_sample()
    pixels = sample.images.reshape(len(sample.images), -1) / 255.0
    targets = np.eye(10)[sample.labels]
    for (sizes, activation), shown in zip(NETWORKS, [n for pair in record.numbers.pairs for n in pair]):
        arrays = stored_arrays(checkpoints_file(sizes, activation))
        hidden = forward(arrays, len(arrays["epochs"]) - 1, pixels, activation)[1:-1]
        assert shown.dead == [sum(1 for j in range(a.shape[1]) if not a[:, j].any()) for a in hidden]
        # Backpropagation written out: the output error a - y (cross-entropy on a sigmoid), then back through each layer.
        layers = forward(arrays, 0, pixels, activation)
        delta = (layers[-1] - targets) / len(pixels)
        gradients = [np.abs(delta.sum(axis=0)).mean()]
        for i in range(len(layers) - 2, 0, -1):
            a = layers[i]
            slope = a * (1 - a) if activation == "sigmoid" else (a > 0).astype(float)
            delta = (delta @ arrays[f"W{i + 1}"][0].astype(np.float64)) * slope
            gradients.insert(0, np.abs(delta.sum(axis=0)).mean())
        np.testing.assert_allclose(shown.start_gradients, gradients, rtol=1e-9)
    deep = record.numbers.pairs[-1]
    assert record.numbers.deep_shrink == [round(n.start_gradients[-1] / n.start_gradients[0]) for n in deep]


def test_the_words_say_what_the_curves_show(record) -> None:
    words, pairs = record.words, record.numbers.pairs
    for k, pair in enumerate(pairs):
        assert words.final_values[k] == [f"{100 * n.test_accuracy[-1]:.2f}%" for n in pair]
    relu_wins = [pair[1].test_accuracy[-1] > pair[0].test_accuracy[-1] for pair in pairs]
    if not any(relu_wins):
        assert words.verdict[0] == "Here ReLU loses in both."
    elif all(relu_wins):
        assert words.verdict[0] == "Here ReLU wins in both."
    assert "deeper networks" in " ".join(words.why) and record.numbers.same_as_shown


def test_retraining_a_prefix_of_the_relu_twin_matches_within_tolerance(shared_mnist: Path, tmp_path: Path) -> None:
    """Float32 training differs in the last bits between OpenBLAS kernels (README, What retraining reproduces):
    the same weights to 5e-4 after two epochs and the same accuracy to 0.1 point, not the same bits."""
    out = tmp_path / "relu-prefix.npz"
    args = ["checkpoints", "--data", str(shared_mnist), "--sizes", "784,16,16,10", "--activation", "relu", "--last-epoch", "2", "--out", str(out)]
    assert netcore_main(args) == 0
    rerun, shipped = stored_arrays(out), stored_arrays(checkpoints_file([784, 16, 16, 10], "relu"))
    assert rerun["epochs"].tolist() == [0, 1, 2]
    for name in ("W1", "b1", "W2", "b2", "W3", "b3"):
        np.testing.assert_allclose(rerun[name], shipped[name][:3], rtol=0, atol=5e-4, err_msg=name)
    np.testing.assert_allclose(rerun["test_accuracy"], shipped["test_accuracy"][:3], rtol=0, atol=1e-3)


def test_each_twin_has_its_own_default_file_and_a_bad_target_stops_before_training(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert checkpoints_file([784, 16, 16, 10], "sigmoid") == CHECKPOINTS_FILE
    assert checkpoints_file([784, 16, 16, 10], "relu").name == "mnist-784-16-16-10-relu-training.npz"
    assert checkpoints_file([784, 16, 16, 16, 16, 10], "sigmoid").name == "mnist-784-16-16-16-16-10-sigmoid-training.npz"
    # A folder as the target: refused in one line before any data is read or any epoch trained.
    status = netcore_main(["checkpoints", "--data", str(tmp_path / "absent"), "--activation", "relu", "--out", str(tmp_path)])
    error = capsys.readouterr().err
    assert status == 2 and error.startswith("error: ") and error.count("\n") == 1 and "absent" not in error


def test_the_error_signal_chart_holds_every_layer_of_the_deeper_twins(record) -> None:
    """Its log axis, a label per power of ten, runs from just under the weakest signal to just over the strongest."""
    words = record.words
    values = np.concatenate([n.start_gradients for n in record.numbers.pairs[-1]])
    lowest, highest = words.signal_floor, words.signal_floor + len(words.signal_labels) - 1
    assert 10.0 ** lowest <= values.min() < 10.0 ** (lowest + 1)
    assert 10.0 ** (highest - 1) < values.max() <= 10.0 ** highest
    if lowest <= 0 <= highest:
        assert words.signal_labels[-lowest] == "1"  # 10 to the 0
    assert words.signal_layers == [str(k) for k in range(1, len(record.numbers.pairs[-1][0].sizes))]
    sigmoid, relu = record.numbers.deep_shrink
    assert words.signal_shrink == [f"{sigmoid:,}\u00d7 less at layer 1 than at 5", f"{relu:,}\u00d7 less at layer 1 than at 5"]
