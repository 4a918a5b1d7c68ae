"""Sigmoid against ReLU, measured: twin networks' real learning curves, and why the claim is about deep networks.

Render with ``manim -pql scenes/compare.py`` from the project root. The
curves are the test accuracies of the shipped checkpoints, through the
beat's record.
"""

from __future__ import annotations

import math

from manim import DOWN, LEFT, RIGHT, UP, Create, Dot, FadeIn, GrowFromEdge, Indicate, LaggedStart, Rectangle, Text, VGroup, VMobject

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
        """Panel ``k``: its accuracy axis (grid lines and their labels) first, its title last."""
        theme, words = self.theme, self.words
        left, right = self._panel_box(k)
        top, bottom = self.TOP, self.BOTTOM
        panel = VGroup(gridded_axis(words.axis_labels, left, right, top, bottom, theme))
        ticks = len(words.epoch_labels) - 1
        for i, label in enumerate(words.epoch_labels):
            panel.add(Text(label, color=theme.muted, font_size=14).move_to([left + (right - left) * i / ticks, bottom - 0.2, 0]))
        panel.add(Text(words.axis_title, color=theme.muted, font_size=14).move_to([(left + right) / 2, bottom - 0.5, 0]))
        return panel.add(Text(words.panel_titles[k], color=theme.text, font_size=20).move_to([(left + right) / 2, top + 0.35, 0]))

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
        # Everything at once (no half waits bare), then each part flashes as it is said.
        self.play(Unveil(title, theme), Unveil(subtitle, theme), Unveil(self.panels, theme), run_time=1.5)
        self.play(Unveil(self.functions, theme), run_time=0.8)
        self.flash_when_said("the same sizes", VGroup(*(panel[-1] for panel in self.panels)))  # the titles give the sizes
        self.flash_when_said("seed", subtitle)  # it names the seed and the recipe's learning rate
        self.flash_when_said("Only the activation", self.functions)

    def step_curves(self) -> None:
        """Every checkpoint's dots first, then each panel's two curves as their accuracies are read out."""
        pairs = range(len(self.numbers.pairs))
        self.curves = VGroup(*(VGroup(*(self._curve(k, which) for k in pairs)) for which in (0, 1)))
        self.flash_when_said("accuracy", VGroup(*(panel[0] for panel in self.panels)))  # the accuracy axes
        self.wait_until_said("each checkpoint")
        dots = [VGroup(*(self.curves[which][k][1][i] for which in (0, 1) for k in pairs)) for i in range(len(self.curves[0][0][1]))]
        self.play(LaggedStart(*(FadeIn(d) for d in dots), lag_ratio=0.3), run_time=1.5)  # checkpoint by checkpoint
        for k in pairs:
            self.flash_when_said("hidden layers", self.panels[k][-1])
            for which, name in enumerate(("sigmoid", "ReLU")):
                curve = self.curves[which][k]
                self.wait_until_said(name)
                self.play(Create(curve[0]), FadeIn(curve[2]), run_time=1.0)

    def _lines(self, lines: list[str], font_size: int = 18) -> VGroup:
        """Lines of text under the panels, from the bottom margin up."""
        group = VGroup(*(Text(line, color=self.theme.text, font_size=font_size) for line in lines)).arrange(DOWN, buff=0.12)
        if group.width > RIGHT_EDGE - LEFT_EDGE:
            group.scale_to_fit_width(RIGHT_EDGE - LEFT_EDGE)
        return group.move_to([0, BOTTOM_EDGE + group.height / 2, 0])

    def step_verdict(self) -> None:
        """What came out, said as measured, with the dead ReLU neurons under their panels."""
        theme, words = self.theme, self.words
        self.dead_labels = {}  # panel: its label, for the panels whose ReLU neurons died
        for k, label in enumerate(words.dead_labels):
            if label:
                left, right = self._panel_box(k)
                text = Text(label, color=theme.relu, font_size=16)
                if text.width > right - left:
                    text.scale_to_fit_width(right - left)
                self.dead_labels[k] = text.move_to([(left + right) / 2, self.BOTTOM - 0.85, 0])
        self.verdict = self._lines(words.verdict)
        self.verdict[0].set_color(theme.highlight)
        self.play(Veil(self.functions, theme), Unveil(self.verdict[0], theme), run_time=1.0)
        self.flash_when_said("ReLU", VGroup(*(c[2] for c in self.curves[1])))  # the ReLU twins' final accuracies
        for line in self.verdict[1:]:
            self.wait_for_next_phrase()
            self.play(Unveil(line, theme), run_time=1.0)
            self.flash_when_said("die", VGroup(*(c[0] for c in self.curves[1])), scale=1.0)  # flat: they stopped learning
        for n, label in enumerate(self.dead_labels.values()):  # read out panel by panel, the lists apart by ";"
            self.wait_until_said(";" if n else "Dead")
            self.play(Unveil(label, theme), run_time=0.8)
        self.wait(1.0)

    def _slot(self, i: int) -> float:
        """The x of the error-signal chart's layer ``i`` (it takes the first panel's place)."""
        left, right = self._panel_box(0)
        return left + (right - left) * (i + 0.5) / len(self.words.signal_layers)

    def _signal_chart(self) -> VGroup:
        """The error-signal chart's axes: a line per power of ten, the layers under it, its titles."""
        theme, words = self.theme, self.words
        left, right = self._panel_box(0)
        chart = gridded_axis(words.signal_labels, left, right, self.TOP, self.BOTTOM, theme)
        for i, label in enumerate(words.signal_layers):
            chart.add(Text(label, color=theme.muted, font_size=14).move_to([self._slot(i), self.BOTTOM - 0.2, 0]))
        axis_title = Text(words.signal_axis_title, color=theme.muted, font_size=14)
        chart.add(axis_title.move_to([(left + right) / 2, self.BOTTOM - 0.5, 0]))
        return chart.add(Text(words.signal_title, color=theme.text, font_size=20).move_to([(left + right) / 2, self.TOP + 0.35, 0]))

    def _signal_bars(self, which: int) -> VGroup:
        """One deeper twin's bars, first hidden layer to output: the mean error signal each layer gets, on the log axis."""
        left, right = self._panel_box(0)
        width = 0.3 * (right - left) / len(self.words.signal_layers)
        decade = (self.TOP - self.BOTTOM) / (len(self.words.signal_labels) - 1)
        colour = (self.theme.squish, self.theme.relu)[which]
        bars = VGroup()
        for i, value in enumerate(self.numbers.pairs[-1][which].start_gradients):
            height = max((math.log10(value) - self.words.signal_floor) * decade, 0.02)
            bar = Rectangle(width=width, height=height, stroke_width=0).set_fill(colour, opacity=1)
            bars.add(bar.move_to([self._slot(i) + (which - 0.5) * (width + 0.04), self.BOTTOM + height / 2, 0]))
        return bars

    def _shrink_labels(self) -> VGroup:
        """Over the chart's first layers: how many times less signal the first layer gets, per twin."""
        left, _ = self._panel_box(0)
        labels = VGroup(*(
            Text(f"{name}: {shrink}", color=colour, font_size=16)
            for name, shrink, colour in zip(self.words.names, self.words.signal_shrink, (self.theme.squish, self.theme.relu))
        )).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        return labels.next_to([left + 0.15, self.TOP - 0.05, 0], DOWN + RIGHT, buff=0)

    def step_deeper(self) -> None:
        """Why the original's claim is about deeper networks: the error signal shrinks through sigmoid layers.

        The first panel gives way to the deeper twins' error signal per layer before training; each line
        comes as it is said, the bars grow from the output back as the signal's way back is said, and what
        the voice speaks of flashes as it is named.
        """
        theme = self.theme
        deep = len(self.numbers.pairs) - 1
        shallow = VGroup(self.panels[0], self.curves[0][0], self.curves[1][0], *([self.dead_labels[0]] if 0 in self.dead_labels else []))
        self.play(Veil(self.verdict, theme), Veil(shallow, theme), run_time=0.8)
        why = self._lines(self.words.why)
        bars, shrink = [self._signal_bars(w) for w in (0, 1)], self._shrink_labels()
        self.play(Unveil(why[0], theme), Unveil(self._signal_chart(), theme), run_time=1.2)
        self.flash_when_said("deeper networks", self.panels[deep][-1])
        self.wait_until_said("error signal")  # it starts at the output layer ...
        self.play(GrowFromEdge(bars[0][-1], DOWN), run_time=0.8)
        self.wait_until_said("shrinks")  # ... and shrinks on its way back to the first
        self.play(LaggedStart(*(GrowFromEdge(b, DOWN) for b in reversed(bars[0][:-1])), lag_ratio=0.35), run_time=2.0)
        self.wait_until_said("Before training")
        self.play(Unveil(why[1], theme), run_time=1.2)
        self.wait_until_said("first layer")
        self.play(Unveil(shrink[0], theme), Indicate(bars[0][0], color=theme.highlight), run_time=1.0)
        self.flash_when_said("output layer", bars[0][-1])
        self.wait_until_said("the ReLU twin")
        self.play(LaggedStart(*(GrowFromEdge(b, DOWN) for b in reversed(bars[1])), lag_ratio=0.35), run_time=1.5)
        self.play(Unveil(shrink[1], theme), run_time=0.6)
        self.wait_until_said("That is why")
        self.play(Unveil(why[2], theme), run_time=1.2)
        if deep in self.dead_labels:
            self.flash_when_said("did not get", self.dead_labels[deep])
        self.wait(1.5)
