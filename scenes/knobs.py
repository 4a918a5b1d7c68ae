"""The knobs: every weight and bias of the network as a dial at its real value, and what learning must find.

Render with ``manim -pql scenes/knobs.py`` from the project root. The values,
their range and their histogram come from the beat's record
(``netcore.scenedata.knobs``).
"""

from __future__ import annotations

import math

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Create, FadeIn, FadeOut, Indicate, Line, Rectangle, Text, VGroup

from kit.base import ExplainerScene
from kit.dials import Dial, dial_wall
from kit.layout import BOTTOM_EDGE, LEFT_EDGE, RIGHT_EDGE, TOP_EDGE
from kit.motion import Unveil, Veil

__all__ = ["KnobsAndDials"]


class KnobsAndDials(ExplainerScene):
    """Every parameter a tiny dial, a few of them up close, their spread; then learning as finding the settings."""

    beat = "knobs"
    user_digit_corner = None  # nothing here depends on the chosen digit

    WALL = (LEFT_EDGE, -2.0, 1.75, BOTTOM_EDGE)  # left, right, top, bottom of the first layer's dials
    PANEL = (1.5, RIGHT_EDGE, 2.3, BOTTOM_EDGE)  # the right-hand panel: zoom, histogram, the idea
    GAP = 1  # dials left empty between two neurons' pictures

    def _first_layer(self) -> tuple[np.ndarray, int]:
        """The first layer's weights laid out as its neurons' pictures in a grid (NaN in the gaps), and the grid's columns."""
        weights, side = self.numbers.blocks[0].values, self.numbers.picture_side
        count = len(weights)
        cols = math.ceil(math.sqrt(count))
        rows = math.ceil(count / cols)
        pitch = side + self.GAP
        layout = np.full((rows * pitch - self.GAP, cols * pitch - self.GAP), np.nan)
        for n, row in enumerate(weights):
            r, c = divmod(n, cols)
            layout[r * pitch : r * pitch + side, c * pitch : c * pitch + side] = row.reshape(side, side)
        return layout, cols

    def _wall(self) -> None:
        """The first layer's dials on the left, the other blocks in a column beside them, each with its label."""
        theme, words, numbers = self.theme, self.words, self.numbers
        left, right, top, bottom = self.WALL
        layout, self.picture_columns = self._first_layer()
        self.dial = min((right - left) / layout.shape[1], (top - bottom) / layout.shape[0])
        first = dial_wall(layout, numbers.limit, theme, self.dial)
        first.move_to([left + first.width / 2, top - first.height / 2, 0])
        self.first = first
        label = Text(words.block_labels[0], color=theme.text, font_size=20).next_to(first, UP, buff=0.15).align_to(first, LEFT)
        others = VGroup()
        for block, text in zip(numbers.blocks[1:], words.block_labels[1:]):
            values = block.values if block.values.ndim == 2 else block.values[None, :]
            wall = dial_wall(values, numbers.limit, theme, self.dial)
            others.add(VGroup(wall, Text(text, color=theme.text, font_size=16).next_to(wall, RIGHT, buff=0.15)))
        others.arrange(DOWN, buff=0.3, aligned_edge=LEFT).next_to(first, RIGHT, buff=0.35).align_to(first, UP)
        self.blocks = VGroup(VGroup(first, label), others)

    def step_wall(self) -> None:
        """All the dials at once, under a veil."""
        theme, words = self.theme, self.words
        title = self.make_title(words.title)
        subtitle = Text(words.subtitle, color=theme.muted, font_size=18).next_to(title, DOWN, buff=0.12).align_to(title, LEFT)
        legend = VGroup(
            *(Text(w, color=theme.role(words.legend_roles.get(w.rstrip(":"), "muted")), font_size=18) for w in words.legend.split())
        ).arrange(RIGHT, buff=0.12)
        legend.next_to(subtitle, RIGHT, buff=0.6).align_to(subtitle, DOWN)
        self._wall()
        self.legend = self._legend_dial()
        # The whole wall at once (no half waits bare), then what the voice names flashes as it is named.
        self.play(Unveil(title, theme), Unveil(subtitle, theme), Unveil(self.blocks, theme), run_time=1.5)
        self.play(Unveil(legend, theme), Unveil(self.legend, theme), run_time=0.8)
        self.flash_when_said("as a dial", self.legend[0])  # how one dial reads
        self.flash_when_said("first layer", self.blocks[0][1])  # W1's label: the most of them
        self.wait_until_said("alone")  # outlined while its share is said, then gone: the wall stays as it was
        outline = Rectangle(width=self.first.width + 0.1, height=self.first.height + 0.1, color=theme.highlight, stroke_width=3)
        self.play(Create(outline.move_to(self.first)), run_time=0.8)
        self.play(FadeOut(outline), run_time=max(0.5, self.seconds_left_in_phrase()))  # fades as the share is said
        self.wait(1.0)

    def _zoom(self) -> tuple[VGroup, VGroup]:
        """The zoomed window's panel (title, dials with their values), and the frames that mark it on the wall and up close."""
        theme, words, numbers, zoom = self.theme, self.words, self.numbers, self.numbers.zoom
        left, right, top, bottom = self.PANEL
        rows, cols = zoom.values.shape
        pitch = min((right - left) / cols, (top - 0.5 - (bottom + 1.2)) / rows)
        dials = VGroup()
        for r in range(rows):
            for c in range(cols):
                centre = np.array([left + (c + 0.5) * pitch, top - 0.5 - (r + 0.4) * pitch, 0])
                dial = Dial(float(zoom.values[r, c]), numbers.limit, theme, 0.3 * pitch).move_to(centre)
                value = Text(words.zoom_values[r][c], color=theme.text, font_size=16).next_to(dial, DOWN, buff=0.06)
                dials.add(VGroup(dial, value))
        title = Text(words.zoom_title, color=theme.text, font_size=18)
        if title.width > right - left:  # two-digit rows and columns on another network
            title.scale_to_fit_width(right - left)
        title.move_to([(left + right) / 2, top - 0.15, 0])
        # Where the window lies on the wall: the neuron's picture, then the window's pixels in it.
        pitch_px = numbers.picture_side + self.GAP
        r0, c0 = divmod(zoom.neuron, self.picture_columns)
        x = self.first.get_left()[0] + (c0 * pitch_px + zoom.col) * self.dial
        y = self.first.get_top()[1] - (r0 * pitch_px + zoom.row) * self.dial
        frame = Rectangle(width=cols * self.dial, height=rows * self.dial, color=theme.highlight, stroke_width=2)
        frame.move_to([x + cols * self.dial / 2, y - rows * self.dial / 2, 0])
        # The same colour frames the window on the wall and its dials up close: no line need cross the other blocks.
        box = Rectangle(width=dials.width + 0.2, height=dials.height + 0.2, color=theme.highlight, stroke_width=2).move_to(dials)
        return VGroup(title, dials), VGroup(frame, box)

    def _legend_dial(self, radius: float = 0.8, font_size: int = 20) -> VGroup:
        """A dial at 0 with its ends labelled (how to read the others), in the middle of the panel."""
        theme, words = self.theme, self.words
        left, right, top, bottom = self.PANEL
        dial = Dial(0.0, self.numbers.limit, theme, radius)
        ends = [Text(t, color=c, font_size=font_size) for t, c in zip(words.dial_ends, (theme.negative, theme.positive))]
        ends[0].next_to(dial, LEFT, buff=0.1).shift(0.75 * radius * DOWN)
        ends[1].next_to(dial, RIGHT, buff=0.1).shift(0.75 * radius * DOWN)
        zero = Text("0", color=theme.muted, font_size=font_size).next_to(dial, UP, buff=0.08)
        note = Text(words.dial_note, color=theme.muted, font_size=16).next_to(dial, DOWN, buff=0.5)
        return VGroup(dial, *ends, zero, note).move_to([(left + right) / 2, (top + bottom) / 2, 0])

    def step_zoom(self) -> None:
        """A window of one neuron's dials, large enough to read, with their values; the reading dial moves below."""
        panel, marks = self._zoom()
        left, right, _, bottom = self.PANEL
        # Smaller under the zoom, its ends still written large enough to read at 480p.
        small = self._legend_dial(radius=0.48, font_size=16)
        small[-1].set_opacity(0)  # the note: the panel's dials say it
        small.move_to([(left + right) / 2, bottom + small.height / 2, 0])
        self.play(Create(marks[0]), self.legend.animate.become(small), run_time=0.8)
        self.play(Create(marks[1]), Unveil(panel, self.theme), run_time=1.2)
        self.panel, self.marks = panel, marks
        # How to read a needle, each end of the reading dial as it is said.
        self.flash_when_said("straight up", VGroup(self.legend[0], self.legend[3]))
        self.flash_when_said("blue", self.legend[2])
        self.flash_when_said("red", self.legend[1])
        self.wait(1.0)

    def _histogram(self) -> VGroup:
        """Bars of how many parameters fall in each bin, on a log scale; the range and spread written under it."""
        theme, words, numbers = self.theme, self.words, self.numbers
        left, right, top, bottom = self.PANEL
        base, top_y = bottom + 1.5, top - 0.6
        edges, counts = numbers.bin_edges, numbers.counts
        decades = len(words.count_labels) - 1
        floor = -0.3  # the axis starts a little under a count of 1 (10^0), so a bin of one still shows

        def x_of(value: float) -> float:
            return left + 0.7 + (right - left - 0.7) * (value - edges[0]) / (edges[-1] - edges[0])

        def y_of(count: float) -> float:
            return base + (top_y - base) * (math.log10(count) - floor) / (decades - floor)

        bars = VGroup(VGroup(), VGroup())  # the negative values' bars, the positive values'
        for lo, hi, count in zip(edges, edges[1:], counts):
            if count:
                bar = Rectangle(width=x_of(hi) - x_of(lo), height=y_of(count) - base, stroke_width=0)
                bar.set_fill(theme.positive if lo >= 0 else theme.negative, opacity=0.9)
                bars[int(lo >= 0)].add(bar.move_to([(x_of(lo) + x_of(hi)) / 2, (base + y_of(count)) / 2, 0]))
        axis = VGroup(Line([x_of(edges[0]), base, 0], [x_of(edges[-1]), base, 0], color=theme.muted, stroke_width=1.5))
        for k, label in enumerate(words.count_labels):
            y = y_of(10**k)
            axis.add(Line([x_of(edges[0]), y, 0], [x_of(edges[-1]), y, 0], color=theme.muted, stroke_width=0.6, stroke_opacity=0.5))
            axis.add(Text(label, color=theme.muted, font_size=14).next_to([x_of(edges[0]), y, 0], LEFT, buff=0.08))
        zero = Line([x_of(0.0), base, 0], [x_of(0.0), top_y, 0], color=theme.muted, stroke_width=1)
        title = Text(words.histogram_title, color=theme.text, font_size=18).move_to([(left + right) / 2, top - 0.15, 0])
        counts_title = Text(words.histogram_axis, color=theme.muted, font_size=14).next_to(title, DOWN, buff=0.08)
        ends = VGroup(
            Text(words.range_labels[0], color=theme.negative, font_size=16),
            Text(words.range_labels[1], color=theme.positive, font_size=16),
        ).arrange(RIGHT, buff=0.4)
        if ends.width > right - left:
            ends.scale_to_fit_width(right - left)
        ends.move_to([(left + right) / 2, base - 0.3, 0])
        spread = VGroup(*(Text(line, color=theme.text, font_size=18) for line in words.spread_lines)).arrange(DOWN, buff=0.12)
        spread.next_to(ends, DOWN, buff=0.25)
        return VGroup(title, counts_title, axis, zero, bars, ends, spread)

    def step_spread(self) -> None:
        """The zoom gives way to the histogram of all values."""
        self.play(Veil(VGroup(self.panel, self.marks, self.legend), self.theme), run_time=0.6)
        self.histogram = self._histogram()
        title, counts_title, axis, zero, bars, ends, spread = self.histogram
        theme = self.theme
        self.play(Unveil(VGroup(title, counts_title, axis, zero, bars), theme), run_time=1.2)
        self.wait_until_said("range from")
        self.play(Unveil(ends, theme), run_time=0.8)
        self.wait_until_said("half of them")
        self.play(Unveil(spread[0], theme), run_time=0.8)
        self.flash_when_said("of zero", zero, scale=1.0)
        self.wait_until_said("positive")
        self.play(Unveil(spread[1], theme), Indicate(bars[1], color=theme.highlight, scale_factor=1.0), run_time=1.0)
        self.flash_when_said("negative", bars[0], scale=1.0)
        self.wait(1.0)

    def step_by_hand(self) -> None:
        """The idea: learning means finding every one of these settings."""
        theme = self.theme
        lines = VGroup(*(Text(line, color=theme.text, font_size=22) for line in self.words.by_hand)).arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        lines[0].set_color(theme.highlight)
        left, right, top, bottom = self.PANEL
        if lines.width > right - left:
            lines.scale_to_fit_width(right - left)
        lines.move_to([(left + right) / 2, (top + bottom) / 2, 0])
        self.play(Veil(self.histogram, theme), run_time=0.6)
        self.play(FadeIn(lines, shift=0.2 * UP), run_time=1.2)
        self.flash_when_said("by hand", VGroup(self.blocks[0][1], *(block[1] for block in self.blocks[1])))  # every block
        self.flash_when_said("Learning means", lines[1:])
        self.wait(1.5)
