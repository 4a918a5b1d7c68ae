"""The one-neuron beats' records equal direct NumPy computations from the weights file.

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
from netcore.inputs import digit_from_sample, load_inputs
from netcore.network import Network, load_network
from netcore.paths import DEFAULT_WEIGHTS
from netcore.samples import DEFAULT_DIGIT, load_sample
from netcore.scenedata.common import BIAS_RULE, SATURATED_RULE, choose_neuron
from netcore.scenedata.neuron import SHOWN_TERMS
from storyboard.record import to_json
from storyboard.registry import beat_named
from storyboard.words import two_decimals

from conftest import bias_teaching_neuron

NAMES = ("neuron-weights", "neuron-sigmoid", "neuron-bias", "parameter-count")
FOLLOWING = ("neuron-weights", "neuron-sigmoid", "neuron-bias")
TOL = 1e-6  # records are exported at 6 decimals


def _sigmoid(z: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-z))


def _screen(value: float) -> str:
    """A number as the clips write it, formatted here independently: two decimals, a true minus, no "-0.00"."""
    text = "%.2f" % value
    text = "0.00" if text == "-0.00" else text
    return text.replace("-", "\u2212")


def _record(name: str, inputs) -> dict:
    """The beat's record as a reviewer exports it (JSON, rounded to 6 decimals)."""
    return json.loads(to_json(beat_named(name).build(inputs)))


def _tex(formula: dict) -> list[str]:
    """A formula's pieces' TeX, in order."""
    return [p["tex"] for p in formula["pieces"]]


def _caption(record: dict, step: str) -> str:
    return next(s["caption"] for s in record["steps"] if s["name"] == step)


class Direct:
    """The default digit and the first hidden layer, computed straight from the files."""

    def __init__(self, weights_file: Path = DEFAULT_WEIGHTS, digit: int = DEFAULT_DIGIT) -> None:
        net = load_network(weights_file)
        self.a = load_sample().images[digit].reshape(-1).astype(np.float64) / 255.0
        self.W, self.b = net.weights[0], net.biases[0]
        self.wa = np.array([sum(float(w) * float(x) for w, x in zip(row, self.a)) for row in self.W])  # no BLAS
        self.z = self.wa + self.b
        self.activation = _sigmoid(self.z) if net.activation == "sigmoid" else np.maximum(self.z, 0.0)
        self.teacher, self.teaches = bias_teaching_neuron(self.a, self.W, self.b) if net.activation == "sigmoid" else (None, None)


@pytest.fixture(scope="module")
def direct() -> Direct:
    return Direct()


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(Choices())


def test_registered_under_their_names(inputs) -> None:
    for name in NAMES:
        record = _record(name, inputs)
        assert record["header"]["beat"] == name
        assert record["format"] == 3 and record["header"]["sizes"] == inputs.network.sizes


def test_default_neuron_is_the_one_that_shows_the_bias(inputs, direct: Direct) -> None:
    for name in FOLLOWING:
        neuron = _record(name, inputs)["numbers"]["neuron"]
        assert neuron["neuron"] == direct.teacher
        assert neuron["rule"] == (BIAS_RULE if direct.teaches else SATURATED_RULE)


def test_default_neuron_rule_over_every_sample_digit() -> None:
    """Over all 500 sample digits, the followed neuron is the explicit scan's, and most digits
    have a neuron whose activation the bias visibly changes without saturating."""
    net, sample = load_network(DEFAULT_WEIGHTS), load_sample()
    teaching = 0
    for digit in range(len(sample.labels)):
        followed = choose_neuron(load_inputs(Choices(digit=digit)))
        a = sample.images[digit].reshape(-1).astype(np.float64) / 255.0
        expected, teaches = bias_teaching_neuron(a, net.weights[0], net.biases[0])
        assert (followed.neuron, followed.rule) == (expected, BIAS_RULE if teaches else SATURATED_RULE), digit
        teaching += teaches
    assert teaching >= 0.8 * len(sample.labels)


