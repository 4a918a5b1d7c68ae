"""One neuron up close: its weights as a picture, the weighted sum, the sigmoid, the bias, the parameter count.

Render one beat with ``manim -ql scenes/neuron.py WeightsAsPicture`` (or
``SquishWithSigmoid``, ``IncludeBias``, ``CountParameters``) from the project
root. Every number comes from the beat's record for the chosen digit and
neuron (``NN_NEURON``; by default the first-hidden-layer neuron whose activation the bias changes most visibly).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    Indicate,
    FadeOut,
    MathTex,
    Rectangle,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    Transform,
    TransformFromCopy,
    VGroup,
    Write,
)

from kit.base import ExplainerScene
from kit.layout import BOTTOM_EDGE, LEFT_EDGE, MARGIN, RIGHT_EDGE, TOP_EDGE
from kit.motion import FadeTransform, SnapshotFade, Unveil, Veil
from kit.network import NetworkMobject
from kit.pixels import PixelGrid, SignedGrid, outline
from kit.plots import activation_axes, curve_on
from kit.tex import FormulaTex
from kit.theme import Theme

__all__ = ["WeightsAsPicture", "SquishWithSigmoid", "IncludeBias", "CountParameters"]


def _cover(mobject, theme: Theme, buff: float = 0.03) -> Rectangle:
    """A background-coloured sheet over ``mobject``.

    Fading or wiping the sheet away reveals a 784-square grid while only one
    mobject moves, so the grid is drawn once per animation, not every frame.
    """
    return Rectangle(width=mobject.width + 2 * buff, height=mobject.height + 2 * buff, stroke_width=0).set_fill(
        theme.background, opacity=1
    ).move_to(mobject)


# How far below their final place the three pictures sit until the sum needs the room under them.
PICTURES_DROP = 1.1


class WeightsAsPicture(ExplainerScene):
    """The 784 weights into one neuron as a picture, times the digit, then summed."""

    beat = "neuron-weights"
    user_digit_corner = UP + RIGHT  # the bottom holds the sum

    def step_edges(self) -> None:
        """The neuron among its layer, as the forward beat drew the network: its incoming edges in the
        weights' colours, every other edge faint."""
        theme, words, edges = self.theme, self.words, self.numbers.edges
        title = self.make_title(words.title)
        self.slice = NetworkMobject(
            sizes=[edges.input_size, edges.layer_size],
            shown=[len(edges.inputs), len(edges.neurons)],
            weights=[edges.weights],
            strengths=[edges.strength],
            theme=theme,
            width=4.4,
            height=5.2,
        ).move_to([-1.6, -0.45, 0])
        k, n_in = edges.neurons.index(self.numbers.neuron.neuron), len(edges.inputs)
        self.k_edges = VGroup(*self.slice.edges[0][k * n_in : (k + 1) * n_in])
        neuron = self.slice.neurons[1][k]
        ring = Circle(neuron.width * 0.9, color=theme.highlight, stroke_width=3).move_to(neuron)
        label = Text(words.edges_label, color=theme.text, font_size=24, line_spacing=0.9).next_to(ring, RIGHT, buff=0.4)
        # Beside its neuron, but inside the margins when the neuron is the layer's first or last.
        label.shift(UP * max(0.0, BOTTOM_EDGE - label.get_bottom()[1]) + DOWN * max(0.0, label.get_top()[1] - TOP_EDGE))
        self.play(FadeIn(title), Unveil(self.slice, theme), run_time=1.2)
        self.play(Create(ring), FadeIn(label), run_time=1)
        self.wait(1)
        self.slice_parts = VGroup(self.slice, ring, label)

    def step_weights(self) -> None:
        """The neuron's incoming edges become its weights picture; the digit beside it. From then on
        the three pictures keep their place (moving 3 x 784 squares would be slow to render)."""
        theme, words, numbers = self.theme, self.words, self.numbers
        side, y = 2.8, 1.5
        self.grids = (
            PixelGrid(numbers.pixels, theme, side_length=side).move_to([-4.4, y, 0]),
            SignedGrid(numbers.weight_strength, theme, side_length=side).move_to([0, y, 0]),
            SignedGrid(numbers.product_strength, theme, side_length=side).move_to([4.4, y, 0]),
        )
        self.labels = VGroup(
            *(
                Text(label, color=theme.text, font_size=22).next_to(grid, DOWN, buff=0.18)
                for label, grid in zip((words.digit_label, words.weights_label, words.product_label), self.grids)
            )
        )
        self.legend = Text(
            words.legend, color=theme.muted, font_size=22, t2c={word: theme.role(role) for word, role in words.legend_roles.items()}
        ).next_to(self.labels, DOWN, buff=0.45)
        self.covers = [_cover(grid, theme) for grid in self.grids]
        # Centred in the frame until the sum needs the lower half (step_sum lifts them).
        VGroup(*self.grids, *self.covers, self.labels, self.legend).shift(PICTURES_DROP * DOWN)
        # The same neuron: its edges (above the veil that hides the rest of the network) become its picture.
        edges = self.k_edges.copy().set_z_index(max(m.z_index for m in self.slice_parts.get_family()) + 2)
        self.play(Veil(self.slice_parts, theme), FadeTransform(edges, self.grids[1]), run_time=1.6)
        self.remove(edges)
        self.add(self.grids[1].set_z_index(0))
        self.add(self.grids[0], self.covers[0])
        self.play(FadeOut(self.covers[0]), FadeIn(self.labels[:2]), FadeIn(self.legend), run_time=1.2)
        self.wait(1.5)

    def step_product(self) -> None:
        """Pixel by pixel: weight times pixel value; the written terms' pixels outlined."""
        theme, (digit, weights, product) = self.theme, self.grids
        times = MathTex(r"\times", color=theme.text).scale(1.2).move_to((digit.get_right() + weights.get_left()) / 2)
        equals = MathTex("=", color=theme.text).scale(1.2).move_to((weights.get_right() + product.get_left()) / 2)
        self.play(Write(times), Write(equals), run_time=0.8)
        # The product appears row by row, from the top, as the sheet over it slides away.
        self.add(product)
        self.bring_to_front(self.covers[2])
        self.play(self.covers[2].animate.stretch_to_fit_height(0.001, about_edge=DOWN), FadeIn(self.labels[2]), run_time=2.5)
        self.remove(self.covers[2])
        outlines = VGroup(
            *(
                outline(grid.pixel(t.row, t.col), theme)
                for grid in self.grids
                for t in self.numbers.terms
            )
        )
        self.play(Create(outlines), run_time=1)
        self.wait(1.7)
        self.marks = VGroup(times, equals, outlines)

    def step_sum(self) -> None:
        """The weighted sum written symbolically, its largest terms with their factors, and their products adding up to it."""
        theme, words = self.theme, self.words
        symbolic, values, products = (FormulaTex(f, theme) for f in (words.symbolic, words.values, words.products))
        equation = VGroup(symbolic, values, products).arrange(DOWN, buff=0.55, aligned_edge=LEFT)
        for line in (values, products):  # each "=" under the "=" of "w·a ="
            line.shift(RIGHT * (symbolic.part("lead").get_right()[0] - line.part("equals").get_right()[0]))
        # Under the labels once they are lifted (the lift comes first, below).
        equation.scale(0.8).next_to(self.labels, DOWN, buff=0.35).set_x(0).shift(PICTURES_DROP * UP)
        terms = [values.part(f"term {i}") for i in range(len(self.numbers.terms))]
        under = VGroup(
            *(Text(label, color=theme.muted, font_size=16).next_to(term, DOWN, buff=0.06) for label, term in zip(words.term_labels, terms))
        )
        if words.products.has("rest"):
            under.add(Text(words.rest_label, color=theme.muted, font_size=16).next_to(products.part("rest"), DOWN, buff=0.06))
        note = Text(words.note, color=theme.muted, font_size=18).to_edge(DOWN, buff=MARGIN)
        pictures = VGroup(*self.grids, self.labels, self.marks)
        # The legend goes before the sum is written where it was; the pictures make room for the sum.
        self.play(FadeOut(self.legend), pictures.animate.shift(PICTURES_DROP * UP), run_time=1)
        self.play(Write(symbolic), run_time=1.2)
        self.play(FadeIn(values, shift=0.2 * DOWN), FadeIn(under[: len(terms)]), run_time=1.5)
        self.play(FadeIn(products, shift=0.2 * DOWN), FadeIn(under[len(terms) :]), run_time=1.2)
        box = SurroundingRectangle(products.part("total"), color=theme.highlight, buff=0.08)
        self.play(Create(box), FadeIn(note), run_time=0.8)
        self.wait(3)


