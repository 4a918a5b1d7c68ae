"""The main clip: a real digit's pixels feed the input layer and the network lights up.

Render with ``manim -pql scenes/forward.py`` from the project root. Every
number comes from ``netcore.scenedata.forward_data`` for the chosen digit.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    LaggedStart,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    Write,
)

from kit.base import ExplainerScene
from kit.network import NetworkMobject
from kit.pixels import PixelGrid

__all__ = ["ForwardPass"]

class ForwardPass(ExplainerScene):
    """Pixels -> input layer -> hidden layers -> output, one layer at a time."""

    scene_data_name = "forward"
    user_digit_corner = None  # its title and source line say so

    def construct(self) -> None:
        data, theme = self.data, self.theme
        text = data["text"]
        layers = data["layers"]

        # 1. The digit.
        self.section("digit", text["caption_digit"])
        grid = PixelGrid(data["pixels"], theme, side_length=3.2).move_to([-4.95, -0.1, 0])
        title = Text(text["title"], color=theme.text, font_size=30).next_to(grid, UP, buff=0.3)
        source = Text(text["source"], color=theme.muted, font_size=16).next_to(grid, DOWN, buff=0.2)
        self.play(FadeIn(grid), Write(title), FadeIn(source), run_time=1.5)
        self.wait(3.5)

        # 2. Pixels feed the input layer.
        network = NetworkMobject(
            sizes=[layer["size"] for layer in layers],
            shown=[len(layer["shown"]) for layer in layers],
            weights=[np.array(e["weights"]) for e in data["edges"]],
            strengths=[np.array(e["weight_strength"]) for e in data["edges"]],
            theme=theme,
            width=7.2,
            height=6.2,
        ).move_to([1.55, -0.05, 0])
        self.section("input", text["caption_unroll"])
        inputs = layers[0]
        squares = VGroup(*(grid.pixel(p["row"], p["col"]) for p in inputs["pixels"]))
        outlines = VGroup(*(s.copy().set_fill(opacity=0).set_stroke(theme.highlight, 2.5, 1) for s in squares))
        self.play(LaggedStart(*(Create(o) for o in outlines), lag_ratio=0.08), run_time=1.5)
        network.set_activations(0, inputs["brightness"])
        self.play(
            LaggedStart(*(TransformFromCopy(s, n) for s, n in zip(squares, network.neurons[0])), lag_ratio=0.08),
            run_time=2.5,
        )
        note = Text(text["input_note"], color=theme.muted, font_size=14, line_spacing=0.8)
        note.next_to(network.neurons[0], DOWN, buff=0.12)
        self.play(FadeIn(network.elisions[0]), FadeIn(note), run_time=0.8)
        self.wait(2)

        # 3. The network and its weights.
        self.section("network", text["caption_network"])
        digits = VGroup(
            *(
                Text(label, color=theme.text, font_size=20).next_to(n, RIGHT, buff=0.15)
                for label, n in zip(data["output_labels"], network.neurons[-1])
            )
        )
        self.play(FadeIn(VGroup(*network.neurons[1:], *network.elisions[1:]), digits), run_time=1)
        self.play(LaggedStart(*(Create(e) for e in network.edges), lag_ratio=0.3), run_time=2)
        self.wait(2)

        # 4. Propagation, one layer at a time.
        self.section("propagate", text["caption_propagate"])
        for layer in range(1, len(layers)):
            self.play(network.signal(layer, np.array(data["edges"][layer - 1]["contribution_strength"])))
            self.play(network.light_up(layer, layers[layer]["brightness"], run_time=0.8))
            self.wait(0.8)

        # 5. The answer.
        self.section("answer", text["caption_output"])
        values = VGroup(
            *(
                Text(value, color=theme.muted, font_size=18).next_to(d, RIGHT, buff=0.15)
                for value, d in zip(data["output_values"], digits)
            )
        )
        best = data["prediction"]["digit"]
        box = SurroundingRectangle(VGroup(network.neurons[-1][best], values[best]), color=theme.highlight, buff=0.08)
        verdict_colour = theme.text if data["prediction"]["correct"] is not False else theme.negative
        verdict = Text(text["verdict"], color=verdict_colour, font_size=22).to_edge(UP, buff=0.25).align_to(network, RIGHT)
        self.play(LaggedStart(*(FadeIn(v, shift=0.1 * LEFT) for v in values), lag_ratio=0.05), run_time=1.2)
        self.play(Create(box), values[best].animate.set_color(theme.highlight), run_time=0.8)
        self.play(Write(verdict), run_time=1)
        self.wait(3.5)