def test_weighted_sum_and_terms(inputs, direct: Direct) -> None:
    record = _record("neuron-weights", inputs)
    numbers, words = record["numbers"], record["words"]
    n = numbers["neuron"]["neuron"]
    w = direct.W[n]
    assert numbers["neuron"]["weighted_sum"] == pytest.approx(direct.wa[n], abs=TOL)
    np.testing.assert_allclose(np.array(numbers["weights"]).reshape(-1), w, atol=TOL)
    np.testing.assert_allclose(np.array(numbers["products"]).reshape(-1), w * direct.a, atol=TOL)
    np.testing.assert_allclose(np.array(numbers["pixels"]).reshape(-1), direct.a, atol=TOL)
    np.testing.assert_allclose(np.array(numbers["weight_strength"]).reshape(-1), w / np.max(np.abs(w)), atol=TOL)
    # The written-out terms are the largest products |w_p a_p|, largest first (ties to the lower pixel).
    inked = [p for p in range(784) if direct.a[p] != 0]
    assert numbers["nonzero_pixels"] == len(inked)
    by_size = sorted(range(784), key=lambda p: (-abs(w[p] * direct.a[p]), p))
    assert [t["index"] for t in numbers["terms"]] == by_size[:SHOWN_TERMS]
    for t in numbers["terms"]:
        p = t["index"]
        assert (t["row"], t["col"]) == divmod(p, 28)
        assert t["weight"] == pytest.approx(w[p], abs=TOL)
        assert t["activation"] == pytest.approx(direct.a[p], abs=TOL)
        assert t["product"] == pytest.approx(w[p] * direct.a[p], abs=TOL)
    assert numbers["rest"] == pytest.approx(direct.wa[n] - sum(w[p] * direct.a[p] for p in by_size[:SHOWN_TERMS]), abs=TOL)
    assert _tex(words["symbolic"])[-2:] == ["w_{783}", "a_{783}"]
    assert _caption(record, "sum") == (
        f"Add up all 784 products: the weighted sum is {_screen(direct.wa[n])}. "
        f"Only {len(inked)} pixels have ink, and the 3 largest products are written out."
    )
    # The values line draws exactly the written terms, each piece named after its term, each weight coloured by its sign.
    # The factors carry as many decimals (from 2) as make each pair multiply out to its product as written.
    pieces = words["values"]["pieces"]
    shown = [t["index"] for t in numbers["terms"]]

    def multiplies_out(d: int) -> bool:
        return all("%.2f" % (float("%.*f" % (d, w[q])) * float("%.*f" % (d, direct.a[q]))) == "%.2f" % (w[q] * direct.a[q]) for q in shown)

    d = next(d for d in range(2, 7) if multiplies_out(d))
    for i, t in enumerate(numbers["terms"]):
        assert [p["tex"] for p in pieces if p["name"] == f"term {i}"] == ["(", "%.*f" % (d, w[t["index"]]), ")(", "%.*f" % (d, direct.a[t["index"]]), ")"]
        weight = [p for p in pieces if p["name"] == f"term {i}"][1]
        assert weight["role"] == ("positive" if w[t["index"]] >= 0 else "negative")
    assert words["term_labels"] == [f"pixel {t['index']}" for t in numbers["terms"]]
    assert [p["tex"] for p in pieces[-2:]] == ["+", r"\cdots"]
    # The products line adds up exactly as written, and its rest is within a rounding of the true rest.
    line = words["products"]["pieces"]
    operator, written = [p["tex"] for p in line if p["name"] == "rest"]
    rest = (-1.0 if operator == "-" else 1.0) * float(written)
    assert float(line[-1]["tex"]) == float("%.2f" % direct.wa[n])
    assert not _bad_sums(words["products"])
    assert abs(rest - numbers["rest"]) <= 0.005 * (SHOWN_TERMS + 1) + 1e-9


