"""Sigmoid against ReLU, measured: twin networks' real learning curves, and why the claim is about deep networks.

Render with ``manim -pql scenes/compare.py`` from the project root. The
curves are the test accuracies of the shipped checkpoints, through the
beat's record.
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    UL,
    Create,
    Dot,
    FadeIn,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    Line,
    Rectangle,
    SurroundingRectangle,
    Text,
    Uncreate,
    VGroup,
    VMobject,
)

from kit.base import ExplainerScene
from kit.layout import BOTTOM_EDGE, LEFT_EDGE, RIGHT_EDGE
from kit.motion import Unveil, Veil
from kit.plots import gridded_axis
from kit.tex import FormulaTex

__all__ = ["CompareSigmoidRelu"]


class CompareSigmoidRelu(ExplainerScene):
    """Two panels (the chapter's network, a deeper one), each with its sigmoid and ReLU twin's test accuracy per epoch."""

    beat = "sigmoid-vs-relu"
    user_digit_corner = None  # nothing here depends on the chosen digit

    TOP, BOTTOM = 1.5, -1.3  # the plots' accuracy axis, 100% to 0%
    GAP = 1.0  # between the two panels

    def _panel_box(self, k: int) -> tuple[float, float]:
        """Left and right of panel ``k``'s plot area (room for the accuracy labels on its left)."""
        count = len(self.numbers.pairs)
        # Room for the accuracy labels on the left and half an epoch label on the right, inside the margins.
        width = (RIGHT_EDGE - LEFT_EDGE - 0.8 - 0.15 - (count - 1) * self.GAP) / count
        left = LEFT_EDGE + 0.8 + k * (width + self.GAP)
        return left, left + width

    def _axes(self, k: int) -> VGroup:
        """Panel ``k``'s axes, grid lines, labels and title."""
        theme, words = self.theme, self.words
        left, right = self._panel_box(k)
        top, bottom = self.TOP, self.BOTTOM
        axes = gridded_axis(words.axis_labels, left, right, top, bottom, theme)
        ticks = len(words.epoch_labels) - 1
        for i, label in enumerate(words.epoch_labels):
            axes.add(Text(label, color=theme.muted, font_size=14).move_to([left + (right - left) * i / ticks, bottom - 0.2, 0]))
        axes.add(Text(words.axis_title, color=theme.muted, font_size=14).move_to([(left + right) / 2, bottom - 0.5, 0]))
        axes.add(Text(words.panel_titles[k], color=theme.text, font_size=20).move_to([(left + right) / 2, top + 0.35, 0]))
        return axes

    def _curve(self, k: int, which: int) -> VGroup:
        """One network's test accuracy at each checkpoint: dots joined by straight lines, its final value at the end."""
        network = self.numbers.pairs[k][which]
        colour = (self.theme.squish, self.theme.relu)[which]
        left, right = self._panel_box(k)
        last = float(network.epochs[-1])
        points = [
            [left + (right - left) * float(e) / last, self.BOTTOM + (self.TOP - self.BOTTOM) * float(a), 0]
            for e, a in zip(network.epochs, network.test_accuracy)
        ]
        line = VMobject(stroke_color=colour, stroke_width=3).set_points_as_corners(points)
        dots = VGroup(*(Dot(p, radius=0.04, color=colour) for p in points))
        label = Text(f"{self.words.names[which]} {self.words.final_values[k][which]}", color=colour, font_size=18)
        # Inside the plot: under the end of the higher curve, over the end of the lower one (clear of the title and the epochs).
        other = self.numbers.pairs[k][1 - which].test_accuracy[-1]
        label.next_to(points[-1], DOWN if network.test_accuracy[-1] >= other else UP, buff=0.12).align_to([right, 0, 0], RIGHT)
        return VGroup(line, dots, label)

    def step_twins(self) -> None:
        """The title, what was trained, and the empty panels."""
        theme, words = self.theme, self.words
        title = self.make_title(words.title)
        subtitle = Text(words.subtitle, color=theme.muted, font_size=18).next_to(title, DOWN, buff=0.12).align_to(title, LEFT)
        if subtitle.get_right()[0] > RIGHT_EDGE:
            subtitle.scale_to_fit_width(RIGHT_EDGE - LEFT_EDGE).align_to(title, LEFT)
        self.panels = VGroup(*(self._axes(k) for k in range(len(self.numbers.pairs))))
        self.functions = VGroup(*(FormulaTex(f, theme).scale(0.7) for f in words.functions)).arrange(RIGHT, buff=1.5)
        self.functions.move_to([0, BOTTOM_EDGE + self.functions.height / 2 + 0.1, 0])
        self.play(Unveil(title, theme), Unveil(subtitle, theme), Unveil(self.panels, theme), run_time=1.5)
        self.play(Unveil(self.functions, theme), run_time=0.8)

    def step_curves(self) -> None:
        """Both twins' curves in each panel, the sigmoid first."""
        self.curves = VGroup()
        for which in (0, 1):
            curves = VGroup(*(self._curve(k, which) for k in range(len(self.numbers.pairs))))
            self.play(*(Create(c[0]) for c in curves), run_time=1.6)
            self.play(*(FadeIn(c[1]) for c in curves), *(FadeIn(c[2]) for c in curves), run_time=0.6)
            self.curves.add(curves)

    def _lines(self, lines: list[str], font_size: int = 18) -> VGroup:
        """Lines of text under the panels, from the bottom margin up."""
        group = VGroup(*(Text(line, color=self.theme.text, font_size=font_size) for line in lines)).arrange(DOWN, buff=0.12)
        if group.width > RIGHT_EDGE - LEFT_EDGE:
            group.scale_to_fit_width(RIGHT_EDGE - LEFT_EDGE)
        return group.move_to([0, BOTTOM_EDGE + group.height / 2, 0])

    def step_verdict(self) -> None:
        """What came out, said as measured, with the dead ReLU neurons under their panels."""
        theme, words = self.theme, self.words
        dead = VGroup()
        self.dead_under: dict[int, list[Text]] = {}  # panel k's label, veiled with its panel in step_deeper
        for k, label in enumerate(words.dead_labels):
            if label:
                left, right = self._panel_box(k)
                text = Text(label, color=theme.relu, font_size=16)
                if text.width > right - left:
                    text.scale_to_fit_width(right - left)
                dead.add(text.move_to([(left + right) / 2, self.BOTTOM - 0.85, 0]))
                self.dead_under[k] = [text]
        self.verdict = self._lines(words.verdict)
        self.verdict[0].set_color(theme.highlight)
        self.play(Veil(self.functions, theme), run_time=0.5)
        shown = [self.verdict, *([dead] if len(dead) else [])]
        self.play(*(Unveil(m, theme) for m in shown), run_time=1.2)
        self.wait(1.0)

    def _signal_chart(self) -> tuple[VGroup, list[VGroup]]:
        """In the first panel's place: the error signal reaching each layer of the deeper twins before training,
        one sigmoid and one ReLU bar per layer on a log scale (a faint line per factor of 10); and the bars, layer by layer."""
        theme, words = self.theme, self.words
        left, right = self._panel_box(0)
        top, bottom = self.TOP, self.BOTTOM
        signals = [np.log10(network.start_gradients) for network in self.numbers.pairs[-1]]
        low, high = math.floor(min(map(min, signals))), math.ceil(max(map(max, signals)))
        grid = VGroup(
            *(
                Line([left, bottom + (top - bottom) * (k - low) / (high - low), 0], [right, bottom + (top - bottom) * (k - low) / (high - low), 0],
                     color=theme.muted, stroke_width=1.5 if k == low else 0.8, stroke_opacity=1.0 if k == low else 0.5)
                for k in range(low, high + 1)
            )
        )
        slot = (right - left) / len(words.signal_layers)
        bars = []
        for layer, label in enumerate(words.signal_layers):
            pair = VGroup()
            for which, colour in enumerate((theme.squish, theme.relu)):
                height = (top - bottom) * (signals[which][layer] - low) / (high - low)
                bar = Rectangle(width=slot * 0.32, height=height, stroke_width=0).set_fill(colour, opacity=0.9)
                pair.add(bar.move_to([left + slot * (layer + 0.5) + slot * 0.34 * (which - 0.5), bottom + height / 2, 0]))
            bars.append(pair)
        labels = VGroup(*(Text(t, color=theme.muted, font_size=14).move_to([left + slot * (k + 0.5), bottom - 0.2, 0]) for k, t in enumerate(words.signal_layers)))
        legend = VGroup(*(Text(n, color=c, font_size=16) for n, c in zip(words.names, (theme.squish, theme.relu)))).arrange(RIGHT, buff=0.3)
        legend.move_to([left, top, 0], aligned_edge=UL).shift(0.1 * RIGHT + 0.05 * DOWN)  # the first layers' bars are the lowest
        title = Text(words.signal_title, color=theme.text, font_size=20).move_to([(left + right) / 2, top + 0.35, 0])
        note = Text(words.signal_axis, color=theme.muted, font_size=14, line_spacing=0.8)
        note.move_to([(left + right) / 2, bottom - 0.4 - note.height / 2, 0])
        for text in (title, note):
            if text.width > right - left:
                text.scale_to_fit_width(right - left)
        return VGroup(grid, labels, legend, title, note), bars

    def step_deeper(self) -> None:
        """Why the original's claim is about deeper networks: the error signal shrinks through sigmoid layers."""
        theme = self.theme
        self.play(Veil(self.verdict, theme), run_time=0.5)
        why = self._lines(self.words.why)
        # Each line as it is said, the deeper panel boxed while its claim is; the first panel gives way to the
        # error signal reaching each of the deeper twins' layers, its bars drawn from the output back as it shrinks.
        deeper = SurroundingRectangle(self.panels[-1], color=theme.highlight, buff=0.1)
        self.play(Unveil(why[0], theme), Create(deeper), run_time=1.2)
        chart, bars = self._signal_chart()
        first = VGroup(self.panels[0], *(curves[0] for curves in self.curves), *self.dead_under.get(0, []))
        self.play(Veil(first, theme), run_time=0.6)
        self.play(Unveil(chart, theme), run_time=0.8)
        self.wait_until_said("shrinks")
        self.play(LaggedStart(*(GrowFromEdge(pair, DOWN) for pair in reversed(bars)), lag_ratio=0.5), run_time=2.5)
        self.wait_until_said("Before training")
        self.play(Unveil(why[1], theme), run_time=1.0)
        # The first layer's bar and the output's, sigmoid's then ReLU's, as their ratio is said.
        for which, said in enumerate(("first layer gets", "the ReLU twin's")):
            self.wait_until_said(said)
            self.play(*(Indicate(bars[layer][which], color=theme.highlight, scale_factor=1.1) for layer in (0, -1)), run_time=1.2)
        self.wait_until_said("That is why")
        self.play(Unveil(why[2], theme), Uncreate(deeper), run_time=1.0)
        self.wait(1.5)
