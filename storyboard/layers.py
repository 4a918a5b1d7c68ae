"""The layers beat's words and steps: input layer, output layer, then the hidden layers, all with real activations."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from netcore.inputs import SceneInputs
from netcore.scenedata.layers import LayersNumbers, layers_numbers
from storyboard.forward import input_note
from storyboard.record import Record, Step, header
from storyboard.words import thousands, two_decimals, verdict

__all__ = ["LayersWords", "layers_record"]

# The verdict is written under the digit, left of the network: lines of at most this many characters.
VERDICT_WIDTH = 30


@dataclass(frozen=True)
class LayersWords:
    """Every word the layers beat draws."""

    title: str
    source: str
    verdict: str
    input_note: str
    layer_names: list[str]  # under each column: "784 input neurons", "16 hidden", ...
    output_labels: list[str]
    output_values: list[str]
    output_note: str
    hidden_note: str


def _hidden(sizes: list[int]) -> tuple[str, str]:
    """The hidden layers in words, as how many and of what size: ("two hidden layers", "of 16 neurons")."""
    hidden = sizes[1:-1]
    if not hidden:
        return "no hidden layer", ""
    count = {1: "one", 2: "two", 3: "three"}.get(len(hidden), str(len(hidden)))
    layers = "layer" if len(hidden) == 1 else "layers"
    each = f"{hidden[0]}" if len(set(hidden)) == 1 else " and ".join(str(h) for h in hidden)
    return f"{count} hidden {layers}", f"of {each} neurons"


def _hidden_caption(hidden: str) -> str:
    """What the hidden step says: the hidden layers (``""`` if there are none) are the designer's choice."""
    if not hidden:
        return "This network has no hidden layer between them: a choice its designer made. Every activation here is real."
    return (
        f"In between, {hidden}. That is a choice the designer made; other sizes work too. "
        f"Every activation here is the real one for this digit."
    )


def layers_record(inputs: SceneInputs) -> Record[LayersNumbers, LayersWords]:
    """The layers beat's record for the chosen digit."""
    numbers = layers_numbers(inputs)
    digit, sizes = inputs.digit, inputs.network.sizes
    network, prediction = numbers.network, numbers.network.prediction
    title = "Your digit" if digit.is_user_image else f"A handwritten {digit.label}"
    best, runner = int(numbers.ranking[0]), int(numbers.ranking[1])
    outputs = prediction.outputs
    how_many, of_size = _hidden(sizes)
    hidden = f"{how_many} {of_size}".strip()
    head = f"{how_many.capitalize()}\n{of_size}:" if of_size else f"{how_many.capitalize()}:"
    names = [f"{thousands(sizes[0])} inputs"] + [f"{s} hidden" for s in sizes[1:-1]] + [f"{sizes[-1]} outputs"]
    words = LayersWords(
        title=title,
        source=digit.origin,
        verdict=textwrap.fill(verdict(prediction.digit, digit.label), VERDICT_WIDTH),
        input_note=input_note(len(network.layers[0].shown), sizes[0]),
        layer_names=names,
        output_labels=[str(k) for k in range(len(outputs))],
        output_values=[two_decimals(v) for v in outputs],
        output_note="how much the network\nthinks it is each digit",
        hidden_note=f"{head}\na choice the designer made",
    )
    steps = (
        Step("input", f"The input layer: {thousands(sizes[0])} neurons, one per pixel, each holding that pixel's grey level."),
        Step(
            "output",
            f"The output layer: {sizes[-1]} neurons, one per digit. Each says how much the network thinks the image "
            f"is that digit: {two_decimals(outputs[best])} for {best}, {two_decimals(outputs[runner])} for {runner}.",
        ),
        Step("hidden", _hidden_caption(hidden if of_size else "")),
    )
    return Record(header("layers", inputs), steps, numbers, words)
