"""The network's answer for every digit of the shipped sample, for the beats that show many digits."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.network import Network
from netcore.samples import Sample, load_sample

__all__ = ["SampleAnswers", "SampleDigit", "sample_answers"]


@dataclass(frozen=True)
class SampleDigit:
    """One sample digit as drawn: where it is in the sample, its label, the network's answer, its pixels."""

    index: int
    label: int
    answer: int
    pixels: np.ndarray  # 28x28 grey levels in [0, 1], 1 = ink


@dataclass(frozen=True)
class SampleAnswers:
    """Every sample digit (grey levels in [0, 1]), its label, and the network's outputs and answer."""

    pixels: np.ndarray  # (n, 28, 28)
    labels: np.ndarray  # (n,)
    outputs: np.ndarray  # (n, 10): the output layer's activations
    answers: np.ndarray  # (n,): the brightest output

    def __len__(self) -> int:
        return len(self.labels)

    def digit(self, index: int) -> SampleDigit:
        """Sample digit ``index`` with its label and answer."""
        return SampleDigit(index, int(self.labels[index]), int(self.answers[index]), self.pixels[index])


def sample_answers(network: Network, sample: Sample | None = None) -> SampleAnswers:
    """Run every digit of ``sample`` (default: the shipped one) through ``network`` in one batch."""
    sample = load_sample() if sample is None else sample
    pixels = sample.images.astype(np.float64) / 255.0
    trace = network.forward(pixels.reshape(len(pixels), -1))
    return SampleAnswers(pixels, sample.labels.astype(np.int64), trace.output, np.asarray(trace.prediction))
