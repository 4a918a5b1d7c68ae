"""The sigmoid-against-ReLU beat's words and steps: twin networks' learning curves, said as they came out."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from netcore.inputs import SceneInputs
from netcore.scenedata.compare import CompareNumbers, TrainedNetwork, compare_numbers
from storyboard.glimpse import percent
from storyboard.record import Record, Step, header
from storyboard.tex import Formula, Piece, formula
from storyboard.words import superscript, thousands

__all__ = ["CompareWords", "compare_record"]


@dataclass(frozen=True)
class CompareWords:
    """Every word the beat draws."""

    title: str
    subtitle: str
    panel_titles: list[str]  # one per pair
    names: list[str]  # "sigmoid", "ReLU": the curves' labels
    functions: list[Formula]  # the two activations, as the sigmoid beat writes them, in their curves' colours
    final_values: list[list[str]]  # per pair, per network: its last test accuracy
    axis_title: str
    axis_labels: list[str]  # accuracy, bottom to top
    epoch_labels: list[str]  # the epoch axis, evenly spaced from 0 to the last epoch
    dead_labels: list[str]  # per pair, under its panel: the ReLU network's dead neurons ("" if none)
    verdict: list[str]  # lines under the panels once the curves are drawn
    why: list[str]  # lines under the panels at the end: the deeper networks' claim
    # The chart that replaces the first panel at the end: the error signal reaching each layer of the
    # deeper twins before training (numbers.pairs[-1][w].start_gradients), on a log scale.
    signal_title: str
    signal_labels: list[str]  # the log axis, one per power of ten, bottom to top
    signal_floor: int  # the power of ten at the bottom of that axis
    signal_layers: list[str]  # under each pair of bars, first hidden layer to output
    signal_axis_title: str
    signal_shrink: list[str]  # sigmoid, ReLU: over the first layer's bars, how many times less it gets


def _sizes(network: TrainedNetwork) -> str:
    return "\u2013".join(map(str, network.sizes))


def _outcome(pair: list[TrainedNetwork]) -> str:
    sigmoid, relu = (float(n.test_accuracy[-1]) for n in pair)
    return "ReLU wins" if relu > sigmoid else "ReLU loses" if relu < sigmoid else "a tie"


def _verdict(numbers: CompareNumbers) -> list[str]:
    """What the curves show, said as measured, and (when ReLU neurons died) why."""
    outcomes = {_outcome(pair) for pair in numbers.pairs}
    said = f"Here {outcomes.pop()} in both." if len(outcomes) == 1 else "Here the result depends on the depth."
    if not any(sum(pair[1].dead) for pair in numbers.pairs):
        return [said]
    return [said, "At the sigmoid's learning rate, ReLU neurons die: they give zero for every sample digit."]


def _dead_label(network: TrainedNetwork) -> str:
    """"dead ReLU neurons by layer: 14, 15 of 16" ("" when none died)."""
    if not sum(network.dead):
        return ""
    sizes = set(network.sizes[1:-1])
    of = f" of {sizes.pop()}" if len(sizes) == 1 else ""
    return f"dead ReLU neurons by layer: {', '.join(map(str, network.dead))}{of}"


def _why(numbers: CompareNumbers) -> list[str]:
    sigmoid, relu = numbers.deep_shrink
    # The last line says why the deeper ReLU twin still lost, which the curves above show: without it
    # the claim read as contradicting the picture.
    return [
        "The original's claim is about deeper networks: \u03c3's slope is at most 1/4, so the error signal shrinks at each layer on its way back.",
        f"Before training, the deeper sigmoid network's first layer gets {thousands(sigmoid)} times less than its output; ReLU's {thousands(relu)} times less.",
        "So deep networks use ReLU, with a learning rate chosen for it: these twins had the sigmoid's, at which ReLU neurons die.",
    ]


def _power_label(exponent: int) -> str:
    """10 to the ``exponent``, as written on a log axis: "1", "10", "10⁻³"."""
    if exponent in (0, 1):
        return "1" if exponent == 0 else "10"
    return "10" + superscript(str(exponent))


def _signal_axis(numbers: CompareNumbers) -> tuple[int, list[str]]:
    """The deeper twins' error-signal chart: its bottom power of ten and a label for every power up to the top."""
    values = np.concatenate([n.start_gradients for n in numbers.pairs[-1]])
    floor, ceiling = math.floor(math.log10(values.min())), math.ceil(math.log10(values.max()))
    return floor, [_power_label(e) for e in range(floor, ceiling + 1)]


