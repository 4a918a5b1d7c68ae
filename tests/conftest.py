"""Shared test set-up: scenes importable, frame tests that really run, pinned inputs."""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from manim.utils.testing import frames_comparison

import netcore.choices
from netcore.mnist import SHARED_DIR
from storyboard.registry import Beat

from browser import console_errors  # tests/browser.py

ROOT = Path(__file__).resolve().parents[1]
# Manim runs scene files with their folder on sys.path; do the same so tests import them.
sys.path.insert(0, str(ROOT / "scenes"))

# Manim skips Cairo frame tests below Cairo 1.18, but Debian 12 ships 1.16.
# Our control frames are made with Debian 12's Cairo, so the comparison is exact there.
frames_comparison.MIN_CAIRO_VERSION = 0


def pytest_addoption(parser: pytest.Parser) -> None:
    """The options Manim's ``frames_comparison`` helper reads."""
    parser.addoption("--set_test", action="store_true", help="write control frames instead of comparing with them")
    parser.addoption("--show_diff", action="store_true", help="show the difference of a failing frame in a window")


@pytest.fixture(autouse=True)
def pinned_choices(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests see the defaults, whatever NN_* variables or manim.cfg the developer has set, but silent:
    what a scene draws does not depend on its voice, so only the voice's own tests (test_voice*.py)
    spend time on speech, and they choose it themselves."""
    for name in [n for n in os.environ if n.startswith("NN_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("NN_VOICE", "none")
    empty = tmp_path_factory.mktemp("cfg") / "manim.cfg"
    empty.write_text("")
    monkeypatch.setattr(netcore.choices, "CONFIG_FILE", empty)


@pytest.fixture(autouse=True)
def a_blank_page_after_each_browser_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test's page left open keeps loading (a slide's video) after the test's server has stopped, and the
    errors it then logs counted for the next test on the same browser: each test using one ends on a blank
    page, with what the page it left logged read and dropped."""
    yield
    if "browser" in request.fixturenames:
        driver = request.getfixturevalue("browser")
        driver.get("about:blank")
        console_errors(driver)


@pytest.fixture
def shared_mnist() -> Path:
    """The shared MNIST folder, or skip the test with the reason."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"needs the shared MNIST data in {SHARED_DIR}, which is absent")
    return SHARED_DIR


def scene_class(beat: Beat) -> type:
    """The Manim scene class that draws ``beat``, imported as Manim would (its file's folder on sys.path)."""
    return getattr(importlib.import_module(beat.module), beat.scene)


def snake_case(name: str) -> str:
    """``ForwardPass`` -> ``forward_pass``: how control frames are named after their scene."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def bias_teaching_neuron(a, weights, biases) -> tuple[int, bool]:
    """The neuron the neuron beats follow by default, found by an explicit scan (sigmoid networks).

    Among neurons whose activation the bias changes by at least 0.05 and whose slope σ' there is at
    least a fifth of the steepest (1/4), the largest change; else the largest change of all. Ties go to
    the lowest index. Returns the neuron and whether it is of the first kind.
    """
    import math

    def sigmoid(z: float) -> float:
        return 1.0 / (1.0 + math.exp(-z))

    best, best_key = 0, None
    for j, (row, bias) in enumerate(zip(weights, biases)):
        wa = sum(float(w) * float(x) for w, x in zip(row, a))
        before, after = sigmoid(wa), sigmoid(wa + float(bias))
        change = abs(after - before)
        teaches = change >= 0.05 and after * (1.0 - after) >= 0.2 * 0.25
        key = (teaches, change)
        if best_key is None or key > best_key:
            best, best_key = j, key
    return best, best_key[0]
