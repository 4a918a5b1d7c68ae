"""The "network is a function" beat's words and steps, with the project's own forward-pass code.

The code shown is read here, from netcore's real source, with its file and
line numbers; the scene only draws the text it is given.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from netcore.inputs import SceneInputs
from netcore.network import Network
from netcore.paths import PROJECT_ROOT
from netcore.scenedata.function import FunctionNumbers, function_numbers
from storyboard.record import Record, Step, header
from storyboard.tex import Formula, Piece, formula
from storyboard.words import FUNCTION_NAME, FUNCTION_TEX, thousands, two_decimals, verdict

__all__ = ["FunctionWords", "SourceCode", "function_record", "source_of"]


@dataclass(frozen=True)
class SourceCode:
    """The loop of a function's source as it is in its file: text (dedented), file, and line numbers.

    Only the loop is shown (not the docstring, the checks or the set-up around it), so that its
    lines are large enough to read at 480p.
    """

    name: str
    file: str  # relative to the project root
    text: str  # the function's (first) for loop, its body included
    first_line: int
    last_line: int

    @property
    def where(self) -> str:
        """"netcore/network.py, lines 123–127"."""
        return f"{self.file}, lines {self.first_line}\u2013{self.last_line}"


@dataclass(frozen=True)
class FunctionWords:
    """Every word the beat draws."""

    title: str
    inputs_label: str
    outputs_label: str
    function_label: str
    parameters_label: str
    parameters_detail: str
    output_labels: list[str]
    output_values: list[str]
    verdict: str
    code: SourceCode
    code_title: str
    z_formula: Formula
    a_formula: Formula
    row_note: str  # how the code's a @ w.T is the formula's W a


def source_of(function: Callable) -> SourceCode:
    """The loop of ``function``'s source, read from its file with ``inspect`` and found with ``ast``."""
    lines, first = inspect.getsourcelines(function)
    loop = next(node for node in ast.walk(ast.parse(textwrap.dedent("".join(lines)))) if isinstance(node, ast.For))
    text = textwrap.dedent("".join(lines[loop.lineno - 1 : loop.end_lineno])).rstrip("\n")
    file = Path(inspect.getsourcefile(function)).resolve().relative_to(PROJECT_ROOT).as_posix()
    return SourceCode(
        name=function.__qualname__,
        file=file,
        text=text,
        first_line=first + loop.lineno - 1,
        last_line=first + loop.end_lineno - 1,
    )


def _formulas(activation: str) -> tuple[Formula, Formula]:
    """What the loop's two computing lines say, in the chapter's notation."""
    squish = FUNCTION_TEX[activation] if activation == "sigmoid" else "f_l"
    z = formula(
        Piece("z^{(l)}", name="z"),
        "=",
        Piece("W_l", "weight", "w"),
        Piece("a^{(l-1)}", name="a_in"),
        "+",
        Piece("b_l", "bias", "b"),
    )
    a = formula(Piece("a^{(l)}", name="a"), "=", Piece(squish, "squish", "f"), Piece(r"\left(z^{(l)}\right)", name="z"))
    return z, a


def _code_words(name: str, file: str) -> str:
    """Where the code lives, said as a person would say it ("Network's forward method, in netcore's network module")."""
    owner, _, method = name.rpartition(".")
    package, _, module = file.removesuffix(".py").rpartition("/")
    whose = f"{owner}'s {method} method" if owner else f"the function {method}"
    return f"Here is that function, in this project's own code: {whose}, in {package or 'the'}'s {module} module."


def _steps(numbers: FunctionNumbers, answer: str, code: SourceCode, activation: str) -> tuple[Step, ...]:
    sizes = numbers.sizes
    squish = FUNCTION_NAME[activation] if activation == "sigmoid" else f"{FUNCTION_NAME[activation]} (σ for the output)"
    return (
        Step(
            "function",
            f"Step back: the whole network is one function. {sizes[0]} numbers go in, {sizes[-1]} come out. {answer}",
        ),
        Step(
            "parameters",
            f"Inside it: {thousands(numbers.parameters)} parameters, {thousands(numbers.weights)} weights and "
            f"{numbers.biases} biases. Change them and you get another function.",
        ),
        Step("code", f"Here is that function, in this project's own code: {code.name} in {code.file}.", _code_words(code.name, code.file)),
        Step(
            "loop",
            f"Its loop runs once per layer: weights times activations, plus biases, then {squish}. "
            "In the code a is a row, so W a is written a @ w.T. These lines computed every activation in this chapter.",
            f"Its loop runs once per layer: weights times activations, plus biases, then {squish}. "
            "In the code, a is a row, so W times a is written as a times W turned on its side. "
            "These lines computed every activation in this chapter.",
        ),
    )


def function_record(inputs: SceneInputs) -> Record[FunctionNumbers, FunctionWords]:
    """The beat's record for ``inputs``."""
    numbers = function_numbers(inputs)
    digit, activation = inputs.digit, inputs.network.activation
    code = source_of(Network.forward)
    answer = verdict(numbers.prediction.digit, digit.label, "As a function, it answers")
    z_formula, a_formula = _formulas(activation)
    words = FunctionWords(
        title="The network is a function",
        inputs_label=f"{numbers.sizes[0]} numbers in",
        outputs_label=f"{numbers.sizes[-1]} numbers out",
        function_label="\u2013".join(map(str, numbers.sizes)),
        parameters_label=f"{thousands(numbers.parameters)} parameters",
        parameters_detail=f"{thousands(numbers.weights)} weights\n+ {thousands(numbers.biases)} biases",
        output_labels=[str(k) for k in range(len(numbers.outputs))],
        output_values=[two_decimals(v) for v in numbers.outputs],
        verdict=answer,
        code=code,
        code_title=f"{code.name}, {code.where}",
        z_formula=z_formula,
        a_formula=a_formula,
        row_note="In the code, a is a row: a @ w.T, a times W turned on its side, is W a written as a row.",
    )
    return Record(header("network-is-a-function", inputs), _steps(numbers, answer, code, activation), numbers, words)
