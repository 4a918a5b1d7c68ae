"""Numbers of the many-threes beat: the sample's 3s, how much their pixels differ, how many the network reads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netcore.errors import NetcoreError
from netcore.inputs import SceneInputs
from netcore.samples import Sample
from netcore.scenedata.sample_answers import SampleAnswers, SampleDigit, sample_answers

__all__ = ["EXAMPLES", "INK", "MAX_THREES", "THREE", "LabelCount", "ManyThreesNumbers", "Pair", "many_threes_numbers"]

THREE = 3
# Small digits 0.72 units wide read well at 480p; 9 columns x 6 rows of them fit beside the text.
MAX_THREES = 54
# Examples drawn of each other digit (first ones in sample order, never picked by hand).
EXAMPLES = 4
# A pixel is ink at or above this grey level, paper below: how two digits are compared.
INK = 0.5


@dataclass(frozen=True)
class Pair:
    """Two 3s side by side: which pixels are ink in both, and which in only one of them."""

    first: SampleDigit
    second: SampleDigit
    both: np.ndarray  # 28x28 bool: ink in both
    differ: np.ndarray  # 28x28 bool: ink in one, paper in the other
    both_count: int
    differ_count: int


@dataclass(frozen=True)
class LabelCount:
    """How many sample digits carry ``label``, and how many of them the network reads right."""

    label: int
    total: int
    right: int


@dataclass(frozen=True)
class ManyThreesNumbers:
    """Every number the many-threes beat shows."""

    threes: list[SampleDigit]  # the 3s drawn, in sample order
    three_total: int  # 3s in the sample
    three_right: int  # of those, read as 3
    pair: Pair  # the two drawn 3s that differ in the most pixels
    median_differ: float  # pixels in which two drawn 3s differ, median over every pair
    fewest_differ: int  # pixels in which the two most alike drawn 3s differ
    pair_count: int  # pairs of drawn 3s
    pixel_count: int
    others: list[list[SampleDigit]]  # the first EXAMPLES digits of each other label
    counts: list[LabelCount]  # every label, 0 to 9
    sample_size: int
    sample_right: int


def _pair(answers: SampleAnswers, indices: np.ndarray) -> tuple[Pair, float, int, int]:
    """The two digits of ``indices`` whose ink differs in the most pixels (first such pair in sample
    order), the median and the fewest differing pixels over every pair, and how many pairs there are."""
    ink = answers.pixels[indices].reshape(len(indices), -1) >= INK
    differ = (ink[:, None, :] != ink[None, :, :]).sum(axis=-1)
    upper = np.triu_indices(len(indices), k=1)
    i, j = np.unravel_index(np.argmax(np.triu(differ + 1, k=1)), differ.shape)
    a, b = answers.digit(int(indices[i])), answers.digit(int(indices[j]))
    ink_a, ink_b = a.pixels >= INK, b.pixels >= INK
    both, only_one = ink_a & ink_b, ink_a != ink_b
    pair = Pair(a, b, both, only_one, int(both.sum()), int(only_one.sum()))
    return pair, float(np.median(differ[upper])), int(differ[upper].min()), len(upper[0])


def many_threes_numbers(inputs: SceneInputs, sample: Sample | None = None) -> ManyThreesNumbers:
    """The sample's 3s with the network's answers, the most different pair, and every label's count.

    It draws on the shipped sample (or ``sample``), not on the chosen digit.
    """
    answers = sample_answers(inputs.network, sample)
    threes = np.flatnonzero(answers.labels == THREE)
    if len(threes) < 2:
        raise NetcoreError(f"the digit sample holds {len(threes)} 3s; this beat needs at least 2")
    shown = threes[:MAX_THREES]
    pair, median, fewest, pairs = _pair(answers, shown)
    right = answers.answers == answers.labels
    return ManyThreesNumbers(
        threes=[answers.digit(int(i)) for i in shown],
        three_total=len(threes),
        three_right=int(right[threes].sum()),
        pair=pair,
        median_differ=median,
        fewest_differ=fewest,
        pair_count=pairs,
        pixel_count=int(answers.pixels[0].size),
        others=[
            [answers.digit(int(i)) for i in np.flatnonzero(answers.labels == label)[:EXAMPLES]]
            for label in range(10)
            if label != THREE
        ],
        counts=[LabelCount(label, int((answers.labels == label).sum()), int(right[answers.labels == label].sum())) for label in range(10)],
        sample_size=len(answers),
        sample_right=int(right.sum()),
    )
