"""Data of the matrix clip: a(1) = sigma(W a(0) + b) with the real numbers.

The clip writes the first layer as a matrix-vector product, works one row
of W against the column a(0) by hand, squishes the result with the
activation function, and ends on the whole network as composed functions.

A 784-row column cannot be read at 480p, so the record says exactly which
rows and columns are written out and which are hidden behind an ellipsis
(as index ranges, drawn as labels). The input column shows a window of
consecutive pixels, the one whose terms weigh most in the highlighted row,
rather than the first and last pixels, which are blank in every MNIST digit.

Every number on screen is stored twice: the value (full precision; to_json
rounds to 6 decimals) and the exact text drawn (2 decimals).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from netcore.inputs import SceneInputs
from netcore.network import Network
from netcore.scenedata.common import (
    FUNCTION_NAME,
    FUNCTION_TEX,
    axis_limit,
    choose_neuron,
    function_curve,
    header,
    sum_relation,
    tex_number,
    verdict,
)

__all__ = ["INPUT_WINDOW", "MAX_MATRIX_ROWS", "MAX_ROWS", "input_window", "matrix_data", "shown_rows", "vector_rows"]

# Consecutive input rows (pixels) written out in a(0) and in the columns of W.
INPUT_WINDOW = 6
# A result vector up to this tall is shown whole; a taller one is elided.
MAX_ROWS = 16
# Rows of W written out when the layer is taller than this (first two, the row worked, the last).
MAX_MATRIX_ROWS = 6

DASH = "–"


def _fill_single_gaps(indices: set[int]) -> list[int]:
    """Sorted indices, where a gap of one row is shown rather than hidden behind an ellipsis."""
    ordered = sorted(indices)
    filled = set(ordered)
    for a, b in zip(ordered, ordered[1:]):
        if b - a == 2:
            filled.add(a + 1)
    return sorted(filled)


def shown_rows(size: int, keep: int, max_rows: int = MAX_MATRIX_ROWS) -> list[int]:
    """Rows of a ``size``-tall matrix written out: all if few, else 0, 1, ``keep`` and the last."""
    if size <= max_rows:
        return list(range(size))
    return _fill_single_gaps({0, 1, keep, size - 1})


def vector_rows(size: int, keep: int | None = None, max_rows: int = MAX_ROWS) -> list[int]:
    """Entries of a ``size``-long result vector written out: all, or the first and last halves (and ``keep``)."""
    if size <= max_rows:
        return list(range(size))
    half = (max_rows - 1) // 2
    chosen = set(range(half)) | set(range(size - (max_rows - 1 - half), size))
    if keep is not None:
        chosen.add(keep)
    return _fill_single_gaps(chosen)


def input_window(weights_row: np.ndarray, a0: np.ndarray, width: int = INPUT_WINDOW) -> list[int]:
    """The ``width`` consecutive inputs whose terms |w_j a_j| add up most (lowest start on ties)."""
    width = min(width, len(a0))
    size = np.abs(weights_row * a0)
    totals = np.convolve(size, np.ones(width), mode="valid")
    # Round away float noise so equal windows tie and the earliest wins.
    start = int(np.argmax(np.round(totals, 12)))
    return list(range(start, start + width))


def _hidden_label(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}{DASH}{hi}"


def _slots(size: int, shown: list[int]) -> list[dict[str, Any]]:
    """The displayed rows in order: shown indices, and ellipses naming the hidden range."""
    slots: list[dict[str, Any]] = []
    expected = 0
    for i in shown:
        if i > expected:
            slots.append({"index": None, "hidden": [expected, i - 1], "label": _hidden_label(expected, i - 1)})
        slots.append({"index": i, "hidden": None, "label": str(i)})
        expected = i + 1
    if expected < size:
        slots.append({"index": None, "hidden": [expected, size - 1], "label": _hidden_label(expected, size - 1)})
    return slots


def _vector(values: np.ndarray, shown: list[int]) -> dict[str, Any]:
    """A column vector as drawn: its slots with value and text (an ellipsis has no value)."""
    entries = []
    for slot in _slots(len(values), shown):
        i = slot["index"]
        value = None if i is None else float(values[i])
        entries.append({**slot, "value": value, "tex": r"\vdots" if i is None else tex_number(value)})
    hidden = sum(s["hidden"][1] - s["hidden"][0] + 1 for s in entries if s["hidden"])
    return {"size": len(values), "entries": entries, "hidden_count": hidden}


def _matrix(w: np.ndarray, rows: list[int], cols: list[int]) -> dict[str, Any]:
    """A matrix as drawn: row and column slots, and per cell its value (or None) and text."""
    row_slots, col_slots = _slots(w.shape[0], rows), _slots(w.shape[1], cols)
    values, tex = [], []
    for r in row_slots:
        value_row, tex_row = [], []
        for c in col_slots:
            if r["index"] is not None and c["index"] is not None:
                v = float(w[r["index"], c["index"]])
                value_row.append(v)
                tex_row.append(tex_number(v))
            else:
                value_row.append(None)
                tex_row.append(r"\ddots" if r["index"] is None and c["index"] is None else r"\vdots" if r["index"] is None else r"\cdots")
        values.append(value_row)
        tex.append(tex_row)
    return {"shape": list(w.shape), "rows": row_slots, "cols": col_slots, "values": values, "tex": tex}


def _paren(text: str) -> str:
    return f"({text})" if text.startswith("-") else text


def _part(tex: str, role: str = "text", name: str | None = None) -> dict[str, str | None]:
    return {"tex": tex, "role": role, "name": name}


def _shown_line(row: dict[str, Any]) -> list[dict[str, str | None]]:
    """The shown terms as pairs, w_j . a_j + ..., as TeX parts; names say what each part is."""
    parts = []
    for i, term in enumerate(row["terms"]):
        if i:
            parts.append(_part("+", "text", f"plus {i}"))
        parts += [
            _part(_paren(term["weight_tex"]), "weight", f"weight {i}"),
            _part(r"\cdot", "text", f"dot {i}"),
            _part(_paren(term["activation_tex"]), "text", f"activation {i}"),
        ]
    return parts


def _product_line(row: dict[str, Any]) -> list[dict[str, str | None]]:
    """The same terms multiplied out, and their sum: p_0 + p_1 + ... = (sum of the shown terms)."""
    parts = []
    for i, term in enumerate(row["terms"]):
        if i:
            parts.append(_part("+", "text", f"plus {i}"))
        parts.append(_part(_paren(term["product_tex"]), "text", f"product {i}"))
    relation = sum_relation([t["product"] for t in row["terms"]], row["shown_sum"], tex=True)
    return parts + [_part(relation, "text", "equals"), _part(row["shown_sum_tex"], "text", "shown sum")]


def _full_line(row: dict[str, Any], k: int, n_in: int) -> list[dict[str, str | None]]:
    """The whole sum over all inputs, plus the bias: the entry of W a(0) + b."""
    return [
        _part(rf"\sum_{{j=0}}^{{{n_in - 1}}} W_{{{k},j}}\, a^{{(0)}}_j", "text", "sum"),
        _part("+"),
        _part(f"b_{{{k}}}", "bias", "bias name"),
        _part("="),
        _part(row["full_sum_tex"], "text", "full sum"),
        _part("+"),
        _part(_paren(row["bias_tex"]), "bias", "bias"),
        # "≈" when the two rounded terms do not add up to the rounded z (z itself is exact).
        _part(sum_relation([row["full_sum"], row["bias"]], row["z"], tex=True)),
        _part(row["z_tex"], "text", "z"),
    ]


def _equation(layer: int, function: str, plain: bool) -> list[dict[str, str]]:
    """a^(l) = f(W_l a^(l-1) + b_l) as TeX parts, each with the role that colours it."""
    sub = "" if plain else f"_{{{layer}}}"
    return [
        {"tex": f"a^{{({layer})}}", "role": "text"},
        {"tex": "=", "role": "text"},
        {"tex": FUNCTION_TEX[function], "role": "squish"},
        {"tex": "(", "role": "squish"},
        {"tex": f"W{sub}", "role": "weight"},
        {"tex": f"a^{{({layer - 1})}}", "role": "text"},
        {"tex": "+", "role": "text"},
        {"tex": f"b{sub}", "role": "bias"},
        {"tex": ")", "role": "squish"},
    ]


def _nested(functions: list[str]) -> list[dict[str, str]]:
    """The output as one composed function of a^(0), as TeX parts with roles."""
    parts: list[dict[str, str]] = [{"tex": f"a^{{({len(functions)})}}", "role": "text"}, {"tex": "=", "role": "text"}]
    for layer in range(len(functions), 0, -1):
        parts += [
            {"tex": FUNCTION_TEX[functions[layer - 1]], "role": "squish"},
            {"tex": "(", "role": "squish"},
            {"tex": f"W_{{{layer}}}", "role": "weight"},
        ]
    parts.append({"tex": "a^{(0)}", "role": "text"})
    for layer in range(1, len(functions) + 1):
        parts += [
            {"tex": "+", "role": "text"},
            {"tex": f"b_{{{layer}}}", "role": "bias"},
            {"tex": ")", "role": "squish"},
        ]
    return parts


def _function_plot(network: Network, z: np.ndarray) -> dict[str, Any]:
    """Layer 1's activation function over a range that holds every entry of z, cut at the top of its axes."""
    function = network.layer_activation(1).name
    reach = axis_limit(z)
    top = 1.0 if function == "sigmoid" else reach
    return {
        **function_curve(function, (-reach, reach), top),
        "x_range": [-reach, reach],
        "y_range": [0.0, top],
        "x_labels": [f"−{reach:g}", f"{reach:g}"],
        "y_labels": ["0", f"{top:g}"],
    }


