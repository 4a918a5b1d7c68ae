"""The matrix beat's words and steps: a⁽¹⁾ = σ(W a⁽⁰⁾ + b) with the real entries, then the whole network.

W is drawn in the "weight" colour, b in the "bias" colour and the activation
function in the "squish" colour, in every formula of the beat.
"""

from __future__ import annotations

from dataclasses import dataclass

from netcore.inputs import SceneInputs
from netcore.network import ACTIVATIONS
from netcore.scenedata.matrix import Column, LayerStep, MatrixNumbers, Slot, WorkedRow, matrix_numbers
from storyboard.record import Record, Step, header
from storyboard.tex import Formula, Piece, formula
from storyboard.words import FUNCTION_NAME, FUNCTION_TEX, MINUS, decimals_that_add_up, decimals_that_map, decimals_that_multiply, numbers_text, superscript, tex_number, two_decimals, verdict

__all__ = ["BlockName", "ColumnWords", "MatrixWords", "matrix_record"]

DASH = "\u2013"
VDOTS, CDOTS, DDOTS = r"\vdots", r"\cdots", r"\ddots"
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class ColumnWords:
    """A column vector as written: each slot's TeX entry (a number or ⋮) and its index label."""

    entries: list[str]
    labels: list[str]


@dataclass(frozen=True)
class BlockName:
    """The name under a block of the product: its symbol (TeX) and its size in words."""

    symbol: Formula
    size: str


@dataclass(frozen=True)
class MatrixWords:
    """Every word and formula the matrix beat draws."""

    title: Formula  # a^(1) = σ(W a^(0) + b)
    weights: list[list[str]]  # W's cells as TeX, ⋯ ⋮ ⋱ where elided
    weight_rows: list[str]  # row labels (a range for an ellipsis)
    weight_cols: list[str]  # column labels: the shown pixels only ("" over an ellipsis; a(0)'s rows say the range)
    input: ColumnWords
    biases: ColumnWords
    result: ColumnWords
    names: list[BlockName]  # under W, a(0), b and W a(0) + b
    hidden_note: str
    picture_label: str  # beside the followed neuron's weight picture, before it becomes row k of W
    pairs: Formula  # "weight i", "dot i", "activation i", "plus i"
    products: Formula  # "product i", "plus i", "equals", "shown sum"
    shown_note: str
    full: Formula  # "symbolic" (Σ W a + b =), "numeric" (the sums) and "z"
    full_note: str
    result_lhs: Formula  # W a^(0) + b =
    activation_lhs: Formula  # a^(1) =
    function: Formula  # the activation function's symbol alone, "function"
    layer_z: ColumnWords  # every row of layer 1's W a(0) + b
    entry: Formula  # f(z_k) = a_k
    a1_note: str
    equations: list[Formula]  # a^(l) = f(W_l a^(l-1) + b_l), per layer
    shapes: list[Formula]  # W_l: n_out × n_in
    heads: list[Formula]  # a^(l)
    map_names: list[Formula]  # W_2, W_3, ...: over each later layer's weights drawn as a picture
    maps_note: str
    activations: list[ColumnWords]  # per layer
    nested: Formula
    output_labels: list[str]
    prediction: list[str]  # two lines


def _sup(layer: int) -> str:
    """a⁽ˡ⁾ in plain text (captions)."""
    return f"a{superscript(f'({layer})')}"


def _sub(symbol: str, layer: int) -> str:
    """W₁, b₁ in plain text (captions)."""
    return f"{symbol}{str(layer).translate(_SUBSCRIPT)}"


def _label(slot: Slot) -> str:
    return str(slot.first) if slot.first == slot.last else f"{slot.first}{DASH}{slot.last}"


def _column_words(column: Column) -> ColumnWords:
    return ColumnWords(
        entries=[VDOTS if value is None else tex_number(value) for value in column.values],
        labels=[_label(slot) for slot in column.slots],
    )


