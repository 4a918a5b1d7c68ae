"""The matrix beat: a(1) = f(W a(0) + b), worked with the real numbers, then the whole network.

Render with ``manim -pql scenes/matrix.py MatrixVectorForm`` from the project
root. Every number and word comes from the ``matrix`` beat's record for the
chosen digit and weights file; the scene only lays them out.

Numbers that become other numbers cross-fade (``FadeTransform``) rather than
morph glyph by glyph, which garbles them mid-way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    Matrix,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
)

from kit.base import ExplainerScene
from kit.images import signed_picture
from kit.layout import BOTTOM_EDGE, LEFT_EDGE, MARGIN, RIGHT_EDGE, TOP_EDGE
from kit.motion import FadeTransform, SnapshotFade, SnapshotGlide
from kit.pixels import SignedGrid
from kit.plots import activation_axes, curve_on
from kit.tex import FormulaTex, TexBatch
from kit.theme import Theme
from netcore.scenedata.matrix import Slot
from storyboard.matrix import BlockName

__all__ = ["MatrixVectorForm"]

# Matrices are built at Manim's default size and scaled down by this much.
SCALE = 0.5
LABEL_SIZE = 17
ELLIPSES = (r"\vdots", r"\cdots", r"\ddots")
# The tallest a column of numbers may be, under its heading.
COLUMN_HEIGHT = TOP_EDGE - BOTTOM_EDGE - 0.7
PRODUCT_DROP = 1.0  # how far below its place W a(0) + b stands until the worked row's bias line needs the room under it


def _grid(entries: list[list[str]], colour, theme: Theme, tex: TexBatch, h_buff: float = 1.3) -> Matrix:
    """A bracketed grid of TeX entries (taken from ``tex``); numbers right-aligned, ellipses muted and centred in their column."""
    m = Matrix(entries, v_buff=0.78, h_buff=h_buff, element_alignment_corner=RIGHT, element_to_mobject=tex)
    m.get_brackets().set_color(theme.text)
    for row, texts in zip(m.get_rows(), entries):
        for entry, tex in zip(row, texts):
            entry.set_color(theme.muted if tex in ELLIPSES else colour)
    for c, column in enumerate(m.get_columns()):
        numbers = [e for e, row in zip(column, entries) if row[c] not in ELLIPSES]
        centre_x = np.mean([e.get_x() for e in numbers]) if numbers else column[0].get_x()
        for e, row in zip(column, entries):
            if row[c] in ELLIPSES:
                e.set_x(centre_x)
    return m.scale(SCALE)


def _column(entries: list[str], colour, theme: Theme, tex: TexBatch) -> Matrix:
    return _grid([[e] for e in entries], colour, theme, tex)


def _row_labels(m: Matrix, labels: Sequence[str], theme: Theme, side=LEFT, buff: float = 0.12) -> VGroup:
    """Index labels beside each row of ``m`` (a range for an ellipsis row), flush against its bracket."""
    bracket = m.get_brackets()[0 if side is LEFT else 1]
    group = VGroup()
    for row, label in zip(m.get_rows(), labels):
        text = Text(label, color=theme.muted, font_size=LABEL_SIZE).next_to(bracket, side, buff=buff).set_y(row.get_y())
        group.add(text)
    edge = min if side is LEFT else max
    x = edge(t.get_edge_center(-side)[0] for t in group)
    for t in group:
        t.align_to([x, 0, 0], -side)
    return group


def _col_labels(m: Matrix, labels: Sequence[str], theme: Theme) -> VGroup:
    """Index labels above the columns that have one."""
    top = m.get_top()[1]
    return VGroup(
        *(
            Text(label, color=theme.muted, font_size=LABEL_SIZE).move_to([column.get_x(), top + 0.2, 0])
            for column, label in zip(m.get_columns(), labels)
            if label
        )
    )


def _name(name: BlockName, colour, theme: Theme) -> VGroup:
    """A block's symbol over its size in words."""
    return VGroup(FormulaTex(name.symbol, theme, font_size=30), Text(name.size, color=colour, font_size=18)).arrange(DOWN, buff=0.12)


def _slot_of(slots: Sequence[Slot], index: int) -> int:
    """The position among ``slots`` of the shown index ``index``."""
    return next(i for i, s in enumerate(slots) if s.shown and s.first == index)


