"""A layered network drawing: neurons, elisions, and edges coloured by weight.

It knows nothing of MNIST or files: it is given, per layer, how many neurons
it has and how many are shown, and per pair of layers the weights' signs and
strengths between the shown neurons.
"""

from __future__ import annotations

from collections.abc import Sequence

import cairo
import numpy as np
from manim import (
    LEFT,
    Animation,
    AnimationGroup,
    Brace,
    Circle,
    Line,
    ManimColor,
    MathTex,
    ShowPassingFlash,
    Text,
    VGroup,
    Wait,
)
from manim.camera.camera import Camera

from kit.painting import Painted
from kit.theme import Theme

__all__ = ["ELISION_Z_INDEX", "LineBundle", "NetworkMobject"]

# A layer's ellipsis, brace and size are drawn at this z-index (the rest at 0).
ELISION_Z_INDEX = 2


class NetworkMobject(VGroup):
    """Columns of neurons joined by edges; the parts are exposed for animation.

    Parameters
    ----------
    sizes
        Neurons per layer, input first (e.g. ``[784, 16, 16, 10]``).
    shown
        How many neurons of each layer are drawn; a layer with more gets a
        vertical ellipsis in the middle and a brace giving its full size.
    weights
        For each pair of layers, the weights between shown neurons as an array
        of shape (shown[l + 1], shown[l]): colour gives the sign.
    strengths
        Same shapes, in [0, 1]: the edge's width and opacity.
    theme
        Colours.
    width, height
        The size of the whole drawing in scene units.

    Attributes
    ----------
    neurons
        One ``VGroup`` of circles per layer.
    edges
        One ``VGroup`` of lines per pair of layers, line (j, i) at index j * shown[l] + i.
    elisions
        One ``VGroup`` per layer: its ellipsis and brace with the size (empty if all shown).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        shown: Sequence[int],
        weights: Sequence[np.ndarray],
        strengths: Sequence[np.ndarray],
        theme: Theme,
        width: float = 7.0,
        height: float = 6.6,
        neuron_radius: float = 0.15,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.theme = theme
        self.neurons = VGroup()
        self.elisions = VGroup()
        xs = np.linspace(-width / 2, width / 2, len(sizes))
        for x, size, count in zip(xs, sizes, shown):
            elided = size > count
            slots = count + (2 if elided else 0)
            spacing = min(height / max(slots, 1), 0.6)
            ys = (np.arange(slots)[::-1] - (slots - 1) / 2) * spacing
            if elided:  # the two middle slots hold the ellipsis
                ys = np.delete(ys, [count // 2, count // 2 + 1])
            column = VGroup(
                *(
                    Circle(neuron_radius, stroke_color=theme.text, stroke_width=1.5).set_fill(theme.grey(0), 1).move_to([x, y, 0])
                    for y in ys
                )
            )
            extras = VGroup()
            if elided:
                dots = MathTex(r"\vdots", color=theme.text).move_to([x, (ys[count // 2 - 1] + ys[count // 2]) / 2, 0])
                brace = Brace(column, LEFT, buff=0.12, color=theme.muted)
                label = Text(f"{size:,}", color=theme.text, font_size=22).next_to(brace, LEFT, buff=0.08)
                # Edges may pass behind the size label of a hidden layer; keep it readable.
                label.add_background_rectangle(color=theme.background, opacity=0.85, buff=0.04)
                extras.add(dots, brace, label)
                # Above the edges whenever they are added, and above the veil that wipes them in
                # (kit.motion.Wipe, one z-index above what it covers): a hidden layer's brace lies among them.
                extras.set_z_index(ELISION_Z_INDEX)
            self.neurons.add(column)
            self.elisions.add(extras)
        self.edges = VGroup()
        for layer, (w, s) in enumerate(zip(weights, strengths)):
            sources, targets = self.neurons[layer], self.neurons[layer + 1]
            self.edges.add(
                VGroup(
                    *(
                        Line(
                            sources[i].get_right(),
                            targets[j].get_left(),
                            stroke_color=theme.signed(w[j, i]),
                            stroke_width=0.4 + 2.2 * s[j, i],
                            stroke_opacity=0.15 + 0.85 * s[j, i],
                        )
                        for j in range(w.shape[0])
                        for i in range(w.shape[1])
                    )
                )
            )
        # Edges first so that neurons (filled discs) are drawn over their ends.
        self.add(self.edges, self.neurons, self.elisions)

    def signal(self, layer: int, strengths: np.ndarray, run_time: float = 1.2) -> Animation:
        """Flashes travelling along the edges into ``layer`` (1-based), brighter where ``strengths`` is larger.

        If no edge carries anything (say, every shown source is a dead ReLU), nothing flashes.
        """
        flashes = []
        for line, s in zip(self.edges[layer - 1], np.asarray(strengths).reshape(-1)):
            if s < 0.05:  # an edge that carries nearly nothing does not flash
                continue
            flash = line.copy().set_stroke(self.theme.highlight, width=1 + 5 * s, opacity=min(1.0, 0.3 + s))
            flashes.append(ShowPassingFlash(flash, time_width=0.6, run_time=run_time))
        return AnimationGroup(*flashes) if flashes else Wait(run_time)

    def light_up(self, layer: int, activations: Sequence[float], run_time: float = 1.0) -> AnimationGroup:
        """Fill each shown neuron of ``layer`` (0 = input) as bright as ``activations`` (in [0, 1])."""
        return AnimationGroup(
            *(n.animate(run_time=run_time).set_fill(self.theme.grey(a), 1) for n, a in zip(self.neurons[layer], activations))
        )

    def merge_edges(self, colour: ManimColor, width: float, opacity: float, signs: Sequence[np.ndarray] | None = None) -> NetworkMobject:
        """Draw each layer's edges as one :class:`LineBundle` of one style, for a picture where every edge looks the same.

        Manim then handles one shape a layer instead of hundreds of lines,
        which saves its per-line work (the parameter-count beat at 1080p60:
        1.83 -> 1.66 times the clip's length). ``edges[l]`` becomes that one
        shape, so :meth:`signal` no longer applies. With ``signs`` (per layer,
        shaped as the weights), ``edges[l]`` is a group of two bundles, the
        positive weights' edges and the negative ones', so each can take its colour.
        """
        if signs is None:
            merged = [LineBundle([line.points for line in group], colour, width, opacity) for group in self.edges]
        else:
            merged = [
                VGroup(
                    *(
                        LineBundle([line.points for line, s in zip(group, np.asarray(sign).reshape(-1)) if (s >= 0) == positive], colour, width, opacity)
                        for positive in (True, False)
                    )
                )
                for group, sign in zip(self.edges, signs)
            ]
        self.edges.remove(*self.edges.submobjects)
        self.edges.add(*merged)
        return self

    def set_activations(self, layer: int, activations: Sequence[float]) -> NetworkMobject:
        """Fill the shown neurons of ``layer`` at once (no animation)."""
        for neuron, a in zip(self.neurons[layer], activations):
            neuron.set_fill(self.theme.grey(a), 1)
        return self


class LineBundle(Painted):
    """Straight lines of one style, one shape for Manim, each line stroked on its own by Cairo.

    Stroked as one path, lines that cross cost Cairo's rasteriser far more
    than stroked one by one (256 crossing edges at 1080p: about 22 ms as one
    path, 7 ms one by one), and crossing lines add up their opacities as
    separate lines do.

    Parameters
    ----------
    lines
        Each line's Bézier points (Manim's, a straight ``Line``'s four).
    colour, width, opacity
        The stroke, as Manim's ``set_stroke`` takes it.
    """

    def __init__(self, lines: Sequence[np.ndarray], colour: ManimColor, width: float, opacity: float) -> None:
        super().__init__(stroke_color=colour, stroke_width=width, stroke_opacity=opacity)
        for points in lines:
            self.append_points(points)  # each line its own subpath: its start is not the last one's end

    def paint(self, ctx: cairo.Context, camera: Camera) -> None:
        """Stroke every line from its first point to its last, one at a time."""
        width = self.get_stroke_width()
        if width == 0 or len(self.points) == 0:
            return
        camera.set_cairo_context_color(ctx, camera.get_stroke_rgbas(self), self)
        ctx.set_line_width(width * camera.cairo_line_width_multiple)
        ctx.set_line_cap(cairo.LINE_CAP_BUTT)
        points = camera.transform_points_pre_display(self, self.points)[:, :2]
        n = self.n_points_per_cubic_curve
        for (x0, y0), (x1, y1) in zip(points[::n].tolist(), points[n - 1 :: n].tolist()):
            ctx.move_to(x0, y0)
            ctx.line_to(x1, y1)
            ctx.stroke()