def _cell(value: float | None, row: Slot, col: Slot) -> str:
    if value is not None:
        return tex_number(value)
    if not row.shown and not col.shown:
        return DDOTS
    return VDOTS if not row.shown else CDOTS


def _paren(text: str) -> str:
    """A negative number in brackets, so "+ (-0.35)" and "0.99 \\cdot (-0.54)" read right."""
    return f"({text})" if text.startswith("-") else text


def _step_formula(layer: int, function: str, subscript: bool) -> Formula:
    """a^(l) = f(W_l a^(l-1) + b_l), or without the layer subscripts."""
    sub = f"_{{{layer}}}" if subscript else ""
    return formula(
        Piece(f"a^{{({layer})}}", name="lhs"),
        "=",
        Piece(FUNCTION_TEX[function], "squish", "function"),
        Piece("(", "squish"),
        Piece(f"W{sub}", "weight", "W"),
        Piece(f"a^{{({layer - 1})}}", name="input"),
        "+",
        Piece(f"b{sub}", "bias", "b"),
        Piece(")", "squish"),
    )


def _nested(functions: list[str]) -> Formula:
    """The output as one composed function of a^(0)."""
    pieces: list[Piece | str] = [f"a^{{({len(functions)})}}", "="]
    for layer in range(len(functions), 0, -1):
        pieces += [Piece(FUNCTION_TEX[functions[layer - 1]], "squish"), Piece("(", "squish"), Piece(f"W_{{{layer}}}", "weight")]
    pieces.append("a^{(0)}")
    for layer in range(1, len(functions) + 1):
        pieces += ["+", Piece(f"b_{{{layer}}}", "bias"), Piece(")", "squish")]
    return formula(*pieces)


def _pairs(row: WorkedRow) -> Formula:
    """The written terms as pairs: w_j · a_j + ..., each piece named after its term, with as many
    decimals as make each pair multiply out to its product as written."""
    d = decimals_that_multiply((t.weight, t.activation, t.product) for t in row.terms)
    pieces: list[Piece] = []
    for i, t in enumerate(row.terms):
        if i:
            pieces.append(Piece("+", name=f"plus {i}"))
        pieces += [
            Piece(_paren(tex_number(t.weight, d)), "weight", f"weight {i}"),
            Piece(r"\cdot", name=f"dot {i}"),
            Piece(_paren(tex_number(t.activation, d)), name=f"activation {i}"),
        ]
    return formula(*pieces)


def _products(row: WorkedRow) -> Formula:
    """The same terms multiplied out, and their sum as written: p_0 + p_1 + ... = (the written products' sum).

    The sum is that of the products as written, so the line adds up on screen (six products
    rounded to two decimals may add to −3.80 where their unrounded sum is −3.787).
    """
    pieces: list[Piece] = []
    for i, t in enumerate(row.terms):
        if i:
            pieces.append(Piece("+", name=f"plus {i}"))
        pieces.append(Piece(_paren(tex_number(t.product)), name=f"product {i}"))
    written = sum(float(tex_number(t.product)) for t in row.terms)
    return formula(*pieces, Piece("=", name="equals"), Piece(tex_number(written), name="shown sum"))


def _with_bias(row: WorkedRow, function: str, tex: bool) -> tuple[str, str, str, str, str]:
    """(sum, "+" or "-", |b|, relation, z) written with as many decimals as make the sum add up, and z's
    activation come out as written, as in the bias beat."""
    n = row.neuron
    d = max(decimals_that_add_up([n.weighted_sum, n.bias], n.z), decimals_that_map(n.z, n.activation, ACTIVATIONS[function].f))
    written = sum(float(tex_number(v, d)) for v in (n.weighted_sum, n.bias))
    adds_up = tex_number(written, d) == tex_number(n.z, d)
    text = tex_number if tex else numbers_text
    op = ("-" if tex else MINUS) if n.bias < 0 else "+"
    relation = "=" if adds_up else (r"\approx" if tex else "\u2248")
    return text(n.weighted_sum, d), op, text(abs(n.bias), d), relation, text(n.z, d)


