"""Every scene's data for a few inputs, compared with checked-in snapshots.

Numbers are compared with ``ndarrays_regression`` at an absolute tolerance of
2e-6 (records round to 6 decimals; screens show 2); text, indices and choices with
``data_regression``, exactly. A failure names the scene and input in the
test id, and the number's path (e.g. ``layers.2.activations``) and index.

Regenerate on purpose, after checking the change is wanted:
``pytest tests/test_snapshots.py --force-regen``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from netcore.choices import Choices
from netcore.inputs import load_inputs
from netcore.network import load_network
from netcore.paths import DEFAULT_WEIGHTS
from netcore.samples import DEFAULT_DIGIT, load_sample, make_sample
from storyboard.record import plain
from storyboard.registry import BEATS, beat_named

# Records round to 6 decimals; a last-bit difference between CPU code paths (another BLAS kernel,
# OpenCV's SIMD) can flip that rounding by one unit, 1e-6 give or take a float's error. Twice that
# still catches any change a viewer could see (screens show 2 decimals).
TOLERANCE = {"atol": 2e-6, "rtol": 0.0}

# A digit of the sample the shipped network gets wrong: scenes must say so.
WRONG_DIGIT = 16
# A student's photo-like digit (see test_frames.py), to snapshot the image path too.
STUDENT_DIGIT = Path(__file__).parent / "data" / "student-seven.jpg"
INPUT_CASES = {
    "default": Choices(),
    "label7": Choices(label=7),
    "wrong": Choices(digit=WRONG_DIGIT),
    "image": Choices(image=STUDENT_DIGIT),
}


def _leaves(value: Any) -> list[Any]:
    return [x for v in value for x in _leaves(v)] if isinstance(value, list) else [value]


def _is_numeric(value: Any) -> bool:
    """A float, or a (nested) list of numbers holding at least one float; ``None`` (a number not shown) counts as NaN."""
    leaves = _leaves(value)
    numbers = all(x is None or (isinstance(x, (int, float)) and not isinstance(x, bool)) for x in leaves)
    return numbers and any(isinstance(x, float) for x in leaves)


def split_record(record: Any) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Split a record into its numbers (path -> float array) and everything else."""
    numbers: dict[str, np.ndarray] = {}

    def walk(value: Any, path: str) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, f"{path}.{k}" if path else k) for k, v in value.items() if not _moved(v, f"{path}.{k}" if path else k)}
        if isinstance(value, list):
            return [walk(v, f"{path}.{i}") for i, v in enumerate(value)]
        return value

    def _moved(value: Any, path: str) -> bool:
        if _is_numeric(value):
            numbers[path] = np.atleast_1d(np.array(value, dtype=np.float64))
            return True
        return False

    rest = walk(plain(record), "")
    return numbers, rest


def check_snapshot(record: Any, name: str, data_regression: Any, ndarrays_regression: Any) -> None:
    numbers, rest = split_record(record)
    # Run both checks before failing, so that one --force-regen run writes both files.
    failures = []
    for check in (
        lambda: ndarrays_regression.check(numbers, basename=f"{name}-numbers", default_tolerance=TOLERANCE),
        lambda: data_regression.check(rest, basename=f"{name}-text"),
    ):
        try:
            check()
        except (AssertionError, pytest.fail.Exception) as failure:
            failures.append(str(failure))
    if failures:
        raise AssertionError(f"scene data of {name} changed:\n" + "\n".join(failures))


# A beat that shows the same whatever the digit needs one snapshot, not four copies.
SNAPSHOT_CASES = [(b.name, case) for b in BEATS for case in (INPUT_CASES if b.digit else ["default"])]


@pytest.mark.parametrize(("beat", "case"), SNAPSHOT_CASES, ids=[f"{b}-{c}" for b, c in SNAPSHOT_CASES])
def test_scene_data_matches_snapshot(beat: str, case: str, data_regression: Any, ndarrays_regression: Any) -> None:
    record = beat_named(beat).build(load_inputs(INPUT_CASES[case]))
    check_snapshot(record, f"{beat}-{case}", data_regression, ndarrays_regression)


def test_wrong_digit_is_still_wrong() -> None:
    """The 'wrong' case is only worth its snapshot if the network really errs on it."""
    sample = load_sample()
    net = load_network(DEFAULT_WEIGHTS)
    assert net.forward(sample.images[WRONG_DIGIT].reshape(-1) / 255.0).prediction != sample.labels[WRONG_DIGIT]


@pytest.fixture
def not_regenerating(request: pytest.FixtureRequest) -> None:
    if request.config.getoption("force_regen"):
        pytest.skip("snapshots are being regenerated")


@pytest.mark.usefixtures("not_regenerating")
def test_a_weight_changed_by_0_01_fails_the_snapshot(tmp_path: Path, data_regression: Any, ndarrays_regression: Any) -> None:
    net = load_network(DEFAULT_WEIGHTS)
    net.weights[1][0, 0] += 0.01  # W2: hidden 1 neuron 0 -> hidden 2 neuron 0
    mutated = tmp_path / "mutated.npz"
    net.save(mutated)
    record = beat_named("forward").build(load_inputs(Choices(weights=mutated)))
    with pytest.raises(AssertionError) as failure:
        check_snapshot(record, "forward-default", data_regression, ndarrays_regression)
    assert "numbers.edges.1.weights" in str(failure.value)


@pytest.mark.usefixtures("not_regenerating")
def test_one_pixel_changed_fails_the_snapshot(tmp_path: Path, data_regression: Any, ndarrays_regression: Any) -> None:
    sample = load_sample()
    images = sample.images.copy()
    images[DEFAULT_DIGIT, 14, 14] = 255 - images[DEFAULT_DIGIT, 14, 14]
    labels = np.zeros(10000, dtype=np.uint8)
    labels[9500:] = sample.labels
    full = np.zeros((10000, 28, 28), dtype=np.uint8)
    full[9500:] = images
    mutated = make_sample(full, labels, tmp_path / "sample.npz")
    record = beat_named("forward").build(load_inputs(Choices(), sample=mutated))
    with pytest.raises(AssertionError) as failure:
        check_snapshot(record, "forward-default", data_regression, ndarrays_regression)
    assert "numbers.pixels" in str(failure.value)

