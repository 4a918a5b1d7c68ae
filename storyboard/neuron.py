"""The one-neuron beats' words and steps: weights as a picture, the squish, the bias, the parameter count."""

from __future__ import annotations

from dataclasses import dataclass

from netcore.inputs import SceneInputs
from netcore.network import ACTIVATIONS
from netcore.scenedata.common import FollowedNeuron
from netcore.scenedata.neuron import (
    BiasNumbers,
    ParameterNumbers,
    SigmoidNumbers,
    WeightsNumbers,
    bias_numbers,
    parameter_numbers,
    sigmoid_numbers,
    weights_numbers,
)
from storyboard.record import Record, Step, header
from storyboard.tex import Formula, Piece, formula, signed_sum
from storyboard.words import FUNCTION_NAME, FUNCTION_TEX, MINUS, decimals_that_add_up, decimals_that_map, decimals_that_multiply, numbers_text, tex_number, thousands, two_decimals

__all__ = ["BiasWords", "ParameterWords", "SigmoidWords", "WeightsWords", "bias_record", "parameter_record", "sigmoid_record", "weights_record"]


def _neuron_name(neuron: FollowedNeuron) -> str:
    return f"neuron {neuron.neuron} of the first hidden layer"


def _inputs_sum(n: int, bias: bool = False, function: str | None = None, lead: bool = False) -> Formula:
    """``w_0 a_0 + w_1 a_1 + ⋯ + w_{n-1} a_{n-1}`` (pixels counted from 0 in the whole chapter), ``+ b``
    with ``bias``, wrapped in ``function(...)`` if given, led by ``w·a =`` with ``lead``."""
    pieces: list[Piece | str] = [Piece(r"w \cdot a =", name="lead")] if lead else []
    pieces += [Piece("w_0", "weight", "first"), "a_0", "+", Piece("w_1", "weight"), "a_1", "+", r"\cdots", "+"]
    pieces += [Piece(f"w_{{{n - 1}}}", "weight"), f"a_{{{n - 1}}}"]
    if bias:
        pieces += ["+", Piece("b", "bias", "b")]
    if function is not None:
        pieces = [Piece(FUNCTION_TEX[function], "squish", "function"), "(", *pieces, ")"]
    return formula(*pieces)


@dataclass(frozen=True)
class WeightsWords:
    """Every word and formula the weights beat draws."""

    title: str
    edges_label: str  # beside the neuron among its layer, before its edges become the picture
    digit_label: str
    weights_label: str
    product_label: str
    legend: str
    legend_roles: dict[str, str]  # a word of the legend -> the colour role it is drawn in
    symbolic: Formula  # w·a = w_0 a_0 + ... , its first term called "first"
    values: Formula  # "= (w)(a) + ... + ⋯", the pieces of term i called "term i"
    products: Formula  # "= p_0 + p_1 + p_2 + rest = total": pieces "product i", "rest", "total"
    term_labels: list[str]
    rest_label: str
    note: str


def _values(numbers: WeightsNumbers) -> Formula:
    """``= (w)(a) + (w)(a) + ... + ⋯``: the written terms, each weight coloured by its sign, with as many
    decimals as make each pair multiply out to its product as written on the next line."""
    d = decimals_that_multiply((t.weight, t.activation, t.product) for t in numbers.terms)
    pieces: list[Piece | str] = [Piece("=", name="equals")]
    for i, t in enumerate(numbers.terms):
        name = f"term {i}"
        if i:
            pieces.append("+")
        sign = "positive" if t.weight >= 0 else "negative"
        pieces += [Piece("(", name=name), Piece(tex_number(t.weight, d), sign, name), Piece(")(", name=name)]
        pieces += [Piece(tex_number(t.activation, d), name=name), Piece(")", name=name)]
    if numbers.nonzero_pixels > len(numbers.terms):
        pieces += ["+", r"\cdots"]
    return formula(*pieces)


def _products(numbers: WeightsNumbers) -> Formula:
    """``= p_0 + p_1 + p_2 + rest = total``, written so that it adds up as shown.

    The products and the total are written at two decimals; the rest is
    written as the total minus the written products, so it is within a
    rounding of the true rest and the line adds up exactly on screen.
    """
    written = [float(tex_number(t.product)) for t in numbers.terms]
    total = float(tex_number(numbers.neuron.weighted_sum))
    terms = [(tex_number(t.product), "text", f"product {i}") for i, t in enumerate(numbers.terms)]
    if numbers.nonzero_pixels > len(numbers.terms):
        terms.append((tex_number(total - sum(written)), "muted", "rest"))
    return formula(Piece("=", name="equals"), *signed_sum(terms), "=", Piece(tex_number(total), "highlight", "total"))