def _full(row: WorkedRow, function: str) -> Formula:
    """Σ_j W_kj a_j + b_k = (the sum over every input) ± |b_k| = z_k."""
    k, n_in = row.neuron.neuron, row.terms_total
    total, op, bias, relation, z = _with_bias(row, function, tex=True)
    symbolic = [
        Piece(rf"\sum_{{j=0}}^{{{n_in - 1}}}", name="symbolic"),
        Piece(f"W_{{{k},j}}", "weight", "symbolic"),
        Piece("a^{(0)}_j", name="symbolic"),
        Piece("+", name="symbolic"),
        Piece(f"b_{{{k}}}", "bias", "symbolic"),
        Piece("=", name="symbolic"),
    ]
    numeric = [Piece(total, name="numeric"), Piece(op, name="numeric"), Piece(bias, "bias", "numeric"), Piece(relation, name="numeric")]
    return formula(*symbolic, *numeric, Piece(z, name="z"))


def _names(numbers: MatrixNumbers) -> list[BlockName]:
    n1, n0 = numbers.weights.shape
    return [
        BlockName(formula(Piece("W", "weight")), f"{n1} \u00d7 {n0} weights"),
        BlockName(formula("a^{(0)}"), f"{n0} pixels"),
        BlockName(formula(Piece("b", "bias")), f"{n1} biases"),
        BlockName(formula(Piece("W", "weight"), "a^{(0)}", "+", Piece("b", "bias")), f"{n1} rows"),
    ]


def _layer_words(layers: list[LayerStep]) -> dict:
    return {
        "equations": [_step_formula(s.layer, s.function, subscript=True) for s in layers],
        "shapes": [formula(Piece(f"W_{{{s.layer}}}", "weight"), rf":\ {s.weights_shape[0]} \times {s.weights_shape[1]}") for s in layers],
        "heads": [formula(f"a^{{({s.layer})}}") for s in layers],
        "map_names": [formula(Piece(f"W_{{{s.layer}}}", "weight")) for s in layers[1:]],
        "maps_note": "each square one weight: blue positive, red negative,\neach scaled to its own matrix's largest",
        "activations": [_column_words(s.activations) for s in layers],
        "nested": _nested([s.function for s in layers]),
    }


def _words(numbers: MatrixNumbers, label: int | None) -> MatrixWords:
    row, block, first = numbers.row, numbers.weights, numbers.layers[0]
    n0, shown = row.terms_total, len(row.terms)
    symbol = FUNCTION_TEX[first.function]
    best = numbers.prediction
    return MatrixWords(
        title=_step_formula(1, first.function, subscript=False),
        weights=[[_cell(v, r, c) for v, c in zip(values, block.cols)] for values, r in zip(block.values, block.rows)],
        weight_rows=[_label(s) for s in block.rows],
        weight_cols=[_label(s) if s.shown else "" for s in block.cols],
        input=_column_words(numbers.input),
        biases=_column_words(numbers.biases),
        result=_column_words(numbers.result),
        names=_names(numbers),
        picture_label=f"neuron {row.neuron.neuron}'s {n0} weights,\nthe picture of the weights beat:\nread row after row, they are row {row.neuron.neuron} of W",
        hidden_note=f"Shown: pixels {_span(numbers)} (numbered from 0). The dots hide the other {numbers.input.hidden_count} of {n0} rows.",
        pairs=_pairs(row),
        products=_products(row),
        shown_note=f"the {shown} largest of {n0} terms, each rounded to two decimals",
        full=_full(row, first.function),
        full_note=f"all {n0} terms, plus the bias:",
        result_lhs=formula(Piece("W", "weight"), "a^{(0)}", "+", Piece("b", "bias"), "="),
        activation_lhs=formula("a^{(1)}", "="),
        function=formula(Piece(symbol, "squish", "function")),
        layer_z=_column_words(first.z),
        entry=formula(Piece(symbol, "squish"), f"({_with_bias(row, first.function, tex=True)[4]})", "=", tex_number(row.neuron.activation)),
        a1_note=f"the {first.z.size} activations of layer 1",
        output_labels=[str(d) for d in range(len(best.outputs))],
        prediction=[f"Largest output: {two_decimals(best.activation)}, for the digit {best.digit}.", verdict(best.digit, label, "So the formula answers")],
        **_layer_words(numbers.layers),
    )


