"""The matrix clip's data equals a direct NumPy computation from the weights file.

Nothing here hard-codes a number of the shipped weights: it is replaced by
better-trained ones from time to time, and every expectation is recomputed
from whichever file is there.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from netcore.choices import Choices
from netcore.inputs import load_inputs
from netcore.network import Network, load_network
from netcore.paths import DEFAULT_WEIGHTS
from netcore.samples import DEFAULT_DIGIT, load_sample
from netcore.scenedata import SCENES, scene_data, to_json
from netcore.scenedata.forward import forward_data
from netcore.scenedata.matrix import INPUT_WINDOW, input_window, matrix_data

ELLIPSES = {r"\vdots", r"\cdots", r"\ddots"}


def _two(value: float) -> str:
    """A number at the screen's rounding, written independently of netcore's formatting."""
    text = "%.2f" % value
    return text.replace("-0.00", "0.00")


def _direct(weights_file: Path, pixels: np.ndarray) -> dict:
    """Every z and a of a forward pass, with the activation written out by hand."""
    net = load_network(weights_file)
    a = pixels.reshape(-1).astype(np.float64)
    zs, acts = [], [a]
    for layer, (w, b) in enumerate(zip(net.weights, net.biases), start=1):
        z = w @ a + b
        last = layer == len(net.weights)
        a = 1.0 / (1.0 + np.exp(-z)) if last or net.activation == "sigmoid" else np.where(z > 0, z, 0.0)
        zs.append(z)
        acts.append(a)
    return {"net": net, "zs": zs, "a": acts}


def _record(inputs) -> dict:
    """The record as a scene receives it after export (rounded to 6 decimals)."""
    return json.loads(to_json(matrix_data(inputs)))


def _check_vector(vector: dict, values: np.ndarray) -> None:
    """Shown entries equal ``values``; ellipses cover exactly the rest, in order, and say so."""
    assert vector["size"] == len(values)
    covered = []
    for entry in vector["entries"]:
        if entry["index"] is None:
            lo, hi = entry["hidden"]
            assert entry["tex"] == r"\vdots" and entry["value"] is None
            assert entry["label"] == (str(lo) if lo == hi else f"{lo}–{hi}")
            assert hi > lo, "a single hidden row should be shown instead"
            covered += range(lo, hi + 1)
        else:
            i = entry["index"]
            assert entry["value"] == pytest.approx(values[i], abs=1e-6)
            assert entry["tex"] == _two(values[i])
            assert entry["label"] == str(i)
            covered.append(i)
    assert covered == list(range(len(values)))
    assert vector["hidden_count"] == len(values) - len(_shown(vector))


def _shown(vector: dict) -> list[int]:
    return [e["index"] for e in vector["entries"] if e["index"] is not None]


def _check_record(record: dict, direct: dict, pixels: np.ndarray) -> None:
    net = direct["net"]
    w1, b1 = net.weights[0], net.biases[0]
    a0, z1, a1 = direct["a"][0], direct["zs"][0], direct["a"][1]
    sizes = [len(a0)] + [len(a) for a in direct["a"][1:]]
    assert record["inputs"]["sizes"] == sizes

    # 1. The column a(0), the matrix W and the biases b, as drawn.
    _check_vector(record["input"], a0)
    window = _shown(record["input"])
    assert len(window) == min(INPUT_WINDOW, len(a0)) and window == list(range(window[0], window[0] + len(window)))
    matrix = record["weights"]
    assert matrix["shape"] == list(w1.shape)
    rows = [s["index"] for s in matrix["rows"] if s["index"] is not None]
    cols = [s["index"] for s in matrix["cols"] if s["index"] is not None]
    assert cols == window, "W's columns must be the same pixels as a(0)'s rows"
    for r, slot_r in enumerate(matrix["rows"]):
        for c, slot_c in enumerate(matrix["cols"]):
            value, tex = matrix["values"][r][c], matrix["tex"][r][c]
            if slot_r["index"] is None or slot_c["index"] is None:
                assert value is None and tex in ELLIPSES
            else:
                expected = w1[slot_r["index"], slot_c["index"]]
                assert value == pytest.approx(expected, abs=1e-6)
                assert tex == _two(expected)
    _check_vector(record["biases"], b1)
    assert _shown(record["biases"]) == rows
    _check_vector(record["result_rows"], z1)
    assert _shown(record["result_rows"]) == rows

    # 2. One row of W times the column a(0).
    row = record["row"]
    k = row["neuron"]
    assert k in rows
    products = w1[k, window] * a0[window]
    for term, j, p in zip(row["terms"], window, products):
        assert term["index"] == j
        assert term["weight"] == pytest.approx(w1[k, j], abs=1e-6) and term["weight_tex"] == _two(w1[k, j])
        assert term["activation"] == pytest.approx(a0[j], abs=1e-6) and term["activation_tex"] == _two(a0[j])
        assert term["product"] == pytest.approx(p, abs=1e-6) and term["product_tex"] == _two(p)
    assert row["terms_shown"] == len(window) and row["terms_total"] == len(a0)
    assert row["shown_sum"] == pytest.approx(products.sum(), abs=1e-6)
    assert row["shown_sum_tex"] == _two(products.sum())
    full = sum(w1[k, j] * a0[j] for j in range(len(a0)))  # term by term, not via a dot product
    assert row["full_sum"] == pytest.approx(full, abs=1e-6) and row["full_sum_tex"] == _two(full)
    assert row["bias"] == pytest.approx(b1[k], abs=1e-6) and row["bias_tex"] == _two(b1[k])
    assert row["z"] == pytest.approx(z1[k], abs=1e-6) and row["z_tex"] == _two(z1[k])
    assert row["activation"] == pytest.approx(a1[k], abs=1e-6) and row["activation_tex"] == _two(a1[k])
    # The lines on screen carry exactly these numbers.
    pairs = {p["name"]: p["tex"].strip("()") for p in row["shown_line"]}
    multiplied = {p["name"]: p["tex"].strip("()") for p in row["product_line"]}
    for i, term in enumerate(row["terms"]):
        assert pairs[f"weight {i}"] == term["weight_tex"] and pairs[f"activation {i}"] == term["activation_tex"]
        assert multiplied[f"product {i}"] == term["product_tex"]
    assert multiplied["shown sum"] == row["shown_sum_tex"] and row["product_line"][-1]["name"] == "shown sum"
    full_tex = {p["name"]: p["tex"] for p in row["full_line"] if p["name"]}
    assert full_tex["full sum"] == row["full_sum_tex"]
    # The sum and the bias as written add up to z as written, or the line says "≈".
    relation = [p["tex"] for p in row["full_line"]][-2]
    adds_up = round(float(_two(full)) + float(_two(b1[k])), 2) == float(_two(z1[k]))
    assert relation == ("=" if adds_up else r"\approx")
    written = round(sum(float(_two(p)) for p in products), 2)
    assert multiplied["equals"] == ("=" if written == float(_two(products.sum())) else r"\approx")
    assert full_tex["bias"].strip("()") == row["bias_tex"]
    assert full_tex["z"] == row["z_tex"]
    assert f"^{{{len(a0) - 1}}}" in full_tex["sum"]
    # The honest statement: the shown terms are not the whole sum.
    text = record["text"]
    assert f"{len(window)} of {len(a0)} terms add to {row['shown_sum_tex']}" in text["shown_terms"]
    assert f"all {len(a0)} add to {row['full_sum_tex']}" in text["caption_row"]
    assert text["hidden_note"] == (
        f"Shown: pixels {window[0]}–{window[-1]} (numbered from 0). The dots hide the other {len(a0) - len(window)} of {len(a0)} rows."
    )

    # 3 and 4. The whole result vector and every layer's activations.
    assert len(record["layers"]) == len(net.weights)
    for layer, z, a in zip(record["layers"], direct["zs"], direct["a"][1:]):
        _check_vector(layer["z"], z)
        _check_vector(layer["activations"], a)
        assert _shown(layer["z"]) == _shown(layer["activations"])
    assert k in _shown(record["layers"][0]["z"])
    output = direct["a"][-1]
    best = int(np.argmax(output))
    assert record["prediction"]["digit"] == best
    assert record["prediction"]["activation_tex"] == _two(output[best])
    assert record["output_labels"] == [str(d) for d in range(len(output))]

    # The function plot holds every entry of z and follows the activation.
    plot = record["function_plot"]
    assert plot["x_range"][0] <= z1.min() and z1.max() <= plot["x_range"][1]
    xs, ys = np.array(plot["curve"]).T
    expected = 1 / (1 + np.exp(-xs)) if net.activation == "sigmoid" else np.maximum(xs, 0)
    np.testing.assert_allclose(ys, expected, atol=1e-6)
    # ... and stays inside its axes.
    assert plot["x_range"][0] <= xs.min() and xs.max() <= plot["x_range"][1]
    assert plot["y_range"][0] <= ys.min() and ys.max() <= plot["y_range"][1]


@pytest.fixture(scope="module")
def shipped() -> tuple[dict, dict, np.ndarray]:
    pixels = load_sample().images[DEFAULT_DIGIT] / 255.0
    return _record(load_inputs(Choices())), _direct(DEFAULT_WEIGHTS, pixels), pixels


def test_registered_and_deterministic() -> None:
    inputs = load_inputs(Choices())
    assert SCENES["matrix"] is matrix_data
    assert to_json(scene_data("matrix", inputs)) == to_json(matrix_data(inputs))
    record = json.loads(to_json(matrix_data(inputs)))
    assert record["scene"] == "matrix"
    assert record["inputs"]["digit"]["sample_index"] == DEFAULT_DIGIT


def test_shipped_network_matches_a_direct_computation(shipped) -> None:
    record, direct, pixels = shipped
    _check_record(record, direct, pixels)


def test_default_row_is_the_most_active_neuron(shipped) -> None:
    record, direct, _ = shipped
    # The largest z, as the neuron clips choose (ties: the lowest index).
    assert record["row"]["neuron"] == int(np.argmax(direct["zs"][0]))
    assert record["row"]["reason"] == "most active"


def test_prediction_is_two_lines(shipped) -> None:
    record, direct, _ = shipped
    best = int(np.argmax(direct["a"][-1]))
    first, verdict = record["text"]["prediction"]
    assert first == f"Largest output: {_two(direct['a'][-1][best])}, for the digit {best}."
    label = record["inputs"]["digit"]["label"]
    expected = f"The network answers {best}: right." if best == label else f"The network answers {best}, but this is a {label}: it is wrong."
    assert verdict == expected


def test_window_is_where_the_row_weighs_most(shipped) -> None:
    record, direct, _ = shipped
    k = record["row"]["neuron"]
    terms = np.abs(direct["net"].weights[0][k] * direct["a"][0])
    totals = [terms[s : s + INPUT_WINDOW].sum() for s in range(len(terms) - INPUT_WINDOW + 1)]
    start = _shown(record["input"])[0]
    assert totals[start] == pytest.approx(max(totals), abs=1e-12)
    # A stretch through the ink, not the always-blank first and last pixels.
    assert any(v > 0 for v in direct["a"][0][start : start + INPUT_WINDOW])


def test_a1_equals_the_forward_clip(shipped) -> None:
    """Both clips' a(1) equal an independent term-by-term computation (no dot product, no Network.forward)."""
    record, direct, _ = shipped
    net = direct["net"]
    a0 = direct["a"][0]
    by_hand = []
    for j in range(net.sizes[1]):
        z = float(net.biases[0][j]) + sum(float(w) * float(x) for w, x in zip(net.weights[0][j], a0))
        by_hand.append(1.0 / (1.0 + np.exp(-z)) if net.activation == "sigmoid" else max(z, 0.0))
    forward = json.loads(to_json(forward_data(load_inputs(Choices()))))
    layer1 = forward["layers"][1]
    ours = {e["index"]: e["value"] for e in record["layers"][0]["activations"]["entries"] if e["index"] is not None}
    assert set(layer1["shown"]) <= set(ours)
    for i, a in ours.items():
        assert a == pytest.approx(by_hand[i], abs=1e-6)
    for i, a in zip(layer1["shown"], layer1["activations"]):
        assert a == pytest.approx(by_hand[i], abs=1e-6)


