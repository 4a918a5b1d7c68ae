"""A first look at learning: the chapter's network during its real training, from random weights.

Render with ``manim -pql scenes/learning.py`` from the project root. The
pictures and accuracies come from the shipped checkpoints, through the
beat's record.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Rectangle,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
)

from kit.base import ExplainerScene
from kit.images import grid_cells, signed_picture, veil
from kit.layout import BOTTOM_EDGE, LEFT_EDGE, RIGHT_EDGE, TOP_EDGE
from kit.plots import gridded_axis

__all__ = ["LearningGlimpse"]


class LearningGlimpse(ExplainerScene):
    """First-layer weight pictures and test accuracy after 0, 1, 2, 5 ... epochs; then the next chapter."""

    beat = "learning-glimpse"
    user_digit_corner = None  # nothing here depends on the chosen digit

    GRID = (LEFT_EDGE, -0.6, 1.6, BOTTOM_EDGE)
    CHART = (0.6, RIGHT_EDGE, 1.1, -2.9)  # left, right, top, bottom of the bars' area

    def setup(self) -> None:
        super().setup()
        self.centres, self.cell, _ = grid_cells(self.numbers.strengths.shape[1], *self.GRID)
        self.shown = 0  # the checkpoint on screen

    def _pictures(self, checkpoint: int) -> VGroup:
        size = self.cell - 0.12
        return VGroup(
            *(signed_picture(s, self.theme, size).move_to(c) for s, c in zip(self.numbers.strengths[checkpoint], self.centres))
        )

    def _texts(self, checkpoint: int) -> VGroup:
        """The epoch over the pictures and the accuracy under the chart."""
        theme, words = self.theme, self.words
        epoch = Text(words.epoch_titles[checkpoint], color=theme.highlight, font_size=24)
        epoch.move_to([(self.GRID[0] + self.GRID[1]) / 2, self.GRID[2] + 0.65, 0])
        accuracy = Text(words.accuracy_lines[checkpoint], color=theme.text, font_size=20)
        accuracy.move_to([(self.CHART[0] + self.CHART[1]) / 2, self.CHART[2] + 0.6, 0])
        return VGroup(epoch, accuracy)

    def _bar(self, checkpoint: int) -> VGroup:
        """The checkpoint's bar (its height the accuracy) and its epoch under it."""
        left, right, top, bottom = self.CHART
        slot = (right - left) / len(self.numbers.epochs)
        height = (top - bottom) * float(self.numbers.test_accuracy[checkpoint])
        x = left + (checkpoint + 0.5) * slot
        bar = Rectangle(width=slot * 0.7, height=max(height, 0.01), stroke_width=0).set_fill(self.theme.muted, opacity=0.9)  # a measurement, not a weight's sign
        bar.move_to([x, bottom + bar.height / 2, 0])
        label = Text(self.words.epoch_labels[checkpoint], color=self.theme.muted, font_size=14).move_to([x, bottom - 0.2, 0])
        return VGroup(bar, label)

    def _axes(self) -> VGroup:
        """The accuracy axis with its labels and grid lines, and the epochs' title."""
        theme, words = self.theme, self.words
        left, right, top, bottom = self.CHART
        axis = gridded_axis(words.axis_labels, left, right, top, bottom, theme)
        epochs = Text(words.axis_title, color=theme.muted, font_size=14).move_to([(left + right) / 2, bottom - 0.5, 0])
        return VGroup(axis, epochs)

    def step_random(self) -> None:
        """Random weights: noise pictures, and about one digit in ten right."""
        theme, words = self.theme, self.words
        title = Text(words.title, color=theme.text, font_size=32)
        title.move_to([LEFT_EDGE + title.width / 2, TOP_EDGE - title.height / 2, 0])
        subtitle = Text(words.subtitle, color=theme.muted, font_size=18).next_to(title, DOWN, buff=0.12).align_to(title, LEFT)
        legend = Text(words.legend, color=theme.muted, font_size=14)
        legend.move_to([(self.GRID[0] + self.GRID[1]) / 2, self.GRID[2] + 0.25, 0])
        legend.shift(RIGHT * max(0.0, LEFT_EDGE - legend.get_left()[0]))  # wider than the grid: from the margin
        self.pictures, self.texts = self._pictures(0), self._texts(0)
        self.bars = VGroup(self._bar(0))
        # The pictures and the empty chart with the title (neither half stays bare), the accuracy as it is said.
        self.play(Write(title), FadeIn(subtitle), FadeIn(legend), run_time=1.0)
        cover = veil(self.pictures, theme)
        self.add(self.pictures, cover)
        self.play(FadeOut(cover), FadeIn(self.texts[0]), Create(self._axes()), run_time=1.2)
        self.wait_until_said("the network gets")
        self.play(FadeIn(self.texts[1]), FadeIn(self.bars[0], shift=0.2 * UP), run_time=1.0)
        self.flash_when_said("test digits", self.bars[0], scale=1.0)  # about one in ten: chance

    def step_training(self) -> None:
        """Checkpoint after checkpoint: the pictures take shape, the bars grow.

        Pictures and texts change at a cut, like a flip-book, and only the new bar
        is animated: fading 32 pictures, or long texts (Manim copies every glyph's
        outline to fade it), would cost more to render than the clip lasts.
        """
        for checkpoint in range(1, len(self.numbers.epochs)):
            pictures, texts, bar = self._pictures(checkpoint), self._texts(checkpoint), self._bar(checkpoint)
            self.remove(self.pictures, self.texts, *self.texts)  # the texts came on screen one by one
            self.add(pictures, texts)
            self.play(FadeIn(bar, shift=0.2 * UP), run_time=0.5)
            self.wait(0.7)
            self.pictures, self.texts = pictures, texts
            self.bars.add(bar)

    def step_trained(self) -> None:
        """The final checkpoint: the network of the chapter."""
        box = SurroundingRectangle(self.bars[-1], color=self.theme.highlight, buff=0.08)
        self.flash_when_said("After", self.bars[1], scale=1.0)  # after the first epoch
        self.wait_until_said("After")  # after the last
        self.play(Create(box), self.texts[1].animate.set_color(self.theme.highlight), run_time=1.0)
        self.flash_when_said("This is the network", self.texts[0])  # its epoch: the chapter's network

    def step_next(self) -> None:
        """The promise of the next chapter."""
        ending = Text(self.words.ending, color=self.theme.text, font_size=36)
        everything = Group(*self.mobjects)
        # The training stays behind the promise, dimmed but still there to see (at 0.85 it all but vanished).
        self.play(FadeIn(veil(everything, self.theme, opacity=0.7)), run_time=0.8)
        self.play(FadeIn(ending, shift=0.2 * UP), run_time=1.2)
        self.wait(2.5)
