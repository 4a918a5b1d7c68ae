"""What the first layer learned: the pictures are the rows of W1, the favourites really the sample's argmax."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from netcore.choices import Choices
from netcore.inputs import load_inputs
from netcore.network import Network
from netcore.paths import DEFAULT_WEIGHTS, SAMPLE_FILE
from netcore.samples import DEFAULT_DIGIT
from netcore.scenedata.learned import FAVOURITES, LIT
from storyboard.learned import learned_record

STUDENT_DIGIT = Path(__file__).parent / "data" / "student-seven.jpg"


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@pytest.fixture(scope="module")
def arrays() -> dict[str, np.ndarray]:
    with np.load(DEFAULT_WEIGHTS, allow_pickle=False) as w, np.load(SAMPLE_FILE, allow_pickle=False) as s:
        return {"W1": w["W1"], "b1": w["b1"], "images": s["images"], "labels": s["labels"]}


@pytest.fixture(scope="module")
def record():
    return learned_record(load_inputs(Choices()))


def test_each_picture_is_a_row_of_w1(record, arrays) -> None:
    w1 = arrays["W1"]
    numbers = record.numbers
    assert numbers.weights.shape == (16, 28, 28)
    for j in range(16):
        np.testing.assert_array_equal(numbers.weights[j].reshape(-1), w1[j])
        np.testing.assert_allclose(numbers.strengths[j].reshape(-1), w1[j] / np.abs(w1[j]).max())
        assert numbers.largest[j] == np.abs(w1[j]).max()


def test_lit_neurons_are_the_real_activations(record, arrays) -> None:
    a = sigmoid(arrays["W1"] @ (arrays["images"][DEFAULT_DIGIT].reshape(-1) / 255.0) + arrays["b1"])
    np.testing.assert_allclose(record.numbers.activations, a, atol=1e-12)
    expected = sorted((j for j in range(16) if a[j] >= LIT), key=lambda j: (-a[j], j))
    assert record.numbers.lit == expected and expected
    assert record.words.activation_values == [f"{v:.2f}" for v in a]


def test_favourites_are_the_argmax_over_the_sample(record, arrays) -> None:
    pixels = arrays["images"].reshape(len(arrays["images"]), -1) / 255.0
    activations = sigmoid(pixels @ arrays["W1"].T + arrays["b1"])  # (500, 16)
    for j, favourites in enumerate(record.numbers.favourites):
        indices = [f.sample_index for f in favourites]
        assert len(indices) == FAVOURITES
        assert indices[0] == int(np.argmax(activations[:, j]))
        # No digit left out excites the neuron more than the least of those shown.
        rest = np.delete(activations[:, j], indices)
        assert activations[indices[-1], j] >= rest.max()
        assert [f.activation for f in favourites] == sorted((f.activation for f in favourites), reverse=True)
        for f in favourites:
            assert f.label == arrays["labels"][f.sample_index]
            np.testing.assert_array_equal(f.pixels, arrays["images"][f.sample_index] / 255.0)
            assert f.activation == pytest.approx(activations[f.sample_index, j], abs=1e-12)


def test_it_says_what_the_pictures_look_like(record) -> None:
    assert "blobs" in record.words.blobs and "blobs" in record.step("blobs").caption
    assert "500 sample digits" in record.words.favourites_title


def test_a_students_digit_is_named_as_theirs() -> None:
    record = learned_record(load_inputs(Choices(image=STUDENT_DIGIT)))
    assert record.words.digit_title == "Your digit"
    assert record.step("digit").caption.startswith("Your digit activates")


def test_another_network_size_needs_no_code_change(tmp_path: Path) -> None:
    path = tmp_path / "wide.npz"
    Network.random([784, 32, 10], seed=3).save(path)
    record = learned_record(load_inputs(Choices(weights=path)))
    assert record.numbers.weights.shape == (32, 28, 28) and len(record.numbers.favourites) == 32
    assert record.words.title == "What the 32 first-layer neurons learned"
