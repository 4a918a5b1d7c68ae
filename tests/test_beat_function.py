"""The network is a function: counts from the arrays, outputs recomputed, the code shown is the real source."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import numpy as np
import pytest

from netcore.choices import Choices
from netcore.inputs import load_inputs
from netcore.network import Network
from netcore.paths import DEFAULT_WEIGHTS, PROJECT_ROOT, SAMPLE_FILE
from netcore.samples import DEFAULT_DIGIT
from storyboard.function import function_record


@pytest.fixture(scope="module")
def record():
    return function_record(load_inputs(Choices()))


def test_parameter_count_from_the_weights_file(record) -> None:
    with np.load(DEFAULT_WEIGHTS, allow_pickle=False) as npz:
        weights = sum(npz[f"W{i}"].size for i in (1, 2, 3))
        biases = sum(npz[f"b{i}"].size for i in (1, 2, 3))
    assert (record.numbers.weights, record.numbers.biases, record.numbers.parameters) == (weights, biases, 13002)
    assert record.words.parameters_label == "13,002 parameters"
    assert "12,960 weights" in record.step("parameters").caption and "42 biases" in record.step("parameters").caption


def test_outputs_are_a_forward_pass_written_out(record) -> None:
    with np.load(DEFAULT_WEIGHTS, allow_pickle=False) as w, np.load(SAMPLE_FILE, allow_pickle=False) as s:
        a = s["images"][DEFAULT_DIGIT].reshape(-1) / 255.0
        for i in (1, 2, 3):
            a = 1.0 / (1.0 + np.exp(-(w[f"W{i}"] @ a + w[f"b{i}"])))
    np.testing.assert_allclose(record.numbers.outputs, a, atol=1e-12)
    assert record.numbers.prediction.digit == int(np.argmax(a)) == 3
    assert record.words.output_values == [f"{v:.2f}" for v in a]


def test_the_code_is_the_real_loop_with_its_line_numbers(record) -> None:
    code = record.words.code
    lines = (PROJECT_ROOT / code.file).read_text().splitlines()
    shown = lines[code.first_line - 1 : code.last_line]
    assert code.text == textwrap.dedent("\n".join(shown)) and code.name == "Network.forward"
    # The shown lines are the forward method's for statement and its whole body, nothing else.
    network = next(n for n in ast.parse("\n".join(lines)).body if isinstance(n, ast.ClassDef) and n.name == "Network")
    method = next(n for n in network.body if isinstance(n, ast.FunctionDef) and n.name == "forward")
    loop = next(node for node in method.body if isinstance(node, ast.For))
    assert (code.first_line, code.last_line) == (loop.lineno, loop.end_lineno)
    assert "a @ w.T" in code.text and len(shown) <= 6
    assert code.where == f"netcore/network.py, lines {code.first_line}\u2013{code.last_line}"


def test_other_sizes_are_counted_too(tmp_path: Path) -> None:
    path = tmp_path / "small.npz"
    Network.random([784, 10], seed=1).save(path)
    record = function_record(load_inputs(Choices(weights=path)))
    assert record.numbers.parameters == 7850 and record.words.parameters_label == "7,850 parameters"
    assert record.words.function_label == "784\u201310"