def test_sigmoid_values_for_every_neuron(inputs, direct: Direct) -> None:
    record = _record("neuron-sigmoid", inputs)
    numbers, words = record["numbers"], record["words"]
    n = numbers["neuron"]["neuron"]
    assert numbers["neuron"]["weighted_sum"] == pytest.approx(direct.wa[n], abs=TOL)
    assert numbers["squished"] == pytest.approx(_sigmoid(direct.wa[n]), abs=TOL)
    rows = numbers["neurons"]
    assert [e["neuron"] for e in rows] == list(range(len(direct.wa)))
    np.testing.assert_allclose([e["weighted_sum"] for e in rows], direct.wa, atol=TOL)
    np.testing.assert_allclose([e["sigmoid"] for e in rows], _sigmoid(direct.wa), atol=TOL)
    np.testing.assert_allclose([e["relu"] for e in rows], np.where(direct.wa > 0, direct.wa, 0.0), atol=TOL)
    # The axis is as narrow as shows the S (±10) and the followed neuron's own sum; the rest sit at its edges, said so.
    assert numbers["x_limit"] == max(10, 5 * np.ceil((abs(direct.wa[n]) + 0.5) / 5)) and numbers["relu_y_limit"] == numbers["x_limit"]
    assert [e["outside"] for e in rows] == list(np.abs(direct.wa) > numbers["x_limit"])
    outside = int(np.sum(np.abs(direct.wa) > numbers["x_limit"]))
    assert (str(outside) in words["outside_note"]) if outside else words["outside_note"] == ""
    assert _tex(words["value"]) == [r"\sigma", f"({'%.2f' % direct.wa[n]})", "=", "%.2f" % _sigmoid(direct.wa[n])]
    # The curves follow their functions and stay inside their axes.
    limit = numbers["x_limit"]
    for key, top, f in (("sigmoid_curve", 1.0, _sigmoid), ("relu_curve", numbers["relu_y_limit"], lambda x: np.maximum(x, 0))):
        xs, ys = np.array(numbers[key]["points"]).T
        assert xs.min() >= -limit - TOL and xs.max() <= limit + TOL
        assert ys.min() >= -TOL and ys.max() <= top + TOL
        np.testing.assert_allclose(ys, f(xs), atol=TOL)
    assert numbers["sigmoid_curve"]["points"][0][0] == -limit and numbers["sigmoid_curve"]["points"][-1][0] == limit


def _forward_activation(inputs, neuron: int) -> float:
    layer = _record("forward", inputs)["numbers"]["layers"][1]
    return layer["activations"][layer["shown"].index(neuron)]


def test_bias_and_activation_match_the_forward_clip(inputs, direct: Direct) -> None:
    numbers = _record("neuron-bias", inputs)["numbers"]
    followed = numbers["neuron"]
    n = followed["neuron"]
    assert followed["weighted_sum"] == pytest.approx(direct.wa[n], abs=TOL)
    assert followed["bias"] == pytest.approx(direct.b[n], abs=TOL)
    assert numbers["threshold"] == pytest.approx(-direct.b[n], abs=TOL)
    assert followed["z"] == pytest.approx(direct.z[n], abs=TOL)
    assert followed["activation"] == pytest.approx(direct.activation[n], abs=TOL)
    assert numbers["activation_without_bias"] == pytest.approx(_sigmoid(direct.wa[n]), abs=TOL)
    assert followed["activation"] == pytest.approx(_forward_activation(inputs, n), abs=TOL)
    assert numbers["x_limit"] >= max(abs(direct.wa[n]), abs(direct.z[n]), abs(direct.b[n]))
    # The curves, before and after the bias, follow the function and stay inside the axes.
    for key, shift in (("curve_before", 0.0), ("curve_after", direct.b[n])):
        xs, ys = np.array(numbers[key]["points"]).T
        assert xs.min() >= -numbers["x_limit"] - TOL and xs.max() <= numbers["x_limit"] + TOL
        assert ys.min() >= -TOL and ys.max() <= numbers["y_limit"] + TOL
        np.testing.assert_allclose(ys, _sigmoid(xs + shift), atol=TOL)


@pytest.mark.parametrize("neuron", [0, 7, 15])
def test_chosen_neuron_is_followed(neuron: int) -> None:
    direct = Direct()
    inputs = load_inputs(Choices(neuron=neuron))
    bias = _record("neuron-bias", inputs)["numbers"]["neuron"]
    assert bias["neuron"] == neuron and bias["rule"] == "chosen"
    assert bias["activation"] == pytest.approx(direct.activation[neuron], abs=TOL)
    weights = _record("neuron-weights", inputs)["numbers"]["neuron"]
    assert weights["weighted_sum"] == pytest.approx(direct.wa[neuron], abs=TOL)
    assert bias["activation"] == pytest.approx(_forward_activation(inputs, neuron), abs=TOL)


@pytest.mark.parametrize("neuron", [-1, 16, 1000])
def test_neuron_out_of_range_is_an_error(neuron: int) -> None:
    with pytest.raises(Exception, match=f"neuron {neuron} is out of range"):
        load_inputs(Choices(neuron=neuron))


