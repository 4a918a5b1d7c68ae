"""Questions for the interactive page whose answers the network computes, made from the beats' records.

Each question belongs to one beat and is asked at that beat's moment in the
video. Its choices and its right answer come from the beat's record (the
very numbers the video shows) or from a forward pass of the lesson's
network; nothing is typed in by hand. Choices are put in a fixed order (by
value) so the right one is not always first.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from netcore.inputs import SceneInputs
from netcore.samples import load_sample
from netcore.scenedata.common import FIRST_HIDDEN
from storyboard.record import Record
from storyboard.words import FUNCTION_NAME, decimals_that_add_up, numbers_text, tex_number, thousands, two_decimals

__all__ = ["CHOICES", "Choice", "Question", "questions_for"]

# How many choices a question offers.
CHOICES = 4
# The learning question asks when the network first got more than this share of the test digits right.
LEARNED_LEVEL = 0.9
# The most decimals a number of a question is written with.
MOST_DECIMALS = inspect.signature(decimals_that_add_up).parameters["most"].default


@dataclass(frozen=True)
class Choice:
    """One answer a student can pick: its words, and the digit's 784 pixels when the choice is a digit."""

    text: str
    pixels: list[float] | None = None


@dataclass(frozen=True)
class Question:
    """A question of one beat: the prompt, the choices, which one is right, and why."""

    beat: str
    prompt: str
    choices: list[Choice]
    answer: int  # index into choices
    explanation: str
    pixels: list[float] | None = None  # the digit the question is about, if any


def _digit_choices(digits: list[int], right: int) -> tuple[list[Choice], int]:
    """Choices that are digits 0-9, in increasing order, and where ``right`` lies among them."""
    ordered = sorted(set(digits))
    return [Choice(str(d)) for d in ordered], ordered.index(right)


def _answer_question(record: Record, inputs: SceneInputs) -> list[Question]:
    """forward: what the network answers for the video's digit (four largest outputs offered)."""
    prediction = record.numbers.prediction
    outputs = np.asarray(prediction.outputs)
    top = [int(d) for d in np.lexsort((np.arange(len(outputs)), -outputs))[:CHOICES]]
    choices, answer = _digit_choices(top, prediction.digit)
    written = ", ".join(f"{d}: {two_decimals(outputs[d])}" for d in sorted(top))
    return [Question(record.header.beat, "The video's digit goes through the network. Which digit does it answer?",
                     choices, answer,
                     f"The answer is the brightest output: {prediction.digit}, at {two_decimals(prediction.activation)} "
                     f"(outputs {written}).", pixels=_flat(record.numbers.pixels))]


def _failure_question(record: Record, inputs: SceneInputs) -> list[Question]:
    """when-it-fails: what the network answers for a sample digit it gets wrong."""
    if not record.numbers.failures:
        return []
    failure = record.numbers.failures[0]
    digit = failure.digit
    outputs = inputs.network.forward(np.asarray(digit.pixels).reshape(-1)).output
    top = [int(d) for d in np.lexsort((np.arange(len(outputs)), -outputs))]
    offered = [digit.answer, digit.label] + [d for d in top if d not in (digit.answer, digit.label)]
    choices, answer = _digit_choices(offered[:CHOICES], digit.answer)
    return [Question(record.header.beat, f"This {digit.label} is sample digit {digit.index}. What does the network answer for it?",
                     choices, answer,
                     f"It answers {digit.answer} (output {two_decimals(outputs[digit.answer])}), not {digit.label} "
                     f"(output {two_decimals(outputs[digit.label])}): one of the {record.numbers.wrong} sample digits "
                     f"of {record.numbers.sample_size} it gets wrong.", pixels=_flat(digit.pixels))]


def _favourite_question(record: Record, inputs: SceneInputs) -> list[Question]:
    """what-it-learned: which of four sample digits excites a first-layer neuron most."""
    numbers = record.numbers
    neuron = numbers.lit[0] if numbers.lit else 0
    sample = load_sample()
    # The neuron's own favourite, and the favourites of the next neurons, each a different sample digit.
    picked = [numbers.favourites[neuron][0].sample_index]
    for other in list(range(neuron + 1, len(numbers.favourites))) + list(range(neuron)):
        index = numbers.favourites[other][0].sample_index
        if index not in picked and len(picked) < CHOICES:
            picked.append(index)
    picked.sort()
    images = sample.images[picked].reshape(len(picked), -1) / 255.0
    activations = inputs.network.forward(images).activations[FIRST_HIDDEN][:, neuron]
    answer = int(np.argmax(activations))
    choices = [Choice(f"sample digit {i} (a {int(sample.labels[i])})", _flat(image)) for i, image in zip(picked, images)]
    written = ", ".join(f"{two_decimals(a)}" for a in activations)
    return [Question(record.header.beat, f"Which of these four sample digits excites first-layer neuron {neuron} most?",
                     choices, answer,
                     f"Neuron {neuron}'s activations for the four digits, in order: {written}. Its weights, drawn as a "
                     f"picture, are most positive where sample digit {picked[answer]} has its ink.")]


