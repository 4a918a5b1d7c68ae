"""Data of the one-neuron clips: its weights, its weighted sum, the squish, the bias.

The chapter follows one neuron of the first hidden layer. Its 784 incoming
weights are a picture; multiplied pixel by pixel with the digit and added up
they give the weighted sum ``w·a = w_1 a_1 + ... + w_784 a_784``; a squishing
function turns that sum into an activation between 0 and 1; and the bias
``b`` shifts where the neuron starts to light up.

The clips follow the chapter's order, so the bias is **not** part of the
weighted sum in ``neuron-weights`` and ``neuron-sigmoid``: they show ``w·a``
and ``σ(w·a)``. ``neuron-bias`` then adds ``b`` and arrives at
``activation = f(w·a + b)``, the neuron's activation in the forward clip.

Every number a clip shows is stored in full; :func:`two_decimals` is how the
clips write them (the same rounding everywhere on screen).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import expit

from netcore.errors import NetcoreError
from netcore.inputs import SceneInputs
from netcore.network import Network
from netcore.scenedata.common import (
    FIRST_HIDDEN,
    FUNCTION_NAME,
    FUNCTION_TEX,
    axis_limit,
    choose_neuron,
    function_curve,
    header,
    strength,
    sum_relation,
    tex_number,
    two_decimals,
)

__all__ = [
    "LAYER",
    "NEURON_SCENES",
    "SHOWN_TERMS",
    "choose_neuron",
    "neuron_bias_data",
    "neuron_sigmoid_data",
    "neuron_weights_data",
    "parameter_count_data",
    "thousands",
]

# The clips follow a neuron of the first hidden layer (layer 1; layer 0 is the input).
LAYER = FIRST_HIDDEN
# How many terms of the weighted sum are written out before the ellipsis.
SHOWN_TERMS = 3


def thousands(n: int) -> str:
    """An integer with thousands separators, as the chapter writes 13,002."""
    return f"{int(n):,}"


def _subscript(n: int) -> str:
    """``n`` in Unicode subscript digits (w₇₈₄ in plain text)."""
    return str(n).translate(str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089"))


def _first_layer(inputs: SceneInputs, neuron: int) -> dict[str, Any]:
    """The neuron's weights, the digit and the sums, computed once for every clip."""
    network, pixels = inputs.network, inputs.digit.pixels
    a = pixels.reshape(-1)
    w = network.weights[LAYER - 1][neuron]
    b = float(network.biases[LAYER - 1][neuron])
    weighted_sum = float(w @ a)
    z = weighted_sum + b
    activation = float(network.layer_activation(LAYER).f(np.array(z)))
    return {"a": a, "w": w, "b": b, "weighted_sum": weighted_sum, "z": z, "activation": activation, "shape": pixels.shape}


def _neuron_fields(inputs: SceneInputs) -> tuple[int, dict[str, Any]]:
    neuron, how = choose_neuron(inputs)
    return neuron, {"layer": LAYER, "neuron": neuron, "neuron_choice": how}


def _neuron_name(neuron: int) -> str:
    return f"neuron {neuron} of the first hidden layer"


def _piece(tex: str, role: str = "text", term: int | None = None) -> dict[str, Any]:
    """One piece of a MathTex: its TeX, the role that colours it, and the written term it belongs to."""
    return {"tex": tex, "role": role, "term": term}


def _values_line(terms: list[dict[str, Any]], more: bool, total: float) -> tuple[list[dict[str, Any]], str]:
    """``= (w)(a) + (w)(a) + ... + ⋯ = total`` as pieces; "≈" when the written terms are all and do not add up."""
    pieces = [_piece("=")]
    for i, t in enumerate(terms):
        if i:
            pieces.append(_piece("+"))
        pieces += [_piece("(", term=i), _piece(t["weight_tex"], "weight", i), _piece(")(", term=i), _piece(t["activation_tex"], term=i), _piece(")", term=i)]
    if more:
        pieces += [_piece("+"), _piece(r"\cdots")]
        relation = "="  # the dots stand for the unwritten terms: the sum is exact
    else:
        written = sum(float(t["weight_tex"]) * float(t["activation_tex"]) for t in terms)
        relation = "=" if abs(written - float(tex_number(total))) < 1e-9 else r"\approx"
    return pieces, relation


