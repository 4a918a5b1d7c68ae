"""The opening beats' records compared with checked-in snapshots (tests/test_opening_snapshots/).

Numbers (every float, at 1e-6: screens show two decimals) go to
``ndarrays_regression``; words, steps, indices and counts to
``data_regression``, exactly. Regenerate on purpose, after checking the
change is wanted: ``pytest tests/test_opening_snapshots.py --force-regen``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from netcore.choices import Choices
from netcore.inputs import load_inputs
from storyboard.record import plain
from storyboard.registry import beat_named

TOLERANCE = {"atol": 1e-6, "rtol": 0.0}
STUDENT_DIGIT = Path(__file__).parent / "data" / "student-seven.jpg"
CASES = [
    ("many-threes", "default"),
    ("neuron-holds-a-number", "default"),
    ("neuron-holds-a-number", "image"),
    ("layers", "default"),
    ("layers", "image"),
    ("when-it-fails", "default"),
]
INPUTS = {"default": Choices(), "image": Choices(image=STUDENT_DIGIT)}


def _floats(value: Any) -> bool:
    """A float, or a nested list of numbers with at least one float (bools are not numbers here)."""
    leaves = [value]
    while any(isinstance(x, list) for x in leaves):
        leaves = [y for x in leaves for y in (x if isinstance(x, list) else [x])]
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in leaves)
    return numbers and any(isinstance(x, float) for x in leaves)


def split(record: Any) -> tuple[dict[str, np.ndarray], Any]:
    """The record's floats by path (``numbers.pair.first.pixels``) and everything else."""
    numbers: dict[str, np.ndarray] = {}

    def walk(value: Any, path: str) -> Any:
        if isinstance(value, dict):
            kept = {}
            for key, item in value.items():
                where = f"{path}.{key}" if path else key
                if _floats(item):
                    numbers[where] = np.atleast_1d(np.array(item, dtype=np.float64))
                else:
                    kept[key] = walk(item, where)
            return kept
        if isinstance(value, list):
            return [walk(item, f"{path}.{i}") for i, item in enumerate(value)]
        return value

    return numbers, walk(plain(record), "")


@pytest.mark.parametrize(("beat", "case"), CASES, ids=[f"{b}-{c}" for b, c in CASES])
def test_record_matches_snapshot(beat: str, case: str, data_regression: Any, ndarrays_regression: Any) -> None:
    numbers, rest = split(beat_named(beat).build(load_inputs(INPUTS[case])))
    failures = []
    # Both checks run before failing, so one --force-regen run writes both files.
    for check in (
        lambda: ndarrays_regression.check(numbers, basename=f"{beat}-{case}-numbers", default_tolerance=TOLERANCE),
        lambda: data_regression.check(rest, basename=f"{beat}-{case}-text"),
    ):
        try:
            check()
        except (AssertionError, pytest.fail.Exception) as failure:
            failures.append(str(failure))
    if failures:
        raise AssertionError(f"the record of {beat} ({case}) changed:\n" + "\n".join(failures))
