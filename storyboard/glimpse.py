"""The "first look at learning" beat's words and steps: real training, from random weights to the chapter's network."""

from __future__ import annotations

from dataclasses import dataclass

from netcore.inputs import SceneInputs
from netcore.scenedata.glimpse import GlimpseNumbers, glimpse_numbers
from storyboard.record import Record, Step, header
from storyboard.words import thousands

__all__ = ["GlimpseWords", "glimpse_record", "percent"]


@dataclass(frozen=True)
class GlimpseWords:
    """Every word the beat draws."""

    title: str
    subtitle: str
    legend: str
    epoch_labels: list[str]  # under each bar
    epoch_titles: list[str]  # over the pictures: "after 5 epochs"
    accuracy_values: list[str]
    accuracy_lines: list[str]  # "84.25% of the 10,000 test digits right"
    axis_title: str
    axis_labels: list[str]  # the accuracy axis, bottom to top, evenly spaced from 0% to 100%
    ending: str


def percent(fraction: float) -> str:
    """A fraction as the clips write an accuracy: 95.02%."""
    return f"{100 * float(fraction):.2f}%"


def _epochs(n: int) -> str:
    return f"{n} epoch" if n == 1 else f"{n} epochs"


def _axis_title(epochs: list[int]) -> str:
    """The epoch axis' title; one bar per checkpoint, so uneven steps between them are said."""
    steps = {b - a for a, b in zip(epochs, epochs[1:])}
    return "epochs" if len(steps) <= 1 else "epochs: one bar per checkpoint, not to scale"


def _steps(numbers: GlimpseNumbers, words: GlimpseWords) -> tuple[Step, ...]:
    epochs, accuracy = numbers.epochs, words.accuracy_values
    end = "This is the network of this chapter." if numbers.same_as_shown else "(The other clips show another network.)"
    return (
        Step(
            "random",
            f"Before training every weight is random: the first-layer pictures are noise, and the network gets "
            f"{accuracy[0]} of the {thousands(numbers.test_digits)} test digits right.",
        ),
        Step(
            "training",
            f"Each epoch shows it the {thousands(numbers.train_digits)} training digits once and nudges all "
            f"{thousands(numbers.parameters)} weights and biases a little.",
        ),
        Step(
            "trained",
            f"After {_epochs(int(epochs[1]))}: {accuracy[1]} right. After {_epochs(int(epochs[-1]))}: {accuracy[-1]}. {end}",
        ),
        Step("next", words.ending),
    )


def glimpse_record(inputs: SceneInputs) -> Record[GlimpseNumbers, GlimpseWords]:
    """The beat's record (it shows the shipped training, whatever the chosen digit)."""
    numbers = glimpse_numbers(inputs)
    sizes = "\u2013".join(map(str, numbers.sizes))
    network = f"the chapter's {sizes} network" if numbers.same_as_shown else f"a {sizes} network"
    words = GlimpseWords(
        title="A first look at learning",
        subtitle=f"Training {network} from random weights",
        legend="first-layer weights, each picture scaled to its own largest weight",
        epoch_labels=[str(e) for e in numbers.epochs],
        epoch_titles=[f"after {_epochs(int(e))}" for e in numbers.epochs],
        accuracy_values=[percent(a) for a in numbers.test_accuracy],
        accuracy_lines=[f"{percent(a)} of the {thousands(numbers.test_digits)} test digits right" for a in numbers.test_accuracy],
        axis_title=_axis_title([int(e) for e in numbers.epochs]),
        axis_labels=["0%", "50%", "100%"],
        ending="How it learns is the next chapter.",
    )
    return Record(header("learning-glimpse", inputs), _steps(numbers, words), numbers, words)
