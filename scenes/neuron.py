"""One neuron up close: its weights as a picture, the weighted sum, the sigmoid, the bias.

Render one beat with ``manim -ql scenes/neuron.py WeightsAsPicture`` (or
``SquishWithSigmoid``, ``IncludeBias``, ``CountParameters``) from the project
root. Every number comes from ``netcore.scenedata.neuron`` for the chosen
digit and neuron (``NN_NEURON``; by default the most active neuron of the
first hidden layer).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    MathTex,
    Rectangle,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    VMobject,
    Write,
    always_redraw,
)

from kit.base import ExplainerScene
from kit.network import NetworkMobject
from kit.pixels import PixelGrid, SignedGrid
from kit.theme import Theme

__all__ = ["WeightsAsPicture", "SquishWithSigmoid", "IncludeBias", "CountParameters"]


def _curve(axes: Axes, plot: dict, theme: Theme) -> VMobject:
    """A curve through the record's sampled points: smooth for the sigmoid, straight segments for ReLU."""
    points = [axes.c2p(x, y) for x, y in plot["curve"]]
    curve = VMobject(stroke_color=theme.squish, stroke_width=4)
    return curve.set_points_smoothly(points) if plot["smooth"] else curve.set_points_as_corners(points)


def _pieces(pieces: list[str], theme: Theme, squish_at=(0,)) -> MathTex:
    """A MathTex of the record's pieces, the function symbols (at ``squish_at``) in the squish colour."""
    tex = MathTex(*pieces, color=theme.text)
    for i in squish_at:
        tex[i].set_color(theme.squish)
    return tex


def _title(text: str, theme: Theme) -> Text:
    return Text(text, color=theme.text, font_size=30).to_corner(UP + LEFT, buff=0.35)


def _axes(theme: Theme, x_limit: float, y_limit: float, x_length: float, y_length: float) -> Axes:
    """Axes for an activation function: x symmetric about 0, y from 0."""
    x_step = 5 if x_limit >= 10 else 1
    y_step = 0.5 if y_limit <= 1 else (5 if y_limit >= 10 else 1)
    return Axes(
        x_range=[-x_limit, x_limit, x_step],
        y_range=[0, y_limit, y_step],
        x_length=x_length,
        y_length=y_length,
        tips=False,
        axis_config={"color": theme.muted, "stroke_width": 2, "include_numbers": True, "font_size": 24},
        y_axis_config={"decimal_number_config": {"num_decimal_places": 1 if y_limit <= 1 else 0, "color": theme.text}},
        x_axis_config={"decimal_number_config": {"num_decimal_places": 0, "color": theme.text}},
    )


def _cover(mobject, theme: Theme, buff: float = 0.03) -> Rectangle:
    """A background-coloured sheet over ``mobject``.

    Fading or wiping the sheet away reveals a 784-square grid while only one
    mobject moves, so the grid is drawn once per animation, not every frame.
    """
    return Rectangle(width=mobject.width + 2 * buff, height=mobject.height + 2 * buff, stroke_width=0).set_fill(
        theme.background, opacity=1
    ).move_to(mobject)


