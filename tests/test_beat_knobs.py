"""The knobs beat: every dial is a parameter of the weights file, recomputed here without netcore's help."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from netcore.choices import Choices
from netcore.inputs import load_inputs
from netcore.network import Network
from netcore.paths import DEFAULT_WEIGHTS
from storyboard.knobs import knobs_record


def _weights_file(path: Path = DEFAULT_WEIGHTS) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as npz:
        return {name: npz[name].astype(np.float64) for name in npz.files if name != "metadata"}


def test_the_knobs_equal_the_weights_file() -> None:
    record = knobs_record(load_inputs(Choices()))
    numbers, stored = record.numbers, _weights_file()
    assert [b.name for b in numbers.blocks] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for block in numbers.blocks:
        np.testing.assert_array_equal(block.values, stored[block.name], err_msg=block.name)
    every = np.concatenate([stored[name].ravel() for name in ("W1", "b1", "W2", "b2", "W3", "b3")])
    assert numbers.total == every.size == 13002 and (numbers.weights_total, numbers.biases_total) == (12960, 42)
    assert (numbers.minimum, numbers.maximum) == (every.min(), every.max())
    assert numbers.limit == max(-every.min(), every.max())
    assert (numbers.positive, numbers.negative) == (int((every > 0).sum()), int((every < 0).sum()))
    # Half of the values lie within the median magnitude of 0: counted, not taken from NumPy's median.
    assert np.sum(np.abs(every) <= numbers.median_magnitude) >= every.size / 2 >= np.sum(np.abs(every) < numbers.median_magnitude)
    assert numbers.first_layer_weights == stored["W1"].size and abs(numbers.first_layer_share - 12544 / 13002) < 1e-12


def test_the_histogram_counts_every_value_once() -> None:
    numbers = knobs_record(load_inputs(Choices())).numbers
    every = np.concatenate([b.values.ravel() for b in numbers.blocks])
    edges = numbers.bin_edges
    assert edges[0] <= every.min() and every.max() <= edges[-1] and 0.0 in edges
    counted = [0] * (len(edges) - 1)
    for value in every:  # bins [lo, hi), the last one closed
        k = next(i for i in range(len(edges) - 1) if value < edges[i + 1] or i == len(edges) - 2)
        counted[k] += 1
    assert numbers.counts.tolist() == counted and sum(counted) == 13002


def test_where_the_extremes_are_and_the_zoomed_window() -> None:
    record = knobs_record(load_inputs(Choices()))
    numbers, stored = record.numbers, _weights_file()
    name, index = numbers.minimum_at.rstrip("]").split("[")
    assert stored[name][tuple(int(i) for i in index.split(","))] == numbers.minimum
    zoom = numbers.zoom
    picture = stored["W1"][zoom.neuron].reshape(28, 28)
    rows, cols = zoom.values.shape
    np.testing.assert_array_equal(zoom.values, picture[zoom.row : zoom.row + rows, zoom.col : zoom.col + cols])
    assert np.abs(zoom.values).max() == np.abs(stored["W1"]).max()  # the window holds the first layer's strongest weight
    assert record.words.zoom_values[0][0] == f"{zoom.values[0, 0]:.2f}".replace("-", "\u2212")


def test_another_network_gets_its_own_knobs(tmp_path: Path) -> None:
    path = tmp_path / "wide.npz"
    Network.random([784, 32, 10], seed=3).save(path)
    record = knobs_record(load_inputs(Choices(weights=path)))
    assert record.numbers.total == 784 * 32 + 32 + 32 * 10 + 10
    assert record.words.title == f"{record.numbers.total:,} knobs"
    assert record.words.block_labels == ["W1: 25,088 weights", "b1: 32 biases", "W2: 320 weights", "b2: 10 biases"]
