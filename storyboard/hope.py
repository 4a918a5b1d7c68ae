"""The hope beat's words and steps: why layers, as the chapter hopes it works (an illustration, said on screen)."""

from __future__ import annotations

from dataclasses import dataclass

from netcore.inputs import SceneInputs
from netcore.scenedata.hope import HopeNumbers, hope_numbers
from storyboard.record import Record, Step, header

__all__ = ["HopeWords", "hope_record"]


@dataclass(frozen=True)
class HopeWords:
    """Every word the hope beat draws."""

    title: str
    disclaimer: str
    sources: list[str]  # where each digit comes from
    part_names: list[list[str]]  # per digit, per part: "loop" or "line"
    column_titles: list[str]  # the layered picture: edges, loops and lines, digits
    layer_names: list[str]  # which layer each column is hoped to be


def _a(label: int) -> str:
    """"a 9", "an 8": the article a label is read with."""
    return f"an {label}" if label in (8, 11, 18) else f"a {label}"


def _over(kinds: tuple[str, ...]) -> str:
    """"a loop over a line": a digit's parts, top first."""
    return " over ".join(f"a {kind}" for kind in kinds)


def _steps(numbers: HopeNumbers) -> tuple[Step, ...]:
    first, second = numbers.digits
    nine, eight = _a(first.label), _a(second.label)
    return (
        Step("digits", f"Why layers? Take two real digits from the sample: {nine} and {eight}."),
        Step(
            "parts",
            f"One hopes the network sees {nine} as {_over(first.kinds)}, and {eight} as {_over(second.kinds)}.",
        ),
        Step("edges", f"And a loop, in turn, as {len(numbers.edges)} short edges put together."),
        Step(
            "layers",
            "The hope: the first hidden layer spots edges, the second loops and lines, the output whole digits.",
        ),
        Step("honest", "This is a hope, not a measurement. Next: what the real network learned."),
    )


def hope_record(inputs: SceneInputs) -> Record[HopeNumbers, HopeWords]:
    """The hope beat's record (it draws on the shipped sample whatever the chosen digit, and says so)."""
    numbers = hope_numbers(inputs)
    words = HopeWords(
        title="The hope",
        disclaimer="An illustration: the hope, not a measurement",
        sources=[f"sample digit: MNIST training digit {d.source_index}" for d in numbers.digits],
        part_names=[list(d.kinds) for d in numbers.digits],
        column_titles=["edges", "loops and lines", "digits"],
        layer_names=["hidden layer 1?", "hidden layer 2?", "output"],
    )
    return Record(header("the-hope", inputs), _steps(numbers), numbers, words)