def _steps(numbers: CompareNumbers, words: CompareWords) -> tuple[Step, ...]:
    shallow, deep = numbers.pairs[0], numbers.pairs[-1]
    seed = shallow[0].seed
    finals = words.final_values
    sigmoid, relu = numbers.deep_shrink
    dead = "; ".join(", ".join(map(str, pair[1].dead)) for pair in numbers.pairs if sum(pair[1].dead))
    verdict = " ".join(words.verdict) + (f" Dead per hidden layer: {dead}." if dead else "")
    return (
        Step(
            "twins",
            f"Sigmoid or ReLU? Twin networks: same sizes, same random start (seed {seed}), same recipe; only the activation differs.",
            f"Sigmoid or ReLU? We trained twin networks: the same sizes, the same random start, seed {seed}, "
            "and the same recipe as the chapter's network. Only the activation differs.",
        ),
        Step(
            "curves",
            f"Test accuracy at each checkpoint. {_sizes(shallow[0])}: sigmoid {finals[0][0]}, ReLU {finals[0][1]}. "
            f"{_sizes(deep[0])}: sigmoid {finals[-1][0]}, ReLU {finals[-1][1]}.",
            f"Here is their accuracy on the {thousands(numbers.test_digits)} test digits at each checkpoint. "
            f"With {len(shallow[0].sizes) - 2} hidden layers: sigmoid {finals[0][0]}, ReLU {finals[0][1]}. "
            f"With {len(deep[0].sizes) - 2} hidden layers: sigmoid {finals[-1][0]}, ReLU {finals[-1][1]}.",
        ),
        Step("verdict", verdict),
        Step(
            "deeper",
            f"The claim is about deeper networks: \u03c3's slope is at most 1/4, so the error signal shrinks layer by layer on its "
            f"way back; in the deeper twins, {thousands(sigmoid)} times (sigmoid) against {thousands(relu)} (ReLU).",
            "The original's claim is about deeper networks. The sigmoid's slope is at most a quarter, so the error signal "
            "that trains a layer shrinks at every layer on its way back. Before training, the deeper sigmoid network's "
            f"first layer gets {thousands(sigmoid)} times less of it than its output layer; the ReLU twin's, {thousands(relu)} times less. "
            "That is why deep networks use ReLU, with a learning rate chosen for it, which these twins did not get.",
        ),
    )


def compare_record(inputs: SceneInputs) -> Record[CompareNumbers, CompareWords]:
    """The beat's record (it shows the shipped twin trainings, whatever the chosen digit)."""
    numbers = compare_numbers(inputs)
    shallow, deep = numbers.pairs[0][0], numbers.pairs[-1][0]
    chapter = ", this chapter's" if numbers.same_as_shown else ""
    last = int(shallow.epochs[-1])
    signal_floor, signal_labels = _signal_axis(numbers)
    words = CompareWords(
        title="Sigmoid or ReLU? Measured",
        subtitle=f"twins: same sizes, seed {shallow.seed} and recipe (learning rate {shallow.learning_rate:g}); only the activation differs",
        panel_titles=[f"{_sizes(shallow)}{chapter}", f"{_sizes(deep)}, deeper"],
        names=["sigmoid", "ReLU"],
        functions=[
            formula(Piece(r"\sigma", "squish", "function"), r"(x) = \frac{1}{1 + e^{-x}}"),
            formula(Piece(r"\mathrm{ReLU}", "relu", "function"), r"(x) = \max(0, x)"),
        ],
        final_values=[[percent(n.test_accuracy[-1]) for n in pair] for pair in numbers.pairs],
        axis_title="epochs (dots: checkpoints)",
        axis_labels=["0%", "50%", "100%"],
        epoch_labels=[str(last * k // 4) for k in range(5)],
        dead_labels=[_dead_label(pair[1]) for pair in numbers.pairs],
        verdict=_verdict(numbers),
        why=_why(numbers),
        signal_title="error signal reaching each layer, before training",
        signal_labels=signal_labels,
        signal_floor=signal_floor,
        signal_layers=[str(k) for k in range(1, len(deep.sizes))],
        signal_axis_title=f"layer ({len(deep.sizes) - 1}: output); log scale, each line \u00d710",
        signal_shrink=[f"{thousands(s)}\u00d7 less at layer 1 than at {len(deep.sizes) - 1}" for s in numbers.deep_shrink],
    )
    return Record(header("sigmoid-vs-relu", inputs), _steps(numbers, words), numbers, words)
