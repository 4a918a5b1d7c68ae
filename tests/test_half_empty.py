"""bench/half_empty.py finds half-empty screens: checked on drawn frames, on the control frames, and on the
pictures every beat holds while its voice speaks (built in-process, no video rendered)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from manim import tempconfig

import kit.base
from conftest import scene_class
from storyboard.registry import BEATS

_SPEC = importlib.util.spec_from_file_location("half_empty", Path(__file__).resolve().parents[1] / "bench" / "half_empty.py")
half_empty = sys.modules.setdefault("half_empty", importlib.util.module_from_spec(_SPEC))  # a script, not a package
_SPEC.loader.exec_module(half_empty)

BLACK = (0, 0, 0)


def _frame(*boxes: tuple[int, int, int, int]) -> np.ndarray:
    """A 480p black frame with white boxes (top, bottom, left, right in pixels)."""
    frame = np.zeros((480, 854, 3), np.uint8)
    for top, bottom, left, right in boxes:
        frame[top:bottom, left:right] = 255
    return frame


def test_a_picture_on_the_left_leaves_the_right_half_empty() -> None:
    shares = half_empty.drawn_shares(_frame((40, 440, 40, 400)), BLACK)
    assert shares["right"] == 0 and shares["left"] > 0.7 and shares["top"] > 0.25 and shares["bottom"] > 0.25


def test_a_note_in_a_corner_is_almost_empty_and_a_row_across_is_not() -> None:
    note = half_empty.drawn_shares(_frame((40, 440, 40, 400), (40, 100, 600, 800)), BLACK)
    row = half_empty.drawn_shares(_frame((40, 440, 40, 400), (200, 300, 440, 840)), BLACK)
    assert note["right"] < half_empty.EMPTY_SHARE <= row["right"]


def test_only_runs_longer_than_the_limit_are_reported_and_a_blank_frame_ends_one() -> None:
    left_only = {"left": 0.8, "right": 0.0, "top": 0.4, "bottom": 0.4}
    full = {"left": 0.8, "right": 0.8, "top": 0.8, "bottom": 0.8}
    blank = dict.fromkeys(half_empty.HALVES, 0.0)
    samples = [(t / 2, left_only) for t in range(8)] + [(4.0, full)]  # right empty for 4 s
    assert [(r.half, r.start, r.end) for r in half_empty.empty_runs(samples, 0.5, 3.0)] == [("right", 0.0, 4.0)]
    samples = [(t / 2, left_only) for t in range(4)] + [(2.0, blank)] + [(2.5 + t / 2, left_only) for t in range(4)]
    assert half_empty.empty_runs(samples, 0.5, 3.0) == []  # two runs of 2 s around the fade between beats


def _plot(frame: np.ndarray, top: int, bottom: int, left: int, right: int) -> np.ndarray:
    """Thin axes (2 px) with a rising curve touching them, as a plot of σ draws them."""
    frame[bottom - 2 : bottom, left:right] = 255
    frame[top:bottom, (left + right) // 2 : (left + right) // 2 + 2] = 255
    for x in range(left, right):
        y = int(bottom - (bottom - top) / (1 + np.exp(-(x - (left + right) / 2) / 20)))
        frame[max(y - 1, top) : y + 1, x] = 255
    return frame


def test_a_thin_lined_plot_across_a_half_uses_it_but_one_in_a_corner_does_not() -> None:
    across = _plot(_frame((40, 440, 40, 400)), 200, 420, 460, 830)
    corner = _plot(_frame((40, 440, 40, 400)), 380, 440, 740, 840)
    assert half_empty.drawn_shares(across, BLACK)["right"] >= half_empty.EMPTY_SHARE  # the plot's rectangle
    assert half_empty._used(across[:, 427:].max(axis=2) > 0) < half_empty.EMPTY_SHARE  # its strokes alone would not be
    assert half_empty.drawn_shares(corner, BLACK)["right"] < half_empty.EMPTY_SHARE


def test_text_and_a_sliver_over_the_middle_count_as_before() -> None:
    drawn = np.zeros((240, 854), bool)
    for x in range(40, 800, 14):  # a line of glyphs, each 10 x 12 px
        drawn[100:112, x : x + 10] = True
    drawn[0:6, 40:400] = True  # the bottom edge of a boxed block above, reaching 6 px over the middle
    assert (half_empty.figures(drawn) == drawn).all()


def test_the_backgrounds_are_the_themes() -> None:
    from kit.theme import THEMES

    assert half_empty.BACKGROUNDS == {"dark": (0, 0, 0), "light": (255, 255, 255)} and set(half_empty.BACKGROUNDS) == set(THEMES)


CONTROL_FRAMES = sorted((Path(__file__).parent / "control_data" / "scenes").glob("*.npz"))


@pytest.mark.parametrize("control", CONTROL_FRAMES, ids=lambda p: p.stem)
def test_no_control_frame_leaves_a_half_empty(control: Path) -> None:
    """A beat's last picture is held while its last words are said: every half of it is in use (or all is blank)."""
    with np.load(control) as data:
        frame = data[data.files[0]][-1][..., :3]
    shares = half_empty.drawn_shares(frame, half_empty.BACKGROUNDS["light" if "light" in control.stem else "dark"])
    assert not any(shares.values()) or min(shares.values()) >= half_empty.EMPTY_SHARE, shares


# Where a narrated scene holds its picture while the voice speaks on: until a phrase, until some words, and at
# the end of each step until its words are said. Silent (as the suite runs), these hold for nothing, but they are
# still called, so the picture at each is checked; long holds on a bare half were what the narrated beats showed.
HOLDS = ("wait_for_next_phrase", "wait_until_said", "_end")


@pytest.mark.render
@pytest.mark.parametrize("beat", BEATS, ids=lambda b: b.name)
def test_no_beat_holds_a_picture_with_a_half_empty(beat, monkeypatch: pytest.MonkeyPatch) -> None:
    held: list[str] = []

    def checking(name: str):
        original = getattr(kit.base.ExplainerScene, name)

        def hold(scene: kit.base.ExplainerScene, *args, **kwargs):
            if scene._open_step is not None:  # _end also runs before the first step, with nothing on screen
                scene.renderer.update_frame(scene, ignore_skipping=True)
                shares = half_empty.drawn_shares(scene.renderer.get_frame()[..., :3], BLACK)
                if min(shares.values()) < half_empty.EMPTY_SHARE:
                    held.append(f"{scene._open_step[1].name} ({name}): {shares}")
            return original(scene, *args, **kwargs)

        return hold

    for name in HOLDS:
        monkeypatch.setattr(kit.base.ExplainerScene, name, checking(name))
    with tempconfig({"dry_run": True, "disable_caching": True, "quality": "low_quality", "verbosity": "ERROR", "progress_bar": "none"}):
        scene_class(beat)(skip_animations=True).render()
    assert not held, "\n".join(held)
