"""The forward clip's data equals what netcore computes, checked independently."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from netcore.choices import Choices
from netcore.inputs import load_inputs
from netcore.network import Network, load_network
from netcore.paths import DEFAULT_WEIGHTS
from netcore.samples import DEFAULT_DIGIT, load_sample
from netcore.scenedata.common import MAX_COLUMN as MAX_SHOWN
from netcore.scenedata.forward import GREY_EDGE
from netcore.scenedata.forward import shown_neurons
from netcore.steps import Step
from storyboard.preparation import preparation_phrases
from storyboard.record import to_json
from storyboard.registry import beat_named


def _exported(choices: Choices) -> dict:
    """The forward record's numbers and words, as a reviewer exports them."""
    record = json.loads(to_json(beat_named("forward").build(load_inputs(choices))))
    return {**record["numbers"], **record["words"], "header": record["header"], "steps": record["steps"]}


@pytest.fixture(scope="module")
def record() -> dict:
    return _exported(Choices())


def _direct_activations(digit: int) -> list[np.ndarray]:
    """A forward pass written out with explicit sigmoids, not via Network.forward."""
    net = load_network(DEFAULT_WEIGHTS)
    a = load_sample().images[digit].reshape(-1) / 255.0
    out = [a]
    for w, b in zip(net.weights, net.biases):
        a = 1.0 / (1.0 + np.exp(-(w @ a + b)))
        out.append(a)
    return out


def test_default_digit_is_a_three(record: dict) -> None:
    assert record["header"]["sample_index"] == DEFAULT_DIGIT
    assert record["header"]["label"] == 3
    assert record["title"] == "A handwritten 3"


def test_activations_and_prediction_match_a_direct_computation(record: dict) -> None:
    direct = _direct_activations(DEFAULT_DIGIT)
    for layer, expected in zip(record["layers"], direct):
        np.testing.assert_allclose(layer["activations"], expected[layer["shown"]], atol=1e-6)
    assert record["prediction"]["digit"] == int(np.argmax(direct[-1]))
    assert record["prediction"]["correct"] == (record["prediction"]["digit"] == 3)
    np.testing.assert_allclose(np.array(record["pixels"]).reshape(-1), direct[0], atol=1e-6)


def test_shown_edges_carry_the_real_weights(record: dict) -> None:
    net = load_network(DEFAULT_WEIGHTS)
    a = _direct_activations(DEFAULT_DIGIT)
    for layer, edges in enumerate(record["edges"], start=1):
        rows, cols = record["layers"][layer]["shown"], record["layers"][layer - 1]["shown"]
        w = net.weights[layer - 1][np.ix_(rows, cols)]
        np.testing.assert_allclose(edges["weights"], w, atol=1e-6)
        np.testing.assert_allclose(edges["contributions"], w * a[layer - 1][cols], atol=1e-6)
        assert np.max(edges["weight_strength"]) == pytest.approx(1.0)