def _squish_question(record: Record, inputs: SceneInputs) -> list[Question]:
    """neuron-bias: the followed neuron's activation f(w·a + b) from its weighted sum and bias."""
    n = record.numbers.neuron
    name = FUNCTION_NAME[record.numbers.activation_function]
    f = inputs.network.layer_activation(n.layer).f
    right = two_decimals(n.activation)
    d = _squish_decimals(n.weighted_sum, n.bias, n.z, f, right)
    candidates = {two_decimals(float(f(np.array(value)))): value for value in
                  (n.z, n.weighted_sum, n.weighted_sum - n.bias, -n.z, n.bias)}
    texts = sorted(candidates, key=lambda text: candidates[text])[:CHOICES]
    if right not in texts:  # cannot happen: z is among the first candidates unless rounding merged them
        texts[-1] = right
    texts.sort(key=lambda text: float(text.replace("\u2212", "-")))
    return [Question(record.header.beat,
                     f"Neuron {n.neuron} of the first hidden layer has w·a = {numbers_text(n.weighted_sum, d)} and "
                     f"bias b = {numbers_text(n.bias, d)}. What is {name}(w·a + b)?",
                     [Choice(t) for t in texts], texts.index(right),
                     f"w·a + b = {numbers_text(n.z, d)}, and {name}({numbers_text(n.z, d)}) = {right}: the neuron's "
                     f"activation in the forward pass.")]


def _squish_decimals(wa: float, b: float, z: float, f, right: str) -> int:
    """The fewest decimals at which w·a and b, as written, add up to z as written and give f(z) as written:
    a student who computes from the question's numbers finds the neuron's own activation."""
    for d in range(decimals_that_add_up([wa, b], z), MOST_DECIMALS + 1):
        written = float(tex_number(wa, d)) + float(tex_number(b, d))
        if tex_number(written, d) == tex_number(z, d) and two_decimals(float(f(np.array(written)))) == right:
            return d
    return MOST_DECIMALS


def _count_question(record: Record, inputs: SceneInputs) -> list[Question]:
    """parameter-count: how many weights and biases the network has."""
    numbers = record.numbers
    sizes = record.header.sizes
    # Distractors: the weights alone, the biases alone, the neurons.
    values = sorted({numbers.total, numbers.weights_total, numbers.biases_total, sum(sizes)})
    layers = " + ".join(f"{t.n_in}×{t.n_out}" for t in numbers.weights)
    return [Question(record.header.beat, f"How many weights and biases does the {'-'.join(map(str, sizes))} network have?",
                     [Choice(thousands(v)) for v in values], values.index(numbers.total),
                     f"{layers} = {thousands(numbers.weights_total)} weights, plus {thousands(numbers.biases_total)} "
                     f"biases (one per neuron after the input): {thousands(numbers.total)}.")]


def _shape_question(record: Record, inputs: SceneInputs) -> list[Question]:
    """matrix: the shape of the first layer's weight matrix W (one row per neuron, one column per input)."""
    rows, cols = record.numbers.layers[0].weights_shape
    sizes = record.header.sizes
    offered = {(rows, cols), (cols, rows), (rows, rows), (sizes[-1], rows)}
    shapes = sorted(offered)
    texts = [f"{r:,} × {c:,}" for r, c in shapes]
    return [Question(record.header.beat, "In a⁽¹⁾ = σ(W a⁽⁰⁾ + b), how many rows and columns does W have?",
                     [Choice(t) for t in texts], shapes.index((rows, cols)),
                     f"W has one row per neuron of the first hidden layer ({rows:,}) and one column per input pixel "
                     f"({cols:,}): row j holds neuron j's weights, so W a⁽⁰⁾ gives all {rows:,} weighted sums at once.")]


def _learning_question(record: Record, inputs: SceneInputs) -> list[Question]:
    """learning-glimpse: after how many epochs the network first got LEARNED_LEVEL of the test digits right."""
    numbers = record.numbers
    epochs, accuracy = [int(e) for e in numbers.epochs], [float(a) for a in numbers.test_accuracy]
    reached = [i for i, a in enumerate(accuracy) if a > LEARNED_LEVEL]
    if not reached:
        return []
    first = reached[0]
    # The right epoch and the kept epochs around it.
    low = max(0, min(first - 1, len(epochs) - CHOICES))
    offered = epochs[low : low + CHOICES]
    written = ", ".join(f"{e}: {100 * a:.2f}%" for e, a in zip(epochs, accuracy))
    return [Question(record.header.beat,
                     f"After how many epochs of training did the network first answer more than {LEARNED_LEVEL:.0%} of the "
                     f"{thousands(numbers.test_digits)} test digits right?",
                     [Choice(str(e)) for e in offered], offered.index(epochs[first]),
                     f"Its test accuracy after each kept epoch: {written}.")]


def _flat(pixels) -> list[float]:
    return [float(p) for p in np.asarray(pixels, dtype=np.float64).reshape(-1)]


# Which beats ask a question, and how it is made from their record.
_ASKED_BY: dict[str, Callable[[Record, SceneInputs], list[Question]]] = {
    "forward": _answer_question,
    "when-it-fails": _failure_question,
    "what-it-learned": _favourite_question,
    "neuron-bias": _squish_question,
    "parameter-count": _count_question,
    "matrix": _shape_question,
    "learning-glimpse": _learning_question,
}


def questions_for(records: dict[str, Record], inputs: SceneInputs) -> list[Question]:
    """The questions of the beats in ``records`` (in their order) that ask one."""
    asked = []
    for name, record in records.items():
        if name in _ASKED_BY:
            asked.extend(_ASKED_BY[name](record, inputs))
    return asked