def _shown(m: Matrix, values: Sequence[float | None]) -> VGroup:
    """The entries of a column that hold numbers (not its ellipses)."""
    return VGroup(*(e for e, v in zip(m.get_entries(), values) if v is not None))


def _fit(mobject, width: float | None = None, height: float | None = None):
    """Shrink ``mobject`` (never grow it) to at most ``width`` wide and ``height`` tall."""
    if width is not None and mobject.width > width:
        mobject.scale(width / mobject.width)
    if height is not None and mobject.height > height:
        mobject.scale(height / mobject.height)
    return mobject


class MatrixVectorForm(ExplainerScene):
    """Layer 1 as a(1) = f(W a(0) + b) with the real numbers, then the whole network."""

    beat = "matrix"

    def setup(self) -> None:
        """Compile every matrix entry and sign of the beat in one LaTeX run (see ``TexBatch``)."""
        super().setup()
        words = self.words
        columns = [words.input, words.biases, words.result, words.layer_z, *words.activations]
        entries = [e for row in words.weights for e in row] + [e for column in columns for e in column.entries]
        self.tex = TexBatch([*entries, "+", "=", "(", ")"])

    def _settle(self, *groups) -> None:
        """Hold ``groups`` as wholes after they were drawn piece by piece, so no piece is held twice."""
        for group in groups:
            self.remove(*group.get_family())
            self.add(group)

    def _product(self) -> VGroup:
        """W a(0) + b = (W a(0) + b) laid out on one line, labels included, inside the margins under the title."""
        theme, words = self.theme, self.words
        self.w = _grid(words.weights, theme.weight, theme, self.tex, h_buff=1.55)
        self.a0 = _column(words.input.entries, theme.text, theme, self.tex)
        self.plus = self.tex("+", font_size=36, color=theme.text)
        self.b = _column(words.biases.entries, theme.bias, theme, self.tex)
        self.equals = self.tex("=", font_size=36, color=theme.text)
        self.z = _column(words.result.entries, theme.text, theme, self.tex)
        blocks = VGroup(self.w, self.a0, self.plus, self.b, self.equals, self.z)
        for left, right, gap in zip(blocks, blocks[1:], (1.3, 0.45, 0.45, 0.35, 0.35)):
            right.next_to(left, RIGHT, buff=gap)
        self.w_rows = _row_labels(self.w, words.weight_rows, theme)
        self.w_cols = _col_labels(self.w, words.weight_cols, theme)
        self.a0_rows = _row_labels(self.a0, words.input.labels, theme)
        self.z_rows = _row_labels(self.z, words.result.labels, theme, side=RIGHT)
        product = VGroup(blocks, self.w_rows, self.w_cols, self.a0_rows, self.z_rows)
        _fit(product, width=RIGHT_EDGE - LEFT_EDGE)
        return product.next_to(self.title, DOWN, buff=0.35).set_x(0)

    def step_vectors(self) -> None:
        """The column a(0), the matrix W and the biases b, with their names and what the dots hide."""
        theme, words = self.theme, self.words
        self.title = FormulaTex(words.title, theme, font_size=44).to_edge(UP, buff=MARGIN)
        self.product = self._product()
        # Lower, in the middle of the frame, until the row's bias line needs the room under it (step_row lifts it).
        self.product.shift(PRODUCT_DROP * DOWN)
        colours = (theme.weight, theme.text, theme.bias)
        self.names = VGroup(*(_name(n, c, theme) for n, c in zip(words.names, colours)))
        top = min(m.get_bottom()[1] for m in (self.w, self.a0, self.b)) - 0.25
        for name, block in zip(self.names, (self.w, self.a0, self.b)):
            name.move_to([block.get_x(), top - name.height / 2, 0])
        self.note = Text(words.hidden_note, color=theme.muted, font_size=18).next_to(self.names, DOWN, buff=0.25).set_x(0)
        self.play(Write(self.title), SnapshotFade(self.a0), SnapshotFade(self.a0_rows), SnapshotFade(self.names[1]), run_time=1.2)
        self.play(SnapshotFade(self.note), SnapshotFade(self.w), SnapshotFade(self.w_rows), SnapshotFade(self.w_cols), SnapshotFade(self.names[0]), run_time=1.4)
        self.play(SnapshotFade(self.plus), SnapshotFade(self.b), SnapshotFade(self.names[2]), run_time=1.0)

    def _boxes(self) -> VGroup:
        """Boxes round the worked row of W, the written rows of a(0), and the row's bias."""
        theme, numbers = self.theme, self.numbers
        self.slot = _slot_of(numbers.weights.rows, numbers.row.neuron.neuron)
        self.w_row = VGroup(*(e for e, v in zip(self.w.get_rows()[self.slot], numbers.weights.values[self.slot]) if v is not None))
        self.a0_shown = _shown(self.a0, numbers.input.values)
        style = {"color": theme.text, "buff": 0.07, "stroke_width": 2}
        return VGroup(
            SurroundingRectangle(VGroup(self.w.get_rows()[self.slot], self.w_rows[self.slot]), **style),
            SurroundingRectangle(self.a0_shown, **style),
            SurroundingRectangle(self.b.get_rows()[self.slot], **style),
        )

    def step_row(self) -> None:
        """One row of W times the column a(0): the factors fly in, become products, and add up; then all of them and the bias."""
        theme, words, terms = self.theme, self.words, range(len(self.numbers.row.terms))
        self.boxes = self._boxes()
        # The same neuron as in the weights beat: its 784-weight picture, read row after row, is row k of W.
        picture = SignedGrid(self.numbers.row.picture, theme, side_length=1.7)
        label = Text(words.picture_label, color=theme.text, font_size=18)
        VGroup(picture, label).arrange(RIGHT, buff=0.3).next_to(self.product, DOWN, buff=0.3).set_x(0)
        # W a(0) + b stays low, in the middle of the frame, while the row is worked under it (_with_bias lifts it).
        self.play(SnapshotFade(self.note, out=True), SnapshotFade(self.names, out=True), run_time=0.8)
        self.play(FadeIn(picture), SnapshotFade(label), run_time=0.8)
        self.wait(0.6)
        self.play(FadeTransform(picture, self.boxes[0]), SnapshotFade(label, out=True), Create(self.boxes[1]), run_time=1.2)
        pairs = FormulaTex(words.pairs, theme, font_size=30)
        self.products = FormulaTex(words.products, theme, font_size=30)
        self.shown_note = Text(words.shown_note, color=theme.muted, font_size=18)
        VGroup(self.products, self.shown_note).arrange(DOWN, buff=0.15).next_to(self.product, DOWN, buff=0.45).set_x(0)
        _fit(pairs, width=RIGHT_EDGE - LEFT_EDGE).move_to(self.products).set_x(0)
        # The factors appear in place, one pair after another, beside the boxed row and column they
        # come from: copies flying down from W would cross the other rows' numbers.
        appear = [
            SnapshotFade(VGroup(*(pairs.part(f"{what} {i}") for what in ("weight", "dot", "activation"))), shift=0.15 * DOWN) for i in terms
        ]
        signs = VGroup(*(pairs.part(f"plus {i}") for i in terms if i))
        # Each part is drawn as the voice says it: multiply entry by entry and add; the products shown
        # and what all of them add to; then the bias.
        self.wait_for_next_phrase()
        self.play(LaggedStart(*appear, lag_ratio=0.3), SnapshotFade(signs), run_time=2.4)
        # Each pair becomes its product; the pluses keep their place in the line.
        factors = [VGroup(*(pairs.part(f"{what} {i}") for what in ("weight", "dot", "activation"))) for i in terms]
        self.play(
            *(FadeTransform(f, self.products.part(f"product {i}")) for i, f in zip(terms, factors)),
            *(FadeTransform(pairs.part(f"plus {i}"), self.products.part(f"plus {i}")) for i in terms if i),
            run_time=1.2,
        )
        self.wait_for_next_phrase()
        self.play(SnapshotFade(self.shown_note), run_time=max(1.0, 0.4 * self.seconds_left_in_phrase()))
        self.play(SnapshotFade(self.products.part("equals")), SnapshotFade(self.products.part("shown sum")), run_time=1.0)
        self._settle(self.products)
        # Everything on screen rises together, making room for the bias's line under it.
        shown = VGroup(self.w, self.w_rows, self.w_cols, self.a0, self.a0_rows, self.plus, self.b, *self.boxes[:2], self.products, self.shown_note)
        self.play(SnapshotGlide(shown, shown.get_center() + PRODUCT_DROP * UP), run_time=0.8)
        VGroup(self.equals, self.z, self.z_rows, self.boxes[2]).shift(PRODUCT_DROP * UP)  # not shown yet: they move with the rest
        self.wait_for_next_phrase()
        self._with_bias()

    def _with_bias(self) -> None:
        """The whole sum plus the bias, and its value as the row's entry of W a(0) + b."""
        theme, words = self.theme, self.words
        self.full = FormulaTex(words.full, theme, font_size=32)
        self.full_note = Text(words.full_note, color=theme.muted, font_size=18)
        line = VGroup(self.full_note, self.full).arrange(RIGHT, buff=0.3).next_to(self.shown_note, DOWN, buff=0.3)
        _fit(line, width=RIGHT_EDGE - LEFT_EDGE).set_x(0)
        self.play(Create(self.boxes[2]), SnapshotFade(self.full_note), SnapshotFade(self.full.part("symbolic")), run_time=1.2)
        self.play(SnapshotFade(self.full.part("numeric")), SnapshotFade(self.full.part("z")), run_time=1.4)
        self.z_entry = self.z.get_rows()[self.slot]
        # The row's entry appears in its place, boxed like the row's bias beside it (not flown up from the
        # line below, across the products and the matrix).
        self.boxes.add(SurroundingRectangle(self.z_entry, color=theme.text, buff=0.07, stroke_width=2))
        self.play(SnapshotFade(self.z.get_brackets()), SnapshotFade(self.equals), SnapshotFade(self.z_entry), Create(self.boxes[3]), run_time=1.2)
        self._settle(self.full)

    def step_result(self) -> None:
        """Every row does the same: the whole column W a(0) + b of layer 1."""
        theme, words = self.theme, self.words
        others = VGroup(*(e for i, e in enumerate(self.z.get_entries()) if i != self.slot))
        self.play(SnapshotFade(others), SnapshotFade(self.z_rows), run_time=1.0)
        self._settle(self.z)
        self.wait(0.5)
        old = VGroup(self.title, self.w, self.a0, self.plus, self.b, self.equals, self.w_rows, self.w_cols, self.a0_rows, self.boxes)
        # The worked row stays beside its row of the whole column: where that one number came from.
        self.worked = VGroup(self.products, self.shown_note, self.full_note, self.full)
        self.z_full = _fit(_column(words.layer_z.entries, theme.text, theme, self.tex), height=COLUMN_HEIGHT).move_to([-1.9, 0, 0])
        self.z_full_rows = _row_labels(self.z_full, words.layer_z.labels, theme)
        self.lhs = FormulaTex(words.result_lhs, theme, font_size=40).next_to(self.z_full_rows, LEFT, buff=0.3)
        by_width = {"stretch": False, "dim_to_match": 0}  # glyphs keep their shape as the column grows
        # The row labels are not morphed (6 labels into 16: one set grew taller than the frame for a
        # moment): the old ones fade with their column, the new ones come once the column is in place.
        along = self.z_full.get_center() - self.z.get_center()
        # The worked row comes back beside its row of the whole column, in the right half until the plot needs it.
        row = self.z_full.get_rows()[_slot_of(self.numbers.layers[0].z.slots, self.numbers.row.neuron.neuron)]
        left = self.z_full.get_right()[0] + 0.6
        self.play(SnapshotFade(VGroup(old, self.worked), out=True), run_time=0.8)
        self.play(FadeTransform(self.z, self.z_full, **by_width), SnapshotFade(self.z_rows, out=True, shift=along), SnapshotFade(self.lhs), run_time=1.4)
        # It comes back in its new place once the column is there: moved, it would cross the column's numbers.
        _fit(self.worked, width=RIGHT_EDGE - left).align_to([left, 0, 0], LEFT)
        self.worked.shift((row.get_y() - self.full.part("z").get_y()) * UP)  # the row's value on the row's line
        # A row near the top or bottom: the block stays inside the frame, as near its row as it can.
        self.worked.shift(max(0.0, BOTTOM_EDGE - self.worked.get_bottom()[1]) * UP + max(0.0, self.worked.get_top()[1] - TOP_EDGE) * DOWN)
        self.play(SnapshotFade(self.z_full_rows), SnapshotFade(self.worked), run_time=0.6)

    def _squish_layout(self) -> None:
        """a(1) = f( z ) = a(1), left of the activation's plot."""
        theme, words, numbers = self.theme, self.words, self.numbers
        self.parens = VGroup(
            *(self.tex(p, color=theme.squish).stretch_to_fit_height(self.z_full.height * 1.02).stretch_to_fit_width(0.2) for p in "()")
        )
        self.parens[0].next_to(self.z_full_rows, LEFT, buff=0.1)
        self.parens[1].next_to(self.z_full, RIGHT, buff=0.1)
        self.sigma = FormulaTex(words.function, theme, font_size=44).next_to(self.parens[0], LEFT, buff=0.1)
        self.a1_name = FormulaTex(words.activation_lhs, theme, font_size=40).next_to(self.sigma, LEFT, buff=0.2)
        self.equals2 = self.tex("=", font_size=40, color=theme.text).next_to(self.parens[1], RIGHT, buff=0.3)
        self.a1 = _column(words.activations[0].entries, theme.text, theme, self.tex)
        self.a1.scale(self.z_full.height / self.a1.height).next_to(self.equals2, RIGHT, buff=0.3).set_y(self.z_full.get_y())
        left = VGroup(self.a1_name, self.sigma, self.parens, self.z_full, self.z_full_rows, self.equals2, self.a1)
        # The column already on screen glides there (step_sigmoid); only the new parts are placed now.
        shift = (LEFT_EDGE - left.get_left()[0]) * RIGHT
        VGroup(self.a1_name, self.sigma, self.parens, self.equals2, self.a1).shift(shift)
        self.column_place = VGroup(self.z_full, self.z_full_rows).get_center() + shift
        self.axes = activation_axes(theme, numbers.x_limit, numbers.y_limit, x_length=RIGHT_EDGE - self.a1.get_right()[0] - 1.2, y_length=2.6)
        self.axes.move_to([(self.a1.get_right()[0] + 0.8 + RIGHT_EDGE) / 2, -1.2, 0])
        self.curve = curve_on(self.axes, numbers.curve, theme)

    def step_sigmoid(self) -> None:
        """The activation function, entry by entry: a(1), each entry a dot on the curve."""
        theme, words, numbers = self.theme, self.words, self.numbers
        self._squish_layout()
        layer = numbers.layers[0]
        dots = VGroup(
            *(Dot(self.axes.c2p(z, a), radius=0.045, color=theme.text) for z, a in zip(layer.z.values, layer.activations.values) if z is not None)
        )
        # The column glides left as its name becomes a(1): nothing jumps, and the name never covers the column.
        self.play(SnapshotFade(self.worked, out=True), run_time=0.4)
        self.play(SnapshotGlide(VGroup(self.z_full, self.z_full_rows), self.column_place), FadeTransform(self.lhs, self.a1_name), run_time=0.8)
        self.play(SnapshotFade(self.sigma), SnapshotFade(self.parens), run_time=0.6)
        self.play(SnapshotFade(self.equals2), SnapshotFade(self.a1.get_brackets()), Create(self.axes), Create(self.curve), run_time=1.0)
        # Each activation appears on its row as its dot lands on the curve; copies flying from z's column
        # would pass over its numbers and the brackets between.
        entries = [SnapshotFade(a, shift=0.2 * RIGHT) for a in self.a1.get_entries()]
        self.play(LaggedStart(*entries, lag_ratio=0.08), LaggedStart(*(FadeIn(d, scale=0.5) for d in dots), lag_ratio=0.08), run_time=2.6)
        self._settle(self.a1)
        slot = _slot_of(layer.z.slots, numbers.row.neuron.neuron)
        style = {"color": theme.text, "buff": 0.06, "stroke_width": 2}
        boxes = VGroup(SurroundingRectangle(self.z_full.get_rows()[slot], **style), SurroundingRectangle(self.a1.get_rows()[slot], **style))
        k_dot = Dot(self.axes.c2p(numbers.row.neuron.z, numbers.row.neuron.activation), radius=0.08, color=theme.highlight)
        entry = FormulaTex(words.entry, theme, font_size=32).next_to(self.axes, UP, buff=0.5)
        note = Text(words.a1_note, color=theme.muted, font_size=18).next_to(self.a1, RIGHT, buff=0.4).align_to(self.a1, UP)
        self.play(Create(boxes), SnapshotFade(entry), SnapshotFade(k_dot), SnapshotFade(note), run_time=1.2)
        self.squished = VGroup(self.a1_name, self.sigma, self.parens, self.z_full, self.z_full_rows, self.equals2)
        self.plot = VGroup(self.axes, self.curve, dots, k_dot, boxes, entry, note)

    def _columns(self) -> VGroup:
        """Each layer's activations as a column, side by side at the right, with their headings."""
        theme, words = self.theme, self.words
        columns = VGroup(*(_column(c.entries, theme.text, theme, self.tex) for c in words.activations))
        for column in columns:
            _fit(column, height=COLUMN_HEIGHT)
        columns.arrange(RIGHT, buff=0.9, aligned_edge=UP)
        self.heads = VGroup(*(FormulaTex(h, theme, font_size=34).next_to(c, UP, buff=0.15) for h, c in zip(words.heads, columns)))
        self.digits = VGroup(
            *(
                Text(label, color=theme.muted, font_size=LABEL_SIZE + 1).next_to(columns[-1].get_brackets()[1], RIGHT, buff=0.12).set_y(e.get_y())
                for label, e in zip(self._output_labels(), columns[-1].get_entries())
                if label
            )
        )
        # A column too tall to write out says which rows its dots hide.
        self.hidden = VGroup(
            *(
                Text(label, color=theme.muted, font_size=LABEL_SIZE).next_to(c.get_brackets()[0], LEFT, buff=0.1).set_y(e.get_y())
                for c, words_c in zip(columns, words.activations)
                for label, e, entry in zip(words_c.labels, c.get_entries(), words_c.entries)
                if entry == r"\vdots"
            )
        )
        whole = VGroup(columns, self.heads, self.digits, self.hidden)
        # 0.1 short of the right margin: the answer's box goes round its digit's label.
        whole.shift((RIGHT_EDGE - 0.1 - whole.get_right()[0]) * RIGHT + (TOP_EDGE - whole.get_top()[1]) * UP)
        return columns

    def _output_labels(self) -> list[str]:
        """The output column's digit labels, one per slot ("" for an ellipsis)."""
        slots = self.numbers.layers[-1].activations.slots
        return [self.words.output_labels[s.first] if s.shown else "" for s in slots]

    def _weight_maps(self, top: float) -> VGroup:
        """Each later layer's W as a picture, one square a weight, under its name, side by side in the
        lower left (under ``top``, left of the columns), one size of square for all; the legend under them."""
        theme, words, numbers = self.theme, self.words, self.numbers
        if not numbers.later_weights:
            return VGroup()
        names = [FormulaTex(n, theme, font_size=30) for n in words.map_names]
        note = Text(words.maps_note, color=theme.muted, font_size=18)
        gap, right = 0.6, self.columns.get_left()[0] - 0.7
        height = top - BOTTOM_EDGE - max(n.height for n in names) - note.height - 0.5
        width = right - LEFT_EDGE - gap * (len(names) - 1)
        shapes = [w.strengths.shape for w in numbers.later_weights]
        square = min(width / sum(cols for _, cols in shapes), height / max(rows for rows, _ in shapes))
        maps = VGroup(
            *(
                VGroup(name, signed_picture(w.strengths, theme, height=square * w.strengths.shape[0])).arrange(DOWN, buff=0.15)
                for name, w in zip(names, numbers.later_weights)
            )
        ).arrange(RIGHT, buff=gap, aligned_edge=UP)
        note.next_to(maps, DOWN, buff=0.25).align_to(maps, LEFT)
        return VGroup(maps, note).move_to([0, top, 0], aligned_edge=UP).align_to([LEFT_EDGE, 0, 0], LEFT)

    def step_layers(self) -> None:
        """Every later layer repeats the step: its equation, and its column from the one before."""
        theme, words = self.theme, self.words
        self.play(SnapshotFade(self.plot, out=True), run_time=0.6)
        self.columns = self._columns()
        self.equations = VGroup(*(FormulaTex(e, theme, font_size=38) for e in words.equations)).arrange(DOWN, buff=0.55, aligned_edge=LEFT)
        self.equations.move_to([0, TOP_EDGE - 0.4, 0], aligned_edge=UP).align_to([LEFT_EDGE, 0, 0], LEFT)
        shapes = VGroup(*(FormulaTex(s, theme, font_size=26).next_to(e, RIGHT, buff=0.35) for s, e in zip(words.shapes, self.equations)))
        right = max(e.get_right()[0] for e in self.equations)
        for shape in shapes:  # one column, right of the widest equation
            shape.set_x(right + 0.35 + shape.width / 2)
        # Layer 1's step becomes its equation: σ of the column W a(0) + b is σ(W1 a(0) + b1). It goes up and
        # left as a(1) goes right, to its column: never one across the other, and the left half is never bare.
        # The later columns wait, empty under their headings, while the equations are written: nor is the right.
        waiting = VGroup(*(VGroup(c.get_brackets(), h) for c, h in zip(self.columns[1:], self.heads[1:])))
        self.play(
            FadeTransform(self.squished, self.equations[0]),
            self.a1.animate.scale(self.columns[0].height / self.a1.height).move_to(self.columns[0]),
            SnapshotFade(self.heads[0]), SnapshotFade(waiting), run_time=1.2,
        )
        self.play(SnapshotFade(shapes[0]), run_time=0.6)
        self.remove(self.a1)
        self.add(self.columns[0])
        # Each later layer's own weights, drawn as its equation is written.
        self.maps = self._weight_maps(self.equations.get_bottom()[1] - 0.45)
        for i in range(1, len(self.columns)):
            shown = (FadeIn(self.maps[0][i - 1]), *((SnapshotFade(self.maps[1]),) if i == 1 else ()))
            self.play(Write(self.equations[i]), SnapshotFade(shapes[i]), *shown, run_time=1.0)
            # Matched by width, so the numbers keep their shape as a column becomes a shorter or taller one.
            entries = self.columns[i].get_entries()
            self.play(FadeTransform(self.columns[i - 1].get_entries().copy(), entries, stretch=False, dim_to_match=0), run_time=1.2)
            self.remove(entries, waiting[i - 1][0])
            self.add(self.columns[i])
        self.play(SnapshotFade(self.digits), SnapshotFade(self.hidden), run_time=0.6)

    def step_answer(self) -> None:
        """One composed function, and its answer boxed."""
        theme, words, prediction = self.theme, self.words, self.numbers.prediction
        nested = FormulaTex(words.nested, theme, font_size=34)
        _fit(nested, width=self.columns.get_left()[0] - 0.6 - LEFT_EDGE)
        nested.next_to(self.equations, DOWN, buff=0.8).align_to(self.equations, LEFT)
        slots = self.numbers.layers[-1].activations.slots
        best = _slot_of(slots, prediction.digit)
        label = self.digits[[s.first for s in slots if s.shown].index(prediction.digit)]
        box = SurroundingRectangle(VGroup(self.columns[-1].get_rows()[best], label), color=theme.highlight, buff=0.06)
        colour = theme.text if prediction.correct is not False else theme.negative
        verdict = VGroup(*(Text(line, color=colour, font_size=22) for line in words.prediction))
        verdict.arrange(DOWN, buff=0.15, aligned_edge=LEFT).next_to(nested, DOWN, buff=0.6).align_to(nested, LEFT)
        # The formula is written while the voice says what it is, where the weights' pictures were; the
        # answer boxed as its value is read, the verdict as it is said.
        if self.maps:
            self.play(FadeOut(self.maps), run_time=0.4)
        self.play(Write(nested), run_time=max(1.6, self.seconds_until_next_phrase(ahead=2) - 0.3))
        self.wait_for_next_phrase()
        self.wait_for_next_phrase()
        self.play(Create(box), label.animate.set_color(theme.highlight), run_time=max(0.8, 0.5 * self.seconds_until_next_phrase()))
        self.wait_for_next_phrase()
        self.play(SnapshotFade(verdict), run_time=0.8)
