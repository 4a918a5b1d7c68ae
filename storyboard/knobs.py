"""The knobs beat's words and steps: every parameter a dial at its real value, then the idea of learning."""

from __future__ import annotations

from dataclasses import dataclass

from netcore.inputs import SceneInputs
from netcore.scenedata.knobs import KnobsNumbers, knobs_numbers
from storyboard.record import Record, Step, header
from storyboard.words import numbers_text, thousands, two_decimals

__all__ = ["KnobsWords", "knobs_record"]


@dataclass(frozen=True)
class KnobsWords:
    """Every word the beat draws."""

    title: str
    subtitle: str
    block_labels: list[str]  # one per block of the numbers, in their order: "W1: 12,544 weights"
    legend: str
    legend_roles: dict[str, str]  # a word of the legend -> its colour role
    zoom_title: str
    zoom_values: list[list[str]]  # each zoomed dial's value as written under it
    dial_ends: list[str]  # the values at a dial's full turn left and right
    dial_note: str
    histogram_title: str
    histogram_axis: str
    count_labels: list[str]  # the log-scale count axis, bottom to top: 1, 10, 100, ...
    range_labels: list[str]  # under the smallest and the largest value
    spread_lines: list[str]
    by_hand: list[str]  # the closing idea, line by line


def _count_labels(largest: int) -> list[str]:
    """Powers of ten from 1 up to the first at or above ``largest`` (the log axis's marks)."""
    labels, power = [], 1
    while True:
        labels.append(thousands(power))
        if power >= largest:
            return labels
        power *= 10


def _block_label(numbers: KnobsNumbers, k: int) -> str:
    block = numbers.blocks[k]
    what = "weight" if block.kind == "weights" else "bias"
    plural = what + ("s" if what == "weight" else "es")
    return f"{block.name}: {thousands(block.values.size)} {what if block.values.size == 1 else plural}"


def _steps(numbers: KnobsNumbers, words: KnobsWords) -> tuple[Step, ...]:
    total, first = thousands(numbers.total), thousands(numbers.first_layer_weights)
    zoom = numbers.zoom
    half = numbers_text(numbers.median_magnitude)
    share = f"{100 * numbers.first_layer_share:.2f}%"
    return (
        Step(
            "wall",
            f"All {total} weights and biases of this network, each a dial set to its real value. "
            f"The first layer's {first} weights are {share} of them.",
            f"Here are all {total} weights and biases of this network, each drawn as a dial set to its real value. "
            f"The first layer's {first} weights alone are {share} of them.",
        ),
        Step(
            "zoom",
            f"Up close: {zoom.count} of neuron {zoom.neuron}'s weights. Needle up is 0; blue turns right, red turns left.",
            f"Up close, {zoom.count} of the weights into neuron {zoom.neuron}. A needle pointing straight up means zero; "
            "blue needles turn right for positive weights, red ones left for negative.",
        ),
        Step(
            "spread",
            f"They range from {two_decimals(numbers.minimum)} to {two_decimals(numbers.maximum)}, "
            f"but half of them lie within \u00b1{half} of 0.",
            f"They range from {two_decimals(numbers.minimum)} to {two_decimals(numbers.maximum)}, "
            f"but half of them lie within plus or minus {half} of zero: "
            f"{thousands(numbers.positive)} are positive and {thousands(numbers.negative)} negative.",
        ),
        Step(
            "by-hand",
            f"Imagine setting all {total} by hand until it reads digits. Learning means finding these settings.",
            f"Imagine setting all {total} dials by hand until the network reads digits. "
            "Learning means finding these settings from examples, automatically.",
        ),
    )


def knobs_record(inputs: SceneInputs) -> Record[KnobsNumbers, KnobsWords]:
    """The beat's record (the network's parameters, whatever the chosen digit)."""
    numbers = knobs_numbers(inputs)
    zoom, end = numbers.zoom, two_decimals(numbers.limit)
    rows, cols = zoom.values.shape
    words = KnobsWords(
        title=f"{thousands(numbers.total)} knobs",
        subtitle="every weight and bias, each a dial at its real value",
        block_labels=[_block_label(numbers, k) for k in range(len(numbers.blocks))],
        legend="blue: positive    red: negative",
        legend_roles={"blue": "positive", "red": "negative"},
        zoom_title=f"into neuron {zoom.neuron}: rows {zoom.row}\u2013{zoom.row + rows - 1}, columns {zoom.col}\u2013{zoom.col + cols - 1}",
        zoom_values=[[two_decimals(v) for v in row] for row in zoom.values],
        dial_ends=[f"\u2212{end}", end],
        dial_note=f"full turn: \u00b1{end}, the largest magnitude",
        histogram_title=f"all {thousands(numbers.total)} values",
        histogram_axis="how many (log scale)",
        count_labels=_count_labels(int(numbers.counts.max())),
        range_labels=[
            f"smallest {two_decimals(numbers.minimum)} ({numbers.minimum_at})",
            f"largest {two_decimals(numbers.maximum)} ({numbers.maximum_at})",
        ],
        spread_lines=[
            f"half within \u00b1{numbers_text(numbers.median_magnitude)}",
            f"{thousands(numbers.positive)} positive, {thousands(numbers.negative)} negative",
        ],
        by_hand=[
            f"Set {thousands(numbers.total)} dials by hand?",
            "Learning means finding these settings,",
            "from examples, automatically.",
        ],
    )
    return Record(header("knobs", inputs), _steps(numbers, words), numbers, words)
