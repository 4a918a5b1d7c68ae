"""The matrix beat's record equals a direct NumPy computation from the weights file.

Nothing here hard-codes a number of the shipped weights: it is replaced by
better-trained ones from time to time, and every expectation is recomputed
from whichever file is there, by code that goes neither through
``Network.forward`` nor through the modules under test.
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
from netcore.scenedata.matrix import INPUT_WINDOW, input_window, shown_rows
from storyboard.record import to_json
from storyboard.registry import beat_named

from conftest import bias_teaching_neuron

ELLIPSES = {r"\vdots", r"\cdots", r"\ddots"}
TOL = 1e-6  # records are exported at 6 decimals
DASH = "\u2013"


def _two(value: float) -> str:
    """A number at the screen's rounding (TeX: ASCII minus), written independently of storyboard's formatting."""
    text = "%.2f" % value
    return "0.00" if text == "-0.00" else text


def _screen(value: float) -> str:
    """The same number in plain text: a true minus sign."""
    return _two(value).replace("-", "\u2212")


def _record(inputs) -> dict:
    """The record as a reviewer exports it (JSON, rounded to 6 decimals)."""
    return json.loads(to_json(beat_named("matrix").build(inputs)))


def _tex(formula: dict) -> list[str]:
    return [p["tex"] for p in formula["pieces"]]


def _named(formula: dict, name: str) -> list[str]:
    return [p["tex"] for p in formula["pieces"] if p["name"] == name]


def _caption(record: dict, step: str) -> str:
    return next(s["caption"] for s in record["steps"] if s["name"] == step)


def _direct(weights_file: Path, pixels: np.ndarray) -> dict:
    """Every z and a of a forward pass, written out by hand."""
    net = load_network(weights_file)
    a = pixels.reshape(-1).astype(np.float64)
    zs, acts = [], [a]
    for layer, (w, b) in enumerate(zip(net.weights, net.biases), start=1):
        z = np.array([sum(float(wi) * float(x) for wi, x in zip(row, a)) for row in w]) + b  # no BLAS
        last = layer == len(net.weights)
        a = 1.0 / (1.0 + np.exp(-z)) if last or net.activation == "sigmoid" else np.where(z > 0, z, 0.0)
        zs.append(z)
        acts.append(a)
    return {"net": net, "zs": zs, "a": acts}


def _shown(column: dict) -> list[int]:
    return [s["first"] for s in column["slots"] if s["shown"]]


def _check_column(column: dict, words: dict | None, values: np.ndarray) -> None:
    """Shown slots hold ``values``; ellipses cover exactly the rest, in order; the words (if any) write
    each value at two decimals and label each row, a range for an ellipsis."""
    assert column["size"] == len(values)
    covered = []
    for slot, value in zip(column["slots"], column["values"], strict=True):
        lo, hi = slot["first"], slot["last"]
        if slot["shown"]:
            assert lo == hi and value == pytest.approx(values[lo], abs=TOL)
        else:
            assert value is None and hi > lo, "a single hidden row should be shown instead"
        covered += range(lo, hi + 1)
    if words is not None:
        expected = [(_two(values[s["first"]]), str(s["first"])) if s["shown"] else (r"\vdots", f"{s['first']}{DASH}{s['last']}") for s in column["slots"]]
        assert list(zip(words["entries"], words["labels"], strict=True)) == expected
    assert covered == list(range(len(values)))
    assert column["hidden_count"] == len(values) - len(_shown(column))


def _check_blocks(record: dict, direct: dict) -> tuple[list[int], list[int]]:
    """The column a(0), the matrix W, the biases b and W a(0) + b as drawn; returns (W's rows, the window)."""
    numbers, words = record["numbers"], record["words"]
    net = direct["net"]
    w1, b1, a0, z1 = net.weights[0], net.biases[0], direct["a"][0], direct["zs"][0]
    _check_column(numbers["input"], words["input"], a0)
    window = _shown(numbers["input"])
    assert len(window) == min(INPUT_WINDOW, len(a0)) and window == list(range(window[0], window[0] + len(window)))
    block = numbers["weights"]
    assert block["shape"] == list(w1.shape)
    rows = [s["first"] for s in block["rows"] if s["shown"]]
    assert [s["first"] for s in block["cols"] if s["shown"]] == window, "W's columns must be the same pixels as a(0)'s rows"
    for r, row_slot in enumerate(block["rows"]):
        for c, col_slot in enumerate(block["cols"]):
            value, tex = block["values"][r][c], words["weights"][r][c]
            if row_slot["shown"] and col_slot["shown"]:
                assert value == pytest.approx(w1[row_slot["first"], col_slot["first"]], abs=TOL)
                assert tex == _two(w1[row_slot["first"], col_slot["first"]])
            else:
                assert value is None and tex in ELLIPSES
    assert words["weight_rows"] == [str(s["first"]) if s["shown"] else f"{s['first']}{DASH}{s['last']}" for s in block["rows"]]
    assert words["weight_cols"] == [str(s["first"]) if s["shown"] else "" for s in block["cols"]]
    _check_column(numbers["biases"], words["biases"], b1)
    _check_column(numbers["result"], words["result"], z1)
    assert _shown(numbers["biases"]) == _shown(numbers["result"]) == rows
    n1, n0 = w1.shape
    assert [n["size"] for n in words["names"]] == [f"{n1} \u00d7 {n0} weights", f"{n0} pixels", f"{n1} biases", f"{n1} rows"]
    return rows, window


def _check_row(record: dict, direct: dict, rows: list[int], window: list[int]) -> None:
    """One row of W times a(0), plus its bias, in numbers, formulas and captions."""
    numbers, words = record["numbers"], record["words"]
    net = direct["net"]
    w1, b1, a0, z1, a1 = net.weights[0], net.biases[0], direct["a"][0], direct["zs"][0], direct["a"][1]
    row = numbers["row"]
    k = row["neuron"]["neuron"]
    assert k in rows
    products = [w1[k, j] * a0[j] for j in window]
    for term, j, p in zip(row["terms"], window, products, strict=True):
        assert term["index"] == j
        assert term["weight"] == pytest.approx(w1[k, j], abs=TOL) and term["activation"] == pytest.approx(a0[j], abs=TOL)
        assert term["product"] == pytest.approx(p, abs=TOL)
    full = sum(w1[k, j] * a0[j] for j in range(len(a0)))
    assert row["terms_total"] == len(a0)
    assert row["shown_sum"] == pytest.approx(sum(products), abs=TOL)
    assert row["neuron"]["weighted_sum"] == pytest.approx(full, abs=TOL)
    assert row["neuron"]["bias"] == pytest.approx(b1[k], abs=TOL)
    assert row["neuron"]["z"] == pytest.approx(z1[k], abs=TOL)
    assert row["neuron"]["activation"] == pytest.approx(a1[k], abs=TOL)
    # The lines on screen carry exactly these numbers, each piece named after its term: the factors with
    # as many decimals (from 2) as make every pair multiply out to its product as written, and the sum
    # that of the products as written.
    def multiplies_out(d: int) -> bool:
        return all(_two(float("%.*f" % (d, w1[k, j])) * float("%.*f" % (d, a0[j]))) == _two(w1[k, j] * a0[j]) for j in window)

    d = next(d for d in range(2, 7) if multiplies_out(d))
    for i, (j, p) in enumerate(zip(window, products)):
        assert [t.strip("()") for t in _named(words["pairs"], f"weight {i}") + _named(words["pairs"], f"activation {i}")] == [
            "%.*f" % (d, w1[k, j]),
            "%.*f" % (d, a0[j]),
        ]
        assert _named(words["products"], f"product {i}")[0].strip("()") == _two(p)
    assert _named(words["products"], "shown sum") == [_two(sum(float(_two(p)) for p in products))]
    assert _named(words["products"], "equals") == ["="]
    # The whole sum plus the bias adds up as written: as many decimals as that needs.
    total, op, bias, relation = _named(words["full"], "numeric")
    (z,) = _named(words["full"], "z")
    decimals = len(z.split(".")[1])
    assert float(total) == pytest.approx(full, abs=0.51 * 10**-decimals) and float(z) == pytest.approx(z1[k], abs=0.51 * 10**-decimals)
    assert (-1.0 if op == "-" else 1.0) * float(bias) == pytest.approx(b1[k], abs=0.51 * 10**-decimals)
    adds = round(float(total) + (-1 if op == "-" else 1) * float(bias), decimals) == round(float(z), decimals)
    assert relation == ("=" if adds else r"\approx")
    symbolic = _named(words["full"], "symbolic")
    assert symbolic[0] == rf"\sum_{{j=0}}^{{{len(a0) - 1}}}" and symbolic[1] == f"W_{{{k},j}}"
    roles = {p["tex"]: p["role"] for p in words["full"]["pieces"]}
    assert roles[f"W_{{{k},j}}"] == "weight" and roles[f"b_{{{k}}}"] == "bias" and roles[bias] == "bias"
    # The honest statement: the shown terms are not the whole sum.
    assert words["shown_note"] == f"the {len(window)} largest of {len(a0)} terms, each rounded to two decimals"
    caption = _caption(record, "row")
    assert f"{len(window)} of the products are shown; all {len(a0)} add to {total.replace('-', chr(0x2212))}." in caption
    assert caption.endswith(f"{total} {op} {bias} {'=' if adds else chr(0x2248)} {z}.".replace("-", "\u2212"))
    assert words["hidden_note"] == (
        f"Shown: pixels {window[0]}{DASH}{window[-1]} (numbered from 0). The dots hide the other {len(a0) - len(window)} of {len(a0)} rows."
    )


def _check_layers(record: dict, direct: dict) -> None:
    """Every layer's z and activations, the answer, and the activation's plot."""
    numbers, words = record["numbers"], record["words"]
    net = direct["net"]
    assert len(numbers["layers"]) == len(net.weights)
    for layer, layer_words, z, a in zip(numbers["layers"], words["activations"], direct["zs"], direct["a"][1:], strict=True):
        _check_column(layer["z"], None, z)
        _check_column(layer["activations"], layer_words, a)
        assert _shown(layer["z"]) == _shown(layer["activations"])
    _check_column(numbers["layers"][0]["z"], words["layer_z"], direct["zs"][0])
    assert numbers["row"]["neuron"]["neuron"] in _shown(numbers["layers"][0]["z"])
    # Each later layer's weights, drawn as a picture: the weights file's W divided by its largest |w|, named W_l.
    assert len(numbers["later_weights"]) == len(net.weights) - 1 == len(words["map_names"])
    for layer, (picture, w) in enumerate(zip(numbers["later_weights"], net.weights[1:]), start=2):
        assert picture["layer"] == layer
        np.testing.assert_allclose(np.array(picture["strengths"]), w / np.abs(w).max(), atol=TOL)
        assert [p["tex"] for p in words["map_names"][layer - 2]["pieces"]] == [f"W_{{{layer}}}"]
    output = direct["a"][-1]
    best = int(np.argmax(output))
    prediction = numbers["prediction"]
    assert prediction["digit"] == best and prediction["activation"] == pytest.approx(output[best], abs=TOL)
    assert words["output_labels"] == [str(d) for d in range(len(output))]
    label = record["header"]["label"]
    verdict = f"So the formula answers {best}: right." if best == label else f"So the formula answers {best}, but this is a {label}: it is wrong."
    assert words["prediction"] == [f"Largest output: {_screen(output[best])}, for the digit {best}.", verdict]
    # The plot holds every entry of z, and its curve follows the activation inside its axes.
    z1 = direct["zs"][0]
    assert -numbers["x_limit"] <= z1.min() and z1.max() <= numbers["x_limit"]
    xs, ys = np.array(numbers["curve"]["points"]).T
    expected = 1 / (1 + np.exp(-xs)) if net.activation == "sigmoid" else np.maximum(xs, 0)
    np.testing.assert_allclose(ys, expected, atol=TOL)
    assert -numbers["x_limit"] <= xs.min() and xs.max() <= numbers["x_limit"]
    assert 0 <= ys.min() and ys.max() <= numbers["y_limit"]


def _check_record(record: dict, direct: dict) -> None:
    assert record["header"]["sizes"] == [len(direct["a"][0])] + [len(a) for a in direct["a"][1:]]
    rows, window = _check_blocks(record, direct)
    _check_row(record, direct, rows, window)
    _check_layers(record, direct)


@pytest.fixture(scope="module")
def shipped() -> tuple[dict, dict]:
    pixels = load_sample().images[DEFAULT_DIGIT] / 255.0
    return _record(load_inputs(Choices())), _direct(DEFAULT_WEIGHTS, pixels)


def test_registered_and_deterministic() -> None:
    inputs = load_inputs(Choices())
    beat = beat_named("matrix")
    assert (beat.scene, beat.file) == ("MatrixVectorForm", "scenes/matrix.py")
    first, second = to_json(beat.build(inputs)), to_json(beat.build(inputs))
    assert first == second and "NaN" not in first
    record = json.loads(first)
    assert record["header"]["beat"] == "matrix" and record["header"]["sample_index"] == DEFAULT_DIGIT
    assert [s["name"] for s in record["steps"]] == ["vectors", "row", "result", "sigmoid", "layers", "answer"]


def test_shipped_network_matches_a_direct_computation(shipped) -> None:
    record, direct = shipped
    _check_record(record, direct)


def test_default_row_is_the_neuron_the_neuron_beats_follow(shipped) -> None:
    record, direct = shipped
    neuron, _ = bias_teaching_neuron(direct["a"][0], direct["net"].weights[0], direct["net"].biases[0])
    assert record["numbers"]["row"]["neuron"]["neuron"] == neuron


def test_window_is_where_the_row_weighs_most(shipped) -> None:
    record, direct = shipped
    k = record["numbers"]["row"]["neuron"]["neuron"]
    terms = np.abs(direct["net"].weights[0][k] * direct["a"][0])
    totals = [terms[s : s + INPUT_WINDOW].sum() for s in range(len(terms) - INPUT_WINDOW + 1)]
    start = _shown(record["numbers"]["input"])[0]
    assert totals[start] == pytest.approx(max(totals), abs=1e-12)
    # A stretch through the ink, not the always-blank first and last pixels.
    assert any(v > 0 for v in direct["a"][0][start : start + INPUT_WINDOW])


def test_a1_equals_the_forward_beat(shipped) -> None:
    """Both beats' a(1) equal an independent term-by-term computation."""
    record, direct = shipped
    forward = json.loads(to_json(beat_named("forward").build(load_inputs(Choices()))))["numbers"]["layers"][1]
    layer = record["numbers"]["layers"][0]["activations"]
    ours = {s["first"]: v for s, v in zip(layer["slots"], layer["values"]) if s["shown"]}
    assert set(forward["shown"]) <= set(ours)
    for i, a in ours.items():
        assert a == pytest.approx(direct["a"][1][i], abs=TOL)
    for i, a in zip(forward["shown"], forward["activations"]):
        assert a == pytest.approx(ours[i], abs=TOL)


def test_formulas_are_coloured_by_role_and_written_in_tex(shipped) -> None:
    record, _ = shipped
    words = record["words"]
    roles = {p["tex"]: p["role"] for p in words["title"]["pieces"]}
    assert roles["W"] == "weight" and roles["b"] == "bias" and roles[r"\sigma"] == "squish"
    nested = "".join(_tex(words["nested"]))
    assert nested == r"a^{(3)}=\sigma(W_{3}\sigma(W_{2}\sigma(W_{1}a^{(0)}+b_{1})+b_{2})+b_{3})"
    assert all(p["role"] == "weight" for p in words["nested"]["pieces"] if p["tex"].startswith("W"))
    assert ["".join(_tex(s)) for s in words["shapes"]] == [r"W_{1}:\ 16 \times 784", r"W_{2}:\ 16 \times 16", r"W_{3}:\ 10 \times 16"]
    assert [s["pieces"][0]["role"] for s in words["shapes"]] == ["weight"] * 3
    # On screen, symbols are TeX: no plain-text "a(0)" or "W1" among the words.
    plain = [v for k, v in words.items() if isinstance(v, str)] + [n["size"] for n in words["names"]] + words["prediction"]
    assert not [t for t in plain if "a(" in t or "W1" in t]
    assert "a\u207d\u2070\u207e" in _caption(record, "vectors") and "W\u2081" in _caption(record, "answer")


def test_another_network_size(tmp_path: Path) -> None:
    path = tmp_path / "wide.npz"
    Network.random([784, 32, 10], seed=3).save(path)
    inputs = load_inputs(Choices(weights=path))
    record = _record(inputs)
    _check_record(record, _direct(path, inputs.digit.pixels))
    # 32 results do not fit: they are elided, with the hidden ones counted.
    z = record["numbers"]["layers"][0]["z"]
    assert z["hidden_count"] > 0 and len(_shown(z)) < 32
    assert record["numbers"]["weights"]["shape"] == [32, 784]
    assert record["words"]["names"][0]["size"] == "32 \u00d7 784 weights"
    assert "".join(_tex(record["words"]["nested"])) == r"a^{(2)}=\sigma(W_{2}\sigma(W_{1}a^{(0)}+b_{1})+b_{2})"


def test_chosen_neuron_and_relu(tmp_path: Path) -> None:
    path = tmp_path / "relu.npz"
    Network.random([784, 16, 10], activation="relu", seed=1).save(path)
    inputs = load_inputs(Choices(weights=path, neuron=5, digit=3))
    record = _record(inputs)
    _check_record(record, _direct(path, inputs.digit.pixels))
    assert record["numbers"]["row"]["neuron"]["neuron"] == 5 and record["numbers"]["row"]["neuron"]["rule"] == "chosen"
    assert [layer["function"] for layer in record["numbers"]["layers"]] == ["relu", "sigmoid"]
    assert _tex(record["words"]["function"]) == [r"\mathrm{ReLU}"]
    assert record["numbers"]["curve"]["smooth"] is False and record["numbers"]["y_limit"] == record["numbers"]["x_limit"]
    assert _caption(record, "sigmoid").startswith("ReLU keeps each positive entry")


def test_single_layer_network_says_so(tmp_path: Path) -> None:
    path = tmp_path / "one.npz"
    Network.random([784, 10], seed=4).save(path)
    record = _record(load_inputs(Choices(weights=path)))
    assert _caption(record, "layers") == "This network has no further layer: a\u207d\u00b9\u207e is its output."
    assert len(record["words"]["equations"]) == 1


def test_blank_input_window_starts_at_zero() -> None:
    assert input_window(np.ones(784), np.zeros(784)) == list(range(INPUT_WINDOW))
    assert input_window(np.ones(4), np.ones(4)) == [0, 1, 2, 3]


@pytest.mark.parametrize("size", [2, 6, 7, 16, 100])
def test_matrix_rows_are_the_first_two_the_worked_one_and_the_last(size: int) -> None:
    for keep in range(size):
        rows = shown_rows(size, keep)
        if size <= 6:
            assert rows == list(range(size))
            continue
        expected = {0, 1, keep, size - 1}
        expected |= {i + 1 for i in expected if i + 2 in expected and i + 1 not in expected}  # a gap of one is shown
        assert rows == sorted(expected)
