"""The neuron-holds-a-number beat's words and steps: a digit's grey levels become the input neurons' activations."""

from __future__ import annotations

from dataclasses import dataclass

from netcore.inputs import SceneInputs
from netcore.scenedata.neuron_holds import MID_GREY, NeuronHoldsNumbers, neuron_holds_numbers
from storyboard.record import Record, Step, header
from storyboard.words import thousands, two_decimals

__all__ = ["NeuronHoldsWords", "neuron_holds_record"]


@dataclass(frozen=True)
class NeuronHoldsWords:
    """Every word the neuron-holds-a-number beat draws."""

    title: str
    source: str
    size_note: str
    scale_note: str
    window_note: str
    values: list[list[str]]  # the window's values, row by row
    neuron_labels: list[str]  # beside each followed input neuron: its number
    neuron_values: list[str]
    layer_note: str
    held_value: str
    held_note: str
    column_note: str  # over the unrolled column of input neurons
    column_ends: list[str]  # beside its first and last neuron
    row_label: str  # beside the followed row's stretch of it


def _span(start: int, size: int) -> str:
    """Rows or columns ``start`` to ``start + size - 1``, counted from 0 as in the whole chapter."""
    return f"{start}\u2013{start + size - 1}"


def neuron_holds_record(inputs: SceneInputs) -> Record[NeuronHoldsNumbers, NeuronHoldsWords]:
    """The neuron-holds-a-number beat's record for the chosen digit."""
    numbers = neuron_holds_numbers(inputs)
    digit, window = inputs.digit, numbers.window
    rows, cols = numbers.pixels.shape
    size = thousands(numbers.input_size)
    title = "Your digit" if digit.is_user_image else f"A handwritten {digit.label}"
    where = f"rows {_span(window.top, window.size)}, columns {_span(window.left, window.size)}"
    held = two_decimals(numbers.activations[numbers.held])
    first, last = numbers.neurons[0], numbers.neurons[-1]
    words = NeuronHoldsWords(
        title=title,
        source=digit.origin,
        size_note=f"{rows} \u00d7 {cols} = {size} pixels",
        scale_note="0 = paper, 1 = ink",
        window_note=(
            f"{where} (from 0): the {window.size} \u00d7 {window.size} square\n"
            f"with the most greys between {MID_GREY[0]:g} and {MID_GREY[1]:g}"
        ),
        values=[[two_decimals(v) for v in row] for row in window.values],
        neuron_labels=[f"neuron {n}" for n in numbers.neurons],
        neuron_values=[two_decimals(a) for a in numbers.activations],
        layer_note=f"row {numbers.row}: input neurons {first} to {last} (from 0)",
        held_value=held,
        held_note="a number between 0 and 1:\nthe neuron's activation",
        column_note=f"the {size}\ninput neurons",
        column_ends=["neuron 0", f"neuron {numbers.input_size - 1}"],
        row_label=f"row {numbers.row}:\nneurons {numbers.row_neurons[0]}\u2013{numbers.row_neurons[1]}",
    )
    steps = (
        Step("grid", f"{title}, as the network gets it: a grid of {rows} by {cols} = {size} pixels, each a grey level from 0 (paper) to 1 (ink)."),
        Step(
            "values",
            f"Up close, every pixel is a number. Here {where}, written to two decimals.",
            f"Up close, every pixel is a number. Here is a square of {window.size} by {window.size} of them, written to two decimals.",
        ),
        Step(
            "neurons",
            f"Each of the {size} numbers becomes one input neuron. These are row {numbers.row}'s, counted from 0.",
            f"Each of the {size} numbers becomes one input neuron. Here are the neurons of one row of the square.",
        ),
        Step("holds", f"A neuron is a thing that holds a number between 0 and 1. This one holds {held}."),
        Step(
            "unroll",
            f"The whole grid unrolls, row after row, into one column of {size} input neurons, row 0 first. "
            f"Row {numbers.row} becomes neurons {numbers.row_neurons[0]} to {numbers.row_neurons[1]}: the ones above are among them.",
        ),
    )
    return Record(header("neuron-holds-a-number", inputs), steps, numbers, words)