class SquishWithSigmoid(ExplainerScene):
    """The sigmoid squishes the neuron's weighted sum into [0, 1]; then all 16; then ReLU."""

    beat = "neuron-sigmoid"

    def step_curve(self) -> None:
        """The sigmoid on its axes, with its formula."""
        theme, numbers = self.theme, self.numbers
        self.title = self.make_title(self.words.title)
        self.formula = FormulaTex(self.words.formula, theme).scale(0.9).to_corner(UP + RIGHT, buff=MARGIN)
        self.axes = activation_axes(theme, numbers.x_limit, 1.0, x_length=11.5, y_length=3.6).move_to([0, -0.35, 0])
        self.curve = curve_on(self.axes, numbers.sigmoid_curve, theme)
        self.play(FadeIn(self.title), Create(self.axes), run_time=1.2)
        self.play(Create(self.curve), Write(self.formula), run_time=1.8)
        self.wait(1.5)

    def step_neuron(self) -> None:
        """This neuron's weighted sum goes up to the curve and across."""
        theme, numbers, axes = self.theme, self.numbers, self.axes
        wa, squished = numbers.neuron.weighted_sum, numbers.squished
        on_axis, on_curve, on_y = axes.c2p(wa, 0), axes.c2p(wa, squished), axes.c2p(0, squished)
        start = Dot(on_axis, radius=0.09, color=theme.highlight)
        self.sum_label = FormulaTex(self.words.sum_label, theme).scale(0.8)
        self.sum_label.next_to(axes.x_axis, DOWN, buff=0.35).set_x(on_axis[0]).shift(LEFT * 0.4 * np.sign(wa))
        self.neuron_label = Text(self.words.neuron_label, color=theme.muted, font_size=20).next_to(self.sum_label, DOWN, buff=0.12)
        self.play(FadeIn(start, scale=2), Write(self.sum_label), FadeIn(self.neuron_label), run_time=1.2)
        up = DashedLine(on_axis, on_curve, color=theme.highlight, stroke_width=3)
        across = DashedLine(on_curve, on_y, color=theme.highlight, stroke_width=3)
        moving = start.copy()
        self.play(Create(up), moving.animate.move_to(on_curve), run_time=1.2)
        self.play(Create(across), run_time=1)
        value = FormulaTex(self.words.value, theme).scale(0.8)
        # The curve only rises, so it never passes below and right of a point on it, nor above and
        # left: the label goes below right of a high point and above left of a low one (where the
        # x-axis would be in the way below). A background keeps it readable near the axes.
        value.next_to(moving, DOWN + RIGHT if squished >= 0.5 else UP + LEFT, buff=0.15)
        value.shift(LEFT * max(0.0, value.get_right()[0] - RIGHT_EDGE))
        value.add_background_rectangle(color=theme.background, opacity=0.85, buff=0.05)
        self.play(Write(value), run_time=1)
        self.wait(2.6)
        self.pointers = VGroup(up, across, value, start, moving)

    def _dots(self, axes, y_of, radius: float) -> VGroup:
        """A dot per first-layer neuron at (its sum, ``y_of``); the followed one highlighted; sums beyond
        the axes hollow at the axes' edge."""
        chosen, limit = self.numbers.neuron.neuron, self.numbers.x_limit
        dots = VGroup()
        for n in self.numbers.neurons:
            x = max(-limit, min(limit, n.weighted_sum))
            colour = self.theme.highlight if n.neuron == chosen else self.theme.text
            dot = Dot(axes.c2p(x, min(y_of(n), axes.y_range[1])), radius=radius, color=colour)
            if n.outside:
                dot.set_fill(opacity=0).set_stroke(colour, 2)
            dots.add(dot)
        return dots

    def step_all(self) -> None:
        """Every first-layer neuron's sum, squished the same way."""
        base = self._dots(self.axes, lambda n: 0.0, 0.06)
        self.dots = self._dots(self.axes, lambda n: n.sigmoid, 0.07)
        self.play(FadeOut(self.pointers), FadeIn(base), run_time=1)
        self.play(ReplacementTransform(base, self.dots), run_time=1.5)
        self.all_label = VGroup(Text(self.words.all_label, color=self.theme.muted, font_size=20))
        if self.words.outside_note:
            self.all_label.add(Text(self.words.outside_note, color=self.theme.muted, font_size=18))
        # Left of the y-axis and above 0.5, where neither the curve nor a dot can be (sigma(x) < 0.5 for x < 0).
        self.all_label.arrange(DOWN, buff=0.1).next_to(self.axes.c2p(0, 0.8), LEFT, buff=0.3)
        self.play(FadeIn(self.all_label), run_time=0.5)
        self.wait(2.5)

    def step_relu(self) -> None:
        """The chapter's ending: ReLU instead of the sigmoid, on the same sums."""
        theme, numbers, words = self.theme, self.numbers, self.words
        small = {"x_length": 5.6, "y_length": 3.2}
        left_axes = activation_axes(theme, numbers.x_limit, 1.0, **small).move_to([-3.35, -1.3, 0])
        left_dots = self._dots(left_axes, lambda n: n.sigmoid, 0.06)
        self.play(
            FadeOut(VGroup(self.sum_label, self.neuron_label, self.all_label)),
            ReplacementTransform(self.axes, left_axes),
            ReplacementTransform(self.curve, curve_on(left_axes, numbers.sigmoid_curve, theme)),
            ReplacementTransform(self.dots, left_dots),
            self.formula.animate.scale(0.8).move_to([-3.35, 1.25, 0]),
            run_time=1.5,
        )
        relu_axes = activation_axes(theme, numbers.x_limit, numbers.relu_y_limit, **small).move_to([3.35, -1.3, 0])
        relu_formula = FormulaTex(words.relu_formula, theme).scale(0.72).move_to([3.35, 1.25, 0])
        names = VGroup(
            Text(words.sigmoid_label, color=theme.text, font_size=26).move_to([-3.35, 2.3, 0]),
            Text(words.relu_label, color=theme.text, font_size=26).move_to([3.35, 2.3, 0]),
        )
        relu_curve = curve_on(relu_axes, numbers.relu_curve, theme)
        relu_title = self.make_title(words.relu_title)
        self.play(
            Create(relu_axes), Create(relu_curve), Write(relu_formula), FadeIn(names), ReplacementTransform(self.title, relu_title), run_time=1.8
        )
        self.play(TransformFromCopy(left_dots, self._dots(relu_axes, lambda n: n.relu, 0.06)), run_time=1.5)
        self.wait(2.7)