def weights_record(inputs: SceneInputs) -> Record[WeightsNumbers, WeightsWords]:
    """The record of the weights beat."""
    numbers = weights_numbers(inputs)
    rows, cols = numbers.pixels.shape
    n, inked, name = rows * cols, numbers.nonzero_pixels, _neuron_name(numbers.neuron)
    shown = len(numbers.terms)
    words = WeightsWords(
        title=f"One neuron: {name}",
        edges_label=f"neuron {numbers.neuron.neuron}:\nits {n} incoming edges,\none weight per pixel\n({len(numbers.edges.inputs)} of them drawn)",
        digit_label="pixels a",
        weights_label="weights w",
        product_label="w \u00d7 a, pixel by pixel",
        legend="blue: positive weight    red: negative weight    stronger colour: larger",
        legend_roles={"blue": "positive", "red": "negative"},
        symbolic=_inputs_sum(n, lead=True),
        values=_values(numbers),
        products=_products(numbers),
        term_labels=[f"pixel {t.index}" for t in numbers.terms],
        rest_label=f"the other {n - shown}",
        note=f"The {shown} largest of {n} products, written out (pixels counted from 0).  The bias comes later.",
    )
    steps = (
        Step(
            "edges",
            f"Follow one neuron: {name}. Each of its {n} incoming edges carries a weight, one for each pixel.",
        ),
        Step(
            "weights",
            f"Put each of those {n} weights where its pixel is: a {rows}\u00d7{cols} picture, blue positive, red negative, "
            "stronger colour where larger.",
        ),
        Step("product", "Multiply each pixel's value by its weight. Blank paper (a = 0) adds nothing."),
        Step(
            "sum",
            f"Add up all {n} products: the weighted sum is {two_decimals(numbers.neuron.weighted_sum)}. "
            f"Only {inked} pixels have ink, and the {shown} largest products are written out.",
        ),
    )
    return Record(header("neuron-weights", inputs), steps, numbers, words)


@dataclass(frozen=True)
class SigmoidWords:
    """Every word and formula the sigmoid beat draws."""

    title: str
    formula: Formula
    relu_formula: Formula
    neuron_label: str
    all_label: str
    outside_note: str  # "" when every sum fits on the axes
    relu_title: str
    sigmoid_label: str
    relu_label: str
    sum_label: Formula
    value: Formula


def _outside_note(numbers: SigmoidNumbers) -> str:
    """What the axes leave out, said on screen."""
    outside = sum(n.outside for n in numbers.neurons)
    if not outside:
        return ""
    sums = "sum lies" if outside == 1 else "sums lie"
    return f"{outside} {sums} beyond \u00b1{numbers.x_limit:g}: drawn hollow at the edge"


def sigmoid_record(inputs: SceneInputs) -> Record[SigmoidNumbers, SigmoidWords]:
    """The record of the sigmoid beat."""
    numbers = sigmoid_numbers(inputs)
    neuron, value = numbers.neuron.neuron, numbers.neuron.weighted_sum
    written = numbers_text(value, decimals_that_map(value, numbers.squished, ACTIVATIONS["sigmoid"].f))
    size = len(numbers.neurons)
    if numbers.activation_function == "sigmoid":
        trained = "This network's neurons use the sigmoid; here is ReLU on the same sums for comparison."
        all_note = "squished the same way"
    else:
        trained = "This network was trained with ReLU: its neurons use the right-hand curve."
        all_note = "put through the sigmoid for comparison (this network's own neurons use ReLU)"
    words = SigmoidWords(
        title="Squish it with the sigmoid",
        formula=formula(Piece(r"\sigma", "squish", "function"), r"(x) = \frac{1}{1 + e^{-x}}"),
        relu_formula=formula(Piece(r"\mathrm{ReLU}", "squish", "function"), r"(x) = \max(0, x)"),
        neuron_label=f"neuron {neuron}, no bias yet",
        all_label=f"all {size} neurons of the first hidden layer",
        outside_note=_outside_note(numbers),
        relu_title="Or ReLU, on the same sums",
        sigmoid_label="sigmoid",
        relu_label="ReLU",
        sum_label=formula(Piece(rf"w \cdot a = {tex_number(value)}", "highlight")),
        value=formula(Piece(r"\sigma", "squish", "function"), f"({written.replace(MINUS, '-')})", "=", tex_number(numbers.squished)),
    )
    steps = (
        Step("curve", "The sigmoid squishes any number into the range 0 to 1: very negative gives about 0, very positive about 1."),
        Step(
            "neuron",
            f"Neuron {neuron}'s weighted sum, {two_decimals(value)} (no bias yet), goes up to the curve and across: "
            f"\u03c3({written}) = {two_decimals(numbers.squished)}.",
        ),
        Step("all", f"The weighted sums of all {size} first-layer neurons for this digit, {all_note}."),
        Step("relu", f"Modern networks often use ReLU, max(0, x), instead: easier to train. {trained}"),
    )
    return Record(header("neuron-sigmoid", inputs), steps, numbers, words)


