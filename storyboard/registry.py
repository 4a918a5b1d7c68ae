"""The one list of the chapter's beats, in the chapter's order.

Everything that needs to know the beats derives from :data:`BEATS`: the
``python -m studio beats`` and ``scene-data`` commands, the chapter's order, lesson pages,
class batches, and the parametrised tests. Adding a beat means one entry
here, one record function and one scene class, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from netcore.errors import NetcoreError
from netcore.inputs import SceneInputs
from storyboard.compare import compare_record
from storyboard.forward import forward_record
from storyboard.function import function_record
from storyboard.glimpse import glimpse_record
from storyboard.hope import hope_record
from storyboard.knobs import knobs_record
from storyboard.learned import learned_record
from storyboard.many_threes import many_threes_record
from storyboard.matrix import matrix_record
from storyboard.neuron import bias_record, parameter_record, sigmoid_record, weights_record
from storyboard.neuron_holds import neuron_holds_record
from storyboard.record import Record
from storyboard.when_it_fails import when_it_fails_record

__all__ = ["BEATS", "Beat", "beat_named", "neighbour_choices", "shared_picture"]


@dataclass(frozen=True)
class Beat:
    """One beat of the chapter: a scene drawn from one record.

    ``name`` is its command-line name, ``scene`` its Manim scene class, which
    lives in ``scenes/<module>.py``; ``build`` makes its record from the
    inputs; ``digit`` says whether what it shows depends on the chosen digit.

    ``ends_on`` names the picture the beat can end on instead of fading to
    the background, and ``opens_from`` the picture it can open with, already
    on screen: where one beat ends on the picture the next opens from, the
    chapter hands it over (see :func:`shared_picture`). The scene draws both
    with one helper of ``scenes/kit/handover.py``, in the same place.
    """

    name: str
    scene: str
    module: str
    build: Callable[[SceneInputs], Record]
    about: str
    digit: bool = True
    ends_on: str | None = None
    opens_from: str | None = None

    @property
    def file(self) -> str:
        """The scene's file, relative to the project root."""
        return f"scenes/{self.module}.py"


BEATS: tuple[Beat, ...] = (
    Beat(
        "many-threes",
        "ManyThrees",
        "opening",
        many_threes_record,
        "the sample's handwritten 3s with the network's answers; two 3s and the pixels where they differ; how many it reads as 3",
        digit=False,
    ),
    Beat(
        "neuron-holds-a-number",
        "NeuronHoldsANumber",
        "opening",
        neuron_holds_record,
        "the digit's grid with a zoomed window of its values; those values become input neurons, each holding a number",
        ends_on="digit",
    ),
    Beat(
        "forward",
        "ForwardPass",
        "forward",
        forward_record,
        "the digit's pixels feed the input layer of 784; the hidden layers (the designer's choice) and the ten outputs, one per digit; "
        "the signal travels layer by layer to the answer",
        opens_from="digit",
    ),
    Beat(
        "when-it-fails",
        "WhenItFails",
        "opening",
        when_it_fails_record,
        "every sample digit the network gets wrong, with its label, answer and largest outputs, beside its accuracy",
        digit=False,
    ),
    Beat(
        "the-hope",
        "TheHope",
        "why_layers",
        hope_record,
        "the hope, illustrated with real sample digits: a 9 and an 8 cut into loops and lines, a loop into edges",
        digit=False,
    ),
    Beat(
        "what-it-learned",
        "WhatItLearned",
        "why_layers",
        learned_record,
        "the 16 first-layer neurons' real weights as pictures, the ones the digit activates, the sample digits exciting each most",
    ),
    Beat(
        "neuron-weights",
        "WeightsAsPicture",
        "neuron",
        weights_record,
        "one first-layer neuron's 784 weights as a picture beside the digit, their pixel-by-pixel product, and the weighted sum written out",
    ),
    Beat(
        "neuron-sigmoid",
        "SquishWithSigmoid",
        "neuron",
        sigmoid_record,
        "σ on axes, the neuron's weighted sum carried to its activation, all 16 first-layer neurons on the curve, then ReLU on the same sums",
    ),
    Beat("neuron-bias", "IncludeBias", "neuron", bias_record, "the same sum plus the neuron's real bias, and the threshold it sets"),
    Beat(
        "parameter-count",
        "CountParameters",
        "neuron",
        parameter_record,
        "784×16 + 16×16 + 16×10 weights and 16 + 16 + 10 biases = 13,002, from the network's sizes",
        digit=False,
    ),
    Beat(
        "knobs",
        "KnobsAndDials",
        "knobs",
        knobs_record,
        "all 13,002 weights and biases as dials set to their real values, a few up close, their range and spread; learning means finding them",
        digit=False,
    ),
    Beat(
        "matrix",
        "MatrixVectorForm",
        "matrix",
        matrix_record,
        "a⁽¹⁾ = σ(W a⁽⁰⁾ + b) with the real entries: a row of W times a⁽⁰⁾, plus b, through σ; then the whole network as composed functions",
    ),
    Beat(
        "network-is-a-function",
        "NetworkIsAFunction",
        "function",
        function_record,
        "784 numbers in, 10 out, through 13,002 parameters; the project's own forward-pass code",
    ),
    Beat(
        "learning-glimpse",
        "LearningGlimpse",
        "learning",
        glimpse_record,
        "real training from random weights: first-layer pictures and test accuracy at each shipped checkpoint, up to the chapter's network",
        digit=False,
    ),
    Beat(
        "sigmoid-vs-relu",
        "CompareSigmoidRelu",
        "compare",
        compare_record,
        "twin networks trained with the shipped recipe, sigmoid against ReLU, 2 and 4 hidden layers: their real learning curves, and why",
        digit=False,
    ),
)


def beat_named(name: str) -> Beat:
    """The beat called ``name`` (its command-line name), or a one-line error listing the beats."""
    for beat in BEATS:
        if beat.name == name:
            return beat
    raise NetcoreError(f"unknown beat {name!r} (choose from {', '.join(b.name for b in BEATS)})")


def shared_picture(first: str | None, then: str | None) -> str | None:
    """The picture beat ``first`` hands over to beat ``then`` when ``then`` plays right after it, or ``None``.

    Beats are named as on the command line; ``None`` (no beat before or after) shares nothing.
    """
    if first is None or then is None:
        return None
    picture = beat_named(first).ends_on
    return picture if picture is not None and picture == beat_named(then).opens_from else None


def neighbour_choices(beats: list[Beat], position: int) -> dict[str, str]:
    """The NN_* variables that tell the beat at ``position`` of a chapter which beats play before and after it.

    Empty values where there is none, so that a render never inherits a
    neighbour from the caller's environment. They are render inputs like
    the digit: a Dask task carries them, so each beat renders as it would here.
    """
    before = beats[position - 1].name if position > 0 else ""
    after = beats[position + 1].name if position + 1 < len(beats) else ""
    return {"NN_PREVIOUS_BEAT": before, "NN_NEXT_BEAT": after}
