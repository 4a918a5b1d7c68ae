"""Why layers: the hope (an illustration), then what the real network's first layer learned.

Render with ``manim -pql scenes/why_layers.py TheHope`` (or ``WhatItLearned``)
from the project root. Every shape and number comes from the beats' records.
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    FadeIn,
    FadeOut,
    LaggedStart,
    Mobject,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
    smooth,
    there_and_back_with_pause,
)

from kit.base import ExplainerScene
from kit.images import grid_cells, signed_picture, value_picture, veil
from kit.layout import LEFT_EDGE, RIGHT_EDGE, TOP_EDGE

__all__ = ["TheHope", "WhatItLearned"]


def _crop(values: np.ndarray, box: list[int]) -> np.ndarray:
    """The part of a 28x28 array inside ``box`` (top, bottom, left, right)."""
    top, bottom, left, right = box
    return np.asarray(values)[top:bottom, left:right]


def _spot(picture: Mobject, shown: list[int], inner: list[int]) -> np.ndarray:
    """Where the pixels of box ``inner`` lie on ``picture``, which shows the pixels of box ``shown``."""
    unit = picture.height / (shown[1] - shown[0])
    dx = (inner[2] + inner[3] - shown[2] - shown[3]) / 2
    dy = (inner[0] + inner[1] - shown[0] - shown[1]) / 2
    return picture.get_center() + unit * np.array([dx, -dy, 0])


class TheHope(ExplainerScene):
    """Real digits cut into loops and lines, a loop into edges: the layered picture one hopes for."""

    beat = "the-hope"
    user_digit_corner = None  # it shows sample digits whatever the choice, and names them

    # Rows of the layered picture (the 9, then the 8) and its columns (edges, parts, digits).
    ROWS = (0.7, -1.95)
    COLUMNS = (-4.7, -0.5, 4.4)
    DIGIT, PART, EDGE = 2.1, 1.75, 1.5  # heights in the layered picture
    SPREAD = 0.45  # how far the edges move apart

    def setup(self) -> None:
        super().setup()
        theme, words = self.theme, self.words
        title = Text(words.title, color=theme.text, font_size=34)
        title.move_to([LEFT_EDGE + title.width / 2, TOP_EDGE - title.height / 2, 0])
        disclaimer = Text(words.disclaimer, color=theme.highlight, font_size=20)
        disclaimer.move_to([RIGHT_EDGE - disclaimer.width / 2 - 0.1, title.get_center()[1], 0])
        self.disclaimer = VGroup(disclaimer, SurroundingRectangle(disclaimer, color=theme.highlight, buff=0.1))
        self.heading = VGroup(title, self.disclaimer)  # faded in with the digits, as every beat starts from its background

    def step_digits(self) -> None:
        """The two real digits, large, with where they come from."""
        theme, words = self.theme, self.words
        self.digits = [value_picture(_crop(d.pixels, d.box), theme, 3.4) for d in self.numbers.digits]
        for picture, x in zip(self.digits, (-2.4, 2.4)):
            picture.move_to([x, -0.1, 0])
        self.sources = VGroup(
            *(
                Text(source, color=theme.muted, font_size=16).next_to(picture, DOWN, buff=0.15)
                for source, picture in zip(words.sources, self.digits)
            )
        )
        self.play(FadeIn(self.heading), *(FadeIn(p) for p in self.digits), FadeIn(self.sources), run_time=1.2)

    def step_parts(self) -> None:
        """Each part traced on its digit, then lifted out beside the shrunk digit."""
        theme, numbers = self.theme, self.numbers
        traced = [
            [
                value_picture(_crop(part.pixels, digit.box), theme, picture.height, colour=theme.highlight, frame=False).move_to(picture)
                for part in digit.parts
            ]
            for digit, picture in zip(numbers.digits, self.digits)
        ]
        for pieces in zip(*traced):  # the first part of each digit together, then the second
            self.play(*(FadeIn(p) for p in pieces), run_time=0.8)
            self.play(*(FadeOut(p) for p in pieces), run_time=0.5)
        self.parts, moves = [], []
        for row, (digit, picture) in enumerate(zip(numbers.digits, self.digits)):
            pieces = [value_picture(_crop(part.pixels, digit.box), theme, picture.height).move_to(picture) for part in digit.parts]
            gap = self.PART * picture.width / picture.height + 0.3  # centre to centre, the parts a little apart
            for k, piece in enumerate(pieces):
                x = self.COLUMNS[1] + (k - (len(pieces) - 1) / 2) * gap
                moves.append(piece.animate.scale(self.PART / piece.height).move_to([x, self.ROWS[row], 0]))
            self.parts.append(pieces)
            moves.append(picture.animate.scale(self.DIGIT / picture.height).move_to([self.COLUMNS[2], self.ROWS[row], 0]))
        self.play(FadeOut(self.sources), run_time=0.4)
        self.add(*(p for pieces in self.parts for p in pieces))
        self.play(*moves, run_time=1.5)
        names = VGroup(
            *(
                Text(name, color=theme.muted, font_size=16).next_to(piece, DOWN, buff=0.08)
                for names, pieces in zip(self.words.part_names, self.parts)
                for name, piece in zip(names, pieces)
            )
        )
        self.play(FadeIn(names), run_time=0.6)

    def step_edges(self) -> None:
        """The 9's top loop comes apart into its edges, each moving out in its own direction."""
        theme, numbers = self.theme, self.numbers
        loop, box, shown = self.parts[0][0], numbers.edges_box, numbers.digits[0].box
        on_loop = loop.height * (box[1] - box[0]) / (shown[1] - shown[0])
        self.edges = [
            value_picture(_crop(edge, box), theme, on_loop, frame=False).move_to(_spot(loop, shown, box)) for edge in numbers.edges
        ]
        centre = np.array([self.COLUMNS[0], self.ROWS[0], 0])
        directions = [np.array([math.cos(math.radians(a)), math.sin(math.radians(a)), 0]) for a in numbers.edge_angles]
        self.add(*self.edges)
        self.play(
            *(e.animate.scale(self.EDGE / e.height).move_to(centre + self.SPREAD * d) for e, d in zip(self.edges, directions)),
            run_time=1.5,
        )

    def step_layers(self) -> None:
        """Column titles and the layers they are hoped to be; arrows from pieces to what they build."""
        theme, words = self.theme, self.words
        headers = VGroup()
        for x, title, layer in zip(self.COLUMNS, words.column_titles, words.layer_names):
            head = Text(title, color=theme.text, font_size=24)
            sub = Text(layer, color=theme.muted, font_size=18).next_to(head, DOWN, buff=0.08)
            headers.add(VGroup(head, sub).move_to([x, 2.35, 0]))
        arrow = {"color": theme.muted, "stroke_width": 3, "buff": 0.12, "max_tip_length_to_length_ratio": 0.15}
        edges = VGroup(*self.edges)
        arrows = VGroup(Arrow(edges.get_right(), self.parts[0][0].get_left(), **arrow))
        for pieces, digit in zip(self.parts, self.digits):
            last = pieces[-1]
            arrows.add(Arrow(last.get_right(), digit.get_left(), **arrow))
        self.play(LaggedStart(*(FadeIn(h, shift=0.1 * DOWN) for h in headers), lag_ratio=0.3), run_time=1.5)
        self.play(LaggedStart(*(FadeIn(a) for a in arrows), lag_ratio=0.2), run_time=1.5)

    def step_honest(self) -> None:
        """The disclaimer, once more."""
        # Grown from its top right corner, which sits on the margins, so it never crosses them.
        self.play(self.disclaimer.animate(rate_func=there_and_back_with_pause).scale(1.08, about_edge=UP + RIGHT), run_time=1.5)


