"""The heart of the chapter's four beats: deterministic export and snapshots of their records.

Numbers are compared with ``ndarrays_regression`` (absolute tolerance 1e-6),
words, steps and the header exactly with ``data_regression``. Regenerate on
purpose with ``pytest tests/test_beats_heart.py --force-regen``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from netcore.choices import Choices
from netcore.inputs import load_inputs
from storyboard.record import plain
from storyboard.registry import BEATS, beat_named
from studio.cli import main as studio_main

HEART = ("the-hope", "what-it-learned", "network-is-a-function", "learning-glimpse")
TOLERANCE = {"atol": 1e-6, "rtol": 0.0}


def _is_numbers(value: Any) -> bool:
    """A list (of lists) holding only numbers or booleans."""
    if not isinstance(value, list) or not value:
        return False
    return all(_is_numbers(v) if isinstance(v, list) else isinstance(v, (int, float)) for v in value)


def split(value: Any, path: str = "") -> tuple[dict[str, np.ndarray], Any]:
    """A plain record's arrays of numbers (by path, e.g. ``numbers.weights``) and everything else."""
    if _is_numbers(value):
        return {path: np.array(value, dtype=np.float32)}, None  # float32: far finer than the tolerance, half the file
    arrays: dict[str, np.ndarray] = {}
    if isinstance(value, dict):
        rest = {}
        for key, item in value.items():
            found, kept = split(item, f"{path}.{key}" if path else key)
            arrays.update(found)
            if kept is not None:
                rest[key] = kept
        return arrays, rest
    if isinstance(value, list):
        rest_list = []
        for i, item in enumerate(value):
            found, kept = split(item, f"{path}.{i}")
            arrays.update(found)
            rest_list.append(kept)
        return arrays, rest_list
    return arrays, value


def test_the_heart_follows_forward_in_the_registry() -> None:
    names = [b.name for b in BEATS]
    assert names[names.index("forward") + 1 :][: len(HEART)] == list(HEART)


@pytest.mark.parametrize("beat", HEART)
def test_export_is_byte_identical(beat: str, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert studio_main(["scene-data", beat, "--out", str(first)]) == 0
    assert studio_main(["scene-data", beat, "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("beat", HEART)
def test_record_matches_snapshot(beat: str, data_regression: Any, ndarrays_regression: Any) -> None:
    record = plain(beat_named(beat).build(load_inputs(Choices())))
    arrays, rest = split(record)
    failures = []
    # Both checks run before failing, so one --force-regen run writes both files.
    for check in (
        lambda: ndarrays_regression.check(arrays, basename=f"{beat}-numbers", default_tolerance=TOLERANCE),
        lambda: data_regression.check(rest, basename=f"{beat}-text"),
    ):
        try:
            check()
        except (AssertionError, pytest.fail.Exception) as failure:
            failures.append(str(failure))
    if failures:
        raise AssertionError(f"record of {beat} changed:\n" + "\n".join(failures))
