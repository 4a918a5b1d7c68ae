"""The one-neuron clips' data equals direct NumPy computations from the weights file.

No number of the shipped weights is written here: the file is replaced by
better-trained ones from time to time, so every expectation is recomputed
from whichever file is there, by code that does not go through
``Network.forward`` or the module under test.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pytest

from netcore.choices import Choices
from netcore.errors import NetcoreError
from netcore.inputs import digit_from_sample, load_inputs
from netcore.network import Network, load_network
from netcore.paths import DEFAULT_WEIGHTS
from netcore.samples import DEFAULT_DIGIT, load_sample
from netcore.scenedata import SCENES, scene_data, to_json
from netcore.scenedata.forward import forward_data
from netcore.scenedata.common import two_decimals
from netcore.scenedata.matrix import matrix_data
from netcore.scenedata.neuron import (
    SHOWN_TERMS,
    choose_neuron,
    neuron_bias_data,
    neuron_sigmoid_data,
    neuron_weights_data,
    parameter_count_data,
)

NAMES = ("neuron-weights", "neuron-sigmoid", "neuron-bias", "parameter-count")
TOL = 1e-6  # records are exported at 6 decimals


def _sigmoid(z: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-z))


def _screen(value: float) -> str:
    """A number as the clips write it, formatted here independently: two decimals, a true minus, no "-0.00"."""
    text = "%.2f" % value
    text = "0.00" if text == "-0.00" else text
    return text.replace("-", "\u2212")


def _exported(record: dict) -> dict:
    """The record as a scene receives it (JSON, rounded to 6 decimals)."""
    return json.loads(to_json(record))


class Direct:
    """The default digit and the first hidden layer, computed straight from the files."""

    def __init__(self, weights_file: Path = DEFAULT_WEIGHTS, digit: int = DEFAULT_DIGIT) -> None:
        net = load_network(weights_file)
        self.a = load_sample().images[digit].reshape(-1).astype(np.float64) / 255.0
        self.W, self.b = net.weights[0], net.biases[0]
        self.wa = np.array([sum(float(w) * float(x) for w, x in zip(row, self.a)) for row in self.W])  # no BLAS
        self.z = self.wa + self.b
        self.activation = _sigmoid(self.z) if net.activation == "sigmoid" else np.maximum(self.z, 0.0)
        # The most active neuron, ties to the lowest index, found by an explicit scan.
        self.most_active = max(range(len(self.z)), key=lambda j: (self.z[j], -j))


@pytest.fixture(scope="module")
def direct() -> Direct:
    return Direct()


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(Choices())


def test_registered_under_their_names(inputs) -> None:
    for name in NAMES:
        assert name in SCENES
        record = scene_data(name, inputs)
        assert record["scene"] == name
        assert record["format"] >= 1 and record["inputs"]["sizes"] == inputs.network.sizes


def test_default_neuron_is_the_most_active(inputs, direct: Direct) -> None:
    neuron, how = choose_neuron(inputs)
    assert neuron == direct.most_active and how == "most active"
    assert direct.activation[neuron] == pytest.approx(direct.activation.max())
    for fn in (neuron_weights_data, neuron_sigmoid_data, neuron_bias_data):
        assert fn(inputs)["neuron"] == neuron


def test_weighted_sum_and_terms(inputs, direct: Direct) -> None:
    record = _exported(neuron_weights_data(inputs))
    n = record["neuron"]
    w = direct.W[n]
    assert record["weighted_sum"] == pytest.approx(direct.wa[n], abs=TOL)
    assert record["bias_included"] is False
    np.testing.assert_allclose(np.array(record["weights"]).reshape(-1), w, atol=TOL)
    np.testing.assert_allclose(np.array(record["products"]).reshape(-1), w * direct.a, atol=TOL)
    np.testing.assert_allclose(np.array(record["pixels"]).reshape(-1), direct.a, atol=TOL)
    strength = np.array(record["weight_strength"]).reshape(-1)
    np.testing.assert_allclose(strength, w / np.max(np.abs(w)), atol=TOL)
    # The written-out terms are the first pixels that are not black, in reading order.
    inked = [p for p in range(784) if direct.a[p] != 0]
    assert record["nonzero_pixels"] == len(inked)
    assert [t["index"] for t in record["terms"]] == inked[:SHOWN_TERMS]
    for t in record["terms"]:
        p = t["index"]
        assert t["number"] == p + 1 and (t["row"], t["col"]) == divmod(p, 28)
        assert t["weight"] == pytest.approx(w[p], abs=TOL)
        assert t["activation"] == pytest.approx(direct.a[p], abs=TOL)
        assert t["product"] == pytest.approx(w[p] * direct.a[p], abs=TOL)
        assert t["weight_tex"] == ("%.2f" % w[p]).replace("-0.00", "0.00")
        assert t["activation_tex"] == "%.2f" % direct.a[p]
    # More inked pixels than written terms: the dots stand for the rest, so "=" is exact.
    assert len(inked) > SHOWN_TERMS
    assert record["tex"]["total"] == ["=", ("%.2f" % direct.wa[n]).replace("-0.00", "0.00")]
    assert record["tex"]["symbolic"][-2:] == ["w_{784}", "a_{784}"]
    assert record["text"]["caption_sum"] == (
        f"Add up all 784 products: the weighted sum is {_screen(direct.wa[n])}. "
        f"Only {len(inked)} pixels are not black, so only {len(inked)} terms count."
    )
    # The values line draws exactly the written terms, each piece tagged with its term.
    values = record["tex"]["values"]
    for i, t in enumerate(record["terms"]):
        assert [p["tex"] for p in values if p["term"] == i] == ["(", "%.2f" % w[t["index"]], ")(", "%.2f" % direct.a[t["index"]], ")"]
        assert t["label"] == f"pixel {t['index'] + 1}"
    assert [p["tex"] for p in values[-2:]] == ["+", r"\cdots"]


def test_sigmoid_values_for_every_neuron(inputs, direct: Direct) -> None:
    record = _exported(neuron_sigmoid_data(inputs))
    n = record["neuron"]
    assert record["bias_included"] is False
    assert record["weighted_sum"] == pytest.approx(direct.wa[n], abs=TOL)
    assert record["squished"] == pytest.approx(_sigmoid(direct.wa[n]), abs=TOL)
    assert [e["neuron"] for e in record["neurons"]] == list(range(len(direct.wa)))
    np.testing.assert_allclose([e["weighted_sum"] for e in record["neurons"]], direct.wa, atol=TOL)
    np.testing.assert_allclose([e["sigmoid"] for e in record["neurons"]], _sigmoid(direct.wa), atol=TOL)
    np.testing.assert_allclose([e["relu"] for e in record["neurons"]], np.where(direct.wa > 0, direct.wa, 0.0), atol=TOL)
    # The axis shows every value.
    assert record["x_limit"] >= np.max(np.abs(direct.wa)) and record["x_limit"] % 5 == 0
    assert record["relu_y_limit"] >= np.max(direct.wa)
    assert record["labels"]["weighted_sum"] == two_decimals(direct.wa[n])
    assert record["tex"]["value"] == [r"\sigma", f"({'%.2f' % direct.wa[n]})", "=", "%.2f" % _sigmoid(direct.wa[n])]
    # The curves follow their functions and stay inside their axes.
    limit = record["x_limit"]
    for key, top, f in (("sigmoid_curve", 1.0, _sigmoid), ("relu_curve", record["relu_y_limit"], lambda x: np.maximum(x, 0))):
        xs, ys = np.array(record[key]["curve"]).T
        assert xs.min() >= -limit - TOL and xs.max() <= limit + TOL
        assert ys.min() >= -TOL and ys.max() <= top + TOL
        np.testing.assert_allclose(ys, f(xs), atol=TOL)
    assert record["sigmoid_curve"]["curve"][0][0] == -limit and record["sigmoid_curve"]["curve"][-1][0] == limit


def test_bias_and_activation_match_the_forward_clip(inputs, direct: Direct) -> None:
    record = _exported(neuron_bias_data(inputs))
    n = record["neuron"]
    assert record["weighted_sum"] == pytest.approx(direct.wa[n], abs=TOL)
    assert record["bias"] == pytest.approx(direct.b[n], abs=TOL)
    assert record["threshold"] == pytest.approx(-direct.b[n], abs=TOL)
    assert record["z"] == pytest.approx(direct.z[n], abs=TOL)
    assert record["activation"] == pytest.approx(direct.activation[n], abs=TOL)
    assert record["activation_without_bias"] == pytest.approx(_sigmoid(direct.wa[n]), abs=TOL)
    forward = _exported(forward_data(inputs))["layers"][1]
    assert record["activation"] == pytest.approx(forward["activations"][forward["shown"].index(n)], abs=TOL)
    assert record["labels"]["activation"] == two_decimals(direct.activation[n])
    assert record["x_limit"] >= max(abs(direct.wa[n]), abs(direct.z[n]), abs(direct.b[n]))
    # The curves, before and after the bias, follow the function and stay inside the axes.
    for key, shift in (("curve_before", 0.0), ("curve_after", direct.b[n])):
        xs, ys = np.array(record[key]["curve"]).T
        assert xs.min() >= -record["x_limit"] - TOL and xs.max() <= record["x_limit"] + TOL
        assert ys.min() >= -TOL and ys.max() <= record["y_limit"] + TOL
        np.testing.assert_allclose(ys, _sigmoid(xs + shift), atol=TOL)


@pytest.mark.parametrize("neuron", [0, 7, 15])
def test_chosen_neuron_is_followed(neuron: int) -> None:
    direct = Direct()
    inputs = load_inputs(Choices(neuron=neuron))
    bias = _exported(neuron_bias_data(inputs))
    assert bias["neuron"] == neuron and bias["neuron_choice"] == "chosen"
    assert bias["activation"] == pytest.approx(direct.activation[neuron], abs=TOL)
    weights = _exported(neuron_weights_data(inputs))
    assert weights["weighted_sum"] == pytest.approx(direct.wa[neuron], abs=TOL)
    forward = _exported(forward_data(inputs))["layers"][1]
    assert bias["activation"] == pytest.approx(forward["activations"][forward["shown"].index(neuron)], abs=TOL)


@pytest.mark.parametrize("neuron", [-1, 16, 1000])
def test_neuron_out_of_range_is_an_error(inputs, neuron: int) -> None:
    with pytest.raises(NetcoreError, match=f"neuron {neuron} is out of range"):
        load_inputs(Choices(neuron=neuron))
    # Also when the inputs were put together without load_inputs' check.
    unchecked = dataclasses.replace(inputs, neuron=neuron)
    for fn in (neuron_weights_data, neuron_sigmoid_data, neuron_bias_data):
        with pytest.raises(NetcoreError, match="out of range"):
            fn(unchecked)


def test_parameter_count_of_the_shipped_network(inputs) -> None:
    record = _exported(parameter_count_data(inputs))
    net = load_network(DEFAULT_WEIGHTS)
    assert net.sizes == [784, 16, 16, 10]
    expected = 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10
    assert expected == 13_002
    assert record["total"] == expected == sum(w.size + b.size for w, b in zip(net.weights, net.biases))
    assert record["weights_total"] == 12_960 and record["biases_total"] == 42
    assert [(t["from"], t["to"], t["count"]) for t in record["weights"]] == [(784, 16, 12544), (16, 16, 256), (16, 10, 160)]
    assert [t["count"] for t in record["biases"]] == [16, 16, 10]
    assert record["labels"]["total"] == "13,002"
    assert record["text"]["weights_terms_tex"] == [r"784 \times 16", r"16 \times 16", r"16 \times 10"]
    assert record["text"]["total_tex"] == "13{,}002"
    assert "13,002" in record["text"]["caption_total"]


def test_parameter_count_of_another_size(tmp_path: Path) -> None:
    path = tmp_path / "net-784-32-10.npz"
    Network.random([784, 32, 10], seed=3).save(path)
    record = _exported(parameter_count_data(load_inputs(Choices(weights=path))))
    assert record["total"] == 784 * 32 + 32 * 10 + 32 + 10 == 25_450
    assert record["labels"]["total"] == "25,450"
    assert record["text"]["weights_terms_tex"] == [r"784 \times 32", r"32 \times 10"]
    assert record["text"]["biases_terms_tex"] == ["32", "10"]


def test_another_network_gives_its_own_neuron_numbers(tmp_path: Path) -> None:
    path = tmp_path / "net-784-32-10.npz"
    Network.random([784, 32, 10], seed=5).save(path)
    direct = Direct(path)
    inputs = load_inputs(Choices(weights=path))
    bias = _exported(neuron_bias_data(inputs))
    assert bias["neuron"] == direct.most_active
    assert bias["activation"] == pytest.approx(direct.activation[direct.most_active], abs=TOL)
    sigmoid = _exported(neuron_sigmoid_data(inputs))
    assert len(sigmoid["neurons"]) == 32


def test_two_decimals_never_writes_minus_zero() -> None:
    assert two_decimals(-0.001) == "0.00"
    assert two_decimals(-0.28) == "\u22120.28"
    assert two_decimals(0.28, sign=True) == "+0.28"
    assert two_decimals(11.565) in ("11.56", "11.57")  # binary rounding of the half


def test_records_are_json_and_deterministic(inputs) -> None:
    for name in NAMES:
        first, second = to_json(scene_data(name, inputs)), to_json(scene_data(name, inputs))
        assert first == second
        assert "NaN" not in first and "Infinity" not in first


# --- Every sum written with "=" adds up as written --------------------------------------------

_NUM = r"-?\d+\.\d\d"
_CHAIN = re.compile(rf"({_NUM}(?:\s*[+-]\s*{_NUM})+)\s*=\s*({_NUM})(?!\d)")


def _strings(value):
    """Every text a record holds: strings, and lists of TeX pieces joined as drawn."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            yield " ".join(value)
        elif value and all(isinstance(v, dict) and "tex" in v for v in value):
            yield " ".join(v["tex"] for v in value)
        for v in value:
            yield from _strings(v)


