"""The one list of the chapter's beats, in the chapter's order.

Everything that needs to know the beats derives from :data:`BEATS`: the
``scenes`` and ``scene-data`` commands, the chapter's order, lesson pages,
class batches, and the parametrised tests. Adding a beat means one entry
here, one record function and one scene class, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from netcore.errors import NetcoreError
from netcore.inputs import SceneInputs
from storyboard.forward import forward_record
from storyboard.function import function_record
from storyboard.glimpse import glimpse_record
from storyboard.hope import hope_record
from storyboard.learned import learned_record
from storyboard.record import Record

__all__ = ["BEATS", "Beat", "beat_named"]


@dataclass(frozen=True)
class Beat:
    """One beat of the chapter: a scene drawn from one record.

    ``name`` is its command-line name, ``scene`` its Manim scene class, which
    lives in ``scenes/<module>.py``; ``build`` makes its record from the
    inputs; ``digit`` says whether what it shows depends on the chosen digit.
    """

    name: str
    scene: str
    module: str
    build: Callable[[SceneInputs], Record]
    about: str
    digit: bool = True

    @property
    def file(self) -> str:
        """The scene's file, relative to the project root."""
        return f"scenes/{self.module}.py"


BEATS: tuple[Beat, ...] = (
    Beat(
        "forward",
        "ForwardPass",
        "forward",
        forward_record,
        "the digit's pixels feed the input layer; the signal travels layer by layer to the ten outputs and the answer",
    ),
    Beat(
        "the-hope",
        "TheHope",
        "layers",
        hope_record,
        "the hope, illustrated with real sample digits: a 9 and an 8 cut into loops and lines, a loop into edges",
        digit=False,
    ),
    Beat(
        "what-it-learned",
        "WhatItLearned",
        "layers",
        learned_record,
        "the 16 first-layer neurons' real weights as pictures, the ones the digit lights up, the sample digits exciting each most",
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
        "real training from random weights: first-layer pictures and test accuracy after 0, 1, 2, 5 ... 400 epochs",
        digit=False,
    ),
)


def beat_named(name: str) -> Beat:
    """The beat called ``name`` (its command-line name), or a one-line error listing the beats."""
    for beat in BEATS:
        if beat.name == name:
            return beat
    raise NetcoreError(f"unknown beat {name!r} (choose from {', '.join(b.name for b in BEATS)})")