class IncludeBias(ExplainerScene):
    """The bias shifts where the neuron lights up; the result is its forward-pass activation."""

    beat = "neuron-bias"
    user_digit_corner = DOWN + LEFT  # the bottom right holds the w·a label

    def step_sum(self) -> None:
        """The weighted sum alone, on the curve, as before."""
        theme, numbers, words = self.theme, self.numbers, self.words
        self.title = self.make_title(words.title)
        formula = FormulaTex(words.formula, theme).scale(0.8).to_corner(UP + RIGHT, buff=MARGIN)
        self.axes = activation_axes(theme, numbers.x_limit, numbers.y_limit, x_length=11.5, y_length=3.5).move_to([0, -0.85, 0])
        self.curve = curve_on(self.axes, numbers.curve_before, theme)
        wa = numbers.neuron.weighted_sum
        marker = Dot(self.axes.c2p(wa, 0), radius=0.09, color=theme.highlight)
        sum_label = FormulaTex(words.sum_label, theme).scale(0.75)
        sum_label.next_to(self.axes.x_axis, DOWN, buff=0.35).set_x(marker.get_x()).shift(LEFT * 0.4 * np.sign(wa))
        # The point on the curve moves from f(w·a) to f(w·a + b) as the bias is added; the riser follows it.
        self.point = Dot(self.axes.c2p(wa, numbers.activation_without_bias), radius=0.09, color=theme.highlight)
        self.riser = DashedLine(self.axes.c2p(wa, 0), self.point.get_center(), color=theme.highlight)
        # Each part as it is said (silent: one after another, the same last picture).
        self.play(FadeIn(self.title), Create(self.axes), Write(formula), run_time=1.5)
        self.play(Create(self.curve), run_time=1.0)
        self.wait_until_said("weighted sum")
        self.play(FadeIn(marker), Write(sum_label), run_time=1.0)
        self.before = FormulaTex(words.before, theme).scale(0.8).next_to(self.title, DOWN, buff=0.5).align_to(self.title, LEFT)
        # Up to the curve and written out while the squish from sum to activation is said.
        self.play(FadeIn(self.riser), FadeIn(self.point), Write(self.before), run_time=max(1.2, self.seconds_left_in_phrase()))
        self.wait_for_next_phrase()  # where it lights up: the curve
        self.play(Indicate(self.curve, color=theme.highlight, scale_factor=1.0), run_time=1.0)
        self.wait(1.1)

    def step_bias(self) -> None:
        """The bias moves the point where the neuron lights up."""
        theme, numbers, words, axes = self.theme, self.numbers, self.words, self.axes
        bias_label = FormulaTex(words.bias_label, theme).scale(0.8).next_to(self.before, RIGHT, buff=0.7)
        # Each change is drawn as the voice says it: the bias shifts the curve; the threshold it sets;
        # then the point moving from one activation to the other.
        self.play(Write(bias_label), run_time=1)
        wa, after = numbers.neuron.weighted_sum, axes.c2p(numbers.neuron.weighted_sum, numbers.neuron.activation)
        self.play(
            ReplacementTransform(self.curve, curve_on(axes, numbers.curve_after, theme)),
            self.point.animate.move_to(after),
            # A new line rather than put_start_and_end_on: a dead ReLU's riser has zero length.
            Transform(self.riser, DashedLine(axes.c2p(wa, 0), after, color=theme.highlight)),
            run_time=max(2.0, self.seconds_until_next_phrase()),
        )
        self.wait_for_next_phrase()  # the threshold
        threshold = numbers.threshold
        top = axes.c2p(threshold, numbers.y_limit)
        line = DashedLine(axes.c2p(threshold, 0), top, color=theme.bias, stroke_width=3)
        label = FormulaTex(words.threshold_label, theme).scale(0.65)
        # Beside the line, on the side away from the y-axis: right of its top when it is right of
        # the axis (clear of the words above the axes; the curve reaches the top only further right),
        # else to its left, where the curve is still low, and left of the y-axis numbers.
        if threshold >= 0:
            label.next_to(top, RIGHT, buff=0.12).align_to(top, UP)
            if label.get_right()[0] > RIGHT_EDGE:  # a threshold near the axis's end: left of the line
                label.next_to(top, LEFT, buff=0.12).align_to(top, UP)
        else:
            label.next_to(axes.c2p(threshold, 0.75 * numbers.y_limit), LEFT, buff=0.15)
            numbers_left = axes.y_axis.numbers.get_left()[0] if len(axes.y_axis.numbers) else label.get_right()[0]
            label.shift(max(0.0, label.get_right()[0] - numbers_left + 0.1) * LEFT)
        rule = Text(words.rule, color=theme.text, font_size=24).next_to(bias_label, RIGHT, buff=0.5)
        if rule.get_right()[0] > RIGHT_EDGE:  # a long bias: the rule goes under the bias instead
            rule.next_to(bias_label, DOWN, buff=0.25).align_to(bias_label, LEFT)
        # The rule is written while it is said, the threshold drawn as its value is reached.
        left = self.seconds_left_in_phrase()
        self.play(Write(rule), run_time=max(0.6, 0.6 * left))
        self.play(Create(line), FadeIn(label), run_time=max(0.6, min(1.5, self.seconds_left_in_phrase())))
        self.wait_for_next_phrase()  # where the point has moved: shown once more as it is said
        self.play(Indicate(VGroup(self.point, self.riser), color=theme.highlight, scale_factor=1.6), run_time=1.5)
        self.wait(0.8)

    def step_result(self) -> None:
        """The activation with the bias: the forward pass's value, boxed."""
        theme, words = self.theme, self.words
        result = FormulaTex(words.result, theme).scale(0.8).next_to(self.before, DOWN, buff=0.4).align_to(self.title, LEFT)
        note = Text(words.forward_note, color=theme.muted, font_size=20).next_to(result, RIGHT, buff=0.35)
        if note.get_right()[0] > RIGHT_EDGE:  # too wide beside the result: under it
            note.next_to(result, DOWN, buff=0.2).align_to(result, LEFT)
        self.play(Write(result), run_time=max(1.5, self.seconds_until_next_phrase() - 0.3))  # written as it is read
        box = SurroundingRectangle(result.part("activation"), color=theme.highlight, buff=0.08)
        self.wait_for_next_phrase()  # "this neuron's activation in the forward pass"
        self.play(Create(box), FadeIn(note), run_time=1)
        self.flash_when_said("forward pass", VGroup(self.point, self.riser))  # the same value, on the curve
        self.wait(1.5)