def _bad_sums(record) -> list[str]:
    """Equations "x ± y ... = t" (two-decimal numbers) whose written terms do not add up to the written total."""
    bad = []
    for text in _strings(record):
        flat = re.sub(r"\\sigma|\\mathrm\{ReLU\}|ReLU|σ|[(){}]", " ", text.replace("\u2212", "-"))
        for chain, total in _CHAIN.findall(flat):
            tokens = re.findall(rf"[+-](?=\s)|{_NUM}", chain)
            value, sign = 0.0, 1.0
            for token in tokens:
                if token in "+-":
                    sign = -1.0 if token == "-" else 1.0
                else:
                    value += sign * float(token)
                    sign = 1.0
            if round(value, 2) != round(float(total), 2):
                bad.append(f"{chain} = {total}")
    return bad


def test_the_checker_catches_the_reviewers_examples() -> None:
    assert _bad_sums({"t": "9.04 + 1.58 = 10.63"}) == ["9.04 + 1.58 = 10.63"]
    assert _bad_sums({"t": ["\\sigma", "(-2.74 + 0.32)", "=", "\\sigma", "(-2.41)"]}) == ["-2.74 + 0.32 = -2.41"]
    assert _bad_sums({"t": "σ(−2.74 + 0.32) ≈ σ(−2.41) = 0.08"}) == []
    assert _bad_sums({"t": "(-0.10) + 0.25 = 0.15"}) == []