def neuron_weights_data(inputs: SceneInputs) -> dict[str, Any]:
    """The ``WeightsAsPicture`` clip: weights as a picture, times the digit, summed.

    ``terms`` are the first ``SHOWN_TERMS`` pixels (in reading order, the
    order of w_1 ... w_784) that are not black: pixels with ``a = 0`` add
    nothing, so these are the first terms of the sum that count. Pixel
    ``number`` is 1-based as in the chapter's ``w_1 ... w_784`` (the screen
    says so); ``index``, ``row`` and ``col`` are 0-based.
    """
    neuron, fields = _neuron_fields(inputs)
    f = _first_layer(inputs, neuron)
    a, w, shape = f["a"], f["w"], f["shape"]
    products = w * a
    rows, cols = shape
    inked = np.flatnonzero(a)
    terms = [
        {
            "index": int(p),
            "number": int(p) + 1,
            "row": int(p) // cols,
            "col": int(p) % cols,
            "weight": w[p],
            "activation": a[p],
            "product": products[p],
            "weight_tex": tex_number(w[p]),
            "activation_tex": tex_number(a[p]),
            "label": f"pixel {int(p) + 1}",
        }
        for p in inked[:SHOWN_TERMS]
    ]
    n = a.size
    name = _neuron_name(neuron)
    values, relation = _values_line(terms, inked.size > len(terms), f["weighted_sum"])
    text = {
        "title": f"One neuron: {name}",
        "digit_label": "pixels a",
        "weights_label": "weights w",
        "product_label": "w \u00d7 a, pixel by pixel",
        "legend": "blue: positive weight    red: negative weight    brighter: larger",
        # Words of the legend drawn in the colour they name.
        "legend_colours": {"blue": "positive", "red": "negative"},
        "caption_weights": (
            f"The {n} weights into {name}, drawn as a {rows}\u00d7{cols} picture: "
            "blue positive, red negative, brighter where larger."
        ),
        "caption_product": "Multiply each pixel's value by its weight. Black pixels (a = 0) add nothing.",
        "caption_sum": (
            f"Add up all {n} products: the weighted sum is {two_decimals(f['weighted_sum'])}. "
            f"Only {inked.size} pixels are not black, so only {inked.size} terms count."
        ),
        "terms_note": (
            f"first non-black pixels: {', '.join(str(t['number']) for t in terms)} (counted from 1, as w\u2081 \u2026 w{_subscript(n)})"
            if terms
            else f"all {n} pixels are black"
        ),
        "bias_note": "The bias comes later.",
    }
    return {
        **header("neuron-weights", inputs),
        **fields,
        "pixels": inputs.digit.pixels,
        "weights": w.reshape(shape),
        "weight_strength": strength(w).reshape(shape),
        "products": products.reshape(shape),
        "product_strength": strength(products).reshape(shape),
        "inputs_count": n,
        "nonzero_pixels": int(inked.size),
        "terms": terms,
        "weighted_sum": f["weighted_sum"],
        "bias_included": False,
        "tex": {
            # Pieces of MathTex, so the clip can colour each w.
            "symbolic": ["w_1", "a_1", "+", "w_2", "a_2", "+", r"\cdots", "+", f"w_{{{n}}}", f"a_{{{n}}}"],
            # "= (w_1)(a_1) + ... + ⋯", each piece with its role and the term it belongs to.
            "values": values,
            "total": [relation, tex_number(f["weighted_sum"])],
        },
        "text": text,
        # Fields no clip draws, kept for export and tests.
        "export_only": ["weights", "products", "inputs_count", "nonzero_pixels", "weighted_sum", "bias_included"],
    }