class WeightsAsPicture(ExplainerScene):
    """The 784 weights into one neuron as a picture, times the digit, then summed."""

    scene_data_name = "neuron-weights"
    user_digit_corner = UP + RIGHT  # the bottom holds the sum

    def construct(self) -> None:
        data, theme = self.data, self.theme
        text = data["text"]
        terms = data["terms"]

        # 1. The digit and the neuron's weights, side by side. The pictures keep their
        # place throughout (moving 3 x 784 squares would be slow to render).
        self.section("weights", text["caption_weights"])
        title = _title(text["title"], theme)
        side, y = 2.8, 1.5
        digit = PixelGrid(data["pixels"], theme, side_length=side).move_to([-4.4, y, 0])
        weights = SignedGrid(data["weight_strength"], theme, side_length=side).move_to([0, y, 0])
        product = SignedGrid(data["product_strength"], theme, side_length=side).move_to([4.4, y, 0])
        labels = VGroup(
            *(
                Text(label, color=theme.text, font_size=22).next_to(grid, DOWN, buff=0.18)
                for label, grid in zip((text["digit_label"], text["weights_label"], text["product_label"]), (digit, weights, product))
            )
        )
        signs = {"positive": theme.positive, "negative": theme.negative}
        legend = Text(
            text["legend"],
            color=theme.muted,
            font_size=22,
            t2c={word: signs[sign] for word, sign in text["legend_colours"].items()},
        ).next_to(labels, DOWN, buff=0.45)
        covers = [_cover(grid, theme) for grid in (digit, weights, product)]
        self.add(digit, weights, *covers)
        self.play(FadeIn(title), FadeOut(covers[0]), FadeIn(labels[0]), run_time=1)
        self.play(FadeOut(covers[1]), FadeIn(labels[1]), FadeIn(legend), run_time=1.5)
        self.wait(3)

        # 2. Pixel by pixel: weight times pixel value.
        self.section("product", text["caption_product"])
        times = MathTex(r"\times", color=theme.text).scale(1.2).move_to((digit.get_right() + weights.get_left()) / 2)
        equals = MathTex("=", color=theme.text).scale(1.2).move_to((weights.get_right() + product.get_left()) / 2)
        self.play(Write(times), Write(equals), run_time=0.8)
        # The product appears row by row, from the top, as the sheet over it slides away.
        self.add(product)
        self.bring_to_front(covers[2])
        self.play(
            covers[2].animate.stretch_to_fit_height(0.001, about_edge=DOWN),
            FadeIn(labels[2]),
            run_time=2.5,
        )
        self.remove(covers[2])
        # The pixels whose terms are written out below, outlined in all three pictures.
        outlines = VGroup(
            *(
                grid.pixel(t["row"], t["col"]).copy().set_fill(opacity=0).set_stroke(theme.highlight, 2.5, 1)
                for grid in (digit, weights, product)
                for t in terms
            )
        )
        self.play(Create(outlines), run_time=1)
        self.wait(1.7)

        # 3. Add them all up.
        self.section("sum", text["caption_sum"])
        symbolic = MathTex(*data["tex"]["symbolic"], color=theme.text)
        for piece in symbolic:
            if piece.tex_string.startswith("w"):
                piece.set_color(theme.weight)
        parts = data["tex"]["values"]
        values = MathTex(*(p["tex"] for p in parts), color=theme.text)
        # Each weight's value coloured like the w it stands for.
        for piece, part in zip(values, parts):
            if part["role"] == "weight":
                piece.set_color(theme.weight)
        total = MathTex(*data["tex"]["total"], color=theme.text)
        total[1].set_color(theme.highlight)
        equation = VGroup(symbolic, values, total).arrange(DOWN, buff=0.5, aligned_edge=LEFT)
        values.shift(RIGHT * (symbolic[0].get_left()[0] - values[1].get_left()[0]))
        total.align_to(values, LEFT)
        equation.scale(0.9).next_to(labels, DOWN, buff=0.45).set_x(0)
        # Under each written term, the pixel it belongs to (1-based, as in w_1 ... w_784).
        term_groups = [VGroup(*(v for v, p in zip(values, parts) if p["term"] == i)) for i in range(len(terms))]
        pixel_labels = VGroup(
            *(Text(t["label"], color=theme.muted, font_size=18).next_to(group, DOWN, buff=0.1) for t, group in zip(terms, term_groups))
        )
        note = Text(f"{text['terms_note']}.  {text['bias_note']}", color=theme.muted, font_size=20).to_edge(DOWN, buff=0.25)
        self.play(FadeOut(legend), Write(symbolic), run_time=1.5)
        self.play(FadeIn(values, shift=0.2 * DOWN), FadeIn(pixel_labels), run_time=1.5)
        self.play(Write(total), run_time=1)
        box = SurroundingRectangle(total[1], color=theme.highlight, buff=0.1)
        self.play(Create(box), FadeIn(note), run_time=0.8)
        self.wait(3.2)


