"""``python -m studio beats`` and ``scene-data``, run as reviewers run them, for every registered beat."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netcore.choices import Choices
from netcore.errors import NetcoreError
from netcore.inputs import load_inputs
from netcore.paths import DEFAULT_WEIGHTS, PROJECT_ROOT
from storyboard.record import FORMAT_VERSION, to_json
from storyboard.registry import BEATS, beat_named
from test_cli import assert_one_line_error


def studio(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m studio ARGS`` in a clean environment (no NN_* choices)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")}
    return subprocess.run(
        [sys.executable, "-m", "studio", *map(str, args)], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_beats_lists_every_beat_in_the_chapters_order() -> None:
    result = studio("beats")
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == [b.name for b in BEATS]


@pytest.mark.parametrize("beat", [b.name for b in BEATS])
def test_scene_data_is_deterministic_json(beat: str, tmp_path: Path) -> None:
    first, second = studio("scene-data", beat), studio("scene-data", beat)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["format"] == FORMAT_VERSION and data["header"]["beat"] == beat
    assert data["header"]["weights_file"] == DEFAULT_WEIGHTS.name
    assert [s["name"] for s in data["steps"]] and all(s["caption"] for s in data["steps"])
    # --out writes the very same bytes.
    out = tmp_path / f"{beat}.json"
    third = studio("scene-data", beat, "--out", out)
    assert third.returncode == 0, third.stderr
    assert out.read_text() == first.stdout


def test_another_digit_gives_other_data() -> None:
    first, other = studio("scene-data", "forward"), studio("scene-data", "forward", "--digit", "1")
    assert other.returncode == 0 and json.loads(other.stdout)["header"]["sample_index"] == 1
    assert other.stdout != first.stdout


def test_unknown_beat_is_one_line() -> None:
    assert_one_line_error(studio("scene-data", "no-such-beat"), "no-such-beat", "forward")


def test_writing_scene_data_onto_a_folder_gives_one_line(tmp_path: Path) -> None:
    assert_one_line_error(studio("scene-data", "forward", "--out", tmp_path), str(tmp_path), "is a folder, not a regular file")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_json_never_holds_nan_or_infinity(bad: float) -> None:
    record = beat_named("forward").build(load_inputs(Choices()))
    record.numbers.pixels[3, 4] = bad
    with pytest.raises(NetcoreError, match=r"^scene data of forward cannot be exported as JSON: .*cannot be written as JSON$"):
        to_json(record)
