"""The "what it learned" beat's words and steps: the real first-layer weights, honestly described."""

from __future__ import annotations

from dataclasses import dataclass

from netcore.inputs import SceneInputs
from netcore.scenedata.learned import LIT, LearnedNumbers, learned_numbers
from storyboard.record import Record, Step, header
from storyboard.words import two_decimals

__all__ = ["LearnedWords", "learned_record"]


@dataclass(frozen=True)
class LearnedWords:
    """Every word the beat draws."""

    title: str
    legend: str
    enlarged_label: str  # under the first neuron's picture drawn large beside the others
    blobs: str
    neuron_labels: list[str]
    activation_values: list[str]
    digit_title: str
    source: str
    lit_note: str
    favourites_title: str


def _lit_note(lit: list[int], bounded: bool) -> str:
    """Which neurons the digit activates, said on screen."""
    how = f"activation above {two_decimals(LIT)}" if bounded else f"at least {LIT:.0%} of the most active"
    if not lit:
        return f"activates none of them\n({how})"
    return f"activates {len(lit)} of them, boxed\n({how})"


def learned_record(inputs: SceneInputs) -> Record[LearnedNumbers, LearnedWords]:
    """The beat's record for ``inputs``."""
    numbers = learned_numbers(inputs)
    digit, network = inputs.digit, inputs.network
    count, inputs_per_neuron = numbers.weights.shape[0], numbers.weights[0].size
    side = numbers.weights.shape[1]
    bounded = network.layer_activation(1).name == "sigmoid"
    this = "Your digit" if digit.is_user_image else f"This {digit.label}"
    favourites = len(numbers.favourites[0])
    words = LearnedWords(
        title=f"What the {count} first-layer neurons learned",
        legend=(
            f"each picture: one neuron's {inputs_per_neuron} weights\n"
            "blue positive, red negative,\neach scaled to its own largest weight"
        ),
        enlarged_label=f"neuron 0, enlarged: {side}\u00d7{side} weights",
        blobs="a few strokes, mostly blobs:\nnot the clean edges hoped for",
        neuron_labels=[str(j) for j in range(count)],
        activation_values=[two_decimals(a) for a in numbers.activations],
        digit_title="Your digit" if digit.is_user_image else f"A handwritten {digit.label}",
        source=digit.origin,
        lit_note=_lit_note(numbers.lit, bounded),
        favourites_title=f"the {favourites} of the {numbers.sample_size} sample digits\nthat excite each neuron most",
    )
    steps = (
        Step(
            "weights",
            f"Each of the {count} first-layer neurons has {inputs_per_neuron} weights, one per pixel: "
            f"here they are as {side}×{side} pictures. Blue is positive, red negative.",
        ),
        Step("blobs", "If the hope came true, these would be clean edges. Honestly: a few strokes, mostly blobs."),
        Step(
            "digit",
            f"{this} activates {len(numbers.lit)} of the {count} neurons; the others stay low.",
        ),
        Step(
            "favourites",
            f"For each neuron, the {favourites} of the {numbers.sample_size} sample digits that excite it most.",
        ),
    )
    return Record(header("what-it-learned", inputs), steps, numbers, words)