class SquishWithSigmoid(ExplainerScene):
    """The sigmoid squishes the neuron's weighted sum into [0, 1]; then all 16; then ReLU."""

    scene_data_name = "neuron-sigmoid"

    def construct(self) -> None:
        data, theme = self.data, self.theme
        text, tex = data["text"], data["tex"]
        limit = data["x_limit"]

        # 1. The sigmoid.
        self.section("curve", text["caption_curve"])
        title = _title(text["title"], theme)
        formula = MathTex(text["formula"], color=theme.text).scale(0.9).to_corner(UP + RIGHT, buff=0.35)
        formula[0][0].set_color(theme.squish)  # the sigma
        axes = _axes(theme, limit, 1.0, x_length=11.5, y_length=4.2).move_to([0, -0.1, 0])
        curve = _curve(axes, data["sigmoid_curve"], theme)
        self.play(FadeIn(title), Create(axes), run_time=1.2)
        self.play(Create(curve), Write(formula), run_time=1.8)
        self.wait(1.5)

        # 2. This neuron's weighted sum goes up to the curve and across.
        self.section("neuron", text["caption_neuron"])
        wa = data["weighted_sum"]
        on_axis = axes.c2p(wa, 0)
        on_curve = axes.c2p(wa, data["squished"])
        on_y = axes.c2p(0, data["squished"])
        start = Dot(on_axis, radius=0.09, color=theme.highlight)
        sum_label = MathTex(tex["sum"], color=theme.highlight).scale(0.8)
        sum_label.next_to(axes.x_axis, DOWN, buff=0.45).set_x(on_axis[0]).shift(LEFT * 0.4 * np.sign(wa))
        neuron_label = Text(text["neuron_label"], color=theme.muted, font_size=20)
        neuron_label.next_to(sum_label, DOWN, buff=0.12)
        self.play(FadeIn(start, scale=2), Write(sum_label), FadeIn(neuron_label), run_time=1.2)
        up = DashedLine(on_axis, on_curve, color=theme.highlight, stroke_width=3)
        across = DashedLine(on_curve, on_y, color=theme.highlight, stroke_width=3)
        moving = start.copy()
        self.play(Create(up), moving.animate.move_to(on_curve), run_time=1.2)
        self.play(Create(across), run_time=1)
        value = _pieces(tex["value"], theme).scale(0.8)
        # Above the line across, or above the point when it sits low on the curve; a
        # background keeps the label readable wherever the curve passes.
        value.next_to(across if data["squished"] >= 0.5 else moving, UP, buff=0.3)
        value.add_background_rectangle(color=theme.background, opacity=0.85, buff=0.05)
        self.play(Write(value), run_time=1)
        self.wait(2.6)

        # 3. Every first-layer neuron's sum, squished the same way.
        self.section("all", text["caption_all"])
        neurons = data["neurons"]
        chosen = data["neuron"]
        colours = [theme.highlight if n["neuron"] == chosen else theme.text for n in neurons]
        base = VGroup(*(Dot(axes.c2p(n["weighted_sum"], 0), radius=0.06, color=c) for n, c in zip(neurons, colours)))
        dots = VGroup(
            *(Dot(axes.c2p(n["weighted_sum"], n["sigmoid"]), radius=0.07, color=c) for n, c in zip(neurons, colours))
        )
        self.play(FadeOut(VGroup(up, across, value, start)), FadeIn(base), run_time=1)
        self.remove(moving)
        self.play(ReplacementTransform(base, dots), run_time=1.5)
        all_label = Text(text["all_label"], color=theme.muted, font_size=20)
        all_label.move_to(axes.c2p(-limit * 0.5, 0.85))
        self.play(FadeIn(all_label), run_time=0.5)
        self.wait(2.5)

        # 4. The chapter's ending: ReLU instead of the sigmoid, on the same sums.
        self.section("relu", text["caption_relu"])
        small = {"x_length": 6.3, "y_length": 3.2}
        left_axes = _axes(theme, limit, 1.0, **small).move_to([-3.6, -1.3, 0])
        left_curve = _curve(left_axes, data["sigmoid_curve"], theme)
        left_dots = VGroup(
            *(Dot(left_axes.c2p(n["weighted_sum"], n["sigmoid"]), radius=0.06, color=c) for n, c in zip(neurons, colours))
        )
        self.play(
            FadeOut(VGroup(sum_label, neuron_label, all_label)),
            ReplacementTransform(axes, left_axes),
            ReplacementTransform(curve, left_curve),
            ReplacementTransform(dots, left_dots),
            formula.animate.scale(0.8).move_to([-3.6, 1.25, 0]),
            run_time=1.5,
        )
        relu_axes = _axes(theme, limit, data["relu_y_limit"], **small).move_to([3.6, -1.3, 0])
        relu_curve = _curve(relu_axes, data["relu_curve"], theme)
        relu_formula = MathTex(text["relu_formula"], color=theme.text).scale(0.72).move_to([3.6, 1.25, 0])
        relu_dots = VGroup(
            *(Dot(relu_axes.c2p(n["weighted_sum"], n["relu"]), radius=0.06, color=c) for n, c in zip(neurons, colours))
        )
        names = VGroup(
            Text(text["sigmoid_label"], color=theme.text, font_size=26).move_to([-3.6, 2.3, 0]),
            Text(text["relu_label"], color=theme.text, font_size=26).move_to([3.6, 2.3, 0]),
        )
        self.play(Create(relu_axes), Create(relu_curve), Write(relu_formula), FadeIn(names), run_time=1.8)
        self.play(TransformFromCopy(left_dots, relu_dots), run_time=1.5)
        self.wait(2.7)