def matrix_data(inputs: SceneInputs) -> dict[str, Any]:
    """Every number and text the matrix clip shows, for the given network and digit."""
    network, digit = inputs.network, inputs.digit
    a0 = digit.pixels.reshape(-1).astype(np.float64)
    trace = network.forward(a0)
    sizes = network.sizes
    w1, b1 = network.weights[0], network.biases[0]
    functions = [network.layer_activation(layer).name for layer in range(1, len(sizes))]

    k, reason = choose_neuron(inputs)
    window = input_window(w1[k], a0)
    w_rows = shown_rows(sizes[1], k)

    products = w1[k, window] * a0[window]
    full_sum = float(w1[k] @ a0)
    z_k = float(trace.zs[0][k])
    terms = [
        {
            "index": j,
            "weight": float(w1[k, j]),
            "activation": float(a0[j]),
            "product": float(p),
            "weight_tex": tex_number(w1[k, j]),
            "activation_tex": tex_number(a0[j]),
            "product_tex": tex_number(p),
        }
        for j, p in zip(window, products)
    ]
    row = {
        "neuron": k,
        "reason": reason,
        "terms": terms,
        "terms_shown": len(window),
        "terms_total": sizes[0],
        "shown_sum": float(products.sum()),
        "shown_sum_tex": tex_number(products.sum()),
        "full_sum": full_sum,
        "full_sum_tex": tex_number(full_sum),
        "bias": float(b1[k]),
        "bias_tex": tex_number(b1[k]),
        "z": z_k,
        "z_tex": tex_number(z_k),
        "activation": float(trace.activations[1][k]),
        "activation_tex": tex_number(trace.activations[1][k]),
    }
    row["shown_line"] = _shown_line(row)
    row["product_line"] = _product_line(row)
    row["full_line"] = _full_line(row, k, sizes[0])
    row["function_line"] = [
        _part(FUNCTION_TEX[functions[0]], "squish"),
        _part("("),
        _part(row["z_tex"]),
        _part(")"),
        _part("="),
        _part(row["activation_tex"]),
    ]

    layers = []
    for layer in range(1, len(sizes)):
        keep = k if layer == 1 else None
        shown = vector_rows(sizes[layer], keep)
        layers.append(
            {
                "layer": layer,
                "weights_shape": list(network.weights[layer - 1].shape),
                "shape_text": f"W{layer}: {sizes[layer]} × {sizes[layer - 1]}",
                "name_tex": f"a^{{({layer})}}",
                "function": functions[layer - 1],
                "function_tex": FUNCTION_TEX[functions[layer - 1]],
                "z": _vector(trace.zs[layer - 1], shown),
                "activations": _vector(trace.activations[layer], shown),
                "equation": _equation(layer, functions[layer - 1], plain=False),
            }
        )

    output = trace.output
    prediction = trace.prediction
    plot = _function_plot(network, trace.zs[0])
    correct = None if digit.label is None else prediction == digit.label
    return {
        **header("matrix", inputs),
        "input": _vector(a0, window),
        "weights": _matrix(w1, w_rows, window),
        "biases": _vector(b1, w_rows),
        # Layer 1's W a(0) + b, on the rows of W that are written out.
        "result_rows": _vector(trace.zs[0], w_rows),
        "row": row,
        "layers": layers,
        "equation": _equation(1, functions[0], plain=True),
        # The left-hand sides written beside the whole vectors of layer 1.
        "result_lhs": [_part("W", "weight"), _part("a^{(0)}"), _part("+"), _part("b", "bias"), _part("=")],
        "activation_lhs": [_part("a^{(1)}"), _part("=")],
        "function_plot": plot,
        "nested": _nested(functions),
        "output_labels": [str(d) for d in range(len(output))],
        "prediction": {
            "digit": prediction,
            "activation": float(output[prediction]),
            "activation_tex": tex_number(output[prediction]),
            "label": digit.label,
            "correct": correct,
        },
        "text": _text(sizes, functions, row, window, prediction, tex_number(output[prediction]), digit.label),
        # Fields no clip draws, kept for export and tests.
        "export_only": [
            "row.reason",
            "row.terms_shown",
            "row.terms_total",
            "layers[].weights_shape",
            "layers[].function",
            "prediction.activation",
            "prediction.label",
        ],
    }


