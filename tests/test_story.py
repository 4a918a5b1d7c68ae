"""The chapter read as one story, without rendering: no sentence said twice, every written sum and product adds up.

Each check reads the records as a viewer reads the screen and the subtitles: the
numbers as written (two decimals, or as many as a line needs), never the
unrounded values behind them.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from netcore.choices import Choices
from netcore.inputs import load_inputs
from netcore.network import ACTIVATIONS
from storyboard.registry import BEATS, beat_named
from storyboard.tex import Formula
from test_snapshots import INPUT_CASES

NUMBER = re.compile(r"-?\s*\d+\.\d+")  # "- 0.93" in a signed sum is -0.93
# A sentence ends at ". ", "! " or "? " (not inside "0.25").
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _records(case: Choices) -> dict:
    inputs = load_inputs(case)
    return {beat.name: beat.build(inputs) for beat in BEATS}


@pytest.fixture(scope="module", params=list(INPUT_CASES), ids=list(INPUT_CASES))
def chapter(request: pytest.FixtureRequest) -> dict:
    return _records(INPUT_CASES[request.param])


@pytest.mark.parametrize("said", ["caption", "words"])
def test_no_sentence_is_said_twice_in_the_chapter(chapter: dict, said: str) -> None:
    where = defaultdict(list)
    for name, record in chapter.items():
        for step in record.steps:
            for sentence in SENTENCE_END.split(getattr(step, said).strip()):
                where[sentence].append(f"{name}/{step.name}")
    repeated = {sentence: places for sentence, places in where.items() if len(places) > 1}
    assert not repeated, f"said more than once: {repeated}"


def _value(tex: str) -> float:
    """A number as written in TeX: "(-1.023)" -> -1.023."""
    (number,) = NUMBER.findall(tex)
    return float(number.replace(" ", ""))


def _decimals(tex: str) -> int:
    return len(NUMBER.search(tex).group().split(".")[1])


def _text(formula: Formula, name: str) -> str:
    return " ".join(formula.pieces[i].tex for i in formula.indices(name))


def _written(tex: str) -> str:
    """The one number of ``tex`` as written, sign included: "- 0.93" -> "-0.93"."""
    return NUMBER.search(tex).group().replace(" ", "")


def _as_written(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _assert_product(x: str, y: str, product: str) -> None:
    """The product of two numbers as written is the product as written (to the product's decimals)."""
    got = _as_written(_value(x) * _value(y), _decimals(product))
    assert got == _written(product), f"({x})({y}) is {got}, written {product}"


def _assert_sum(addends: list[float], total: str) -> None:
    decimals = _decimals(total)
    got = _as_written(sum(addends), decimals)
    assert got == _written(total), f"{addends} add to {got}, written {total}"


def _numbers(tex: str) -> list[float]:
    """The numbers of a line as written, with the sign the line gives them ("0.25 - 1.22" -> 0.25, -1.22)."""
    return [float(n.replace(" ", "")) for n in NUMBER.findall(tex)]


def _assert_maps(function: str, argument: str, image: str) -> None:
    got = _as_written(float(ACTIVATIONS[function].f(_value(argument))), _decimals(image))
    assert got == _written(image), f"{function}({argument}) is {got}, written {image}"


def test_weights_beat_products_are_those_of_their_written_factors(chapter: dict) -> None:
    words = chapter["neuron-weights"].words
    for i in range(len(chapter["neuron-weights"].numbers.terms)):
        weight, activation = NUMBER.findall(_text(words.values, f"term {i}"))
        _assert_product(weight, activation, _text(words.products, f"product {i}"))
    parts = [_text(words.products, f"product {i}") for i in range(len(chapter["neuron-weights"].numbers.terms))]
    if words.products.has("rest"):
        parts.append(_text(words.products, "rest"))
    signs = _numbers(words.products.tex)[: len(parts)]  # each addend with the sign the line writes
    _assert_sum(signs, _text(words.products, "total"))


def test_matrix_beat_products_and_sums_are_those_of_what_is_written(chapter: dict) -> None:
    record = chapter["matrix"]
    words, function = record.words, record.numbers.layers[0].function
    n = len(record.numbers.row.terms)
    for i in range(n):
        _assert_product(_text(words.pairs, f"weight {i}"), _text(words.pairs, f"activation {i}"), _text(words.products, f"product {i}"))
    _assert_sum([_value(_text(words.products, f"product {i}")) for i in range(n)], _text(words.products, "shown sum"))
    assert _text(words.products, "equals") == "="
    total, bias = _numbers(_text(words.full, "numeric"))[:2]
    _assert_sum([total, bias], _text(words.full, "z"))
    argument, image = NUMBER.findall(words.entry.tex)
    _assert_maps(function, argument, image)
    assert argument == _written(_text(words.full, "z")), "f(z) takes the z written just above"


def test_neuron_beats_squish_and_bias_are_those_of_what_is_written(chapter: dict) -> None:
    sigmoid = chapter["neuron-sigmoid"].words
    argument, image = NUMBER.findall(sigmoid.value.tex)
    _assert_maps("sigmoid", argument, image)
    bias = chapter["neuron-bias"]
    function = bias.numbers.activation_function
    argument, image = NUMBER.findall(bias.words.before.tex)
    _assert_maps(function, argument, image)
    wa, b, z, activation = _numbers(bias.words.result.tex)
    _assert_sum([wa, b], _as_written(z, _decimals(bias.words.result.tex)))
    _assert_maps(function, str(z), _text(bias.words.result, "activation"))


def test_the_checks_catch_a_wrong_product() -> None:
    with pytest.raises(AssertionError):
        _assert_product("-1.02", "0.98", "-1.01")
    with pytest.raises(AssertionError):
        _assert_maps("sigmoid", "-0.97", "0.28")
    with pytest.raises(AssertionError):
        _assert_sum([-0.32, -0.71, -0.93, -1.01, -0.71, -0.12], "-3.79")


def test_index_base_is_zero_in_the_neuron_beat() -> None:
    record = beat_named("neuron-holds-a-number").build(load_inputs(Choices()))
    numbers, words = record.numbers, record.words
    assert words.neuron_labels == [f"neuron {n}" for n in numbers.neurons]
    assert words.layer_note.startswith(f"row {numbers.row}:")
    assert f"{numbers.window.top}\u2013{numbers.window.top + numbers.window.size - 1}" in words.window_note