class IncludeBias(ExplainerScene):
    """The bias shifts where the neuron lights up; the result is its forward-pass activation."""

    scene_data_name = "neuron-bias"
    user_digit_corner = DOWN + LEFT  # the bottom right holds the w·a label

    def construct(self) -> None:
        data, theme = self.data, self.theme
        text = data["text"]

        # 1. The weighted sum alone, as before.
        self.section("sum", text["caption_sum"])
        title = _title(text["title"], theme)
        formula = MathTex(*text["formula"], color=theme.text).scale(0.8)
        formula.to_corner(UP + RIGHT, buff=0.4)
        self._colour_formula(formula)
        axes = _axes(theme, data["x_limit"], data["y_limit"], x_length=11.5, y_length=3.5).move_to([0, -0.85, 0])
        curve = _curve(axes, data["curve_before"], theme)
        shifted = _curve(axes, data["curve_after"], theme)
        wa = data["weighted_sum"]
        marker = Dot(axes.c2p(wa, 0), radius=0.09, color=theme.highlight)
        sum_label = MathTex(text["sum_label"], color=theme.highlight).scale(0.75)
        sum_label.next_to(axes.x_axis, DOWN, buff=0.45).set_x(marker.get_x()).shift(LEFT * 0.4 * np.sign(wa))
        # The point on the curve moves from f(w·a) to f(w·a + b) as the bias is added; the riser follows it.
        point = Dot(axes.c2p(wa, data["activation_without_bias"]), radius=0.09, color=theme.highlight)
        riser = always_redraw(lambda: DashedLine(axes.c2p(wa, 0), point.get_center(), color=theme.highlight))
        self.play(FadeIn(title), Create(axes), Write(formula), run_time=1.5)
        self.play(Create(curve), FadeIn(marker), Write(sum_label), run_time=1.2)
        before = _pieces(text["before"], theme)
        before.scale(0.8).next_to(title, DOWN, buff=0.5).align_to(title, LEFT)
        self.play(FadeIn(riser), FadeIn(point), Write(before), run_time=1.2)
        self.wait(1.1)

        # 2. The bias moves the point where the neuron lights up.
        self.section("bias", text["caption_bias"])
        bias_label = MathTex(text["bias_label"], color=theme.bias).scale(0.8).next_to(before, RIGHT, buff=0.7)
        self.play(Write(bias_label), run_time=1)
        self.play(
            ReplacementTransform(curve, shifted),
            point.animate.move_to(axes.c2p(wa, data["activation"])),
            run_time=2,
        )
        threshold = data["threshold"]
        top = axes.c2p(threshold, data["y_limit"])
        line = DashedLine(axes.c2p(threshold, 0), top, color=theme.bias, stroke_width=3)
        threshold_label = MathTex(text["threshold_label"], color=theme.bias).scale(0.65)
        # Beside the line, on the side away from the y-axis: above its top when it is right
        # of the axis, else to its left, where the curve is still low, and left of the y-axis numbers.
        if threshold >= 0:
            threshold_label.next_to(top, UP, buff=0.1).align_to(line, LEFT)
        else:
            threshold_label.next_to(axes.c2p(threshold, 0.75 * data["y_limit"]), LEFT, buff=0.15)
            numbers = axes.y_axis.numbers
            if len(numbers):
                threshold_label.shift(max(0.0, threshold_label.get_right()[0] - numbers.get_left()[0] + 0.1) * LEFT)
        rule = Text(text["rule"], color=theme.text, font_size=24).next_to(bias_label, RIGHT, buff=0.5)
        if rule.get_right()[0] > 6.9:  # a long bias: the rule goes under the bias instead
            rule.next_to(bias_label, DOWN, buff=0.25).align_to(bias_label, LEFT)
        self.play(Create(line), FadeIn(threshold_label), FadeIn(rule), run_time=1.2)
        # A line near the y-axis passes its numbers: keep them readable on top of it.
        for number in axes.y_axis.numbers:
            number.add_background_rectangle(color=theme.background, opacity=1, buff=0.03)
        self.bring_to_front(axes.y_axis.numbers)
        self.wait(2.8)

        # 3. The activation with the bias: the forward pass's value.
        self.section("result", text["caption_result"])
        result = _pieces(text["result"], theme, squish_at=(0, 3)).scale(0.8)
        result.next_to(before, DOWN, buff=0.4).align_to(title, LEFT)
        note = Text(text["forward_note"], color=theme.muted, font_size=20).next_to(result, RIGHT, buff=0.35)
        if note.get_right()[0] > 6.9:  # too wide beside the result: under it
            note.next_to(result, DOWN, buff=0.2).align_to(result, LEFT)
        self.play(Write(result), run_time=1.5)
        box = SurroundingRectangle(result[-1], color=theme.highlight, buff=0.08)
        self.play(Create(box), FadeIn(note), run_time=1)
        self.wait(3.5)

    def _colour_formula(self, formula: MathTex) -> None:
        """The function yellow, each w green and b blue, as in the chapter's matrix form."""
        for i, piece in enumerate(formula):
            tex = piece.tex_string
            if i == 0:
                piece.set_color(self.theme.squish)
            elif tex.startswith("w"):
                piece.set_color(self.theme.weight)
            elif tex == "b":
                piece.set_color(self.theme.bias)