def _text(
    sizes: list[int],
    functions: list[str],
    row: dict[str, Any],
    window: list[int],
    prediction: int,
    best: str,
    label: int | None,
) -> dict[str, Any]:
    """The words on screen and in the subtitles (``prediction``: two lines)."""
    n0, n1 = sizes[0], sizes[1]
    k = row["neuron"]
    span = f"{window[0]}{DASH}{window[-1]}" if len(window) > 1 else str(window[0])
    hidden = n0 - len(window)
    answer = verdict(prediction, label)
    if functions[0] == "sigmoid":
        squish = f"σ squishes each entry into the range 0 to 1: σ({row['z_tex']}) = {row['activation_tex']}."
    else:
        squish = f"ReLU keeps each positive entry and turns each negative one into 0: ReLU({row['z_tex']}) = {row['activation_tex']}."
    chain = ", ".join(f"a({l}) = {FUNCTION_NAME[functions[l - 1]]}(W{l} a({l - 1}) + b{l})" for l in range(2, len(sizes)))
    nested = "a(0)"
    for l in range(1, len(sizes)):
        nested = f"{FUNCTION_NAME[functions[l - 1]]}(W{l} {nested} + b{l})"
    later = (
        f"Each later layer repeats the step with its own weights and biases: {chain}."
        if chain
        else "This network has no further layer: a(1) is its output."
    )
    return {
        "title_equation": "The first layer as one matrix-vector product",
        "weights_size": f"{n1} × {n0}",
        "input_size": f"{n0} rows",
        "bias_size": f"{n1} rows",
        "result_size": f"{n1} rows",
        "weights_name": "weights W",
        "input_name": "input a(0)",
        "bias_name": "biases b",
        "result_name": "W a(0) + b",
        # Rows and columns are numbered from 0 here (the neuron clip's w_1 ... w_784 count from 1): the note says so.
        "hidden_note": f"Shown: pixels {span} (numbered from 0). The dots hide the other {hidden} of {n0} rows.",
        "row_label": f"row {k}",
        "shown_terms": f"these {len(window)} of {n0} terms add to {row['shown_sum_tex']} (products of unrounded values)",
        "full_terms": f"all {n0} terms, plus the bias:",
        "a1_note": f"the {n1} activations of layer 1",
        "layers_title": "The whole network: one step per layer",
        "prediction": [f"Largest output: {best}, for the digit {prediction}.", answer],
        "caption_vectors": (
            f"The input layer as one column a(0) of {n0} pixel values. Only pixels {span}, where this digit's ink "
            f"matters most to neuron {k}, are written out; the dots hide the other {hidden} rows. "
            f"W holds the {n1} × {n0} weights into layer 1, b its {n1} biases."
        ),
        "caption_row": (
            f"Row {k} of W times the column a(0): multiply entry by entry, then add. The {len(window)} products shown "
            f"add to {row['shown_sum_tex']}; all {n0} add to {row['full_sum_tex']}. "
            f"Plus the bias: {row['full_sum_tex']} {'-' if row['bias'] < 0 else '+'} {tex_number(abs(row['bias']))} "
            f"{sum_relation([row['full_sum'], row['bias']], row['z'])} {row['z_tex']}."
        ),
        "caption_result": f"Every row of W does the same: W a(0) + b is a column of {n1} numbers, one per neuron of layer 1.",
        "caption_sigmoid": f"{squish} Entry by entry, that gives a(1): the activations the forward clip lights up.",
        "caption_layers": later,
        "caption_answer": f"The whole network is one function of the pixels: {nested}. Largest output: {best}, for {prediction}. {answer}",
    }