class CountParameters(ExplainerScene):
    """784 x 16 + 16 x 16 + 16 x 10 weights and 16 + 16 + 10 biases: 13,002 knobs.

    The edges are drawn faint and grey, then each layer's turn blue or red by its real weights' signs as
    they are counted (blue and red mean a weight's sign in every beat)."""

    beat = "parameter-count"
    user_digit_corner = None  # the count does not depend on the digit

    def _network(self) -> NetworkMobject:
        """The network's layers with every connection drawn faintly (the input layer elided)."""
        sizes, numbers = self.record.header.sizes, self.numbers
        network = NetworkMobject(
            sizes=sizes,
            shown=[len(s) for s in numbers.shown],
            weights=numbers.edge_signs,
            strengths=[np.full(signs.shape, 0.15) for signs in numbers.edge_signs],
            theme=self.theme,
            width=4.6,
            height=5.6,
            neuron_radius=0.12,
        ).move_to([-3.7, -0.4, 0])
        network.shift(RIGHT * max(0.0, LEFT_EDGE - network.get_left()[0]))  # the input layer's size inside the margin
        network.merge_edges(self.theme.muted, width=0.6, opacity=0.25, signs=numbers.edge_signs)
        # Hidden layers too tall to draw keep their ellipsis but not their brace and size: between
        # close columns they would cover the edges, and the sums on the right give every size.
        for extras in network.elisions[1:]:
            if len(extras):
                extras.remove(*extras[1:])
        return network

    def _block(self) -> VGroup:
        """The three sums on the right: weights, biases and the total, each with its word."""
        theme, words = self.theme, self.words
        width = RIGHT_EDGE - 0.1
        self.lines = [FormulaTex(words.weights_line, theme), FormulaTex(words.biases_line, theme)]
        self.words_shown = [
            Text(words.weights_word, color=theme.weight, font_size=28),
            Text(words.biases_word, color=theme.bias, font_size=28),
        ]
        self.total = FormulaTex(words.total, theme).scale(1.6)
        self.total_word = Text(words.total_word, color=theme.text, font_size=28)
        for line in self.lines:  # a deeper network has a longer sum: shrink it to fit
            if line.width > width:
                line.scale_to_fit_width(width)
        block = VGroup(
            *(VGroup(line, word).arrange(DOWN, buff=0.2) for line, word in zip(self.lines, self.words_shown)),
            VGroup(self.total, self.total_word).arrange(DOWN, buff=0.2),
        )
        block.arrange(DOWN, buff=0.7).move_to([3.4, -0.3, 0])
        block.shift(LEFT * max(0.0, block.get_right()[0] - RIGHT_EDGE))
        # Each layer's count, written as its edges are counted, where the biases and the total come later.
        self.layer_counts = VGroup(*(Text(t, color=theme.text, font_size=24) for t in words.layer_counts)).arrange(DOWN, buff=0.3)
        self.layer_counts.next_to(block[0], DOWN, buff=0.6)
        room = self.layer_counts.get_top()[1] - BOTTOM_EDGE
        if self.layer_counts.height > room:  # a deeper network has more layers to count
            self.layer_counts.scale_to_fit_height(room).next_to(block[0], DOWN, buff=0.6)
        return block

    def step_weights(self) -> None:
        """Weights: one per connection between neighbouring layers, counted layer by layer."""
        theme = self.theme
        self.network = self._network()
        self.play(Unveil(self.make_title(self.words.title), theme), Unveil(self.network, theme), run_time=1.2)
        self._block()
        line = self.lines[0]
        network = self.network
        for layer, group in enumerate(network.edges):
            # Manim redraws each frame every top-level mobject from the first with a moving part on: the
            # layer that changes, on its own, goes after the others (their edges never overlap), under
            # the neurons (the elisions are above by z-index), so that not all 544 edges are stroked again.
            self.add(group, network.neurons)
            plus = [FadeIn(line.part(f"plus {layer}"))] if layer else []
            # Counted, each edge shows its real weight's sign, as in every other picture of the network.
            positive, negative = group
            self.play(
                positive.animate.set_stroke(theme.positive, width=1.0, opacity=0.7),
                negative.animate.set_stroke(theme.negative, width=1.0, opacity=0.7),
                *plus,
                FadeIn(line.part(f"layer {layer}"), shift=0.2 * UP),
                SnapshotFade(self.layer_counts[layer], shift=0.2 * UP),
                run_time=1.2,
            )
        self.play(FadeIn(line.part("equals")), FadeIn(line.part("total")), FadeIn(self.words_shown[0]), run_time=1)
        self.wait(1.5)

    def step_biases(self) -> None:
        """Biases: one per neuron after the input layer."""
        rings = VGroup(*(n.copy().set_fill(opacity=0).set_stroke(self.theme.bias, 3) for column in self.network.neurons[1:] for n in column))
        self.play(SnapshotFade(self.layer_counts, out=True), run_time=0.5)
        self.play(Create(rings), FadeIn(self.lines[1]), FadeIn(self.words_shown[1]), run_time=1.5)
        self.wait(3)

    def step_total(self) -> None:
        """In all."""
        self.play(FadeIn(self.total, scale=1.3), FadeIn(self.total_word), run_time=1.5)
        self.wait(3.5)