def test_every_sum_on_screen_adds_up_for_every_sample_digit_and_neuron(inputs) -> None:
    """All 500 sample digits x all 16 neurons: each "a + b = c" the clips write adds up at two decimals."""
    sample = load_sample()
    bad = []
    for index in range(len(sample.labels)):
        digit = digit_from_sample(sample, index)
        for neuron in range(inputs.network.sizes[1]):
            chosen = dataclasses.replace(inputs, digit=digit, neuron=neuron)
            for fn in (neuron_weights_data, neuron_sigmoid_data, neuron_bias_data, matrix_data):
                record = fn(chosen)
                bad += [f"digit {index}, neuron {neuron}, {record['scene']}: {b}" for b in _bad_sums(record["text"])]
                bad += [f"digit {index}, neuron {neuron}, {record['scene']}: {b}" for b in _bad_sums(record.get("tex", {}))]
                bad += [f"digit {index}, neuron {neuron}, {record['scene']}: {b}" for b in _bad_sums(record.get("row", {}))]
    assert not bad, bad[:10]


def test_the_sums_test_sees_the_approximations(inputs) -> None:
    """The default digit's neuron has w·a + b whose rounded terms miss the rounded z: it is written "≈"."""
    record = neuron_bias_data(inputs)
    wa, b, z = record["weighted_sum"], record["bias"], record["z"]
    adds_up = round(round(wa, 2) + round(b, 2), 2) == round(z, 2)
    assert (record["text"]["result"][2] == "=") == adds_up
    assert (" \u2248 " in record["text"]["caption_result"]) == (not adds_up)


