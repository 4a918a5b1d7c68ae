"""The many-threes beat's words and steps: many real 3s, how unlike their pixels are, and how many the network reads."""

from __future__ import annotations

from dataclasses import dataclass

from netcore.inputs import SceneInputs
from netcore.scenedata.many_threes import EXAMPLES, INK, THREE, ManyThreesNumbers, many_threes_numbers
from storyboard.record import Record, Step, header
from storyboard.sample_words import sample_source
from storyboard.words import thousands

__all__ = ["ManyThreesWords", "many_threes_record"]


@dataclass(frozen=True)
class ManyThreesWords:
    """Every word the many-threes beat draws."""

    title: str
    source: str
    answers: list[str]  # under each drawn 3: the network's answer
    answers_note: str
    pair_titles: list[str]
    both_label: str
    differ_label: str
    ink_note: str
    differ_summary: str
    question: str
    rules: list[str]  # why a rule cannot list the pixels of a 3, with the sample's numbers
    answer: str
    count: str
    others_title: str
    other_labels: list[str]  # the column heads: "0", "1", ...
    other_answers: list[list[str]]
    other_counts: list[str]  # under each column: "53 of 54 read right"
    others_note: str
    sample_count: str


def _steps(numbers: ManyThreesNumbers, title: str) -> tuple[Step, ...]:
    pair = numbers.pair
    return (
        Step("threes", f"{title} from our sample of {numbers.sample_size} digits. You read each one as a 3 at a glance."),
        Step(
            "differ",
            f"Yet their pixels differ. These two disagree in {pair.differ_count} of {numbers.pixel_count} pixels: "
            f"ink in one, paper in the other.",
        ),
        Step(
            "rules",
            f"So how would you write a program that reads them? Not as a list of a 3's pixels: a typical pair of "
            f"these 3s differs in {numbers.median_differ:g} of {numbers.pixel_count}, and even the two most alike in "
            f"{numbers.fewest_differ}. Rules for that are not written by hand.",
        ),
        Step(
            "count",
            f"A neural network learns them from examples instead. This one reads {numbers.three_right} of the "
            f"{numbers.three_total} as a 3.",
        ),
        Step(
            "others",
            f"The other digits too: it reads {numbers.sample_right} of the {numbers.sample_size} sample digits right.",
        ),
    )


def many_threes_record(inputs: SceneInputs) -> Record[ManyThreesNumbers, ManyThreesWords]:
    """The many-threes beat's record (it draws on the shipped sample, not on the chosen digit)."""
    numbers = many_threes_numbers(inputs)
    shown, pair = len(numbers.threes), numbers.pair
    every = "All" if shown == numbers.three_total else f"{shown} of the"
    title = f"{every} {numbers.three_total} handwritten {THREE}s"
    words = ManyThreesWords(
        title=title,
        source=sample_source(inputs, numbers.sample_size),
        answers=[str(d.answer) for d in numbers.threes],
        answers_note="under each, the network's answer",
        pair_titles=[f"sample digit {d.index}" for d in (pair.first, pair.second)],
        both_label=f"ink in both: {pair.both_count}",
        differ_label=f"ink in only one: {pair.differ_count}",
        ink_note=f"ink = grey level {INK:g} or more",
        differ_summary=(
            f"The most different pair of these {THREE}s. A typical pair\n"
            f"(the median of all {thousands(numbers.pair_count)} pairs) differs in {numbers.median_differ:g}."
        ),
        question=f"How would you write rules\nthat read a {THREE}?",
        rules=[
            f"Listing a {THREE}'s ink will not do:",
            f"a typical pair of these {THREE}s differs",
            f"in {numbers.median_differ:g} of {numbers.pixel_count} pixels,",
            f"and the two most alike in {numbers.fewest_differ}.",
        ],
        answer="A neural network learns\nfrom examples instead:",
        count=f"{numbers.three_right} of {numbers.three_total}\nread as {THREE}",
        others_title=f"The other digits: the first {EXAMPLES} of each in the sample",
        other_labels=[str(column[0].label) for column in numbers.others if column],
        other_answers=[[str(d.answer) for d in column] for column in numbers.others if column],
        other_counts=[f"{c.right} of {c.total}" for c in numbers.counts if c.label != THREE and c.total],
        others_note="under each digit, the network's answer; below, how many of that digit it reads right",
        sample_count=f"{numbers.sample_right} of {numbers.sample_size} sample digits read right",
    )
    return Record(header("many-threes", inputs), _steps(numbers, title), numbers, words)
