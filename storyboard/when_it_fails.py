"""The when-it-fails beat's words and steps: the sample digits the network gets wrong, in proportion."""

from __future__ import annotations

from dataclasses import dataclass

from netcore.inputs import SceneInputs
from netcore.scenedata.when_it_fails import FailureNumbers, when_it_fails_numbers
from storyboard.record import Record, Step, header
from storyboard.sample_words import percent, sample_source
from storyboard.words import numbers_text, thousands

__all__ = ["WhenItFailsWords", "when_it_fails_record"]


@dataclass(frozen=True)
class WhenItFailsWords:
    """Every word the when-it-fails beat draws."""

    title: str
    source: str
    shown_note: str
    heads: list[str]  # beside each failure: its label and the answer, "5 \u2192 3"
    outputs: list[list[str]]  # its largest outputs, "3: 0.71"
    legend: str
    sample_line: str
    test_line: str
    squares_note: str


def _test_line(accuracy: float | None) -> str:
    if accuracy is None:
        return "The weights file records\nno test accuracy"
    return f"On the MNIST test set:\n{percent(accuracy, 2)} right"


def _outputs(top: list[int], values) -> list[str]:
    """The largest outputs, "3: 0.71", with as many decimals (from 2) as show the answer's to be the larger:
    "1: 0.40, 7: 0.40" would read as a tie the network broke at random."""
    decimals = next((d for d in range(2, 5) if len({numbers_text(v, d) for v in values[:2]}) == len(values[:2])), 4)
    return [f"{d}: {numbers_text(v, decimals)}" for d, v in zip(top, values)]


def when_it_fails_record(inputs: SceneInputs) -> Record[FailureNumbers, WhenItFailsWords]:
    """The when-it-fails beat's record (it draws on the shipped sample, not on the chosen digit)."""
    numbers = when_it_fails_numbers(inputs)
    size, wrong, shown = numbers.sample_size, numbers.wrong, len(numbers.failures)
    right = size - wrong
    if wrong == 0:
        shown_note = "none to show"
    elif shown == wrong:
        shown_note = f"all {wrong} of them, in sample order"
    else:
        shown_note = f"the first {shown} of them, in sample order"
    test = "" if numbers.test_accuracy is None else f", and {percent(numbers.test_accuracy, 2)} of the test set"
    words = WhenItFailsWords(
        title=f"The {wrong} sample digits the network gets wrong" if wrong else f"The network reads all {size} sample digits right",
        source=sample_source(inputs, size),
        shown_note=shown_note,
        heads=[f"{f.digit.label} \u2192 {f.digit.answer}" for f in numbers.failures],
        outputs=[_outputs(f.top, f.top_outputs) for f in numbers.failures],
        legend="beside each: label \u2192 the network's answer, then its largest outputs",
        sample_line=f"In the sample:\n{thousands(right)} of {thousands(size)} right ({percent(right / size)})",
        test_line=_test_line(numbers.test_accuracy),
        squares_note="one square per sample digit, the wrong ones in red",
    )
    steps = (
        Step("gallery", f"Run all {size} sample digits through the network: it gets {wrong} wrong. Here they are."),
        Step("outputs", "Beside each: its label, the network's answer, and its largest outputs, read as how sure it is."),
        Step(
            "proportion",
            f"In proportion: {thousands(right)} of the {thousands(size)} sample digits are read right{test}.",
        ),
    )
    return Record(header("when-it-fails", inputs), steps, numbers, words)
