"""The opening beats' records, checked against numbers recomputed here in plain NumPy.

Nothing below calls the netcore function under test to get an expected
value: the forward pass is written out with explicit sigmoids, counts and
lists come from loops over the sample, the window from a scan of every
position, the test accuracy from the weights file's metadata read directly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from netcore.choices import Choices
from netcore.inputs import load_inputs
from netcore.paths import DEFAULT_WEIGHTS, PROJECT_ROOT, SAMPLE_FILE
from netcore.samples import DEFAULT_DIGIT
from storyboard.forward import forward_record
from storyboard.many_threes import many_threes_record
from storyboard.neuron_holds import neuron_holds_record
from storyboard.record import to_json
from storyboard.registry import BEATS
from storyboard.when_it_fails import when_it_fails_record

STUDENT_DIGIT = Path(__file__).parent / "data" / "student-seven.jpg"
OPENING = ("many-threes", "neuron-holds-a-number", "when-it-fails")


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@pytest.fixture(scope="module")
def direct() -> dict:
    """The sample, the shipped weights and every layer's activations, straight from the files."""
    with np.load(SAMPLE_FILE, allow_pickle=False) as npz:
        images, labels = npz["images"].astype(np.float64) / 255.0, npz["labels"].astype(int)
    with np.load(DEFAULT_WEIGHTS, allow_pickle=False) as npz:
        layers = [(npz[f"W{i}"], npz[f"b{i}"]) for i in (1, 2, 3)]
        metadata = json.loads(str(npz["metadata"]))
    a = images.reshape(len(images), -1)
    activations = [a]
    for w, b in layers:
        a = _sigmoid(a @ w.T + b)
        activations.append(a)
    answers = [int(np.argmax(row)) for row in activations[-1]]
    return {"images": images, "labels": labels, "activations": activations, "answers": answers, "metadata": metadata}


@pytest.fixture(scope="module")
def default_inputs():
    return load_inputs(Choices())


def test_opening_beats_come_first_in_the_original_order_and_when_it_fails_after_forward() -> None:
    names = [b.name for b in BEATS]
    assert names[:3] == ["many-threes", "neuron-holds-a-number", "forward"]  # the forward beat introduces the layers
    assert names[names.index("forward") + 1] == "when-it-fails"
    scenes = {b.name: b.scene for b in BEATS}
    assert [scenes[n] for n in OPENING] == ["ManyThrees", "NeuronHoldsANumber", "WhenItFails"]
    assert {b.name: b.digit for b in BEATS if b.name in OPENING} == {
        "many-threes": False,
        "neuron-holds-a-number": True,
        "when-it-fails": False,
    }


# --- Many 3s ---------------------------------------------------------------------------------


def test_many_threes_answers_and_counts(direct, default_inputs) -> None:
    record = many_threes_record(default_inputs)
    numbers, words = record.numbers, record.words
    threes = [i for i, label in enumerate(direct["labels"]) if label == 3]
    right = [i for i in threes if direct["answers"][i] == 3]
    assert (len(threes), len(right)) == (54, 52)  # the shipped network's figures, as the clip quotes them
    assert [d.index for d in numbers.threes] == threes  # all of them fit on screen
    assert [d.answer for d in numbers.threes] == [direct["answers"][i] for i in threes]
    assert words.answers == [str(direct["answers"][i]) for i in threes]
    assert words.count == f"{len(right)} of {len(threes)}\nread as 3"
    assert f"reads {len(right)} of the {len(threes)} as a 3" in record.step("count").caption
    for d in numbers.threes:
        np.testing.assert_array_equal(d.pixels, direct["images"][d.index])


def test_many_threes_pair_is_the_most_different_and_the_median_is_over_every_pair(direct, default_inputs) -> None:
    numbers = many_threes_record(default_inputs).numbers
    threes = [i for i, label in enumerate(direct["labels"]) if label == 3]
    ink = {i: direct["images"][i] >= 0.5 for i in threes}
    counts = {(i, j): int(np.count_nonzero(ink[i] != ink[j])) for i, j in combinations(threes, 2)}
    most = max(counts.values())
    first_pair = next(pair for pair, n in counts.items() if n == most)  # combinations run in sample order
    pair = numbers.pair
    assert (pair.first.index, pair.second.index) == first_pair
    assert pair.differ_count == most == int(pair.differ.sum())
    assert pair.both_count == int(np.count_nonzero(ink[first_pair[0]] & ink[first_pair[1]]))
    assert numbers.median_differ == float(np.median(list(counts.values())))
    assert numbers.pair_count == len(counts) == 54 * 53 // 2
    assert numbers.fewest_differ == min(counts.values())