class CountParameters(ExplainerScene):
    """784 x 16 + 16 x 16 + 16 x 10 weights and 16 + 16 + 10 biases: 13,002 knobs."""

    scene_data_name = "parameter-count"
    user_digit_corner = None  # the count does not depend on the digit

    def construct(self) -> None:
        data, theme = self.data, self.theme
        text = data["text"]
        sizes = data["inputs"]["sizes"]
        shown = [min(s, 8 if i == 0 else 16) for i, s in enumerate(sizes)]
        title = _title(text["title"], theme)
        network = NetworkMobject(
            sizes=sizes,
            shown=shown,
            weights=[np.ones((shown[i + 1], shown[i])) for i in range(len(sizes) - 1)],
            strengths=[np.full((shown[i + 1], shown[i]), 0.15) for i in range(len(sizes) - 1)],
            theme=theme,
            width=4.6,
            height=5.6,
            neuron_radius=0.12,
        ).move_to([-3.7, -0.4, 0])
        for group in network.edges:
            group.set_stroke(theme.muted, width=0.6, opacity=0.25)
        # Hidden layers too tall to draw keep their ellipsis but not their brace and size: between
        # close columns they would cover the edges, and the sums on the right give every size.
        for extras in network.elisions[1:]:
            if len(extras):
                extras.remove(*extras[1:])

        # 1. Weights: one per connection between neighbouring layers.
        self.section("weights", text["caption_weights"])
        self.play(FadeIn(title), FadeIn(network), run_time=1.2)
        self.wait(0.8)
        weights_line = MathTex(*text["weights_line"], color=theme.text)
        weights_word = Text(text["weights_word"], color=theme.weight, font_size=28)
        biases_line = MathTex(*text["biases_line"], color=theme.text)
        biases_word = Text(text["biases_word"], color=theme.bias, font_size=28)
        total = MathTex(text["total_tex"], color=theme.highlight).scale(1.6)
        total_word = Text(text["total_word"], color=theme.text, font_size=28)
        block = VGroup(
            VGroup(weights_line, weights_word).arrange(DOWN, buff=0.2),
            VGroup(biases_line, biases_word).arrange(DOWN, buff=0.2),
            VGroup(total, total_word).arrange(DOWN, buff=0.2),
        )
        for line, word in block[:2]:  # a deeper network has a longer sum: wrap it, then shrink it if need be
            if line.width > 6.6 and len(line) > 2:
                line[-2:].next_to(line[:-2], DOWN, buff=0.25).align_to(line[:-2], RIGHT)
            if line.width > 6.6:
                line.scale_to_fit_width(6.6)
            word.next_to(line, DOWN, buff=0.2)
        block.arrange(DOWN, buff=0.7).move_to([3.4, -0.3, 0])
        for layer, group in enumerate(network.edges):
            term = weights_line[2 * layer]
            plus = [weights_line[2 * layer - 1]] if layer else []
            self.play(
                group.animate.set_stroke(theme.weight, width=1.0, opacity=0.7),
                *(FadeIn(p) for p in plus),
                FadeIn(term, shift=0.2 * UP),
                run_time=1.2,
            )
        self.play(FadeIn(weights_line[-2:]), FadeIn(weights_word), run_time=1)
        self.wait(1.5)

        # 2. Biases: one per neuron after the input layer.
        self.section("biases", text["caption_biases"])
        rings = VGroup(*(n.copy().set_fill(opacity=0).set_stroke(theme.bias, 3) for column in network.neurons[1:] for n in column))
        self.play(Create(rings), FadeIn(biases_line), FadeIn(biases_word), run_time=1.5)
        self.wait(3)

        # 3. In all.
        self.section("total", text["caption_total"])
        self.play(FadeIn(total, scale=1.3), FadeIn(total_word), run_time=1.5)
        self.wait(3.5)
