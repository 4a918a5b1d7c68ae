"""The matrix clip: a(1) = sigma(W a(0) + b), worked with the real numbers.

Render with ``manim -pql scenes/matrix.py MatrixVectorForm`` from the project
root. Every number and word comes from ``netcore.scenedata.matrix.matrix_data``
for the chosen digit and weights file; the scene only lays them out.

Beats (one section each): the vectors and the matrix, one row times the
column, the whole result, the activation applied entry by entry, the later
layers, and the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    MathTex,
    Matrix,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    TransformFromCopy,
    VGroup,
    VMobject,
    Write,
    config,
)

from kit.base import ExplainerScene
from kit.theme import Theme

__all__ = ["MatrixVectorForm"]

# Matrices are built at Manim's default size and scaled down by this much.
SCALE = 0.5
LABEL_SIZE = 17
ELLIPSES = (r"\vdots", r"\cdots", r"\ddots")


def _colour(theme: Theme, role: str):
    return {"weight": theme.weight, "bias": theme.bias, "squish": theme.squish, "muted": theme.muted}.get(role, theme.text)


def _tex(parts: Sequence[dict[str, Any]], theme: Theme, font_size: float = 40) -> MathTex:
    """A MathTex from the record's parts, each coloured by its role; parts keep their index."""
    tex = MathTex(*(p["tex"] for p in parts), font_size=font_size)
    for mob, part in zip(tex, parts):
        mob.set_color(_colour(theme, part["role"]))
    return tex


def _part(tex: MathTex, parts: Sequence[dict[str, Any]], name: str):
    """The piece of ``tex`` built from the part called ``name``."""
    return tex[next(i for i, p in enumerate(parts) if p.get("name") == name)]


def _grid(tex: list[list[str]], colour, theme: Theme, h_buff: float = 1.3) -> Matrix:
    """A bracketed grid of TeX entries; numbers right-aligned, ellipses centred in their column."""
    m = Matrix(tex, v_buff=0.78, h_buff=h_buff, element_alignment_corner=RIGHT)
    m.get_brackets().set_color(theme.text)
    rows = m.get_rows()
    for row, texts in zip(rows, tex):
        for entry, t in zip(row, texts):
            entry.set_color(theme.muted if t in ELLIPSES else colour)
    columns = m.get_columns()
    for c, column in enumerate(columns):
        numbers = [e for e, row in zip(column, tex) if row[c] not in ELLIPSES]
        centre_x = np.mean([e.get_center()[0] for e in numbers]) if numbers else column[0].get_center()[0]
        for e, row in zip(column, tex):
            if row[c] in ELLIPSES:
                e.set_x(centre_x)
    return m.scale(SCALE)


def _vector(entries: Sequence[dict[str, Any]], colour, theme: Theme) -> Matrix:
    return _grid([[e["tex"]] for e in entries], colour, theme)


def _row_labels(m: Matrix, slots: Sequence[dict[str, Any]], theme: Theme, side=LEFT, buff: float = 0.12) -> VGroup:
    """Index labels beside each row of ``m`` (a range for an ellipsis row)."""
    bracket = m.get_brackets()[0 if side is LEFT else 1]
    labels = VGroup()
    for row, slot in zip(m.get_rows(), slots):
        label = Text(slot["label"], color=theme.muted, font_size=LABEL_SIZE)
        label.next_to(bracket, side, buff=buff).set_y(row.get_center()[1])
        labels.add(label)
    if side is LEFT:
        right = min(l.get_right()[0] for l in labels)
        for l in labels:
            l.align_to([right, 0, 0], RIGHT)
    return labels


def _col_labels(m: Matrix, slots: Sequence[dict[str, Any]], theme: Theme) -> VGroup:
    """Index labels above each column; ranges of hidden columns one line higher, so they cannot collide."""
    top = m.get_top()[1]
    labels = VGroup()
    for column, slot in zip(m.get_columns(), slots):
        labels.add(Text(slot["label"], color=theme.muted, font_size=LABEL_SIZE).move_to([column.get_center()[0], top + 0.2, 0]))
    crowded = any(a.get_right()[0] + 0.08 > b.get_left()[0] for a, b in zip(labels, labels[1:]))
    if crowded:
        for label, slot in zip(labels, slots):
            if slot["index"] is None:
                label.shift(0.28 * UP)
    return labels


def _caption(lines: Sequence[str], theme: Theme, mob, size: int = 18) -> VGroup:
    """Centred lines of text under ``mob``."""
    group = VGroup(*(Text(line, color=theme.muted, font_size=size) for line in lines)).arrange(DOWN, buff=0.1)
    return group.next_to(mob, DOWN, buff=0.2)