def test_many_threes_opening_question_gives_the_real_differences(default_inputs) -> None:
    record = many_threes_record(default_inputs)
    numbers, words = record.numbers, record.words
    assert [s.name for s in record.steps] == ["threes", "differ", "rules", "count", "others"]
    assert (numbers.median_differ, numbers.pixel_count) == (111.0, 784)
    said = record.step("rules").words
    assert "111 of 784" in said and f"{numbers.fewest_differ}." in said
    assert f"in 111 of 784 pixels," in words.rules and "How would you write rules" in words.question


def test_many_threes_other_digits_and_per_label_counts(direct, default_inputs) -> None:
    record = many_threes_record(default_inputs)
    numbers, words = record.numbers, record.words
    labels, answers = direct["labels"], direct["answers"]
    for column in numbers.others:
        label = column[0].label
        assert [d.index for d in column] == [i for i in range(len(labels)) if labels[i] == label][:4]
        assert [d.answer for d in column] == [answers[d.index] for d in column]
    assert [c[0].label for c in numbers.others] == [0, 1, 2, 4, 5, 6, 7, 8, 9]
    for count in numbers.counts:
        mine = [i for i in range(len(labels)) if labels[i] == count.label]
        assert (count.total, count.right) == (len(mine), sum(answers[i] == count.label for i in mine))
    right = sum(a == label for a, label in zip(answers, labels))
    assert words.sample_count == f"{right} of {len(labels)} sample digits read right"
    assert words.other_counts[3] == f"{numbers.counts[4].right} of {numbers.counts[4].total}"  # the 4s


# --- A neuron holds a number ------------------------------------------------------------------


def test_neuron_window_is_the_square_with_the_most_mid_greys(direct, default_inputs) -> None:
    record = neuron_holds_record(default_inputs)
    numbers, words = record.numbers, record.words
    pixels = direct["images"][DEFAULT_DIGIT]
    best, best_key = None, None
    for top in range(28 - 7 + 1):
        for left in range(28 - 7 + 1):
            square = pixels[top : top + 7, left : left + 7]
            key = (int(((square > 0.1) & (square < 0.9)).sum()), float(square.sum()))
            if best_key is None or key > best_key:  # strictly better: the first in reading order wins ties
                best, best_key = (top, left), key
    window = numbers.window
    assert (window.top, window.left) == best
    np.testing.assert_array_equal(window.values, pixels[best[0] : best[0] + 7, best[1] : best[1] + 7])
    assert words.values == [[f"{v:.2f}" for v in row] for row in window.values]  # no negative values here
    assert words.window_note.startswith(f"rows {best[0]}\u2013{best[0] + 6}, columns {best[1]}\u2013{best[1] + 6} (from 0)")


def test_neuron_row_becomes_input_neurons_holding_the_pixel_values(direct, default_inputs) -> None:
    record = neuron_holds_record(default_inputs)
    numbers, words = record.numbers, record.words
    pixels, window = direct["images"][DEFAULT_DIGIT], numbers.window
    mids = [int(((row > 0.1) & (row < 0.9)).sum()) for row in window.values]
    assert numbers.row == window.top + mids.index(max(mids))
    flat = direct["activations"][0][DEFAULT_DIGIT]
    assert numbers.neurons == [numbers.row * 28 + c for c in range(window.left, window.left + 7)]
    np.testing.assert_array_equal(numbers.activations, flat[numbers.neurons])  # the input layer's activations
    distances = [abs(v - 0.5) for v in flat[numbers.neurons]]
    assert numbers.held == distances.index(min(distances))
    assert 0.0 < numbers.activations[numbers.held] < 1.0
    assert words.neuron_labels == [f"neuron {n}" for n in numbers.neurons]  # counted from 0, as in every beat
    assert words.held_value == f"{flat[numbers.neurons][numbers.held]:.2f}"
    assert f"holds {words.held_value}." in record.step("holds").caption


# --- The layers, introduced by the forward beat ---------------------------------------------------


def test_layers_activations_are_the_real_ones(direct, default_inputs) -> None:
    record = forward_record(default_inputs)
    network, words = record.numbers, record.words
    assert [layer.size for layer in network.layers] == [784, 16, 16, 10]
    for layer, expected in zip(network.layers, direct["activations"]):
        np.testing.assert_allclose(layer.activations, expected[DEFAULT_DIGIT][layer.shown], atol=1e-12)
    outputs = direct["activations"][-1][DEFAULT_DIGIT]
    assert list(record.numbers.ranking[:2]) == sorted(range(10), key=lambda k: (-outputs[k], k))[:2]
    assert words.output_values == [f"{v:.2f}" for v in outputs]
    assert words.layer_names == ["784 inputs", "16 hidden", "16 hidden", "10 outputs"]
    assert words.hidden_note == "two hidden layers of 16:\na choice the designer made"
    assert "a choice the designer made" in record.step("network").caption
    best, runner = (int(k) for k in record.numbers.ranking[:2])
    assert f"{outputs[best]:.2f} for {best}, {outputs[runner]:.2f} for {runner}." in record.step("answer").caption
    assert words.verdict == "The network answers 3: right."