def _span(numbers: MatrixNumbers) -> str:
    window = [s.first for s in numbers.input.slots if s.shown]
    return f"{window[0]}{DASH}{window[-1]}" if len(window) > 1 else str(window[0])


def _steps(numbers: MatrixNumbers, label: int | None) -> tuple[Step, ...]:
    row, layers, best = numbers.row, numbers.layers, numbers.prediction
    k, n1, n0 = row.neuron.neuron, *numbers.weights.shape
    total, op, bias, relation, z = _with_bias(row, layers[0].function, tex=False)
    first, name = layers[0].function, FUNCTION_NAME[layers[0].function]
    activation = f"{name}({z}) = {two_decimals(row.neuron.activation)}"
    if first == "sigmoid":
        squish = f"σ squishes each entry into the range 0 to 1: {activation}."
    else:
        squish = f"ReLU keeps each positive entry and turns each negative one into 0: {activation}."
    chain = ", ".join(
        f"{_sup(s.layer)} = {FUNCTION_NAME[s.function]}({_sub('W', s.layer)} {_sup(s.layer - 1)} + {_sub('b', s.layer)})" for s in layers[1:]
    )
    if chain:
        later = f"Each later layer repeats the step with its own weights and biases: {chain}."
    else:
        later = f"This network has no further layer: {_sup(1)} is its output."
    nested = _sup(0)
    for s in layers:
        nested = f"{FUNCTION_NAME[s.function]}({_sub('W', s.layer)} {nested} + {_sub('b', s.layer)})"
    return (
        Step(
            "vectors",
            f"The input layer as one column {_sup(0)} of {n0} pixel values; only pixels {_span(numbers)}, where the ink "
            f"matters most to neuron {k}, are written out. W holds the {n1} \u00d7 {n0} weights into layer 1, b its {n1} biases.",
        ),
        Step(
            "row",
            f"Neuron {k}'s weight picture, read row after row, is row {k} of W. Row {k} times the column {_sup(0)}: multiply entry by entry, then add. {len(row.terms)} of the products "
            f"are shown; all {n0} add to {total}. Plus the bias: {total} {op} {bias} {relation} {z}.",
        ),
        Step("result", f"Every row of W does the same: W {_sup(0)} + b is a column of {n1} numbers, one per neuron of layer 1."),
        Step("sigmoid", f"{squish} Entry by entry, that gives {_sup(1)}: the activations of the forward pass."),
        Step("layers", later),
        Step(
            "answer",
            f"The whole network is one function of the pixels: {nested}. "
            f"Largest output: {two_decimals(best.activation)}, for {best.digit}. {verdict(best.digit, label, 'So the formula answers')}",
            f"So the whole network is one function of the pixels: each layer's step wrapped around the one before. "
            f"Its largest output is {two_decimals(best.activation)}, for {best.digit}. {verdict(best.digit, label, 'So the formula answers')}",
        ),
    )


def matrix_record(inputs: SceneInputs) -> Record[MatrixNumbers, MatrixWords]:
    """The record of the matrix beat."""
    numbers = matrix_numbers(inputs)
    label = inputs.digit.label
    return Record(header("matrix", inputs), _steps(numbers, label), numbers, _words(numbers, label))