def test_parameter_count_of_the_shipped_network(inputs) -> None:
    record = _record("parameter-count", inputs)
    numbers, words = record["numbers"], record["words"]
    net = load_network(DEFAULT_WEIGHTS)
    assert net.sizes == [784, 16, 16, 10]
    expected = 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10
    assert expected == 13_002
    assert numbers["total"] == expected == sum(w.size + b.size for w, b in zip(net.weights, net.biases))
    assert numbers["weights_total"] == 12_960 and numbers["biases_total"] == 42
    assert [(t["n_in"], t["n_out"], t["count"]) for t in numbers["weights"]] == [(784, 16, 12544), (16, 16, 256), (16, 10, 160)]
    assert numbers["biases"] == [16, 16, 10]
    assert _tex(words["weights_line"]) == [r"784 \times 16", "+", r"16 \times 16", "+", r"16 \times 10", "=", "12{,}960"]
    assert _tex(words["total"]) == ["13{,}002"]
    assert "13,002" in _caption(record, "total")


def test_parameter_count_of_another_size(tmp_path: Path) -> None:
    path = tmp_path / "net-784-32-10.npz"
    Network.random([784, 32, 10], seed=3).save(path)
    record = _record("parameter-count", load_inputs(Choices(weights=path)))
    assert record["numbers"]["total"] == 784 * 32 + 32 * 10 + 32 + 10 == 25_450
    assert _tex(record["words"]["total"]) == ["25{,}450"]
    assert _tex(record["words"]["weights_line"])[:3] == [r"784 \times 32", "+", r"32 \times 10"]
    assert _tex(record["words"]["biases_line"]) == ["32", "+", "10", "=", "42"]


def test_another_network_gives_its_own_neuron_numbers(tmp_path: Path) -> None:
    path = tmp_path / "net-784-32-10.npz"
    Network.random([784, 32, 10], seed=5).save(path)
    direct = Direct(path)
    inputs = load_inputs(Choices(weights=path))
    bias = _record("neuron-bias", inputs)["numbers"]["neuron"]
    assert bias["neuron"] == direct.teacher
    assert bias["activation"] == pytest.approx(direct.activation[direct.teacher], abs=TOL)
    assert len(_record("neuron-sigmoid", inputs)["numbers"]["neurons"]) == 32


def test_two_decimals_never_writes_minus_zero() -> None:
    assert two_decimals(-0.001) == "0.00"
    assert two_decimals(-0.28) == "\u22120.28"
    assert two_decimals(0.28, sign=True) == "+0.28"
    assert two_decimals(11.565) in ("11.56", "11.57")  # binary rounding of the half


def test_records_are_json_and_deterministic(inputs) -> None:
    for name in NAMES:
        first, second = to_json(beat_named(name).build(inputs)), to_json(beat_named(name).build(inputs))
        assert first == second
        assert "NaN" not in first and "Infinity" not in first


# --- Every sum written with "=" adds up as written --------------------------------------------

_NUM = r"-?\d+\.\d\d"
_CHAIN = re.compile(rf"({_NUM}(?:\s*[+-]\s*{_NUM})+)\s*=\s*({_NUM})(?!\d)")