def test_shown_input_pixels_are_named_and_the_most_weighted(record: dict) -> None:
    net = load_network(DEFAULT_WEIGHTS)
    inputs = record["layers"][0]
    assert len(inputs["shown"]) == MAX_SHOWN and inputs["size"] == 784
    # Half the shown pixels are those whose value times total outgoing |weight| is
    # largest; the other half are the most weighted grey pixels at the stroke's edge.
    pixels = np.array(record["pixels"]).reshape(-1)
    score = pixels * np.abs(net.weights[0]).sum(axis=0)
    top = set(np.argsort(-score, kind="stable")[: MAX_SHOWN // 2].tolist())
    assert top <= set(inputs["shown"])
    greys = [p for p in inputs["shown"] if p not in top]
    assert len(greys) == MAX_SHOWN - len(top)
    assert all(0 < pixels[p] < GREY_EDGE for p in greys)
    other_greys = [p for p in range(784) if 0 < pixels[p] < GREY_EDGE and p not in top and p not in greys]
    assert min(score[greys]) >= max(score[other_greys]) - 1e-9
    assert min(pixels[inputs["shown"]]) > 0  # a 3 has far more than 16 ink pixels
    for p in inputs["pixels"]:
        assert p["index"] == p["row"] * 28 + p["col"]
        assert record["pixels"][p["row"]][p["col"]] == pytest.approx(inputs["activations"][inputs["shown"].index(p["index"])])
    # Corners are always dark in MNIST; they must not stand in for the input layer.
    assert not {0, 27, 756, 783} & set(inputs["shown"])


def test_another_network_size_needs_no_code_change(tmp_path) -> None:
    path = tmp_path / "wide.npz"
    Network.random([784, 32, 10], seed=3).save(path)
    record = _exported(Choices(weights=path))
    assert [layer["size"] for layer in record["layers"]] == [784, 32, 10]
    assert [len(layer["shown"]) for layer in record["layers"]] == [16, 16, 10]
    assert record["layers"][1]["shown"] == list(range(8)) + list(range(24, 32))
    assert np.array(record["edges"][1]["weights"]).shape == (10, 16)


def test_wrong_answers_are_said_on_screen() -> None:
    sample = load_sample()
    net = load_network(DEFAULT_WEIGHTS)
    predictions = net.forward(sample.images.reshape(len(sample), -1) / 255.0).prediction
    wrong = int(np.flatnonzero(predictions != sample.labels)[0])
    record = _exported(Choices(digit=wrong))
    assert record["prediction"]["correct"] is False
    assert f"but this is a {sample.labels[wrong]}" in record["verdict"]


def test_shown_neurons_of_the_shipped_network() -> None:
    blank = np.zeros(784)
    shown = shown_neurons(load_network(DEFAULT_WEIGHTS), blank)
    assert [len(s) for s in shown] == [16, 16, 16, 10]
    # With no ink at all, the weights alone choose: the most weighted pixels.
    influence = np.abs(load_network(DEFAULT_WEIGHTS).weights[0]).sum(axis=0)
    assert sorted(shown[0]) == sorted(np.argsort(-influence, kind="stable")[:16].tolist())


# --- a student's photo beside what the network sees (issue 14) ----------------------------------

STUDENT_DIGIT = Path(__file__).parent / "data" / "student-seven.jpg"


def test_a_students_photo_is_shown_small_and_grey_beside_the_input(record: dict) -> None:
    photo_record = _exported(Choices(image=STUDENT_DIGIT))
    photo = np.array(photo_record["photo"]["picture"])
    assert photo_record["photo"]["page"] is None  # a close-up: no sheet on a desk, nothing outlined
    # Independently: the picture in grey (ITU-R 601 luminance, as Pillow's "L"), area-averaged to 200 px wide.
    rgb = np.asarray(Image.open(STUDENT_DIGIT).convert("RGB"), dtype=np.float64)
    grey = rgb @ np.array([0.299, 0.587, 0.114]) / 255.0
    height, width = grey.shape
    assert photo.shape == (round(height * 200 / width), 200)
    blocks = grey[: height // 12 * 12, : width // 12 * 12].reshape(height // 12, 12, width // 12, 12).mean(axis=(1, 3))
    expected = np.asarray(Image.fromarray(blocks).resize(photo.shape[::-1], Image.Resampling.BILINEAR))
    assert np.corrcoef(photo.ravel(), expected.ravel())[0, 1] > 0.98
    assert np.abs(photo - expected).mean() < 0.02
    assert photo_record["preparation"][-2:] == ["scaled to fit 20\u00d720 pixels", "centred by its mass in 28\u00d728"]
    assert photo_record["steps"][0]["caption"].startswith("Your photo, prepared as MNIST's digits were: 28 by 28")
    # A sample digit has no photo and no preparation to show.
    assert record["photo"] is None and record["preparation"] == []


def test_preparation_phrases_say_what_changed_the_picture() -> None:
    steps = [
        Step("read", {"format": "JPEG", "width": 4000, "height": 3000}),
        Step("transparency", {"filled_with": "black"}),
        Step("polarity", {"ink": "dark on light", "paper": 0.8}),
        Step("paper", {"light": "uneven", "window": 150, "darkest": 0.4, "brightest": 0.8}),
        Step("lines", {"angle": 1.5, "lines_across": 8, "lines_down": 1}),
        Step("digit", {"pieces": 2, "specks_removed": 3, "stray_lines_removed": 0, "box": [0, 0, 9, 9]}),
        Step("strokes", {"width": 4.1, "action": "thinned", "to": 2.5}),
        Step("fit", {"box": 20, "width": 14, "height": 20, "scale": 0.1}),
        Step("centre", {"field": 28, "shift_rows": 1, "shift_columns": 0}),
    ]
    assert preparation_phrases(steps) == [
        "transparent background made black",
        "uneven light evened out",
        "9 paper lines removed",
        "3 stray marks removed",
        "strokes thinned to MNIST's width",
        "scaled to fit 20\u00d720 pixels",
        "centred by its mass in 28\u00d728",
    ]
    even = [Step("paper", {"light": "even"}), Step("strokes", {"width": 2.0, "action": "kept"}), Step("lines", {"angle": 0.0, "lines_down": 1})]
    assert preparation_phrases(even) == ["1 paper line removed"]