def neuron_sigmoid_data(inputs: SceneInputs) -> dict[str, Any]:
    """The ``SquishWithSigmoid`` clip: σ squishes the weighted sum into [0, 1].

    As in the chapter the bias is not added yet: every value here is the
    weighted sum ``w·a`` (without ``b``) and ``σ(w·a)``; ``neuron-bias`` adds
    ``b``. ``neurons`` has the same for all first-layer neurons, with ReLU
    (``max(0, w·a)``) for the chapter's closing comparison. The curves are
    sampled here and cut at the top of their axes.
    """
    neuron, fields = _neuron_fields(inputs)
    f = _first_layer(inputs, neuron)
    network = inputs.network
    own = network.layer_activation(LAYER).name
    sums = network.weights[LAYER - 1] @ f["a"]
    squished = expit(sums)
    relu = np.maximum(sums, 0.0)
    limit = axis_limit(sums)
    relu_limit = axis_limit(relu)
    size = network.sizes[LAYER]
    value = f["weighted_sum"]
    wa_tex, sq_tex = tex_number(value), tex_number(expit(value))
    if own == "sigmoid":
        trained = "This network's neurons use the sigmoid; here is ReLU on the same sums for comparison."
        all_note = "squished the same way"
    else:
        trained = "This network was trained with ReLU: its neurons use the right-hand curve."
        all_note = "put through the sigmoid for comparison (this network's own neurons use ReLU)"
    text = {
        "title": "Squish it with the sigmoid",
        "formula": r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        "relu_formula": r"\mathrm{ReLU}(x) = \max(0, x)",
        "x_label": "w\u00b7a",
        "neuron_label": f"neuron {neuron}, no bias yet",
        "all_label": f"all {size} neurons of the first hidden layer",
        "caption_curve": "The sigmoid squishes any number into the range 0 to 1: very negative gives about 0, very positive about 1.",
        "caption_neuron": (
            f"Neuron {neuron}'s weighted sum, {two_decimals(value)} (no bias yet), "
            f"goes up to the curve and across: \u03c3({two_decimals(value)}) = {two_decimals(expit(value))}."
        ),
        "caption_all": f"The weighted sums of all {size} first-layer neurons for this digit, {all_note}.",
        "caption_relu": f"Modern networks often use ReLU, max(0, x), instead: easier to train. {trained}",
        "sigmoid_label": "sigmoid",
        "relu_label": "ReLU",
    }
    return {
        **header("neuron-sigmoid", inputs),
        **fields,
        "activation_function": own,
        "bias_included": False,
        "weighted_sum": value,
        "squished": float(expit(value)),
        "neurons": [
            {"neuron": j, "weighted_sum": sums[j], "sigmoid": squished[j], "relu": relu[j]} for j in range(size)
        ],
        "x_limit": limit,
        "relu_y_limit": relu_limit,
        "sigmoid_curve": function_curve("sigmoid", (-limit, limit), 1.0),
        "relu_curve": function_curve("relu", (-limit, limit), relu_limit),
        "labels": {
            "weighted_sum": two_decimals(value),
            "squished": two_decimals(expit(value)),
        },
        # MathTex (an ASCII minus, which TeX sets as a minus sign); lists are pieces, the first the function.
        "tex": {
            "sum": rf"w \cdot a = {wa_tex}",
            "value": [r"\sigma", f"({wa_tex})", "=", sq_tex],
        },
        "text": text,
        "export_only": ["bias_included", "labels", "neurons[].neuron"],
    }