@dataclass(frozen=True)
class BiasWords:
    """Every word and formula the bias beat draws."""

    title: str
    formula: Formula
    before: Formula
    sum_label: Formula
    bias_label: Formula
    threshold_label: Formula
    rule: str
    result: Formula  # its last piece, "activation", is boxed
    forward_note: str


def _result(numbers: BiasNumbers) -> Formula:
    """``f(w·a ± |b|) = f(z) = activation``, with as many decimals as make the sum add up as written
    and f(z) as written give the activation as written."""
    n, symbol = numbers.neuron, FUNCTION_TEX[numbers.activation_function]
    d = _bias_decimals(numbers)
    op = "-" if n.bias < 0 else "+"
    return formula(
        Piece(symbol, "squish", "function"),
        f"({tex_number(n.weighted_sum, d)} {op} {tex_number(abs(n.bias), d)})",
        "=",
        Piece(symbol, "squish", "function"),
        f"({tex_number(n.z, d)})",
        "=",
        Piece(tex_number(n.activation), name="activation"),
    )


def _bias_decimals(numbers: BiasNumbers) -> int:
    """Decimals for w·a, b and z at which w·a + b = z adds up as written and f(z) as written gives the activation."""
    n, f = numbers.neuron, ACTIVATIONS[numbers.activation_function].f
    return max(decimals_that_add_up([n.weighted_sum, n.bias], n.z), decimals_that_map(n.z, n.activation, f))


def _bias_effect(numbers: BiasNumbers) -> str:
    """What the bias does to this neuron's point, said truly even when it barely moves."""
    before, after = two_decimals(numbers.activation_without_bias), two_decimals(numbers.neuron.activation)
    if before == after:
        return f"Here the point barely moves (it stays at {after}): this sum is far from the threshold."
    return f"Here the point moves from {before} to {after}."


def _midpoint(function: str) -> str:
    """The activation a weighted sum of 0 gives: what "active" means for this function."""
    return "0.5" if function == "sigmoid" else "0"


def _bias_steps(numbers: BiasNumbers) -> tuple[Step, ...]:
    n, function = numbers.neuron, numbers.activation_function
    name = FUNCTION_NAME[function]
    wa, b = n.weighted_sum, n.bias
    lights = "passes 0.5" if function == "sigmoid" else "leaves 0"
    before = decimals_that_map(wa, numbers.activation_without_bias, ACTIVATIONS[function].f)
    if function == "sigmoid":
        without = f"Without a bias, the sigmoid squishes neuron {n.neuron}'s weighted sum {numbers_text(wa, before)} to {two_decimals(numbers.activation_without_bias)}"
    else:
        without = f"Without a bias, ReLU keeps neuron {n.neuron}'s weighted sum {two_decimals(wa)} if positive, giving {two_decimals(numbers.activation_without_bias)}"
    d = _bias_decimals(numbers)
    minus_or_plus = "\u2212" if b < 0 else "+"
    written = f"{name}({numbers_text(wa, d)} {minus_or_plus} {numbers_text(abs(b), d)}) = {name}({numbers_text(n.z, d)})"
    return (
        Step("sum", f"{without}; its activation {lights} once w\u00b7a > 0."),
        Step(
            "bias",
            f"Its bias b = {two_decimals(b)} shifts the curve: the neuron's activation {lights} "
            f"only when the weighted sum exceeds \u2212b = {two_decimals(numbers.threshold)}. {_bias_effect(numbers)}",
        ),
        Step("result", f"With the bias: {written} = {two_decimals(n.activation)}, this neuron's activation in the forward pass."),
    )