def test_equations_are_coloured_by_role(shipped) -> None:
    record, _, _ = shipped
    roles = {p["tex"]: p["role"] for p in record["equation"]}
    assert roles["W"] == "weight" and roles["b"] == "bias" and roles[r"\sigma"] == "squish"
    nested = "".join(p["tex"] for p in record["nested"])
    assert nested == r"a^{(3)}=\sigma(W_{3}\sigma(W_{2}\sigma(W_{1}a^{(0)}+b_{1})+b_{2})+b_{3})"
    assert [layer["shape_text"] for layer in record["layers"]] == ["W1: 16 × 784", "W2: 16 × 16", "W3: 10 × 16"]


def test_another_network_size(tmp_path: Path) -> None:
    path = tmp_path / "wide.npz"
    Network.random([784, 32, 10], seed=3).save(path)
    inputs = load_inputs(Choices(weights=path))
    record = _record(inputs)
    _check_record(record, _direct(path, inputs.digit.pixels), inputs.digit.pixels)
    # 32 results do not fit: they are elided, with the hidden ones counted.
    z = record["layers"][0]["z"]
    assert z["hidden_count"] > 0 and len(_shown(z)) < 32
    assert record["weights"]["shape"] == [32, 784]
    assert record["text"]["weights_size"] == "32 × 784"
    assert "".join(p["tex"] for p in record["nested"]) == r"a^{(2)}=\sigma(W_{2}\sigma(W_{1}a^{(0)}+b_{1})+b_{2})"


def test_chosen_neuron_and_relu(tmp_path: Path) -> None:
    path = tmp_path / "relu.npz"
    Network.random([784, 16, 10], activation="relu", seed=1).save(path)
    inputs = load_inputs(Choices(weights=path, neuron=5, digit=3))
    record = _record(inputs)
    _check_record(record, _direct(path, inputs.digit.pixels), inputs.digit.pixels)
    assert record["row"]["neuron"] == 5 and record["row"]["reason"] == "chosen"
    assert [layer["function"] for layer in record["layers"]] == ["relu", "sigmoid"]
    assert record["layers"][0]["function_tex"] == r"\mathrm{ReLU}"


def test_blank_input_window_starts_at_zero() -> None:
    assert input_window(np.ones(784), np.zeros(784)) == list(range(INPUT_WINDOW))
    assert input_window(np.ones(4), np.ones(4)) == [0, 1, 2, 3]