def _slot_of(slots: Sequence[dict[str, Any]], index: int) -> int:
    return next(i for i, s in enumerate(slots) if s["index"] == index)


class MatrixVectorForm(ExplainerScene):
    """Layer 1 as a(1) = sigma(W a(0) + b) with the real numbers, then the whole network."""

    scene_data_name = "matrix"

    def begin(self, name: str, caption: str, duration: float) -> float:
        """Start a section lasting ``duration`` seconds; returns the time it must end at."""
        self.section(name, caption)
        return self.time + duration

    def finish(self, end: float) -> None:
        """Hold the last frame until the section's planned end, so each step keeps its pace."""
        frames = round((end - self.time) * config.frame_rate)  # whole frames, so no drift builds up
        if frames > 0:
            self.wait(frames / config.frame_rate)

    def settle(self, *groups) -> None:
        """Hold ``groups`` as wholes in the scene after they were drawn piece by piece.

        Animations such as TransformFromCopy add the pieces one by one; adding the
        whole group too would draw each piece twice.
        """
        for group in groups:
            self.remove(*group.get_family())
            self.add(group)

    def construct(self) -> None:
        data, theme, text = self.data, self.theme, self.data["text"]
        row = data["row"]
        k = row["neuron"]

        # 1. The column a(0), the matrix W and the biases b.
        end = self.begin("vectors", text["caption_vectors"], 9)
        title = _tex(data["equation"], theme, font_size=44).to_edge(UP, buff=0.3)
        w = _grid(data["weights"]["tex"], theme.weight, theme, h_buff=1.55)
        a0 = _vector(data["input"]["entries"], theme.text, theme)
        plus = MathTex("+", color=theme.text, font_size=36)
        b = _vector(data["biases"]["entries"], theme.bias, theme)
        equals = MathTex("=", color=theme.text, font_size=36)
        z_rows = data["result_rows"]["entries"]
        z = _vector(z_rows, theme.text, theme)
        eq = VGroup(w, a0, plus, b, equals, z)
        for left_mob, right_mob, gap in zip(eq, eq[1:], (1.15, 0.45, 0.45, 0.35, 0.35)):
            right_mob.next_to(left_mob, RIGHT, buff=gap)
        eq.move_to([0.45, 0.85, 0])
        w_rows = _row_labels(w, data["weights"]["rows"], theme)
        w_cols = _col_labels(w, data["weights"]["cols"], theme)
        a0_rows = _row_labels(a0, data["input"]["entries"], theme)
        z_labels = _row_labels(z, z_rows, theme, side=RIGHT)
        # Centre the whole product, labels included, across the frame.
        everything = VGroup(eq, w_rows, w_cols, a0_rows, z_labels)
        shift = -everything.get_center()[0] * RIGHT
        for mob in everything:
            mob.shift(shift)
        names = VGroup(
            _caption((text["weights_name"], text["weights_size"]), theme, w),
            _caption((f'{text["input_name"]}: {text["input_size"]}',), theme, a0),
            _caption((text["bias_name"], text["bias_size"]), theme, b),
            _caption((text["result_name"], text["result_size"]), theme, z),
        )
        top = min(n.get_top()[1] for n in names)
        for n in names:
            n.align_to([0, top, 0], UP)
        for n, m, colour in zip(names, (w, a0, b, z), (theme.weight, theme.text, theme.bias, theme.text)):
            n.set_x(m.get_x()).set_color(colour)
        names[3].set_x(min(names[3].get_x(), 7.0 - names[3].width / 2))
        note = Text(text["hidden_note"], color=theme.muted, font_size=18).next_to(names, DOWN, buff=0.2)

        self.play(Write(title), run_time=1.2)
        self.play(FadeIn(a0), FadeIn(a0_rows), FadeIn(names[1]), run_time=1.2)
        self.play(FadeIn(note), run_time=0.8)
        self.play(FadeIn(w), FadeIn(w_rows), FadeIn(w_cols), FadeIn(names[0]), run_time=1.4)
        self.play(FadeIn(plus), FadeIn(b), FadeIn(names[2]), run_time=1.0)
        self.finish(end)

        # 2. One row of W times the column a(0), plus one bias.
        end = self.begin("row", text["caption_row"], 14)
        w_slot = _slot_of(data["weights"]["rows"], k)
        w_row = w.get_rows()[w_slot]
        row_box = SurroundingRectangle(VGroup(w_row, w_rows[w_slot]), color=theme.text, buff=0.07, stroke_width=2)
        a0_entries = VGroup(*(e for e, s in zip(a0.get_entries(), data["input"]["entries"]) if s["index"] is not None))
        col_box = SurroundingRectangle(a0_entries, color=theme.text, buff=0.07, stroke_width=2)
        b_box = SurroundingRectangle(b.get_rows()[w_slot], color=theme.text, buff=0.07, stroke_width=2)
        z_entry = z.get_rows()[w_slot]
        z_numbers = VGroup(*(e for i, e in enumerate(z.get_entries()) if z_rows[i]["index"] is not None))
        z_dots = VGroup(*(e for i, e in enumerate(z.get_entries()) if z_rows[i]["index"] is None))

        self.play(FadeOut(note), Create(row_box), Create(col_box), run_time=1.0)

        shown, multiplied = row["shown_line"], row["product_line"]
        pairs = _tex(shown, theme, font_size=30)
        products = _tex(multiplied, theme, font_size=30)
        shown_title = Text(text["shown_terms"], color=theme.muted, font_size=18)
        VGroup(shown_title, products).arrange(DOWN, buff=0.15).move_to([0, -2.03, 0])
        products.set_x(0)
        pairs.move_to(products)
        # The factors fly in from W and a(0); signs and dots fade in.
        w_entries = [e for e, c in zip(w_row, data["weights"]["cols"]) if c["index"] is not None]
        copies = []
        for i, (we, ae) in enumerate(zip(w_entries, a0_entries)):
            copies.append(TransformFromCopy(we, _part(pairs, shown, f"weight {i}")))
            copies.append(TransformFromCopy(ae, _part(pairs, shown, f"activation {i}")))
        signs = VGroup(*(m for m, p in zip(pairs, shown) if p["name"].split()[0] in ("plus", "dot")))
        self.play(LaggedStart(*copies, lag_ratio=0.08), FadeIn(signs), run_time=2.4)
        # Each pair becomes its product, then the products are added. Each pair is
        # first held as one group in the scene, so that replacing it leaves nothing behind.
        factors = [VGroup(*(_part(pairs, shown, f"{what} {i}") for what in ("weight", "dot", "activation"))) for i in range(len(row["terms"]))]
        pluses = [_part(pairs, shown, f"plus {i}") for i in range(1, len(row["terms"]))]
        self.remove(*pairs.get_family())
        self.add(*factors, *pluses)
        self.play(
            *(ReplacementTransform(f, _part(products, multiplied, f"product {i}")) for i, f in enumerate(factors)),
            *(ReplacementTransform(p, _part(products, multiplied, f"plus {i}")) for i, p in enumerate(pluses, start=1)),
            run_time=1.2,
        )
        self.play(
            FadeIn(_part(products, multiplied, "equals")),
            FadeIn(_part(products, multiplied, "shown sum")),
            FadeIn(shown_title),
            run_time=1.0,
        )
        self.wait(0.8)

        full = row["full_line"]
        full_tex = _tex(full, theme, font_size=32)
        full_title = Text(text["full_terms"], color=theme.muted, font_size=18)
        VGroup(full_title, full_tex).arrange(RIGHT, buff=0.3).move_to([0, -3.2, 0])
        self.play(Create(b_box), FadeIn(full_title), FadeIn(full_tex[:4]), run_time=1.2)
        self.play(FadeIn(full_tex[4:]), run_time=1.4)
        self.play(
            FadeIn(z.get_brackets()),
            FadeIn(equals),
            FadeIn(names[3]),
            TransformFromCopy(_part(full_tex, full, "z"), z_entry),
            run_time=1.2,
        )
        self.settle(products, full_tex)
        self.finish(end)

        # 3. Every row: the whole vector W a(0) + b.
        layer1 = data["layers"][0]
        end = self.begin("result", text["caption_result"], 7)
        others = VGroup(*(e for e in z_numbers if e is not z_entry[0]))
        self.play(FadeIn(others), FadeIn(z_dots), FadeIn(z_labels), run_time=1.0)
        z_shown = VGroup(z.get_brackets(), z_numbers, z_dots)
        self.settle(z_shown)
        self.wait(0.5)
        old = VGroup(title, w, a0, plus, b, equals, w_rows, w_cols, a0_rows, names, row_box, col_box, b_box, products, shown_title, full_title, full_tex)
        z_full = _vector(layer1["z"]["entries"], theme.text, theme)
        a1 = _vector(layer1["activations"]["entries"], theme.text, theme)
        for v in (z_full, a1):
            if v.height > 6.6:
                v.scale(6.6 / v.height)
        z_full.move_to([-1.9, -0.1, 0])
        z_full_labels = _row_labels(z_full, layer1["z"]["entries"], theme)
        left = _tex(data["result_lhs"], theme, 40).next_to(z_full_labels, LEFT, buff=0.3)
        self.play(FadeOut(old), run_time=0.8)
        self.play(
            ReplacementTransform(z_shown, z_full),
            ReplacementTransform(z_labels, z_full_labels),
            FadeIn(left),
            run_time=1.4,
        )
        self.finish(end)

        # 4. The activation function, entry by entry: a(1).
        end = self.begin("sigmoid", text["caption_sigmoid"], 9)
        lparen, rparen = (
            MathTex(p, color=theme.squish).stretch_to_fit_height(z_full.height * 1.02).stretch_to_fit_width(0.2) for p in "()"
        )
        lparen.next_to(z_full_labels, LEFT, buff=0.1)
        rparen.next_to(z_full, RIGHT, buff=0.1)
        sigma = MathTex(layer1["function_tex"], color=theme.squish, font_size=44).next_to(lparen, LEFT, buff=0.1)
        a1_name = _tex(data["activation_lhs"], theme, 40).next_to(sigma, LEFT, buff=0.2)
        equals2 = MathTex("=", color=theme.text, font_size=40).next_to(rparen, RIGHT, buff=0.3)
        a1.next_to(equals2, RIGHT, buff=0.3).set_y(z_full.get_y())

        plot = data["function_plot"]
        (x0, x1), (y0, y1) = plot["x_range"], plot["y_range"]
        axes = Axes(
            x_range=[x0, x1, (x1 - x0) / 2],
            y_range=[y0, y1, (y1 - y0)],
            x_length=3.3,
            y_length=1.9,
            tips=False,
            axis_config={"color": theme.muted, "stroke_width": 2},
        )
        axes.next_to(a1, RIGHT, buff=0.9).set_y(-1.3)
        ticks = VGroup(
            *(
                Text(label, color=theme.muted, font_size=LABEL_SIZE).next_to(axes.c2p(x, y), direction, buff=0.12)
                for label, x, y, direction in (
                    (plot["x_labels"][0], x0, 0, DOWN),
                    (plot["x_labels"][1], x1, 0, DOWN),
                    (plot["y_labels"][0], 0, y0, LEFT),
                    (plot["y_labels"][1], 0, y1, LEFT),
                )
            )
        )
        curve = VMobject(stroke_color=theme.squish, stroke_width=3)
        corners = [axes.c2p(x, y) for x, y in plot["curve"]]
        curve.set_points_smoothly(corners) if plot["smooth"] else curve.set_points_as_corners(corners)
        points = [(e["value"], a["value"]) for e, a in zip(layer1["z"]["entries"], layer1["activations"]["entries"])]
        dots = VGroup(*(Dot(axes.c2p(z_, a_), radius=0.045, color=theme.text) for z_, a_ in points if z_ is not None))
        z_slot = _slot_of(layer1["z"]["entries"], k)
        k_dot = Dot(axes.c2p(row["z"], row["activation"]), radius=0.07, color=theme.squish)
        entry_note = _tex(row["function_line"], theme, 32)
        entry_note.next_to(axes, UP, buff=0.55)
        a1_note = Text(text["a1_note"], color=theme.muted, font_size=18).next_to(a1, RIGHT, buff=0.4).align_to(a1, UP).shift(0.2 * DOWN)
        for mob in (entry_note, a1_note):
            mob.set_x(max(mob.get_x(), axes.get_x()))
            if mob.get_right()[0] > 6.9:
                mob.shift((mob.get_right()[0] - 6.9) * LEFT)

        self.play(ReplacementTransform(left, a1_name), FadeIn(sigma), FadeIn(lparen), FadeIn(rparen), run_time=1.2)
        self.play(FadeIn(equals2), FadeIn(a1.get_brackets()), Create(axes), FadeIn(ticks), Create(curve), run_time=1.0)
        self.play(
            LaggedStart(*(TransformFromCopy(ze, ae) for ze, ae in zip(z_full.get_entries(), a1.get_entries())), lag_ratio=0.08),
            LaggedStart(*(FadeIn(d, scale=0.5) for d in dots), lag_ratio=0.08),
            run_time=2.6,
        )
        self.settle(a1)
        k_box = SurroundingRectangle(z_full.get_rows()[z_slot], color=theme.text, buff=0.06, stroke_width=2)
        a_box = SurroundingRectangle(a1.get_rows()[z_slot], color=theme.text, buff=0.06, stroke_width=2)
        self.play(Create(k_box), Create(a_box), FadeIn(entry_note), FadeIn(k_dot), FadeIn(a1_note), run_time=1.2)
        self.finish(end)

        # 5. Every layer repeats the step.
        end = self.begin("layers", text["caption_layers"], 9)
        sigmoid_parts = VGroup(a1_name, sigma, lparen, rparen, equals2, z_full, z_full_labels, k_box, a_box, entry_note, a1_note)
        self.play(FadeOut(sigmoid_parts), FadeOut(VGroup(axes, ticks, curve, dots, k_dot)), run_time=0.8)
        layers = data["layers"]
        equations = VGroup(*(_tex(layer["equation"], theme, 38) for layer in layers)).arrange(DOWN, buff=0.55, aligned_edge=LEFT)
        equations.to_corner(UP + LEFT, buff=0.6).shift(0.4 * DOWN)
        shapes = VGroup(
            *(
                Text(layer["shape_text"], color=theme.weight, font_size=16).next_to(eq, RIGHT, buff=0.35)
                for layer, eq in zip(layers, equations)
            )
        )
        right = max(eq.get_right()[0] for eq in equations)
        for shape in shapes:  # one column, right of the widest equation
            shape.set_x(right + 0.35 + shape.width / 2)
        columns = VGroup(a1, *(_vector(layer["activations"]["entries"], theme.text, theme) for layer in layers[1:]))
        heads = VGroup()
        target = VGroup()
        for layer, col in zip(layers, columns):
            target.add(col.copy() if col is not a1 else a1.copy())
        target.arrange(RIGHT, buff=0.9, aligned_edge=UP)
        for col in target:
            if col.height > 6.2:
                col.scale(6.2 / col.height, about_edge=UP)
        target.arrange(RIGHT, buff=0.9, aligned_edge=UP).to_edge(RIGHT, buff=0.9).set_y(-0.15)
        for layer, col in zip(layers, target):
            heads.add(MathTex(layer["name_tex"], color=theme.text, font_size=34).next_to(col, UP, buff=0.15))
        out_col = target[-1]
        out_entries = layers[-1]["activations"]["entries"]
        digits = VGroup(
            *(
                Text(data["output_labels"][slot["index"]], color=theme.muted, font_size=LABEL_SIZE + 1)
                .next_to(out_col.get_brackets()[1], RIGHT, buff=0.12)
                .set_y(e.get_y())
                for slot, e in zip(out_entries, out_col.get_entries())
                if slot["index"] is not None
            )
        )
        # A column too tall to write out says which rows its dots hide.
        hidden = VGroup()
        for layer, col in zip(layers, target):
            for slot, e in zip(layer["activations"]["entries"], col.get_entries()):
                if slot["index"] is None:
                    label = Text(slot["label"], color=theme.muted, font_size=LABEL_SIZE)
                    hidden.add(label.next_to(col.get_brackets()[0], LEFT, buff=0.1).set_y(e.get_y()))
        self.play(a1.animate.move_to(target[0]).scale(target[0].height / a1.height), FadeIn(heads[0]), Write(equations[0]), FadeIn(shapes[0]), run_time=1.4)
        for i in range(1, len(layers)):
            columns[i].scale(target[i].height / columns[i].height).move_to(target[i])
            self.play(Write(equations[i]), FadeIn(shapes[i]), run_time=1.0)
            self.play(
                TransformFromCopy(columns[i - 1], columns[i]),
                FadeIn(heads[i]),
                run_time=1.2,
            )
        self.play(FadeIn(digits), FadeIn(hidden), run_time=0.6)
        self.finish(end)

        # 6. One composed function, and its answer.
        end = self.begin("answer", text["caption_answer"], 7)
        nested = _tex(data["nested"], theme, font_size=34)
        if nested.width > 7.0:
            nested.scale(7.0 / nested.width)
        nested.next_to(equations, DOWN, buff=0.8).align_to(equations, LEFT)
        best = data["prediction"]["digit"]
        best_slot = _slot_of(out_entries, best)
        best_label = digits[[s["index"] for s in out_entries if s["index"] is not None].index(best)]
        best_box = SurroundingRectangle(VGroup(out_col.get_rows()[best_slot], best_label), color=theme.highlight, buff=0.06)
        verdict_colour = theme.text if data["prediction"]["correct"] is not False else theme.negative
        verdict = VGroup(*(Text(line, color=verdict_colour, font_size=22) for line in text["prediction"]))
        verdict.arrange(DOWN, buff=0.15, aligned_edge=LEFT).next_to(nested, DOWN, buff=0.6).align_to(nested, LEFT)
        self.play(Write(nested), run_time=1.6)
        self.play(Create(best_box), best_label.animate.set_color(theme.highlight), run_time=0.8)
        self.play(FadeIn(verdict), run_time=0.8)
        self.finish(end)
