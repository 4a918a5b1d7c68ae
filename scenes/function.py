"""The network is a function: 784 numbers in, 10 out, through every parameter; then its own code.

Render with ``manim -pql scenes/function.py`` from the project root. The code
on screen is netcore's real forward pass, read by the storyboard (with its
file and line numbers); the scene only draws the text it is given.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Code,
    Create,
    FadeIn,
    MathTex,
    Rectangle,
    RoundedRectangle,
    Text,
    VGroup,
    Write,
)

from kit.base import ExplainerScene
from kit.images import value_picture
from kit.layout import BOTTOM_EDGE, LEFT_EDGE, RIGHT_EDGE, TOP_EDGE
from kit.motion import SnapshotGlide, Unveil, Veil
from kit.tex import FormulaTex
from kit.theme import FONT

__all__ = ["NetworkIsAFunction"]

MONO = FONT.replace("Sans", "Sans Mono")
CODE_DROP = 1.2  # how far below its final place the listing stays until the formulas need the room under it


class NetworkIsAFunction(ExplainerScene):
    """Digit -> f -> ten outputs; the parameter count; the forward pass's source with its loop marked."""

    beat = "network-is-a-function"
    user_digit_corner = None  # the outputs' verdict says "reads it as", and the digit is on screen

    def step_function(self) -> None:
        """The digit goes in, one box for the whole network, ten numbers come out."""
        theme, words, numbers = self.theme, self.words, self.numbers
        self.title = Text(words.title, color=theme.text, font_size=32)
        self.title.move_to([LEFT_EDGE + self.title.width / 2, TOP_EDGE - self.title.height / 2, 0])
        digit = value_picture(numbers.pixels, theme, 2.6).move_to([-5.0, 0.1, 0])
        inputs = Text(words.inputs_label, color=theme.text, font_size=22).next_to(digit, DOWN, buff=0.2)
        box = RoundedRectangle(width=3.4, height=3.0, corner_radius=0.25, stroke_color=theme.text, stroke_width=2.5).move_to([-0.9, 0.1, 0])
        f = MathTex("f", color=theme.text, font_size=96).move_to(box).shift(UP * 0.65)
        sizes = Text(words.function_label, color=theme.muted, font_size=18).next_to(f, DOWN, buff=0.15)
        rows = VGroup()
        best = numbers.prediction.digit
        for k, (label, value, a) in enumerate(zip(words.output_labels, words.output_values, numbers.outputs)):
            colour = theme.highlight if k == best else theme.text
            name = Text(label, color=colour, font_size=18)
            bar = Rectangle(width=max(1.4 * float(a), 0.02), height=0.2, stroke_width=0).set_fill(colour, opacity=0.9)
            text = Text(value, color=colour if k == best else theme.muted, font_size=16)
            row = VGroup(name, bar, text)
            name.move_to([0, 0, 0])
            bar.move_to([name.get_right()[0] + 0.15 + bar.width / 2, name.get_center()[1], 0])
            text.move_to([name.get_right()[0] + 1.8 + text.width / 2, name.get_center()[1], 0])
            rows.add(row)
        rows.arrange(DOWN, buff=0.12, aligned_edge=LEFT).move_to([4.6, 0.1, 0])
        outputs = Text(words.outputs_label, color=theme.text, font_size=22).next_to(rows, DOWN, buff=0.25)
        arrow = {"color": theme.muted, "stroke_width": 3, "buff": 0.2}
        arrows = VGroup(Arrow(digit.get_right(), box.get_left(), **arrow), Arrow(box.get_right(), rows.get_left(), **arrow))
        verdict = Text(words.verdict, color=theme.text if numbers.prediction.correct is not False else theme.negative, font_size=20)
        verdict.move_to([0, BOTTOM_EDGE + verdict.height / 2, 0])
        self.box, self.f, self.sizes = box, f, sizes
        self.diagram = VGroup(digit, inputs, box, f, sizes, rows, outputs, arrows, verdict)
        # The whole picture at once (no half waits bare), then each side flashes as it is said.
        self.play(Write(self.title), FadeIn(digit), FadeIn(inputs), run_time=1.2)
        self.play(Create(arrows[0]), Create(box), Write(f), FadeIn(sizes), run_time=0.9)
        self.play(Create(arrows[1]), FadeIn(rows, shift=0.2 * RIGHT), FadeIn(outputs), run_time=0.9)
        self.flash_when_said("go in", inputs)
        self.flash_when_said("come out", outputs)
        self.wait_until_said("answers")
        self.play(FadeIn(verdict), run_time=0.6)

    def step_parameters(self) -> None:
        """The count of everything inside the box."""
        theme, words = self.theme, self.words
        count = Text(words.parameters_label, color=theme.highlight, font_size=22).next_to(self.sizes, DOWN, buff=0.2)
        detail = Text(words.parameters_detail, color=theme.muted, font_size=16, line_spacing=0.8).next_to(count, DOWN, buff=0.1)
        self.diagram.add(count, detail)
        self.play(FadeIn(count, shift=0.1 * UP), run_time=0.8)
        self.flash_when_said("parameters", count)  # long numbers to say: each part shown as it is read
        self.wait_until_said("weights")
        self.play(FadeIn(detail), run_time=0.6)
        self.flash_when_said("biases", detail)
        self.flash_when_said("another function", self.f)  # the same box, other numbers inside

    def step_code(self) -> None:
        """The project's own forward pass, with its file and line numbers."""
        theme, code = self.theme, self.words.code
        listing = Code(
            code_string=code.text,
            language="python",
            formatter_style=theme.code_style,
            line_numbers_from=code.first_line,
            background_config={"stroke_color": theme.muted, "corner_radius": 0.1, "buff": 0.2},
            paragraph_config={"font": MONO, "font_size": 24, "line_spacing": 1.0},
        )
        # In the middle of the frame until the loop's formulas need the room under it (step_loop lifts it).
        listing.scale_to_fit_width(RIGHT_EDGE - LEFT_EDGE).move_to([0, 1.0 - CODE_DROP, 0])
        where = Text(self.words.code_title, color=theme.muted, font_size=18).next_to(listing, UP, buff=0.15).align_to(listing, LEFT)
        self.listing, self.where = listing, where
        self.play(Veil(self.diagram, theme), run_time=0.6)
        self.play(Unveil(listing, theme), Unveil(where, theme), run_time=1.2)
        self.flash_when_said("method", where)  # where the code lives, as it is said

    def step_loop(self) -> None:
        """The loop over layers boxed, and what its two computing lines say in the chapter's notation."""
        theme, words = self.theme, self.words
        code = VGroup(self.listing, self.where)
        self.play(SnapshotGlide(code, code.get_center() + CODE_DROP * UP), run_time=0.8)
        lines = VGroup(*self.listing.code_lines[1:3])  # the loop's two computing lines: z, then a
        # A tinted band behind the loop's lines (a frame would cut through the lines around it).
        box = Rectangle(width=self.listing.code_lines.width + 0.1, height=lines.height + 0.12, stroke_width=0)
        box.set_fill(theme.highlight, opacity=0.2).move_to(lines).align_to(self.listing.code_lines, LEFT).shift(LEFT * 0.05)
        z = FormulaTex(words.z_formula, theme, font_size=40)
        a = FormulaTex(words.a_formula, theme, font_size=40)
        formulas = VGroup(z, a).arrange(RIGHT, buff=1.2)
        note = Text(words.row_note, color=theme.muted, font_size=20)
        note.scale_to_fit_width(min(note.width, RIGHT_EDGE - LEFT_EDGE))
        VGroup(formulas, note).arrange(DOWN, buff=0.45).move_to([0, (self.listing.get_bottom()[1] + BOTTOM_EDGE) / 2, 0])
        # Both formulas at once into the room the listing made (the bottom half is not left bare), each
        # flashed as it is said.
        self.play(FadeIn(box), Write(z), run_time=1.2)
        self.play(Write(a), run_time=1.0)
        self.flash_when_said("weights times", z)
        self.flash_when_said("then", a)
        self.wait_until_said("In the code")
        self.play(FadeIn(note), run_time=0.8)
        self.flash_when_said("W times a", z)
        self.flash_when_said("turned on its side", self.listing.code_lines[1], scale=1.0)  # the line with a @ w.T
        self.flash_when_said("These lines", lines, scale=1.0)  # the two lines that computed every activation