def bias_record(inputs: SceneInputs) -> Record[BiasNumbers, BiasWords]:
    """The record of the bias beat."""
    numbers = bias_numbers(inputs)
    n = numbers.neuron
    symbol = FUNCTION_TEX[numbers.activation_function]
    before = decimals_that_map(n.weighted_sum, numbers.activation_without_bias, ACTIVATIONS[numbers.activation_function].f)
    words = BiasWords(
        title="Add the bias",
        formula=_inputs_sum(inputs.network.sizes[0], bias=True, function=numbers.activation_function),
        before=formula(Piece(symbol, "squish", "function"), f"({tex_number(n.weighted_sum, before)})", "=", tex_number(numbers.activation_without_bias)),
        sum_label=formula(Piece(rf"w \cdot a = {tex_number(n.weighted_sum)}", "highlight")),
        bias_label=formula(Piece(rf"b = {tex_number(n.bias)}", "bias")),
        threshold_label=formula(Piece(rf"w \cdot a = {tex_number(numbers.threshold)}", "bias")),
        rule=f"above {_midpoint(numbers.activation_function)} only when w\u00b7a > {two_decimals(numbers.threshold)}",
        result=_result(numbers),
        forward_note="the same activation as in the forward pass",
    )
    return Record(header("neuron-bias", inputs), _bias_steps(numbers), numbers, words)


@dataclass(frozen=True)
class ParameterWords:
    """Every word and formula the parameter-count beat draws."""

    title: str
    weights_line: Formula  # pieces "layer i" (a term) and "plus i" before it, then "equals" and "total"
    biases_line: Formula
    total: Formula
    weights_word: str
    biases_word: str
    total_word: str
    layer_counts: list[str]  # each layer's weights as it is counted: "into layer 1: 784 × 16 = 12,544"


def _tex_thousands(n: int) -> str:
    return thousands(n).replace(",", "{,}")  # keeps TeX from spacing the separator as punctuation


def _sum_line(terms: list[str], total: int, always: bool = False) -> Formula:
    """``t1 + t2 + ... = total`` with named pieces; a single term is its own total (no "10 = 10") unless ``always``."""
    pieces: list[Piece | str] = []
    for i, term in enumerate(terms):
        pieces += ([Piece("+", name=f"plus {i}")] if i else []) + [Piece(term, name=f"layer {i}")]
    if always or len(terms) > 1:
        pieces += [Piece("=", name="equals"), Piece(_tex_thousands(total), name="total")]
    return formula(*pieces)


def parameter_record(inputs: SceneInputs) -> Record[ParameterNumbers, ParameterWords]:
    """The record of the parameter-count beat."""
    numbers = parameter_numbers(inputs)
    weights_words = " + ".join(f"{t.n_in} \u00d7 {t.n_out}" for t in numbers.weights)
    biases_words = " + ".join(str(b) for b in numbers.biases)
    words = ParameterWords(
        title="How many knobs to turn?",
        weights_line=_sum_line([rf"{t.n_in} \times {t.n_out}" for t in numbers.weights], numbers.weights_total, always=True),
        biases_line=_sum_line([str(b) for b in numbers.biases], numbers.biases_total),
        total=formula(Piece(_tex_thousands(numbers.total), "highlight", "total")),
        weights_word="weights",
        biases_word="biases",
        total_word="weights and biases in total",
        layer_counts=[f"into layer {k + 1}: {t.n_in} \u00d7 {t.n_out} = {thousands(t.count)}" for k, t in enumerate(numbers.weights)],
    )
    biases_sum = f"{biases_words} = " if len(numbers.biases) > 1 else ""
    steps = (
        Step(
            "weights",
            "Every neuron connects to every neuron of the layer before, each connection with its own weight: "
            f"{weights_words} = {thousands(numbers.weights_total)} weights.",
        ),
        Step("biases", f"Every neuron after the input has its own bias: {biases_sum}{thousands(numbers.biases_total)} biases."),
        Step("total", f"{thousands(numbers.total)} weights and biases in all: knobs and dials that learning will tune."),
    )
    return Record(header("parameter-count", inputs), steps, numbers, words)