def _strings(value):
    """Every text a record holds: strings, and formulas joined as drawn."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if "pieces" in value:
            yield " ".join(p["tex"] for p in value["pieces"])
            return
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
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
    assert _bad_sums({"t": {"pieces": [{"tex": t} for t in ("\\sigma", "(-2.74 + 0.32)", "=", "\\sigma", "(-2.41)")]}}) == ["-2.74 + 0.32 = -2.41"]
    assert _bad_sums({"t": "σ(−2.74 + 0.32) ≈ σ(−2.41) = 0.08"}) == []
    assert _bad_sums({"t": "(-0.10) + 0.25 = 0.15"}) == []


def test_every_sum_on_screen_adds_up_for_every_sample_digit_and_neuron(inputs) -> None:
    """All 500 sample digits x all 16 neurons: each "a + b = c" the beats write or say adds up at two decimals."""
    sample = load_sample()
    bad = []
    beats = FOLLOWING
    for index in range(len(sample.labels)):
        digit = digit_from_sample(sample, index)
        for neuron in range(inputs.network.sizes[1]):
            chosen = dataclasses.replace(inputs, digit=digit, neuron=neuron)
            for name in beats:
                record = beat_named(name).build(chosen)
                found = _bad_sums(dataclasses.asdict(record.words)) + _bad_sums([s.caption for s in record.steps])
                bad += [f"digit {index}, neuron {neuron}, {name}: {b}" for b in found]
    assert not bad, bad[:10]


def test_sums_that_do_not_add_up_at_two_decimals_get_more(inputs) -> None:
    """w·a + b = z is written with as few decimals (from 2) as make it add up as written, and make σ of the
    written z give the written activation (σ(−0.97) is 0.27, not the 0.28 of σ(−0.969))."""
    record = _record("neuron-bias", inputs)
    n = record["numbers"]["neuron"]

    def right_at(d: int) -> bool:
        adds = float("%.*f" % (d, float("%.*f" % (d, n["weighted_sum"])) + float("%.*f" % (d, n["bias"])))) == float("%.*f" % (d, n["z"]))
        squished = "%.2f" % (1 / (1 + np.exp(-float("%.*f" % (d, n["z"]))))) == "%.2f" % n["activation"]
        return adds and squished

    result = _tex(record["words"]["result"])
    assert result[2] == "=" and "\u2248" not in _caption(record, "result")
    decimals = len(result[1].split()[0].split(".")[1])
    assert decimals == next(d for d in range(2, 7) if right_at(d)) == 3  # the default neuron needs 3


@pytest.mark.parametrize("digit", [0, 1, 7, 42, 499])
def test_neuron_and_matrix_clips_follow_the_same_neuron(digit: int) -> None:
    inputs = load_inputs(Choices(digit=digit))
    direct = Direct(digit=digit)
    for name in FOLLOWING:
        neuron = _record(name, inputs)["numbers"]["neuron"]
        assert neuron["neuron"] == direct.teacher


def test_relu_network_words_and_curves(tmp_path: Path) -> None:
    path = tmp_path / "relu.npz"
    Network.random([784, 16, 10], activation="relu", seed=2).save(path)
    direct = Direct(path)
    inputs = load_inputs(Choices(weights=path))
    sigmoid = _record("neuron-sigmoid", inputs)
    assert "trained with ReLU" in _caption(sigmoid, "relu")
    assert "trained with the sigmoid" not in json.dumps(sigmoid["steps"])
    bias = _record("neuron-bias", inputs)
    n = bias["numbers"]["neuron"]["neuron"]
    assert "squish" not in _caption(bias, "sum") and "ReLU" in _caption(bias, "sum")
    result = _tex(bias["words"]["result"])
    assert result[0] == result[3] == r"\mathrm{ReLU}"
    assert result[-1] == "%.2f" % max(direct.z[n], 0.0)
    # ReLU's lines end at the top of their axes instead of leaving them.
    b = bias["numbers"]["neuron"]["bias"]
    for numbers, key, top in (
        (sigmoid["numbers"], "relu_curve", sigmoid["numbers"]["relu_y_limit"]),
        (bias["numbers"], "curve_before", bias["numbers"]["y_limit"]),
        (bias["numbers"], "curve_after", bias["numbers"]["y_limit"]),
    ):
        xs, ys = np.array(numbers[key]["points"]).T
        assert numbers[key]["smooth"] is False
        assert ys.max() <= top + TOL and ys.min() >= -TOL
        np.testing.assert_allclose(ys, np.maximum(xs + (b if key == "curve_after" else 0.0), 0.0), atol=TOL)


def test_single_layer_network_counts_without_a_one_term_sum(tmp_path: Path) -> None:
    path = tmp_path / "net-784-10.npz"
    Network.random([784, 10], seed=4).save(path)
    record = _record("parameter-count", load_inputs(Choices(weights=path)))
    assert _tex(record["words"]["biases_line"]) == ["10"]
    assert _tex(record["words"]["weights_line"]) == [r"784 \times 10", "=", "7{,}840"]
    assert "10 = 10" not in _caption(record, "biases")


def test_parameter_count_draws_its_edges_with_their_real_signs() -> None:
    from netcore.paths import DEFAULT_WEIGHTS
    from netcore.scenedata.neuron import parameter_numbers

    numbers = parameter_numbers(load_inputs(Choices()))
    with np.load(DEFAULT_WEIGHTS, allow_pickle=False) as npz:
        weights = [npz[f"W{i}"] for i in (1, 2, 3)]
    strongest = sorted(np.argsort([-sum(abs(float(w)) for w in weights[0][:, j]) for j in range(784)], kind="stable")[:8])
    assert numbers.shown[0] == [int(j) for j in strongest]
    assert numbers.shown[1:] == [list(range(16)), list(range(16)), list(range(10))]
    for w, fro, to, signs in zip(weights, numbers.shown, numbers.shown[1:], numbers.edge_signs):
        expected = [[1 if w[j, i] >= 0 else -1 for i in fro] for j in to]
        assert signs.tolist() == expected