def test_layers_use_the_students_digit() -> None:
    record = forward_record(load_inputs(Choices(image=STUDENT_DIGIT)))
    assert record.words.title == "Your digit"
    assert record.words.verdict.startswith("The network reads it as a")


# --- When it fails -----------------------------------------------------------------------------


def test_failures_are_every_wrong_sample_digit_in_order(direct, default_inputs) -> None:
    record = when_it_fails_record(default_inputs)
    numbers, words = record.numbers, record.words
    labels, answers, outputs = direct["labels"], direct["answers"], direct["activations"][-1]
    wrong = [i for i in range(len(labels)) if answers[i] != labels[i]]
    assert len(wrong) == 19  # the shipped network's count
    assert [f.digit.index for f in numbers.failures] == wrong  # 19 fit: none left out
    assert numbers.wrong == len(wrong) and numbers.sample_size == len(labels)
    assert list(np.flatnonzero(~numbers.right)) == wrong
    for failure, head, lines in zip(numbers.failures, words.heads, words.outputs):
        i = failure.digit.index
        order = sorted(range(10), key=lambda k: (-outputs[i][k], k))
        assert failure.top == order[:2] and failure.top[0] == answers[i] == failure.digit.answer
        np.testing.assert_allclose(failure.top_outputs, outputs[i][order[:2]], atol=1e-12)
        assert head == f"{labels[i]} \u2192 {answers[i]}"
        # Two decimals, or more where two would show the answer's output equal to the runner-up's.
        d = 2
        while f"{outputs[i][order[0]]:.{d}f}" == f"{outputs[i][order[1]]:.{d}f}":
            d += 1
        assert lines == [f"{k}: {outputs[i][k]:.{d}f}" for k in order[:2]]
    assert words.outputs[12] == ["1: 0.398", "7: 0.396"]  # the 7 read as a 1: 0.40 and 0.40 at two decimals
    assert words.title == f"The {len(wrong)} sample digits the network gets wrong"
    right = len(labels) - len(wrong)
    assert words.sample_line == f"In the sample:\n{right} of {len(labels)} right ({100 * right / len(labels):.1f}%)"


def test_test_accuracy_comes_from_the_weights_metadata(direct, default_inputs) -> None:
    record = when_it_fails_record(default_inputs)
    accuracy = direct["metadata"]["test_accuracy"]
    assert record.numbers.test_accuracy == accuracy
    assert record.words.test_line == f"On the MNIST test set:\n{100 * accuracy:.2f}% right"
    assert f"{100 * accuracy:.2f}% of the test set" in record.step("proportion").caption


def test_a_weights_file_without_test_accuracy_says_so(tmp_path: Path) -> None:
    with np.load(DEFAULT_WEIGHTS, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    metadata = json.loads(str(arrays["metadata"]))
    del metadata["test_accuracy"]
    arrays["metadata"] = np.array(json.dumps(metadata))
    path = tmp_path / "no-accuracy.npz"
    np.savez(path, **arrays)
    record = when_it_fails_record(load_inputs(Choices(weights=path)))
    assert record.numbers.test_accuracy is None
    assert record.words.test_line == "The weights file records\nno test accuracy"
    assert "test set" not in record.step("proportion").caption


# --- Sample beats and the student's digit; exports ----------------------------------------------


@pytest.mark.parametrize("build", [many_threes_record, when_it_fails_record])
def test_sample_beats_say_on_screen_they_are_not_the_students_digit(build, default_inputs) -> None:
    mine = build(load_inputs(Choices(image=STUDENT_DIGIT)))
    assert mine.words.source.endswith("Not your image.")
    assert "shipped with the project" in mine.words.source
    default = build(default_inputs)
    assert "your image" not in default.words.source.lower()
    # The same numbers either way: what these beats show does not depend on the chosen digit.
    assert json.loads(to_json(mine))["numbers"] == json.loads(to_json(default))["numbers"]


def _studio(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")}
    return subprocess.run(
        [sys.executable, "-m", "studio", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_beats_lists_the_opening_scenes() -> None:
    listed = _studio("beats")
    assert listed.returncode == 0, listed.stderr
    for name, scene in zip(OPENING, ("ManyThrees", "NeuronHoldsANumber", "WhenItFails")):
        assert any(line.split()[0] == name and line.split()[-1] == scene for line in listed.stdout.splitlines())


@pytest.mark.parametrize("beat", OPENING)
def test_export_is_byte_identical_from_run_to_run(beat: str, tmp_path: Path) -> None:
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    for out in (first, second):
        done = _studio("scene-data", beat, "--out", str(out))
        assert done.returncode == 0, done.stderr
    assert first.read_bytes() == second.read_bytes()
    record = json.loads(first.read_text())
    assert record["header"]["beat"] == beat and [s["name"] for s in record["steps"]]