def neuron_bias_data(inputs: SceneInputs) -> dict[str, Any]:
    """The ``IncludeBias`` clip: the bias shifts where the neuron lights up.

    ``activation`` is ``f(w·a + b)`` with the network's own hidden-layer
    activation ``f``: the very value the forward clip shows for this neuron.
    ``threshold = -b`` is where ``w·a + b`` crosses 0 (for the sigmoid, where
    the activation passes 0.5). The curve ``f(x)`` before and ``f(x + b)``
    after are sampled here and cut at the top of the axes.
    """
    neuron, fields = _neuron_fields(inputs)
    f = _first_layer(inputs, neuron)
    network = inputs.network
    function = network.layer_activation(LAYER).name
    wa, b, z = f["weighted_sum"], f["b"], f["z"]
    threshold = -b
    without_bias = float(network.layer_activation(LAYER).f(np.array(wa)))
    symbol, name = FUNCTION_TEX[function], FUNCTION_NAME[function]
    n = f["a"].size
    lights = "passes 0.5" if function == "sigmoid" else "leaves 0"
    # The sum as written; "≈" when its rounded terms do not add up to the rounded z.
    relation = sum_relation([wa, b], z)
    op = "-" if b < 0 else "+"
    minus_or_plus = "\u2212" if b < 0 else "+"
    x_limit = axis_limit([wa, z, threshold])
    y_limit = 1.0 if function == "sigmoid" else axis_limit([max(wa, 0.0), max(z, 0.0)])
    if function == "sigmoid":
        without = f"Without a bias, the sigmoid squishes neuron {neuron}'s weighted sum {two_decimals(wa)} to {two_decimals(without_bias)}"
    else:
        without = f"Without a bias, ReLU keeps neuron {neuron}'s weighted sum {two_decimals(wa)} if positive, giving {two_decimals(without_bias)}"
    text = {
        "title": "Add the bias",
        "x_label": "w\u00b7a",
        # Pieces of MathTex, so the clip can colour the function, each w and b.
        "formula": [symbol, "(", "w_1", "a_1", "+", "w_2", "a_2", "+", r"\cdots", "+", f"w_{{{n}}}", f"a_{{{n}}}", "+", "b", ")"],
        # Pieces: the function, its argument, "=", the value.
        "before": [symbol, f"({tex_number(wa)})", "=", tex_number(without_bias)],
        "sum_label": rf"w \cdot a = {tex_number(wa)}",
        "bias_label": rf"b = {tex_number(b)}",
        "threshold_label": rf"w \cdot a = {tex_number(threshold)}",
        "rule": f"lights up only when w\u00b7a > {two_decimals(threshold)}",
        # Pieces: f, (w·a ± |b|), = or ≈, f, (z), =, the activation (boxed by the clip, the last piece).
        "result": [
            symbol,
            f"({tex_number(wa)} {op} {tex_number(abs(b))})",
            "=" if relation == "=" else r"\approx",
            symbol,
            f"({tex_number(z)})",
            "=",
            tex_number(f["activation"]),
        ],
        "caption_sum": f"{without}, and lights up once w\u00b7a > 0.",
        "caption_bias": (
            f"Its bias b = {two_decimals(b)} moves that point: its activation {lights} "
            f"only when the weighted sum exceeds \u2212b = {two_decimals(threshold)}."
        ),
        "caption_result": (
            f"With the bias: {name}({two_decimals(wa)} {minus_or_plus} {two_decimals(abs(b))}) "
            f"{relation} {name}({two_decimals(z)}) = {two_decimals(f['activation'])}, this neuron's activation in the forward pass."
        ),
        "forward_note": "the same activation as in the forward pass",
    }
    return {
        **header("neuron-bias", inputs),
        **fields,
        "activation_function": function,
        "weighted_sum": wa,
        "bias": b,
        "threshold": threshold,
        "z": z,
        "activation_without_bias": without_bias,
        "activation": f["activation"],
        "x_limit": x_limit,
        # The activation axis: [0, 1] for the sigmoid, up to the largest value shown for ReLU.
        "y_limit": y_limit,
        "curve_before": function_curve(function, (-x_limit, x_limit), y_limit),
        "curve_after": function_curve(function, (-x_limit, x_limit), y_limit, shift=b),
        "labels": {
            "weighted_sum": two_decimals(wa),
            "bias": two_decimals(b),
            "threshold": two_decimals(threshold),
            "z": two_decimals(z),
            "activation_without_bias": two_decimals(without_bias),
            "activation": two_decimals(f["activation"]),
        },
        "text": text,
        "export_only": ["activation_function", "weighted_sum", "bias", "z", "activation", "labels"],
    }


