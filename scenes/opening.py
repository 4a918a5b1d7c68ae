"""The chapter's opening: many real 3s, a neuron holds a number, and when the network fails.

Render one beat with ``manim -ql scenes/opening.py ManyThrees`` (or
``NeuronHoldsANumber``, ``WhenItFails``) from the project root.
``ManyThrees`` and ``WhenItFails`` draw on the shipped sample of digits
and say so on screen; ``NeuronHoldsANumber`` draws the chosen digit. The
layers are introduced by the forward beat (scenes/forward.py).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Circle,
    Create,
    DashedLine,
    LaggedStart,
    MathTex,
    Rectangle,
    Square,
    SurroundingRectangle,
    Text,
    Transform,
    TransformFromCopy,
    VGroup,
    Write,
)

from kit.base import ExplainerScene
from kit.handover import digit_on_stage
from kit.images import Tally, value_picture
from kit.raster import Raster, blend
from kit.layout import BOTTOM_EDGE, LEFT_EDGE, RIGHT_EDGE, TOP_EDGE
from kit.motion import Fade, Glide, LaggedFadeIn, SnapshotFade, SnapshotGlide, Unveil, Veil
from kit.pixels import PixelGrid, SquareGrid
from kit.theme import Theme

__all__ = ["ManyThrees", "NeuronHoldsANumber", "WhenItFails"]


def _at_top_left(mob, x: float = LEFT_EDGE, y: float = TOP_EDGE):
    """Move ``mob`` so that its top-left corner is at (x, y)."""
    return mob.shift([x - mob.get_left()[0], y - mob.get_top()[1], 0])


def _answer(text: str, right: bool, theme: Theme, font_size: int = 16) -> Text:
    """The network's answer under a digit: muted when right, in the negative colour when wrong."""
    return Text(text, color=theme.muted if right else theme.negative, font_size=font_size)


def _on_fill(value: float, theme: Theme):
    """A text colour that reads on a cell or neuron filled at grey level ``value``."""
    return theme.background if value >= 0.5 else theme.text


