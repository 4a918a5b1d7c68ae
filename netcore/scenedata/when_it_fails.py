"""Numbers of the when-it-fails beat: every sample digit the network gets wrong, in proportion."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.inputs import SceneInputs
from netcore.samples import Sample
from netcore.scenedata.sample_answers import SampleDigit, sample_answers

__all__ = ["MAX_FAILURES", "TOP_OUTPUTS", "Failure", "FailureNumbers", "when_it_fails_numbers"]

# 6 columns x 4 rows of failures, each with three lines of text, fill the screen at 480p.
MAX_FAILURES = 24
# Outputs written beside each failure, largest first.
TOP_OUTPUTS = 2


@dataclass(frozen=True)
class Failure:
    """A sample digit the network gets wrong, and its largest outputs."""

    digit: SampleDigit
    top: list[int]  # the digits of the largest outputs, largest first (the first is the answer)
    top_outputs: np.ndarray  # their activations


@dataclass(frozen=True)
class FailureNumbers:
    """Every number the when-it-fails beat shows."""

    failures: list[Failure]  # the first MAX_FAILURES wrong digits, in sample order
    wrong: int  # wrong digits in the whole sample
    sample_size: int
    right: np.ndarray  # (sample_size,) bool, in sample order: read right or not
    test_accuracy: float | None  # from the weights file's metadata, if it says


def when_it_fails_numbers(inputs: SceneInputs, sample: Sample | None = None) -> FailureNumbers:
    """The sample digits the network gets wrong (computed, not picked), with their top outputs.

    It draws on the shipped sample (or ``sample``), not on the chosen digit.
    """
    network = inputs.network
    answers = sample_answers(network, sample)
    right = answers.answers == answers.labels
    wrong = np.flatnonzero(~right)
    failures = []
    for index in wrong[:MAX_FAILURES]:
        outputs = answers.outputs[index]
        top = np.lexsort((np.arange(len(outputs)), -outputs))[:TOP_OUTPUTS]
        failures.append(Failure(answers.digit(int(index)), [int(t) for t in top], outputs[top]))
    accuracy = network.metadata.get("test_accuracy")
    return FailureNumbers(
        failures=failures,
        wrong=len(wrong),
        sample_size=len(answers),
        right=right,
        test_accuracy=float(accuracy) if isinstance(accuracy, (int, float)) and not isinstance(accuracy, bool) else None,
    )