def _parameter_counts(network: Network) -> dict[str, Any]:
    sizes = network.sizes
    weights = [{"from": n_in, "to": n_out, "count": n_in * n_out} for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [{"layer": layer, "count": n} for layer, n in enumerate(sizes[1:], start=1)]
    weights_total = sum(t["count"] for t in weights)
    biases_total = sum(t["count"] for t in biases)
    return {"weights": weights, "biases": biases, "weights_total": weights_total, "biases_total": biases_total}


def _sum_pieces(terms: list[str], total: str, always: bool = False) -> list[str]:
    """``t1 + t2 + ... = total`` as MathTex pieces; a single term is its own total (no "10 = 10") unless ``always``."""
    pieces: list[str] = []
    for i, term in enumerate(terms):
        pieces += (["+"] if i else []) + [term]
    return pieces + ["=", total] if always or len(terms) > 1 else pieces


def parameter_count_data(inputs: SceneInputs) -> dict[str, Any]:
    """The ``CountParameters`` clip: every weight and bias of the network, counted.

    Counted from ``network.sizes`` (784 x 16 + 16 x 16 + 16 x 10 weights and
    16 + 16 + 10 biases = 13,002 for the chapter's network), and checked
    against the arrays actually loaded.
    """
    network = inputs.network
    counts = _parameter_counts(network)
    total = counts["weights_total"] + counts["biases_total"]
    if total != network.parameter_count:  # cannot happen for a network that passed its shape checks
        raise NetcoreError(f"parameter count {total} from sizes disagrees with {network.parameter_count} loaded")
    weights_words = " + ".join(f"{t['from']} \u00d7 {t['to']}" for t in counts["weights"])
    comma = "{,}"  # keeps TeX from spacing the thousands separator as punctuation
    text = {
        "title": "How many knobs to turn?",
        "weights_terms_tex": [rf"{t['from']} \times {t['to']}" for t in counts["weights"]],
        # The sums as MathTex pieces: terms, "+" between them, then "=" and the total when there are several terms.
        "weights_line": _sum_pieces([rf"{t['from']} \times {t['to']}" for t in counts["weights"]], thousands(counts["weights_total"]).replace(",", comma), always=True),
        "biases_line": _sum_pieces([str(t["count"]) for t in counts["biases"]], thousands(counts["biases_total"]).replace(",", comma)),
        "weights_total_tex": thousands(counts["weights_total"]).replace(",", comma),
        "biases_terms_tex": [str(t["count"]) for t in counts["biases"]],
        "biases_total_tex": thousands(counts["biases_total"]).replace(",", comma),
        "total_tex": thousands(total).replace(",", comma),
        "weights_word": "weights",
        "biases_word": "biases",
        "total_word": "weights and biases in total",
        "caption_weights": (
            "Every neuron connects to every neuron of the layer before, each connection with its own weight: "
            f"{weights_words} = {thousands(counts['weights_total'])} weights."
        ),
        "caption_biases": (
            f"Every neuron after the input has its own bias: {' + '.join(str(t['count']) for t in counts['biases'])} "
            f"= {thousands(counts['biases_total'])} biases."
            if len(counts["biases"]) > 1
            else f"Every neuron after the input has its own bias: {thousands(counts['biases_total'])} biases."
        ),
        "caption_total": (
            f"{thousands(total)} weights and biases in all: knobs and dials that learning will tune."
        ),
    }
    return {
        **header("parameter-count", inputs),
        **counts,
        "total": total,
        "labels": {
            "weights_total": thousands(counts["weights_total"]),
            "biases_total": thousands(counts["biases_total"]),
            "total": thousands(total),
        },
        "text": text,
        "export_only": ["labels", "weights", "biases", "weights_total", "biases_total", "text.weights_terms_tex", "text.weights_total_tex", "text.biases_terms_tex", "text.biases_total_tex"],
    }


# Scene-data name -> function, registered in ``netcore.scenedata.SCENES``.
NEURON_SCENES = {
    "neuron-weights": neuron_weights_data,
    "neuron-sigmoid": neuron_sigmoid_data,
    "neuron-bias": neuron_bias_data,
    "parameter-count": parameter_count_data,
}
