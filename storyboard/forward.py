"""The forward-pass beat's words and steps: pixels in, the network lights up, an answer out."""

from __future__ import annotations

from dataclasses import dataclass

from netcore.inputs import SceneInputs
from netcore.scenedata.forward import ForwardNumbers, forward_numbers
from storyboard.preparation import preparation_phrases
from storyboard.record import Record, Step, header
from storyboard.words import thousands, two_decimals, verdict

__all__ = ["ForwardWords", "forward_record", "input_note"]


@dataclass(frozen=True)
class ForwardWords:
    """Every word the forward beat draws."""

    title: str
    source: str
    verdict: str
    input_note: str
    legend: str
    legend_roles: dict[str, str]  # a word of the legend -> the colour role it is drawn in
    layer_names: list[str]  # over each column: "784 inputs", "16 hidden", ..., "10 outputs"
    hidden_note: str  # under the hidden columns: their sizes are the designer's choice ("" if there are none)
    output_labels: list[str]
    output_values: list[str]
    output_note: str  # under the outputs: what their values mean
    seen_label: str  # under the 28x28 grid when the student's photo is shown beside it
    preparation: list[str]  # what preprocessing did to the student's photo (empty for a sample digit)


def input_note(shown: int, size: int) -> str:
    """What the input column hides, said on screen."""
    if shown == size:
        return f"all {size} pixels"
    return f"{shown} of {size} pixels shown: those that\ncount most, and grey stroke edges"


def _hidden_note(sizes: list[int]) -> str:
    """Under the hidden columns: how many hidden layers, of what size, and whose choice that is."""
    hidden = sizes[1:-1]
    if not hidden:
        return ""
    count = {1: "one hidden layer", 2: "two hidden layers", 3: "three hidden layers"}.get(len(hidden), f"{len(hidden)} hidden layers")
    each = str(hidden[0]) if len(set(hidden)) == 1 else " and ".join(str(h) for h in hidden)
    return f"{count} of {each}:\na choice the designer made"


def _steps(title: str, numbers: ForwardNumbers, sizes: list[int], side: int, answer: str, photo: bool) -> tuple[Step, ...]:
    hidden = " and ".join(str(s) for s in sizes[1:-1])
    if hidden:
        network = (
            f"Hidden layers of {hidden} neurons, then {sizes[-1]} outputs, one per digit. "
            "The hidden layers' sizes are a choice the designer made; other sizes work too."
        )
    else:
        network = f"Then {sizes[-1]} outputs, one per digit, and no hidden layer between: a choice the designer made."
    prepared = "Your photo, prepared as MNIST's digits were" if photo else title
    grey = f"{side} by {side} = {sizes[0]} pixels, each a grey level from 0 (paper) to 1 (ink)."
    outputs = numbers.prediction.outputs
    best, runner = (int(k) for k in numbers.ranking[:2])
    meaning = (
        f"There is one output neuron per digit. Its value says how much the network thinks the image is that digit: "
        f"{two_decimals(outputs[best])} for {best}, {two_decimals(outputs[runner])} for {runner}."
    )
    return (
        Step("digit", f"{prepared}: {grey}", f"{prepared}. {grey}"),
        Step(
            "input",
            f"Each pixel's value becomes the activation of one of the {sizes[0]} input neurons.",
            f"Each pixel's value becomes the activation of one of the {sizes[0]} input neurons: the more ink, the more active the neuron.",
        ),
        Step("network", f"{network} Blue edges are positive weights, red negative.", f"{network} Blue edges are positive weights, red ones negative."),
        Step(
            "propagate",
            "Each layer's activations, weighted and summed, set the next layer's activations.",
            "Now watch the signal travel. Each layer's activations, weighted and summed, set the next layer's activations.",
        ),
        Step(
            "answer",
            f"{meaning} The most active one is the network's answer. {answer}",
            f"{meaning} The most active one is the network's answer. {answer}",
        ),
    )


def forward_record(inputs: SceneInputs) -> Record[ForwardNumbers, ForwardWords]:
    """The forward beat's record for ``inputs``."""
    numbers = forward_numbers(inputs)
    digit, sizes = inputs.digit, inputs.network.sizes
    title = "Your digit" if digit.is_user_image else f"A handwritten {digit.label}"
    answer = verdict(numbers.prediction.digit, digit.label)
    side = digit.pixels.shape[1]
    outputs = numbers.prediction.outputs
    words = ForwardWords(
        title=title,
        source=digit.origin,
        verdict=answer,
        input_note=input_note(len(numbers.layers[0].shown), sizes[0]),
        legend="blue: positive weight\nred: negative weight",
        legend_roles={"blue": "positive", "red": "negative"},
        layer_names=[f"{thousands(sizes[0])} inputs"] + [f"{s} hidden" for s in sizes[1:-1]] + [f"{sizes[-1]} outputs"],
        hidden_note=_hidden_note(sizes),
        output_labels=[str(k) for k in range(len(outputs))],
        output_values=[two_decimals(v) for v in outputs],
        output_note="how much the network\nthinks it is each digit",
        seen_label=f"what the network sees: {side}\u00d7{side}",
        preparation=[] if digit.prepared is None else preparation_phrases(digit.prepared.steps),
    )
    steps = _steps(title, numbers, sizes, side, answer, numbers.photo is not None)
    return Record(header("forward", inputs), steps, numbers, words)
