"""The main clip: a real digit's pixels feed the input layer and the network lights up.

Render with ``manim -pql scenes/forward.py`` from the project root. Every
number comes from the ``forward`` beat's record for the chosen digit.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    LaggedStart,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
    smooth,
)

from kit.base import ExplainerScene
from kit.handover import digit_on_stage
from kit.layout import BOTTOM_EDGE, LEFT_EDGE, RIGHT_EDGE, TOP_EDGE
from kit.motion import Wipe
from kit.network import NetworkMobject
from kit.photo import Photo
from kit.pixels import PixelGrid, outline

__all__ = ["ForwardPass"]


class ForwardPass(ExplainerScene):
    """Pixels -> input layer -> hidden layers -> output, one layer at a time."""

    beat = "forward"
    user_digit_corner = None  # its title and source line say so
    photo_parts: Group | None = None  # a student's photo and what was done to it, until the digit moves aside

    def step_digit(self) -> None:
        """The digit drawn big, its title and where it comes from; a student's photo beside it, if any."""
        if self.numbers.photo is not None:
            self._photo_and_input()
            return
        self.grid, self.title, self.source = digit_on_stage(self.numbers.pixels, self.words.title, self.words.source, self.theme)
        if self.opens_from == "digit":  # the beat before ended on this very picture
            self.add(self.grid, self.title, self.source)
            self.wait(3.5)
            return
        self.play(FadeIn(self.grid), Write(self.title), FadeIn(self.source), run_time=1.5)
        self.wait(2)

    def _photo_and_input(self) -> None:
        """The student's photo on the left (the page found on it outlined), the 28x28 input the network
        sees on the right, and the preprocessing steps between them."""
        theme, words = self.theme, self.words
        shown = self.numbers.photo
        photo = Photo(shown.picture, theme, width=4.6, height=4.4, page=shown.page).move_to([LEFT_EDGE + 2.3, -0.2, 0])
        self.grid = PixelGrid(self.numbers.pixels, theme, side_length=4.4).move_to([RIGHT_EDGE - 2.2, -0.2, 0])
        self.title = Text(words.title, color=theme.text, font_size=30).move_to([0, 0, 0]).align_to([0, TOP_EDGE, 0], UP)
        self.source = Text(words.source, color=theme.muted, font_size=16).next_to(photo, DOWN, buff=0.15)
        seen = Text(words.seen_label, color=theme.muted, font_size=16).next_to(self.grid, DOWN, buff=0.15)
        if self.opens_from == "digit":
            # The beat before ended on the digit in the middle: it moves to its place, the photo comes in beside it.
            stage = digit_on_stage(self.numbers.pixels, words.title, words.source, theme)
            self.add(stage)
            self.play(*(m.animate.scale(t.width / m.width).move_to(t) for m, t in zip(stage, (self.grid, self.title, self.source))),
                      FadeIn(photo), FadeIn(seen), run_time=1.5)
            self.remove(stage)
            self.add(self.grid, self.title, self.source)
            self._preparation(photo, seen, 0.0)
            return
        self.play(FadeIn(photo), Write(self.title), FadeIn(self.source), run_time=1.5)
        self._preparation(photo, seen, 1.2)

    def _preparation(self, photo: Photo, seen: Text, grid_time: float) -> None:
        """The preprocessing steps between the photo and the grid; the grid comes in last (over ``grid_time`` seconds, if not there)."""
        theme, words = self.theme, self.words
        left, right = photo.get_right()[0] + 0.15, self.grid.get_left()[0] - 0.15
        arrow = Arrow([left, 1.2, 0], [right, 1.2, 0], color=theme.highlight, buff=0, stroke_width=4)
        steps = VGroup(*(Text(phrase, color=theme.text, font_size=15) for phrase in words.preparation))
        steps.arrange(DOWN, aligned_edge=LEFT, buff=0.16).next_to(arrow, DOWN, buff=0.3)
        if steps.width > right - left:
            steps.scale_to_fit_width(right - left)
        self.play(Create(arrow), LaggedStart(*(FadeIn(s, shift=0.1 * RIGHT) for s in steps), lag_ratio=0.3), run_time=2)
        if grid_time:
            self.play(FadeIn(self.grid), FadeIn(seen), run_time=grid_time)
        self.wait(2)
        self.photo_parts = Group(photo, arrow, steps, seen)

    def step_input(self) -> None:
        """The digit moves aside; the shown pixels, outlined, fly into the input neurons."""
        theme, layers = self.theme, self.numbers.layers
        self.network = NetworkMobject(
            sizes=[layer.size for layer in layers],
            shown=[len(layer.shown) for layer in layers],
            weights=[e.weights for e in self.numbers.edges],
            strengths=[e.weight_strength for e in self.numbers.edges],
            theme=theme,
            width=6.6,
            height=5.6,
        ).move_to([1.2, 0.05, 0])
        network = self.network
        corner = [LEFT_EDGE + 1.55, -0.1, 0]
        # A title or source line wider than the moved digit starts at the left margin.
        title_x, source_x = (max(corner[0], LEFT_EDGE + m.width / 2) for m in (self.title, self.source))
        photo_out = [] if self.photo_parts is None else [FadeOut(self.photo_parts)]
        # The network's neurons, still empty, come as the digit moves aside: the pixels have somewhere
        # to go, and the frame is not half empty while they get there. They fade in over the move's
        # last third, once the digit has cleared their place, so the two never show one over the other.
        self.waiting = VGroup(*(column.copy() for column in network.neurons))
        self.play(
            *photo_out,
            FadeIn(self.waiting, rate_func=lambda t: smooth(max(0.0, 3 * t - 2))),
            self.grid.animate.scale(3.1 / self.grid.frame.width).move_to(corner),
            self.title.animate.next_to(Dot(corner).shift(1.55 * UP), UP, buff=0.25).set_x(title_x),
            self.source.animate.next_to(Dot(corner).shift(1.55 * DOWN), DOWN, buff=0.15).set_x(source_x),
            run_time=1.2,
        )
        squares = VGroup(*(self.grid.pixel(p.row, p.col) for p in layers[0].pixels))
        outlines = VGroup(*(outline(s, theme) for s in squares))
        self.play(LaggedStart(*(Create(o) for o in outlines), lag_ratio=0.08), run_time=1.5)
        network.set_activations(0, layers[0].brightness)
        self.play(
            LaggedStart(*(TransformFromCopy(s, n) for s, n in zip(squares, network.neurons[0])), lag_ratio=0.08),
            run_time=2.5,
        )
        self.remove(self.waiting[0])  # under the filled neurons now
        note = Text(self.words.input_note, color=theme.muted, font_size=14, line_spacing=0.8)
        note.next_to(network.neurons[0], DOWN, buff=0.12)
        self.play(FadeIn(network.elisions[0]), FadeIn(note), run_time=0.8)
        self.wait(1)

    def step_network(self) -> None:
        """The other layers with their names, then the edges coloured by their weights, with a legend."""
        theme, network, words = self.theme, self.network, self.words
        self.digits = VGroup(
            *(
                Text(label, color=theme.text, font_size=20).next_to(n, RIGHT, buff=0.15)
                for label, n in zip(words.output_labels, network.neurons[-1])
            )
        )
        names = VGroup(
            *(
                Text(name, color=theme.muted, font_size=18).move_to([column.get_x(), TOP_EDGE - 0.1, 0])
                for name, column in zip(words.layer_names, network.neurons)
            )
        )
        names.shift((TOP_EDGE - names.get_top()[1]) * UP)  # inside the margin, on one line
        legend = Text(
            words.legend, color=theme.muted, font_size=16, line_spacing=0.8, t2c={w: theme.role(r) for w, r in words.legend_roles.items()}
        )
        # Bottom left, under the digit: the bottom right holds the notes under the hidden and output layers.
        legend.align_to([LEFT_EDGE, BOTTOM_EDGE, 0], DOWN + LEFT)
        hidden = VGroup()
        if words.hidden_note:
            hidden = Text(words.hidden_note, color=theme.muted, font_size=14, line_spacing=0.8)
            hidden.next_to(VGroup(*network.neurons[1:-1]), DOWN, buff=0.15)
        # Each layer comes in turn while the voice names their sizes.
        layers = [VGroup(network.neurons[i], network.elisions[i], names[i]) for i in range(1, len(network.neurons))]
        layers[-1].add(self.digits)
        self.play(FadeIn(names[0]), LaggedStart(*(FadeIn(layer) for layer in layers), lag_ratio=0.6),
                  run_time=max(1, self.seconds_until_next_phrase() - 0.5))
        self.remove(self.waiting)  # the neurons themselves are over them now
        if words.hidden_note:  # said next: the hidden layers' sizes are the designer's choice
            self.wait_for_next_phrase()
            hidden_columns = VGroup(*network.neurons[1:-1])
            self.play(FadeIn(hidden), Indicate(hidden_columns, color=theme.highlight, scale_factor=1.05), run_time=1.5)
        self.wait_for_next_phrase()  # the edges' colours
        self.play(LaggedStart(*(Wipe(e, theme) for e in network.edges), lag_ratio=0.3), FadeIn(legend), run_time=2)
        self.wait(1.4)

    def step_propagate(self) -> None:
        """The signal travels one layer at a time; each layer lights up with its activations."""
        layers, network = self.numbers.layers, self.network
        for layer in range(1, len(layers)):
            self.play(network.signal(layer, self.numbers.edges[layer - 1].contribution_strength))
            self.play(network.light_up(layer, layers[layer].brightness, run_time=0.8))
            self.wait(0.8)

    def step_answer(self) -> None:
        """The ten outputs with their values; the brightest boxed; the verdict."""
        theme, network, prediction = self.theme, self.network, self.numbers.prediction
        values = VGroup(
            *(
                Text(value, color=theme.muted, font_size=18).next_to(d, RIGHT, buff=0.15)
                for value, d in zip(self.words.output_values, self.digits)
            )
        )
        best = prediction.digit
        box = SurroundingRectangle(VGroup(network.neurons[-1][best], values[best]), color=theme.highlight, buff=0.08)
        verdict_colour = theme.text if prediction.correct is not False else theme.negative
        verdict = Text(self.words.verdict, color=verdict_colour, font_size=20)
        verdict.next_to(self.source, DOWN, buff=0.3).set_x(self.grid.get_x())
        if verdict.width > 2 * (self.grid.get_x() - LEFT_EDGE):  # too wide under the digit: from the left margin
            verdict.align_to([LEFT_EDGE, 0, 0], LEFT)
        meaning = Text(self.words.output_note, color=theme.muted, font_size=14, line_spacing=0.8)
        meaning.next_to(network.neurons[-1], DOWN, buff=0.15).align_to([RIGHT_EDGE, 0, 0], RIGHT)
        runner = int(self.numbers.ranking[1])
        said = self.words.output_values
        # While the voice says there is one output per digit, each lights up in turn; the values come
        # in until it reads the first, and each value read is shown as it is said.
        self.play(LaggedStart(*(Indicate(VGroup(n, d), color=theme.highlight) for n, d in zip(network.neurons[-1], self.digits)),
                              lag_ratio=0.15), run_time=2)
        self.play(LaggedStart(*(FadeIn(v, shift=0.1 * LEFT) for v in values), lag_ratio=0.05), FadeIn(meaning),
                  run_time=max(1.2, self.seconds_until_said(said[best])))
        read = 1.3  # a value being read is drawn this much bigger, in the highlight colour
        self.play(values[best].animate.scale(read, about_edge=LEFT).set_color(theme.highlight), run_time=0.5)
        self.wait_until_said(said[runner])
        self.play(values[best].animate.scale(1 / read, about_edge=LEFT).set_color(theme.muted),
                  values[runner].animate.scale(read, about_edge=LEFT).set_color(theme.highlight), run_time=0.5)
        self.wait_for_next_phrase()  # the most active one is the answer
        self.play(values[runner].animate.scale(1 / read, about_edge=LEFT).set_color(theme.muted),
                  Create(box), values[best].animate.set_color(theme.highlight), run_time=0.8)
        self.wait_until_said(self.words.verdict)
        self.play(Write(verdict), run_time=1)
        self.wait(1)