class WhatItLearned(ExplainerScene):
    """The first layer's real weights as pictures; the neurons a digit lights up; each neuron's favourite digits."""

    beat = "what-it-learned"
    user_digit_corner = None  # the digit's title says "Your digit"

    # The left half holds the weight pictures (a little room below each for its label), the right half the rest.
    GRID = (LEFT_EDGE, -0.35, 2.75, -3.35)

    def setup(self) -> None:
        super().setup()
        self.centres, self.cell, _ = grid_cells(len(self.numbers.weights), *self.GRID)

    def step_weights(self) -> None:
        """Sixteen 28x28 pictures: each neuron's weights, with the legend."""
        theme, words, numbers = self.theme, self.words, self.numbers
        title = Text(words.title, color=theme.text, font_size=30)
        title.move_to([LEFT_EDGE + title.width / 2, TOP_EDGE - title.height / 2, 0])
        size = self.cell - 0.3
        self.pictures = [
            signed_picture(s, theme, size).move_to(centre + 0.1 * UP) for s, centre in zip(numbers.strengths, self.centres)
        ]
        self.labels = VGroup(
            *(
                Text(label, color=theme.muted, font_size=14).next_to(p, DOWN, buff=0.05)
                for label, p in zip(words.neuron_labels, self.pictures)
            )
        )
        # The right half: the first picture drawn large, so its 28x28 weights can be seen one by one, and the legend.
        centre = (self.GRID[1] + RIGHT_EDGE) / 2
        self.enlarged = self.pictures[0].copy()
        target = self.pictures[0].copy().scale(2.4 / self.pictures[0].height).move_to([centre, 1.35, 0])
        enlarged_label = Text(words.enlarged_label, color=theme.muted, font_size=16).next_to(target, DOWN, buff=0.12)
        self.legend = Text(words.legend, color=theme.muted, font_size=18, line_spacing=0.9)
        self.legend.next_to(enlarged_label, DOWN, buff=0.3)
        covers = [veil(p, theme) for p in self.pictures]
        self.add(*self.pictures, self.enlarged, *covers)  # the copy under the covers until its own is unveiled
        # Neuron 0's picture grows to the right half as the others are unveiled, once its own is (its cover is the
        # first to go, over the first 0.46 of the unveiling), while the title is written: no half is left empty meanwhile.
        grow = lambda t: smooth(min(1.0, max(0.0, (t - 0.46) / 0.54)))  # noqa: E731
        self.play(
            Write(title, run_time=0.8),
            LaggedStart(*(FadeOut(c) for c in covers), lag_ratio=0.08, run_time=2.0), FadeIn(self.labels, run_time=2.0),
            self.enlarged.animate(rate_func=grow, run_time=2.0).scale(target.height / self.enlarged.height).move_to(target),
        )
        self.play(FadeIn(enlarged_label), FadeIn(self.legend), run_time=0.8)
        self.legend = VGroup(self.enlarged, enlarged_label, self.legend)

    def step_blobs(self) -> None:
        """What they look like, said plainly."""
        self.blobs = Text(self.words.blobs, color=self.theme.highlight, font_size=28)
        self.blobs.next_to(self.legend, DOWN, buff=0.4)
        self.play(Write(self.blobs), run_time=1.2)

    def step_digit(self) -> None:
        """The digit; the neurons it lights up boxed, the others dimmed, every activation written."""
        theme, words, numbers = self.theme, self.words, self.numbers
        digit = value_picture(numbers.pixels, theme, 2.4).move_to([3.0, 0.55, 0])
        title = Text(words.digit_title, color=theme.text, font_size=24).next_to(digit, UP, buff=0.15)
        source = Text(words.source, color=theme.muted, font_size=14).next_to(digit, DOWN, buff=0.12)
        note = Text(words.lit_note, color=theme.text, font_size=18, line_spacing=0.9).next_to(source, DOWN, buff=0.3)
        self.digit_group = VGroup(digit, title, source, note)
        values = VGroup(
            *(
                Text(v, color=theme.highlight if j in numbers.lit else theme.muted, font_size=14).move_to(label)
                for j, (v, label) in enumerate(zip(words.activation_values, self.labels))
            )
        )
        self.boxes = VGroup(*(SurroundingRectangle(self.pictures[j], color=theme.highlight, buff=0.04, stroke_width=3) for j in numbers.lit))
        self.dims = [veil(p, theme, opacity=0.0) for j, p in enumerate(self.pictures) if j not in numbers.lit]
        self.add(*self.dims)
        dim = [d.animate.set_fill(opacity=0.7) for d in self.dims]
        self.play(FadeOut(self.blobs), FadeOut(self.legend), run_time=0.5)
        self.play(FadeIn(digit), Write(title), FadeIn(source), run_time=1.0)
        self.play(*dim, FadeIn(self.boxes), FadeOut(self.labels), FadeIn(values), FadeIn(note), run_time=1.5)
        self.values = values

    def step_favourites(self) -> None:
        """For each neuron, the sample digits exciting it most, in a grid matching the pictures."""
        theme, words, numbers = self.theme, self.words, self.numbers
        title = Text(words.favourites_title, color=theme.text, font_size=18, line_spacing=0.9)
        title.move_to([RIGHT_EDGE - title.width / 2, TOP_EDGE - title.height / 2 - 0.05, 0])
        shift = np.array([RIGHT_EDGE - max(c[0] for c in self.centres) - self.cell / 2, 0.1, 0])  # the same grid, flush right
        per_side = math.ceil(math.sqrt(len(numbers.favourites[0])))
        small = (self.cell - 0.3) / per_side
        groups = []
        for favourites, centre in zip(numbers.favourites, self.centres):
            pictures = VGroup()
            for k, favourite in enumerate(favourites):
                r, c = divmod(k, per_side)
                offset = np.array([(c - (per_side - 1) / 2) * small, ((per_side - 1) / 2 - r) * small, 0])
                pictures.add(value_picture(favourite.pixels, theme, small).move_to(centre + shift + offset))
            groups.append(pictures)
        covers = [veil(g, theme) for g in groups]
        self.play(FadeOut(self.digit_group), *(FadeOut(d) for d in self.dims), FadeOut(self.boxes), run_time=0.8)
        self.add(*groups, *covers)
        self.play(FadeIn(title), *(FadeOut(c) for c in covers), run_time=1.0)