@pytest.mark.parametrize("digit", [0, 1, 7, 42, 499])
def test_neuron_and_matrix_clips_follow_the_same_neuron(digit: int) -> None:
    inputs = load_inputs(Choices(digit=digit))
    direct = Direct(digit=digit)
    matrix = matrix_data(inputs)
    for fn in (neuron_weights_data, neuron_sigmoid_data, neuron_bias_data):
        record = fn(inputs)
        assert record["neuron"] == matrix["row"]["neuron"] == direct.most_active
        assert record["neuron_choice"] == matrix["row"]["reason"] == "most active"


def test_relu_network_words_and_curves(tmp_path: Path) -> None:
    path = tmp_path / "relu.npz"
    Network.random([784, 16, 10], activation="relu", seed=2).save(path)
    direct = Direct(path)
    inputs = load_inputs(Choices(weights=path))
    sigmoid = _exported(neuron_sigmoid_data(inputs))
    assert "trained with ReLU" in sigmoid["text"]["caption_relu"]
    assert "trained with the sigmoid" not in json.dumps(sigmoid["text"])
    bias = _exported(neuron_bias_data(inputs))
    n = bias["neuron"]
    assert "squish" not in bias["text"]["caption_sum"] and "ReLU" in bias["text"]["caption_sum"]
    assert bias["text"]["result"][0] == bias["text"]["result"][3] == r"\mathrm{ReLU}"
    assert bias["text"]["result"][-1] == "%.2f" % max(direct.z[n], 0.0)
    # ReLU's lines end at the top of their axes instead of leaving them.
    for record, key, top in ((sigmoid, "relu_curve", sigmoid["relu_y_limit"]), (bias, "curve_before", bias["y_limit"]), (bias, "curve_after", bias["y_limit"])):
        xs, ys = np.array(record[key]["curve"]).T
        assert record[key]["smooth"] is False
        assert ys.max() <= top + TOL and ys.min() >= -TOL
        np.testing.assert_allclose(ys, np.maximum(xs + (bias["bias"] if key == "curve_after" else 0.0), 0.0), atol=TOL)


def test_single_layer_network_counts_without_a_one_term_sum(tmp_path: Path) -> None:
    path = tmp_path / "net-784-10.npz"
    Network.random([784, 10], seed=4).save(path)
    text = _exported(parameter_count_data(load_inputs(Choices(weights=path))))["text"]
    assert text["biases_line"] == ["10"]
    assert text["weights_line"] == [r"784 \times 10", "=", "7{,}840"]
    assert "10 = 10" not in text["caption_biases"]