class ManyThrees(ExplainerScene):
    """A wall of the sample's 3s; the two most different, pixel by pixel; how many the network reads; the other digits."""

    beat = "many-threes"
    user_digit_corner = None  # the source line says these are sample digits, not the user's

    COLUMNS = 9
    PITCH = (0.8, 1.0)  # cell width and height of the wall of 3s
    DIGIT = 0.66

    def step_threes(self) -> None:
        """Every 3 of the sample, small, in sample order."""
        theme, words = self.theme, self.words
        self.title = _at_top_left(Text(words.title, color=theme.text, font_size=30))
        self.source = Text(words.source, color=theme.muted, font_size=16).next_to(self.title, DOWN, buff=0.12, aligned_edge=LEFT)
        top = self.source.get_bottom()[1] - 0.2
        self.threes = VGroup(
            *(
            value_picture(d.pixels, theme, self.DIGIT).move_to(
                [LEFT_EDGE + self.DIGIT / 2 + (i % self.COLUMNS) * self.PITCH[0], top - self.DIGIT / 2 - (i // self.COLUMNS) * self.PITCH[1], 0]
            )
                for i, d in enumerate(self.numbers.threes)
            )
        )
        self.wall_left = self.threes.get_center()  # where the wall goes once the comparison needs the right half
        self.threes.set_x(0)
        # One row at a time, each tile under a veil: only the veils are redrawn each frame. The first
        # comes with the title, so the wall reaches the lower half of the frame within three seconds.
        for start in range(0, len(self.threes), self.COLUMNS):
            row = self.threes[start : start + self.COLUMNS]
            title = [Write(self.title), Fade(self.source)] if start == 0 else []
            self.play(*title, LaggedStart(*(Unveil(t, theme) for t in row), lag_ratio=0.1), run_time=1 if start == 0 else 0.5)

    def step_differ(self) -> None:
        """The two most different 3s, large, and a grid of where their ink differs."""
        theme, words, pair = self.theme, self.words, self.numbers.pair
        positions = [d.index for d in self.numbers.threes]
        chosen = [self.threes[positions.index(d.index)] for d in (pair.first, pair.second)]
        outlines = VGroup(*(SurroundingRectangle(c, color=theme.highlight, buff=0.03, stroke_width=3) for c in chosen))
        panel_x = (0.9, RIGHT_EDGE)
        centre = (panel_x[0] + panel_x[1]) / 2
        big = [value_picture(d.pixels, theme, 2.0) for d in (pair.first, pair.second)]
        big[0].move_to([centre - 1.3, 1.75, 0])
        big[1].move_to([centre + 1.3, 1.75, 0])
        frames = VGroup(*(SurroundingRectangle(b, color=theme.muted, buff=0, stroke_width=1.5) for b in big))
        names = VGroup(
            *(Text(t, color=theme.muted, font_size=16).next_to(b, UP, buff=0.1) for t, b in zip(words.pair_titles, big))
        )
        colours = [
            [theme.ink if both else theme.highlight if differ else theme.background for both, differ in zip(rb, rd)]
            for rb, rd in zip(pair.both, pair.differ)
        ]
        overlap = SquareGrid(colours, theme, side_length=2.3).move_to([panel_x[0] + 1.15, -1.0, 0])
        swatches = VGroup(
            Square(0.2, stroke_width=1, stroke_color=theme.muted).set_fill(theme.ink, 1),
            Square(0.2, stroke_width=0).set_fill(theme.highlight, 1),
        )
        legend = VGroup(
            *(
                VGroup(s, Text(t, color=theme.text, font_size=18)).arrange(RIGHT, buff=0.15)
                for s, t in zip(swatches, (words.both_label, words.differ_label))
            ),
            Text(words.ink_note, color=theme.muted, font_size=14),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        legend.next_to(overlap, RIGHT, buff=0.3)
        summary = Text(words.differ_summary, color=theme.text, font_size=16, line_spacing=0.9)
        summary.next_to(overlap, DOWN, buff=0.3).align_to(overlap, LEFT)
        outlines.shift(self.wall_left - self.threes.get_center())
        self.play(Glide(self.threes, self.wall_left), run_time=0.8)
        self.play(Create(outlines), run_time=0.8)
        self.play(*(TransformFromCopy(c, b) for c, b in zip(chosen, big)), Fade(frames), Fade(names), run_time=1.5)
        self.play(Fade(overlap), run_time=1)
        self.play(Unveil(legend, theme), Unveil(summary, theme), run_time=1)
        self.wait(2)
        self.outlines = outlines
        self.comparison = VGroup(frames, names, overlap, legend, summary, *big)  # the right half only

    def step_rules(self) -> None:
        """The opening question, in the right half: how would you write rules? Not by listing pixels."""
        theme, words = self.theme, self.words
        question = Text(words.question, color=theme.highlight, font_size=30, line_spacing=0.9)
        rules = VGroup(*(Text(line, color=theme.text, font_size=20) for line in words.rules)).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        self.rules = VGroup(question, rules).arrange(DOWN, aligned_edge=LEFT, buff=0.5).move_to([(0.9 + RIGHT_EDGE) / 2, 0, 0])
        self.play(Veil(self.comparison, theme), Fade(self.outlines, out=True), run_time=0.8)
        self.play(Write(question), run_time=1.2)
        # The lines as they are said: not by listing ink; how much a typical pair differs; the two most alike.
        self.wait_until_said("Not as a list")
        self.play(Unveil(rules[0], theme), run_time=0.6)
        self.wait_until_said("a typical pair")
        self.play(LaggedStart(Unveil(rules[1], theme), Unveil(rules[2], theme), lag_ratio=0.5), run_time=1.0)
        self.wait_until_said("the two most alike")
        self.play(Unveil(rules[3], theme), run_time=0.6)

    def step_count(self) -> None:
        """The network's answer under every 3; the wrong ones in red; the count."""
        theme, words, threes = self.theme, self.words, self.numbers.threes
        answers = VGroup(
            *(
                _answer(text, d.answer == d.label, theme).next_to(image, DOWN, buff=0.05)
                for text, d, image in zip(words.answers, threes, self.threes)
            )
        )
        wrong = VGroup(
            *(
                SurroundingRectangle(image, color=theme.negative, buff=0.03, stroke_width=3)
                for d, image in zip(threes, self.threes)
                if d.answer != d.label
            )
        )
        answer = Text(words.answer, color=theme.text, font_size=24, line_spacing=0.9)
        count = Text(words.count, color=theme.text, font_size=44, line_spacing=0.9)
        note = Text(words.answers_note, color=theme.muted, font_size=16)
        VGroup(answer, count, note).arrange(DOWN, buff=0.35).move_to([(0.9 + RIGHT_EDGE) / 2, 0, 0])
        self.play(Veil(self.rules, theme), run_time=0.6)
        self.play(Unveil(answer, theme), LaggedStart(*(Fade(a) for a in answers), lag_ratio=0.03), run_time=2)
        self.play(Create(wrong), Write(count), Unveil(note, theme), run_time=1.2)
        self.wait(1.5)
        self.wall = VGroup(self.threes, answers, wrong, answer, count, note)

    def step_others(self) -> None:
        """The first few of every other digit with the network's answers, and each digit's count."""
        theme, words, numbers = self.theme, self.words, self.numbers
        columns = [c for c in numbers.others if c]
        title = _at_top_left(Text(words.others_title, color=theme.text, font_size=26))
        pitch = (RIGHT_EDGE - LEFT_EDGE) / len(columns)
        top = title.get_bottom()[1] - 0.3
        size, row = 0.8, 1.12
        heads, counts = VGroup(), VGroup()
        rows = [[] for _ in range(max(len(c) for c in columns))]  # (tile, answer) pairs, row by row
        for k, (column, label, texts, count) in enumerate(zip(columns, words.other_labels, words.other_answers, words.other_counts)):
            x = LEFT_EDGE + pitch * (k + 0.5)
            heads.add(Text(label, color=theme.text, font_size=26).move_to([x, top - 0.15, 0]))
            for r, (d, text) in enumerate(zip(column, texts)):
                tile = value_picture(d.pixels, theme, size).move_to([x, top - 0.55 - size / 2 - r * row, 0])
                rows[r].append(VGroup(tile, _answer(text, d.answer == d.label, theme).next_to(tile, DOWN, buff=0.05)))
            counts.add(Text(count, color=theme.text, font_size=16).next_to(rows[len(column) - 1][-1], DOWN, buff=0.2))
        total = Text(words.sample_count, color=theme.text, font_size=24)
        note = Text(words.others_note, color=theme.muted, font_size=14)
        VGroup(total, note).arrange(DOWN, buff=0.15).next_to(counts, DOWN, buff=0.3)
        total.set_x(0)
        note.set_x(0)
        self.play(Veil(VGroup(self.wall, self.title, self.source), theme), run_time=0.6)
        # The first row with the heading: the frame's lower half is not left empty for long.
        self.play(Write(title), Unveil(heads, theme), LaggedStart(*(Unveil(t, theme) for t in rows[0]), lag_ratio=0.1), run_time=1)
        for row_of_tiles in rows[1:]:
            self.play(LaggedStart(*(Unveil(t, theme) for t in row_of_tiles), lag_ratio=0.1), run_time=0.6)
        self.play(Unveil(counts, theme), Write(total), Unveil(note, theme), run_time=1.2)
        self.wait(2)


class NeuronHoldsANumber(ExplainerScene):
    """The digit's grid; a window of its values written out; one row of them as input neurons; one neuron up close."""

    beat = "neuron-holds-a-number"
    user_digit_corner = None  # its title and source line say whose digit it is

    CELL = 0.74  # a zoomed cell, wide enough for "0.98" at 480p

    def step_grid(self) -> None:
        """The digit, 28 by 28, with its title and what its values mean."""
        theme, words = self.theme, self.words
        self.grid = PixelGrid(self.numbers.pixels, theme, side_length=4.0).move_to([-4.4, -0.35, 0])
        self.title = Text(words.title, color=theme.text, font_size=30).next_to(self.grid, UP, buff=0.55)
        size = Text(words.size_note, color=theme.text, font_size=18).next_to(self.grid, UP, buff=0.12)
        below = VGroup(
            Text(words.scale_note, color=theme.text, font_size=18),
            Text(words.source, color=theme.muted, font_size=14),
        ).arrange(DOWN, buff=0.1).next_to(self.grid, DOWN, buff=0.15)
        self.labels = VGroup(size, below)
        self.digit = VGroup(self.grid, self.title, self.labels)
        self.digit_left = self.digit.get_center()  # where it goes once the zoomed window needs the right half
        self.digit.set_x(0)
        self.play(Fade(self.grid), Write(self.title), run_time=1.5)
        self.play(Fade(size), Fade(below), run_time=0.8)

    def step_values(self) -> None:
        """The window outlined on the grid and drawn large, each cell with its value."""
        theme, words, window = self.theme, self.words, self.numbers.window
        self.play(SnapshotGlide(self.digit, self.digit_left), run_time=1)
        corner = self.grid.pixel(window.top, window.left)
        far = self.grid.pixel(window.top + window.size - 1, window.left + window.size - 1)
        self.outline = Rectangle(
            width=far.get_right()[0] - corner.get_left()[0],
            height=corner.get_top()[1] - far.get_bottom()[1],
            color=theme.highlight,
            stroke_width=3,
        ).move_to((corner.get_corner(UP + LEFT) + far.get_corner(DOWN + RIGHT)) / 2)
        self.zoom = PixelGrid(window.values, theme, side_length=self.CELL * window.size).move_to([2.9, -0.35, 0])
        self.values = VGroup(
            *(
                Text(text, color=_on_fill(v, theme), font_size=17).move_to(self.zoom.pixel(r, c))
                for r, (row_texts, row_values) in enumerate(zip(words.values, window.values))
                for c, (text, v) in enumerate(zip(row_texts, row_values))
            )
        )
        zoom_frame = SurroundingRectangle(self.zoom, color=theme.highlight, buff=0, stroke_width=3)
        rays = VGroup(
            *(
                DashedLine(self.outline.get_corner(d), zoom_frame.get_corner(d), color=theme.highlight, stroke_width=1.5)
                for d in (UP + LEFT, DOWN + LEFT)
            )
        )
        self.where = Text(words.window_note, color=theme.text, font_size=16, line_spacing=0.9).next_to(self.zoom, UP, buff=0.2)
        self.play(Create(self.outline), run_time=0.6)
        self.play(TransformFromCopy(self.outline, zoom_frame), Create(rays), Fade(self.zoom), run_time=1.2)
        # Each value as an image: 49 numbers of glyphs over coloured cells, which a veil cannot cover.
        self.play(Fade(self.where), LaggedStart(*(SnapshotFade(v) for v in self.values), lag_ratio=0.01), run_time=1.5)
        self.zoom_group = VGroup(self.zoom, zoom_frame, self.values)
        self.rays = rays

    def step_neurons(self) -> None:
        """The window's middle row becomes a column of input neurons, each filled as bright as its value."""
        theme, words, numbers = self.theme, self.words, self.numbers
        window = numbers.window
        r = numbers.row - window.top
        self.neurons = VGroup(
            *(
                Circle(0.3, stroke_color=theme.text, stroke_width=1.5).set_fill(theme.grey(a), 1).move_to([3.0, y, 0])
                for a, y in zip(numbers.activations, self._neuron_ys())
            )
        )
        values = VGroup(
            *(
                Text(t, color=_on_fill(a, theme), font_size=16).move_to(n)
                for t, a, n in zip(words.neuron_values, numbers.activations, self.neurons)
            )
        )
        names = VGroup(
            *(Text(t, color=theme.muted, font_size=16).next_to(n, RIGHT, buff=0.2) for t, n in zip(words.neuron_labels, self.neurons))
        )
        dots = VGroup(
            MathTex(r"\vdots", color=theme.text).next_to(self.neurons, UP, buff=0.15),
            MathTex(r"\vdots", color=theme.text).next_to(self.neurons, DOWN, buff=0.15),
        )
        # Right-aligned: its left end stays clear of the column the grid unrolls into (step_unroll).
        note = Text(words.layer_note, color=theme.text, font_size=18).next_to(dots[0], UP, buff=0.15).align_to([RIGHT_EDGE, 0, 0], RIGHT)
        # The grid and rays make way: the zoomed window moves left, and the neurons come in on the right,
        # named but still empty, so the right half is not left empty while their values fly there.
        waiting = VGroup(*(n.copy().set_fill(opacity=0) for n in self.neurons))
        self.play(
            SnapshotFade(VGroup(self.grid, self.outline, self.rays, self.labels), out=True),
            SnapshotGlide(self.title, [-3.3, TOP_EDGE - self.title.height / 2, 0]),
            SnapshotGlide(self.zoom_group, [-3.3, -0.35, 0]),
            SnapshotGlide(self.where, [-3.3, self.where.get_y(), 0]),  # the window moves left, not up or down
            Fade(waiting), Fade(names), Fade(dots), Fade(note),
            run_time=1,
        )
        row_box = SurroundingRectangle(VGroup(*(self.zoom.pixel(r, c) for c in range(window.size))), color=theme.highlight, buff=0.02, stroke_width=3)
        self.play(Create(row_box), run_time=0.6)
        # The row's numbers stay above its cells as these fly off: a cell waiting its turn covered its number.
        self.values[r * window.size : (r + 1) * window.size].set_z_index(1)
        self.play(
            LaggedStart(
                *(TransformFromCopy(self.zoom.pixel(r, c), n) for c, n in enumerate(self.neurons)),
                lag_ratio=0.15,
            ),
            run_time=2,
        )
        self.remove(waiting)  # under the filled neurons now
        self.play(Fade(values), run_time=1)
        self.column = VGroup(values, names, dots, note)
        self.row_box = row_box

    def _neuron_ys(self) -> np.ndarray:
        """The heights of the followed row's input neurons, top first, in a column centred beside the window."""
        count = len(self.numbers.neurons)
        return (np.arange(count)[::-1] - (count - 1) / 2) * 0.72 - 0.35

    def step_holds(self) -> None:
        """One neuron drawn large with its number, on a scale from 0 to 1."""
        theme, words, numbers = self.theme, self.words, self.numbers
        held = numbers.held
        value = float(numbers.activations[held])
        big = Circle(1.0, stroke_color=theme.highlight, stroke_width=3).set_fill(theme.grey(value), 1).move_to([-3.3, 0.6, 0])
        number = Text(words.held_value, color=_on_fill(value, theme), font_size=44).move_to(big)
        ramp = VGroup(
            *(
                Rectangle(width=0.1, height=0.3, stroke_width=0).set_fill(theme.grey(v), 1).move_to([-5.3 + 0.1 * (i + 0.5), -1.5, 0])
                for i, v in enumerate(np.linspace(0, 1, 40))
            )
        )
        ramp_frame = SurroundingRectangle(ramp, color=theme.muted, buff=0, stroke_width=1.5)
        ends = VGroup(
            Text("0", color=theme.text, font_size=18).next_to(ramp, LEFT, buff=0.15),
            Text("1", color=theme.text, font_size=18).next_to(ramp, RIGHT, buff=0.15),
        )
        marker = MathTex(r"\blacktriangle", color=theme.highlight).scale(0.7)
        marker.next_to(ramp, DOWN, buff=0.05).set_x(ramp.get_left()[0] + value * ramp.width)
        note = Text(words.held_note, color=theme.text, font_size=20, line_spacing=0.9).next_to(ramp, DOWN, buff=0.5)
        ring = Circle(0.36, color=theme.highlight, stroke_width=3).move_to(self.neurons[held])
        self.play(Veil(VGroup(self.zoom_group, self.where, self.row_box), theme), Create(ring), run_time=0.8)
        self.play(TransformFromCopy(self.neurons[held], big), run_time=1.2)
        self.play(Fade(number), Fade(ramp), Create(ramp_frame), Fade(ends), Fade(marker), run_time=1)
        self.play(Fade(note), run_time=0.8)
        self.wait(1.5)
        self.held_parts = VGroup(big, number, ramp, ramp_frame, ends, marker, note, ring)

    def step_unroll(self) -> None:
        """The whole grid unrolls, row after row, into the column of input neurons; the followed row's stretch
        of it is boxed and joined to the neurons shown before."""
        theme, words, numbers = self.theme, self.words, self.numbers
        rows, cols = numbers.pixels.shape
        self.play(Veil(self.held_parts, theme), run_time=0.6)
        self.play(SnapshotFade(self.grid), run_time=0.8)
        top, bottom, x, width = TOP_EDGE - 0.45, BOTTOM_EDGE, 0.9, 0.3
        segment = (top - bottom) / rows
        # Each row of the grid as one image over its place; it turns a quarter clockwise (its first
        # pixel on top) and takes its place in the column: row 0 on top, row after row below it.
        strips, places = [], []
        for r in range(rows):
            left, right = self.grid.pixel(r, 0), self.grid.pixel(r, cols - 1)
            strip = Raster(blend(theme.background, theme.ink, numbers.pixels[r : r + 1]), right.get_right()[0] - left.get_left()[0])
            strips.append(strip.move_to((left.get_center() + right.get_center()) / 2))
            place = strip.copy().rotate(-PI / 2).stretch_to_fit_width(width).stretch_to_fit_height(segment)
            places.append(place.move_to([x, top - (r + 0.5) * segment, 0]))
        column = Rectangle(width=width, height=top - bottom, stroke_color=theme.muted, stroke_width=1).move_to([x, (top + bottom) / 2, 0])
        self.play(LaggedStart(*(Transform(strip, place) for strip, place in zip(strips, places)), lag_ratio=0.15), run_time=5)
        # Beside the column, under the row label: above it the note would crowd the layer note on the right.
        note = Text(words.column_note, color=theme.text, font_size=18, line_spacing=0.9)
        note.next_to(column, LEFT, buff=0.2).set_y((top + bottom) / 2 - 0.6)
        ends = VGroup(
            *(Text(t, color=theme.muted, font_size=14).next_to(column.get_corner(UP + LEFT if k == 0 else DOWN + LEFT), LEFT, buff=0.15)
              for k, t in enumerate(words.column_ends))
        )
        ends[0].align_to(column, UP)
        ends[1].align_to(column, DOWN)
        row_top = top - numbers.row * segment
        row_box = Rectangle(width=width + 0.12, height=segment, color=theme.highlight, stroke_width=2.5).move_to([x, row_top - segment / 2, 0])
        row_label = Text(words.row_label, color=theme.text, font_size=16, line_spacing=0.8).next_to(row_box, LEFT, buff=0.2)
        if note.get_top()[1] + 0.15 > row_label.get_bottom()[1] and note.get_bottom()[1] - 0.15 < row_label.get_top()[1]:
            # A row low in the grid (another digit's) puts its label where the note sits: the note goes above it.
            note.set_y(row_label.get_top()[1] + 0.2 + note.height / 2)
        # The neurons written out before are a stretch of that row: joined to it as the zoom joined the grid.
        first = numbers.neurons[0] - numbers.row_neurons[0]
        stretch_top = row_top - first * segment / cols
        stretch_bottom = stretch_top - len(numbers.neurons) * segment / cols
        rays = VGroup(
            DashedLine([x + width / 2 + 0.06, stretch_top, 0], self.neurons[0].get_corner(UP + LEFT), color=theme.highlight, stroke_width=1.5),
            DashedLine([x + width / 2 + 0.06, stretch_bottom, 0], self.neurons[-1].get_corner(DOWN + LEFT), color=theme.highlight, stroke_width=1.5),
        )
        self.play(Create(column), Fade(note), Fade(ends), run_time=0.8)
        self.play(Create(row_box), Fade(row_label), Create(rays), run_time=1)
        self.wait(1.5)  # the beat's last words, read before the fade

    def ending_on_digit(self) -> tuple[list[tuple[VGroup, VGroup]], list[Text]]:
        """In the chapter, the forward beat opens on the digit in the middle: the grid and title glide there, its source line comes."""
        grid, title, source = digit_on_stage(self.numbers.pixels, self.words.title, self.words.source, self.theme)
        return [(self.grid, grid), (self.title, title)], [source]


class WhenItFails(ExplainerScene):
    """Every sample digit the network gets wrong, with its label, answer and largest outputs; then the proportion."""

    beat = "when-it-fails"
    user_digit_corner = None  # the source line says these are sample digits, not the user's

    COLUMNS = 6
    DIGIT = 0.85
    PITCH = (2.2, 1.05)

    def step_gallery(self) -> None:
        """One square per sample digit at the bottom, the wrong ones in red; then the failures, each
        labelled "label → answer", row by row above them."""
        theme, words = self.theme, self.words
        title = _at_top_left(Text(words.title, color=theme.text, font_size=28))
        note = Text(f"{words.shown_note}; {words.legend}", color=theme.muted, font_size=16)
        note.next_to(title, DOWN, buff=0.12, aligned_edge=LEFT)
        top = note.get_bottom()[1] - 0.3
        self.cells = []
        for i, (failure, head) in enumerate(zip(self.numbers.failures, words.heads)):
            x = LEFT_EDGE + (i % self.COLUMNS) * self.PITCH[0]
            y = top - (i // self.COLUMNS) * self.PITCH[1]
            tile = value_picture(failure.digit.pixels, theme, self.DIGIT)
            tile.move_to([x + self.DIGIT / 2, y - self.DIGIT / 2, 0])
            label = Text(head, color=theme.negative, font_size=20)
            label.next_to(tile, RIGHT, buff=0.12).align_to(tile, UP)
            self.cells.append((tile, label))
        rows = -(-len(self.cells) // self.COLUMNS)  # rounded up
        # The whole sample under the gallery from the start: the failures are its red squares, and
        # the frame's lower part is not left empty while the gallery fills row by row.
        sample = self._sample(top - (rows - 1) * self.PITCH[1] - self.DIGIT if rows else top)
        self.play(Write(title), Fade(note), run_time=1)
        self.play(LaggedFadeIn(sample[0], sample[0].items, lag_ratio=0.002), SnapshotFade(sample[1:]), run_time=1.2)
        for start in range(0, len(self.cells), self.COLUMNS):
            row = [VGroup(*cell) for cell in self.cells[start : start + self.COLUMNS]]
            self.play(LaggedStart(*(Fade(c) for c in row), lag_ratio=0.1), run_time=0.6)

    def _sample(self, gallery_bottom: float) -> VGroup:
        """The sample's squares under the gallery, with what they are and where the sample comes from;
        the figures beside them (``self.figures``), shown in the last step."""
        theme, words, numbers = self.theme, self.words, self.numbers
        columns = 50
        size = 0.13
        squares = Tally([theme.muted if right else theme.negative for right in numbers.right], columns, size)
        squares.move_to([LEFT_EDGE + squares.width / 2, gallery_bottom - 0.35 - squares.height / 2, 0])
        squares_note = Text(words.squares_note, color=theme.muted, font_size=14)
        squares_note.next_to(squares, DOWN, buff=0.1, aligned_edge=LEFT)
        sample = Text(words.sample_line, color=theme.text, font_size=18, line_spacing=0.9)
        test = Text(words.test_line, color=theme.text, font_size=18, line_spacing=0.9)
        self.figures = VGroup(sample, test).arrange(RIGHT, buff=0.4, aligned_edge=UP).next_to(squares, RIGHT, buff=0.4, aligned_edge=UP)
        # Where the sample comes from, under the squares that stand for it: beside the figures
        # it read as the source of the test-set accuracy too.
        source = Text(words.source, color=theme.muted, font_size=14)
        if source.width > squares.width:  # a longer source line (a student's image): one sentence a line
            source = Text(words.source.replace(". ", ".\n"), color=theme.muted, font_size=14, line_spacing=0.8)
        source.next_to(squares_note, DOWN, buff=0.08, aligned_edge=LEFT)
        # Up into the gap under the gallery rather than below the bottom margin.
        shown = VGroup(squares, squares_note, source)
        VGroup(shown, self.figures).shift(UP * max(0.0, BOTTOM_EDGE - source.get_bottom()[1]))
        return shown

    def step_outputs(self) -> None:
        """Under each label, the network's largest outputs."""
        theme = self.theme
        lines = VGroup()
        for (tile, label), outputs in zip(self.cells, self.words.outputs):
            column = VGroup(*(Text(t, color=theme.text if k == 0 else theme.muted, font_size=16) for k, t in enumerate(outputs)))
            column.arrange(DOWN, aligned_edge=LEFT, buff=0.08).next_to(label, DOWN, buff=0.1, aligned_edge=LEFT)
            lines.add(column)
        self.play(LaggedStart(*(Fade(c) for c in lines), lag_ratio=0.05), run_time=2)

    def step_proportion(self) -> None:
        """The sample's count and the test accuracy, beside the squares."""
        sample, test = self.figures
        self.play(Fade(sample), run_time=0.8)
        self.play(Fade(test), run_time=0.8)
